package simulation

import (
	"context"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/agent/keeper"
	"github.com/aitbc/aitbc/x/agent/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

// ProposalMsgFactories registers MsgUpdateParams for x/dao proposals.
func ProposalMsgFactories(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("agent_proposal_update_params", 30), simsx.SimMsgFactoryFn[*types.MsgUpdateParams](
		func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
			// Fees up to 100 AITBC.
			r := data.Rand().Rand
			p := RandomParams(r, daotypes.DefaultLockDenom, math.NewInt(10_000_000_000))
			if simops.Spoiled(r) {
				p.MaxExecMessages, p.RegistrationFee = 0, sdk.Coins{simops.Coin(r, daotypes.DefaultLockDenom, math.NewInt(1_000_000))}
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
