package entry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		file    string
		wantErr string
		check   func(t *testing.T, o Owned)
	}{
		{file: "edited_tzid_duration.ics", check: func(t *testing.T, o Owned) {
			if o.Kind != KindPrep || o.SourceUID != "ev" || o.Sequence != 2 || o.As != "event" {
				t.Errorf("markers %q %q seq %d as %q; want prep ev 2 event", o.Kind, o.SourceUID, o.Sequence, o.As)
			}
			if !o.Start.Equal(at(8, 16, 30)) || !o.End.Equal(at(8, 17, 15)) {
				t.Errorf("times %s-%s; want 16:30-17:15 New York (TZID, DURATION)", o.Start, o.End)
			}
			if o.Summary != "Prep: Mixer, with my own notes" {
				t.Errorf("summary %q; want the text after the escaped comma too", o.Summary)
			}
			if !o.Edited() || !o.Moved() {
				t.Errorf("edited %v moved %v; want both (hash and times differ from what netsyncd wrote)", o.Edited(), o.Moved())
			}
		}},
		{file: "completed_todo.ics", check: func(t *testing.T, o Owned) {
			if !o.Completed || o.As != "todo" || o.Kind != KindFollowup {
				t.Errorf("completed %v as %q kind %q; want true todo followup", o.Completed, o.As, o.Kind)
			}
			if o.Moved() {
				t.Error("no X-NETSYNCD-PLANNED: want Moved() false")
			}
		}},
		{file: "foreign.ics", check: func(t *testing.T, o Owned) {
			if o.Kind != "" || o.UID != "dentist-1" {
				t.Errorf("kind %q uid %q; want no kind and the UID", o.Kind, o.UID)
			}
		}},
		{file: "unknown_tzid.ics", check: func(t *testing.T, o Owned) {
			if o.Kind != KindPrep || !strings.Contains(o.Invalid, "DTSTART") {
				t.Errorf("kind %q invalid %q; want prep, invalid naming DTSTART", o.Kind, o.Invalid)
			}
		}},
		{file: "no_uid.ics", wantErr: "no UID"},
		// Read leniently, like every calendar object: a cut-off object is
		// still seen, and without netsyncd's marker it is not ours.
		{file: "truncated.ics", check: func(t *testing.T, o Owned) {
			if o.Kind != "" || o.UID != "x" {
				t.Errorf("kind %q uid %q; want no kind and UID x", o.Kind, o.UID)
			}
		}},
		{file: "garbage.ics", wantErr: "entry: decode"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "decode", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			o, err := Decode(data)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Decode(%s) error = %v; want one containing %q", tt.file, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s): %v", tt.file, err)
			}
			tt.check(t, o)
		})
	}
}

func TestConsistent(t *testing.T) {
	good := Owned{Kind: KindPrep, SourceUID: "ev", UID: UID(KindPrep, "ev", "")}
	tests := []struct {
		name string
		o    Owned
		want bool
	}{
		{"derived UID", good, true},
		{"kind changed by hand", Owned{Kind: KindFollowup, SourceUID: "ev", UID: good.UID}, false},
		{"source changed by hand", Owned{Kind: KindPrep, SourceUID: "other", UID: good.UID}, false},
		{"unknown kind", Owned{Kind: "note", SourceUID: "ev", UID: UID("note", "ev", "")}, false},
		{"week", Owned{Kind: KindWeek, Week: "2026-W50", UID: WeekUID("2026-W50")}, true},
		{"week label changed", Owned{Kind: KindWeek, Week: "2026-W51", UID: WeekUID("2026-W50")}, false},
	}
	for _, tt := range tests {
		if got := tt.o.Consistent(); got != tt.want {
			t.Errorf("%s: Consistent() = %v; want %v", tt.name, got, tt.want)
		}
	}
}

// TestOurs checks the one answer to "is this netsyncd's?" every caller uses.
func TestOurs(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("testdata", "decode", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	mention := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:note\r\nDTSTART:20261208T170000Z\r\nDESCRIPTION:netsyncd writes X-NETSYNCD-KIND\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	tests := []struct {
		name    string
		data    []byte
		ours    bool
		wantErr bool
		invalid bool
	}{
		{"an entry of netsyncd's", read("edited_tzid_duration.ics"), true, false, false},
		{"a user's event", read("foreign.ics"), false, false, false},
		{"the marker only in the text", []byte(mention), false, false, false},
		{"a marked entry in an unknown time zone", read("unknown_tzid.ics"), true, false, true},
		{"the marker in bytes that are no calendar", []byte("X-NETSYNCD-KIND:prep\r\n"), false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ours, err := Ours("/cal/x.ics", `"e1"`, tt.data)
			if ours != tt.ours || (err != nil) != tt.wantErr || (o.Invalid != "") != tt.invalid {
				t.Fatalf("Ours = ours %v, err %v, invalid %q; want ours %v, error %v, invalid %v", ours, err, o.Invalid, tt.ours, tt.wantErr, tt.invalid)
			}
			if ours && (o.Href != "/cal/x.ics" || o.ETag != `"e1"`) {
				t.Errorf("href %q etag %q; want the ones given", o.Href, o.ETag)
			}
		})
	}
}
