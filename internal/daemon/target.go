package daemon

import (
	"strings"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
)

// The target calendar's identity is its path, not its name: the user may
// rename it in their app. sync.json records the path a pass used and the
// caldav.target it was found by (TargetPath, TargetName); a calendar that
// is still at that path, or at the path netsyncd creates for that name,
// is the target whatever its display name is now.

// targetPath is where createTarget makes the target calendar.
func (s *Syncer) targetPath() string {
	if name := s.cfg.CalDAV.Target; strings.HasPrefix(name, "/") {
		return name
	}
	return strings.TrimSuffix(hrefPath(s.home), "/") + "/" + slug(s.cfg.CalDAV.Target) + "/"
}

// renamedTarget finds the target by its path when no calendar has the
// configured name: the calendar netsyncd used last time for this
// caldav.target, or the one at the path it would create. The calendar
// found is no source (Select took it for one, not knowing it).
func (s *Syncer) renamedTarget(cals []caldav.Calendar, srcs []caldav.Calendar, ps *passState) (*caldav.Calendar, []caldav.Calendar) {
	if strings.TrimSpace(s.cfg.CalDAV.Target) == "" {
		return nil, srcs
	}
	var candidates []string
	if ps.sync.TargetPath != "" && ps.sync.TargetName == s.cfg.CalDAV.Target {
		candidates = append(candidates, ps.sync.TargetPath)
	}
	candidates = append(candidates, s.targetPath())
	for _, p := range candidates {
		for i := range cals {
			if strings.TrimSuffix(cals[i].Path, "/") != strings.TrimSuffix(p, "/") {
				continue
			}
			tgt := cals[i]
			s.log.Warn("no calendar is named as caldav.target, but netsyncd's target calendar is still at its path under another name; using it: set caldav.target to its new name to silence this",
				zap.String("caldav.target", s.cfg.CalDAV.Target), zap.String("path", tgt.Path), zap.String("name", tgt.Name))
			out := srcs[:0:0]
			for _, c := range srcs {
				if c.Path != tgt.Path {
					out = append(out, c)
				}
			}
			return &tgt, out
		}
	}
	return nil, srcs
}

// targetDeleted handles a target calendar that existed at the last pass
// and is gone now: the user deleted the whole calendar. Its cached copy
// and its entries' ledger records are forgotten, so the calendar made
// again gets every entry anew instead of reading as "every entry deleted
// by the user", which would leave it empty. Returns how many entries the
// ledger forgot.
func (s *Syncer) targetDeleted(ps *passState) int {
	path := ps.sync.TargetPath
	if path == "" || ps.sync.TargetName != s.cfg.CalDAV.Target {
		return 0
	}
	delete(ps.sync.Calendars, path)
	n := 0
	for uid, e := range ps.ledger.Of(path) {
		if e.Href != "" {
			delete(ps.ledger, uid)
			n++
		}
	}
	s.log.Warn("the target calendar was deleted; creating it again and writing its entries anew",
		zap.String("path", path), zap.Int("entries", n))
	return n
}
