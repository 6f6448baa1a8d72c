package budget

import "context"

// Ticker looks at a context every CancelEvery ticks, so a loop over hostile
// input ends soon after SIGTERM without paying for a look each step.
type Ticker struct {
	ctx context.Context
	n   int
	err error
}

// NewTicker returns a Ticker over ctx; a nil ctx never ends.
func NewTicker(ctx context.Context) *Ticker { return &Ticker{ctx: ctx} }

// Tick counts one unit of work and reports the context's error once it is
// done (checked every CancelEvery ticks; sticky once seen).
func (t *Ticker) Tick() error {
	if t == nil || t.ctx == nil {
		return nil
	}
	if t.err != nil {
		return t.err
	}
	if t.n++; t.n%CancelEvery == 0 {
		t.err = t.ctx.Err()
	}
	return t.err
}

// Err is the context's error now.
func (t *Ticker) Err() error {
	if t == nil || t.ctx == nil {
		return nil
	}
	if t.err == nil {
		t.err = t.ctx.Err()
	}
	return t.err
}
