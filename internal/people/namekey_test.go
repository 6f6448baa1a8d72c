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
