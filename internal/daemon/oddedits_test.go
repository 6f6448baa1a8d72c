package daemon

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestOddUserEditsOfEntries: on Radicale, the user reshapes netsyncd's
// entries in ways the write-back tests never tried, then every source
// moves, so that a pass would update each entry. Whatever the user made of
// an entry stays byte for byte, nothing is recreated beside it, and the
// entries left alone still follow their sources:
//   - the prep of the coffee loses its X-NETSYNCD-* properties (an app
//     that drops unknown properties): it is the user's now;
//   - the follow-up of the coffee is copied under another UID and href and
//     the original deleted (an export and import): its markers no longer
//     match its UID;
//   - the prep of the lunch is made to repeat every week, and the
//     follow-up of the lunch to repeat daily with one instance moved (a
//     second VEVENT with a RECURRENCE-ID). Before, the next update wrote
//     netsyncd's single VEVENT over them, and the user's series was gone;
//   - the prep of the breakfast is moved to the source calendar: it is not
//     classified as a networking event of its own, and not made again in
//     the target.
//
// When the lunch is deleted, the two series the user made of its entries
// stay too.
func TestOddUserEditsOfEntries(t *testing.T) {
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, fixtureEvents())
	h.pass()
	owned := h.owned()
	xprops := regexp.MustCompile(`(?m)^X-NETSYNCD-[^\r\n]*\r?\n( [^\r\n]*\r?\n)*`)
	coffeePrep, coffeeFollowup := owned[prepUID("coffee-sarah")], owned[followupUID("coffee-sarah")]
	lunchPrep, lunchFollowup := owned[prepUID("lunch-tom")], owned[followupUID("lunch-tom")]
	breakfastPrep := owned[prepUID("breakfast-ana")]
	for _, o := range []entry.Owned{coffeePrep, coffeeFollowup, lunchPrep, lunchFollowup, breakfastPrep} {
		if o.Href == "" {
			t.Fatalf("the first pass did not make the entries of the fixture: %v", owned)
		}
	}
	srv.Put(t, coffeePrep.Href, xprops.ReplaceAll(coffeePrep.Data, nil))
	srv.Delete(t, coffeeFollowup.Href)
	renamed := h.target + "copied-follow-up.ics"
	srv.Put(t, renamed, bytes.Replace(coffeeFollowup.Data, []byte("UID:"+coffeeFollowup.UID), []byte("UID:copied-follow-up"), 1))
	srv.Put(t, lunchPrep.Href, bytes.Replace(lunchPrep.Data, []byte("END:VEVENT"), []byte("RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT"), 1))
	override := "BEGIN:VEVENT\r\nUID:" + lunchFollowup.UID + "\r\nDTSTAMP:20261201T120000Z\r\nRECURRENCE-ID:" + lunchFollowup.Start.UTC().Format("20060102T150405Z") +
		"\r\nDTSTART:20261205T150000Z\r\nDTEND:20261205T153000Z\r\nSUMMARY:Follow up with Tom, on Saturday\r\nEND:VEVENT\r\nEND:VCALENDAR"
	withOverride := bytes.Replace(lunchFollowup.Data, []byte("END:VEVENT"), []byte("RRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT"), 1)
	withOverride = bytes.Replace(withOverride, []byte("END:VCALENDAR"), []byte(override), 1)
	srv.Put(t, lunchFollowup.Href, withOverride)
	srv.Delete(t, breakfastPrep.Href)
	movedPrep := h.source + "moved-prep.ics"
	srv.Put(t, movedPrep, breakfastPrep.Data)

	users := map[string]string{} // href: ETag, as the user left them
	for href, o := range h.objects() {
		users[href] = o.ETag
	}
	movedStored := srv.Get(t, movedPrep)
	ev := fixtureEvents()
	ev[0].Start, ev[1].Start, ev[3].Start = day(3, 9, 30), day(4, 12, 30), day(11, 7, 45)
	for _, i := range []int{0, 1, 3} {
		h.putSource(ev[i])
	}

	sum := h.pass()
	if sum.Created != 0 {
		t.Errorf("the pass created %d entries; want none (each was deleted, copied, moved or reshaped by the user): %+v", sum.Created, sum.Changes)
	}
	if sum.KeptUserEdits < 2 {
		t.Errorf("the pass kept %d user edits; want at least the two series the user made", sum.KeptUserEdits)
	}
	after := h.owned() // fails on a duplicated UID
	for _, href := range []string{coffeePrep.Href, renamed, lunchPrep.Href, lunchFollowup.Href} {
		if o, ok := h.objects()[href]; !ok {
			t.Errorf("%s, as the user left it, is gone", href)
		} else if o.ETag != users[href] {
			t.Errorf("%s, as the user left it, was rewritten:\n%s", href, o.Data)
		}
	}
	if got := srv.Get(t, movedPrep); !bytes.Equal(got, movedStored) {
		t.Errorf("the entry the user moved into the source calendar changed:\n%s", got)
	}
	for _, o := range after {
		if o.SourceUID == breakfastPrep.UID {
			t.Errorf("the prep moved into the source calendar got an entry of its own: %s", o.Summary)
		}
	}
	if f := after[followupUID("breakfast-ana")]; !f.Start.After(day(11, 7, 45)) {
		t.Errorf("the follow-up of the moved breakfast starts %v; want after it, on 11 Dec", f.Start)
	}
	// The lunch is deleted: the series the user made of its entries stay.
	srv.Delete(t, h.source+"lunch-tom.ics")
	h.pass()
	for _, href := range []string{lunchPrep.Href, lunchFollowup.Href} {
		if o, ok := h.objects()[href]; !ok || o.ETag != users[href] {
			t.Errorf("%s, a series the user made of an entry, was deleted or rewritten when its source was deleted", href)
		}
	}
	h.checkIdle("after the user's odd edits")
}
