// Package people keeps the people ledger: who the user met, when, where and
// at whose events, and when each of them is due for a reconnect.
//
// Rules this package keeps:
//   - It is pure: occurrences, their classes, the config and now in; a new
//     ledger, statuses and host records out. Only file.go touches a file
//     (LoadFile, SaveFile), and nothing here logs: the ledger is private.
//   - A person is an attendee or organiser other than me.emails, keyed by
//     lower-cased email; for an event without other attendees, a name
//     parsed from the summary (ParseNames), keyed by NormName with a
//     "name:" prefix. Rooms, resources and groups (CUTYPE), role and list
//     addresses (events@, noreply@, a lists. domain), the employer's
//     domains and people.ignore are never people.
//   - Only a meeting that happened counts: it started before now, is not
//     cancelled, I did not decline it, the person did not decline it, and I
//     was not the only one there. A person enters the ledger at a networking
//     occurrence; after that any event with them (networking or not)
//     is a meeting and resets their cadence.
//   - Learning is idempotent: a meeting is kept by its occurrence key, so
//     the same occurrence seen in two passes or two calendars counts once.
//     Meetings that have left the window are kept; people.forget removes a
//     person for good.
package people
