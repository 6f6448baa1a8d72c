package config

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a config file, placed by file, line and key.
// Line is 0 when the problem has no place in the file (a value built in code,
// or a key the file leaves out and whose section it does not have either).
type Error struct {
	Path    string // the file, as the caller named it
	Line    int
	Key     string // dotted key path: "limits.zones[1].name"
	Message string // what is wrong and what to write instead
}

// Error reads "config.yaml:12: caldav.sourcez: unknown key; did you mean \"sources\"? ...".
func (e *Error) Error() string { return place(e.Path, e.Line, e.Key) + e.Message }

// Warning is a config that works but probably does not do what the user
// wants, or that is unsafe. It has the same shape as Error.
type Warning struct {
	Path    string
	Line    int
	Key     string
	Message string
}

// String reads "config.yaml:12: limits.min_active_share: ...".
func (w Warning) String() string { return place(w.Path, w.Line, w.Key) + w.Message }

func place(path string, line int, key string) string {
	var b strings.Builder
	if path != "" {
		b.WriteString(path)
		if line > 0 {
			fmt.Fprintf(&b, ":%d", line)
		}
		b.WriteString(": ")
	} else if line > 0 {
		fmt.Fprintf(&b, "line %d: ", line)
	}
	if key != "" {
		b.WriteString(key)
		b.WriteString(": ")
	}
	return b.String()
}

// Errors is every problem found in one file, in file order, one per line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find the individual *Error values.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// sortByLine keeps problems in the order a reader meets them in the file;
// problems without a line come first, in the order they were found.
func (es Errors) sortByLine() {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
}

func sortWarnings(ws []Warning) {
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Line < ws[j].Line })
}
