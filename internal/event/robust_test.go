package event

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestExpandHeavyRules checks the guards: rules that would walk decades,
// never match, or loop forever in rrule-go must cost little and say so.
func TestExpandHeavyRules(t *testing.T) {
	from := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	begin := time.Now()
	occs, probs := Expand(testdataSource(t, "heavy.ics"), from, from.AddDate(0, 0, 1), time.UTC)
	if d := time.Since(begin); d > 3*time.Second {
		t.Errorf("Expand(heavy.ics) took %v; want well under 3s", d)
	}
	count := map[string]int{}
	for _, o := range occs {
		count[o.UID]++
	}
	want := map[string]int{"minutely-1990": 1440, "secondly": maxPerSeries}
	for uid, n := range want {
		if count[uid] != n {
			t.Errorf("%s: %d occurrences; want %d", uid, count[uid], n)
		}
	}
	for _, uid := range []string{"never-reached", "impossible", "big-count"} {
		if count[uid] != 0 {
			t.Errorf("%s: %d occurrences; want 0", uid, count[uid])
		}
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Error())
	}
	joined := strings.Join(msgs, "\n")
	for _, uid := range []string{"secondly", "big-count"} {
		if !strings.Contains(joined, `UID "`+uid+`": too many occurrences`) {
			t.Errorf("problems %q; want a truncation problem for %s", joined, uid)
		}
	}
}

func TestPossible(t *testing.T) {
	tests := []struct {
		rule string
		want bool
	}{
		{"FREQ=HOURLY;INTERVAL=24;BYHOUR=5", false},
		{"FREQ=HOURLY;INTERVAL=24;BYHOUR=0", true},
		{"FREQ=HOURLY;INTERVAL=5;BYHOUR=3", true}, // 0,5,10,15,20,1,... reaches every hour
		{"FREQ=MINUTELY;INTERVAL=60;BYMINUTE=30", false},
		{"FREQ=MINUTELY;INTERVAL=90;BYHOUR=1;BYMINUTE=30", true},
		{"FREQ=SECONDLY;INTERVAL=60;BYSECOND=10", false},
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", false},
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", true},
		{"FREQ=MONTHLY;BYMONTHDAY=-31", true},
		{"FREQ=DAILY;BYSETPOS=2", false},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1", true},
	}
	start := stamp{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, tt := range tests {
		opt, err := parseRule(tt.rule, start, time.UTC)
		if err != nil {
			t.Fatalf("parseRule(%q): %v", tt.rule, err)
		}
		opt.Dtstart = start.t
		fillDefaults(&opt)
		if got := possible(opt); got != tt.want {
			t.Errorf("possible(%q) = %v; want %v", tt.rule, got, tt.want)
		}
	}
}

func TestExpandRefusesHugeInput(t *testing.T) {
	src := Source{Href: "/big.ics", Data: make([]byte, maxSourceBytes+1)}
	occs, probs := Expand(src, time.Now(), time.Now().Add(time.Hour), time.UTC)
	if len(occs) != 0 || len(probs) != 1 || !strings.Contains(probs[0].Error(), "exceeds the limit") {
		t.Errorf("Expand(huge) = %d occurrences, %v; want none and one size problem", len(occs), probs)
	}
}

func TestExpandAllSortsAcrossSources(t *testing.T) {
	mk := func(uid, start string) Source {
		return Source{Href: "/" + uid + ".ics", Data: []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:" + uid +
			"\r\nDTSTART:" + start + "\r\nDTEND:" + start + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")}
	}
	srcs := []Source{mk("b", "20240102T100000Z"), mk("c", "20240101T100000Z"), mk("a", "20240102T100000Z")}
	occs, probs := ExpandAll(srcs, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), time.UTC)
	var got []string
	for _, o := range occs {
		got = append(got, o.UID+o.Href)
	}
	if want := "c/c.ics a/a.ics b/b.ics"; strings.Join(got, " ") != want || len(probs) != 0 {
		t.Errorf("ExpandAll order = %q, problems %v; want %q", strings.Join(got, " "), probs, want)
	}
}

func TestSortOccurrencesMatchesStableSort(t *testing.T) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var occs []Occurrence
	for i := range 500 {
		occs = append(occs, Occurrence{
			UID:     string(rune('a' + (i*7)%5)),
			Start:   base.Add(time.Duration((i*37)%23) * time.Hour),
			Summary: strconv.Itoa(i), // tells equal keys apart: their order must stay
		})
	}
	want := slices.Clone(occs)
	slices.SortStableFunc(want, func(a, b Occurrence) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.UID, b.UID))
	})
	sortOccurrences(occs)
	for i := range occs {
		if occs[i].Summary != want[i].Summary {
			t.Fatalf("sortOccurrences: position %d holds %s; want %s", i, occs[i].Summary, want[i].Summary)
		}
	}
}
