//go:build race

package caldav

// raceOn: the race detector is on, and makes the old decoder, which reads
// byte by byte, ten times slower (TestLargeAnswersAgree).
const raceOn = true
