package caldav

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The XML tokenizer of a multi-status answer.
//
// xmlScanner reads what cleanReader passes on exactly as encoding/xml's
// Decoder reads it (strict, no entities beyond XML's five, no
// auto-closing): the same tokens, the same name-space translation, the
// same errors, reading the same bytes of the body for each token, so that
// the bounds cleanReader keeps apply where they applied before. Its
// functions follow encoding/xml's (xml.go: rawToken, text, name, Token),
// and FuzzMultistatusDecoders holds the two to the same answers. What it
// does not do is allocate: names and attribute values are views of a
// scratch buffer, valid until the next token, and the text of an element
// is read in runs straight from cleanReader's buffer (plainRun), not byte
// by byte through an interface.

// readBuf is the size of the buffer an answer is read through.
const readBuf = 64 << 10

type tokKind uint8

const (
	tokNone  tokKind = iota
	tokStart         // a start tag: space, local, attrs
	tokEnd           // an end tag: space, local
	tokText          // character data: text
	tokOther         // a comment, a processing instruction, a directive
)

// xattr is an attribute as written: prefix, local name, value, as offsets
// into the scanner's scratch.
type xattr struct {
	prefix, local, value span
}

type span struct{ lo, hi int }

// binding is a name-space declaration in scope: prefix "" for xmlns=.
type binding struct{ prefix, uri string }

// frame is an open element: its name as written (offsets into names) and
// how many bindings were in scope before its own.
type frame struct {
	prefix, local span
	binds         int
}

type xmlScanner struct {
	cr  *cleanReader
	pre []byte // read before cr: the root's start tag, on a resync
	err error
	// next is the byte given back (ungetc), or -1.
	next int
	line int

	needClose bool
	toClose   struct{ prefix, local span } // offsets into names

	scratch []byte // names and attribute values of the current token
	buf     []byte // the text of the current token
	names   []byte // the names of the open elements
	stk     []frame
	binds   []binding

	// The current token.
	space  string // the element's name space, translated
	local  []byte
	attrs  []xattr
	text   []byte
	prefix []byte // the element's prefix as written
}

func newScanner(cr *cleanReader, pre []byte) *xmlScanner {
	return &xmlScanner{cr: cr, pre: pre, next: -1, line: 1}
}

// reset makes s a new scanner reading pre, then cr: encoding/xml's state
// after a resync is a new decoder's.
func (s *xmlScanner) reset(pre []byte) {
	*s = xmlScanner{cr: s.cr, pre: pre, next: -1, line: 1,
		scratch: s.scratch[:0], buf: s.buf[:0], names: s.names[:0], stk: s.stk[:0], binds: s.binds[:0], attrs: s.attrs[:0]}
}

func (s *xmlScanner) bytesOf(sp span) []byte { return s.scratch[sp.lo:sp.hi] }

func (s *xmlScanner) syntaxError(msg string) error {
	return &xml.SyntaxError{Msg: msg, Line: s.line}
}

// token is encoding/xml's Decoder.Token.
func (s *xmlScanner) token() (tokKind, error) {
	k, err := s.rawToken()
	if k == tokNone {
		if err == io.EOF && len(s.stk) > 0 {
			err = s.syntaxError("unexpected EOF")
		}
		return tokNone, err
	}
	switch k {
	case tokStart:
		nb := len(s.binds)
		for _, a := range s.attrs {
			p, l := s.bytesOf(a.prefix), s.bytesOf(a.local)
			if string(p) == "xmlns" {
				s.binds = append(s.binds, binding{string(l), internURI(s.bytesOf(a.value))})
			}
			if len(p) == 0 && string(l) == "xmlns" {
				s.binds = append(s.binds, binding{"", internURI(s.bytesOf(a.value))})
			}
		}
		f := frame{binds: nb}
		f.prefix.lo = len(s.names)
		s.names = append(s.names, s.prefix...)
		f.prefix.hi = len(s.names)
		f.local.lo = len(s.names)
		s.names = append(s.names, s.local...)
		f.local.hi = len(s.names)
		s.stk = append(s.stk, f)
		s.space = s.translate(s.prefix, s.local)
	case tokEnd:
		if !s.popElement() {
			return tokNone, s.err
		}
	}
	return k, nil
}

// translate is encoding/xml's translate of an element's name.
func (s *xmlScanner) translate(prefix, local []byte) string {
	switch {
	case string(prefix) == "xmlns":
		return "xmlns"
	case string(prefix) == "xml":
		return "http://www.w3.org/XML/1998/namespace"
	case len(prefix) == 0 && string(local) == "xmlns":
		return ""
	}
	for i := len(s.binds) - 1; i >= 0; i-- {
		if s.binds[i].prefix == string(prefix) {
			return s.binds[i].uri
		}
	}
	if len(prefix) == 0 {
		return ""
	}
	return string(prefix) // an undeclared prefix is its own name space
}

// popElement is encoding/xml's popElement: the end tag s.prefix:s.local
// must close the element open last.
func (s *xmlScanner) popElement() bool {
	if len(s.stk) == 0 {
		s.err = s.syntaxError("unexpected end element </" + string(s.local) + ">")
		return false
	}
	f := s.stk[len(s.stk)-1]
	s.stk = s.stk[:len(s.stk)-1]
	open := s.names[f.local.lo:f.local.hi]
	openPrefix := s.names[f.prefix.lo:f.prefix.hi]
	switch {
	case !bytes.Equal(open, s.local):
		s.err = s.syntaxError("element <" + string(open) + "> closed by </" + string(s.local) + ">")
		return false
	case !bytes.Equal(openPrefix, s.prefix):
		ns := string(s.prefix)
		if ns == "" {
			ns = `""`
		}
		s.err = s.syntaxError("element <" + string(open) + "> in space " + string(openPrefix) +
			" closed by </" + string(s.local) + "> in space " + ns)
		return false
	}
	s.space = s.translate(s.prefix, s.local)
	s.names = s.names[:f.prefix.lo]
	s.binds = s.binds[:f.binds]
	return true
}

// internURI is a declared name space: the ones this package reads are
// not allocated again for every declaration.
func internURI(b []byte) string {
	switch string(b) {
	case "DAV:":
		return "DAV:"
	case nsCalDAV:
		return nsCalDAV
	case nsCS:
		return nsCS
	}
	return string(b)
}

const (
	nsCalDAV = "urn:ietf:params:xml:ns:caldav"
	nsCS     = "http://calendarserver.org/ns/"
)

func (s *xmlScanner) getc() (byte, bool) {
	if s.err != nil {
		return 0, false
	}
	var b byte
	switch {
	case s.next >= 0:
		b = byte(s.next)
		s.next = -1
	case len(s.pre) > 0:
		b, s.pre = s.pre[0], s.pre[1:]
	default:
		var err error
		if b, err = s.cr.ReadByte(); err != nil {
			s.err = err
			return 0, false
		}
	}
	if b == '\n' {
		s.line++
	}
	return b, true
}

func (s *xmlScanner) mustgetc() (byte, bool) {
	b, ok := s.getc()
	if !ok && s.err == io.EOF {
		s.err = s.syntaxError("unexpected EOF")
	}
	return b, ok
}

func (s *xmlScanner) ungetc(b byte) {
	if b == '\n' {
		s.line--
	}
	s.next = int(b)
}

// rawToken is encoding/xml's rawToken.
func (s *xmlScanner) rawToken() (tokKind, error) {
	if s.err != nil {
		return tokNone, s.err
	}
	s.scratch, s.attrs = s.scratch[:0], s.attrs[:0]
	if s.needClose {
		s.needClose = false
		s.scratch = append(s.scratch, s.names[s.toClose.prefix.lo:s.toClose.prefix.hi]...)
		s.scratch = append(s.scratch, s.names[s.toClose.local.lo:s.toClose.local.hi]...)
		n := s.toClose.prefix.hi - s.toClose.prefix.lo
		s.prefix, s.local = s.scratch[:n], s.scratch[n:]
		return tokEnd, nil
	}
	b, ok := s.getc()
	if !ok {
		return tokNone, s.err
	}
	if b != '<' {
		s.ungetc(b)
		data := s.textData(-1, false)
		if data == nil {
			return tokNone, s.err
		}
		s.text = data
		return tokText, nil
	}
	if b, ok = s.mustgetc(); !ok {
		return tokNone, s.err
	}
	switch b {
	case '/':
		prefix, local, ok := s.nsname()
		if !ok {
			if s.err == nil {
				s.err = s.syntaxError("expected element name after </")
			}
			return tokNone, s.err
		}
		s.skipSpace()
		if b, ok = s.mustgetc(); !ok {
			return tokNone, s.err
		}
		if b != '>' {
			s.err = s.syntaxError("invalid characters between </" + string(s.bytesOf(local)) + " and >")
			return tokNone, s.err
		}
		s.prefix, s.local = s.bytesOf(prefix), s.bytesOf(local)
		return tokEnd, nil

	case '?':
		target, ok := s.name()
		if !ok {
			if s.err == nil {
				s.err = s.syntaxError("expected target name after <?")
			}
			return tokNone, s.err
		}
		s.skipSpace()
		from := len(s.scratch)
		var b0 byte
		for {
			if b, ok = s.mustgetc(); !ok {
				return tokNone, s.err
			}
			s.scratch = append(s.scratch, b)
			if b0 == '?' && b == '>' {
				break
			}
			b0 = b
		}
		if string(s.bytesOf(target)) == "xml" {
			content := string(s.scratch[from : len(s.scratch)-2])
			if ver := procInst("version", content); ver != "" && ver != "1.0" {
				s.err = fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", ver)
				return tokNone, s.err
			}
			// Any encoding is read as UTF-8 (newDecoder in the tests).
		}
		return tokOther, nil

	case '!':
		if b, ok = s.mustgetc(); !ok {
			return tokNone, s.err
		}
		switch b {
		case '-':
			if b, ok = s.mustgetc(); !ok {
				return tokNone, s.err
			}
			if b != '-' {
				s.err = s.syntaxError("invalid sequence <!- not part of <!--")
				return tokNone, s.err
			}
			var b0, b1 byte
			for {
				if b, ok = s.mustgetc(); !ok {
					return tokNone, s.err
				}
				if b0 == '-' && b1 == '-' {
					if b != '>' {
						s.err = s.syntaxError(`invalid sequence "--" not allowed in comments`)
						return tokNone, s.err
					}
					break
				}
				b0, b1 = b1, b
			}
			return tokOther, nil

		case '[':
			for i := range 6 {
				if b, ok = s.mustgetc(); !ok {
					return tokNone, s.err
				}
				if b != "CDATA["[i] {
					s.err = s.syntaxError("invalid <![ sequence")
					return tokNone, s.err
				}
			}
			data := s.textData(-1, true)
			if data == nil {
				return tokNone, s.err
			}
			s.text = data
			return tokText, nil
		}

		// A directive: <!DOCTYPE ...>, <!ENTITY ...>. Quoted angle
		// brackets do not count for nesting; a comment inside is skipped.
		inquote := byte(0)
		depth := 0
		for {
			if b, ok = s.mustgetc(); !ok {
				return tokNone, s.err
			}
			if inquote == 0 && b == '>' && depth == 0 {
				break
			}
		handleB:
			switch {
			case b == inquote:
				inquote = 0
			case inquote != 0:
			case b == '\'' || b == '"':
				inquote = b
			case b == '>':
				depth--
			case b == '<':
				const open = "!--"
				for i := range len(open) {
					if b, ok = s.mustgetc(); !ok {
						return tokNone, s.err
					}
					if b != open[i] {
						depth++
						goto handleB
					}
				}
				var b0, b1 byte
				for {
					if b, ok = s.mustgetc(); !ok {
						return tokNone, s.err
					}
					if b0 == '-' && b1 == '-' && b == '>' {
						break
					}
					b0, b1 = b1, b
				}
			}
		}
		return tokOther, nil
	}

	// A start tag.
	s.ungetc(b)
	prefix, local, ok := s.nsname()
	if !ok {
		if s.err == nil {
			s.err = s.syntaxError("expected element name after <")
		}
		return tokNone, s.err
	}
	empty := false
	for {
		s.skipSpace()
		if b, ok = s.mustgetc(); !ok {
			return tokNone, s.err
		}
		if b == '/' {
			empty = true
			if b, ok = s.mustgetc(); !ok {
				return tokNone, s.err
			}
			if b != '>' {
				s.err = s.syntaxError("expected /> in element")
				return tokNone, s.err
			}
			break
		}
		if b == '>' {
			break
		}
		s.ungetc(b)
		var a xattr
		if a.prefix, a.local, ok = s.nsname(); !ok {
			if s.err == nil {
				s.err = s.syntaxError("expected attribute name in element")
			}
			return tokNone, s.err
		}
		s.skipSpace()
		if b, ok = s.mustgetc(); !ok {
			return tokNone, s.err
		}
		if b != '=' {
			s.err = s.syntaxError("attribute name without = in element")
			return tokNone, s.err
		}
		s.skipSpace()
		if b, ok = s.mustgetc(); !ok {
			return tokNone, s.err
		}
		if b != '"' && b != '\'' {
			s.err = s.syntaxError("unquoted or missing attribute value in element")
			return tokNone, s.err
		}
		v := s.textData(int(b), false)
		if v == nil {
			return tokNone, s.err
		}
		a.value.lo = len(s.scratch)
		s.scratch = append(s.scratch, v...)
		a.value.hi = len(s.scratch)
		s.attrs = append(s.attrs, a)
	}
	if empty {
		// The EndElement half is made from the copy token() pushes.
		s.needClose = true
		at, plen := len(s.names), prefix.hi-prefix.lo
		s.toClose.prefix = span{at, at + plen}
		s.toClose.local = span{at + plen, at + plen + local.hi - local.lo}
	}
	s.prefix, s.local = s.bytesOf(prefix), s.bytesOf(local)
	return tokStart, nil
}

func (s *xmlScanner) skipSpace() {
	for {
		b, ok := s.getc()
		if !ok {
			return
		}
		switch b {
		case ' ', '\r', '\n', '\t':
		default:
			s.ungetc(b)
			return
		}
	}
}

// nsname is encoding/xml's nsname: a name, split at its colon.
func (s *xmlScanner) nsname() (prefix, local span, ok bool) {
	name, ok := s.name()
	if !ok {
		return
	}
	b := s.bytesOf(name)
	if bytes.Count(b, []byte{':'}) > 1 {
		return prefix, local, false
	}
	if i := bytes.IndexByte(b, ':'); i <= 0 || i == len(b)-1 {
		return span{name.lo, name.lo}, name, true
	} else {
		return span{name.lo, name.lo + i}, span{name.lo + i + 1, name.hi}, true
	}
}

// name is encoding/xml's name, appended to scratch.
func (s *xmlScanner) name() (span, bool) {
	lo := len(s.scratch)
	if !s.readName() {
		return span{}, false
	}
	b := s.scratch[lo:]
	if !isXMLName(b) {
		s.err = s.syntaxError("invalid XML name: " + string(b))
		return span{}, false
	}
	return span{lo, len(s.scratch)}, true
}

func (s *xmlScanner) readName() bool {
	b, ok := s.mustgetc()
	if !ok {
		return false
	}
	if b < utf8.RuneSelf && !isNameByte(b) {
		s.ungetc(b)
		return false
	}
	s.scratch = append(s.scratch, b)
	for {
		if s.next < 0 && len(s.pre) == 0 && s.err == nil {
			s.scratch = s.cr.nameRun(s.scratch)
		}
		if b, ok = s.mustgetc(); !ok {
			return false
		}
		if b < utf8.RuneSelf && !isNameByte(b) {
			s.ungetc(b)
			break
		}
		s.scratch = append(s.scratch, b)
	}
	return true
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

func isXMLName(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	// The names a server sends are ASCII: those the tables hold are a
	// letter, '_' or ':' and then name bytes (isNameByte), told without
	// decoding a rune.
	if c := s[0]; 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':' {
		ascii := true
		for _, c := range s[1:] {
			if !isNameByte(c) {
				ascii = false
				break
			}
		}
		if ascii {
			return true
		}
	}
	c, n := utf8.DecodeRune(s)
	if c == utf8.RuneError && n == 1 || !unicode.Is(xmlNameFirst, c) {
		return false
	}
	for n < len(s) {
		s = s[n:]
		c, n = utf8.DecodeRune(s)
		if c == utf8.RuneError && n == 1 || !unicode.Is(xmlNameFirst, c) && !unicode.Is(xmlNameSecond, c) {
			return false
		}
	}
	return true
}

// textData is encoding/xml's text: character data up to a '<' (quote < 0),
// an attribute value up to its quote, or a CDATA section up to "]]>", with
// references resolved and CR LF read as LF. It returns nil on an error,
// left in s.err. The plain runs of it (plainRun) are taken from
// cleanReader's buffer at once.
func (s *xmlScanner) textData(quote int, cdata bool) []byte {
	var b0, b1 byte
	trunc := 0
	s.buf = s.buf[:0]
	if s.buf == nil {
		s.buf = make([]byte, 0, 4096)
	}
	// The bytes plainRun appends are known to be characters XML allows;
	// the others, from slow on, are checked as encoding/xml checks them,
	// and the first that is not is the error once the text is read whole.
	slow, bad := -1, ""
input:
	for {
		if quote < 0 && s.next < 0 && len(s.pre) == 0 && s.err == nil && s.cr.ip >= s.cr.np { // at a rune's start
			if slow >= 0 {
				if bad == "" {
					bad = badChar(s.buf[slow:])
				}
				slow = -1
			}
			var n, lines int
			s.buf, n, b0, b1, lines = s.cr.plainRun(s.buf, cdata, b0, b1)
			if n > 0 {
				s.line += lines
			}
		}
		b, ok := s.getc()
		if ok && slow < 0 {
			slow = len(s.buf)
		}
		if !ok {
			if cdata {
				if s.err == io.EOF {
					s.err = s.syntaxError("unexpected EOF in CDATA section")
				}
				return nil
			}
			break input
		}
		if quote < 0 && b0 == ']' && b1 == ']' && b == '>' {
			if cdata {
				trunc = 2
				break input
			}
			s.err = s.syntaxError("unescaped ]]> not in CDATA section")
			return nil
		}
		if b == '<' && !cdata {
			if quote >= 0 {
				s.err = s.syntaxError("unescaped < inside quoted string")
				return nil
			}
			s.ungetc('<')
			break input
		}
		if quote >= 0 && b == byte(quote) {
			break input
		}
		if b == '&' && !cdata {
			if buf, ok := s.quickRef(s.buf); ok {
				s.buf = buf
				b0, b1 = 0, 0
				continue input
			}
			before := len(s.buf)
			s.buf = append(s.buf, '&')
			var text string
			var haveText bool
			if b, ok = s.mustgetc(); !ok {
				return nil
			}
			if b == '#' {
				s.buf = append(s.buf, b)
				if b, ok = s.mustgetc(); !ok {
					return nil
				}
				base := 10
				if b == 'x' {
					base = 16
					s.buf = append(s.buf, b)
					if b, ok = s.mustgetc(); !ok {
						return nil
					}
				}
				start := len(s.buf)
				for '0' <= b && b <= '9' || base == 16 && 'a' <= b && b <= 'f' || base == 16 && 'A' <= b && b <= 'F' {
					s.buf = append(s.buf, b)
					if b, ok = s.mustgetc(); !ok {
						return nil
					}
				}
				if b != ';' {
					s.ungetc(b)
				} else {
					digits := string(s.buf[start:])
					s.buf = append(s.buf, ';')
					n, err := strconv.ParseUint(digits, base, 64)
					if err == nil && n <= unicode.MaxRune {
						text, haveText = string(rune(n)), true
					}
				}
			} else {
				s.ungetc(b)
				// readName appends to scratch; the name is moved to buf.
				lo := len(s.scratch)
				if !s.readName() && s.err != nil {
					return nil
				}
				s.buf = append(s.buf, s.scratch[lo:]...)
				s.scratch = s.scratch[:lo]
				if b, ok = s.mustgetc(); !ok {
					return nil
				}
				if b != ';' {
					s.ungetc(b)
				} else {
					name := s.buf[before+1:]
					if isXMLName(name) {
						switch string(name) {
						case "lt":
							text, haveText = "<", true
						case "gt":
							text, haveText = ">", true
						case "amp":
							text, haveText = "&", true
						case "apos":
							text, haveText = "'", true
						case "quot":
							text, haveText = `"`, true
						}
					}
					s.buf = append(s.buf, ';')
				}
			}
			if haveText {
				s.buf = append(s.buf[:before], text...)
				b0, b1 = 0, 0
				continue input
			}
			ent := string(s.buf[before:])
			if ent[len(ent)-1] != ';' {
				ent += " (no semicolon)"
			}
			s.err = s.syntaxError("invalid character entity " + ent)
			return nil
		}
		switch {
		case b == '\r':
			s.buf = append(s.buf, '\n')
		case b1 == '\r' && b == '\n':
		default:
			s.buf = append(s.buf, b)
		}
		b0, b1 = b1, b
	}
	data := s.buf[:len(s.buf)-trunc]
	if slow >= 0 && bad == "" && slow < len(data) {
		bad = badChar(data[slow:])
	}
	if bad != "" {
		s.err = s.syntaxError(bad)
		return nil
	}
	return data
}

// quickRef appends to dst, after an '&', a reference that resolves (&#13;, &amp;),
// at once from cleanReader's buffer; anything else (a reference an error
// or the buffer's end cuts) is left to the
// byte-by-byte path, which reads
// it as encoding/xml does.
func (s *xmlScanner) quickRef(dst []byte) ([]byte, bool) {
	if s.next >= 0 || len(s.pre) > 0 || s.err != nil {
		return dst, false
	}
	p := s.cr.peekPlain()
	if len(p) < 3 {
		return dst, false
	}
	var text string
	k := 0
	if p[0] == '#' {
		j, base := 1, 10
		if p[1] == 'x' {
			j, base = 2, 16
		}
		start := j
		var n uint64 // at most 14 digits: no overflow
		for ; j < len(p); j++ {
			c := p[j]
			switch {
			case '0' <= c && c <= '9':
				n = n*uint64(base) + uint64(c-'0')
			case base == 16 && 'a' <= c && c <= 'f':
				n = n*16 + uint64(c-'a'+10)
			case base == 16 && 'A' <= c && c <= 'F':
				n = n*16 + uint64(c-'A'+10)
			default:
				goto end
			}
		}
	end:
		if j == start || j == len(p) || p[j] != ';' || n > unicode.MaxRune {
			return dst, false
		}
		dst, k = utf8.AppendRune(dst, rune(n)), j+1 // as string(rune(n))
	} else {
		j := 0
		for j < len(p) && isNameByte(p[j]) {
			j++
		}
		if j == len(p) || p[j] != ';' {
			return dst, false
		}
		switch string(p[:j]) {
		case "lt":
			text = "<"
		case "gt":
			text = ">"
		case "amp":
			text = "&"
		case "apos":
			text = "'"
		case "quot":
			text = `"`
		default:
			return dst, false
		}
		k = j + 1
	}
	s.cr.consumePlain(k)
	return append(dst, text...), true
}

// peekPlain is the buffered bytes ReadByte would pass on as they are, in
// text, up to a bound, as far as a reference may go; nil when ReadByte
// may not (a repair pending, an attachment being dropped, a line start).
func (r *cleanReader) peekPlain() []byte {
	if r.ip < r.np || r.err != nil || r.dropping || r.lineStart || r.m.state != lexText || (r.inResp && r.m.depth > maxDepth) {
		return nil
	}
	b := r.buffered()
	if len(b) > 16 {
		b = b[:16]
	}
	for i, c := range b {
		if c < 0x21 || c >= 0x7f || c == '&' || c == '<' {
			return b[:i]
		}
	}
	return b
}

// consumePlain consumes the first k bytes peekPlain gave, as ReadByte
// would have.
func (r *cleanReader) consumePlain(k int) {
	b, _ := r.br.Peek(k)
	r.noteLast(b)
	_, _ = r.br.Discard(k)
	r.n += int64(k)
}

// badChar is encoding/xml's complaint about the first rune of b that is not
// a character XML allows, or "".
func badChar(b []byte) string {
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return fmt.Sprintf("illegal character code %U", rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return "invalid UTF-8"
		}
		i += size
		if !xmlChar(r) {
			return fmt.Sprintf("illegal character code %U", r)
		}
	}
	return ""
}

// plainTable classes the bytes of a plain run of text: plain (printable
// ASCII but for the markup '<', '&', ']' and '>', and tab), CR, LF, the
// first byte of a rune that is not ASCII, or not plain. In a CDATA section
// '<' and '&' are plain too (plainCDATA).
var plainTable, plainCDATA = func() (t, c [256]uint8) {
	for b := 0x20; b < 0x80; b++ {
		if b != ']' && b != '>' {
			c[b] = isPlain
			if b != '<' && b != '&' {
				t[b] = isPlain
			}
		}
	}
	t['\t'], c['\t'] = isPlain, isPlain
	t['\r'], c['\r'] = isCR, isCR
	t['\n'], c['\n'] = isLF, isLF
	for b := 0x80; b < 0x100; b++ {
		t[b], c[b] = isRune, isRune
	}
	return
}()

const (
	notPlain = iota
	isPlain
	isCR
	isLF
	isRune
)

// plainRun appends to dst the longest run of buffered bytes that
// cleanReader would pass on unchanged and that neither its markup lexer
// nor the scanner's text reading treat specially, as the scanner would
// (CR LF as LF), and consumes it as ReadByte would have, byte by byte:
// the counts, the bounds, the line starts. b0 and b1 are the last two
// bytes the text read, before and after. Whatever is not plain (markup, a
// reference, a byte to repair, a line that may begin an attachment, the
// byte that passes a bound) is left for ReadByte.
func (r *cleanReader) plainRun(dst []byte, cdata bool, b0, b1 byte) (out []byte, n int, a0, a1 byte, lines int) {
	if r.ip < r.np || r.err != nil || r.dropping || (r.inResp && r.m.depth > maxDepth) {
		return dst, 0, b0, b1, 0
	}
	table := &plainTable
	switch {
	case r.m.state == lexCDATA && cdata:
		table = &plainCDATA
	case r.m.state == lexText || r.m.state == lexCDATA:
	default:
		return dst, 0, b0, b1, 0
	}
	b := r.buffered()
	if len(b) > 0 && r.lineStart && (b[0] == 'A' || b[0] == 'a') && !notAttach(b[1:]) {
		return dst, 0, b0, b1, 0
	}
	i, seg := 0, 0 // b[seg:i] is still to be appended
scan:
	for i < len(b) {
		for i+8 <= len(b) && plainWord(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		for i < len(b) && table[b[i]] == isPlain {
			i++
		}
		if i == len(b) {
			break
		}
		switch table[b[i]] {
		case notPlain:
			if k := crRef(b[i:]); k > 0 && table == &plainTable && r.m.state == lexText {
				// A CR written as a reference (libxml2's "&#13;", encoding/xml's
				// "&#xD;"), on every line of an object some servers send: the
				// CR itself, as quickRef reads it (a CR LF read so keeps both).
				dst = append(append(dst, b[seg:i]...), '\r')
				i += k
				seg = i
				continue
			}
			break scan
		case isRune:
			ru, size := utf8.DecodeRune(b[i:])
			if ru == utf8.RuneError && size <= 1 || !xmlChar(ru) || i+size > len(b) {
				break scan // a repair, or a rune the buffer cuts: ReadByte's
			}
			i += size
			continue
		case isCR:
			dst = append(append(dst, b[seg:i]...), '\n')
			seg = i + 1
		case isLF:
			lines++
			if i > 0 && b[i-1] == '\r' || i == 0 && b1 == '\r' {
				dst = append(dst, b[seg:i]...)
				seg = i + 1
			}
			if i+1 < len(b) && (b[i+1] == 'A' || b[i+1] == 'a') && !notAttach(b[i+2:]) {
				i++
				break scan // a line that may be an attachment: skipAttach's
			}
		}
		i++
	}
	dst = append(dst, b[seg:i]...)
	switch {
	case i >= 2:
		b0, b1 = b[i-2], b[i-1]
	case i == 1:
		b0, b1 = b1, b[0]
	}
	if i == 0 {
		return dst, 0, b0, b1, 0
	}
	r.lineStart = b[i-1] == '\n'
	r.noteLast(b[:i])
	if r.m.state == lexCDATA {
		if i >= 2 {
			r.m.tail = [2]byte{b[i-2], b[i-1]}
		} else {
			r.m.tail = [2]byte{r.m.tail[1], b[0]}
		}
	}
	_, _ = r.br.Discard(i)
	r.n += int64(i)
	return dst, i, b0, b1, lines
}

// plainWord tells whether the eight bytes of w are all plain in both
// tables (printable ASCII but '<', '&', ']' and '>'), eight at a time: a
// calendar object's text is mostly such runs. A word it refuses (a tab, a
// line's end, a rune, markup) is read byte by byte.
func plainWord(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	// A byte of x is 0 (or one before it was) when (x-ones)&^x has its
	// high bit: the test for "a byte < 0x20" and for each of the four
	// bytes, as x = w^(ones*c). The high bits of w are runes.
	lt, ma, am, rb, gt := w-ones*0x20, w^(ones*'<'), w^(ones*'&'), w^(ones*']'), w^(ones*'>')
	return (w|lt&^w|(ma-ones)&^ma|(am-ones)&^am|(rb-ones)&^rb|(gt-ones)&^gt)&highs == 0
}

// notAttach tells whether the bytes after a line's first 'A' are enough to
// see that the line is not "ATTACH;" or "ATTACH:" (skipAttach's test), so
// that a plain run goes on over it: every ATTENDEE line begins so.
func notAttach(b []byte) bool {
	return len(b) >= 6 && (!asciiEqualFold(b[:5], "ttach") || b[5] != ';' && b[5] != ':')
}

// crRef is the length of the reference to a CR b begins with ("&#13;",
// "&#xD;", "&#xd;"), or 0.
func crRef(b []byte) int {
	if len(b) < 5 || b[0] != '&' || b[1] != '#' {
		return 0
	}
	switch {
	case b[2] == '1' && b[3] == '3' && b[4] == ';':
		return 5
	case b[2] == 'x' && (b[3] == 'D' || b[3] == 'd') && b[4] == ';':
		return 5
	}
	return 0
}

// buffered is the bytes ReadByte may pass on before a bound: all that is
// buffered, or up to the byte that would pass bodyCap or respCap.
func (r *cleanReader) buffered() []byte {
	b, _ := r.br.Peek(r.br.Buffered())
	limit := r.max - r.n
	if r.inResp {
		limit = min(limit, r.respMax-(r.n-r.respStart-(r.dropped-r.respDropped)))
	}
	if limit <= 0 {
		return nil
	}
	if int64(len(b)) > limit {
		b = b[:limit]
	}
	return b
}

// nameRun appends to dst the run of buffered bytes that may go on a name
// (isNameByte), consumed as ReadByte would have: none of them is repaired,
// and in a tag, text or an end tag the markup lexer only notes that the
// last byte was not a '/'. The root's start tag, which the lexer records,
// and a line start, which may begin an attachment, are left to ReadByte.
func (r *cleanReader) nameRun(dst []byte) []byte {
	if r.ip < r.np || r.err != nil || r.dropping || r.lineStart || (r.inResp && r.m.depth > maxDepth) {
		return dst
	}
	switch r.m.state {
	case lexStart:
		if !r.m.rootDone && r.m.depth == 0 {
			return dst
		}
	case lexEnd, lexText:
	default:
		return dst
	}
	b := r.buffered()
	i := 0
	for i < len(b) && isNameByte(b[i]) {
		i++
	}
	if i == 0 {
		return dst
	}
	r.m.slash = false
	r.noteLast(b[:i])
	dst = append(dst, b[:i]...)
	_, _ = r.br.Discard(i)
	r.n += int64(i)
	return dst
}

// procInst is encoding/xml's procInst.
func procInst(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}
