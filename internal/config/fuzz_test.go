package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: Parse never panics, and whatever it accepts, Redacted prints
// in a form Parse accepts again.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	seeds = append(seeds, examplePath)
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, _, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if c != nil {
				t.Fatal("Parse returned a config with an error")
			}
			return
		}
		out, err := c.Redacted()
		if err != nil {
			t.Fatalf("Redacted: %v", err)
		}
		if _, _, err := Parse(out, "redacted.yaml"); err != nil {
			t.Fatalf("Parse(Redacted()) = %v\n%s", err, out)
		}
	})
}

// TestAliasBudget: aliases cannot make a small file cost unbounded work.
func TestAliasBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("caldav: {url: https://dav.example.com/}\nemployer:\n  names: &s [")
	b.WriteString(strings.Repeat("coffee, ", 999) + "coffee]\nclassify:\n  rules:\n")
	for i := range 200 {
		fmt.Fprintf(&b, "    - {name: r%d, match: {summary: *s}, set: {networking: true}}\n", i)
	}
	_, _, err := Parse([]byte(b.String()), "laughs.yaml")
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("Parse(200 rules x 1000 aliased words) = %v; want one error", err)
	}
	// one error, placed where the limit was hit, with the limit, the alias
	// and what to do; not the 50 that would follow from the partial decode
	for _, want := range []string{"laughs.yaml:", "classify.rules[", "more than 100000 YAML values", "*s is repeated", "write the values out plainly instead of repeating *s"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q; want it to say %q", err, want)
		}
	}
}

func BenchmarkParseExample(b *testing.B) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Parse(data, "example.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestErrorsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("caldav: {url: https://dav.example.com/}\nemployer:\n  names:\n")
	b.WriteString(strings.Repeat("    - [x]\n", 100))
	_, _, err := Parse([]byte(b.String()), "many.yaml")
	if err == nil {
		t.Fatal("Parse(100 lists where words belong) = ok; want errors")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors || !strings.Contains(lines[maxErrors-1], "and 51 more problems") {
		t.Errorf("Parse gave %d lines ending %q; want %d ending with a count of the rest", len(lines), lines[len(lines)-1], maxErrors)
	}
}

// The same mistake on one line (an alias copies its anchor's, a flow list
// repeats it) is listed a few times, then counted.
func TestSameErrorOnALineIsFolded(t *testing.T) {
	var b strings.Builder
	b.WriteString("caldav: {url: https://dav.example.com/}\nemployer:\n  names: &s [")
	b.WriteString(strings.Repeat("[x], ", 99) + "[x]]\n")
	b.WriteString("me:\n  emails: wrong\n")
	_, _, err := Parse([]byte(b.String()), "many.yaml")
	if err == nil {
		t.Fatal("Parse(100 lists where words belong) = ok; want errors")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != sameOnALine+2 || !strings.Contains(lines[sameOnALine], "many.yaml:3: and 97 more keys like employer.names[2] with the same problem") ||
		!strings.Contains(lines[sameOnALine+1], "me.emails") {
		t.Errorf("Parse gave:\n%s\nwant %d errors of line 3, a count of the rest, and the error of line 5", err, sameOnALine)
	}
}
