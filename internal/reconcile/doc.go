// Package reconcile compares the entries netsyncd wants in the target
// calendar with the entries it finds there, and decides what to write.
//
// Rules this package keeps:
//   - It is pure: desired entries, owned entries, the ledger, now and the
//     encode options in; changes out. The caller does the requests.
//   - It touches only entries that carry X-NETSYNCD-KIND and whose UID is
//     the one their markers derive. Anything else is never updated or
//     deleted, and a desired entry whose UID such an object already uses is
//     not created.
//   - Create: desired, not in the calendar, not yet over, and not in the
//     ledger; a ledger entry means netsyncd created it before and the user
//     deleted it, so it stays deleted (unless netsyncd deleted it itself:
//     LedgerEntry.Deleted).
//   - Update (If-Match, SEQUENCE+1): the planned times or the generated text
//     changed, or output.as did. The user's edits win: edited text is kept
//     (X-NETSYNCD-HASH keeps the hash of the generated text, so the entry
//     still reads as edited next pass), times the user moved are kept
//     (X-NETSYNCD-PLANNED records where netsyncd put it), and a completed
//     task is never rewritten. An entry an earlier netsyncd wrote from the
//     planned text, cleaned, but hashed before cleaning, is no edit
//     (entry.Owned.WrittenEarlierFrom): it is updated once with today's hash.
//   - Delete (If-Match): owned, no longer desired, and not over yet. Past
//     entries are history; completed tasks and entries whose text the user
//     edited are the user's now, and stay.
//   - Keep: everything else, with the reason. Equal input gives no write:
//     a second pass over an unchanged calendar changes nothing.
//
// Order: creates, then updates, then deletes. Every decision is recomputed
// from what is on the server, UIDs are deterministic and creates use
// If-None-Match, so an interrupted pass can leave no duplicate and the next
// pass finishes the job; putting deletes last means an interrupted pass
// leaves the user with too many reminders rather than too few.
package reconcile
