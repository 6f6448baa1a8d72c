package daemon

import (
	"context"
	"fmt"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// The shared ledger's object (reconcile.SharedName) is read with the
// target and written here; its format and rules are in reconcile/shared.go.

// writeMarker brings the marker up to date with the ledger's records of
// the target, when they differ; it tells whether it wrote. A 412 (another
// instance wrote it meanwhile) reads it again, merges and writes once more.
func (s *Syncer) writeMarker(ctx context.Context, cs *calState, tgt caldav.Calendar, ledger reconcile.Ledger) (bool, error) {
	href := reconcile.SharedHref(tgt.Path)
	for try := 0; ; try++ {
		mine := ledger.Of(tgt.Path)
		o, exists := cs.Objects[href]
		if exists {
			data, err := s.objects.read(o)
			if err != nil {
				return false, err
			}
			if reconcile.SameRecords(mine, reconcile.ReadShared(string(data))) {
				return false, nil
			}
		}
		if !exists && len(mine) == 0 {
			return false, nil
		}
		data := reconcile.EncodeShared(mine, tgt.Supports("VEVENT"), s.now())
		pre := caldav.Precondition{IfNoneMatch: !exists, IfMatch: o.ETag}
		etag, err := s.dav.Put(ctx, href, data, pre)
		if err == nil {
			cs.Objects[href] = objState{ETag: etag, Data: data}
			return true, nil
		}
		if !caldav.IsPreconditionFailed(err) || try > 0 {
			return false, fmt.Errorf("could not record the entries netsyncd made in %s (which keeps deleted entries from coming back): %w", href, err)
		}
		got, gerr := s.dav.Get(ctx, href)
		switch {
		case caldav.IsNotFound(gerr):
			delete(cs.Objects, href)
		case gerr != nil:
			return false, gerr
		default:
			cs.Objects[href] = objState{ETag: got.ETag, Data: got.Data}
			ledger.Merge(reconcile.ReadShared(string(got.Data)))
		}
	}
}

// recordDeletes marks the entries changes delete as deleted by netsyncd
// and writes the marker, before any delete is sent: a crash in between
// errs towards recreating an entry, never towards another instance
// taking netsyncd's own delete for the user's.
func (s *Syncer) recordDeletes(ctx context.Context, cs *calState, tgt caldav.Calendar, ledger reconcile.Ledger, changes []reconcile.Change) error {
	n := 0
	for i := range changes {
		if changes[i].Action == reconcile.Delete {
			ledger.Deleting(changes[i].UID, s.now().UTC())
			n++
		}
	}
	if n == 0 {
		return nil
	}
	_, err := s.writeMarker(ctx, cs, tgt, ledger)
	return err
}
