package simulation

import (
	"context"
	"fmt"
	"math/rand"
	"strings"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/reputation/keeper"
	"github.com/aitbc/aitbc/x/reputation/types"
)

// Default operation weights; a params file overrides each as
// "op_weight_reputation_<name>".
const (
	weightRate          = 40
	weightRateAgain     = 8
	weightAuthorityOnly = 2
	weightHostile       = 4
	weightMutated       = 6
)

// scanLimit bounds every read of a factory.
const scanLimit = 64

// Deal is a finished deal whose two parties may rate each other once.
type Deal struct {
	// Ref is the deal reference the voucher knows, "<module>/<id>".
	Ref                string
	Consumer, Provider sdk.AccAddress
}

// DealSource lists up to limit finished deals; the app reads them from the
// modules that vouch for deals (x/compute's leases).
type DealSource func(ctx context.Context, limit int) []Deal

// RegisterOperations adds the operations of x/reputation's messages.
// Without deals, ratings name deals no module vouches for and must be
// refused.
func RegisterOperations(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper, deals DealSource) {
	w := func(name string, def uint32) uint32 { return weights.Get("reputation_"+name, def) }
	reg.Add(w("msg_rate", weightRate), MsgRateFactory(k, deals))
	reg.Add(w("msg_rate_again", weightRateAgain), MsgRateAgainFactory(k))
	reg.Add(w("msg_update_params_unauthorized", weightAuthorityOnly), MsgUpdateParamsUnauthorizedFactory())
	reg.Add(w("msg_rate_hostile", weightHostile), MsgRateHostileFactory())
	reg.Add(w("msg_rate_mutated", weightMutated), simops.Mutated(MsgRateFactory(k, deals), rateMutations...))
}

// MsgRateFactory has a party of a finished deal rate the other party.
func MsgRateFactory(k keeper.Keeper, deals DealSource) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRate, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		msg := &types.MsgRate{Score: uint32(1 + r.Intn(5)), CommentUri: fmt.Sprintf("https://review.example.org/%d", r.Intn(10_000))}
		type party struct {
			deal  Deal
			rater simsx.SimAccount
		}
		var parties []party
		if deals != nil {
			for _, d := range deals(simops.ReadContext(ctx), scanLimit) {
				for _, addr := range []sdk.AccAddress{d.Consumer, d.Provider} {
					if a, ok := simops.Account(data, addr.String()); ok {
						parties = append(parties, party{d, a})
					}
				}
			}
		}
		p, ok := simops.Pick(r, parties)
		if !ok {
			from := simops.AnyAccount(data)
			msg.Rater, msg.DealRef = from.AddressBech32, fmt.Sprintf("compute/%d", 1<<40+r.Intn(1000))
			return simops.Signers(from), msg, simops.MustFail(types.ErrUnknownDeal)
		}
		msg.Rater, msg.DealRef = p.rater.AddressBech32, p.deal.Ref
		return simops.Signers(p.rater), msg, simops.Tolerate(types.ErrAlreadyRated, types.ErrSelfRating)
	})
}

// MsgRateAgainFactory rates a deal a second time under another spelling of
// its reference ("compute/042" for "compute/42"): one finished deal buys
// one rating, so it must be refused.
func MsgRateAgainFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRate, simsx.SimDeliveryResultHandler) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		var rated []types.Rating
		if iter, err := k.Ratings.Iterate(rctx, nil); err == nil {
			for ; iter.Valid() && len(rated) < scanLimit; iter.Next() {
				if rt, err := iter.Value(); err == nil && data.HasAccount(rt.Rater) {
					rated = append(rated, rt)
				}
			}
			iter.Close()
		}
		rt, ok := simops.Pick(r, rated)
		if !ok {
			from := simops.AnyAccount(data)
			msg := &types.MsgRate{Rater: from.AddressBech32, DealRef: "compute/0", Score: 3}
			return simops.Signers(from), msg, simops.Refused
		}
		rater, _ := simops.Account(data, rt.Rater)
		ref := rt.DealRef
		if module, id, found := strings.Cut(ref, "/"); found {
			ref = module + "/" + strings.Repeat("0", 1+r.Intn(3)) + id
		}
		msg := &types.MsgRate{Rater: rt.Rater, DealRef: ref, Score: uint32(1 + r.Intn(5))}
		return simops.Signers(rater), msg, simops.Refused
	})
}

var rateMutations = []simops.Mutation[*types.MsgRate]{
	func(r *rand.Rand, m *types.MsgRate) { m.DealRef = simops.KeyText(r, m.DealRef) },
	func(r *rand.Rand, m *types.MsgRate) { m.DealRef = simops.BadText(r, "compute/1") },
	func(r *rand.Rand, m *types.MsgRate) { m.DealRef = "compute/" + fmt.Sprint(hostile.Uint64(r, 100)) },
	func(r *rand.Rand, m *types.MsgRate) { m.DealRef = simops.BadText(r, "compute") + "/1" },
	func(r *rand.Rand, m *types.MsgRate) { m.Score = uint32(hostile.Uint64(r, 7)) },
	func(r *rand.Rand, m *types.MsgRate) { m.CommentUri = simops.BadText(r, m.CommentUri) },
}

// MsgRateHostileFactory rates with every field hostile.
func MsgRateHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRate, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		msg := &types.MsgRate{
			Rater: from.AddressBech32, DealRef: simops.Text(r, "compute/1"), Score: uint32(hostile.Uint64(r, 7)), CommentUri: simops.Text(r, ""),
		}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgUpdateParamsUnauthorizedFactory sends MsgUpdateParams from an account
// that is not the authority: it must be refused.
func MsgUpdateParamsUnauthorizedFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		msg := &types.MsgUpdateParams{Authority: from.AddressBech32, Params: RandomParams(data.Rand().Rand)}
		return simops.Signers(from), msg, simops.MustFail(types.ErrInvalidSigner)
	})
}

// ProposalMsgFactories registers MsgUpdateParams for x/dao proposals.
func ProposalMsgFactories(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("reputation_proposal_update_params", 30), simsx.SimMsgFactoryFn[*types.MsgUpdateParams](
		func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
			r := data.Rand().Rand
			p := RandomParams(r)
			if simops.Spoiled(r) {
				p.HalfLife, p.FeedbackWeight = -p.HalfLife, simops.Dec(r)
			}
			return nil, &types.MsgUpdateParams{Authority: k.GetAuthority(), Params: p}
		}))
}
