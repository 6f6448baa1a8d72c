module github.com/netsyncd/netsyncd

go 1.26.8

// Pinned on purpose:
//   - go-ical at this commit: the @latest tag's RDATE loop reads EXDATE (RDATE
//     ignored); this commit fixes it. netsyncd reads calendars with its own
//     lenient reader (internal/event) and uses go-ical's types and rrule glue.
//   - go-webdav at a master pseudo-version (newer than v0.7.0): it adds
//     sync-collection and fixes calendar-query encoding; internal/caldav uses
//     it for principal discovery and sends the rest as raw requests.
//   - golang.org/x/text for Unicode NFC only (textfold, mailaddr): accents
//     written as two code points match and key like the composed letter.
require (
	github.com/emersion/go-ical v0.0.0-20250609112844-439c63cef608
	github.com/emersion/go-webdav v0.7.1-0.20260628102823-c16f8a9a132c
	github.com/robfig/cron/v3 v3.0.1
	github.com/teambition/rrule-go v1.8.2
	go.uber.org/zap v1.28.0
	go.yaml.in/yaml/v3 v3.0.4
	golang.org/x/oauth2 v0.35.0
	golang.org/x/sys v0.38.0
	golang.org/x/text v0.44.0
)

require go.uber.org/multierr v1.10.0 // indirect
