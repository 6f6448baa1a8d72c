package event

import (
	"strconv"
	"strings"

	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// describe fills the descriptive fields of o from a VEVENT.
func describe(o *Occurrence, c *ical.Component) {
	o.Summary = text(c, ical.PropSummary)
	o.Description = text(c, ical.PropDescription)
	o.Location = text(c, ical.PropLocation)
	o.URL = propValue(c, ical.PropURL)
	o.Geo = geo(c)
	if p := c.Props.Get(ical.PropOrganizer); p != nil {
		o.Organizer, o.OrganizerName = NormEmail(p.Value), p.Params.Get(ical.ParamCommonName)
	}
	for _, p := range c.Props.Values(ical.PropAttendee) {
		o.Attendees = append(o.Attendees, Attendee{
			Email:    NormEmail(p.Value),
			Name:     p.Params.Get(ical.ParamCommonName),
			PartStat: strings.ToUpper(p.Params.Get(ical.ParamParticipationStatus)),
			Role:     strings.ToUpper(p.Params.Get(ical.ParamRole)),
			CUType:   strings.ToUpper(p.Params.Get(ical.ParamCalendarUserType)),
		})
	}
	for _, p := range c.Props.Values(ical.PropCategories) {
		for _, cat := range splitText(p.Value, budget.AttendeesPerEvent-len(o.Categories)) {
			if cat = strings.TrimSpace(cat); cat != "" {
				o.Categories = append(o.Categories, cat)
			}
		}
		if len(o.Categories) >= budget.AttendeesPerEvent {
			break // one CATEGORIES of 10 million values took 606 MB split whole
		}
	}
	o.Status = strings.ToUpper(propValue(c, ical.PropStatus))
	o.Transparent = strings.EqualFold(propValue(c, ical.PropTransparency), "TRANSPARENT")
	o.Class = strings.ToUpper(propValue(c, ical.PropClass))
	o.Owned = c.Props.Get(PropKind) != nil
}

// text returns a TEXT property unescaped. go-ical's Prop.Text stops at the
// first unescaped comma ("Lunch, with Bob" would read "Lunch"); a SUMMARY is
// one text, commas and all. Bytes that are not UTF-8 (RFC 5545 section 3.1
// requires it; some exporters write Latin-1) become U+FFFD, so nothing
// downstream (JSON, entries written back) carries invalid text.
func text(c *ical.Component, name string) string {
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	return strings.ToValidUTF8(strings.TrimSpace(Unescape(p.Value)), "\uFFFD")
}

// Unescape undoes RFC 5545 section 3.3.11 in a TEXT value: \n or \N is a
// line break, \\, \; and \, stand for themselves. An unknown escape is
// kept as written.
func Unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		case '\\', ';', ',':
			b.WriteByte(s[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// splitText splits a TEXT list at unescaped commas and unescapes each part,
// the first most of them.
func splitText(s string, most int) []string {
	var out []string
	start := 0
	for i := 0; i < len(s) && len(out) < most; i++ {
		switch s[i] {
		case '\\':
			i++
		case ',':
			out = append(out, Unescape(s[start:i]))
			start = i + 1
		}
	}
	if len(out) >= most {
		return out
	}
	return append(out, Unescape(s[start:]))
}

// geo reads GEO ("lat;lon", RFC 5545 section 3.8.1.6), else Apple's
// X-APPLE-STRUCTURED-LOCATION, whose value is a "geo:lat,lon" URI (RFC 5870).
func geo(c *ical.Component) *Geo {
	if v := propValue(c, ical.PropGeo); v != "" {
		if lat, lon, ok := strings.Cut(v, ";"); ok {
			if g := newGeo(lat, lon); g != nil {
				return g
			}
		}
	}
	v := propValue(c, "X-APPLE-STRUCTURED-LOCATION")
	if len(v) < 4 || !strings.EqualFold(v[:4], "geo:") {
		return nil
	}
	// Some servers store the URI as escaped TEXT (Xandikos writes
	// "geo:37.3349\,-122.00902").
	v = strings.NewReplacer(`\,`, ",", `\;`, ";").Replace(v[4:])
	if i := strings.IndexAny(v, ";?"); i >= 0 {
		v = v[:i]
	}
	lat, lon, _ := strings.Cut(v, ",")
	return newGeo(lat, lon)
}

func newGeo(lat, lon string) *Geo {
	la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	lo, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
		return nil
	}
	return &Geo{Lat: la, Lon: lo}
}
