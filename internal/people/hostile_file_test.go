package people

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/state"
)

// TestLoadKeepsALedgerItCannotRead: the daemon warns about a people.json
// it cannot decode and learns the ledger again from people.history, then
// saves it over the file. Before, the file was overwritten in place: a
// ledger truncated by a full disk, edited by hand, or written by a newer
// netsyncd (a downgrade) lost every meeting older than people.history for
// good, although the warning said "move it aside". Now Load moves it aside
// (people.json.corrupt, as internal/state does for its own files) for a
// person to look at; LoadDir (`netsyncd people`, which writes nothing)
// leaves it where it is.
func TestLoadKeepsALedgerItCannotRead(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"truncated", []byte(`{"version":1,"people":[{"key":"priya@northwind.example","meetings":[{"occ":"a","start":"2020-01-0`)},
		{"not JSON", []byte("version = 1\n")},
		{"wrong shape", []byte(`{"version":1,"people":{"priya@northwind.example":{}}}`)},
		{"future version", []byte(`{"version":2,"people":[],"events":[],"groups":[]}`)},
		{"no meeting", []byte(`{"version":1,"people":[{"key":"priya@northwind.example","meetings":[]}]}`)},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := state.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			path := filepath.Join(s.Dir(), "people.json")
			if err := os.WriteFile(path, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, _, err := LoadDir(s.Dir()); err == nil {
				t.Fatal("LoadDir read the file without an error")
			}
			if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, c.data) {
				t.Fatalf("LoadDir changed people.json (%v): a read-only look moved or changed it", err)
			}
			_, ok, err := Load(s)
			if err == nil || ok || !strings.Contains(err.Error(), path+".corrupt") {
				t.Fatalf("Load = %v, %v; want an error naming %s.corrupt, where the file was moved", ok, err, path)
			}
			l := Learn(Ledger{}, []limits.Item{meet("a", -3, "Coffee", att("priya@northwind.example", "Priya Raman"))}, testConfig(), now)
			if err := Save(s, l); err != nil {
				t.Fatal(err)
			}
			if got, err := os.ReadFile(path + ".corrupt"); err != nil || !bytes.Equal(got, c.data) {
				t.Errorf("after the ledger was saved again, people.json.corrupt = %.80q, %v; want the unreadable file's bytes", got, err)
			}
			if _, ok, err := Load(s); !ok || err != nil {
				t.Errorf("Load after Save = %v, %v; want the new ledger", ok, err)
			}
		})
	}
}

// TestLoadKeepsALedgerTooLarge: a people.json over the 64 MiB bound (a
// runaway, or years of a huge calendar) was refused, and then replaced by
// the ledger learned again: the big file was gone. It is moved aside too.
func TestLoadKeepsALedgerTooLarge(t *testing.T) {
	s, err := state.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	path := filepath.Join(s.Dir(), "people.json")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	// sparse: 200 MB on the disk's books, nothing written
	if err := f.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, _, err = Load(s)
	if err == nil || !strings.Contains(err.Error(), "more than") || !strings.Contains(err.Error(), path+".corrupt") {
		t.Fatalf("Load(200 MB) = %v; want too large, moved to %s.corrupt", err, path)
	}
	if fi, err := os.Stat(path + ".corrupt"); err != nil || fi.Size() != 200<<20 {
		t.Errorf("people.json.corrupt: %v; want the 200 MB file kept", err)
	}
}

// TestDecodeErrorIsShortAndNamesTheLine: the error of a people.json that
// cannot be decoded goes to the daemon's log. It quoted a bad value whole
// (a meeting's start of 1 MB, parsed as a time, was 1 MB of the ledger in
// one log line) and named no place in the file; now it names the line and
// never holds more than a few hundred bytes (a start that is not a time
// is said to be one; time's error gives no place in the file).
func TestDecodeErrorIsShortAndNamesTheLine(t *testing.T) {
	big := strings.Repeat("S", 1<<20)
	for _, c := range []struct {
		name, data, want string
	}{
		{"1 MB start", "{\"version\": 1,\n\"people\": [\n{\"key\": \"a@b.example\", \"meetings\": [{\"occ\": \"x\",\n\"start\": \"" + big + "\"}]}]}", "a start is not a time"},
		{"syntax", "{\"version\": 1,\n\"people\": [\n{\"key\": \"a@b.example\" \"meetings\": []}]}", "line 3"},
		{"wrong type", "{\"version\": 1,\n\n\"people\": [{\"key\": 7, \"meetings\": []}]}", "line 3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode([]byte(c.data))
			if err == nil {
				t.Fatal("Decode = nil error")
			}
			if msg := err.Error(); len(msg) > 400 || strings.Contains(msg, "SSSSSSSSSS") || !strings.Contains(msg, c.want) {
				t.Errorf("Decode error (%d bytes) = %.300q; want under 400 bytes, naming %q, quoting no value", len(msg), msg, c.want)
			}
		})
	}
}

// TestLoadMakesTheLedgerPrivate: a people.json copied in by hand with mode
// 0644 stayed 0644 (the daemon writes it only when the ledger changes), so
// the ledger, private by the spec, was readable by every user. Load makes
// it 0600; LoadDir, which writes nothing, leaves it.
func TestLoadMakesTheLedgerPrivate(t *testing.T) {
	s, err := state.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := Learn(Ledger{}, []limits.Item{meet("a", -3, "Coffee", att("priya@northwind.example", "Priya Raman"))}, testConfig(), now)
	if err := Save(s, l); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(s.Dir(), "people.json")
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := LoadDir(s.Dir()); !ok || err != nil {
		t.Fatalf("LoadDir = %v, %v", ok, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("LoadDir changed the mode to %v", fi.Mode().Perm())
	}
	if _, ok, err := Load(s); !ok || err != nil {
		t.Fatalf("Load = %v, %v", ok, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("people.json is %v after Load; want 0600", fi.Mode().Perm())
	}
}
