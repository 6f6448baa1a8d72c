package milestone

import (
	"bytes"
	"testing"
)

// FuzzDecodeRecord reads any bytes as plan.json: no panic, and a record
// that decodes is written and read back to the same bytes.
func FuzzDecodeRecord(f *testing.F) {
	f.Add([]byte(`{"version":1,"occurrences":{"a":{"start":"2026-11-30T14:00:00Z"}}}`))
	f.Add([]byte(`{"version":1,"occurrences":null}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data)
		if err != nil {
			return
		}
		once, err := Encode(r)
		if err != nil {
			return // a time json cannot write (a year past 9999)
		}
		r2, err := Decode(once)
		if err != nil {
			t.Fatalf("what Encode wrote does not decode: %v\n%s", err, once)
		}
		twice, err := Encode(r2)
		if err != nil || !bytes.Equal(once, twice) {
			t.Fatalf("the record changed on the way back (%v):\n%s\n%s", err, once, twice)
		}
	})
}
