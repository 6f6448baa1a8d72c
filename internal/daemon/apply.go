package daemon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// apply carries out the changes in order with conditional requests. A
// precondition failure (412: someone changed the entry since we read it)
// re-reads that entry and reconciles it once more; any other refusal is
// recorded and the pass goes on; a failure of the server or the network
// (5xx, 429, no connection) ends the pass so the scheduler can back off.
func (s *Syncer) apply(ctx context.Context, p *pass, sum *Summary) error {
	progress := s.startWrites(toWrite(p.d.Changes, p.dryRun))
	for i := range p.d.Changes {
		c := &p.d.Changes[i]
		if c.Action == reconcile.Keep {
			sum.Unchanged++
			if c.KeptUserEdit {
				sum.KeptUserEdits++
			}
			continue
		}
		if p.dryRun {
			sum.count(c)
			continue
		}
		if ctx.Err() != nil {
			// Stop between writes. Under the daemon, ctx is a graceContext:
			// the write in flight was allowed to finish.
			return ctx.Err()
		}
		err := s.write(ctx, p, c)
		progress.wrote()
		if err != nil && caldav.IsPreconditionFailed(err) {
			err = s.retryAfterConflict(ctx, p, c, sum)
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
func (s *Syncer) write(ctx context.Context, p *pass, c *reconcile.Change) error {
	cs, ledger := p.tcs, s.ps.ledger
	switch c.Action {
	case reconcile.Create:
		href := c.Href
		if !strings.HasPrefix(href, "/") {
			href = strings.TrimSuffix(p.tgt.Path, "/") + "/" + href
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

// retryAfterConflict re-reads the entry a 412 was about and decides it
// again with core.Decide, against what is there now and with this pass's
// analysis, and applies that once. A second conflict is left to the next
// pass.
func (s *Syncer) retryAfterConflict(ctx context.Context, p *pass, c *reconcile.Change, sum *Summary) error {
	href := c.Href
	s.log.Info("entry changed on the server while planning; reading it again", zap.String("href", href))
	obj, err := s.dav.Get(ctx, href)
	in := p.in
	in.Now, in.Ledger, in.LedgerLost, in.Analysis = s.now(), s.ps.ledger, false, &p.d.Analysis
	in.Target.Objects = nil
	switch {
	case caldav.IsNotFound(err):
		delete(p.tcs.Objects, href)
	case err != nil:
		return err
	default:
		p.tcs.Objects[href] = objState{ETag: obj.ETag, Data: obj.Data}
		if _, ours, derr := entry.Ours(href, obj.ETag, obj.Data); derr != nil || !ours {
			return fmt.Errorf("%s is no longer a netsyncd entry; leaving it alone", href)
		}
		in.Target.Objects = []core.Object{{Href: href, ETag: obj.ETag, Data: string(obj.Data)}}
	}
	again, err := core.Decide(ctx, in)
	if err != nil {
		return err
	}
	for i := range again.Changes {
		a := &again.Changes[i]
		if a.UID != c.UID {
			continue
		}
		if a.Action == reconcile.Keep {
			sum.Unchanged++
			return nil
		}
		if err := s.write(ctx, p, a); err != nil {
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
