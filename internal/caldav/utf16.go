package caldav

import (
	"bufio"
	"encoding/binary"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// bodyReader is a multistatus body as UTF-8. A body that starts with a
// UTF-16 byte order mark (a server on Windows, or a proxy that re-encodes)
// is converted as it is read; encoding/xml reads only UTF-8, and such a
// body failed its whole calendar with "XML syntax error on line 1". A
// UTF-8 byte order mark is dropped.
func bodyReader(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 32<<10)
	head, _ := br.Peek(3)
	switch {
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xFE:
		_, _ = br.Discard(2)
		return &utf16Reader{br: br, order: binary.LittleEndian}
	case len(head) >= 2 && head[0] == 0xFE && head[1] == 0xFF:
		_, _ = br.Discard(2)
		return &utf16Reader{br: br, order: binary.BigEndian}
	case len(head) == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF:
		_, _ = br.Discard(3)
	}
	return br
}

// utf16Reader converts UTF-16 code units to UTF-8 as they are read; a lone
// surrogate becomes U+FFFD, an odd last byte is dropped.
type utf16Reader struct {
	br      *bufio.Reader
	order   binary.ByteOrder
	pending []byte
	err     error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.pending) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		u.fill()
	}
	n := copy(p, u.pending)
	u.pending = u.pending[n:]
	return n, nil
}

// fill converts up to 4 KiB of code units.
func (u *utf16Reader) fill() {
	out := u.pending[:0]
	var pair [2]byte
	for len(out) < 4<<10 {
		if _, err := io.ReadFull(u.br, pair[:]); err != nil {
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			u.err = err
			break
		}
		r := rune(u.order.Uint16(pair[:]))
		if utf16.IsSurrogate(r) {
			next, err := u.br.Peek(2)
			if err == nil {
				if dec := utf16.DecodeRune(r, rune(u.order.Uint16(next))); dec != utf8.RuneError {
					r = dec
					_, _ = u.br.Discard(2)
				} else {
					r = utf8.RuneError
				}
			} else {
				r = utf8.RuneError
			}
		}
		out = utf8.AppendRune(out, r)
	}
	u.pending = out
}
