package caldav

import (
	"errors"
	"net/http"
)

// RefusedWriteHint says what to do about a PUT or DELETE the server
// refused for good (a 4xx other than 412), in the user's terms; "" when the
// status says nothing more than itself or the server named its reason (a
// DAV:error condition, a line of text). A target calendar the account may
// only read (a calendar shared read-only, a subscription) is the common
// case: every write of every pass is refused with 403 or 405, and "403
// Forbidden" alone does not tell the user that caldav.target is the thing
// to change.
func RefusedWriteHint(err error) string {
	var se *StatusError
	if !errors.As(err, &se) || se.Condition != "" || se.Body != "" {
		return ""
	}
	switch se.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return "the server does not let this account write to that calendar: if caldav.target names a calendar shared with you read-only " +
			"or a subscription, name one you own, or leave caldav.target out so that netsyncd makes its own"
	case http.StatusMethodNotAllowed:
		return "the server does not take " + se.Method + " there: caldav.target must name a calendar you can edit, not a subscription or another kind of collection"
	case http.StatusNotFound, http.StatusGone, http.StatusConflict:
		return "the target calendar is not at that path any more: check in your calendar app that the calendar caldav.target names still exists"
	case http.StatusUnsupportedMediaType:
		return "the server refuses iCalendar events there: caldav.target must name a calendar that holds events (VEVENT), not a task list"
	case http.StatusRequestEntityTooLarge:
		return "the entry is larger than the server takes: shorten output.templates"
	case http.StatusLocked:
		return "another app holds a WebDAV lock on it: the next pass tries again"
	}
	return ""
}

// StorageFullHint says what to do about a 507 to a write: the account's
// space on the server is used up (a quota). It is "" for anything else.
func StorageFullHint(err error) string {
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusInsufficientStorage || (se.Method != http.MethodPut && se.Method != "MKCALENDAR") {
		return ""
	}
	return "the account's storage on the server is full (its quota): free space there, by deleting old events or attachments, or ask for more; netsyncd tries again with backoff"
}
