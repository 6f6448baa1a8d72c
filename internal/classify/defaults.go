package classify

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/netsyncd/netsyncd/internal/config"
)

// defaultsYAML is the built-in rule set: evidence rules in the form of
// classify.rules with a weight each (see evidenceRule). It is data so it can
// be read, reviewed and tested as such.
//
//go:embed defaults.yaml
var defaultsYAML []byte

// defaultEvidence parses defaultsYAML once; the result is never modified.
var defaultEvidence = sync.OnceValues(func() (defaultsFile, error) {
	return parseDefaults(defaultsYAML)
})

// parseDefaults reads defaults.yaml, refusing unknown keys.
func parseDefaults(data []byte) (defaultsFile, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f defaultsFile
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("defaults.yaml: %w", err)
	}
	return f, nil
}

// DefaultRules returns the built-in rules in the config.Rule form (without
// their weights and structural signals), for explain and docs.
func DefaultRules() []config.Rule {
	f, err := defaultEvidence()
	if err != nil {
		return nil
	}
	rules := make([]config.Rule, len(f.Rules))
	for i, r := range f.Rules {
		rules[i] = config.Rule{Name: r.Name, Match: r.Match, Set: r.Set}
	}
	return rules
}
