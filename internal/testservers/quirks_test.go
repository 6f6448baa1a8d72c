package testservers

import (
	"bytes"
	"html"
	"net/http"
	"testing"
)

// TestQuirkExpiredSyncTokens: once expired, a token the server gave out is
// refused as RFC 6578 section 3.2 says (the status asked for, with the
// DAV:valid-sync-token precondition); a token given out later is not.
func TestQuirkExpiredSyncTokens(t *testing.T) {
	srv := Radicale(t)
	cal := srv.MakeCalendar(t, "tokens")
	qp := NewQuirkProxy(t, srv.URL, Quirks{ExpiredTokenStatus: http.StatusConflict})
	via := *srv
	via.URL = qp.URL
	token := func() string {
		t.Helper()
		body := []byte(`<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:sync-token/></D:prop></D:propfind>`)
		code, _, b := via.Do(t, "PROPFIND", cal, http.Header{"Depth": {"0"}, "Content-Type": {"application/xml"}}, body)
		m := syncTokenTextRE.FindSubmatch(b)
		if code != http.StatusMultiStatus || m == nil {
			t.Fatalf("PROPFIND sync-token: %d %s", code, b)
		}
		return html.UnescapeString(string(m[1]))
	}
	report := func(tok string) (int, []byte) {
		t.Helper()
		body := []byte(`<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>` + xmlText(tok) +
			`</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`)
		code, _, b := via.Do(t, "REPORT", cal, http.Header{"Depth": {"0"}, "Content-Type": {"application/xml"}}, body)
		return code, b
	}
	old := token()
	if code, b := report(old); code != http.StatusMultiStatus {
		t.Fatalf("sync-collection before the expiry: %d %s; want 207", code, b)
	}
	qp.ExpireSyncTokens()
	if code, b := report(old); code != http.StatusConflict || !bytes.Contains(b, []byte("<D:valid-sync-token/>")) || qp.RefusedTokens() != 1 {
		t.Errorf("sync-collection with the expired token: %d %s (%d refused); want 409 with DAV:valid-sync-token", code, b, qp.RefusedTokens())
	}
	srv.Put(t, cal+"one.ics", []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:one\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20261207T100000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	fresh := token()
	if code, b := report(fresh); fresh == old || code != http.StatusMultiStatus {
		t.Errorf("sync-collection with a token given out after the expiry (%q, was %q): %d %s; want 207", fresh, old, code, b)
	}
}
