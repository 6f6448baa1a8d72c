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
// calendar-data, since no step of a pass reads them, an X- property is
// cut at MaxXProp (dropBinary), and an object still
// bigger than MaxObject is replaced by an error naming it. So what a fetch
// keeps is bounded by MaxKept whatever the body holds, and the body itself
// by MaxBody.
//
// One object's bytes cannot fail the answer: characters XML 1.0 forbids
// (U+000B in a DESCRIPTION, which Outlook writes and Radicale serves raw;
// other C0 controls, as bytes or as character references) become spaces,
// bytes that are not UTF-8 become U+FFFD, and markup characters that begin
// no markup (a raw '&' as in "AT&T", "a < b", "]]>" in text, "<![cdata[")
// are escaped, before the XML decoder sees them. The response that held
// them is named in a warning.
//
// The decoder is netsyncd's own (scan.go, msdecode.go): encoding/xml's
// tokenizer and Unmarshal rewritten for the multi-status this package
// reads, the same results at a fifth of the CPU (BenchmarkDecodeMultistatus),
// held to the same answers by FuzzMultistatusDecoders, which keeps
// encoding/xml's decoding as its oracle (decode_oracle_test.go).
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
	return ms, asBadXML(err)
}

// asBadXML is err, a decoding's error, as a *badXML when the XML is at
// fault (a syntax error) rather than the body or a bound.
func asBadXML(err error) error {
	var bad *badXML
	if err != nil && !errors.As(err, &bad) && !errors.Is(err, ErrBodyTooLarge) && !errors.Is(err, ErrTooMuchData) && !errors.Is(err, ErrResponseTooLarge) {
		var syn *xml.SyntaxError
		var ue xml.UnmarshalError
		if errors.As(err, &syn) || errors.As(err, &ue) {
			err = &badXML{err}
		}
	}
	return err
}

// decodeCapped is the decoding with the bounds of one response given:
// what it may hold, and what may be read through to skip it.
func decodeCapped(r io.Reader, resp, skip int64) (*multistatus, error) {
	return decodeEachCapped(r, resp, skip, nil)
}

// decodeEachCapped is decodeCapped handing each response to each
// (decodeMultistatusEach).
func decodeEachCapped(r io.Reader, resp, skip int64, each func(*response) (bool, error)) (*multistatus, error) {
	cr := &cleanReader{br: bufio.NewReaderSize(bodyReader(r), readBuf), max: bodyCap, respMax: resp, skipMax: skip, lineStart: true}
	return (&msDecoder{cr: cr, each: each}).decode()
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
		if len(data) != len(*p.CalendarData) { // else it is the same string
			kept := data
			p.CalendarData = &kept
		}
	}
}

// own gives the response its own copy of its calendar data, which the
// decoder lent it (msDecoder.lendText) while it was handed over.
func (r *response) own() {
	for i := range r.Propstats {
		if p := &r.Propstats[i].Prop; p.CalendarData != nil {
			kept := strings.Clone(*p.CalendarData)
			p.CalendarData = &kept
		}
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

// MaxXProp bounds what is kept of one X- property (a vendor's extension,
// which netsyncd reads only when it is its own X-NETSYNCD- one or a short
// one it knows, X-APPLE-STRUCTURED-LOCATION, X-WR-TIMEZONE): past it, the
// property's folded continuation lines are dropped. A vendor that stores a
// blob so (1 MB of base64 in X-VENDOR-BLOB) made each object count 1 MB
// against MaxKept, and fifty of them failed the calendar.
const MaxXProp = 64 << 10

// dropBinary removes ATTACH properties holding inline binary data
// (RFC 5545 section 3.8.1.1: VALUE=BINARY with ENCODING=BASE64), folded
// lines and all, and what an X- property holds past MaxXProp (longXProp):
// its folded lines, or the rest of its one line. Attachments by URI are short and stay.
func dropBinary(data string) string {
	if len(data) <= MaxXProp && !lineStartsFold(data, "attach") { // strings.ToUpper makes "ATTACH" of nothing else
		return data
	}
	var b strings.Builder
	b.Grow(len(data) / 2)
	skip, xprop := false, false
	var xlen int
	for rest := data; rest != ""; {
		line, after, found := strings.Cut(rest, "\n")
		if found {
			line += "\n"
		}
		rest = after
		if line[0] == ' ' || line[0] == '\t' {
			if xprop {
				xlen += len(line)
				skip = skip || xlen > MaxXProp
			}
			if !skip {
				b.WriteString(line)
			}
			continue
		}
		skip, xprop, xlen = binaryAttach(line), longXProp(line), len(line)
		if xprop && xlen > MaxXProp {
			// One line, unfolded: cut at a character's start, its end kept.
			cut := MaxXProp
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			end := len(line) - len(strings.TrimRight(line, "\r\n"))
			b.WriteString(line[:cut] + line[len(line)-end:])
			skip = true
			continue
		}
		if !skip {
			b.WriteString(line)
		}
	}
	switch {
	case b.Len() == len(data):
		return data
	case b.Cap() > 2*b.Len()+4096:
		// What is kept is kept for the pass: not the half of a 1 MB
		// object the builder grew to.
		return strings.Clone(b.String())
	}
	return b.String()
}

// longXProp tells whether line begins an X- property that may be cut at
// MaxXProp: any but netsyncd's own (X-NETSYNCD-, its entries' and the
// ledger's records).
func longXProp(line string) bool {
	return len(line) > 2 && (line[0] == 'X' || line[0] == 'x') && line[1] == '-' &&
		!(len(line) >= 11 && strings.EqualFold(line[:11], "X-NETSYNCD-"))
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
// counts the repairs. It is an io.ByteReader; the scanner reads markup
// through ReadByte and takes plain runs of text straight from its buffer
// (plainRun, nameRun), which consume them as ReadByte would, so fixed, the
// byte counts and the bounds are exact at every token.
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
	// last is the last two bytes passed on.
	last [2]byte
}

// noteLast notes b, passed on at once (plainRun, jump), as the last bytes.
func (r *cleanReader) noteLast(b []byte) {
	switch len(b) {
	case 0:
	case 1:
		r.last = [2]byte{r.last[1], b[0]}
	default:
		r.last = [2]byte{b[len(b)-2], b[len(b)-1]}
	}
}

// escaped passes on '&' and then ref, the rest of a reference to the
// character read, as a repair.
func (r *cleanReader) escaped(ref string) byte {
	r.np, r.ip = copy(r.pend[:], ref), 0
	r.fixed++
	return '&'
}

// markupFollows tells whether the '<' just read may begin markup
// encoding/xml reads: an end tag, a processing instruction, a comment, a
// CDATA section, a directive or a start tag. When the body ends first it
// is left as it is (the answer is cut anyway).
func (r *cleanReader) markupFollows() bool {
	peek, _ := r.br.Peek(8)
	if len(peek) == 0 {
		return true
	}
	switch c := peek[0]; {
	case c == '/' || c == '?' || c >= utf8.RuneSelf:
		return true
	case c == '!':
		switch {
		case len(peek) < 2:
			return true
		case peek[1] == '-':
			return len(peek) < 3 || peek[2] == '-'
		case peek[1] == '[':
			const cdata = "![CDATA["
			k := min(len(peek), len(cdata))
			return string(peek[:k]) == cdata[:k]
		}
		return true // <!DOCTYPE and the like
	default:
		return c == ':' || c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
	}
}

// ReadByte is the next byte for the XML decoder; the markup follows it.
func (r *cleanReader) ReadByte() (byte, error) {
	c, err := r.readByte()
	if err == nil {
		r.last = [2]byte{r.last[1], c}
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
	case c == '>' && r.m.state == lexText && r.last == [2]byte{']', ']'}:
		// "]]>" in text ends no CDATA section: a server that escapes
		// only '&' and '<' writes it so.
		return r.escaped("gt;"), nil
	case c == '<' && (r.m.state == lexQuote || r.m.state == lexText && !r.markupFollows()):
		// A '<' in an attribute value, or one that begins no markup
		// ("a < b", "<![cdata[", "<!-x"): text, not a broken answer.
		return r.escaped("lt;"), nil
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
	// Only "ATTACH;" or "ATTACH:" begins one (binaryAttach): any other
	// line is told at once, without copying what follows.
	if len(peek) < 6 || !asciiEqualFold(peek[:5], "ttach") || (peek[5] != ';' && peek[5] != ':') {
		return false
	}
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
	peek, _ := r.br.Peek(maxRef)
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
	if digits[0] == 'x' { // "&#X41;" is no reference
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
		if v = v*int64(base) + n; v > utf8.MaxRune {
			v = utf8.MaxRune + 1 // no character, however many digits follow
		}
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

// maxRef bounds what charRef reads of a reference: leading zeros are
// allowed (&#0000000065;), and 64 bytes hold more than any writer puts.
const maxRef = 64

// literalAmp is an '&' that begins no reference, as "&amp;".
func (r *cleanReader) literalAmp() byte { return r.escaped("amp;") }

// xmlChar is XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= utf8.MaxRune
}

// asciiEqualFold tells whether b is s, ASCII letters in either case; s is
// lower-case letters.
func asciiEqualFold[T string | []byte](b T, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(s) {
		if b[i]|0x20 != s[i] { // only 'A' and 'a' make 'a', and so on
			return false
		}
	}
	return true
}

// lineStartsFold tells whether a line of data (data itself, or what
// follows a '\n') begins with s, ASCII letters in either case; s is
// lower-case letters. dropBinary's lines are so: it looks no further.
func lineStartsFold(data, s string) bool {
	for rest := data; len(rest) >= len(s); {
		if asciiEqualFold(rest[:len(s)], s) {
			return true
		}
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
	}
	return false
}
