package config

import (
	"bytes"
	"fmt"
	"net/url"

	"go.yaml.in/yaml/v3"
)

// Redacted is the effective config as YAML, every default filled in, for
// `netsyncd check-config`. Config holds no secret values; as a guard, a
// password inside caldav.url and env "names" that are not names (perhaps
// a pasted secret) are masked. The output parses back to the same Config,
// unless it has more than shownRules rules.
func (c *Config) Redacted() ([]byte, error) {
	out := *c
	if out.Timezone == "" && out.Location != nil && out.Location.String() != "Local" {
		out.Timezone = out.Location.String()
	}
	if u, err := url.Parse(out.CalDAV.URL); err != nil {
		out.CalDAV.URL = hidden
	} else if hasPassword(u) {
		out.CalDAV.URL = u.Redacted()
	}
	for _, env := range []*string{&out.CalDAV.PasswordEnv, &out.CalDAV.BearerTokenEnv} {
		if *env != "" && !envName.MatchString(*env) {
			*env = hidden
		}
	}
	// Encoding a rule costs about 1.5 ms and 57 KB (10,000 rules took 14 s
	// and 576 MB): past shownRules the rest are counted in a comment at the
	// end, and the output no longer parses back to the same Config.
	hidden := 0
	if n := len(out.Classify.Rules); n > shownRules {
		out.Classify.Rules, hidden = out.Classify.Rules[:shownRules:shownRules], n-shownRules
	}
	var doc yaml.Node
	if err := doc.Encode(&out); err != nil {
		return nil, err
	}

	pruneRules(&doc)
	flowScalarLists(&doc)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	err := enc.Close()
	if hidden > 0 {
		fmt.Fprintf(&buf, "# classify.rules: the first %d are shown; %d more are not\n", shownRules, hidden)
	}
	return buf.Bytes(), err
}

// shownRules is how many classify.rules Redacted writes out.
const shownRules = 200

// flowScalarLists writes lists of plain values on one line ([mon, tue]), as
// a person would, keeping the output short enough to read.
func flowScalarLists(n *yaml.Node) {
	if n.Kind == yaml.SequenceNode {
		flow := true
		for _, c := range n.Content {
			flow = flow && c.Kind == yaml.ScalarNode
		}
		if flow {
			n.Style = yaml.FlowStyle
		}
	}
	for _, c := range n.Content {
		flowScalarLists(c)
	}
}

// pruneRules drops the conditions and decisions a rule leaves unset: a rule
// has no defaults, and twenty empty keys per rule would hide the few it has.
func pruneRules(doc *yaml.Node) {
	for _, rule := range child(child(doc.Content[0], "classify"), "rules").Content {
		for _, part := range []string{"match", "set"} {
			m := child(rule, part)
			kept := m.Content[:0]
			for i := 0; i+1 < len(m.Content); i += 2 {
				k, v := m.Content[i], m.Content[i+1]
				unset := v.Tag == "!!null" || v.Kind == yaml.SequenceNode && len(v.Content) == 0 ||
					(k.Value == "min_duration" || k.Value == "max_duration") && v.Value == "0"
				if !unset {
					kept = append(kept, k, v)
				}
			}
			m.Content = kept
		}
	}
}

// child returns the value of key in mapping n, or an empty node, so
// lookups chain without nil checks.
func child(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Kind == yaml.MappingNode && n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return &yaml.Node{}
}
