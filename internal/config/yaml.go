package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// The YAML methods below let the custom scalars read and write themselves in
// the form the file uses, so Redacted() output parses back to the same value.

// UnmarshalYAML reads "90m", "1h30m", "2d". A duration never counts backwards.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("is %s, not a duration: write it like 90m, 1h30m or 2d", describe(n))
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("%q is negative: write a duration of 0 or more, like 15m", n.Value)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration as UnmarshalYAML reads it.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML reads "mon" or "monday".
func (w *Weekday) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("is %s, not a day: write mon, tue, wed, thu, fri, sat or sun", describe(n))
	}
	d, err := ParseWeekday(n.Value)
	if err != nil {
		return err
	}
	*w = Weekday(d)
	return nil
}

// MarshalYAML writes "mon".
func (w Weekday) MarshalYAML() (any, error) { return w.String(), nil }

// UnmarshalYAML reads "07:00".
func (c *ClockTime) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("is %s, not a time of day: write it like 07:00 or 18:30", describe(n))
	}
	t, err := ParseClock(n.Value)
	if err != nil {
		return err
	}
	*c = t
	return nil
}

// MarshalYAML writes "07:00".
func (c ClockTime) MarshalYAML() (any, error) { return c.String(), nil }

// describe names what a node is, for messages: "a list", "a section of keys", "\"six\"".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a section of keys"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", n.Value)
}
