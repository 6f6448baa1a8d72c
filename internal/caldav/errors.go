package caldav

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// StatusError is a non-2xx answer from the server, or a failure reported
// inside a 207 Multi-Status answer to a single-resource request.
type StatusError struct {
	Method string
	URL    string // without credentials
	Status int
	// RetryAfter is the server's Retry-After (RFC 9110 section 10.2.3), zero
	// when absent.
	RetryAfter time.Duration
	// Condition is the precondition or postcondition the server named in a
	// DAV:error body (RFC 4918 section 16), e.g. "no-uid-conflict" or
	// "valid-sync-token"; empty when it named none.
	Condition string
	Body      string // short: the first line of a text answer
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("caldav: %s %s: %d %s", e.Method, e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		msg += " (" + e.Body + ")"
	} else if e.Condition != "" {
		msg += " (" + e.Condition + ")"
	}
	return msg
}

var (
	// ErrSyncTokenInvalid means the server no longer accepts a sync token
	// (RFC 6578 section 3.2, DAV:valid-sync-token): do a full fetch.
	ErrSyncTokenInvalid = errors.New("caldav: sync token no longer valid")
	// ErrSyncUnsupported means the server refuses the sync-collection
	// report although it lists a sync-token: compare ETags instead.
	ErrSyncUnsupported = errors.New("caldav: the server does not do sync-collection")
	// ErrCannotCreateCalendar means the server refuses MKCALENDAR.
	ErrCannotCreateCalendar = errors.New("caldav: the server cannot create calendars")
	// ErrWriteLost means the server acknowledged a PUT without an ETag (or
	// with a 207) but does not hold the data that was sent.
	ErrWriteLost = errors.New("caldav: the server did not store the data sent")
)

// StoredOtherError is the ErrWriteLost of a PUT the server answered
// without an ETag, whose read-back holds other data than was sent. A server
// that changes what it stores is to answer so (RFC 4791 section 5.3.4), so
// Stored, what the GET found, may be the server's copy of the data sent,
// re-serialised: a caller that can tell its own write in it (by markers
// no server rewrites) takes it as written; anyone else, as lost.
type StoredOtherError struct {
	URL    string // without credentials
	Status int    // the PUT's
	Stored Object
}

func (e *StoredOtherError) Error() string {
	return fmt.Sprintf("%v: PUT %s answered %d, and a GET finds other data", ErrWriteLost, e.URL, e.Status)
}

func (e *StoredOtherError) Unwrap() error { return ErrWriteLost }

// IsPreconditionFailed tells whether err is a 412 because an If-Match or
// If-None-Match did not hold: the object changed (or exists) meanwhile and
// should be read again. A UID conflict is not one (see IsUIDConflict).
func IsPreconditionFailed(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Status == http.StatusPreconditionFailed && !isUIDConflict(se)
}

// IsUIDConflict tells whether the server refused a PUT because another
// object of the calendar has the same UID (RFC 4791 section 5.3.2.1,
// CALDAV:no-uid-conflict): Radicale answers 409, Xandikos 412 inside a 207,
// Cyrus 403 naming another condition (cyrusUIDConflict).
func IsUIDConflict(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && isUIDConflict(se)
}

func isUIDConflict(se *StatusError) bool {
	return se.Condition == "no-uid-conflict" || se.Condition == cyrusUIDConflict
}

// IsNotFound tells whether err is a 404 (or 410) answer.
func IsNotFound(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && (se.Status == http.StatusNotFound || se.Status == http.StatusGone)
}

// Refused tells whether err is the server declining this one request,
// so that the caller may do without its answer or ask something else: an
// HTTP status, but not a failed login (401: anything else would fail
// too) and not a server asking to wait (429, or any status with a
// Retry-After): that error ends the read, so that the daemon waits as
// asked rather than sending more at once. A 5xx with no Retry-After is a
// refusal here: servers answer 500 to queries they cannot evaluate.
func Refused(err error) bool {
	var se *StatusError
	if !errors.As(err, &se) || se.Status == http.StatusUnauthorized || se.Status == http.StatusTooManyRequests {
		return false
	}
	return se.RetryAfter == 0
}

// Retryable tells whether trying again later may succeed, and after how long
// the server asked to wait (zero: the caller's own backoff). Network errors,
// timeouts, 408, 429 and 5xx are retryable; other 4xx and a cancelled
// context are not.
func Retryable(err error) (bool, time.Duration) {
	if err == nil || errors.Is(err, context.Canceled) {
		return false, 0
	}
	var se *StatusError
	if errors.As(err, &se) {
		switch {
		case se.Status == http.StatusRequestTimeout, se.Status == http.StatusTooManyRequests:
			return true, se.RetryAfter
		case se.Status >= 500 && se.Status != http.StatusNotImplemented:
			return true, se.RetryAfter
		}
		return false, 0
	}
	var ne net.Error
	var na *noAnswer
	if errors.As(err, &ne) || errors.As(err, &na) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) { // an answer's body cut by a broken connection
		return true, 0
	}
	return false, 0
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP-date
// (RFC 9110 section 10.2.3). Garbage and dates in the past give zero.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		return time.Duration(min(n, 1<<31)) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil || !t.After(now) {
		return 0
	}
	return t.Sub(now).Round(time.Second)
}
