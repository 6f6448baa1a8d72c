package daemon

import (
	"fmt"
	"strings"

	"go.uber.org/zap"
)

// Short is the one-line account of a pass, for STATUS= and the logs.
func (s *Summary) Short() string {
	if s.Idle {
		return "nothing changed"
	}
	parts := []string{fmt.Sprintf("%d created, %d updated, %d deleted", s.Created, s.Updated, s.Deleted)}
	if s.KeptUserEdits > 0 {
		parts = append(parts, fmt.Sprintf("%d user edits kept", s.KeptUserEdits))
	}
	if n := len(s.Errors); n > 0 {
		parts = append(parts, fmt.Sprintf("%d errors", n))
	}
	return strings.Join(parts, ", ")
}

// logSummary writes the one info line per pass, and a warning for each
// finding that is new since the last pass.
func logSummary(log *zap.Logger, trigger string, s *Summary) {
	log.Info("pass done",
		zap.String("trigger", trigger),
		zap.Bool("idle", s.Idle),
		zap.Int("created", s.Created), zap.Int("updated", s.Updated), zap.Int("deleted", s.Deleted),
		zap.Int("unchanged", s.Unchanged), zap.Int("kept_user_edits", s.KeptUserEdits),
		zap.Int("skipped_invalid", s.SkippedInvalid), zap.Int("errors", len(s.Errors)),
		zap.Int("calendars_fetched_full", s.Fetch.Full), zap.Int("calendars_fetched_changes", s.Fetch.Incremental),
		zap.Int("objects_fetched", s.Fetch.Fetched),
		zap.Duration("took", s.Duration))
	for _, f := range s.NewFindings {
		fields := []zap.Field{zap.String("code", f.Code), zap.String("message", f.Message)}
		if f.UID != "" {
			fields = append(fields, zap.String("uid", f.UID))
		}
		log.Warn("new finding", fields...)
	}
}

func (d *Daemon) status() string {
	s := d.lastStatus
	if s == "" {
		s = "started"
	}
	if entries := d.cron.Entries(); len(entries) > 0 && !entries[0].Next.IsZero() {
		s += "; next " + entries[0].Next.In(d.cfg.Location).Format("Mon 15:04")
	}
	return s
}
