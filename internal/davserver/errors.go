package davserver

import (
	"errors"
	"net/http"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
)

// davError is an HTTP error, optionally naming the precondition that failed
// (RFC 4918 section 16, RFC 4791 section 1.3) so clients can branch on it.
type davError struct {
	code    int
	cond    string // a CalDAV precondition, e.g. "no-uid-conflict"
	davCond string // a DAV: precondition, e.g. "valid-sync-token"
	msg     string
}

func (e *davError) Error() string { return "davserver: " + e.msg }

// statusOf is the HTTP status an error should be answered with.
func statusOf(err error) int {
	var de *davError
	if errors.As(err, &de) {
		return de.code
	}
	return http.StatusInternalServerError
}

// writeError answers err, with a DAV:error body when a precondition failed.
func writeError(w http.ResponseWriter, err error) {
	var de *davError
	if !errors.As(err, &de) || de.cond == "" && de.davCond == "" {
		http.Error(w, err.Error(), statusOf(err))
		return
	}
	cond := "c:" + de.cond
	if de.davCond != "" {
		cond = "d:" + de.davCond
	}
	w.Header().Set("Content-Type", xmlContentType)
	w.WriteHeader(de.code)
	_, _ = w.Write([]byte(xmlHeader + `<d:error xmlns:d="DAV:" xmlns:c="` + nsCalDAV + `"><` + cond + `/></d:error>`))
}

// toWebDAV turns an error of this package into one go-webdav's handler
// answers with the right status (it only knows its own internal type).
func toWebDAV(err error) error {
	var de *davError
	if !errors.As(err, &de) {
		return err
	}
	if de.cond != "" && de.code == http.StatusConflict {
		return caldav.NewPreconditionError(caldav.PreconditionType(de.cond))
	}
	return webdav.NewHTTPError(de.code, err)
}
