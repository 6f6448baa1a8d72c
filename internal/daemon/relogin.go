package daemon

import (
	"errors"
	"time"

	"github.com/netsyncd/netsyncd/internal/oauth"
)

// loginCheck is how often a daemon waiting for `netsyncd login` looks at
// the token file (a stat, no request).
const loginCheck = 2 * time.Second

// loginWatch ends a backoff as soon as a new sign-in is saved: after a
// pass failed for want of one (oauth.ErrLoginNeeded), the loop checks the
// token file every loginCheck and runs a pass when it changes, so the
// daemon resumes by itself, without a restart and without waiting out its
// backoff. The zero loginWatch watches nothing.
type loginWatch struct {
	file  string
	stamp oauth.Stamp
}

// watch starts watching when err says a sign-in is needed.
func (w *loginWatch) watch(err error, s *Syncer) {
	if !errors.Is(err, oauth.ErrLoginNeeded) || s == nil || s.tokens == nil {
		*w = loginWatch{}
		return
	}
	w.file = s.tokens.Path()
	w.stamp = oauth.StampOf(w.file)
}

// ticker is a channel that ticks every loginCheck while watching (nil
// otherwise) and the func that stops it.
func (w *loginWatch) ticker() (<-chan time.Time, func()) {
	if w.file == "" {
		return nil, func() {}
	}
	t := time.NewTicker(loginCheck)
	return t.C, t.Stop
}

// changed tells whether the token file is new since the failed pass.
func (w *loginWatch) changed() bool {
	return w.file != "" && oauth.StampOf(w.file) != w.stamp
}
