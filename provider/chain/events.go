// Package chain is the provider daemon's view of the chain: it follows
// x/compute's typed events (websocket subscription, polling of block
// results as the fallback) and sends the provider's transactions through
// authz and feegrant from a hot key. Reconciling with what the chain lists
// is in provider/daemon/chainadapter, over the queries made for it
// (Leases by provider and status, AttestationsDue).
//
// This is off-chain code: it may use goroutines, wall-clock time and maps.
package chain

import (
	"fmt"
	"strings"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"

	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// computeEventPrefix starts the type of every typed event of x/compute.
var computeEventPrefix = proto.MessageName(&computetypes.EventLeaseCreated{})[:len("aitbc.compute.v1.")]

// Event is one typed x/compute event, with where the chain emitted it.
type Event struct {
	Height int64
	// TxIndex is the index of the emitting transaction in its block, or -1
	// for a FinalizeBlock event (EndBlock matching, deadlines).
	TxIndex int
	Msg     proto.Message
}

// DecodeEvents returns the typed x/compute events among events, in order.
// Other events (bank, authz, the untyped `message` event) are skipped. An
// x/compute event that does not decode is an error: the daemon and the
// chain disagree on the protos, and acting on part of a block is unsafe.
func DecodeEvents(height int64, txIndex int, events []abci.Event) ([]Event, error) {
	var out []Event
	for _, ev := range events {
		if !strings.HasPrefix(ev.Type, computeEventPrefix) {
			continue
		}
		msg, err := sdk.ParseTypedEvent(withoutMode(ev))
		if err != nil {
			return nil, fmt.Errorf("height %d: decode %s: %w", height, ev.Type, err)
		}
		out = append(out, Event{Height: height, TxIndex: txIndex, Msg: msg})
	}
	return out, nil
}

// withoutMode drops the `mode` attribute (BeginBlock/EndBlock) baseapp
// adds to FinalizeBlock events: its value is not JSON, so ParseTypedEvent
// would fail on every event of EndBlock (leases created by matching).
func withoutMode(ev abci.Event) abci.Event {
	attrs := make([]abci.EventAttribute, 0, len(ev.Attributes))
	for _, a := range ev.Attributes {
		if a.Key == "mode" && (a.Value == "BeginBlock" || a.Value == "EndBlock") {
			continue
		}
		attrs = append(attrs, a)
	}
	ev.Attributes = attrs
	return ev
}

// DecodeBlock returns the typed x/compute events of a block: those of each
// successful transaction in order, then the FinalizeBlock ones. A failed
// transaction's events were reverted and are skipped.
func DecodeBlock(height int64, txs []*abci.ExecTxResult, finalize []abci.Event) ([]Event, error) {
	var out []Event
	for i, tx := range txs {
		if tx == nil || tx.Code != 0 {
			continue
		}
		evs, err := DecodeEvents(height, i, tx.Events)
		if err != nil {
			return nil, err
		}
		out = append(out, evs...)
	}
	evs, err := DecodeEvents(height, -1, finalize)
	if err != nil {
		return nil, err
	}
	return append(out, evs...), nil
}

// ForProvider reports whether ev concerns the provider with the given
// operator address: a lease of its own was created, settled or failed, or
// it sits in the committee of a submitted result.
func ForProvider(ev Event, operator string) bool {
	switch m := ev.Msg.(type) {
	case *computetypes.EventLeaseCreated:
		return m.Provider == operator
	case *computetypes.EventResultSubmitted:
		if m.Provider == operator {
			return true
		}
		for _, member := range m.Committee {
			if member == operator {
				return true
			}
		}
		return false
	case *computetypes.EventLeaseSettled:
		return m.Provider == operator
	case *computetypes.EventLeaseFailed:
		return m.Provider == operator
	case *computetypes.EventLeaseNoQuorum:
		return m.Provider == operator
	default:
		return false
	}
}
