// Package msgexec is the one executor of arbitrary messages on behalf of an
// account that did not sign the transaction: x/dao runs a passed
// proposal's messages as the dao module account, x/agent runs MsgExec as an
// agent's wallet. Both need the same privileged steps, so they live here
// once: the signer check, routing, a cache context so the batch is all or
// nothing, event forwarding, panic recovery and a gas limit.
package msgexec

import (
	"bytes"
	"errors"
	"fmt"

	errorsmod "cosmossdk.io/errors"
	storetypes "cosmossdk.io/store/types"
	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	gogoproto "github.com/cosmos/gogoproto/proto"
	protov2 "google.golang.org/protobuf/proto"
)

var (
	// ErrWrongSigner: a message is not signed by the executing account alone.
	ErrWrongSigner = errors.New("message must be signed by the executing account alone")
	// ErrNoHandler: no module routes the message.
	ErrNoHandler = errors.New("no handler for message")
	// ErrPanic: a handler panicked; the batch is discarded.
	ErrPanic = errors.New("message execution panicked")
	// ErrOutOfGas: the batch used more than its gas limit.
	ErrOutOfGas = errors.New("message execution ran out of gas")
)

// SignerReader reads the signers a message declares (codec.Codec has it).
type SignerReader interface {
	GetMsgV1Signers(msg gogoproto.Message) ([][]byte, protov2.Message, error)
}

// Executor runs messages as one account through the app's message router.
type Executor struct {
	router  baseapp.MessageRouter
	signers SignerReader
}

// New returns an executor over the app's router and codec.
func New(router baseapp.MessageRouter, signers SignerReader) Executor {
	return Executor{router: router, signers: signers}
}

// Check checks message i before anything runs: it declares exactly one
// signer, that signer is the executing account, and a handler exists.
func (e Executor) Check(i int, msg sdk.Msg, signer []byte) error {
	typeURL := sdk.MsgTypeURL(msg)
	signers, _, err := e.signers.GetMsgV1Signers(msg)
	if err != nil {
		return fmt.Errorf("message %d (%s): %w", i, typeURL, err)
	}
	if len(signers) != 1 || !bytes.Equal(signers[0], signer) {
		return fmt.Errorf("message %d (%s): %w", i, typeURL, ErrWrongSigner)
	}
	if e.router.Handler(msg) == nil {
		return fmt.Errorf("message %d (%s): %w", i, typeURL, ErrNoHandler)
	}
	return nil
}

// Options tune one run.
type Options struct {
	// GasLimit caps the gas the whole batch may use, on top of whatever
	// limit ctx's meter has; 0 leaves ctx's meter alone. Block hooks run
	// with an infinite meter, so they must set it.
	GasLimit uint64
	// AfterEach, when set, runs after message i succeeded, on the same
	// cached context (x/agent measures the wallet's spend there); its error
	// aborts the batch.
	AfterEach func(ctx sdk.Context, i int, msg sdk.Msg) error
	// Before, when set, decorates the cached context before the first
	// message (x/dao marks the executing proposal there).
	Before func(ctx sdk.Context) sdk.Context
}

// Result is what a successful run returns: each message's response data.
type Result struct {
	Data [][]byte
	// GasUsed by the batch (the gas the run consumed on ctx's meter).
	GasUsed uint64
}

// Run checks every message, then runs them in order on a cached branch of
// ctx as signer. Only if all succeed are their writes committed and their
// events emitted on ctx; otherwise nothing of the batch remains, and a
// panic or running out of the batch's gas becomes an error. The returned
// error names the failing message.
func (e Executor) Run(ctx sdk.Context, signer []byte, msgs []sdk.Msg, opts Options) (res Result, err error) {
	for i, m := range msgs {
		if err := e.Check(i, m, signer); err != nil {
			return Result{}, err
		}
	}
	cacheCtx, write := ctx.CacheContext()
	if opts.GasLimit > 0 {
		cacheCtx = cacheCtx.WithGasMeter(storetypes.NewGasMeter(opts.GasLimit))
	}
	if opts.Before != nil {
		cacheCtx = opts.Before(cacheCtx)
	}
	data, events, err := e.runAll(cacheCtx, msgs, opts)
	if opts.GasLimit > 0 {
		// The batch's own meter hid its use from ctx's: charge it there,
		// so a transaction pays for what its messages did.
		res.GasUsed = min(cacheCtx.GasMeter().GasConsumedToLimit(), opts.GasLimit)
		ctx.GasMeter().ConsumeGas(res.GasUsed, "msgexec batch")
	}
	if err != nil {
		return res, err
	}
	write()
	// The router gives each handler its own event manager and returns the
	// events in its result: pass them on, so indexers see what ran.
	ctx.EventManager().EmitEvents(events)
	res.Data = data
	return res, nil
}

// runAll runs the messages and recovers a panic into an error; an out-of-
// gas panic of the batch's meter becomes ErrOutOfGas.
func (e Executor) runAll(ctx sdk.Context, msgs []sdk.Msg, opts Options) (data [][]byte, events sdk.Events, err error) {
	current := -1
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		where := "before the first message"
		if current >= 0 {
			where = fmt.Sprintf("message %d (%s)", current, sdk.MsgTypeURL(msgs[current]))
		}
		if oog, ok := r.(storetypes.ErrorOutOfGas); ok {
			err = fmt.Errorf("%s: %w: %s", where, ErrOutOfGas, oog.Descriptor)
			return
		}
		err = fmt.Errorf("%s: %w: %v", where, ErrPanic, r)
	}()
	data = make([][]byte, len(msgs))
	for i, m := range msgs {
		current = i
		res, err := e.router.Handler(m)(ctx, m)
		if err != nil {
			return nil, nil, errorsmod.Wrapf(err, "message %d (%s)", i, sdk.MsgTypeURL(m))
		}
		if opts.AfterEach != nil {
			if err := opts.AfterEach(ctx, i, m); err != nil {
				return nil, nil, err
			}
		}
		data[i] = res.Data
		for _, ev := range res.GetEvents() {
			events = append(events, sdk.Event(ev))
		}
	}
	return data, events, nil
}
