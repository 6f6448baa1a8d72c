package caldav

import "go.uber.org/zap"

// skippedLogged is how many skipped members of one answer are logged one
// by one; the rest are counted in one more line. A server that answered
// 100,000 members with 404 made 100,000 warnings (48 MB of log) a pass.
const skippedLogged = 20

// skipLog logs the members of one answer that are skipped: the first
// skippedLogged with their href, then a count.
type skipLog struct {
	c        *Client
	msg, cal string
	n        int
}

func (c *Client) skipLog(msg, cal string) *skipLog { return &skipLog{c: c, msg: msg, cal: cal} }

// skip logs (or counts) one skipped member.
func (s *skipLog) skip(href string, fields ...zap.Field) {
	if s.n++; s.n <= skippedLogged {
		s.c.log.Warn(s.msg, append([]zap.Field{zap.String("calendar", s.cal), zap.String("href", shortHref(href))}, fields...)...)
	}
}

// done logs how many were not logged one by one.
func (s *skipLog) done() {
	if s.n > skippedLogged {
		s.c.log.Warn(s.msg+": more in the same answer, not listed", zap.String("calendar", s.cal), zap.Int("skipped", s.n), zap.Int("listed", skippedLogged))
	}
}
