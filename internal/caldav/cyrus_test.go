package caldav

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestCyrusQuirks meets each thing Cyrus 3.6 does differently on a real
// Cyrus, so that the handling (cyrus.go) and docs/compatibility.md are
// revisited when one stops happening.
func TestCyrusQuirks(t *testing.T) {
	srv := testservers.Cyrus(t)
	ctx := context.Background()
	c := clientFor(t, srv, srv.URL)
	one := srv.MakeCalendar(t, "One")
	two := srv.MakeCalendar(t, "Two")
	ics := http.Header{"Content-Type": {"text/calendar; charset=utf-8"}}
	put := func(path string, data []byte, h http.Header) (int, http.Header, string) {
		t.Helper()
		code, header, b := srv.Do(t, http.MethodPut, path, h, data)
		return code, header, string(b)
	}

	t.Run("a UID is unique across the user's calendars", func(t *testing.T) {
		if code, _, b := put(one+"a.ics", entry("cyrus-a@netsyncd", "A"), ics); code != http.StatusCreated {
			t.Fatalf("PUT = %d %s", code, b)
		}
		// RFC 4791 section 5.3.2.1 asks for no-uid-conflict within one
		// calendar only; Cyrus refuses the UID in another calendar too,
		// with RFC 6638's scheduling precondition although the object has
		// no ORGANIZER.
		code, _, b := put(two+"a.ics", entry("cyrus-a@netsyncd", "A"), ics)
		if code != http.StatusForbidden || !strings.Contains(b, "unique-scheduling-object-resource") || !strings.Contains(b, one+"a.ics") {
			t.Errorf("PUT of the UID into another calendar = %d %s; Cyrus answered 403 unique-scheduling-object-resource naming %sa.ics", code, b, one)
		}
		_, err := c.Put(ctx, two+"a.ics", entry("cyrus-a@netsyncd", "A"), Precondition{IfNoneMatch: true})
		if !IsUIDConflict(err) || IsPreconditionFailed(err) || !strings.Contains(err.Error(), "already used by "+one+"a.ics") {
			t.Errorf("Put of the UID into another calendar = %v; want a UID conflict naming %sa.ics", err, one)
		}
	})

	t.Run("an event without an end is refused", func(t *testing.T) {
		// RFC 5545 section 3.6.1: a date-time DTSTART without DTEND or
		// DURATION ends where it starts. netsyncd's entries always have
		// an end (or a DUE); the user's events on Cyrus cannot lack one.
		noEnd := strings.Replace(string(entry("cyrus-noend@netsyncd", "No end")), "DTEND:20261209T083000Z\r\n", "", 1)
		code, _, b := put(one+"noend.ics", []byte(noEnd), ics)
		if code != http.StatusForbidden || !strings.Contains(b, "DTEND must occur after DTSTART") {
			t.Errorf("PUT of an event without DTEND = %d %s; Cyrus answered 403 \"DTEND must occur after DTSTART\"", code, b)
		}
		_, err := c.Put(ctx, one+"noend.ics", []byte(noEnd), Precondition{IfNoneMatch: true})
		if err == nil || !strings.Contains(err.Error(), "DTEND must occur after DTSTART") {
			t.Errorf("Put of an event without DTEND = %v; want the server's reason in the error", err)
		}
	})

	t.Run("an empty property value is refused", func(t *testing.T) {
		// RFC 5545 section 3.1 allows an empty value; libical in Cyrus
		// refuses the object. netsyncd writes no empty property.
		empty := strings.Replace(string(entry("cyrus-empty@netsyncd", "Empty")), "SUMMARY:", "X-NETSYNCD-SOURCE-UID:\r\nSUMMARY:", 1)
		code, _, b := put(one+"empty.ics", []byte(empty), ics)
		if code != http.StatusForbidden || !strings.Contains(b, "No value for X property") {
			t.Errorf("PUT with an empty X- property = %d %s; Cyrus answered 403 \"No value for X property\"", code, b)
		}
	})

	t.Run("If-Match wants a quoted ETag", func(t *testing.T) {
		code, h, b := put(one+"quoted.ics", entry("cyrus-quoted@netsyncd", "Q"), ics)
		etag := h.Get("ETag")
		if code != http.StatusCreated || !strings.HasPrefix(etag, `"`) {
			t.Fatalf("PUT = %d, ETag %q %s", code, etag, b)
		}
		bare := http.Header{"Content-Type": ics["Content-Type"], "If-Match": {strings.Trim(etag, `"`)}}
		if code, _, b := put(one+"quoted.ics", entry("cyrus-quoted@netsyncd", "Q2"), bare); code != http.StatusPreconditionFailed {
			t.Errorf("PUT with a bare If-Match = %d %s; Cyrus answered 412", code, b)
		}
		// netsyncd always sends the ETag quoted (etag.go).
		if _, err := c.Put(ctx, one+"quoted.ics", entry("cyrus-quoted@netsyncd", "Q3"), Precondition{IfMatch: strings.Trim(etag, `"`)}); err != nil {
			t.Errorf("Put with the ETag as netsyncd keeps it = %v", err)
		}
	})

	t.Run("CATEGORIES with two values becomes two lines", func(t *testing.T) {
		two := strings.Replace(string(entry("cyrus-cats@netsyncd", "Cats")), "SUMMARY:", "CATEGORIES:netsyncd,prep\r\nSUMMARY:", 1)
		if code, _, b := put(one+"cats.ics", []byte(two), ics); code != http.StatusCreated {
			t.Fatalf("PUT = %d %s", code, b)
		}
		got := string(srv.Get(t, one+"cats.ics"))
		if !strings.Contains(got, "CATEGORIES:netsyncd\r\n") || !strings.Contains(got, "CATEGORIES:prep\r\n") {
			t.Errorf("Cyrus stored CATEGORIES:netsyncd,prep as\n%s\nit made two lines of it before", got)
		}
	})
}

func TestConditionDetail(t *testing.T) {
	const cyrus = `<?xml version="1.0" encoding="utf-8"?>
<D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><C:unique-scheduling-object-resource><D:href>/dav/calendars/user/alice/Old/x.ics</D:href></C:unique-scheduling-object-resource></D:error>`
	const desc = `<D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><C:valid-calendar-data/><D:responsedescription>DTEND must occur after DTSTART</D:responsedescription></D:error>`
	for _, tc := range []struct{ cond, body, want string }{
		{"unique-scheduling-object-resource", cyrus, "the UID is already used by /dav/calendars/user/alice/Old/x.ics (Cyrus"},
		{"no-uid-conflict", `<D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><C:no-uid-conflict/></D:error>`, "the UID is already used by another object: delete"},
		{"valid-calendar-data", desc, "DTEND must occur after DTSTART"},
		{"valid-sync-token", `<D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>`, ""},
		{"valid-sync-token", `not xml`, ""},
	} {
		got := conditionDetail(tc.cond, []byte(tc.body))
		if (tc.want == "" && got != "") || !strings.Contains(got, tc.want) {
			t.Errorf("conditionDetail(%q, %q) = %q; want it to hold %q", tc.cond, tc.body, got, tc.want)
		}
	}
	se := &StatusError{Status: http.StatusForbidden, Condition: cyrusUIDConflict}
	if !IsUIDConflict(se) || IsPreconditionFailed(se) {
		t.Errorf("a 403 %s: IsUIDConflict %v, IsPreconditionFailed %v; want a UID conflict only", cyrusUIDConflict, IsUIDConflict(se), IsPreconditionFailed(se))
	}
}
