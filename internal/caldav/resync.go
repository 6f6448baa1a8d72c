package caldav

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Skipping one response that is too large, within its answer.
//
// The scanner (scan.go), as encoding/xml before it, does not go on after an
// error. So cleanReader follows the markup itself (markup below): the
// element depth, and the root element's start tag as it was written, with
// its namespace declarations. When one DAV:response passes respCap, the
// decoder gives up on it; cleanReader then discards bytes, without holding
// them, up to the end tag that closes that response, and decoding goes on
// with the scanner reset, fed the root's start tag again first so that the
// prefixes it declared still mean what they meant. The response is kept
// as an object skipped for its size, by its href. What the skipping may
// read is bounded by skipCap (a response that never ends fails the answer,
// as a broken answer), and by bodyCap with the rest of the body.

// MaxSkip bounds the bytes of one response, attachments aside, that a
// fetch reads through to skip it. Past it the response is not taken for an
// object (the largest object netsyncd's budgets read is 32 MiB,
// budget.ObjectBytes) and the answer fails.
const MaxSkip = 64 << 20

// skipCap is MaxSkip; tests lower it.
var skipCap int64 = MaxSkip

// maxRootTag bounds the root's start tag that is kept for a resync: its
// namespace declarations are a few dozen bytes.
const maxRootTag = 8 << 10

// maxDepth bounds how deep elements nest in an answer: a multi-status
// response is 5 deep (multistatus, response, propstat, prop, a property
// and its children), and servers add a few levels of their own.
const maxDepth = 64

// errNeverEnds is a response that went past skipCap while being skipped.
var errNeverEnds = errors.New("it did not end")

// lexer states: where cleanReader is in the markup.
const (
	lexText     = iota
	lexOpen     // after '<'
	lexStart    // in a start tag
	lexQuote    // in an attribute value of a start tag
	lexEnd      // in an end tag
	lexBang     // after "<!"
	lexComment  // in <!-- -->
	lexCDATA    // in <![CDATA[ ]]>
	lexDecl     // in <!DOCTYPE ...> and the like
	lexPI       // in <? ?>
	lexBangDash // after "<!-"
)

// markup is what cleanReader knows of the XML it passes on.
type markup struct {
	state int
	depth int  // elements open
	quote byte // the quote an attribute value began with
	slash bool // the start tag's last byte so far was '/'
	// tail is the last bytes of a comment or CDATA section, to see its end.
	tail [2]byte
	// root is the root's start tag, rootDone once it is whole; rootLong
	// when it was longer than maxRootTag.
	root     []byte
	rootDone bool
	rootLong bool
	// bangN counts the bytes after "<![" read to tell CDATA.
	bangN int
}

// lex follows c, the next byte of the body as the XML decoder gets it.
func (m *markup) lex(c byte) {
	recording := !m.rootDone && m.depth == 0 && (m.state == lexStart || m.state == lexQuote || (m.state == lexOpen && c != '/' && c != '!' && c != '?'))
	if recording {
		if len(m.root) == 0 {
			m.root = append(m.root, '<')
		}
		if len(m.root) < maxRootTag {
			m.root = append(m.root, c)
		} else {
			m.rootLong = true
		}
	}
	switch m.state {
	case lexText:
		if c == '<' {
			m.state = lexOpen
		}
	case lexOpen:
		switch c {
		case '/':
			m.state = lexEnd
		case '!':
			m.state, m.bangN = lexBang, 0
		case '?':
			m.state, m.tail = lexPI, [2]byte{}
		default:
			m.state, m.slash = lexStart, false
		}
	case lexStart:
		switch c {
		case '"', '\'':
			m.state, m.quote = lexQuote, c
		case '>':
			if !m.slash {
				m.depth++
			}
			if m.depth <= 1 && !m.rootDone && len(m.root) > 0 {
				m.rootDone = true
			}
			m.state = lexText
		}
		m.slash = c == '/'
	case lexQuote:
		if c == m.quote {
			m.state = lexStart
		}
	case lexEnd:
		if c == '>' {
			m.depth--
			m.state = lexText
		}
	case lexBang:
		switch {
		case c == '-' && m.bangN == 0:
			m.state = lexBangDash
		case c == '[' && m.bangN == 0:
			m.bangN = 1
		case m.bangN > 0 && m.bangN < 7 && c == "[CDATA["[m.bangN]:
			if m.bangN++; m.bangN == 7 {
				m.state, m.tail = lexCDATA, [2]byte{}
			}
		case c == '>':
			m.state = lexText
		default:
			m.state = lexDecl
		}
	case lexBangDash:
		m.state, m.tail = lexComment, [2]byte{}
		if c != '-' {
			m.state = lexDecl
		}
	case lexComment:
		if c == '>' && m.tail == [2]byte{'-', '-'} {
			m.state = lexText
		}
		m.tail = [2]byte{m.tail[1], c}
	case lexCDATA:
		if c == '>' && m.tail == [2]byte{']', ']'} {
			m.state = lexText
		}
		m.tail = [2]byte{m.tail[1], c}
	case lexDecl:
		if c == '>' {
			m.state = lexText
		}
	case lexPI:
		if c == '>' && m.tail[1] == '?' {
			m.state = lexText
		}
		m.tail = [2]byte{m.tail[1], c}
	}
}

// skipResponse discards the rest of the response that passed respCap,
// which began at depth (the depth after its start tag), up to and with its
// end tag. It returns how many bytes the response held in all, attachments
// aside.
func (r *cleanReader) skipResponse(depth int) (int64, error) {
	if !r.m.rootDone || r.m.rootLong {
		return 0, &sizeError{fmt.Errorf("%w, and the answer's root element is too long to go on after it", ErrResponseTooLarge), serverFault}
	}
	r.err, r.inResp = nil, false
	for r.m.depth >= depth {
		if r.n-r.respStart-(r.dropped-r.respDropped) > r.skipMax {
			return 0, fmt.Errorf("%w within %d MiB", errNeverEnds, r.skipMax>>20)
		}
		if r.jump() {
			continue
		}
		if _, err := r.ReadByte(); err == io.EOF {
			return 0, fmt.Errorf("the answer ended in the middle of its XML: %w", io.ErrUnexpectedEOF)
		} else if err != nil {
			return 0, err
		}
	}
	return r.n - r.respStart - (r.dropped - r.respDropped), nil
}

// jump discards, at once, the buffered bytes that cannot change the
// markup's depth: text up to the next '<', a comment's or a CDATA
// section's up to two bytes before the next '>'. It tells whether it
// discarded any. Skipping is then as fast as the body arrives, also under
// the race detector, which makes the byte-by-byte path slow.
func (r *cleanReader) jump() bool {
	if r.ip < r.np || r.err != nil {
		return false
	}
	b, _ := r.br.Peek(r.br.Buffered())
	var i int
	switch r.m.state {
	case lexText:
		if i = bytes.IndexByte(b, '<'); i < 0 {
			i = len(b)
		}
	case lexComment, lexCDATA:
		if i = bytes.IndexByte(b, '>'); i < 0 {
			i = len(b)
		}
		i -= 2
	}
	if i <= 0 || r.n+int64(i) > r.max {
		return false // the byte-by-byte path says when the body is over its cap
	}
	r.lineStart, r.dropping = b[i-1] == '\n', false
	r.m.tail = [2]byte{}
	r.noteLast(b[:i])
	_, _ = r.br.Discard(i)
	r.n += int64(i)
	return true
}

// tooDeep is why a response nesting deeper than maxDepth was skipped.
func tooDeep() error {
	return fmt.Errorf("skipped: its answer nests elements more than %d deep, which no calendar object needs; the entries made from it are left as they are: the server (or a proxy in front of it) sent a broken answer for it, report it to its maintainers if it lasts", maxDepth)
}

// tooLargeObject is why a response over respCap was skipped: its size,
// the cap, and what to do.
func tooLargeObject(size int64) error {
	return fmt.Errorf("skipped: the object holds %d KiB, more than the %d KiB netsyncd reads of one object without its inline attachments (caldav.MaxObject); "+
		"the entries made from it are left as they are: shorten its description or notes (a pasted document or embedded image), remove its attachments, or delete or split it in your calendar app",
		size>>10, MaxObject>>10)
}
