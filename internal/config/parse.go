package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/netsyncd/netsyncd/internal/fileread"
)

// maxConfigBytes caps the config file: the longest real configs are a few
// KB, and the YAML decoder refuses documents of more nodes long before.
const maxConfigBytes = 4 << 20

// Load reads and parses the file at path. The returned Config has Path set.
func Load(path string) (*Config, []Warning, error) { return load(path, false) }

func load(path string, offline bool) (*Config, []Warning, error) {
	// A bounded read of a regular file only: --config /dev/zero or a FIFO
	// must fail with a message, not exhaust memory or wait forever.
	data, err := fileread.Regular(path, maxConfigBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("config: %s does not exist: write one (config/netsyncd.example.yaml shows every key) or pass --config PATH", path)
	}
	if errors.Is(err, fileread.ErrNotRegular) || errors.Is(err, fileread.ErrTooLarge) {
		return nil, nil, fmt.Errorf("config: %w: the config must be a regular file of at most %d MB; pass --config the path of one", err, maxConfigBytes>>20)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	c, warns, err := parse(data, path, offline)
	if c != nil {
		c.Path = path
	}
	return c, warns, err
}

// Parse decodes data on top of Default() and validates the result. path
// only names the file in messages. On any problem it returns a nil Config
// and an Errors listing every problem found.
func Parse(data []byte, path string) (*Config, []Warning, error) { return parse(data, path, false) }

// LoadOffline is Load for the commands that read an .ics file and never
// contact a server (explain, report, people with --ics): a config without
// caldav.url (written only for me.emails, the employer, the rules) is
// read with OfflineURL in its place.
func LoadOffline(path string) (*Config, []Warning, error) { return load(path, true) }

// OfflineURL is the caldav.url of a config read by LoadOffline without
// one: never contacted.
const OfflineURL = "http://localhost/"

func parse(data []byte, path string, offline bool) (*Config, []Warning, error) {
	root, err := readDocument(data, path)
	if err != nil {
		return nil, nil, err
	}
	c := Default()
	c.file = path
	d := newDecoder(path)
	if root != nil {
		d.decode(root, reflect.ValueOf(c).Elem(), "", 0)
	}
	if d.limit != nil {
		return nil, nil, Errors{d.limit}
	}
	c.lines, c.failed = d.lines, d.failed
	if offline && strings.TrimSpace(c.CalDAV.URL) == "" && !c.IsGoogle() {
		c.CalDAV.URL = OfflineURL
	}
	c.normMail()
	warns, err := c.Validate()
	errs := d.errs
	var verrs Errors
	if errors.As(err, &verrs) {
		errs = append(errs, verrs...)
	}
	if len(errs) > 0 {
		errs.sortByLine()
		return nil, warns, errs.capped(d.more)
	}
	return c, warns, nil
}

// maxErrors keeps a badly broken file (or an alias repeating one mistake a
// thousand times) from burying the first problems in a flood of lines.
const maxErrors = 50

// sameOnALine is how many errors with one message on one line are listed
// before the rest are counted: an alias repeats its anchor's mistake once
// for each copy, with the same message, on the alias's line.
const sameOnALine = 3

func (es Errors) capped(more int) Errors {
	type at struct {
		line int
		msg  string
	}
	seen := map[at]int{}
	var folded Errors
	for _, e := range es {
		k := at{e.Line, e.Message}
		if seen[k]++; seen[k] <= sameOnALine || e.Line == 0 {
			folded = append(folded, e)
		}
	}
	for i, e := range folded {
		if k := (at{e.Line, e.Message}); seen[k] > sameOnALine && e.Line != 0 {
			if i+1 == len(folded) || folded[i+1].Line != e.Line || folded[i+1].Message != e.Message {
				more := &Error{Path: e.Path, Line: e.Line, Message: fmt.Sprintf("and %d more keys like %s with the same problem (does an alias repeat it?)", seen[k]-sameOnALine, e.Key)}
				folded = append(folded[:i+1], append(Errors{more}, folded[i+1:]...)...)
				seen[k] = 0
			}
		}
	}
	es = folded
	if len(es) <= maxErrors && more == 0 {
		return es
	}
	if len(es) < maxErrors {
		last := es[len(es)-1]
		return append(es, &Error{Path: last.Path, Line: last.Line, Message: fmt.Sprintf("and %d more problems: fix the ones above first", more)})
	}
	last := es[maxErrors-1]
	return append(es[:maxErrors-1:maxErrors-1], &Error{Path: last.Path, Line: last.Line,
		Message: fmt.Sprintf("and %d more problems: fix the ones above first", len(es)-maxErrors+1+more)})
}

// readDocument parses the YAML syntax and returns the one document's root
// node, nil for an empty file.
func readDocument(data []byte, path string) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, nil
	} else if err != nil {
		return nil, Errors{syntaxError(path, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, Errors{{Path: path, Line: extra.Line, Message: "a second YAML document starts here: a config file holds one; remove the \"---\" and what follows, or merge them"}}
	} else if !errors.Is(err, io.EOF) {
		return nil, Errors{syntaxError(path, err)}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode && !(root.Kind == yaml.ScalarNode && root.Tag == "!!null") {
		return nil, Errors{{Path: path, Line: root.Line, Message: fmt.Sprintf("the file holds %s; a config holds keys: start it with keys like \"caldav:\" and \"limits:\"", describe(root))}}
	}
	return root, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns yaml.v3's "yaml: line 3: ..." into an Error placed on
// that line, with a hint at the usual causes.
func syntaxError(path string, err error) *Error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	hint := "check the indentation (spaces, not tabs) and quote values that contain \": \" or start with @, *, & or {"
	return &Error{Path: path, Line: line, Message: "not valid YAML (" + msg + "): " + hint}
}
