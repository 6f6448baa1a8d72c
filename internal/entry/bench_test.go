package entry

import "testing"

func BenchmarkEncode(b *testing.B) {
	e := sampleEntry()
	opts := EncodeOptions{Private: true, Stamp: at(1, 0, 0)}
	b.ReportAllocs()
	for b.Loop() {
		Encode(e, opts)
	}
}
