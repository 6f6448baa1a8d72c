package people

import (
	"bytes"
	"testing"
)

// FuzzDecodeLedger reads any bytes as people.json: no panic, and a ledger
// that decodes is written and read back to the same bytes.
func FuzzDecodeLedger(f *testing.F) {
	f.Add([]byte(`{"version":1,"people":[{"key":"a@b.c","meetings":[{"start":"2026-11-30T14:00:00Z"}]}],"events":[]}`))
	f.Add([]byte(`{"version":1,"people":null,"events":[{"occ":"x","start":"2026-11-30T14:00:00Z","host":"h"}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Decode(data)
		if err != nil {
			return
		}
		once, err := Encode(l)
		if err != nil {
			return // a time json cannot write (a year past 9999)
		}
		l2, err := Decode(once)
		if err != nil {
			t.Fatalf("what Encode wrote does not decode: %v\n%s", err, once)
		}
		twice, err := Encode(l2)
		if err != nil || !bytes.Equal(once, twice) {
			t.Fatalf("the ledger changed on the way back (%v):\n%s\n%s", err, once, twice)
		}
	})
}
