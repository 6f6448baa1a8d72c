package budget

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
	"text/template/parse"
	"time"
)

// ErrTemplateOutput is returned by Execute for a template that writes more
// than TemplateOutputBytes or runs longer than TemplateTime.
var ErrTemplateOutput = errors.New("template output over budget")

// limitedWriter stops a template: text/template stops executing at the
// first write that fails.
type limitedWriter struct {
	b        strings.Builder
	max      int
	deadline time.Time
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		return 0, fmt.Errorf("%w: more than %d bytes", ErrTemplateOutput, w.max)
	}
	if time.Now().After(w.deadline) {
		return 0, fmt.Errorf("%w: longer than %v", ErrTemplateOutput, TemplateTime)
	}
	return w.b.Write(p)
}

// Execute runs t on data with the output and time bounds of templates. On
// an error it returns what was written before it too. Loops that write
// nothing are bounded by CheckTemplate, which every user template passes
// before it is used, and by m's functions, which t was parsed with (nil:
// none).
func Execute(t *template.Template, m *Meter, data any) (string, error) {
	deadline := time.Now().Add(TemplateTime)
	if m != nil {
		m.deadline = deadline
	}
	w := &limitedWriter{max: TemplateOutputBytes, deadline: deadline}
	err := t.Execute(w, data)
	return w.b.String(), err
}

// Meter bounds the functions a template calls in the time of one Execute:
// text/template looks up a template's own functions before its builtins,
// so Funcs replaces the builtins that can cost without writing (printf
// with a width of a million, in a loop that writes nothing) by ones that
// stop at the deadline and at TemplateOutputBytes. A Meter serves one
// goroutine.
type Meter struct{ deadline time.Time }

// check is the error that stops the template once its time is up.
func (m *Meter) check(s string) (string, error) {
	if !m.deadline.IsZero() && time.Now().After(m.deadline) {
		return "", fmt.Errorf("%w: longer than %v", ErrTemplateOutput, TemplateTime)
	}
	if len(s) > TemplateOutputBytes {
		return "", fmt.Errorf("%w: more than %d bytes", ErrTemplateOutput, TemplateOutputBytes)
	}
	return s, nil
}

// Funcs are the metered builtins, to add to a template before Parse.
func (m *Meter) Funcs() template.FuncMap {
	return template.FuncMap{
		"printf":  func(f string, a ...any) (string, error) { return m.check(fmt.Sprintf(f, a...)) },
		"print":   func(a ...any) (string, error) { return m.check(fmt.Sprint(a...)) },
		"println": func(a ...any) (string, error) { return m.check(fmt.Sprintln(a...)) },
		"html":    func(a ...any) (string, error) { return m.check(template.HTMLEscaper(a...)) },
		"js":      func(a ...any) (string, error) { return m.check(template.JSEscaper(a...)) },
		"urlquery": func(a ...any) (string, error) {
			return m.check(template.URLQueryEscaper(a...))
		},
	}
}

// CheckTemplate refuses a parsed template whose loops could run without
// bound: ranges whose nested iterations (a number's value, or
// TemplateDataRange for a range over the data) multiply past TemplateLoops,
// ranges over anything but the data or a number, and {{template}} calls,
// which can recurse.
func CheckTemplate(t *template.Template) error {
	for _, tt := range t.Templates() {
		if err := checkTree(tt.Tree); err != nil {
			return err
		}
	}
	return nil
}

// CheckTemplateText is CheckTemplate on the source of a template, for a
// caller that does not know the template's functions (config validation).
// A template that does not parse passes: the parse error is the caller's
// to report.
func CheckTemplateText(text string) error {
	trees := map[string]*parse.Tree{}
	tr := parse.New("t")
	tr.Mode = parse.SkipFuncCheck
	if _, err := tr.Parse(text, "", "", trees); err != nil {
		return nil
	}
	for _, t := range trees {
		if err := checkTree(t); err != nil {
			return err
		}
	}
	return nil
}

func checkTree(t *parse.Tree) error {
	if t == nil || t.Root == nil {
		return nil
	}
	return checkNode(t.Root, 1)
}

func checkNode(n parse.Node, loops float64) error {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkNode(c, loops); err != nil {
				return err
			}
		}
	case *parse.IfNode:
		return checkBranch(&n.BranchNode, loops)
	case *parse.WithNode:
		return checkBranch(&n.BranchNode, loops)
	case *parse.RangeNode:
		count, err := rangeCount(n.Pipe)
		if err != nil {
			return err
		}
		if loops *= count; loops > TemplateLoops {
			return fmt.Errorf("{{range}} at %q loops too often: ranges nested here make about %.0f iterations, more than %d; loop over fewer items or nest fewer ranges", shortNode(n), loops, TemplateLoops)
		}
		return checkBranch(&n.BranchNode, loops)
	case *parse.TemplateNode:
		return fmt.Errorf("{{template %q}} is not allowed in a netsyncd template (it can call itself without end): write the text in place", n.Name)
	}
	return nil
}

func checkBranch(b *parse.BranchNode, loops float64) error {
	if err := checkNode(b.List, loops); err != nil {
		return err
	}
	if b.ElseList != nil {
		return checkNode(b.ElseList, loops)
	}
	return nil
}

// rangeCount is what one range counts: a number its value, a field of the
// data TemplateDataRange. Anything else (a variable, a function's result)
// has no bound we can see, and is refused.
func rangeCount(p *parse.PipeNode) (float64, error) {
	if p != nil && len(p.Cmds) == 1 && len(p.Cmds[0].Args) == 1 {
		switch a := p.Cmds[0].Args[0].(type) {
		case *parse.NumberNode:
			if a.IsInt {
				return max(float64(a.Int64), 0), nil
			}
		case *parse.FieldNode, *parse.DotNode:
			return TemplateDataRange, nil
		case *parse.VariableNode:
			if len(a.Ident) > 1 { // $.Week.List: a field of the data
				return TemplateDataRange, nil
			}
		case *parse.ChainNode:
			return TemplateDataRange, nil
		}
	}
	return 0, fmt.Errorf("{{range %s}} ranges over something whose size netsyncd cannot bound: range over a field of the data (like .Findings) or a number", Clip(p.String(), 60))
}

func shortNode(n parse.Node) string { return Clip(n.String(), 40) }
