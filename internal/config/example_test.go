package config

import (
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const examplePath = "../../config/netsyncd.example.yaml"

func TestExampleIsValid(t *testing.T) {
	c, warns, err := Load(examplePath)
	if err != nil {
		t.Fatalf("Load(example) = %v; want no error", err)
	}
	for _, w := range warns {
		// The example names /etc/netsyncd/password, which this machine may lack.
		if w.Key != "caldav.password_file" {
			t.Errorf("example warns: %s", w)
		}
	}
	if c.Location.String() != "America/New_York" || len(c.Classify.Rules) < 5 || len(c.Limits.Zones) != 3 {
		t.Errorf("example parsed to an unexpected config: %v, %d rules, %d zones", c.Location, len(c.Classify.Rules), len(c.Limits.Zones))
	}
	roundTrip(t, c)
}

// schemaKeys lists every key of the schema as a dotted path, lists written
// "[]" and map entries "NAME": "classify.rules[].match.summary".
func schemaKeys() []string {
	var out []string
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() != reflect.TypeFor[Config]().PkgPath() {
			return
		}
		for name, i := range yamlFields(t) {
			key := join(path, name)
			out = append(out, key)
			f := t.Field(i).Type
			switch f.Kind() {
			case reflect.Slice:
				walk(f.Elem(), key+"[]")
			case reflect.Map:
				walk(f.Elem(), key+".NAME")
			default:
				walk(f, key)
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	sort.Strings(out)
	return out
}

// TestExampleShowsEveryKey: the example is the documentation of each key,
// so each one must appear in it (set, or commented out where it excludes
// another).
func TestExampleShowsEveryKey(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range schemaKeys() {
		last := key[strings.LastIndexAny(key, ".]")+1:]
		if !regexp.MustCompile(`(?m)[\s{,]` + regexp.QuoteMeta(last) + `:`).Match(data) {
			t.Errorf("the example does not show %s", key)
		}
	}
}

// TestDocsListEveryKey: docs/configuration.md has a row for every key.
func TestDocsListEveryKey(t *testing.T) {
	data, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range schemaKeys() {
		if !strings.Contains(string(data), "`"+key+"`") {
			t.Errorf("docs/configuration.md has no row for `%s`", key)
		}
	}
}
