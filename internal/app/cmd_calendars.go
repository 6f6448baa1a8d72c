package app

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/netsyncd/netsyncd/internal/gcal"
)

var calendarsCommand = command{
	name: "calendars", args: "[--config PATH]",
	short: "list the account's calendars, with the IDs or paths to name them by",
	long: `Lists the calendars of the account. On Google it reads the Calendar API's
calendar list (every calendar, not only those ticked for sync) with the same
sign-in as CalDAV, and prints each calendar's ID, name and your access; on
other servers it lists the calendar home found by discovery, with each
calendar's path, name and the components it takes. Any of the IDs, paths or
names can go in caldav.sources and caldav.target.`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		path := configFlag(fs)
		level := logLevelFlag(fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		log, err := newLogger(env, *level)
		if err != nil {
			return err
		}
		defer log.Sync()
		cfg, err := loadConfig(env, *path, log)
		if err != nil {
			return err
		}
		_, s, err := newSyncer(env, cfg, nil, log)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		defer tw.Flush()
		gl, google, err := s.GoogleCalendars(ctx)
		if err != nil {
			return withHint(err, cfg)
		}
		if google {
			fmt.Fprintln(tw, "ID\tNAME\tACCESS\tCALDAV PATH")
			for _, c := range gl {
				name := c.Summary
				if c.Primary {
					name += " (primary)"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.ID, name, c.AccessRole, gcal.CalDAVPath(c.ID))
			}
			return nil
		}
		cals, err := s.ListCalendars(ctx)
		if err != nil {
			return withHint(err, cfg)
		}
		fmt.Fprintln(tw, "PATH\tNAME\tCOMPONENTS")
		for _, c := range cals {
			comps := strings.Join(c.Components, ",")
			if comps == "" {
				comps = "any"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Path, c.Name, comps)
		}
		return nil
	},
}
