package chain

import (
	"context"
	"errors"
	"fmt"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
)

// BlockSource is what polling needs of a CometBFT RPC client
// (rpc/client/http.HTTP implements it).
type BlockSource interface {
	Status(ctx context.Context) (*ctypes.ResultStatus, error)
	BlockResults(ctx context.Context, height *int64) (*ctypes.ResultBlockResults, error)
}

// Poller reads the typed x/compute events of every block after Next-1 by
// block results, one height at a time, so that no block is skipped or read
// twice.
type Poller struct {
	Source BlockSource
	// Next is the next height to read.
	Next int64
}

// Poll reads every block from Next up to the latest and hands each
// block's events to handle, in height order. It stops at the first error
// and leaves Next at the block that failed, so the next Poll retries it.
func (p *Poller) Poll(ctx context.Context, handle func([]Event) error) error {
	st, err := p.Source.Status(ctx)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	latest := st.SyncInfo.LatestBlockHeight
	if p.Next < 1 {
		p.Next = latest // start at the tip, like a subscription
	}
	for ; p.Next <= latest; p.Next++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		h := p.Next
		res, err := p.Source.BlockResults(ctx, &h)
		if err != nil {
			return fmt.Errorf("block results %d: %w", h, err)
		}
		evs, err := DecodeBlock(h, res.TxsResults, res.FinalizeBlockEvents)
		if err != nil {
			return err
		}
		if err := handle(evs); err != nil {
			return err
		}
	}
	return nil
}

// Subscription queries: transactions (results, attestations, accepted
// offers) and new blocks (EndBlock matching and deadlines).
const (
	queryTx       = "tm.event = 'Tx'"
	queryNewBlock = "tm.event = 'NewBlock'"
	subscriber    = "aitbc-provider"
)

// Watcher follows the chain's x/compute events: over the websocket while
// it works, by polling block results while it does not.
type Watcher struct {
	// Remote is the CometBFT RPC address, e.g. tcp://127.0.0.1:26657.
	Remote string
	// PollInterval is the pause between polls; RetryWebsocket how long
	// to poll before trying the websocket again.
	PollInterval, RetryWebsocket time.Duration
	// Source polls block results; the HTTP client of Remote when nil.
	Source BlockSource
	// Subscribe opens the event stream; the websocket of Remote when nil.
	Subscribe func(ctx context.Context) (<-chan ctypes.ResultEvent, func(), error)
}

// Run sends every typed x/compute event from height from (0: the current
// tip) to out until ctx ends. Delivery is at least once: after a
// websocket failure, polling restarts at the last block the stream began,
// so that block's events may come twice; handlers must be idempotent (the
// daemon keys its work by lease id). Within a polled block events keep the
// chain's order; the websocket delivers a block's FinalizeBlock events
// (NewBlock) before its transactions' events.
func (w *Watcher) Run(ctx context.Context, from int64, out chan<- Event) error {
	if w.Source == nil || w.Subscribe == nil {
		c, err := rpchttp.New(w.Remote, "/websocket")
		if err != nil {
			return err
		}
		if w.Source == nil {
			w.Source = c
		}
		if w.Subscribe == nil {
			w.Subscribe = websocketSubscribe(c)
		}
	}
	p := &Poller{Source: w.Source, Next: from}
	send := func(evs []Event) error {
		for _, ev := range evs {
			select {
			case out <- ev:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}
	for ctx.Err() == nil {
		err := w.followWebsocket(ctx, p, send)
		if ctx.Err() != nil {
			break
		}
		// The websocket failed or closed: poll for a while, then retry it.
		_ = err
		deadline := time.Now().Add(w.RetryWebsocket)
		for ctx.Err() == nil && time.Now().Before(deadline) {
			_ = p.Poll(ctx, send) // an error is retried from the same height
			sleep(ctx, w.PollInterval)
		}
	}
	return ctx.Err()
}

// followWebsocket subscribes, catches up by polling from p.Next to the
// tip (blocks made while it was not subscribed), then forwards the
// subscription's events until it fails. p.Next follows the stream, so a
// fallback poll starts after the last block seen.
func (w *Watcher) followWebsocket(ctx context.Context, p *Poller, send func([]Event) error) error {
	events, stop, err := w.Subscribe(ctx)
	if err != nil {
		return err
	}
	defer stop()
	if err := p.Poll(ctx, send); err != nil {
		return err
	}
	polledTo := p.Next // blocks below it were read by the poll
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case re, ok := <-events:
			if !ok {
				return errors.New("subscription closed")
			}
			evs, height, err := decodeResultEvent(re)
			if err != nil {
				return err
			}
			if height < polledTo {
				continue // already read by the catch-up poll
			}
			if err := send(evs); err != nil {
				return err
			}
			// CometBFT publishes NewBlock before the block's Tx events, so
			// the block before it is complete; a fallback poll starts at
			// this one.
			if _, isBlock := re.Data.(cmttypes.EventDataNewBlock); isBlock && height > p.Next {
				p.Next = height
			}
		}
	}
}

// decodeResultEvent decodes a Tx or NewBlock subscription event.
func decodeResultEvent(re ctypes.ResultEvent) ([]Event, int64, error) {
	switch d := re.Data.(type) {
	case cmttypes.EventDataTx:
		if d.Result.Code != 0 {
			return nil, d.Height, nil
		}
		evs, err := DecodeEvents(d.Height, int(d.Index), d.Result.Events)
		return evs, d.Height, err
	case cmttypes.EventDataNewBlock:
		h := d.Block.Height
		evs, err := DecodeEvents(h, -1, d.ResultFinalizeBlock.Events)
		return evs, h, err
	default:
		return nil, 0, fmt.Errorf("unexpected subscription data %T", re.Data)
	}
}

// websocketSubscribe subscribes c to transactions and new blocks, merged
// into one channel that closes when either subscription ends.
func websocketSubscribe(c *rpchttp.HTTP) func(ctx context.Context) (<-chan ctypes.ResultEvent, func(), error) {
	return func(ctx context.Context) (<-chan ctypes.ResultEvent, func(), error) {
		if !c.IsRunning() {
			if err := c.Start(); err != nil {
				return nil, nil, err
			}
		}
		txs, err := c.Subscribe(ctx, subscriber, queryTx, 256)
		if err != nil {
			return nil, nil, err
		}
		blocks, err := c.Subscribe(ctx, subscriber, queryNewBlock, 64)
		if err != nil {
			_ = c.UnsubscribeAll(context.Background(), subscriber)
			return nil, nil, err
		}
		merged := make(chan ctypes.ResultEvent)
		done := make(chan struct{})
		go func() {
			defer close(merged)
			for {
				var re ctypes.ResultEvent
				var ok bool
				select {
				case re, ok = <-txs:
				case re, ok = <-blocks:
				case <-done:
					return
				}
				if !ok {
					return
				}
				select {
				case merged <- re:
				case <-done:
					return
				}
			}
		}()
		stop := func() {
			close(done)
			_ = c.UnsubscribeAll(context.Background(), subscriber)
		}
		return merged, stop, nil
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

var _ BlockSource = (rpcclient.Client)(nil)
