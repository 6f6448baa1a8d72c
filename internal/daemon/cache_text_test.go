package daemon

import (
	"encoding/json"
	"testing"
)

// TestTextRoundTrips: an object's bytes in sync.json come back as they
// were, through the fast decoder and the standard one alike.
func TestTextRoundTrips(t *testing.T) {
	for _, in := range []string{
		"",
		"BEGIN:VCALENDAR\r\nSUMMARY:Coffee with \"Ana\" \\ <Bain> & co\r\n\tfolded\r\nEND:VCALENDAR\r\n",
		"control \x00\x01\x1f and \u2028\u2029 and é ✓ 😀 and bad \xff utf-8",
	} {
		b, err := json.Marshal(objState{ETag: "e", Data: text(in)})
		if err != nil {
			t.Fatal(err)
		}
		var got objState
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		var want struct{ Data string }
		json.Unmarshal(b, &want) // what encoding/json makes of the same JSON
		if string(got.Data) != want.Data {
			t.Errorf("%q: decoded %q, encoding/json says %q", in, got.Data, want.Data)
		}
	}
	// Escapes encoding/json never writes, from a hand-edited file.
	var got objState
	if err := json.Unmarshal([]byte(`{"data":"a\/b \ud83d\ude00 \u00e9 \b\f"}`), &got); err != nil || string(got.Data) != "a/b 😀 é \b\f" {
		t.Errorf("hand-written escapes decoded to %q, %v", got.Data, err)
	}
	if err := json.Unmarshal([]byte(`{"data":"cut \u12"}`), &got); err == nil {
		t.Errorf("a cut \\u escape decoded to %q without an error", got.Data)
	}
}
