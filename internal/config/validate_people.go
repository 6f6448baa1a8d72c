package config

import (
	"fmt"
	"strings"
)

func (v *validator) people() {
	p := v.c.People
	v.cadence("people.reconnect_after", p.ReconnectAfter)
	v.count("people.max_reconnects_per_week", p.MaxReconnectsPerWeek)
	if p.History <= 0 {
		v.errorf("people.history", "must be more than 0: write how far back to learn who you met, like 365d")
	}
	for i, r := range p.Rules {
		v.peopleRule(fmt.Sprintf("people.rules[%d]", i), r)
	}
	v.peopleRefs("people.ignore", p.Ignore)
	v.peopleRefs("people.forget", p.Forget)
	v.positive("output.reconnect.duration", v.c.Output.Reconnect.Duration, "15m")
	v.notNegative("output.reconnect.alarm", v.c.Output.Reconnect.Alarm)
	if lead := v.c.Output.Reconnect.Lead.D(); !p.ReconnectAfter.Never && lead >= p.ReconnectAfter.After && p.ReconnectAfter.After > 0 {
		v.warnf("output.reconnect.lead", "%s is as long as people.reconnect_after %s: everyone is due right after you meet; shorten the lead", v.c.Output.Reconnect.Lead, p.ReconnectAfter)
	}
}

func (v *validator) cadence(key string, c Cadence) {
	if !c.Never && c.After <= 0 {
		v.errorf(key, "must be more than 0: write a period like 8w, or never")
	}
}

func (v *validator) peopleRule(key string, r PeopleRule) {
	m := r.Match
	if len(m.Email)+len(m.Domain)+len(m.Name) == 0 {
		v.errorf(key+".match", "matches no one: write at least one of email: [...], domain: [...], name: [...]")
	}
	for i, e := range m.Email {
		v.email(fmt.Sprintf("%s.match.email[%d]", key, i), e)
	}
	for i, d := range m.Domain {
		v.domain(fmt.Sprintf("%s.match.domain[%d]", key, i), d, "northwind-capital.com")
	}
	v.nonEmpty(key+".match.name", m.Name, "a name like \"Priya Raman\"")
	if r.ReconnectAfter == nil {
		v.errorf(key+".reconnect_after", "is required: write a period like 4w, or never")
		return
	}
	v.cadence(key+".reconnect_after", *r.ReconnectAfter)
}

// domain checks one email domain of a list (the part after "@"; a leading
// "@" is allowed); example is what a good one looks like in the message.
func (v *validator) domain(key, dom, example string) {
	d := strings.TrimPrefix(strings.TrimSpace(dom), "@")
	switch {
	case d == "":
		v.errorf(key, "is empty: write a domain like %s, or remove the entry", example)
	case strings.ContainsAny(d, "@ /"):
		v.errorf(key, "%q is not a domain: write only what follows the @, like %s", dom, example)
	case isPattern(d):
		v.errorf(key, "%q is a pattern: a domain is matched as written, with its subdomains, never as a wildcard or a regular expression: write %s", dom, example)
	}
}

// isPattern: s holds a wildcard or a regular expression's character,
// which no address, domain or name holds. "*@lists.example" or ".*" in
// people.ignore matched no one, silently: the list stayed in the ledger.
func isPattern(s string) bool { return strings.ContainsAny(s, "*?[]^$|\\") }

// peopleRefs checks a list of emails, domains and names.
func (v *validator) peopleRefs(key string, list []string) {
	for i, s := range list {
		k := fmt.Sprintf("%s[%d]", key, i)
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			v.errorf(k, "is empty: write an email, a domain like @lists.example or a name, or remove the entry")
		case strings.Count(s, "@") > 1 || strings.HasSuffix(s, "@"):
			v.errorf(k, "%q is not an email or a domain: write jane@example.com or @example.com", s)
		case isPattern(s):
			v.errorf(k, "%q is a pattern: emails, domains and names are matched as written, never as a wildcard or a regular expression: write jane@example.com, @example.com for a whole domain, or a name", s)
		}
	}
}
