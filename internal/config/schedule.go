package config

import (
	"fmt"
	"strings"

	"github.com/robfig/cron/v3"
)

// ScheduleParser is the cron parser for the schedule key: five standard
// fields (minute hour day-of-month month day-of-week) or a descriptor such
// as "@hourly" or "@every 10m". The daemon must build its cron with it.
//
// robfig/cron's parser panics on some input ("TZ=UTC": a zone prefix with
// no fields after it slices past the end), and the daemon parses the
// schedule again at every reload, so no value may reach it unchecked: the
// parser returned refuses what would panic and recovers from the rest.
func ScheduleParser() SafeParser {
	return SafeParser{cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)}
}

// SafeParser is a cron.ScheduleParser that never panics.
type SafeParser struct{ p cron.Parser }

// maxScheduleBytes bounds a schedule spec: five fields fit in a line.
const maxScheduleBytes = 256

// Parse parses spec; a spec that would panic the cron parser is an error.
func (s SafeParser) Parse(spec string) (sched cron.Schedule, err error) {
	if len(spec) > maxScheduleBytes {
		return nil, fmt.Errorf("longer than %d bytes", maxScheduleBytes)
	}
	for _, prefix := range []string{"TZ=", "CRON_TZ="} {
		if rest, ok := strings.CutPrefix(spec, prefix); ok && !strings.Contains(rest, " ") {
			return nil, fmt.Errorf("%s names a zone but no schedule follows it; leave the zone out (the schedule runs in the config's timezone)", prefix)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("the cron parser failed on it (%v)", r)
		}
	}()
	return s.p.Parse(spec)
}

// ParseSchedule parses a schedule spec with ScheduleParser.
func ParseSchedule(spec string) (cron.Schedule, error) { return ScheduleParser().Parse(spec) }
