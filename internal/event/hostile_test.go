package event

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// hostile builds a calendar object around body lines.
func hostile(lines ...string) []byte {
	return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VCALENDAR\r\n")
}

func hostileEvent(uid string, extra ...string) string {
	return strings.Join(append([]string{"BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260101T000000Z",
		"DTSTART:20261201T150000Z", "DTEND:20261201T160000Z", "SUMMARY:" + uid}, append(extra, "END:VEVENT")...), "\r\n")
}

// TestHostileInputs: each hostile object is handled in bounded time and
// memory, says what is wrong when it is wrong, and never keeps the good
// object beside it from being read.
func TestHostileInputs(t *testing.T) {
	deep := strings.Repeat("BEGIN:X-NEST\r\n", 100000) + hostileEvent("deep") + "\r\n" + strings.Repeat("END:X-NEST\r\n", 100000)
	cases := []struct {
		name    string
		data    []byte
		problem string // a word of the expected problem; "" = none required
	}{
		{"huge line", hostile(hostileEvent("huge-line", "DESCRIPTION:"+strings.Repeat("x", 8<<20))), ""},
		{"deep nesting", hostile(deep), ""},
		{"million-occurrence RRULE", hostile(hostileEvent("million", "RRULE:FREQ=MINUTELY;COUNT=1000000")), "too many"},
		{"endless RRULE over the window", hostile(hostileEvent("endless", "RRULE:FREQ=SECONDLY")), "too many"},
		{"invalid UTF-8", hostile(hostileEvent("bad-utf8", "SUMMARY:caf\xe9 \xff\xfe", "LOCATION:\xc3\x28")), ""},
		{"50 MB object", hostile(hostileEvent("fifty", "DESCRIPTION:"+strings.Repeat("y", 50<<20))), "exceeds the limit"},
		{"garbage", []byte(strings.Repeat("\x00;:=,\"\r\n", 100000)), ""},
		{"no end to anything", []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:open\r\nDTSTART:20261201T150000Z\r\n"), ""},
	}
	good := Source{Calendar: "Personal", Href: "/good.ics", Data: hostile(hostileEvent("good"))}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(2, 0, 0)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			began := time.Now()
			occs, probs := ExpandAll([]Source{{Calendar: "Personal", Href: "/hostile.ics", Data: c.data}, good}, from, to, time.UTC)
			took := time.Since(began)
			runtime.ReadMemStats(&after)
			if took > 10*time.Second {
				t.Errorf("took %v; want well under 10 s", took)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 2<<30 {
				t.Errorf("allocated %d MB; want it bounded", grew>>20)
			}
			found := false
			for _, o := range occs {
				found = found || o.UID == "good"
				for _, f := range []string{o.Summary, o.Location, o.Description} {
					if !utf8.ValidString(f) {
						t.Errorf("occurrence %s carries invalid UTF-8: %q", o.UID, f)
					}
				}
			}
			if !found {
				t.Errorf("the good object beside the hostile one was not read")
			}
			msgs := fmt.Sprint(probs)
			if c.problem != "" && !strings.Contains(msgs, c.problem) {
				t.Errorf("problems %s; want one saying %q", msgs, c.problem)
			}
			for _, p := range probs {
				if p.Href == "/good.ics" {
					t.Errorf("a problem was blamed on the good object: %v", p)
				}
			}
			t.Logf("%v, %d occurrences, %d problems, %d MB allocated", took.Round(time.Millisecond), len(occs), len(probs), (after.TotalAlloc-before.TotalAlloc)>>20)
		})
	}
}
