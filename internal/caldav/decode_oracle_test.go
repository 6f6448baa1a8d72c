package caldav

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// The decoder this package used before msdecode.go: encoding/xml's
// Unmarshal, fed byte by byte by cleanReader. It is kept as the oracle of
// FuzzMultistatusDecoders: the two must agree on every answer.

// oracleDecodeMultistatus is decodeMultistatus with the old decoder.
func oracleDecodeMultistatus(r io.Reader) (*multistatus, error) {
	ms, err := oracleDecodeCapped(r, respCap, skipCap)
	return ms, asBadXML(err)
}

func oracleDecodeCapped(r io.Reader, resp, skip int64) (*multistatus, error) {
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

// newDecoder is the XML decoder of an answer. A declared encoding other
// than UTF-8 is read as UTF-8: cleanReader has made every byte that is not
// UTF-8 U+FFFD already, and counts it as a repair, so the object is read
// and named instead of the answer failing.
func newDecoder(r io.ByteReader) *xml.Decoder {
	d := xml.NewDecoder(r.(io.Reader))
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return d
}

// again is the rest of the body for a new decoder: the root's start tag,
// then what follows the skipped response.
func (r *cleanReader) again() *prefixed {
	return &prefixed{pre: r.m.root, r: r}
}

// prefixed reads pre, then r.
type prefixed struct {
	pre []byte
	i   int
	r   *cleanReader
}

func (p *prefixed) ReadByte() (byte, error) {
	if p.i < len(p.pre) {
		p.i++
		return p.pre[p.i-1], nil
	}
	return p.r.ReadByte()
}

func (p *prefixed) Read(b []byte) (int, error) { return readBytes(p, b) }
