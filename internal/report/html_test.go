package report

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
)

// planFixture is four weeks and two milestones, one of them behind.
func planFixture(t *testing.T) ([]limits.Week, Plan, time.Time, *time.Location) {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, loc)
	var weeks []limits.Week
	for i, n := range [][4]float64{{5.5, 2, 1, 0}, {7.25, 1, 3, 1}, {2, 0, 1, 0}, {0, 0, 0, 0}} {
		s := time.Date(2026, 11, 30+7*i, 0, 0, 0, 0, loc)
		ev := int(n[1] + n[2])
		w := limits.Week{Week: limits.WeekLabel(s), Start: s, End: s.AddDate(0, 0, 7), Hours: n[0], BudgetHours: 6,
			Events: ev, Active: int(n[1]), Passive: int(n[2]), RemoteHours: n[3], Findings: []limits.Finding{}}
		if ev > 0 {
			w.ActiveShare = n[1] / float64(ev)
		}
		if w.Hours > 6 {
			w.Findings = append(w.Findings, limits.Finding{Code: limits.OverWeeklyHours, Message: "Week " + w.Week + ": 7.25 h of in-person networking <planned> & over"})
		}
		weeks = append(weeks, w)
	}
	cfg := config.Default()
	cfg.Location = loc
	eight, twenty := 8, 20
	cfg.Plan.Milestones = []config.Milestone{
		{Name: "first month", By: config.Date{Year: 2026, Month: 12, Day: 20}, ActiveMeetings: &eight, NewContacts: &eight},
		{Name: "first quarter", By: config.Date{Year: 2027, Month: 2, Day: 28}, ActiveMeetings: &twenty},
	}
	rec := milestone.Record{Occurrences: map[string]milestone.Occurrence{}}
	for i, d := range []int{23, 25, 27, 1, 3, 8, 10} {
		m := time.December
		if d > 20 {
			m = time.November
		}
		s := time.Date(2026, m, d, 8, 0, 0, 0, loc)
		rec.Occurrences[string(rune('a'+i))] = milestone.Occurrence{Start: s, Active: true, InPerson: true, InPersonHours: 1.5}
	}
	in := milestone.Input{Config: cfg, Start: time.Date(2026, 11, 21, 0, 0, 0, 0, loc), Record: rec, Now: now}
	ms := milestone.Compute(in)
	return weeks, Plan{Milestones: ms, Burnup: milestone.Burnup(in, ms), MinActive: 2, Slots: map[string]int{weeks[2].Week: 2}}, now, loc
}

func TestWriteProgressText(t *testing.T) {
	weeks, p, _, loc := planFixture(t)
	var b bytes.Buffer
	if err := WriteProgressText(&b, weeks, p, loc); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"  2026-W49  hours ██████████████████░░      5.5 h / 6 h      meetings ██░      2 active, 1 passive, target 2 active",
		"  2026-W50  hours ████████████████████!!!!! 7.25 h / 6 h     meetings █░░░·    1 active, 3 passive",
		"  2026-W51  hours ███████░░░░░░░░░░░░░      2 h / 6 h        meetings ░··      0 active, 1 passive, target 2 active (2 open slots)",
		"first month, Sat 21 Nov to Sun 20 Dec 2026: behind (38% of the time gone)",
		"  new contacts     ░░░░░░░░│░░░░░░░░░░░  0/8 new contacts (3.03 expected by now)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("progress view lacks %q:\n%s", want, out)
		}
	}
}

// TestWriteHTMLSelfContained: no script, no link, no external reference;
// the three charts are there; text is escaped.
func TestWriteHTMLSelfContained(t *testing.T) {
	weeks, p, now, loc := planFixture(t)
	var b bytes.Buffer
	if err := WriteHTML(&b, weeks, p, now, loc); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, `<svg class="chart"`); n != 3 {
		t.Errorf("%d charts; want 3", n)
	}
	for _, bad := range []string{"<script", "<link", "src=", "@import", "url(", "https://", "<planned>"} {
		if strings.Contains(out, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if refs := regexp.MustCompile(`http://[^"]*`).FindAllString(out, -1); len(refs) != 3 || refs[0] != "http://www.w3.org/2000/svg" {
		t.Errorf("references %v; want only the SVG namespace, once per chart", refs)
	}
	if !strings.Contains(out, "&lt;planned&gt; &amp; over") {
		t.Error("a finding's text is not escaped")
	}
}

// chromium finds the headless browser, or skips (fails under CI=true).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (scripts/test.sh installs the Debian package chromium)")
	}
	t.Skip("chromium is not installed; apt-get install chromium")
	return ""
}

// runChromium runs headless Chromium on file with args, offline: every
// host name resolves to nothing, so a page that fetched anything would
// show it broken rather than reach the network.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + t.TempDir(), "--hide-scrollbars"}
	cmd := exec.CommandContext(t.Context(), bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// TestHTMLRendersInChromium lays the page out in headless Chromium and
// reads back, from a probe script added to a copy of the page, the size
// of every chart and how many bars and lines it drew; then takes a
// screenshot and checks it is not blank.
func TestHTMLRendersInChromium(t *testing.T) {
	bin := chromium(t)
	weeks, p, now, loc := planFixture(t)
	var b bytes.Buffer
	if err := WriteHTML(&b, weeks, p, now, loc); err != nil {
		t.Fatal(err)
	}
	const probe = `<script>
var out = [];
document.querySelectorAll("svg.chart").forEach(function (s) {
  var r = s.getBoundingClientRect();
  out.push({label: s.getAttribute("aria-label"), w: Math.round(r.width), h: Math.round(r.height),
    rects: s.querySelectorAll("rect").length, lines: s.querySelectorAll("polyline").length,
    drawn: Array.prototype.filter.call(s.querySelectorAll("rect, polyline"), function (e) { var b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; }).length});
});
var pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
</script>`
	dir := t.TempDir()
	probed := filepath.Join(dir, "probed.html")
	if err := os.WriteFile(probed, []byte(strings.Replace(b.String(), "</body>", probe+"</body>", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, bin, "--window-size=1000,1400", "--virtual-time-budget=3000", "--dump-dom", "file://"+probed)
	m := regexp.MustCompile(`<pre id="probe">(.*?)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("no probe in the rendered DOM:\n%.2000s", dom)
	}
	var charts []struct {
		Label                     string
		W, H, Rects, Lines, Drawn int
	}
	if err := json.Unmarshal(m[1], &charts); err != nil {
		t.Fatalf("probe %s: %v", m[1], err)
	}
	if len(charts) != 3 {
		t.Fatalf("%d charts rendered; want 3: %s", len(charts), m[1])
	}
	for _, c := range charts {
		if c.W < 600 || c.W > 1000 || c.H < 200 || c.H > 400 {
			t.Errorf("chart %q is %dx%d px; want about 930x336 (the page's width)", c.Label, c.W, c.H)
		}
		if c.Drawn == 0 || c.Drawn < (c.Rects+c.Lines)/2 {
			t.Errorf("chart %q drew %d of %d shapes with a size", c.Label, c.Drawn, c.Rects+c.Lines)
		}
	}
	if charts[2].Lines != 3 {
		t.Errorf("burn-up has %d lines; want done, planned and target", charts[2].Lines)
	}
	page := filepath.Join(dir, "report.html")
	shot := filepath.Join(dir, "shot.png")
	if err := os.WriteFile(page, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	runChromium(t, bin, "--window-size=1000,1400", "--virtual-time-budget=3000", "--screenshot="+shot, "file://"+page)
	checkScreenshot(t, shot, 1000, 1400)
}

// checkScreenshot decodes the PNG and wants its size and a good share of
// pixels that are not the page's background.
func checkScreenshot(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("screenshot is %dx%d; want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	bg, ink := img.At(2, 2), 0
	for y := 0; y < h; y += 4 {
		for x := 0; x < w; x += 4 {
			if img.At(x, y) != bg {
				ink++
			}
		}
	}
	if total := (w / 4) * (h / 4); ink < total/5 {
		t.Errorf("screenshot is nearly blank: %d of %d sampled pixels differ from the background", ink, total)
	}
}
