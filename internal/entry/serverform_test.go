package entry

import (
	"strings"
	"testing"
)

// An entry as a server re-serialised netsyncd's write of it (Xandikos
// reads "C:\\new" once more as "C:", a line end and "ew") is not the
// user's edit when the ledger knows that stored form (ServerHash); any
// other text is, and without a ServerHash the entry reads as before.
func TestEditedKnowsTheServerForm(t *testing.T) {
	e := Entry{Kind: KindPrep, SourceUID: "talk", Summary: "Prep: talk", Description: `C:\new\data`, Start: at(8, 10, 0), End: at(8, 10, 30)}
	e.UID = UID(e.Kind, e.SourceUID, "")
	data := string(Encode(e, EncodeOptions{Stamp: at(1, 7, 0)}))
	if !strings.Contains(data, `DESCRIPTION:C:\\new\\data`) {
		t.Fatalf("the description is not written as the test expects:\n%s", data)
	}
	decode := func(data string) *Owned {
		t.Helper()
		o, err := Decode([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		return &o
	}
	stored := strings.Replace(data, `DESCRIPTION:C:\\new`, `DESCRIPTION:C:\new`, 1)
	server := decode(stored)
	if server.Description != "C:\new\\data" || server.StoredHash != e.Hash() {
		t.Fatalf("the server's copy reads %q under hash %s; want a line end after C: under %s", server.Description, server.StoredHash, e.Hash())
	}
	if !server.Edited() {
		t.Fatalf("the server's copy reads as netsyncd's without a ServerHash: the test tests nothing")
	}
	user := decode(strings.Replace(stored, "SUMMARY:Prep: talk", "SUMMARY:My talk", 1))
	for _, tc := range []struct {
		name       string
		o          *Owned
		serverHash string
		edited     bool
	}{
		{"as written", decode(data), "", false},
		{"as written, a server form known", decode(data), server.ContentHash, false},
		{"server form, not known", server, "", true},
		{"server form, known", server, server.ContentHash, false},
		{"server form, another known", server, e.Hash(), true},
		{"user's edit of the server form", user, server.ContentHash, true},
		{"user's edit, no server form", user, "", true},
	} {
		o := *tc.o
		o.ServerHash = tc.serverHash
		if got := o.Edited(); got != tc.edited {
			t.Errorf("%s: Edited() = %v; want %v (stored %s, content %s, server %s)", tc.name, got, tc.edited, o.StoredHash, o.ContentHash, o.ServerHash)
		}
	}
}
