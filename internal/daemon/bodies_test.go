package daemon

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/state"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// objectsFile is the objects file sync.json names, with its path.
func (h *harness) objectsFile() (syncState, string) {
	h.t.Helper()
	st := h.readSyncState()
	if st.ObjectsFile == "" {
		h.t.Fatalf("sync.json names no objects file")
	}
	return st, filepath.Join(h.dir, st.ObjectsFile)
}

// checkObjectsOnDisk: sync.json holds no object's bytes, every object is
// in the objects file (0600), and no other objects file is left.
func (h *harness) checkObjectsOnDisk(what string) {
	h.t.Helper()
	raw, err := os.ReadFile(filepath.Join(h.dir, "sync.json"))
	if err != nil {
		h.t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(`"data"`)) || bytes.Contains(raw, []byte("BEGIN:VCALENDAR")) {
		h.t.Errorf("%s: sync.json still holds objects' bytes", what)
	}
	st, path := h.objectsFile()
	fi, err := os.Stat(path)
	if err != nil {
		h.t.Fatalf("%s: %v", what, err)
	}
	if fi.Mode().Perm() != 0o600 {
		h.t.Errorf("%s: %s has mode %v; want 0600", what, path, fi.Mode().Perm())
	}
	n := 0
	for _, cs := range st.Calendars {
		for _, o := range cs.Objects {
			if !o.onDisk() || o.Off+o.Len > fi.Size() {
				h.t.Errorf("%s: object at %d+%d, not in the %d bytes of %s", what, o.Off, o.Len, fi.Size(), path)
			}
			n++
		}
	}
	if n == 0 {
		h.t.Errorf("%s: sync.json caches no object", what)
	}
	files, _ := filepath.Glob(filepath.Join(h.dir, objectsPrefix+"*"))
	if len(files) != 1 {
		h.t.Errorf("%s: objects files %v; want only %s", what, files, st.ObjectsFile)
	}
}

// TestObjectsFileMigration: a sync.json of the format before the objects
// file (version 2, every object's bytes inline) is used as it is, with no
// object read again from the server; the first pass that saves writes the
// objects out of it into the objects file.
func TestObjectsFileMigration(t *testing.T) {
	h := newHarness(t, testservers.Radicale(t), fixtureEvents())
	if sum := h.pass(); sum.Created == 0 {
		t.Fatalf("first pass created nothing: %s", sum.Short())
	}
	h.checkObjectsOnDisk("after the first pass")
	// Write it back as version 2 would have: the bytes inline, no file.
	st, path := h.objectsFile()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range st.Calendars {
		for href, o := range cs.Objects {
			cs.Objects[href] = objState{ETag: o.ETag, Data: text(file[o.Off : o.Off+o.Len])}
		}
	}
	st.Version, st.ObjectsFile = migrateVersion, ""
	old, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.dir, "sync.json"), old, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}

	h.proxy.Reset()
	if sum := h.pass(); !sum.Idle || h.proxy.Count() != 1 {
		t.Errorf("pass on the version 2 file: idle %v, %d requests %v; want an idle pass of one request", sum.Idle, h.proxy.Count(), h.proxy.Requests())
	}
	// A config change makes the next pass whole, from the cache.
	h.cfg.Employer.Names = append(h.cfg.Employer.Names, "Globex")
	h.proxy.Reset()
	sum := h.pass()
	if sum.Idle || sum.Fetch.Full != 0 || sum.Fetch.Fetched != 0 || sum.Changed() {
		t.Errorf("whole pass on the version 2 file: idle %v, fetch %+v, %s; want every calendar from the cache and nothing written", sum.Idle, sum.Fetch, sum.Short())
	}
	if v := h.readSyncState().Version; v != syncStateVersion {
		t.Errorf("sync.json version %d after the save; want %d", v, syncStateVersion)
	}
	h.checkObjectsOnDisk("after the pass on the version 2 file")
	if sum := h.pass(); !sum.Idle {
		t.Errorf("pass after the migration: %s; want idle", sum.Short())
	}
}

// TestObjectsFileDamaged: an objects file cut short, or with bytes
// changed, is said with a warning naming it; the calendars it held are
// read again from the server, nothing is written or deleted because of
// it, and the state is whole again after the pass.
func TestObjectsFileDamaged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"truncated", func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"changed", func(t *testing.T, path string) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			i := bytes.Index(b, []byte("SUMMARY:"))
			if i < 0 {
				t.Fatal("no SUMMARY in the objects file")
			}
			b[i+8] ^= 0x20 // a flipped bit, as a bad disk makes
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"missing", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}},
		// A FIFO in its place: os.Open waited for a writer for ever, and
		// the pass with it (SIGTERM could not end an open).
		{"FIFO", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, testservers.Radicale(t), fixtureEvents())
			first := h.pass()
			before := h.owned()
			_, path := h.objectsFile()
			tc.damage(t, path)
			h.cfg.Employer.Names = append(h.cfg.Employer.Names, "Globex") // a whole pass, which reads the cache
			sum, logs, err := h.runWith(false, nil)
			if err != nil {
				t.Fatalf("pass on a %s objects file: %v", tc.name, err)
			}
			warned := logs.FilterMessageSnippet("the object cache is").All()
			if len(warned) == 0 || !strings.Contains(warned[0].ContextMap()["file"].(string), path) {
				t.Errorf("no warning naming %s: %v", path, logs.All())
			}
			if sum.Fetch.Full == 0 || sum.Changed() || len(sum.Errors) > 0 {
				t.Errorf("pass on a %s objects file: fetch %+v, %s, errors %v; want the calendars read again and nothing written", tc.name, sum.Fetch, sum.Short(), sum.Errors)
			}
			if after := h.owned(); len(after) != len(before) || len(after) != first.Created {
				t.Errorf("entries: %d before, %d after; want the %d of the first pass", len(before), len(after), first.Created)
			}
			h.checkObjectsOnDisk("after the pass that read them again")
			if sum := h.pass(); !sum.Idle {
				t.Errorf("pass after: %s; want idle", sum.Short())
			}
		})
	}
}

// TestObjectsFileRewrites: the objects file is written again only when
// objects were fetched since the last save or it holds more than twice
// what is still cached; what it gives back is what was put in.
func TestObjectsFileRewrites(t *testing.T) {
	store, err := state.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	b := &bodyStore{store: store, log: zap.NewNop()}
	ss := &syncState{Calendars: map[string]*calState{"/cal/": {Window: "w", Objects: map[string]objState{}}}}
	objs := ss.Calendars["/cal/"].Objects
	body := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i%26)}, 100<<10) }
	for i := range 4 {
		o, err := b.spill(objState{ETag: "e"}, body(i))
		if err != nil {
			t.Fatal(err)
		}
		objs[string(rune('a'+i))] = o
	}
	save := func() string {
		t.Helper()
		if err := b.commit(ss); err != nil {
			t.Fatal(err)
		}
		b.cleanup(ss.ObjectsFile)
		return ss.ObjectsFile
	}
	first := save()
	if first == "" || b.spool != nil {
		t.Fatalf("after the first save: file %q, spool %v; want a file and no spool", first, b.spool)
	}
	if again := save(); again != first {
		t.Errorf("nothing fetched, nothing removed: rewritten as %s", again)
	}
	delete(objs, "a")
	if again := save(); again != first {
		t.Errorf("a quarter removed: rewritten as %s; want it kept", again)
	}
	delete(objs, "b")
	delete(objs, "c")
	third := save()
	if third == first {
		t.Errorf("three quarters removed: %s kept; want it written again", first)
	}
	if files, _ := filepath.Glob(filepath.Join(store.Dir(), objectsPrefix+"*")); len(files) != 1 {
		t.Errorf("objects files %v; want only %s", files, third)
	}
	got, err := b.read(objs["d"])
	if err != nil || !bytes.Equal(got, body(3)) {
		t.Errorf("read back: %d bytes, %v; want the %d put in", len(got), err, len(body(3)))
	}
}
