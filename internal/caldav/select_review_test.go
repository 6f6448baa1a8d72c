package caldav

import (
	"fmt"
	"strings"
	"testing"
)

// A home of 10,000 calendars of one name made an error of 300 KB listing
// every path, printed and logged every pass. Now it names five and counts
// the rest.
func TestFindManyHomonymsIsShort(t *testing.T) {
	cals := make([]Calendar, 10000)
	for i := range cals {
		cals[i] = Calendar{Name: "Work", Path: fmt.Sprintf("/home/work-%05d/", i)}
	}
	_, err := find(cals, "Work")
	if err == nil {
		t.Fatal("find chose one of 10,000 calendars named Work")
	}
	msg := err.Error()
	if len(msg) > 400 || !strings.Contains(msg, "10000 calendars are named") || !strings.Contains(msg, "/home/work-00000/") || !strings.Contains(msg, "and 9995 more") {
		t.Errorf("error of %d bytes: %.500s\nwant the count, the first paths and how many more", len(msg), msg)
	}
}
