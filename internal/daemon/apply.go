package daemon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/plan"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// apply carries out the changes in order with conditional requests. A
// precondition failure (412: someone changed the entry since we read it)
// re-reads that entry and reconciles it once more; any other refusal is
// recorded and the pass goes on; a failure of the server or the network
// (5xx, 429, no connection) ends the pass so the scheduler can back off.
func (s *Syncer) apply(ctx context.Context, tgt caldav.Calendar, cs *calState, ledger reconcile.Ledger, changes []reconcile.Change, dryRun bool, sum *Summary) error {
	progress := s.startWrites(toWrite(changes, dryRun))
	for i := range changes {
		c := &changes[i]
		if c.Action == reconcile.Keep {
			sum.Unchanged++
			if c.KeptUserEdit {
				sum.KeptUserEdits++
			}
			continue
		}
		if dryRun {
			sum.count(c)
			continue
		}
		if ctx.Err() != nil {
			// Stop between writes. Under the daemon, ctx is a graceContext:
			// the write in flight was allowed to finish.
			return ctx.Err()
		}
		err := s.write(ctx, tgt, cs, ledger, c)
		progress.wrote()
		if err != nil && caldav.IsPreconditionFailed(err) {
			err = s.retryAfterConflict(ctx, tgt, cs, ledger, c, sum)
			if err == nil {
				continue
			}
		}
		if err != nil {
			if retry, _ := caldav.Retryable(err); retry {
				return err
			}
			s.log.Error("write refused", zap.String("action", string(c.Action)), zap.String("href", c.Href), zap.Error(err))
			sum.Errors = append(sum.Errors, err.Error())
			sum.Changes = append(sum.Changes, changeLine(c, err))
			continue
		}
		sum.count(c)
	}
	return nil
}

func (sum *Summary) count(c *reconcile.Change) {
	switch c.Action {
	case reconcile.Create:
		sum.Created++
	case reconcile.Update:
		sum.Updated++
	case reconcile.Delete:
		sum.Deleted++
	}
	if c.KeptUserEdit {
		sum.KeptUserEdits++
	}
	sum.Changes = append(sum.Changes, changeLine(c, nil))
}

// write performs one change and keeps the cached copy and the ledger in step.
func (s *Syncer) write(ctx context.Context, tgt caldav.Calendar, cs *calState, ledger reconcile.Ledger, c *reconcile.Change) error {
	switch c.Action {
	case reconcile.Create:
		href := c.Href
		if !strings.HasPrefix(href, "/") {
			href = strings.TrimSuffix(tgt.Path, "/") + "/" + href
			c.Href = href
		}
		if _, taken := cs.Objects[href]; taken {
			// This pass's listing has an object there (not ours, or one we
			// could not read): a server that ignores If-None-Match would
			// overwrite it. Handled as the 412 a good server answers.
			return &caldav.StatusError{Method: http.MethodPut, URL: href, Status: http.StatusPreconditionFailed, Body: "an object is already at this href"}
		}
		etag, err := s.dav.Put(ctx, href, c.Data, caldav.Precondition{IfNoneMatch: true})
		if err != nil {
			return err
		}
		cs.Objects[href] = objState{ETag: etag, Data: c.Data}
		ledger.Created(c.UID, href, s.now().UTC())
	case reconcile.Update:
		etag, err := s.dav.Put(ctx, c.Href, c.Data, caldav.Precondition{IfMatch: c.IfMatch})
		if err != nil {
			return err
		}
		cs.Objects[c.Href] = objState{ETag: etag, Data: c.Data}
	case reconcile.Delete:
		// Recorded (and saved) before the request: a crash in between errs
		// towards recreating the entry, never towards losing track of it.
		ledger.Deleting(c.UID, s.now().UTC())
		if s.store != nil {
			if err := s.store.Save("ledger", ledger); err != nil {
				return err
			}
		}
		err := s.dav.Delete(ctx, c.Href, c.IfMatch)
		if err != nil && !caldav.IsNotFound(err) {
			return err
		}
		delete(cs.Objects, c.Href)
	}
	return nil
}

// retryAfterConflict re-reads the entry a 412 was about, reconciles it
// against what is there now, and applies that once. A second conflict is
// left to the next pass.
func (s *Syncer) retryAfterConflict(ctx context.Context, tgt caldav.Calendar, cs *calState, ledger reconcile.Ledger, c *reconcile.Change, sum *Summary) error {
	href := c.Href
	s.log.Info("entry changed on the server while planning; reading it again", zap.String("href", href))
	obj, err := s.dav.Get(ctx, href)
	var owned []plan.Owned
	switch {
	case caldav.IsNotFound(err):
		delete(cs.Objects, href)
	case err != nil:
		return err
	default:
		cs.Objects[href] = objState{ETag: obj.ETag, Data: obj.Data}
		own, derr := plan.Decode(obj.Data)
		if derr != nil || own.Kind == "" {
			return fmt.Errorf("%s is no longer a netsyncd entry; leaving it alone", href)
		}
		own.Href, own.ETag = href, obj.ETag
		owned = append(owned, own)
	}
	var desired []plan.Entry
	if c.Entry != nil {
		desired = append(desired, *c.Entry)
	}
	again := reconcile.Reconcile(desired, owned, ledgerOf(ledger, tgt.Path), s.now(), s.encodeOptions(s.now(), tgt))
	for i := range again {
		a := &again[i]
		if a.UID != c.UID {
			continue
		}
		if a.Action == reconcile.Keep {
			sum.Unchanged++
			return nil
		}
		if err := s.write(ctx, tgt, cs, ledger, a); err != nil {
			if caldav.IsPreconditionFailed(err) {
				return errors.New("the entry keeps changing on the server; the next pass will try again: " + err.Error())
			}
			return err
		}
		sum.count(a)
	}
	return nil
}

func changeLine(c *reconcile.Change, err error) ChangeLine {
	l := ChangeLine{Action: string(c.Action), Href: c.Href, Reason: c.Reason}
	switch {
	case c.Entry != nil:
		l.Kind, l.Summary, l.Start = string(c.Entry.Kind), c.Entry.Summary, c.Entry.Start
	case c.Owned != nil:
		l.Kind, l.Summary, l.Start = string(c.Owned.Kind), c.Owned.Summary, c.Owned.Start
	}
	if err != nil {
		l.Error = err.Error()
	}
	return l
}
