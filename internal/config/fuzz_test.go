package config

import (
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
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("Parse(200 rules x 1000 aliased words) = %v; want a too-large error", err)
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
	b.WriteString("caldav: {url: https://dav.example.com/}\nemployer:\n  names: &s [")
	b.WriteString(strings.Repeat("[x], ", 99) + "[x]]\n")
	_, _, err := Parse([]byte(b.String()), "many.yaml")
	if err == nil {
		t.Fatal("Parse(100 lists where words belong) = ok; want errors")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors || !strings.Contains(lines[maxErrors-1], "and 51 more problems") {
		t.Errorf("Parse gave %d lines ending %q; want %d ending with a count of the rest", len(lines), lines[len(lines)-1], maxErrors)
	}
}
