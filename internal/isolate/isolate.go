// Package isolate is the block-level error policy in code: Begin/EndBlock
// loops and hooks handle each item in its own cache context under a panic
// guard, so one bad item is refunded, marked failed or skipped and the
// block goes on. Only an error outside any item (a broken store while
// reading the queue itself) may still stop a block hook.
//
// See docs/error-policy.md.
package isolate

import (
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// EventTypeItemFailed is emitted, with the attributes below, for every item
// a block hook could not handle; operators and indexers watch for it.
const (
	EventTypeItemFailed = "aitbc.block_item_failed"
	AttributeModule     = "module"
	AttributeItem       = "item"
	AttributeError      = "error"
	AttributeOutcome    = "outcome"
)

// Run runs fn on a cached branch of ctx and writes the branch (state and
// events) only if fn returns nil. A panic inside fn is recovered into an
// error; nothing of the branch remains.
func Run(ctx sdk.Context, fn func(ctx sdk.Context) error) (err error) {
	cacheCtx, write := ctx.CacheContext()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	if err := fn(cacheCtx); err != nil {
		return err
	}
	write()
	return nil
}

// Item handles one item of a block hook. handle runs isolated (see Run).
// When it fails, fallback (if any) runs, itself isolated, on ctx to put
// the item into a safe state: refund it, mark it failed, queue a retry. The
// failure is logged and emitted as EventTypeItemFailed with outcome: the
// fallback's description when it succeeded, "skipped" otherwise. Item
// never fails: the block always goes on.
func Item(ctx sdk.Context, module, item string, handle func(sdk.Context) error, fallback *Fallback) {
	err := Run(ctx, handle)
	if err == nil {
		return
	}
	outcome := "skipped"
	if fallback != nil {
		if ferr := Run(ctx, func(ctx sdk.Context) error { return fallback.Do(ctx, err) }); ferr != nil {
			err = fmt.Errorf("%w; fallback %q failed too: %v", err, fallback.Outcome, ferr)
		} else {
			outcome = fallback.Outcome
		}
	}
	ctx.Logger().Error("block item failed; the block goes on",
		"module", module, "item", item, "outcome", outcome, "err", err)
	ctx.EventManager().EmitEvent(sdk.NewEvent(EventTypeItemFailed,
		sdk.NewAttribute(AttributeModule, module),
		sdk.NewAttribute(AttributeItem, item),
		sdk.NewAttribute(AttributeOutcome, outcome),
		sdk.NewAttribute(AttributeError, err.Error()),
	))
}

// Fallback puts a failed item into a safe state.
type Fallback struct {
	// Outcome says what Do does, e.g. "refunded", "marked failed".
	Outcome string
	Do      func(ctx sdk.Context, cause error) error
}
