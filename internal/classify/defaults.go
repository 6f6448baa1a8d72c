package classify

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/netsyncd/netsyncd/internal/config"
)

// defaultsYAML is the built-in rule set, in the same form as classify.rules
// in the config. It is data so it can be read, reviewed and tested as such.
//
//go:embed defaults.yaml
var defaultsYAML []byte

// defaultRules parses defaultsYAML once; the result is never modified.
var defaultRules = sync.OnceValues(func() ([]config.Rule, error) {
	return parseRules(defaultsYAML)
})

// parseRules reads a YAML list of rules, refusing unknown keys.
func parseRules(data []byte) ([]config.Rule, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var rules []config.Rule
	if err := dec.Decode(&rules); err != nil {
		return nil, fmt.Errorf("defaults.yaml: %w", err)
	}
	return rules, nil
}

// DefaultRules returns a copy of the built-in rules, for explain and docs.
func DefaultRules() []config.Rule {
	rules, err := defaultRules()
	if err != nil {
		return nil
	}
	return append([]config.Rule(nil), rules...)
}
