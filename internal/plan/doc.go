// Package plan decides which entries netsyncd wants in the target calendar
// (prep, followup and week entries) and renders their texts. The entries
// themselves, and how they are written and read back, are package entry's.
//
// Rules this package keeps:
//   - It is pure: the config and the limits result in, entries and findings
//     out. No network, no files, no logger, no clock: every time comes from
//     the input, all calendar arithmetic is done in cfg.Location.
//   - Each in-person networking occurrence that is not declined or cancelled
//     gets a prep and a followup entry; a remote one gets a followup, and a
//     prep only with output.prep.remote. Each week with at least one counted
//     networking event gets a week entry when output.weekly_plan is on.
//   - UIDs are derived from the kind, the source UID and its recurrence id
//     (week entries: from the week label), so the same plan always yields the
//     same UIDs and a pass can never create a duplicate.
//   - Prep and follow-up entries go into free slots: on a 15-minute grid of
//     local wall-clock time, inside limits.allowed_times, never overlapping
//     an opaque, non-declined, non-cancelled occurrence of any source
//     calendar (networking events count with their travel both ways) nor an
//     entry planned earlier in the same pass. Entries netsyncd wrote itself
//     are never busy time, or each pass would push its own entries around.
//   - A prep is placed as late as possible, ending before travel starts and
//     starting no earlier than output.prep.lead before the event. With no
//     free slot it goes right before travel and a no_prep_slot finding says
//     so. A follow-up takes the first free slot after the event end plus the
//     travel back, within output.followup.after; with none it goes right
//     after the travel back (nothing else is a better guess, and the user
//     still gets the reminder).
//   - A week entry sits on the first day of the week at 08:00 local time for
//     30 minutes, TRANSP:TRANSPARENT: a note to read, not busy time. It stays
//     current (is updated) until the week ends.
//   - Entries carry no LOCATION: the prep and the follow-up happen where the
//     user is, and a LOCATION would make calendar apps add travel time to
//     them. The event's place is in the description.
//   - With employer.confidential, the default texts never name a job search;
//     the prep asks instead how the event can be described to the employer
//     as useful to the company. Findings and reasons from other packages
//     that would name it are reworded or left out (discreet.go), unless the
//     word is the event's own text. User templates are the user's words.
//   - Texts are Go text/template; output.templates overrides them. A user
//     template that fails to parse or to run on an entry falls back to the
//     default; CheckTemplates lets config loading refuse it up front.
package plan
