package people

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/state"
)

func TestSaveLoad(t *testing.T) {
	s, err := state.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if l, ok, err := Load(s); err != nil || ok || len(l.People) != 0 {
		t.Fatalf("Load(empty dir) = %v, %v, %v; want an empty ledger, false, nil", l, ok, err)
	}
	l := Learn(Ledger{}, []limits.Item{meet("a", -3, "Coffee", att("priya@northwind.example", "Priya Raman"))}, testConfig(), now)
	if err := Save(s, l); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(s.Dir(), "people.json")
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("people.json: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	back, ok, err := Load(s)
	if err != nil || !ok || len(back.People["priya@northwind.example"].Meetings) != 1 {
		t.Fatalf("Load = %+v, %v, %v; want Priya's meeting", back, ok, err)
	}
	if err := os.WriteFile(path, []byte(`{"version":1,"people":[{"key":"priya@northwind.example","name":"SECRET NAME"`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = Load(s)
	if err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("Load(corrupt) = %v; want an error that does not quote the file", err)
	}
}
