//go:build race

package hostile

// The race detector multiplies a Go program's memory by 5 to 10.
const (
	raceFactor = 8
	raceNote   = "; built with -race, whose memory is up to 8x, so the bounds are 8x too"
)
