package people

import (
	"fmt"
	"testing"
)

// A ledger learned before text was composed (NFC) keyed a name written
// with decomposed accents as it folded then ("name:jose\u0301 mun\u0303oz");
// read now, that person is the one NameKey names today, not a second one
// whose history starts again.
func TestDecodeRekeysNamesFoldedBefore(t *testing.T) {
	old := "name:jose\u0301 mun\u0303oz" // the old Fold kept the combining marks
	data := fmt.Sprintf(`{"version":%d,"people":[{"key":%q,"name":"Jose\u0301 Mun\u0303oz","meetings":[{"occ":"a","start":"2026-01-05T10:00:00Z"}]},{"key":"name:jose munoz","name":"José Muñoz","meetings":[{"occ":"b","start":"2026-02-05T10:00:00Z"}]}],"events":[]}`, Version, old)
	l, err := Decode([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := NameKey("Jose\u0301 Mun\u0303oz")
	if want != "name:jose munoz" {
		t.Fatalf("NameKey = %q", want)
	}
	p, ok := l.People[want]
	if len(l.People) != 1 || !ok || len(p.Meetings) != 2 {
		t.Errorf("people %v; want one, %q, with both meetings", l.People, want)
	}
}

// A host learned from a decomposed address or domain is the host the
// reader names now (composed), so its events count as one host's.
func TestDecodeComposesHosts(t *testing.T) {
	data := fmt.Sprintf(`{"version":%d,"people":[],"events":[{"occ":"a","start":"2026-01-05T10:00:00Z","host":"jose\u0301@gmail.example"},{"occ":"b","start":"2026-01-06T10:00:00Z","host":"bu\u0308cher.example"},{"occ":"c","start":"2026-01-07T10:00:00Z","host":"Cafe\u0301 Club"}]}`, Version)
	l, err := Decode([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	for occ, want := range map[string]string{"a": "jos\u00e9@gmail.example", "b": "b\u00fccher.example", "c": "Cafe\u0301 Club"} {
		if got := l.Events[occ].Host; got != want {
			t.Errorf("event %s: host %q; want %q", occ, got, want)
		}
	}
}
