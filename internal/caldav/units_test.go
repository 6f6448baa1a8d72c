package caldav

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

func TestNormalizeETag(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"abc"`, "abc"},
		{`W/"abc"`, "abc"},
		{`w/"abc"`, "abc"},
		{`abc`, "abc"},
		{` "abc" `, "abc"},
		{`"8fc7-ed63"`, "8fc7-ed63"},
		{`""`, ""},
		{`"`, `"`},
	} {
		if got := normalizeETag(tc.in); got != tc.want {
			t.Errorf("normalizeETag(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	if got := quoteETag(normalizeETag(`W/"x"`)); got != `"x"` {
		t.Errorf(`quoteETag(normalizeETag(W/"x")) = %s; want "x"`, got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"120", 2 * time.Minute},
		{" 5 ", 5 * time.Second},
		{"0", 0},
		{"-3", 0},
		{"", 0},
		{"soon", 0},
		{"Mon, 07 Dec 2026 10:01:30 GMT", 90 * time.Second},
		{"Mon, 07 Dec 2026 09:00:00 GMT", 0},
	} {
		if got := parseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

func TestRetryable(t *testing.T) {
	netErr := &requestError{fmt.Errorf("caldav: GET x: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")})}
	for _, tc := range []struct {
		name  string
		err   error
		want  bool
		after time.Duration
	}{
		{"nil", nil, false, 0},
		{"503 with retry-after", &StatusError{Status: 503, RetryAfter: time.Minute}, true, time.Minute},
		{"429", &StatusError{Status: 429}, true, 0},
		{"500", &StatusError{Status: 500}, true, 0},
		{"501", &StatusError{Status: 501}, false, 0},
		{"412", &StatusError{Status: 412}, false, 0},
		{"wrapped 502", fmt.Errorf("sync: %w", &StatusError{Status: 502}), true, 0},
		{"network", netErr, true, 0},
		{"deadline", context.DeadlineExceeded, true, 0},
		{"cancelled", fmt.Errorf("x: %w", context.Canceled), false, 0},
		{"plain", errors.New("caldav: bad url"), false, 0},
	} {
		if got, after := Retryable(tc.err); got != tc.want || after != tc.after {
			t.Errorf("Retryable(%s) = %v, %v; want %v, %v", tc.name, got, after, tc.want, tc.after)
		}
	}
}

func TestStatusPredicates(t *testing.T) {
	uid := &StatusError{Status: 412, Condition: "no-uid-conflict"}
	for _, tc := range []struct {
		name                   string
		err                    error
		precondition, uidC, nf bool
	}{
		{"412", &StatusError{Status: 412}, true, false, false},
		{"412 uid conflict", uid, false, true, false},
		{"409 uid conflict", &StatusError{Status: 409, Condition: "no-uid-conflict"}, false, true, false},
		{"404", fmt.Errorf("x: %w", &StatusError{Status: 404}), false, false, true},
		{"410", &StatusError{Status: 410}, false, false, true},
		{"other", errors.New("412"), false, false, false},
	} {
		if p, u, n := IsPreconditionFailed(tc.err), IsUIDConflict(tc.err), IsNotFound(tc.err); p != tc.precondition || u != tc.uidC || n != tc.nf {
			t.Errorf("%s: IsPreconditionFailed, IsUIDConflict, IsNotFound = %v, %v, %v; want %v, %v, %v",
				tc.name, p, u, n, tc.precondition, tc.uidC, tc.nf)
		}
	}
}

func TestSummarize(t *testing.T) {
	for _, tc := range []struct{ ct, body, cond, text string }{
		{"text/xml", `<?xml version="1.0"?><error xmlns="DAV:"><valid-sync-token/></error>`, "valid-sync-token", ""},
		{"application/xml", `<e:error xmlns:e="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><c:no-uid-conflict/></e:error>`, "no-uid-conflict", ""},
		{"text/plain; charset=utf-8", "Precondition failed.\nmore", "", "Precondition failed."},
		{"text/html", "<html><body>Oops</body></html>", "", ""},
		{"", "", "", ""},
	} {
		if cond, text := summarize(tc.ct, []byte(tc.body)); cond != tc.cond || text != tc.text {
			t.Errorf("summarize(%q, %q) = %q, %q; want %q, %q", tc.ct, tc.body, cond, text, tc.cond, tc.text)
		}
	}
}

func TestTimeRange(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	from := time.Date(2026, 12, 7, 0, 0, 0, 0, berlin)
	for _, tc := range []struct {
		from, to time.Time
		want     string
	}{
		{from, from.AddDate(0, 0, 7), `<C:time-range start="20261206T230000Z" end="20261213T230000Z"/>`},
		{from, time.Time{}, `<C:time-range start="20261206T230000Z"/>`},
		{time.Time{}, from, `<C:time-range end="20261206T230000Z"/>`},
		{time.Time{}, time.Time{}, ``},
	} {
		if got := timeRange(tc.from, tc.to); got != tc.want {
			t.Errorf("timeRange(%v, %v) = %s; want %s", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestSameContent(t *testing.T) {
	a := "BEGIN:VCALENDAR\r\nUID:1\r\nSUMMARY:A long\r\n  line\r\nEND:VCALENDAR\r\n"
	for _, tc := range []struct {
		name, b string
		want    bool
	}{
		{"identical", a, true},
		{"lf and reordered", "BEGIN:VCALENDAR\nSUMMARY:A long line\nUID:1\nEND:VCALENDAR\n", true},
		{"changed", strings.Replace(a, "UID:1", "UID:2", 1), false},
		{"missing a line", "BEGIN:VCALENDAR\nUID:1\nEND:VCALENDAR\n", false},
	} {
		if got := sameContent([]byte(a), []byte(tc.b)); got != tc.want {
			t.Errorf("sameContent(%s) = %v; want %v", tc.name, got, tc.want)
		}
	}
}

func TestSelect(t *testing.T) {
	cals := []Calendar{
		{Path: "/alice/home/", Name: "Home", Components: []string{"VEVENT"}},
		{Path: "/alice/work/", Name: "Work", Components: []string{"VEVENT", "VTODO"}},
		{Path: "/alice/tasks/", Name: "Tasks", Components: []string{"VTODO"}},
		{Path: "/alice/netsyncd/", Name: "netsyncd"},
		{Path: "/alice/dup1/", Name: "Shared"},
		{Path: "/alice/dup2/", Name: "shared"},
	}
	paths := func(cs []Calendar) string {
		var p []string
		for _, c := range cs {
			p = append(p, c.Path)
		}
		return strings.Join(p, " ")
	}
	for _, tc := range []struct {
		name       string
		sources    []string
		target     string
		wantSrc    string
		wantTarget string
		wantErr    string
	}{
		{"defaults", nil, "netsyncd", "/alice/home/ /alice/work/ /alice/dup1/ /alice/dup2/", "/alice/netsyncd/", ""},
		{"target missing", nil, "Prep", "/alice/home/ /alice/work/ /alice/netsyncd/ /alice/dup1/ /alice/dup2/", "", ""},
		{"by name any case", []string{"WORK", "home"}, "NETSYNCD", "/alice/work/ /alice/home/", "/alice/netsyncd/", ""},
		{"by path", []string{"/alice/work", "/alice/home/"}, "http://dav.example/alice/netsyncd/", "/alice/work/ /alice/home/", "/alice/netsyncd/", ""},
		{"duplicates once", []string{"Work", "/alice/work/"}, "", "/alice/work/", "", ""},
		{"ambiguous name", []string{"shared"}, "", "", "", "2 calendars are named"},
		{"ambiguous resolved by path", []string{"/alice/dup2/"}, "", "/alice/dup2/", "", ""},
		{"missing source", []string{"Work", "Job search"}, "", "", "", `no calendar "Job search"; the calendars are: "Home" (/alice/home/), "Work" (/alice/work/)`},
		{"source is target", []string{"Work"}, "work", "", "", "both a source and the target"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, tgt, err := Select(cals, tc.sources, tc.target)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("Select(%q, %q) = %v; want an error with %q", tc.sources, tc.target, err, tc.wantErr)
				}
				return
			}
			gotTarget := ""
			if tgt != nil {
				gotTarget = tgt.Path
			}
			if err != nil || paths(src) != tc.wantSrc || gotTarget != tc.wantTarget {
				t.Errorf("Select(%q, %q) = %q, %q, %v; want %q, %q", tc.sources, tc.target, paths(src), gotTarget, err, tc.wantSrc, tc.wantTarget)
			}
		})
	}
}
