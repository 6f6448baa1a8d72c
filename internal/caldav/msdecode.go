package caldav

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"unsafe"
)

// msDecoder reads a multi-status answer into the types of multistatus.go
// as encoding/xml's Unmarshal read it before, from xmlScanner's tokens:
// the same fields from the same elements (DAV: and CalDAV names after
// name-space translation, unknown elements skipped whole, the text of an
// element being the character data directly inside it, a repeated element
// appended to a list or replacing a value), with the same bounds and
// errors (decode.go, resync.go). What it does not do is reflect, or make
// a token of every element it skips.
type msDecoder struct {
	cr *cleanReader
	s  *xmlScanner
	// data gathers the text of the element being read.
	data []byte
	// each, when not nil, is given every response (decodeMultistatusEach).
	each func(*response) (bool, error)
	// lent holds the calendar data of the response being read when each
	// is given them (lendText): a response each does not keep (most of a
	// year of history, screened out) is never copied; one it keeps is
	// (own) before the next is read.
	lent []byte
}

// decode is the loop decodeCapped ran over encoding/xml's tokens.
func (m *msDecoder) decode() (*multistatus, error) {
	cr := m.cr
	m.s = newScanner(cr, nil)
	ms := &multistatus{}
	var kept int64
	var big largest
	depth, root := 0, false
	for {
		// Every token and every element under the root is bounded like a
		// response: text between responses or an unknown element that
		// never ends would otherwise be gathered whole.
		cr.inResp, cr.respStart, cr.respDropped = true, cr.n, cr.dropped
		k, err := m.s.token()
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
		switch k {
		case tokStart:
			depth++
			switch {
			case depth == 1:
				if m.s.space != "DAV:" || string(m.s.local) != "multistatus" {
					return nil, &badXML{fmt.Errorf("the root element is %s, not DAV:multistatus", m.s.local)}
				}
				root = true
			case depth == 2 && m.is("DAV:", "response"):
				fixed := cr.fixed
				var resp response
				cr.respStart, cr.respDropped = cr.n, cr.dropped
				at := cr.m.depth
				m.lent = m.lent[:0] // the last response's are given and owned or dropped
				err := m.response(&resp)
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
							m.s.reset(cr.m.root)
							depth, root = 0, false
							if keep, err := m.give(&skip); err != nil || !keep {
								if err != nil {
									return nil, err
								}
								continue
							}
							big.add(hrefs(&skip), skip.size())
							if kept += skip.size(); kept > keptCap {
								return nil, tooMuch(len(ms.Responses)+1, kept, big)
							}
							ms.Responses = append(ms.Responses, skip)
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
				if keep, err := m.give(&resp); err != nil || !keep {
					if err != nil {
						return nil, err
					}
					continue
				}
				if m.each != nil {
					resp.own()
				}
				size := resp.size()
				big.add(hrefs(&resp), size)
				if kept += size; kept > keptCap {
					return nil, tooMuch(len(ms.Responses)+1, kept, big)
				}
				ms.Responses = append(ms.Responses, resp)
			case depth == 2 && m.is("DAV:", "sync-token"):
				s, err := m.text()
				if err != nil {
					return nil, err
				}
				ms.SyncToken = s
				depth--
			default:
				if err := m.skip(); err != nil {
					if errors.Is(cr.err, ErrResponseTooLarge) {
						return nil, &sizeError{fmt.Errorf("in an element after %s: %w", lastHref(ms), cr.err), serverFault}
					}
					return nil, err
				}
				depth--
			}
		case tokEnd:
			depth--
		}
	}
}

// give hands r to each, if any: whether to keep it.
func (m *msDecoder) give(r *response) (bool, error) {
	if m.each == nil {
		return true, nil
	}
	return m.each(r)
}

// is tells whether the start tag just read is space's local.
func (m *msDecoder) is(space, local string) bool {
	return m.s.space == space && string(m.s.local) == local
}

// skip is encoding/xml's Skip: it reads up to the end of the element
// whose start tag was read last.
func (m *msDecoder) skip() error {
	depth := 0
	for {
		k, err := m.s.token()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// text is an element read into a string: the character data directly
// inside it; the elements inside it are skipped.
func (m *msDecoder) text() (string, error) {
	var err error
	m.data, err = m.gather(m.data[:0])
	if err != nil {
		return "", err
	}
	return internText(m.data), nil
}

// gather appends to dst the character data directly inside the element
// whose start tag was read last, up to its end; the elements inside it
// are skipped.
func (m *msDecoder) gather(dst []byte) ([]byte, error) {
	for {
		k, err := m.s.token()
		if err != nil {
			return dst, err
		}
		switch k {
		case tokStart:
			if err := m.skip(); err != nil {
				return dst, err
			}
		case tokEnd:
			return dst, nil
		case tokText:
			dst = append(dst, m.s.text...)
		}
	}
}

// lendText is textPtr for calendar data handed to each: the string is
// the decoder's lent bytes, valid until the next response is read unless
// the response is kept (decode then makes it own them).
func (m *msDecoder) lendText(p **string) error {
	if *p == nil {
		*p = new(string)
	}
	start := len(m.lent)
	var err error
	if m.lent, err = m.gather(m.lent); err != nil {
		return err
	}
	// An append that grew lent left the strings lent before in the old
	// array, which nothing writes again.
	**p = unsafe.String(unsafe.SliceData(m.lent[start:]), len(m.lent)-start)
	return nil
}

// textPtr reads an element into *p, made if nil.
func (m *msDecoder) textPtr(p **string) error {
	if *p == nil {
		*p = new(string)
	}
	s, err := m.text()
	if err != nil {
		return err
	}
	**p = s
	return nil
}

// internText is string(b), without allocating for the statuses every
// response repeats.
func internText(b []byte) string {
	switch string(b) {
	case "":
		return ""
	case "HTTP/1.1 200 OK":
		return "HTTP/1.1 200 OK"
	case "HTTP/1.1 404 Not Found":
		return "HTTP/1.1 404 Not Found"
	}
	return string(b)
}

// children reads the children of the element whose start tag was read last,
// calling child for every start tag under it; child tells whether it read
// the element, else it is skipped.
func (m *msDecoder) children(child func() (bool, error)) error {
	for {
		k, err := m.s.token()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			ok, err := child()
			if err != nil {
				return err
			}
			if !ok {
				if err := m.skip(); err != nil {
					return err
				}
			}
		case tokEnd:
			return nil
		}
	}
}

// response reads a DAV:response into r. On an error, r.Hrefs holds the
// hrefs read whole before it, as encoding/xml's did.
func (m *msDecoder) response(r *response) error {
	return m.children(func() (bool, error) {
		if m.s.space != "DAV:" {
			return false, nil
		}
		switch string(m.s.local) {
		case "href":
			s, err := m.text()
			if err != nil {
				return true, err
			}
			r.Hrefs = append(r.Hrefs, s)
		case "status":
			s, err := m.text()
			if err != nil {
				return true, err
			}
			r.Status = s
		case "propstat":
			var ps propstat
			if err := m.propstat(&ps); err != nil {
				return true, err
			}
			r.Propstats = append(r.Propstats, ps)
		case "error":
			if r.Error == nil {
				r.Error = &davError{}
			}
			r.Error.XMLName.Space, r.Error.XMLName.Local = m.s.space, "error"
			return true, m.names(&r.Error.Conditions)
		case "responsedescription":
			s, err := m.text()
			if err != nil {
				return true, err
			}
			r.Description = s
		default:
			return false, nil
		}
		return true, nil
	})
}

func (m *msDecoder) propstat(ps *propstat) error {
	return m.children(func() (bool, error) {
		switch {
		case m.is("DAV:", "prop"):
			return true, m.prop(&ps.Prop)
		case m.is("DAV:", "status"):
			s, err := m.text()
			if err != nil {
				return true, err
			}
			ps.Status = s
			return true, nil
		}
		return false, nil
	})
}

func (m *msDecoder) prop(p *prop) error {
	return m.children(func() (bool, error) {
		switch m.s.space {
		case "DAV:":
			switch string(m.s.local) {
			case "getetag":
				return true, m.textPtr(&p.ETag)
			case "displayname":
				return true, m.textPtr(&p.DisplayName)
			case "resourcetype":
				if p.ResourceType == nil {
					p.ResourceType = &anyNames{}
				}
				return true, m.names(p.ResourceType)
			case "sync-token":
				return true, m.textPtr(&p.SyncToken)
			case "current-user-principal":
				if p.CurrentUserPrincipal == nil {
					p.CurrentUserPrincipal = &hrefValue{}
				}
				return true, m.hrefs(p.CurrentUserPrincipal)
			}
		case nsCS:
			if string(m.s.local) == "getctag" {
				return true, m.textPtr(&p.CTag)
			}
		case nsCalDAV:
			switch string(m.s.local) {
			case "supported-calendar-component-set":
				if p.Components == nil {
					p.Components = &compSet{}
				}
				return true, m.comps(p.Components)
			case "calendar-data":
				if m.each != nil {
					return true, m.lendText(&p.CalendarData)
				}
				return true, m.textPtr(&p.CalendarData)
			case "calendar-home-set":
				if p.CalendarHomeSet == nil {
					p.CalendarHomeSet = &hrefValue{}
				}
				return true, m.hrefs(p.CalendarHomeSet)
			}
		}
		return false, nil
	})
}

// names appends the name of every element inside to a (",any").
func (m *msDecoder) names(a *anyNames) error {
	return m.children(func() (bool, error) {
		a.Names = append(a.Names, struct{ XMLName xml.Name }{xml.Name{Space: m.s.space, Local: string(m.s.local)}})
		return false, nil // its children are skipped
	})
}

func (m *msDecoder) hrefs(h *hrefValue) error {
	return m.children(func() (bool, error) {
		if !m.is("DAV:", "href") {
			return false, nil
		}
		s, err := m.text()
		if err != nil {
			return true, err
		}
		h.Hrefs = append(h.Hrefs, s)
		return true, nil
	})
}

func (m *msDecoder) comps(c *compSet) error {
	return m.children(func() (bool, error) {
		if !m.is(nsCalDAV, "comp") {
			return false, nil
		}
		var name string
		for _, a := range m.s.attrs {
			if string(m.s.bytesOf(a.local)) == "name" { // in any name space, as encoding/xml
				name = string(m.s.bytesOf(a.value))
			}
		}
		c.Comps = append(c.Comps, struct {
			Name string `xml:"name,attr"`
		}{name})
		return false, nil // its children are skipped
	})
}
