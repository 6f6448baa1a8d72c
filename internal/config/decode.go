package config

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The decoder walks the YAML node tree and the Go value side by side, so it
// can refuse unknown keys and wrong types with the line and the dotted key,
// report every problem rather than the first, and leave every key the file
// does not mention at its default.
//
// Its rules: a key with an empty value (null) keeps its default; a list or
// a map in the file replaces the default one; a section merges key by key.

// maxNodes bounds the work of one decode: aliases can make a small file
// expand exponentially ("billion laughs"), and no real config comes near it.
const maxNodes = 100_000

const maxDepth = 64

type decoder struct {
	file   string
	lines  map[string]int  // key path -> line of the key (or list item)
	failed map[string]bool // key paths that already have an error
	errs   Errors
	more   int // errors past keptErrors, counted only
	nodes  int
	// limit is the one error of a file over maxNodes or maxDepth: what
	// was decoded then is partial, so the errors of the rest would only
	// follow from it.
	limit   *Error
	aliases map[string]int // times each alias was followed, to name the one that multiplies
}

func newDecoder(file string) *decoder {
	return &decoder{file: file, lines: map[string]int{}, failed: map[string]bool{}}
}

func (d *decoder) fail(path string, line int, format string, args ...any) {
	d.failed[path] = true
	if len(d.errs) >= keptErrors {
		d.more++ // counted, not kept: 200,000 unknown keys kept 350 MB of messages
		return
	}
	d.errs = append(d.errs, &Error{Path: d.file, Line: line, Key: path, Message: fmt.Sprintf(format, args...)})
}

// keptErrors is how many errors one decode keeps (maxErrors are shown,
// after folding the same error on one line).
const keptErrors = 20 * maxErrors

// overLimit makes the one error of a file over maxNodes or maxDepth: the
// line and key where it was hit, the limit, the alias that multiplied
// most, and what to do.
func (d *decoder) overLimit(n *yaml.Node, path string, deep bool) {
	what := fmt.Sprintf("the file expands to more than %d YAML values, the most netsyncd reads", maxNodes)
	if deep {
		what = fmt.Sprintf("the values nest more than %d levels deep, the most netsyncd reads", maxDepth)
	}
	if path == "" {
		path = "(top level)"
	}
	alias, most := "", 0
	for name, k := range d.aliases {
		if k > most || k == most && name < alias {
			alias, most = name, k
		}
	}
	how := "write the values out plainly"
	if alias != "" {
		what += fmt.Sprintf(" (the alias *%s is repeated %d times, each a copy of all its anchor holds)", alias, most)
		how = fmt.Sprintf("write the values out plainly instead of repeating *%s, or repeat it less", alias)
	}
	d.limit = &Error{Path: d.file, Line: n.Line, Key: path, Message: fmt.Sprintf("%s: %s; no other key was checked", what, how)}
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// decode stores n into v (addressable), reporting problems under path.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, depth int) {
	if d.limit != nil {
		return
	}
	if d.nodes++; d.nodes > maxNodes || depth >= maxDepth {
		d.overLimit(n, path, depth >= maxDepth)
		return
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return
		}
		if d.aliases == nil {
			d.aliases = map[string]int{}
		}
		d.aliases[n.Value]++
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value keeps the default
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		if err := v.Addr().Interface().(yaml.Unmarshaler).UnmarshalYAML(n); err != nil {
			d.fail(path, n.Line, "%s", err.Error())
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		if !v.IsNil() {
			elem.Elem().Set(v.Elem())
		}
		d.decode(n, elem.Elem(), path, depth+1)
		v.Set(elem)
	case reflect.Struct:
		d.decodeStruct(n, v, path, depth)
	case reflect.Map:
		d.decodeMap(n, v, path, depth)
	case reflect.Slice:
		d.decodeSlice(n, v, path, depth)
	default:
		d.decodeScalar(n, v, path)
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string, depth int) {
	fields := yamlFields(v.Type())
	if n.Kind != yaml.MappingNode {
		d.fail(path, n.Line, "is %s, not a section: write its keys indented below it (%s)", describe(n), strings.Join(keysOf(fields), ", "))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" { // "<<: *defaults" merges another section in
			d.decodeMerge(val, v, path, depth)
			continue
		}
		key := join(path, k.Value)
		if k.Kind != yaml.ScalarNode {
			d.fail(path, k.Line, "a key must be a plain word, not %s", describe(k))
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			d.fail(key, k.Line, "is set twice (also on line %d): keep one", prev)
			continue
		}
		seen[k.Value] = k.Line
		idx, ok := fields[k.Value]
		if !ok {
			if len(d.errs) >= keptErrors {
				d.fail(key, k.Line, "unknown key") // counted only: spare the suggestions
			} else {
				d.fail(key, k.Line, "%s", unknownKey(k.Value, path, fields))
			}
			continue
		}
		d.lines[key] = k.Line
		d.decode(val, v.Field(idx), key, depth+1)
	}
}

func (d *decoder) decodeMerge(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.SequenceNode {
		for _, m := range n.Content {
			d.decodeMerge(m, v, path, depth+1)
		}
		return
	}
	d.decode(n, v, path, depth+1)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.MappingNode {
		d.fail(path, n.Line, "is %s, not a section: write one \"name: {...}\" per line below it", describe(n))
		return
	}
	if len(n.Content) == 0 { // {} is no entries, the same as leaving them out
		v.SetZero()
		return
	}
	m := reflect.MakeMap(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(path, k.Line, "a key must be a plain word, not %s", describe(k))
			continue
		}
		key := join(path, k.Value)
		if prev, dup := seen[k.Value]; dup {
			d.fail(key, k.Line, "is set twice (also on line %d): keep one", prev)
			continue
		}
		seen[k.Value] = k.Line
		d.lines[key] = k.Line
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, elem, key, depth+1)
		m.SetMapIndex(reflect.ValueOf(k.Value), elem)
	}
	v.Set(m)
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.SequenceNode {
		if n.Kind == yaml.ScalarNode {
			d.fail(path, n.Line, "%q is not a list: write [%s], or one \"- item\" per line", n.Value, n.Value)
		} else {
			d.fail(path, n.Line, "is %s, not a list: write one \"- item\" per line", describe(n))
		}
		return
	}
	if len(n.Content) == 0 { // [] is an empty list, the same as nil
		v.SetZero()
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		key := fmt.Sprintf("%s[%d]", path, i)
		d.lines[key] = item.Line
		d.decode(item, s.Index(i), key, depth+1)
	}
	v.Set(s)
}

func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.fail(path, n.Line, "is %s, not a single value: write %s", describe(n), example(v.Kind()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(n.Value)
	case reflect.Bool:
		b, ok := parseBool(n.Value)
		if !ok {
			d.fail(path, n.Line, "%q is not true or false: write true or false", n.Value)
			return
		}
		v.SetBool(b)
	case reflect.Int:
		i, err := parseInt(n.Value)
		if err != nil {
			d.fail(path, n.Line, "%s", err)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.fail(path, n.Line, "%q is not a number: write a number like 6 or 0.5", n.Value)
			return
		}
		v.SetFloat(f)
	default:
		d.fail(path, n.Line, "cannot be read (a %s): this is a bug in netsyncd", v.Kind())
	}
}

func example(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Float64:
		return "one number"
	}
	return "one text value (quote it if it contains \": \")"
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "yes", "on":
		return true, true
	case "false", "no", "off":
		return false, true
	}
	return false, false
}

// parseInt reads whole numbers; "4.0" is accepted as 4, "1.5" is not.
func parseInt(s string) (int64, error) {
	clean := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(clean, 10, 32); err == nil {
		return i, nil
	}
	f, err := strconv.ParseFloat(clean, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return 0, fmt.Errorf("%q is not a number: write a whole number like 4", s)
	case f != math.Trunc(f) || math.Abs(f) > math.MaxInt32:
		return 0, fmt.Errorf("%q is not a whole number: write a whole number like 4", s)
	}
	return int64(f), nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
