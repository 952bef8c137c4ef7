// Package simulation is x/agent's part of the app simulation: a random but
// valid genesis, and operations for every message (plausible ones built from
// the state, hostile and mutated ones, and UpdateParams from accounts that
// are not the authority).
package simulation

import (
	"fmt"
	"math/rand"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/agent/types"
)

// RandomizedGenState writes a random x/agent genesis: random params and no
// agents (each agent's wallet is an account x/agent creates).
func RandomizedGenState(simState *module.SimulationState) {
	var params types.Params
	simops.GenesisParams(simState, types.ModuleName, &params, func(r *rand.Rand) types.Params {
		return RandomParams(r, simState.BondDenom, simState.InitialStake)
	})
	gs := types.DefaultGenesis()
	gs.Params = params
	if err := gs.Validate(); err != nil {
		panic(fmt.Errorf("random x/agent genesis: %w", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams returns valid params; the fee is at most a hundredth of what
// an account starts with, and zero a fifth of the time.
func RandomParams(r *rand.Rand, denom string, stake math.Int) types.Params {
	p := types.DefaultParams()
	p.RegistrationFee = sdk.NewCoins()
	if r.Intn(5) != 0 {
		p.RegistrationFee = sdk.NewCoins(sdk.NewCoin(denom, simops.Amount(r, stake.QuoRaw(100))))
	}
	p.MaxNameLength = simops.Uint32(r, 16, 64)
	p.MaxEndpointLength = simops.Uint32(r, 64, 256)
	p.MaxUriLength = simops.Uint32(r, 64, 512)
	p.MaxCapabilities = simops.Uint32(r, 1, 16)
	p.MaxCapabilityLength = simops.Uint32(r, 16, 64)
	p.MaxExecMessages = simops.Uint32(r, 1, 8)
	p.MaxPolicyEntries = simops.Uint32(r, 1, 32)
	return p
}
