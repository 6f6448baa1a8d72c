package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"net/http"
	"strings"
	"sync"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// apply carries out the changes with conditional requests: the creates,
// then the updates, then the deletes (docs/design.md), each kind with up
// to writesInFlight requests in flight together (fewer after a 429), and
// the next kind only once the last write of the one before is done. A
// precondition failure (412: someone changed the entry since we read it)
// re-reads that entry and reconciles it once more; any other refusal is
// recorded and the pass goes on; a failure of the server or the network
// (5xx, a 429 past what the throttle waits for, no connection) stops new
// writes and ends the pass so the scheduler can back off. The summary
// lists the writes in the decision's order, whatever order they finished in.
func (s *Syncer) apply(ctx context.Context, p *pass, sum *Summary) error {
	changes := p.d.Changes
	for i := range changes {
		if c := &changes[i]; c.Action == reconcile.Keep {
			sum.Unchanged++
			if c.KeptUserEdit {
				sum.KeptUserEdits++
			}
		} else if p.dryRun {
			sum.count(c)
		}
	}
	if p.dryRun {
		return nil
	}
	progress := s.startWrites(toWrite(changes, false))
	th := newThrottle(s.writesInFlight(), s.log)
	for _, group := range writeGroups(changes) {
		if ctx.Err() != nil {
			// Stop between writes. Under the daemon, ctx is a graceContext:
			// the writes in flight were allowed to finish.
			return ctx.Err()
		}
		if group[0].Action == reconcile.Delete {
			if err := s.recordDeleting(p, group); err != nil {
				return err
			}
		}
		sums := make([]*Summary, len(group))
		err := th.run(ctx, len(group), func(ctx context.Context, i int) error {
			one := &Summary{}
			err := s.writeOne(ctx, p, group[i], one)
			if err == nil {
				sums[i] = one
				progress.wrote()
			}
			return err
		})
		for _, one := range sums {
			if one != nil {
				sum.add(one)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeOne makes one change, with its 412 path, into its own summary. It
// returns only what must end the pass: a failure of the server or the
// network.
func (s *Syncer) writeOne(ctx context.Context, p *pass, c *reconcile.Change, sum *Summary) error {
	err := s.write(ctx, p, c)
	if err != nil && caldav.IsPreconditionFailed(err) {
		if err = s.retryAfterConflict(ctx, p, c, sum); err == nil {
			return nil
		}
	}
	if err != nil {
		if retry, _ := caldav.Retryable(err); retry {
			if hint := caldav.StorageFullHint(err); hint != "" {
				err = fmt.Errorf("%w: %s", err, hint)
			}
			return err
		}
		if hint := caldav.RefusedWriteHint(err); hint != "" {
			err = fmt.Errorf("%w: %s", err, hint)
		}
		s.log.Error("write refused", zap.String("action", string(c.Action)), zap.String("href", c.Href), zap.Error(err))
		sum.Errors = append(sum.Errors, err.Error())
		sum.Changes = append(sum.Changes, changeLine(c, err))
		return nil
	}
	sum.count(c)
	return nil
}

// writeGroups splits the changes to send into runs of one action, in the
// decision's order (creates, updates, deletes).
func writeGroups(changes []reconcile.Change) [][]*reconcile.Change {
	var groups [][]*reconcile.Change
	for i := range changes {
		c := &changes[i]
		if c.Action == reconcile.Keep {
			continue
		}
		if n := len(groups); n > 0 && groups[n-1][0].Action == c.Action {
			groups[n-1] = append(groups[n-1], c)
			continue
		}
		groups = append(groups, []*reconcile.Change{c})
	}
	return groups
}

// recordDeleting records the deletes about to be sent in the ledger and
// saves it once, before any is sent: a crash in between errs towards
// recreating an entry, never towards losing track of it (docs/design.md).
func (s *Syncer) recordDeleting(p *pass, group []*reconcile.Change) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := s.now().UTC()
	if p.deleting == nil {
		p.deleting = map[string]bool{}
	}
	for _, c := range group {
		s.ps.ledger.Deleting(c.UID, now)
		p.deleting[c.UID] = true
	}
	if s.store == nil {
		return nil
	}
	return s.store.Save("ledger", s.ps.ledger)
}

// writesInFlight is caldav.writes_in_flight, or DefaultWritesInFlight.
func (s *Syncer) writesInFlight() int {
	if s.dav != nil && s.dav.SerialWrites() {
		return 1
	}
	if n := s.cfg.CalDAV.WritesInFlight; n > 0 {
		return n
	}
	return DefaultWritesInFlight
}

// add counts into sum what one write's summary holds.
func (sum *Summary) add(o *Summary) {
	sum.Created += o.Created
	sum.Updated += o.Updated
	sum.Deleted += o.Deleted
	sum.Unchanged += o.Unchanged
	sum.KeptUserEdits += o.KeptUserEdits
	sum.Errors = append(sum.Errors, o.Errors...)
	sum.Changes = append(sum.Changes, o.Changes...)
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

// write performs one change and keeps the cached copy and the ledger in
// step. Writes run in parallel: the request is sent unlocked, the pass's
// shared state (p.tcs, the ledger) is touched under p.mu.
func (s *Syncer) write(ctx context.Context, p *pass, c *reconcile.Change) error {
	cs, ledger := p.tcs, s.ps.ledger
	switch c.Action {
	case reconcile.Create:
		href := c.Href
		if !strings.HasPrefix(href, "/") {
			href = strings.TrimSuffix(p.tgt.Path, "/") + "/" + href
			c.Href = href
		}
		p.mu.Lock()
		_, taken := cs.Objects[href]
		p.mu.Unlock()
		if taken {
			// This pass's listing has an object there (not ours, or one we
			// could not read): a server that ignores If-None-Match would
			// overwrite it. Handled as the 412 a good server answers.
			return &caldav.StatusError{Method: http.MethodPut, URL: href, Status: http.StatusPreconditionFailed, Body: "an object is already at this href"}
		}
		etag, data, err := s.put(ctx, href, c.Data, caldav.Precondition{IfNoneMatch: true})
		if err != nil {
			return err
		}
		kept := s.objects.written(objState{ETag: etag, Data: data}) // bodies.go
		p.mu.Lock()
		cs.Objects[href] = kept
		ledger.Created(c.UID, href, s.now().UTC())
		ledger.Wrote(c.UID, c.OwnHash, etag)
		p.wroteAt(href, c, data)
		p.mu.Unlock()
	case reconcile.Update:
		etag, data, err := s.put(ctx, c.Href, c.Data, caldav.Precondition{IfMatch: c.IfMatch})
		if err != nil {
			return err
		}
		kept := s.objects.written(objState{ETag: etag, Data: data})
		p.mu.Lock()
		cs.Objects[c.Href] = kept
		ledger.Wrote(c.UID, c.OwnHash, etag)
		p.wroteAt(c.Href, c, data)
		p.mu.Unlock()
	case reconcile.Delete:
		// Recorded (and saved) before the request: a crash in between errs
		// towards recreating the entry, never towards losing track of it.
		// apply records a run of deletes at once (recordDeleting).
		p.mu.Lock()
		if !p.deleting[c.UID] {
			ledger.Deleting(c.UID, s.now().UTC())
			if s.store != nil {
				if err := s.store.Save("ledger", ledger); err != nil {
					p.mu.Unlock()
					return err
				}
			}
		}
		p.mu.Unlock()
		err := s.dav.Delete(ctx, c.Href, c.IfMatch)
		if err != nil && !caldav.IsNotFound(err) {
			return err
		}
		p.mu.Lock()
		delete(cs.Objects, c.Href)
		p.mu.Unlock()
	}
	return nil
}

// written is what learnWrites needs of one write of the pass: the entry,
// the X-NETSYNCD-HASH of its own text ("" when it kept the user's), and
// a checksum of the bytes sent when they are the bytes cached.
type written struct {
	uid, hash string
	crc       uint32
	n         int
	cached    bool // the bytes cached are those sent (not a server's copy, see put)
}

// sent tells whether data are the bytes the write sent and cached.
func (w written) sent(data []byte) bool {
	return w.cached && w.hash != "" && len(data) == w.n && crc32.ChecksumIEEE(data) == w.crc
}

// wroteAt records, under p.mu, that the pass wrote c at href and cached
// data for it.
func (p *pass) wroteAt(href string, c *reconcile.Change, data []byte) {
	if p.wrote == nil {
		p.wrote = map[string]written{}
	}
	w := written{uid: c.UID, hash: c.OwnHash, n: len(c.Data), cached: bytes.Equal(data, c.Data)}
	if w.cached {
		w.crc = crc32.ChecksumIEEE(c.Data)
	}
	p.wrote[href] = w
}

// put writes an entry and returns its ETag and the bytes to cache: those
// sent, or, from a server that answered no ETag and stores a copy other
// than the one sent (RFC 4791 section 5.3.4), that copy as the adapter's
// GET right after the PUT found it, when it is this write: the same UID,
// kind, X-NETSYNCD-HASH, SEQUENCE, times and planned times and alarm,
// markers that no server rewrites and that another version of the entry
// (a write lost, the one before it) does not all share. The ledger then
// learns the stored form from it (Ledger.Learn, at the next pass). Only an
// edit made in the one round trip between the PUT and that GET would be
// taken for netsyncd's write, with the markers netsyncd wrote.
func (s *Syncer) put(ctx context.Context, href string, data []byte, pre caldav.Precondition) (string, []byte, error) {
	etag, err := s.dav.Put(ctx, href, data, pre)
	var other *caldav.StoredOtherError
	if err == nil || !errors.As(err, &other) || other.Stored.ETag == "" {
		return etag, data, err
	}
	sent, derr := entry.Decode(data)
	got, gerr := entry.Decode(other.Stored.Data)
	if derr != nil || gerr != nil || got.Kind == "" || got.Invalid != "" ||
		got.UID != sent.UID || got.Kind != sent.Kind || got.StoredHash != sent.StoredHash || got.Sequence != sent.Sequence ||
		!got.Start.Equal(sent.Start) || !got.End.Equal(sent.End) ||
		!got.PlannedStart.Equal(sent.PlannedStart) || !got.PlannedEnd.Equal(sent.PlannedEnd) || got.PlannedAlarm != sent.PlannedAlarm {
		return "", nil, err
	}
	s.log.Info("the server stores the entry other than as sent, and answered no ETag; its copy is taken as the write",
		zap.String("href", href), zap.String("etag", other.Stored.ETag))
	return other.Stored.ETag, other.Stored.Data, nil
}

// retryAfterConflict re-reads the entry a 412 was about and decides it
// again with core.Decide, against what is there now and with this pass's
// analysis, and applies that once. A second conflict is left to the next
// pass.
func (s *Syncer) retryAfterConflict(ctx context.Context, p *pass, c *reconcile.Change, sum *Summary) error {
	href := c.Href
	s.log.Info("entry changed on the server while planning; reading it again", zap.String("href", href))
	obj, err := s.dav.Get(ctx, href)
	p.mu.Lock() // other writes are in flight: the target's copy and the ledger are shared
	unlock := sync.OnceFunc(p.mu.Unlock)
	defer unlock()
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
	unlock()
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
			if a.KeptUserEdit {
				sum.KeptUserEdits++
			}
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
