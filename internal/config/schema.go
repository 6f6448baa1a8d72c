package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// yamlFields maps the yaml keys of a struct type to field indexes.
func yamlFields(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		out[name] = i
	}
	return out
}

func keysOf(fields map[string]int) []string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// unknownKey explains an unknown key: a close spelling in the same section,
// or the section where that key does belong, and the keys that are allowed.
func unknownKey(key, section string, fields map[string]int) string {
	keys := keysOf(fields)
	where := section
	if where == "" {
		where = "the top level"
	}
	msg := "unknown key" + didYouMean(key, keys)
	if suggest(key, keys) == "" {
		if homes := schemaHomes()[key]; len(homes) > 0 {
			msg += fmt.Sprintf("; %q belongs under %s", key, strings.Join(homes, " or "))
		}
	}
	return fmt.Sprintf("%s (keys of %s: %s)", msg, where, strings.Join(keys, ", "))
}

// schemaHomes is keyHomes of the whole config, built once: a file of many
// unknown keys asked for it once a key (20,000 keys took 3.6 s).
var schemaHomes = sync.OnceValue(func() map[string][]string {
	return keyHomes(reflect.TypeFor[Config](), "", map[reflect.Type]bool{})
})

// keyHomes indexes every key of the schema by the sections that hold it, so
// a key written at the wrong level can be sent where it belongs.
func keyHomes(t reflect.Type, path string, visiting map[reflect.Type]bool) map[string][]string {
	out := map[string][]string{}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || visiting[t] || t.PkgPath() != reflect.TypeFor[Config]().PkgPath() {
		return out
	}
	visiting[t] = true
	defer delete(visiting, t)
	home := path
	if home == "" {
		home = "the top level"
	}
	for name, i := range yamlFields(t) {
		out[name] = append(out[name], home)
		f := t.Field(i).Type
		sub := join(path, name)
		if f.Kind() == reflect.Slice {
			sub += "[]"
		} else if f.Kind() == reflect.Map {
			sub += ".NAME"
		}
		for k, homes := range keyHomes(f, sub, visiting) {
			out[k] = append(out[k], homes...)
		}
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}
