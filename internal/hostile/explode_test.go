package hostile

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Objects that explode in ways the listed cases did not try. Each is read
// by explain --ics in bounded time and memory, the good coffee beside it
// is still read, and whatever was cut or refused is named in the log.
func TestObjectsThatExplode(t *testing.T) {
	exdates := make([]string, 10_000)
	for i := range exdates {
		exdates[i] = "EXDATE:" + now.AddDate(0, 0, -i-1).Format("20060102T150405Z")
	}
	oneLine := make([]string, 10_000)
	for i := range oneLine {
		oneLine[i] = now.Add(time.Duration(i) * time.Hour).Format("20060102T150405Z")
	}
	// a VTIMEZONE of 3,000 rules, each one transition, and one rule with
	// 20,000 RDATE transitions
	var tz strings.Builder
	tz.WriteString("BEGIN:VTIMEZONE\r\nTZID:Many Rules\r\n")
	for i := range 3000 {
		kind := []string{"STANDARD", "DAYLIGHT"}[i%2]
		fmt.Fprintf(&tz, "BEGIN:%s\r\nDTSTART:%04d0301T020000\r\nTZOFFSETFROM:+0%d00\r\nTZOFFSETTO:+0%d00\r\nEND:%s\r\n", kind, 1000+i/3, i%2, (i+1)%2, kind)
	}
	tz.WriteString("END:VTIMEZONE\r\nBEGIN:VTIMEZONE\r\nTZID:Many RDATEs\r\nBEGIN:STANDARD\r\nDTSTART:19000101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n")
	for i := range 20_000 {
		fmt.Fprintf(&tz, "RDATE:%04d%02d01T000000\r\n", 1900+i/12, i%12+1)
	}
	tz.WriteString("END:STANDARD\r\nEND:VTIMEZONE\r\n")
	tzEvent := func(uid, tzid string) string {
		return strings.Replace(vevent(uid, "X"), "DTSTART:X", "DTSTART;TZID="+tzid+":20261203T100000", 1)
	}
	cases := []struct {
		name  string
		parts []string
		uids  map[string]int // occurrences each must have; -1: any
		log   string         // the log must say, "" for nothing in particular
	}{
		{"10,000 EXDATE lines on a daily series", []string{vevent("exdated", "20261130T100000Z", append([]string{"RRULE:FREQ=DAILY"}, exdates...)...)}, map[string]int{"exdated": 14}, ""},
		{"one EXDATE of 10,000 values", []string{vevent("exdated-one", "20261130T100000Z", "RRULE:FREQ=HOURLY", "EXDATE:"+strings.Join(oneLine, ","))}, map[string]int{"exdated-one": 4}, ""}, // 10:00 to 13:00 on the first day, before the EXDATEs
		{"one RDATE of 10,000 values", []string{vevent("rdated-one", "20261130T100000Z", "RDATE:"+strings.Join(oneLine, ","))}, map[string]int{"rdated-one": 323}, ""},                        // every hour from 30 Nov 14:00 UTC to the end of the window
		{"a VTIMEZONE of 3,000 rules and one of 20,000 RDATEs", []string{tz.String(), tzEvent("tz-rules", "Many Rules"), tzEvent("tz-rdates", "Many RDATEs")}, map[string]int{"tz-rules": 1, "tz-rdates": 1}, "past the first 1000 in one component"},
		{"DTSTART in the year 9999", []string{vevent("far-future", "99991231T235959Z", "RRULE:FREQ=SECONDLY")}, map[string]int{"far-future": 0}, ""},
		{"DTSTART in the year 1 with a daily rule", []string{vevent("year-one", "00010101T100000Z", "RRULE:FREQ=DAILY")}, map[string]int{"year-one": 14}, ""},
		{"DTSTART in the year 1 with a secondly rule", []string{vevent("year-one-s", "00010101T100000Z", "RRULE:FREQ=SECONDLY;INTERVAL=7")}, map[string]int{"year-one-s": -1}, ""},
		{"DTSTART year 0000 and month 13", []string{vevent("year-zero", "00000101T100000Z"), vevent("month-13", "20261301T100000Z")}, map[string]int{"year-zero": 0, "month-13": 0}, "month-13"},
		{"a 20-digit year and a negative duration of a century", []string{strings.Replace(vevent("long-year", "X"), "DTSTART:X", "DTSTART:99999999999999999999T100000Z", 1), strings.Replace(vevent("backwards", "20261203T100000Z"), "DURATION:PT1H", "DURATION:-P36500D", 1)}, map[string]int{"long-year": 0, "backwards": -1}, "long-year"},
		{"UNTIL before DTSTART, COUNT=0, INTERVAL=0 and INTERVAL of 10^18", []string{
			vevent("until-before", "20261201T100000Z", "RRULE:FREQ=DAILY;UNTIL=20200101T000000Z"),
			vevent("count-zero", "20261201T100000Z", "RRULE:FREQ=DAILY;COUNT=0"),
			vevent("interval-zero", "20261201T100000Z", "RRULE:FREQ=SECONDLY;INTERVAL=0"),
			vevent("interval-huge", "20261201T100000Z", "RRULE:FREQ=SECONDLY;INTERVAL=1000000000000000000"),
		}, map[string]int{"until-before": -1, "count-zero": -1, "interval-zero": -1, "interval-huge": -1}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			Case(t, fileBounds, "explain --ics: "+c.name, func(t *testing.T) {
				code, out, errOut := explainICS(t, c.parts...)
				if code != 0 {
					t.Fatalf("explain exited %d: %s", code, tail(errOut))
				}
				wantGood(t, out)
				items := decodeExplain(t, out)
				for uid, want := range c.uids {
					if n := countUID(items, uid); want >= 0 && n != want {
						t.Errorf("%s: %d occurrences; want %d", uid, n, want)
					} else if n > 2000 {
						t.Errorf("%s: %d occurrences; want at most the budget", uid, n)
					}
				}
				if c.log != "" && !strings.Contains(errOut, c.log) {
					t.Errorf("the log does not say %q:\n%s", c.log, tail(errOut))
				}
			})
		})
	}
}
