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
