package budget

import (
	"errors"
	"strings"
	"testing"
	"text/template"
	"time"
)

func TestCheckTemplateText(t *testing.T) {
	cases := []struct {
		src  string
		want string // "" = accepted
	}{
		{"Prep: {{.Event.Summary}}", ""},
		{"{{range .Findings}}- {{.Message}}\n{{end}}", ""},
		{"{{range $i, $f := .Findings}}{{$i}}{{end}}", ""},
		{"{{range .Week.List}}{{range $.Findings}}x{{end}}{{end}}", ""},
		{"{{range 10}}{{.}}{{end}}", ""},
		{"{{range 1000000000}}x{{end}}", "loops too often"},
		{"{{range 1000}}{{range 1000}}{{range 1000}}{{end}}{{end}}{{end}}", "loops too often"},
		{"{{range .A}}{{range .B}}{{range .C}}{{end}}{{end}}{{end}}", "loops too often"},
		{"{{if .X}}{{else}}{{range 20000}}{{end}}{{end}}", "loops too often"},
		{"{{$n := 1000000000}}{{range $n}}{{end}}", "cannot bound"},
		{`{{define "x"}}{{template "x" .}}{{end}}{{template "x" .}}`, "not allowed"},
		{"{{range", ""}, // does not parse: the caller reports it
	}
	for _, c := range cases {
		err := CheckTemplateText(c.src)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckTemplateText(%q) = %v; want nil", c.src, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckTemplateText(%q) = %v; want an error with %q", c.src, err, c.want)
		}
	}
}

func TestExecuteStopsAtTheOutputBound(t *testing.T) {
	tmpl := template.Must(template.New("t").Parse("{{range 1000000000}}xxxxxxxx{{end}}"))
	began := time.Now()
	_, err := Execute(tmpl, nil, nil)
	if !errors.Is(err, ErrTemplateOutput) {
		t.Fatalf("Execute of a template writing 8 GB = %v; want ErrTemplateOutput", err)
	}
	if took := time.Since(began); took > TemplateTime {
		t.Errorf("Execute took %v; want it stopped at %d bytes", took, TemplateOutputBytes)
	}
	out, err := Execute(template.Must(template.New("t").Parse("Prep: {{.}}")), nil, "Coffee")
	if err != nil || out != "Prep: Coffee" {
		t.Errorf("Execute(%q) = %q, %v; want %q", "Prep: {{.}}", out, err, "Prep: Coffee")
	}
}

func TestClipKeepsRunes(t *testing.T) {
	if got := Clip("caféé", 4); got != "caf…" {
		t.Errorf("Clip(%q, 4) = %q; want %q", "caféé", got, "caf…")
	}
	if got := Clip("short", 10); got != "short" {
		t.Errorf("Clip(%q, 10) = %q", "short", got)
	}
}

// A loop that writes nothing but calls printf with a width of a million
// (79 s in check-config before the Meter) stops at TemplateTime.
func TestMeterStopsSilentWork(t *testing.T) {
	m := &Meter{}
	tmpl := template.Must(template.New("t").Funcs(m.Funcs()).Parse(`{{range 10000}}{{$x := printf "%01000000d" 0}}{{end}}`))
	began := time.Now()
	_, err := Execute(tmpl, m, nil)
	if !errors.Is(err, ErrTemplateOutput) {
		t.Errorf("Execute = %v; want ErrTemplateOutput", err)
	}
	if took := time.Since(began); took > TemplateTime+time.Second {
		t.Errorf("Execute took %v; want it stopped at %v", took, TemplateTime)
	}
}
