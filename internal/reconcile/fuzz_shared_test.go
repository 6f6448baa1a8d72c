package reconcile

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzReadShared reads any text as the shared ledger object of the target
// calendar (anyone who can write to that calendar writes it): no panic,
// at most maxSharedEntries records, and what was read is written back
// and read again unchanged.
func FuzzReadShared(f *testing.F) {
	now := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
	f.Add(string(EncodeShared(Ledger{
		"a": {Created: now, Href: "/cal/netsyncd-a.ics"},
		"b": {Created: now, Deleted: now.Add(time.Hour)},
	}, true, now)))
	f.Add(sharedProp + ":1\r\n" + sharedEntryProp + ":x 1 -9223372036854775808 /a\r\n " + strings.Repeat("y", 80) + "\r\n")
	f.Add(sharedProp + "\r\n" + sharedEntryProp + ":u 9223372036854775807 1\r\n" + sharedEntryProp + ":u 5\r\nx-netsyncd-entry:v 0 0 \r\n")
	f.Fuzz(func(t *testing.T, data string) {
		l := ReadShared(data)
		if len(l) > maxSharedEntries {
			t.Fatalf("%d records read; want at most %d", len(l), maxSharedEntries)
		}
		if l == nil {
			return
		}
		again := ReadShared(string(EncodeShared(l, true, now)))
		if !SameRecords(l, again) {
			t.Fatalf("records changed on the way back:\n%v\n%v", l, again)
		}
	})
}

// A shared ledger object of 100,000 records (2.2 MB, within the object
// budget) is read as its newest maxSharedEntries: before, every record
// was merged into ledger.json.
func TestReadSharedKeepsTheNewest(t *testing.T) {
	var b strings.Builder
	b.WriteString(sharedProp + ":1\r\n")
	for i := range 100_000 {
		b.WriteString(sharedEntryProp + ":u" + strings.Repeat("0", 6-len(itoa(i))) + itoa(i) + " " + itoa(1_000_000+i) + "\r\n")
	}
	l := ReadShared(b.String())
	if len(l) != maxSharedEntries {
		t.Fatalf("%d records read; want the newest %d", len(l), maxSharedEntries)
	}
	if _, ok := l["u099999"]; !ok {
		t.Errorf("the newest record is not kept")
	}
	if _, ok := l["u000000"]; ok {
		t.Errorf("the oldest record is kept")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
