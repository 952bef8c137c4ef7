// Package simulation is x/reputation's part of the app simulation: random
// params, and operations for MsgRate (ratings of finished deals by their
// parties, repeated ratings under another spelling of the deal reference,
// hostile ones) and MsgUpdateParams from accounts that are not the
// authority.
package simulation

import (
	"fmt"
	"math/rand"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/reputation/types"
)

// RandomizedGenState writes random params and no records: scores come from
// the outcomes and ratings the run produces.
func RandomizedGenState(simState *module.SimulationState) {
	var params types.Params
	simops.GenesisParams(simState, types.ModuleName, &params, RandomParams)
	gs := types.DefaultGenesis()
	gs.Params = params
	if err := gs.Validate(); err != nil {
		panic(fmt.Errorf("random x/reputation genesis: %w", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams returns valid params: a half-life of one to sixty days, a
// feedback weight of 0.1 to 2.
func RandomParams(r *rand.Rand) types.Params {
	p := types.DefaultParams()
	p.HalfLife = simops.Hours(r, 24, 60*24)
	p.FeedbackWeight = math.LegacyNewDecWithPrec(int64(1+r.Intn(20)), 1)
	p.MaxCommentUriLength = simops.Uint32(r, 64, 512)
	return p
}
