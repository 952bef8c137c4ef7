package simulation

import (
	"context"
	"math/rand"
	"reflect"

	"cosmossdk.io/math"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// proposalMsg is a message factory another module offers for proposals.
type proposalMsg struct {
	weight uint32
	create simsx.FactoryMethod
}

func collectProposalMsgs(iter simsx.WeightedProposalMsgIter) []proposalMsg {
	var out []proposalMsg
	if iter == nil {
		return nil
	}
	for w, f := range iter {
		if w > 0 {
			out = append(out, proposalMsg{weight: w, create: f})
		}
	}
	return out
}

// pickProposalMsg draws one proposal message by weight. The cosmos-sdk
// modules' factories name x/gov as the authority; on this chain x/dao is,
// so a message's Authority field is set to it. A factory that skips gives
// no message: it reports to its own reporter, so the proposal goes on.
func pickProposalMsg(ctx context.Context, data *simsx.ChainDataSource, props []proposalMsg, authority string) sdk.Msg {
	var total uint64
	for _, p := range props {
		total += uint64(p.weight)
	}
	if total == 0 {
		return nil
	}
	n := uint64(data.Rand().Int63n(int64(total)))
	for _, p := range props {
		if n >= uint64(p.weight) {
			n -= uint64(p.weight)
			continue
		}
		rep := simsx.NewBasicSimulationReporter()
		_, msg := p.create(ctx, data, rep)
		if rep.IsSkipped() || msg == nil || reflect.ValueOf(msg).IsNil() {
			return nil
		}
		setAuthority(msg, authority)
		return msg
	}
	return nil
}

// setAuthority sets a message's Authority field, if it has one.
func setAuthority(msg sdk.Msg, authority string) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return
	}
	if f := v.Elem().FieldByName("Authority"); f.IsValid() && f.Kind() == reflect.String && f.CanSet() {
		f.SetString(authority)
	}
}

func newMsgSubmitProposal(proposer, class string, msgs []sdk.Msg) (*types.MsgSubmitProposal, error) {
	anys := make([]*codectypes.Any, len(msgs))
	for i, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		if err != nil {
			return nil, err
		}
		anys[i] = a
	}
	return &types.MsgSubmitProposal{Proposer: proposer, Class: class, Messages: anys}, nil
}

// ProposalMsgFactories are the x/dao messages a proposal may carry, with
// the dao authority as signer: they succeed only when the proposal passes.
// The weights of our modules' proposal messages are in the hundreds, as
// each cosmos-sdk module offers its MsgUpdateParams at 100.
func ProposalMsgFactories(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("dao_proposal_update_params", 30), proposalUpdateParams(k))
	reg.Add(weights.Get("dao_proposal_update_committee", 60), proposalUpdateCommittee())
	reg.Add(weights.Get("dao_proposal_community_spend", 100), proposalCommunitySpend())
	reg.Add(weights.Get("dao_proposal_set_constitution", 60), proposalSetConstitution())
}

func daoAuthority() string { return authtypes.NewModuleAddress(types.ModuleName).String() }

func proposalUpdateParams(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		current, err := k.Params.Get(simops.ReadContext(ctx))
		if err != nil {
			current = types.DefaultParams()
		}
		// lock_denom and vesting are fixed at genesis: a change keeps them.
		r := data.Rand().Rand
		p := RandomParams(r, current.LockDenom)
		p.Vesting = current.Vesting
		if simops.Spoiled(r) {
			p.MaxMessages, p.UnlockPeriod = 0, -p.UnlockPeriod
		}
		return nil, &types.MsgUpdateParams{Authority: daoAuthority(), Params: p}
	}
}

func proposalUpdateCommittee() simsx.SimMsgFactoryFn[*types.MsgUpdateCommittee] {
	return func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateCommittee) {
		r := data.Rand().Rand
		msg := &types.MsgUpdateCommittee{Authority: daoAuthority()}
		// Adding two keeps the size odd; the keeper refuses what breaks the
		// committee rules, which fails the proposal's execution.
		for range 2 * r.Intn(2) {
			msg.Add = append(msg.Add, simops.AnyAccount(data).AddressBech32)
		}
		for range 1 + r.Intn(3) {
			msg.Alternates = append(msg.Alternates, simops.AnyAccount(data).AddressBech32)
		}
		if simops.Spoiled(r) {
			msg.Add = append(msg.Add, simops.RawText(r, "aitbc1"), simops.RawText(r, "aitbc1"))
		}
		return nil, msg
	}
}

func proposalCommunitySpend() simsx.SimMsgFactoryFn[*types.MsgCommunitySpend] {
	return func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCommunitySpend) {
		r := data.Rand().Rand
		amount := sdk.NewCoins(sdk.NewCoin(types.DefaultLockDenom, math.NewInt(1+r.Int63n(10_000_000))))
		msg := &types.MsgCommunitySpend{Authority: daoAuthority(), Recipient: simops.AnyAccount(data).AddressBech32, Amount: amount}
		if simops.Spoiled(r) {
			msg.Recipient, msg.Amount = simops.RawText(r, msg.Recipient), simops.Coins(r, types.DefaultLockDenom, maxAmount)
		}
		return nil, msg
	}
}

func proposalSetConstitution() simsx.SimMsgFactoryFn[*types.MsgSetConstitution] {
	return func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetConstitution) {
		r := data.Rand().Rand
		text := randomText(r, 1+r.Intn(500))
		if simops.Spoiled(r) {
			text = simops.RawText(r, text)
		}
		return nil, &types.MsgSetConstitution{Authority: daoAuthority(), Constitution: text}
	}
}

func randomText(r *rand.Rand, n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,\n"
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[r.Intn(len(letters))]
	}
	return string(b)
}

// Authority-only messages sent by an account that is not the authority:
// each must be refused with ErrInvalidSigner.

// MsgUpdateParamsUnauthorizedFactory sends MsgUpdateParams from an account.
func MsgUpdateParamsUnauthorizedFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		msg := &types.MsgUpdateParams{Authority: from.AddressBech32, Params: RandomParams(data.Rand().Rand, types.DefaultLockDenom)}
		return simops.Signers(from), msg, simops.MustFail(types.ErrInvalidSigner)
	})
}

// MsgUpdateCommitteeUnauthorizedFactory seats the sender on the committee.
func MsgUpdateCommitteeUnauthorizedFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateCommittee, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		msg := &types.MsgUpdateCommittee{Authority: from.AddressBech32, Add: []string{from.AddressBech32}}
		return simops.Signers(from), msg, simops.MustFail(types.ErrInvalidSigner)
	})
}

// MsgCommunitySpendUnauthorizedFactory pays the sender from the treasury.
func MsgCommunitySpendUnauthorizedFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCommunitySpend, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		msg := &types.MsgCommunitySpend{Authority: from.AddressBech32, Recipient: from.AddressBech32,
			Amount: sdk.NewCoins(sdk.NewCoin(types.DefaultLockDenom, math.NewInt(1)))}
		return simops.Signers(from), msg, simops.MustFail(types.ErrInvalidSigner)
	})
}

// MsgSetConstitutionUnauthorizedFactory rewrites the constitution.
func MsgSetConstitutionUnauthorizedFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetConstitution, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		msg := &types.MsgSetConstitution{Authority: from.AddressBech32, Constitution: "captured"}
		return simops.Signers(from), msg, simops.MustFail(types.ErrInvalidSigner)
	})
}
