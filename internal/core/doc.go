// Package core is the pure decision of a pass: what was fetched in, what to
// write out.
//
//	Inputs -> Analyze (the stages) -> the target side -> Decision
//
// Analyze runs the stages over the fetched sources: pipeline's expand,
// classify, check and plan first, then every stage of the stages list.
// The target side reads the target calendar's objects: it merges the
// shared ledger (reconcile.SharedName) into the ledger, reads the entries
// that are netsyncd's (entry.Ours), adopts those the ledger does not know,
// reconciles them with the planned entries, and keeps the deletes when a
// source could not be read. Decide returns all of it with the new ledger,
// the findings that are new since the last pass and the notes to log.
//
// Rules this package keeps:
//   - It does no I/O: no network, no files, no logger, no clock. Now, the
//     window, the config and every byte come in as Inputs; the changes,
//     the ledger to carry on with and the notes go out in the Decision.
//     Inputs are never changed (the ledger is copied).
//   - The same Analyze serves `explain`, `report`, `once`, `run` and
//     `demo`, so what a user sees offline is what the daemon acts on.
//   - The 412 path (the daemon's retryAfterConflict) decides again with the
//     same Decide: Inputs.Analysis set to the pass's analysis (the stages
//     are not run again) and Target holding the one object read again.
//
// A stage is a pure function over the analysis: it reads the Inputs and
// what the stages before it found, and adds planned entries (an.Entries)
// and findings (an.AddFindings, which files them under their occurrence
// and week, where explain and report show them). To add one, write it in
// its own file and add it to stages, in the order it must run:
//
//	// reconnect plans a reconnect entry for each person who is due.
//	func reconnect(ctx context.Context, in *Inputs, an *pipeline.Analysis) error {
//		for _, p := range due(in.Now, an.Items) {
//			an.Entries = append(an.Entries, reconnectEntry(p))
//		}
//		return nil
//	}
//
// A new kind of entry gets its Kind in package entry (see its doc); a stage
// that needs more input gets a field in Inputs, filled by the daemon's
// inputs and by the read-only commands.
package core
