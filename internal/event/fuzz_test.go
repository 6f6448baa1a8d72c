package event

import (
	"strings"
	"testing"
	"time"
)

// FuzzExpand feeds Expand mutated calendars: it must not panic (Expand turns
// a panic into an "internal error" Problem, which fails here), must keep
// every occurrence well formed, and must finish in a moment.
//
//	go test -fuzz FuzzExpand -fuzztime 60s ./internal/event
func FuzzExpand(f *testing.F) {
	addSeedFiles(f)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		from, to := oracleWindow(data)
		begin := time.Now()
		occs, probs := Expand(Source{Href: "/fuzz.ics", Data: data}, from, to, berlin)
		if d := time.Since(begin); d > 2*time.Second {
			t.Errorf("Expand took %v", d)
		}
		for _, p := range probs {
			if strings.Contains(p.Error(), "internal error") {
				t.Errorf("Expand panicked: %v", p)
			}
		}
		for _, o := range occs {
			if o.End.Before(o.Start) || o.UID == "" || o.Start.Location() != berlin {
				t.Errorf("malformed occurrence %+v", o)
			}
			if !overlaps(o.Start, o.End, from, to) {
				t.Errorf("occurrence %s %v..%v outside the window %v..%v", o.UID, o.Start, o.End, from, to)
			}
		}
	})
}
