package caldav

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// How a multi-status answer is read, and what one answer may cost.
//
// The body is decoded as it arrives, one DAV:response at a time, never
// held whole. Each response is slimmed before the next is read: binary
// attachments (ATTACH;VALUE=BINARY / ENCODING=BASE64) are dropped from its
// calendar-data, since no step of a pass reads them, and an object still
// bigger than MaxObject is replaced by an error naming it. So what a fetch
// keeps is bounded by MaxKept whatever the body holds, and the body itself
// by MaxBody.
//
// One object's bytes cannot fail the answer: characters XML 1.0 forbids
// (U+000B in a DESCRIPTION, which Outlook writes and Radicale serves raw;
// other C0 controls, as bytes or as character references) become spaces,
// and bytes that are not UTF-8 become U+FFFD, before the XML decoder sees
// them. The response that held them is named in a warning.
const (
	// MaxBody bounds the bytes of one multi-status answer.
	MaxBody = 256 << 20
	// MaxObject bounds one calendar object once its binary attachments
	// are dropped: a meeting with a long agenda is tens of KiB, netsyncd's
	// own week entry for a thousand events 2 MiB.
	MaxObject = 4 << 20
	// MaxKept bounds what one answer keeps in memory (hrefs, ETags and
	// slimmed objects), and so what a calendar costs sync.json.
	MaxKept = 48 << 20
)

// bodyCap, keptCap and respCap are MaxBody, MaxKept and the bytes one
// DAV:response may take once its attachments are dropped (an object of
// MaxObject, escaped, and its properties); tests lower them.
var bodyCap, keptCap, respCap int64 = MaxBody, MaxKept, MaxObject*2 + 1<<20

// ErrResponseTooLarge means one DAV:response of an answer was longer than
// any object netsyncd keeps, attachments aside.
var ErrResponseTooLarge = errors.New("caldav: one response of the answer is larger than any calendar object netsyncd reads")

// ErrBodyTooLarge means an answer was longer than MaxBody.
var ErrBodyTooLarge = errors.New("caldav: the answer is larger than the body cap")

// bodyTooLarge is ErrBodyTooLarge with the cap.
func bodyTooLarge() error { return fmt.Errorf("%w of %d MiB", ErrBodyTooLarge, bodyCap>>20) }

// ErrTooMuchData means an answer held more than MaxKept of objects.
var ErrTooMuchData = fmt.Errorf("caldav: the answer holds more than %d MiB of calendar data without attachments", MaxKept>>20)

// badXML is an answer that is not a well-formed multi-status; any other
// error of decodeMultistatus is the body's own (cut, too large).
type badXML struct{ err error }

func (e *badXML) Error() string { return e.err.Error() }
func (e *badXML) Unwrap() error { return e.err }

// decodeMultistatus reads a multi-status from r, response by response.
func decodeMultistatus(r io.Reader) (*multistatus, error) {
	return decodeMultistatusEach(r, nil)
}

// decodeMultistatusEach is decodeMultistatus handing each DAV:response, once
// it is decoded and slimmed (an object skipped for its size too, with
// tooBig), to each before the next is read, when each is not nil. A
// response each does not keep is not in the multistatus returned and does
// not count towards MaxKept: a caller that takes what it needs of every
// object as it comes holds no more than one at a time. An error of each
// ends the decoding with it.
func decodeMultistatusEach(r io.Reader, each func(*response) (keep bool, err error)) (*multistatus, error) {
	ms, err := decodeEachCapped(r, respCap, skipCap, each)
	var bad *badXML
	if err != nil && !errors.As(err, &bad) && !errors.Is(err, ErrBodyTooLarge) && !errors.Is(err, ErrTooMuchData) && !errors.Is(err, ErrResponseTooLarge) {
		var syn *xml.SyntaxError
		var ue xml.UnmarshalError
		if errors.As(err, &syn) || errors.As(err, &ue) {
			err = &badXML{err}
		}
	}
	return ms, err
}

func decodeStream(r io.Reader) (*multistatus, error) {
	return decodeCapped(r, respCap, skipCap)
}

// decodeCapped is decodeStream with the bounds of one response given:
// what it may hold, and what may be read through to skip it.
func decodeCapped(r io.Reader, resp, skip int64) (*multistatus, error) {
	return decodeEachCapped(r, resp, skip, nil)
}

// decodeEachCapped is decodeCapped handing each response to each
// (decodeMultistatusEach).
func decodeEachCapped(r io.Reader, resp, skip int64, each func(*response) (bool, error)) (*multistatus, error) {
	cr := &cleanReader{br: bufio.NewReaderSize(bodyReader(r), 32<<10), max: bodyCap, respMax: resp, skipMax: skip, lineStart: true}
	d := newDecoder(cr) // a ByteReader: the decoder reads no further than it needs
	ms := &multistatus{}
	var kept int64
	var big largest
	depth, root := 0, false
	for {
		// Every token and every element under the root is bounded like a
		// response: text between responses or an unknown element that
		// never ends would otherwise be gathered whole.
		cr.inResp, cr.respStart, cr.respDropped = true, cr.n, cr.dropped
		tok, err := d.Token()
		if err == io.EOF {
			if !root {
				return nil, &badXML{errors.New("no DAV:multistatus element")}
			}
			return ms, nil
		}
		if err != nil {
			if errors.Is(cr.err, ErrResponseTooLarge) {
				return nil, &sizeError{fmt.Errorf("after %s: %w", lastHref(ms), cr.err), serverFault}
			}
			if errors.Is(cr.err, ErrBodyTooLarge) {
				return nil, bodyHint(cr, ms, "")
			}
			if cr.err != nil && !errors.Is(cr.err, io.EOF) {
				return nil, cr.err // the body's own failure, not the XML's
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1:
				if t.Name.Space != "DAV:" || t.Name.Local != "multistatus" {
					return nil, &badXML{fmt.Errorf("the root element is %s, not DAV:multistatus", t.Name.Local)}
				}
				root = true
			case depth == 2 && t.Name.Space == "DAV:" && t.Name.Local == "response":
				fixed := cr.fixed
				var resp response
				cr.respStart, cr.respDropped = cr.n, cr.dropped
				at := cr.m.depth
				err := d.DecodeElement(&resp, &t)
				if err != nil {
					if errors.Is(cr.err, ErrResponseTooLarge) && len(resp.Hrefs) > 0 {
						// One object too large: skip it, name it, go on.
						size, err := cr.skipResponse(at)
						if err == nil {
							skip := response{Hrefs: resp.Hrefs, tooBig: tooLargeObject(size)}
							if cr.tooDeep {
								skip.tooBig = tooDeep()
							}
							cr.tooDeep = false
							if keep, err := eachKeeps(each, &skip); err != nil {
								return nil, err
							} else if !keep {
								d, depth, root = newDecoder(cr.again()), 0, false
								continue
							}
							big.add(hrefs(&skip), skip.size())
							if kept += skip.size(); kept > keptCap {
								return nil, tooMuch(len(ms.Responses)+1, kept, big)
							}
							ms.Responses = append(ms.Responses, skip)
							d, depth, root = newDecoder(cr.again()), 0, false
							continue
						}
						if errors.Is(cr.err, ErrBodyTooLarge) {
							return nil, bodyHint(cr, ms, hrefs(&resp))
						}
						if !errors.Is(err, errNeverEnds) {
							return nil, err
						}
						return nil, &sizeError{fmt.Errorf("the response for %s: %w: %w", hrefs(&resp), ErrResponseTooLarge, err),
							fmt.Sprintf("that one object holds more than %d MiB without its attachments, more than any event (an .ics imported as one object holds a whole calendar): delete or split it in your calendar app; a shorter window does not help", cr.skipMax>>20)}
					}
					if errors.Is(cr.err, ErrResponseTooLarge) {
						return nil, &sizeError{fmt.Errorf("the response after %s: %w", lastHref(ms), cr.err), serverFault}
					}
					if errors.Is(cr.err, ErrBodyTooLarge) {
						return nil, bodyHint(cr, ms, hrefs(&resp))
					}
					if cr.err != nil && !errors.Is(cr.err, io.EOF) {
						return nil, cr.err
					}
					return nil, &badXML{fmt.Errorf("in the response after %s: %w", lastHref(ms), err)}
				}
				depth--
				resp.repaired = cr.fixed - fixed
				resp.slim()
				if keep, err := eachKeeps(each, &resp); err != nil {
					return nil, err
				} else if !keep {
					continue
				}
				size := resp.size()
				big.add(hrefs(&resp), size)
				if kept += size; kept > keptCap {
					return nil, tooMuch(len(ms.Responses)+1, kept, big)
				}
				ms.Responses = append(ms.Responses, resp)
			case depth == 2 && t.Name.Space == "DAV:" && t.Name.Local == "sync-token":
				if err := d.DecodeElement(&ms.SyncToken, &t); err != nil {
					return nil, err
				}
				depth--
			default:
				if err := d.Skip(); err != nil {
					if errors.Is(cr.err, ErrResponseTooLarge) {
						return nil, &sizeError{fmt.Errorf("in an element after %s: %w", lastHref(ms), cr.err), serverFault}
					}
					return nil, err
				}
				depth--
			}
		case xml.EndElement:
			depth--
		}
	}
}

// eachKeeps is each's verdict on r: kept when there is no each.
func eachKeeps(each func(*response) (bool, error), r *response) (bool, error) {
	if each == nil {
		return true, nil
	}
	return each(r)
}

// sizeError is an answer over one of the bounds, with what to do about it,
// which depends on what made it large: one object, many, or attachments.
type sizeError struct {
	err  error
	hint string
}

func (e *sizeError) Error() string { return e.err.Error() + ": " + e.hint }
func (e *sizeError) Unwrap() error { return e.err }

// serverFault is what to do about an answer holding one huge piece that is
// no object: text that never ends between responses, an element without
// its end.
const serverFault = "no calendar object is that large, so the server (or a proxy in front of it) sent a broken answer: try again later, and report it to its maintainers if it lasts; a shorter window does not help"

// windowHint is what to do about an answer that is large because the
// calendar holds many objects in the window.
const windowHint = "shorten window.past and window.future, or move old events out of this calendar (docs/reliability.md)"

// withHint gives err, an answer over a bound, windowHint unless it says
// already what to do.
func withHint(err error) error {
	var se *sizeError
	if errors.As(err, &se) {
		return err
	}
	return &sizeError{err, windowHint}
}

// largest keeps the three largest responses of an answer, by what they keep.
type largest [3]struct {
	href string
	size int64
}

func (l *largest) add(href string, size int64) {
	for i := range l {
		if size > l[i].size {
			copy(l[i+1:], l[i:len(l)-1])
			l[i].href, l[i].size = href, size
			return
		}
	}
}

// tooMuch is ErrTooMuchData with a hint that fits: the objects that hold
// most of it when a few do, else the window.
func tooMuch(n int, kept int64, big largest) error {
	err := fmt.Errorf("%w (%d objects read)", ErrTooMuchData, n)
	var named []string
	var sum int64
	for _, b := range big {
		if b.size == 0 || sum*2 > kept {
			break
		}
		named = append(named, fmt.Sprintf("%s (%d KiB)", b.href, b.size>>10))
		sum += b.size
	}
	if sum*2 > kept {
		return &sizeError{err, fmt.Sprintf("most of it is %s: delete or shorten those objects in your calendar app (a long agenda pasted many times, an .ics imported as one object); a shorter window does not help", strings.Join(named, ", "))}
	}
	return &sizeError{err, fmt.Sprintf("about %d KiB an object: %s", kept/int64(n)>>10, windowHint)}
}

// bodyHint is ErrBodyTooLarge (cr.err) with a hint that fits: attachments
// when they made most of it, the object being read when there is one.
func bodyHint(cr *cleanReader, ms *multistatus, reading string) error {
	where := ""
	if reading != "" {
		where = fmt.Sprintf(" while reading the response for %s", reading)
	}
	err := fmt.Errorf("%w%s", cr.err, where)
	if cr.dropped*2 > cr.n {
		return &sizeError{err, fmt.Sprintf("%d MiB of it are inline attachments (%d of them), which netsyncd does not read: remove the attachments from those events (attach a link instead), or shorten window.past and window.future", cr.dropped>>20, cr.attachments)}
	}
	return &sizeError{err, fmt.Sprintf("%d objects read before it ended: %s", len(ms.Responses), windowHint)}
}

func lastHref(ms *multistatus) string {
	if n := len(ms.Responses); n > 0 {
		return hrefs(&ms.Responses[n-1])
	}
	return "the start"
}

// slim drops the calendar-data's binary attachments and replaces an
// object over MaxObject by an error.
func (r *response) slim() {
	for i := range r.Propstats {
		p := &r.Propstats[i].Prop
		if p.CalendarData == nil {
			continue
		}
		data := dropBinary(*p.CalendarData)
		if len(data) > MaxObject {
			r.tooBig = tooLargeObject(int64(len(data)))
			p.CalendarData = nil
			continue
		}
		p.CalendarData = &data
	}
}

// size is about what the response keeps in memory.
func (r *response) size() int64 {
	n := int64(256 + len(r.Status) + len(r.Description))
	for _, h := range r.Hrefs {
		n += int64(len(h))
	}
	for i := range r.Propstats {
		p := &r.Propstats[i].Prop
		if p.CalendarData != nil {
			n += int64(len(*p.CalendarData))
		}
		if p.ETag != nil {
			n += int64(len(*p.ETag))
		}
	}
	return n
}

// dropBinary removes ATTACH properties holding inline binary data
// (RFC 5545 section 3.8.1.1: VALUE=BINARY with ENCODING=BASE64), folded
// lines and all. Attachments by URI are short and stay.
func dropBinary(data string) string {
	if !strings.Contains(strings.ToUpper(data), "ATTACH") {
		return data
	}
	var b strings.Builder
	b.Grow(len(data) / 2)
	skip := false
	for rest := data; rest != ""; {
		line, after, found := strings.Cut(rest, "\n")
		if found {
			line += "\n"
		}
		rest = after
		if line[0] == ' ' || line[0] == '\t' {
			if !skip {
				b.WriteString(line)
			}
			continue
		}
		skip = binaryAttach(line)
		if !skip {
			b.WriteString(line)
		}
	}
	return b.String()
}

func binaryAttach(line string) bool {
	if len(line) < 7 || !strings.EqualFold(line[:6], "ATTACH") || (line[6] != ';' && line[6] != ':') {
		return false
	}
	params, _, _ := strings.Cut(line, ":")
	params = strings.ToUpper(params)
	return strings.Contains(params, "ENCODING=BASE64") || strings.Contains(params, "VALUE=BINARY")
}

// cleanReader passes a body through, at most max bytes of it, making what
// XML 1.0 forbids acceptable: C0 controls other than tab, LF and CR (raw or
// as &#N; / &#xN;) become spaces, invalid UTF-8 becomes U+FFFD. fixed
// counts the repairs. It is an io.ByteReader, so encoding/xml reads it
// byte by byte and fixed is exact at every token.
type cleanReader struct {
	br    *bufio.Reader
	n     int64 // bytes read from the body
	max   int64
	pend  [utf8.UTFMax]byte
	np    int // pend[ip:np] is still to be returned
	ip    int
	fixed int
	err   error

	lineStart   bool // the next byte begins a line
	dropping    bool // inside an attachment's line
	attachments int  // how many were dropped
	// inResp: respCap applies, from byte respStart (a token, or an
	// element under the root, is being decoded).
	inResp    bool
	respStart int64
	// dropped counts the attachments' bytes, respDropped its value at
	// respStart: they do not count against respCap.
	dropped, respDropped int64
	// m follows the markup, to skip a response too large (resync.go).
	m markup
	// respMax and skipMax are respCap and skipCap.
	respMax, skipMax int64
	// tooDeep: the response being read nests deeper than maxDepth.
	tooDeep bool
}

func (r *cleanReader) Read(p []byte) (int, error) { return readBytes(r, p) }

// readBytes fills p from br, byte by byte: an io.Reader whose every byte
// goes through ReadByte.
func readBytes(br io.ByteReader, p []byte) (int, error) {
	for i := range p {
		c, err := br.ReadByte()
		if err != nil {
			if i > 0 {
				return i, nil
			}
			return 0, err
		}
		p[i] = c
	}
	return len(p), nil
}

// ReadByte is the next byte for the XML decoder; the markup follows it.
func (r *cleanReader) ReadByte() (byte, error) {
	c, err := r.readByte()
	if err == nil {
		r.m.lex(c)
		if r.inResp && r.m.depth > maxDepth {
			// encoding/xml keeps a frame for each open element: 9 MiB of
			// <x> would cost hundreds of MB.
			r.tooDeep, r.err = true, ErrResponseTooLarge
			return 0, r.err
		}
	}
	return c, err
}

func (r *cleanReader) readByte() (byte, error) {
	if r.ip < r.np {
		c := r.pend[r.ip]
		r.ip++
		return c, nil
	}
	if r.err != nil {
		return 0, r.err
	}
	var c byte
	for {
		var err error
		if c, err = r.br.ReadByte(); err != nil {
			r.err = err
			return 0, err
		}
		if r.n++; r.n > r.max {
			r.err = bodyTooLarge()
			return 0, r.err
		}
		if r.skipAttach(c) {
			r.dropped++
			continue
		}
		if r.inResp && r.n-r.respStart-(r.dropped-r.respDropped) > r.respMax {
			r.lineStart = c == '\n'
			r.m.lex(c) // so that skipResponse knows where it is
			r.err = ErrResponseTooLarge
			return 0, r.err
		}
		r.lineStart = c == '\n'
		break
	}
	switch {
	case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
		r.fixed++
		return ' ', nil
	case c == '&' && r.m.state != lexCDATA && r.m.state != lexComment && r.m.state != lexPI:
		// In a CDATA section (Cyrus sends calendar-data so) an '&' is
		// itself, and so is what follows it.
		return r.charRef(), nil
	case c < utf8.RuneSelf:
		return c, nil
	}
	_ = r.br.UnreadByte()
	r.n--
	ru, size, err := r.br.ReadRune()
	if err != nil {
		r.err = err
		return 0, err
	}
	r.n += int64(size)
	if (ru == utf8.RuneError && size == 1) || !xmlChar(ru) {
		r.fixed++
		ru = utf8.RuneError
	}
	r.np, r.ip = utf8.EncodeRune(r.pend[:], ru), 1
	return r.pend[0], nil
}

// skipAttach tells whether c belongs to an inline binary attachment (see
// binaryAttach), which is dropped here, before the XML decoder would
// gather it into a string: an attachment costs no memory, however long.
// Dropping ends at the line's end (the next line that is not a folded
// continuation) or at a '<', so no markup is ever lost.
func (r *cleanReader) skipAttach(c byte) bool {
	if r.dropping {
		switch c {
		case '<':
			r.dropping = false
			return false
		case '\n':
			if next, _ := r.br.Peek(1); len(next) == 1 && (next[0] == ' ' || next[0] == '\t') {
				return true
			}
			r.dropping, r.lineStart = false, true
		}
		return true
	}
	if !r.lineStart || (c != 'A' && c != 'a') {
		return false
	}
	peek, _ := r.br.Peek(1024)
	params, _, found := strings.Cut(string(peek), ":")
	if found && binaryAttach("A"+params+":") {
		r.dropping = true
		r.attachments++
		return true
	}
	return false
}

// charRef reads after an '&': a character reference to a character XML
// forbids or that does not exist (&#11;, &#x0B;, &#99999999;) is consumed
// and becomes a space; an '&' that begins no reference XML knows (an
// entity a DTD would define, &x;, or a raw '&' as in "AT&T") becomes
// "&amp;", so it reads as the '&' it is. Either is a repair: one object's
// text cannot fail the answer. A well-formed reference is left for the
// decoder.
func (r *cleanReader) charRef() byte {
	peek, _ := r.br.Peek(12)
	end := -1
	for i, c := range peek {
		if c == ';' {
			end = i
			break
		}
	}
	if end > 0 && peek[0] != '#' {
		switch string(peek[:end]) {
		case "amp", "lt", "gt", "quot", "apos":
			return '&'
		}
	}
	if end < 2 || peek[0] != '#' {
		return r.literalAmp()
	}
	digits, base := string(peek[1:end]), 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	var v int64
	for _, d := range digits {
		var n int64
		switch {
		case d >= '0' && d <= '9':
			n = int64(d - '0')
		case base == 16 && d >= 'a' && d <= 'f':
			n = int64(d-'a') + 10
		case base == 16 && d >= 'A' && d <= 'F':
			n = int64(d-'A') + 10
		default:
			return r.literalAmp()
		}
		v = v*int64(base) + n
	}
	if digits == "" {
		return r.literalAmp()
	}
	if v <= utf8.MaxRune && xmlChar(rune(v)) {
		return '&'
	}
	_, _ = r.br.Discard(end + 1)
	r.n += int64(end + 1)
	r.fixed++
	return ' '
}

// literalAmp is an '&' that begins no reference, as "&amp;".
func (r *cleanReader) literalAmp() byte {
	r.np, r.ip = copy(r.pend[:], "amp;"), 0
	r.fixed++
	return '&'
}

// xmlChar is XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= utf8.MaxRune
}
