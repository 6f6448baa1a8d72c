package zonename

import (
	"archive/zip"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"
)

// TestEveryIANAName: every zone of the toolchain's database, in lower and
// in upper case, is spelled back as IANA spells it, and every name of the
// table loads. A Go update that adds a zone fails here until names.go is
// generated again (go generate ./internal/zonename).
func TestEveryIANAName(t *testing.T) {
	r, err := zip.OpenReader(filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for _, f := range r.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		n++
		for _, v := range []string{f.Name, strings.ToLower(f.Name), strings.ToUpper(f.Name)} {
			if got := Canonical(v); got != f.Name {
				t.Errorf("Canonical(%q) = %q; want %q (go generate ./internal/zonename)", v, got, f.Name)
			}
		}
	}
	if n != len(ianaNames) || n < 500 {
		t.Errorf("the toolchain has %d zones, the table %d (go generate ./internal/zonename)", n, len(ianaNames))
	}
	for _, name := range ianaNames {
		if _, err := time.LoadLocation(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, v := range []string{"", "Local", "local", " Europe/Berlin", ":Europe/Berlin", "Europe/Berlin/", "Europe", strings.Repeat("a", 65)} {
		if got := Canonical(v); got != "" {
			t.Errorf("Canonical(%q) = %q; want no zone", v, got)
		}
	}
}
