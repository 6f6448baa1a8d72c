package entry

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/ics"
)

// oddTexts are texts that cannot be written as they are, or that a reader
// may change on the way back: each class of character TEXT forbids or XML
// cannot carry, and the folds that fall on spaces or inside characters.
var oddTexts = map[string]string{
	"DEL":                "a\x7fb",
	"C0 and ESC":         "a\x01\x1b[2Jb\x1f",
	"C1":                 "a\u0085b\u009bc",
	"not UTF-8":          "a\xff\xfeb\xc3",
	"bare CR":            "a\rb\r",
	"CRLF":               "a\r\nb",
	"NUL":                "a\x00b",
	"U+FFFE and U+FFFF":  "a\ufffeb\uffffc",
	"CESU surrogate":     "a\xed\xa0\x80b",
	"line separators":    "a\u2028b\u2029c",
	"spaces at a fold":   strings.Repeat("x", 60) + "        " + strings.Repeat("y", 100) + "   ",
	"a fold of spaces":   "a" + strings.Repeat(" ", 200) + "b",
	"long multi-byte":    strings.Repeat("é🥂", 100),
	"trailing newlines":  "a  \n  b \n\n",
	"escapes":            `a\nb\\;,`,
	"byte order mark":    "\ufeffabc",
	"tabs":               "a\t\tb\t",
	"empty after clean":  "\x01\x7f",
	"only spaces":        "   ",
	"bidi and combining": "e\u0301 \u202eabc",
}

// oddEntry is a prep entry whose text quotes s, as one planned from an
// event named s would.
func oddEntry(s string) Entry {
	e := Entry{Kind: KindPrep, SourceUID: "src-odd", Summary: "Prep: " + s, Description: "Why am I going to " + s + "?\n" + s,
		Location: s, Start: at(8, 17, 0), End: at(8, 17, 30), Until: at(8, 17, 30), Alarm: 15 * time.Minute}
	e.UID = UID(e.Kind, e.SourceUID, "")
	return e
}

// TestOddTextReadsBackUnedited writes entries whose text holds each odd
// class, reads them back as the daemon does (Ours) and checks that they
// are not taken for the user's: the text read is the text Encode writes,
// ics.Text of the planned one, but for white space at its ends.
func TestOddTextReadsBackUnedited(t *testing.T) {
	for name, s := range oddTexts {
		t.Run(name, func(t *testing.T) {
			e := oddEntry(s)
			o, ours, err := Ours("/cal/x.ics", `"1"`, Encode(e, EncodeOptions{Stamp: at(1, 9, 0)}))
			if err != nil || !ours {
				t.Fatalf("Ours = %v, %v", ours, err)
			}
			if o.Edited() || o.StoredHash != e.Hash() || o.ContentHash != e.Hash() {
				t.Errorf("%q reads back as edited (%q, %q): stored %s, read %s, planned %s", s, o.Summary, o.Location, o.StoredHash, o.ContentHash, e.Hash())
			}
			// The reader drops the spaces that end a line; the hash, all
			// white space around the text.
			if want := strings.TrimSpace(ics.Text(e.Summary)); strings.TrimSpace(o.Summary) != want {
				t.Errorf("summary read back %q; Encode wrote %q", o.Summary, want)
			}
		})
	}
}

// TestUserEditOfOddTextIsSeen: the cleaning does not hide the user's
// edits: a changed summary, location or description of an entry with odd
// text reads as edited.
func TestUserEditOfOddTextIsSeen(t *testing.T) {
	for name, s := range oddTexts {
		t.Run(name, func(t *testing.T) {
			data := string(Encode(oddEntry(s), EncodeOptions{Stamp: at(1, 9, 0)}))
			for _, edit := range []struct{ prop, add string }{{"SUMMARY:", "Prep (mine): "}, {"LOCATION:", "Room 4, "}, {"DESCRIPTION:", "Ask Ana. "}} {
				edited := strings.Replace(data, "\r\n"+edit.prop, "\r\n"+edit.prop+ics.EscapeText(edit.add), 1)
				o, err := Decode([]byte(edited))
				if err != nil {
					t.Fatal(err)
				}
				if !o.Edited() {
					t.Errorf("%s edited to %q: not seen as edited", edit.prop, o.Summary)
				}
			}
		})
	}
}

// earlier is e as an earlier netsyncd wrote it: the text cleaned by
// Encode, the hash of the text with the normalisation of that version.
func earlier(e Entry, norm func(string) string) Owned {
	data := Encode(e, EncodeOptions{Stamp: at(1, 9, 0), GeneratedHash: hashWith(norm, e.Summary, e.Description, e.Location)})
	o, err := Decode(data)
	if err != nil {
		panic(err)
	}
	return o
}

// TestWrittenEarlierFrom: an entry an earlier version wrote from odd text
// heals, unless the user edited it, even to the text planned today.
func TestWrittenEarlierFrom(t *testing.T) {
	healed := map[string]bool{}
	for i, norm := range earlierNormalize {
		for name, s := range oddTexts {
			e := oddEntry(s)
			o := earlier(e, norm)
			if got := o.WrittenEarlierFrom(&e); got != o.Edited() {
				t.Errorf("version %d, %s: WrittenEarlierFrom = %v; want %v (the entry reads as edited)", i, name, got, o.Edited())
			} else if got {
				healed[fmt.Sprint(i, name)] = true
			}
			user := o
			user.Summary += " (mine)"
			user.ContentHash = ContentHash(user.Summary, user.Description, user.Location)
			if user.WrittenEarlierFrom(&e) {
				t.Errorf("version %d, %s: an entry the user edited is taken for netsyncd's", i, name)
			}
			// Written from an earlier plan, then edited by the user to
			// what netsyncd plans today: the text is theirs.
			before := oddEntry("Another text " + s)
			typed := earlier(before, norm)
			typed.Summary, typed.Description, typed.Location = o.Summary, o.Description, o.Location
			typed.ContentHash = o.ContentHash
			if typed.Edited() && typed.WrittenEarlierFrom(&e) {
				t.Errorf("version %d, %s: the user's text equal to the plan is taken for netsyncd's", i, name)
			}
		}
	}
	// The versions' own cases: a DEL was hashed as planned until 2
	// December, a U+FFFE until 4 December.
	for _, k := range []string{"0DEL", "0NUL", "0not UTF-8", "1U+FFFE and U+FFFF"} {
		if !healed[k] {
			t.Errorf("%s: not healed; healed %v", k, healed)
		}
	}
}
