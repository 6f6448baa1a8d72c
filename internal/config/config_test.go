package config

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/good")

// pinZone makes "the system's time zone" the same on every machine.
func pinZone(t *testing.T) {
	t.Helper()
	t.Setenv("TZ", "America/New_York")
}

// want is one expected problem: a line of the error must start with prefix
// ("file:line: key") and contain word.
type want struct{ prefix, word string }

// readWants reads the "# want: PREFIX => WORD" lines a bad file ends with.
func readWants(t *testing.T, data []byte) []want {
	t.Helper()
	var ws []want
	for _, line := range strings.Split(string(data), "\n") {
		spec, ok := strings.CutPrefix(line, "# want: ")
		if !ok {
			continue
		}
		prefix, word, ok := strings.Cut(spec, " => ")
		if !ok {
			t.Fatalf("bad want line %q: write # want: FILE:LINE: KEY => WORD", line)
		}
		ws = append(ws, want{prefix, word})
	}
	if len(ws) == 0 {
		t.Fatal("no # want: lines: every bad file says which problem it shows")
	}
	return ws
}

func TestBadFiles(t *testing.T) {
	pinZone(t)
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(files) < 40 {
		t.Fatalf("found %d bad files; want the whole table", len(files))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			wants := readWants(t, data)
			c, _, err := Parse(data, name)
			if err == nil {
				t.Fatalf("Parse(%s) = ok; want errors %v", name, wants)
			}
			if c != nil {
				t.Errorf("Parse(%s) returned a config with its error", name)
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(wants) {
				t.Errorf("Parse(%s): %d problems, want %d:\n%s", name, len(got), len(wants), err)
			}
			for _, w := range wants {
				if !hasLine(got, w) {
					t.Errorf("Parse(%s): no line starting %q and containing %q in:\n%s", name, w.prefix, w.word, err)
				}
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("Parse(%s): the error repeats the secret:\n%s", name, err)
			}
		})
	}
}

func hasLine(lines []string, w want) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, w.prefix) && strings.Contains(l, w.word) {
			return true
		}
	}
	return false
}

// TestGoodFiles parses each good file and compares its warnings and its
// effective config (Redacted) with a golden file; -update rewrites them.
func TestGoodFiles(t *testing.T) {
	pinZone(t)
	files, _ := filepath.Glob("testdata/good/*.yaml")
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			c, warns, err := Load(file)
			if err != nil {
				t.Fatalf("Load(%s): %v", file, err)
			}
			var got bytes.Buffer
			for _, w := range warns {
				got.WriteString("# warning: " + w.String() + "\n")
			}
			out, err := c.Redacted()
			if err != nil {
				t.Fatalf("Redacted: %v", err)
			}
			got.Write(out)
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantOut, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got.String() != string(wantOut) {
				t.Errorf("Load(%s) effective config differs from %s:\n%s", file, golden, got.String())
			}
			roundTrip(t, c)
		})
	}
}

// roundTrip checks that Redacted() output parses back to the same Config.
func roundTrip(t *testing.T, c *Config) {
	t.Helper()
	out, err := c.Redacted()
	if err != nil {
		t.Fatalf("Redacted: %v", err)
	}
	back, _, err := Parse(out, "redacted.yaml")
	if err != nil {
		t.Fatalf("Parse(Redacted()) failed: %v\n%s", err, out)
	}
	a, b := comparable(c), comparable(back)
	if a.Timezone == "" { // Redacted names the system zone
		a.Timezone = b.Timezone
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("Parse(Redacted()) = %+v;\nwant %+v", b, a)
	}
}

// comparable strips what Parse records about the file it came from.
func comparable(c *Config) Config {
	out := *c
	out.Path, out.file, out.lines, out.failed = "", "", nil, nil
	out.Location = nil
	return out
}

func TestMinimalIsDefault(t *testing.T) {
	pinZone(t)
	c, _, err := Parse([]byte("caldav:\n  url: https://dav.example.com/\n"), "minimal.yaml")
	if err != nil {
		t.Fatalf("Parse(minimal) = %v; want no error", err)
	}
	want := Default()
	want.CalDAV.URL = "https://dav.example.com/"
	if got := comparable(c); !reflect.DeepEqual(got, comparable(want)) {
		t.Errorf("Parse(minimal) = %+v;\nwant Default() with the url: %+v", got, comparable(want))
	}
	if c.Location == nil || c.Location.String() != "America/New_York" {
		t.Errorf("Location = %v; want America/New_York from $TZ", c.Location)
	}
}

func TestDefaultAloneNeedsURL(t *testing.T) {
	_, err := Default().Validate()
	if err == nil || !strings.Contains(err.Error(), "caldav.url: is required") {
		t.Errorf("Default().Validate() = %v; want caldav.url is required", err)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default()
	c.CalDAV.URL = "https://dav.example.com/"
	c.Limits.MinActiveShare = 3
	c.Limits.MaxTravelMinutes = -1
	c.Output.As = "memo"
	_, err := c.Validate()
	var errs Errors
	if !asErrors(err, &errs) || len(errs) != 3 {
		t.Fatalf("Validate() = %v; want 3 problems", err)
	}
	for _, e := range errs {
		if e.Line != 0 || e.Path != "" {
			t.Errorf("a config built in code has no file: got %q", e.Error())
		}
	}
}

func asErrors(err error, target *Errors) bool {
	es, ok := err.(Errors)
	*target = es
	return ok
}

func TestTimezoneFromSystem(t *testing.T) {
	for _, tc := range []struct{ tz, want string }{
		{"Asia/Tokyo", "Asia/Tokyo"},
		{":Europe/Paris", "Europe/Paris"},
		{"/usr/share/zoneinfo/America/Chicago", "America/Chicago"},
	} {
		t.Run(tc.tz, func(t *testing.T) {
			t.Setenv("TZ", tc.tz)
			if _, err := time.LoadLocation(tc.want); err != nil {
				if os.Getenv("CI") == "true" {
					t.Fatalf("no zoneinfo: %v (apt-get install tzdata)", err)
				}
				t.Skipf("no zoneinfo: %v", err)
			}
			loc, err := loadLocation("")
			if err != nil || loc.String() != tc.want {
				t.Errorf("with TZ=%q, loadLocation(\"\") = %v, %v; want %s", tc.tz, loc, err, tc.want)
			}
		})
	}
}
