package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/compute/keeper"
	"github.com/aitbc/aitbc/x/compute/types"
)

// ProposalMsgFactories registers MsgUpdateParams for x/dao proposals, with
// random valid params around the current minimum bond.
func ProposalMsgFactories(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("compute_proposal_update_params", 30), simsx.SimMsgFactoryFn[*types.MsgUpdateParams](
		func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
			current := params(simops.ReadContext(ctx), k)
			r := data.Rand().Rand
			p := RandomParams(r, current.MinBond.Denom, current.MinBond.Amount.MulRaw(100))
			if simops.Spoiled(r) {
				p.CommitteeSize, p.MaxHours, p.TakeRate = 0, 0, simops.Dec(r)
			}
			return nil, &types.MsgUpdateParams{Authority: k.GetAuthority(), Params: p}
		}))
}

// MsgUpdateParamsUnauthorizedFactory sends MsgUpdateParams from an account
// that is not the authority: it must be refused.
func MsgUpdateParamsUnauthorizedFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		msg := &types.MsgUpdateParams{Authority: from.AddressBech32, Params: types.DefaultParams()}
		return simops.Signers(from), msg, simops.MustFail(types.ErrInvalidSigner)
	})
}
