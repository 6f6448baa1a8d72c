//go:build !race

package caldav

const raceOn = false
