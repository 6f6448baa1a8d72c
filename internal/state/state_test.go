package state

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

type doc struct {
	Tokens map[string]string `json:"tokens"`
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("state dir mode = %v, %v; want 0700", fi.Mode().Perm(), err)
	}
	var empty doc
	if ok, err := s.Load("sync", &empty); ok || err != nil {
		t.Fatalf("Load of a missing file = %v, %v; want false, nil", ok, err)
	}
	in := doc{Tokens: map[string]string{"/alice/cal/": "http://radicale.org/ns/sync/1"}}
	if err := s.Save("sync", in); err != nil {
		t.Fatal(err)
	}
	var out doc
	if ok, err := s.Load("sync", &out); !ok || err != nil {
		t.Fatalf("Load = %v, %v", ok, err)
	}
	if out.Tokens["/alice/cal/"] != in.Tokens["/alice/cal/"] {
		t.Errorf("Load = %v; want %v", out, in)
	}
	fi, _ := os.Stat(filepath.Join(dir, "sync.json"))
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode = %v; want 0600", fi.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".sync.json.tmp-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestCorruptFileIsMovedAside(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	os.WriteFile(filepath.Join(dir, "ledger.json"), []byte(`{"tokens": {"x": `), 0o600)
	var d doc
	ok, err := s.Load("ledger", &d)
	if ok || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Load of a corrupt file = %v, %v; want false, ErrCorrupt", ok, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger.json.corrupt")); err != nil {
		t.Errorf("corrupt file not moved aside: %v", err)
	}
	if ok, err := s.Load("ledger", &d); ok || err != nil {
		t.Errorf("Load after moving aside = %v, %v; want false, nil (a fresh start)", ok, err)
	}
}

func TestSecondOpenIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v; want ErrLocked", err)
	}
	s.Close()
	s2, err := Open(dir)
	if err != nil {
		t.Fatalf("Open after Close = %v", err)
	}
	s2.Close()
}
