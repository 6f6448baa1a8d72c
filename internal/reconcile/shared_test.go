package reconcile

import (
	"testing"
	"time"
)

func TestLedgerOfKeepsOnlyTheTargetsEntries(t *testing.T) {
	now := time.Now()
	l := Ledger{
		"a": {Created: now, Href: "/alice/networking/a.ics"},
		"b": {Created: now, Href: "/alice/tasks/b.ics"},
		"c": {Created: now}, // written before hrefs were recorded: kept, to stay safe
		// Recorded as an absolute URL on iCloud's other host: counts by its path.
		"d": {Created: now, Href: "https://p42-caldav.icloud.com:443/alice/networking/d.ics"},
	}
	got := l.Of("/alice/networking/")
	if _, ok := got["b"]; ok || len(got) != 3 {
		t.Errorf("Of(/alice/networking/) = %v; want a, c and d only", got)
	}
	if len(l) != 4 {
		t.Errorf("Of changed the ledger it was given")
	}
}
