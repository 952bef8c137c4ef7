package chain

import (
	"context"
	"errors"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/cosmos/gogoproto/proto"

	sdkmath "cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"

	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

const (
	us    = "aitbcvaloper1us"
	other = "aitbcvaloper1other"
)

func typed(t *testing.T, msg proto.Message) abci.Event {
	t.Helper()
	ev, err := sdk.TypedEventToEvent(msg)
	if err != nil {
		t.Fatal(err)
	}
	return abci.Event(ev)
}

func TestDecodeBlock(t *testing.T) {
	coin := sdk.NewCoin("uaitbc", sdkmath.NewInt(7))
	created := &computetypes.EventLeaseCreated{LeaseId: 3, JobId: 9, Provider: us, Escrow: coin}
	result := &computetypes.EventResultSubmitted{LeaseId: 2, Provider: other, Committee: []string{other + "2", us}, OutputHash: "sha256:ab"}
	settled := &computetypes.EventLeaseSettled{LeaseId: 1, Provider: other, ProviderPayment: coin}
	txs := []*abci.ExecTxResult{
		{Code: 0, Events: []abci.Event{{Type: "message"}, typed(t, result)}},
		// A failed tx's events were reverted: never acted on.
		{Code: 5, Events: []abci.Event{typed(t, &computetypes.EventLeaseSettled{LeaseId: 99, Provider: us})}},
		{Code: 0, Events: []abci.Event{typed(t, settled)}},
	}
	// baseapp marks FinalizeBlock events with a non-JSON `mode` attribute.
	createdEv := typed(t, created)
	createdEv.Attributes = append(createdEv.Attributes, abci.EventAttribute{Key: "mode", Value: "EndBlock"})
	evs, err := DecodeBlock(12, txs, []abci.Event{{Type: "transfer"}, createdEv})
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{{12, 0, result}, {12, 2, settled}, {12, -1, created}}
	if len(evs) != len(want) {
		t.Fatalf("got %d events, want %d: %v", len(evs), len(want), evs)
	}
	for i := range want {
		if evs[i].Height != want[i].Height || evs[i].TxIndex != want[i].TxIndex || proto.MessageName(evs[i].Msg) != proto.MessageName(want[i].Msg) || evs[i].Msg.String() != want[i].Msg.String() {
			t.Errorf("event %d: got %+v, want %+v", i, evs[i], want[i])
		}
	}
	// Ours: the lease created for us and the result we must attest.
	if !ForProvider(evs[0], us) || ForProvider(evs[1], us) || !ForProvider(evs[2], us) {
		t.Errorf("ForProvider: %v %v %v", ForProvider(evs[0], us), ForProvider(evs[1], us), ForProvider(evs[2], us))
	}

	// An x/compute event that does not decode is an error, not a skip.
	bad := abci.Event{Type: "aitbc.compute.v1.EventLeaseCreated", Attributes: []abci.EventAttribute{{Key: "lease_id", Value: "not json"}}}
	if _, err := DecodeEvents(1, 0, []abci.Event{bad}); err == nil {
		t.Fatal("a malformed compute event decoded")
	}
}

// fakeChain serves block results from a map; fail makes one height fail.
type fakeChain struct {
	latest int64
	blocks map[int64][]abci.Event // FinalizeBlock events per height
	fail   map[int64]bool
	reads  []int64
}

func (f *fakeChain) Status(context.Context) (*ctypes.ResultStatus, error) {
	return &ctypes.ResultStatus{SyncInfo: ctypes.SyncInfo{LatestBlockHeight: f.latest}}, nil
}

func (f *fakeChain) BlockResults(_ context.Context, h *int64) (*ctypes.ResultBlockResults, error) {
	f.reads = append(f.reads, *h)
	if f.fail[*h] {
		return nil, errors.New("unavailable")
	}
	return &ctypes.ResultBlockResults{Height: *h, FinalizeBlockEvents: f.blocks[*h]}, nil
}

func TestPollerReadsEachHeightOnce(t *testing.T) {
	ev := func(id uint64) abci.Event {
		return typed(t, &computetypes.EventLeaseCreated{LeaseId: id, Provider: us})
	}
	f := &fakeChain{latest: 4, blocks: map[int64][]abci.Event{2: {ev(1)}, 4: {ev(2), ev(3)}}, fail: map[int64]bool{3: true}}
	p := &Poller{Source: f, Next: 2}
	var got []uint64
	handle := func(evs []Event) error {
		for _, e := range evs {
			got = append(got, e.Msg.(*computetypes.EventLeaseCreated).LeaseId)
		}
		return nil
	}
	ctx := context.Background()
	// Height 3 fails: the poll stops there and the next one retries it.
	if err := p.Poll(ctx, handle); err == nil || p.Next != 3 {
		t.Fatalf("poll over a failing height: err %v, next %d", err, p.Next)
	}
	delete(f.fail, 3)
	f.latest = 5
	if err := p.Poll(ctx, handle); err != nil || p.Next != 6 {
		t.Fatalf("second poll: err %v, next %d", err, p.Next)
	}
	if err := p.Poll(ctx, handle); err != nil || p.Next != 6 {
		t.Fatalf("poll with no new block: err %v, next %d", err, p.Next)
	}
	if want := []uint64{1, 2, 3}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("lease ids %v, want %v", got, want)
	}
	if want := []int64{2, 3, 3, 4, 5}; len(f.reads) != len(want) {
		t.Fatalf("heights read %v, want %v", f.reads, want)
	}
	// A poller without a start height begins at the tip.
	tip := &Poller{Source: &fakeChain{latest: 9}}
	if err := tip.Poll(ctx, handle); err != nil || tip.Next != 10 {
		t.Fatalf("tip poller: err %v, next %d", err, tip.Next)
	}
}
