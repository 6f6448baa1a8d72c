package entry

import (
	"testing"
	"time"
)

// Text that Encode cannot write as it is (control characters, bytes that
// are not UTF-8, a lone CR) reads back with the hash it was written with:
// the entry is not taken for one the user edited.
func TestHashIsOfTheTextWritten(t *testing.T) {
	st := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	for _, s := range []string{"a\x01b", "a\xffb", "a\rb", "a\r\nb", "a\x00", "a\x7fb", "a\u0085b", "tab\there", "trail\n\n"} {
		e := Entry{Kind: KindPrep, SourceUID: "u", Summary: "S " + s, Description: "D " + s, Location: "L " + s, Start: st, End: st.Add(time.Hour)}
		e.UID = UID(e.Kind, e.SourceUID, "")
		o, err := Decode(Encode(e, EncodeOptions{Stamp: st}))
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if o.Edited() || o.StoredHash != e.Hash() {
			t.Errorf("%q: reads back as edited (%q, %q, %q): stored %s, read %s, planned %s", s, o.Summary, o.Description, o.Location, o.StoredHash, o.ContentHash, e.Hash())
		}
	}
}
