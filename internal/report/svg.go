package report

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// chart is an SVG drawing area: a fixed viewBox that the page scales to
// its width, with margins for the axes.
type chart struct {
	b                        strings.Builder
	w, h                     float64 // the viewBox
	left, right, top, bottom float64 // margins
	ymax                     float64
}

func newChart(w, h, ymax float64, label string) *chart {
	c := &chart{w: w, h: h, left: 48, right: 16, top: 16, bottom: 44, ymax: niceCeil(ymax)}
	fmt.Fprintf(&c.b, `<svg class="chart" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, w, h, html.EscapeString(label))
	return c
}

// plotW and plotH are the plot area's size.
func (c *chart) plotW() float64 { return c.w - c.left - c.right }
func (c *chart) plotH() float64 { return c.h - c.top - c.bottom }

// y maps a value to its SVG coordinate.
func (c *chart) y(v float64) float64 { return c.top + c.plotH()*(1-v/c.ymax) }

func (c *chart) printf(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

// text writes an escaped label.
func (c *chart) text(x, y float64, anchor, class, s string) {
	c.printf(`<text x="%.1f" y="%.1f" text-anchor="%s" class="%s">%s</text>`, x, y, anchor, class, html.EscapeString(s))
}

// grid draws the y axis: about four gridlines with their values.
func (c *chart) grid(unit string) {
	step := niceCeil(c.ymax / 4)
	for v := 0.0; v <= c.ymax+1e-9; v += step {
		y := c.y(v)
		c.printf(`<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" class="grid"/>`, c.left, c.w-c.right, y, y)
		c.text(c.left-6, y+4, "end", "tick", trimFloat(v)+unit)
	}
}

// hline draws a dashed horizontal line at v with a label at its right end.
func (c *chart) hline(v float64, class, label string) {
	y := c.y(v)
	c.printf(`<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" class="%s"/>`, c.left, c.w-c.right, y, y, class)
	c.text(c.w-c.right, y-4, "end", class+"-label", label)
}

// rect draws a bar from value lo to hi at x, width bw.
func (c *chart) rect(x, bw, lo, hi float64, class, title string) {
	if hi <= lo {
		return
	}
	c.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="%s"><title>%s</title></rect>`,
		x, c.y(hi), bw, c.y(lo)-c.y(hi), class, html.EscapeString(title))
}

func (c *chart) svg() string {
	c.b.WriteString("</svg>")
	return c.b.String()
}

// niceCeil rounds up to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6
// or 8 times a power of ten; at least 1), for axes and their steps.
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if v <= m*p+1e-9 {
			return m * p
		}
	}
	return 10 * p
}

func trimFloat(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}
