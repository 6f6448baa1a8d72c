// Package milestone measures the networking plan: how far each of
// plan.milestones has come, against its pro-rata pace.
//
// Rules this package keeps:
//   - It is pure: the config, the plan's start, a Record of what happened,
//     the people ledger and now in; progress and findings out. Only
//     file.go encodes a Record (the caller stores it).
//   - A milestone counts from the previous milestone's by (the first from
//     plan.start) to the end of its own by day, in the config's zone.
//   - Only what happened counts as done: an occurrence that started before
//     now, counted by limits (networking, not declined, not cancelled, not
//     netsyncd's own). Active meetings are those of mode active; in-person
//     hours are limits' hours (travel both ways included). New contacts are
//     people whose first meeting falls in the span; reconnects are
//     networking occurrences in the span where someone already met before
//     was met again (each occurrence once).
//   - Planned adds what is on the calendar for the rest of the span.
//   - Expected by now is the target times the share of the span gone by.
//     A milestone under way is behind when a count is short of its expected
//     value rounded down (hours: by more than one hour): the plan keeps
//     some flexibility, and a slow first day is not behind. It is met as
//     soon as every target is reached, missed when its span ended first.
//   - A Record keeps an occurrence by its key; what a pass sees replaces
//     what was recorded about it, and what left the window is kept, so a
//     daemon that looks 14 days back still counts a quarter.
package milestone
