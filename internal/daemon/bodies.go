package daemon

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/fileread"
	"github.com/netsyncd/netsyncd/internal/state"
)

// The cached objects of every calendar are kept on disk, not in memory:
// sync.json keeps each one's ETag and where its bytes are (objState.Off,
// Len, CRC) in the objects file it names (syncState.ObjectsFile,
// "objects-N.dat" in the state directory). The pipeline reads each source
// object's bytes when it expands it, then lets them go
// (event.Source.Load); the target's are read when the pass hands them to
// core (target, in pass.go). At 50,000 events that is 14 MiB a pass no
// longer holds from its start to its end, and that an idle pass no longer
// reads. What a pass writes to the target stays in memory (Data) until
// the save writes it out.
//
// Crash safety: an objects file is written whole under a new name (a
// temporary file, fsync, rename: state.Store.WriteFile) before the
// sync.json naming it is saved, and the file it replaces is removed only
// after that save. A kill at any moment leaves a sync.json whose objects
// file is complete; a file no sync.json names is removed at the next save.
// Objects fetched since the last save wait in a spool: a temporary file
// removed from the directory as soon as it is made, so a crash leaves
// nothing of it. A damaged or truncated objects file (a CRC or a length
// that does not match) drops the cache of the calendars it held, with a
// warning naming it: those calendars are read again from the server.

// objectsPrefix and objectsSuffix name the objects files.
const (
	objectsPrefix = "objects-"
	objectsSuffix = ".dat"
	spoolPrefix   = ".objects-spool-"
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// errObjectCache is an object the objects file cannot give back after it
// was checked (a disk failing, a file changed under netsyncd): the pass
// fails, and the next one loads and checks the state again.
var errObjectCache = errors.New("the object cache cannot be read")

// bodyStore is the objects file of a state directory and the spool.
type bodyStore struct {
	store     *state.Store
	log       *zap.Logger
	mu        sync.Mutex
	name      string   // the objects file sync.json names ("" none)
	file      *os.File // it, open for reading
	spool     *os.File
	spoolSize int64
}

// onDisk reports whether o's bytes are in the objects file or the spool.
func (o objState) onDisk() bool { return o.Len > 0 }

// spill writes data to the spool and returns o pointing at it.
func (b *bodyStore) spill(o objState, data []byte) (objState, error) {
	if len(data) == 0 {
		o.Data = text(data)
		return o, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spool == nil {
		f, err := os.CreateTemp(b.store.Dir(), spoolPrefix+"*")
		if err != nil {
			return o, fmt.Errorf("cache the fetched objects in %s: %w", b.store.Dir(), err)
		}
		_ = os.Remove(f.Name()) // it lives while open; a crash leaves nothing
		b.spool, b.spoolSize = f, 0
	}
	if _, err := b.spool.WriteAt(data, b.spoolSize); err != nil {
		return o, fmt.Errorf("cache the fetched objects in %s (free some space there): %w", b.store.Dir(), err)
	}
	o.Data, o.Off, o.Len, o.CRC, o.spooled = nil, b.spoolSize, int64(len(data)), crc32.Checksum(data, crcTable), true
	b.spoolSize += int64(len(data))
	return o, nil
}

// written is o, an entry the pass just wrote, with its bytes in the spool
// when there is a state directory: the cached copy of the target then
// holds none of the pass's writes in memory (4.8 MiB of 1,930 entries at
// 50,000 events, held while the target was read again). The write is
// done: a spool that cannot take the bytes leaves them in Data.
func (b *bodyStore) written(o objState) objState {
	if b == nil {
		return o
	}
	if kept, err := b.spill(o, o.Data); err == nil {
		return kept
	}
	return o
}

// read returns o's bytes: its Data, or a fresh copy from the disk.
func (b *bodyStore) read(o objState) ([]byte, error) {
	if !o.onDisk() {
		return o.Data, nil
	}
	if b == nil {
		return nil, fmt.Errorf("%w: an object cached on disk without a state directory", errObjectCache)
	}
	b.mu.Lock()
	f, name := b.file, filepath.Join(b.store.Dir(), b.name)
	if o.spooled {
		f, name = b.spool, "the spool of fetched objects in "+b.store.Dir()
	}
	b.mu.Unlock()
	if f == nil {
		return nil, fmt.Errorf("%w: %s is missing", errObjectCache, name)
	}
	if o.Len > state.MaxFile {
		return nil, fmt.Errorf("%w: %s names an object of %d bytes", errObjectCache, name, o.Len)
	}
	data := make([]byte, o.Len)
	if _, err := f.ReadAt(data, o.Off); err != nil {
		return nil, fmt.Errorf("%w: %s is truncated or unreadable: %v", errObjectCache, name, err)
	}
	if crc32.Checksum(data, crcTable) != o.CRC {
		return nil, fmt.Errorf("%w: %s is damaged (a checksum does not match)", errObjectCache, name)
	}
	return data, nil
}

// openBodies opens the objects file ss names and drops, with a warning
// naming the file, every calendar whose objects it cannot give back: the
// file missing, shorter than an object's end, or an object whose bytes do
// not match its CRC (check reads them all: it runs once, before the first
// pass that reads the cache). Those calendars are read again from the
// server.
func (b *bodyStore) open(ss *syncState, check bool) {
	b.mu.Lock()
	if b.name != ss.ObjectsFile { // a first load, or a load again after a failed one
		if b.file != nil {
			b.file.Close()
		}
		b.file, b.name = nil, ""
		if validObjectsName(ss.ObjectsFile) {
			// fileread.Open: a FIFO in its place made os.Open wait for a
			// writer for ever; anything but a regular file reads as missing.
			if f, _, err := fileread.Open(filepath.Join(b.store.Dir(), ss.ObjectsFile)); err == nil {
				b.file, b.name = f, ss.ObjectsFile
			}
		}
	}
	b.mu.Unlock()
	var size int64 = -1
	if b.file != nil {
		if fi, err := b.file.Stat(); err == nil {
			size = fi.Size()
		}
	}
	name := ss.ObjectsFile
	if name == "" || !validObjectsName(name) {
		name = objectsPrefix + "N" + objectsSuffix
	}
	var buf []byte
	for path, cs := range ss.Calendars {
		bad := ""
		for _, o := range cs.Objects {
			if !o.onDisk() || o.spooled {
				continue
			}
			if b.file == nil || b.name != ss.ObjectsFile {
				bad = "missing"
				break
			}
			if o.Len > state.MaxFile { // no object the fetch keeps is that large
				bad = "damaged"
				break
			}
			if o.Off < 0 || o.Off+o.Len > size {
				bad = "truncated"
				break
			}
			if !check {
				continue
			}
			if int64(cap(buf)) < o.Len {
				buf = make([]byte, o.Len)
			}
			if _, err := b.file.ReadAt(buf[:o.Len], o.Off); err != nil || crc32.Checksum(buf[:o.Len], crcTable) != o.CRC {
				bad = "damaged"
				break
			}
		}
		if bad != "" {
			b.log.Warn("the object cache is "+bad+"; reading this calendar again from the server",
				zap.String("file", filepath.Join(b.store.Dir(), name)), zap.String("calendar", path))
			delete(ss.Calendars, path)
			ss.IdleBase = false
		}
	}
}

// validObjectsName is a name commit writes: objects-N.dat, N a number.
func validObjectsName(name string) bool {
	n, ok := strings.CutPrefix(name, objectsPrefix)
	if !ok {
		return false
	}
	n, ok = strings.CutSuffix(n, objectsSuffix)
	if !ok {
		return false
	}
	_, err := strconv.ParseUint(n, 10, 32)
	return err == nil
}

// commit writes the objects of ss's calendars to a new objects
// file when the current one does not hold them all (objects fetched since
// the last save, or kept in memory by an older sync.json), or holds more
// than twice their size (objects since removed), and points ss and its
// objects at it. The file it replaces is removed by cleanup, once the
// sync.json naming the new one is saved.
func (b *bodyStore) commit(ss *syncState) error {
	var live int64
	rewrite := false
	for _, cs := range ss.Calendars {
		for _, o := range cs.Objects {
			live += o.Len + int64(len(o.Data))
			if o.spooled || (!o.onDisk() && len(o.Data) > 0) {
				rewrite = true
			}
		}
	}
	b.mu.Lock()
	cur := b.name
	b.mu.Unlock()
	if !rewrite && cur == ss.ObjectsFile && cur != "" {
		if fi, err := b.file.Stat(); err == nil && fi.Size() <= 2*live+64<<10 {
			return nil
		}
	}
	if !rewrite && live == 0 {
		ss.ObjectsFile = ""
		return nil
	}
	next := objectsPrefix + "1" + objectsSuffix
	if n, ok := strings.CutPrefix(cur, objectsPrefix); ok {
		if k, err := strconv.ParseUint(strings.TrimSuffix(n, objectsSuffix), 10, 32); err == nil {
			next = objectsPrefix + strconv.FormatUint(k+1, 10) + objectsSuffix
		}
	}
	type moved struct {
		cal, href string
		o         objState
	}
	var out []moved
	err := b.store.WriteFile(next, func(w io.Writer) error {
		var off int64
		for _, path := range slices.Sorted(maps.Keys(ss.Calendars)) {
			cs := ss.Calendars[path]
			for _, href := range slices.Sorted(maps.Keys(cs.Objects)) {
				o := cs.Objects[href]
				if !o.onDisk() && len(o.Data) == 0 {
					continue
				}
				data, err := b.read(o)
				if err != nil {
					return err
				}
				if _, err := w.Write(data); err != nil {
					return err
				}
				n := objState{ETag: o.ETag, Off: off, Len: int64(len(data)), CRC: crc32.Checksum(data, crcTable)}
				out = append(out, moved{path, href, n})
				off += n.Len
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("could not save the object cache %s: %w", filepath.Join(b.store.Dir(), next), err)
	}
	f, err := os.Open(filepath.Join(b.store.Dir(), next))
	if err != nil {
		return fmt.Errorf("could not read back the object cache: %w", err)
	}
	for _, m := range out {
		ss.Calendars[m.cal].Objects[m.href] = m.o
	}
	b.mu.Lock()
	old := b.file
	b.file, b.name = f, next
	if b.spool != nil { // everything in it is in the new file now
		b.spool.Close()
		b.spool, b.spoolSize = nil, 0
	}
	b.mu.Unlock()
	if old != nil {
		old.Close()
	}
	ss.ObjectsFile = next
	return nil
}

// cleanup removes the objects files sync.json no longer names, and any
// spool a crash left named (between its creation and its unlinking).
func (b *bodyStore) cleanup(keep string) {
	ents, err := os.ReadDir(b.store.Dir())
	if err != nil {
		return
	}
	for _, e := range ents {
		if n := e.Name(); n != keep && (validObjectsName(n) || strings.HasPrefix(n, spoolPrefix)) {
			_ = os.Remove(filepath.Join(b.store.Dir(), n))
		}
	}
}
