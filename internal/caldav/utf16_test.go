package caldav

import (
	"context"
	"encoding/binary"
	"net/http"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestBodyInUTF16: an answer in UTF-16 with a byte order mark (either
// order), or in UTF-8 with one, is read as the same answer in plain UTF-8,
// characters outside the BMP included.
func TestBodyInUTF16(t *testing.T) {
	plain := multistatusXML(objectXML("/cal/a.ics", "1", tinyCal),
		objectXML("/cal/b.ics", "2", eventWith("b", "DESCRIPTION:caf\u00e9 \U0001F600\r\n")))
	encode := func(order binary.AppendByteOrder, bom []byte) string {
		out := append([]byte{}, bom...)
		for _, u := range utf16.Encode([]rune(plain)) {
			out = order.AppendUint16(out, u)
		}
		return string(out)
	}
	for _, tc := range []struct{ name, body string }{
		{"UTF-16LE", encode(binary.LittleEndian, []byte{0xFF, 0xFE})},
		{"UTF-16BE", encode(binary.BigEndian, []byte{0xFE, 0xFF})},
		{"UTF-8 with a BOM", "\uFEFF" + plain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) { write207(w, tc.body) })
			c, _ := fakeClient(t, f.URL)
			objs, skipped, err := c.FetchAll(context.Background(), "/cal/")
			if err != nil || len(objs) != 2 || len(skipped) != 0 {
				t.Fatalf("FetchAll = %d objects, %v skipped, %v; want 2, none, no error", len(objs), skipped, err)
			}
			if got := string(objs[1].Data); !strings.Contains(got, "DESCRIPTION:caf\u00e9 \U0001F600") {
				t.Errorf("object b = %q; want its description intact", got)
			}
		})
	}
}
