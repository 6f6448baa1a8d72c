// Package fileread reads the small files netsyncd depends on (secrets,
// state files) so that no file can block it or exhaust its memory: only
// regular files are read, never more than a stated size, and opening a
// FIFO does not wait for a writer.
package fileread

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// ErrTooLarge means the file holds more than the limit allows.
var ErrTooLarge = errors.New("file too large")

// ErrNotRegular means the path names a device, a FIFO, a socket or a
// directory, which are never read.
var ErrNotRegular = errors.New("not a regular file")

// Regular returns the contents of the regular file at path, at most max
// bytes. The errors wrap ErrNotRegular, ErrTooLarge or the system's, and
// name the path.
func Regular(path string, max int64) ([]byte, error) {
	f, fi, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > max {
		return nil, fmt.Errorf("%s holds %d bytes, more than %d: %w", path, fi.Size(), max, ErrTooLarge)
	}
	// The size can change while reading: never read past max.
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s holds more than %d bytes: %w", path, max, ErrTooLarge)
	}
	return b, nil
}

// Open opens the regular file at path for reading, without waiting for
// a writer when it is a FIFO, and returns it with its FileInfo. Anything
// but a regular file is closed again and refused with ErrNotRegular,
// naming the path.
func Open(path string) (*os.File, os.FileInfo, error) {
	// O_NONBLOCK: opening a FIFO for reading would wait for a writer. On
	// a regular file it changes nothing.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s is %s: %w", path, kind(fi.Mode()), ErrNotRegular)
	}
	return f, fi, nil
}

func kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}
