package entry

import (
	"strings"
	"testing"
	"time"
)

// TestAlarmsEdited reads entries whose alarm a calendar app changed, or
// only touched, and checks which count as the user's change.
func TestAlarmsEdited(t *testing.T) {
	e := sampleEntry() // alarm 15 minutes before
	ours := string(Encode(e, EncodeOptions{Stamp: at(1, 9, 0)}))
	ourAlarm := "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:" + escapeText(e.Summary) + "\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"
	if !strings.Contains(ours, ourAlarm) || !strings.Contains(ours, "\r\n"+PropAlarm+":-PT15M\r\n") {
		t.Fatalf("Encode wrote no alarm 15 minutes before with its %s record:\n%s", PropAlarm, ours)
	}
	alarm := func(lines ...string) string {
		return "BEGIN:VALARM\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VALARM\r\n"
	}
	tests := []struct {
		name   string
		change func(s string) string
		edited bool
	}{
		{"as written", func(s string) string { return s }, false},
		{"Apple acknowledged it and gave it an id", func(s string) string {
			return strings.Replace(s, ourAlarm, alarm("X-WR-ALARMUID:6E2B", "ACTION:DISPLAY", "TRIGGER:-PT15M", "DESCRIPTION:Reminder", "ACKNOWLEDGED:20261207T160000Z"), 1)
		}, false},
		{"the same trigger written another way", func(s string) string {
			return strings.Replace(s, "TRIGGER:-PT15M", "TRIGGER;RELATED=START;VALUE=DURATION:-P0DT0H15M0S", 1)
		}, false},
		{"an hour before instead", func(s string) string { return strings.Replace(s, "TRIGGER:-PT15M", "TRIGGER:-PT1H", 1) }, true},
		{"relative to the end", func(s string) string { return strings.Replace(s, "TRIGGER:-PT15M", "TRIGGER;RELATED=END:-PT15M", 1) }, true},
		{"at a fixed time", func(s string) string {
			return strings.Replace(s, "TRIGGER:-PT15M", "TRIGGER;VALUE=DATE-TIME:20261207T150000Z", 1)
		}, true},
		{"removed", func(s string) string { return strings.Replace(s, ourAlarm, "", 1) }, true},
		{"a second alarm added", func(s string) string {
			return strings.Replace(s, ourAlarm, ourAlarm+alarm("ACTION:AUDIO", "TRIGGER:-P1D"), 1)
		}, true},
		{"written before the alarm was recorded, then changed", func(s string) string {
			s = strings.Replace(s, PropAlarm+":-PT15M\r\n", "", 1)
			return strings.Replace(s, "TRIGGER:-PT15M", "TRIGGER:-PT1H", 1)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Decode([]byte(tt.change(ours)))
			if err != nil {
				t.Fatal(err)
			}
			if o.AlarmsEdited != tt.edited {
				t.Errorf("AlarmsEdited = %v; want %v (alarms %q)", o.AlarmsEdited, tt.edited, o.Alarms)
			}
		})
	}
}

// TestKeepAlarms writes the user's alarms back in place of netsyncd's and
// checks that they read back the same and still count as the user's.
func TestKeepAlarms(t *testing.T) {
	e := sampleEntry()
	ours := string(Encode(e, EncodeOptions{Stamp: at(1, 9, 0)}))
	userAlarm := "BEGIN:VALARM\r\nX-WR-ALARMUID:6E2B\r\nACTION:AUDIO\r\nTRIGGER;RELATED=START:-PT1H\r\n" +
		"ATTACH;VALUE=URI:Chord\r\nX-APPLE-NOTE:a;b\\, c\r\nX-TEST;ALTREP=\"cid:x;y\":z\r\nEND:VALARM\r\n"
	edited := strings.Replace(ours, "BEGIN:VALARM", strings.TrimSuffix(userAlarm, "\r\n")+"\r\nBEGIN:VALARM", 1)
	user, err := Decode([]byte(edited))
	if err != nil || !user.AlarmsEdited || len(user.Alarms) != 13 {
		t.Fatalf("Decode: err %v, edited %v, %d alarm lines %q; want the two alarms as the user's, 13 lines", err, user.AlarmsEdited, len(user.Alarms), user.Alarms)
	}

	moved := e
	moved.Start, moved.End = e.Start.Add(time.Hour), e.End.Add(time.Hour)
	data := Encode(moved, EncodeOptions{Stamp: at(2, 9, 0), Sequence: 1, KeepAlarms: true, Alarms: user.Alarms})
	again, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(again.Alarms, "\n") != strings.Join(user.Alarms, "\n") || !again.AlarmsEdited || again.PlannedAlarm != "-PT15M" {
		t.Errorf("rewritten: alarms %q edited %v planned %q; want the user's alarms unchanged, still the user's, -PT15M planned\n%s",
			again.Alarms, again.AlarmsEdited, again.PlannedAlarm, data)
	}
	for _, want := range []string{"TRIGGER;RELATED=START:-PT1H", `X-APPLE-NOTE:a;b\, c`, `X-TEST;ALTREP="cid:x;y":z`, "ACTION:AUDIO"} {
		if !strings.Contains(string(data), want+"\r\n") {
			t.Errorf("rewritten entry lacks %q:\n%s", want, data)
		}
	}

	none := Encode(moved, EncodeOptions{Stamp: at(2, 9, 0), KeepAlarms: true})
	if strings.Contains(string(none), "VALARM") {
		t.Errorf("KeepAlarms with no alarms (the user removed them) wrote one:\n%s", none)
	}
}
