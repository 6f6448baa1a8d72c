package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// People configures the people ledger (internal/people): who counts as a
// person met, and how often to reconnect with them.
type People struct {
	// ReconnectAfter is how long after the last meeting a person is due
	// again, unless a rule says otherwise.
	ReconnectAfter Cadence `yaml:"reconnect_after"`
	// Rules set the cadence per person or domain; the first match wins.
	Rules []PeopleRule `yaml:"rules"`
	// MaxReconnectsPerWeek caps the people proposed in one week, most overdue first.
	MaxReconnectsPerWeek int `yaml:"max_reconnects_per_week"`
	// History is how far back the ledger is first learned from.
	History Period `yaml:"history"`
	// Ignore lists emails, domains ("@x.com" or "x.com") and names that are never people.
	Ignore []string `yaml:"ignore"`
	// Forget lists people (emails or names) removed from the ledger for good.
	Forget []string `yaml:"forget"`
}

// PeopleRule sets the cadence of the people it matches.
type PeopleRule struct {
	Match          PeopleMatch `yaml:"match"`
	ReconnectAfter *Cadence    `yaml:"reconnect_after"`
}

// PeopleMatch matches a person by email, domain (or a subdomain) or name
// (every word of the entry is a word of the person's name, case and accents
// aside). Any entry of any list may match.
type PeopleMatch struct {
	Email  []string `yaml:"email"`
	Domain []string `yaml:"domain"`
	Name   []string `yaml:"name"`
}

// Reconnect places reconnect entries.
type Reconnect struct {
	// Lead: a person is due this long before their last meeting plus their cadence.
	Lead Duration `yaml:"lead"`
	// Duration is how long a reconnect entry is (time to write a note).
	Duration Duration `yaml:"duration"`
	// Alarm fires this long before the entry.
	Alarm Duration `yaml:"alarm"`
}

func defaultPeople() People {
	return People{
		ReconnectAfter:       Cadence{After: 8 * 7 * 24 * time.Hour},
		MaxReconnectsPerWeek: 3,
		History:              Period(365 * 24 * time.Hour),
	}
}

func defaultReconnect() Reconnect {
	return Reconnect{Lead: Duration(3 * 24 * time.Hour), Duration: Duration(15 * time.Minute)}
}

// Period is a Duration that also reads weeks: "8w", "365d", "36h".
type Period time.Duration

// D returns the period as a time.Duration.
func (p Period) D() time.Duration { return time.Duration(p) }

const week = 7 * 24 * time.Hour

// ParsePeriod reads "8w", "2w3d", or anything ParseDuration reads.
func ParsePeriod(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	var weeks int64
	if i := strings.IndexByte(t, 'w'); i >= 0 {
		n, err := strconv.ParseInt(t[:i], 10, 64)
		if err == nil && n > maxWindowDays/7 {
			return 0, tooLongError{s}
		}
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a period: write it like 8w, 60d or 36h", s)
		}
		weeks, t = n, t[i+1:]
		if t == "" {
			return time.Duration(weeks) * week, nil
		}
	}
	d, err := ParseDuration(t)
	if tl := (tooLongError{}); errors.As(err, &tl) {
		return 0, tooLongError{s}
	}
	if err != nil || (weeks > 0 && (t[0] == '-' || t[0] == '+')) {
		return 0, fmt.Errorf("%q is not a period: write it like 8w, 60d or 36h", s)
	}
	// The cap is on the whole, as ParseDuration's: "520w3650d" is twenty years.
	if weeks*7*24*int64(time.Hour)+int64(d) > maxWindowDays*24*int64(time.Hour) {
		return 0, tooLongError{s}
	}
	return time.Duration(weeks)*week + d, nil
}

// String writes whole weeks as "8w", anything else as Duration does.
func (p Period) String() string {
	if d := time.Duration(p); d > 0 && d%week == 0 {
		return strconv.FormatInt(int64(d/week), 10) + "w"
	}
	return Duration(p).String()
}

// UnmarshalYAML reads "8w", "365d". A period never counts backwards.
func (p *Period) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("is %s, not a period: write it like 8w, 60d or 36h", describe(n))
	}
	d, err := ParsePeriod(n.Value)
	if err != nil {
		return err
	}
	if d < 0 {
		return fmt.Errorf("%q is negative: write a period like 8w", n.Value)
	}
	*p = Period(d)
	return nil
}

// MarshalYAML writes the period as UnmarshalYAML reads it.
func (p Period) MarshalYAML() (any, error) { return p.String(), nil }

// Cadence is how long after a meeting a person is due again, or never.
type Cadence struct {
	After time.Duration
	Never bool
}

// String writes "never" or the period.
func (c Cadence) String() string {
	if c.Never {
		return "never"
	}
	return Period(c.After).String()
}

// UnmarshalYAML reads "never" or a period like "8w".
func (c *Cadence) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && strings.EqualFold(strings.TrimSpace(n.Value), "never") {
		*c = Cadence{Never: true}
		return nil
	}
	var p Period
	if err := p.UnmarshalYAML(n); err != nil {
		return fmt.Errorf("%s, or never", strings.TrimSuffix(err.Error(), "."))
	}
	*c = Cadence{After: p.D()}
	return nil
}

// MarshalYAML writes the cadence as UnmarshalYAML reads it.
func (c Cadence) MarshalYAML() (any, error) { return c.String(), nil }
