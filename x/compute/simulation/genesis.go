// Package simulation is x/compute's part of the app simulation: a random but
// valid genesis, and operations for every message (plausible ones built from
// the state, hostile ones, and UpdateParams from accounts that are not the
// authority).
package simulation

import (
	"fmt"
	"math/rand"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/compute/types"
)

// RandomizedGenState writes a random x/compute genesis: random params and
// no providers, offers or jobs (their bonds and escrow would have to be in
// the bank genesis). The minimum bond is a fraction of what each simulation
// account starts with, so validators can afford it; lease hours and
// attestation periods are a few simulated blocks long (1.4 to 2.8 hours
// each), so leases settle within a run.
func RandomizedGenState(simState *module.SimulationState) {
	var params types.Params
	simops.GenesisParams(simState, types.ModuleName, &params, func(r *rand.Rand) types.Params {
		return RandomParams(r, simState.BondDenom, simState.InitialStake)
	})
	gs := types.DefaultGenesis()
	gs.Params = params
	if err := gs.Validate(); err != nil {
		panic(fmt.Errorf("random x/compute genesis: %w", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams returns valid params; stake is what an account starts with.
func RandomParams(r *rand.Rand, denom string, stake math.Int) types.Params {
	p := types.DefaultParams()
	minBond := stake.QuoRaw(int64(10 + r.Intn(990)))
	if !minBond.IsPositive() {
		minBond = math.OneInt()
	}
	p.MinBond = sdk.NewCoin(denom, minBond)
	p.BondUnbondingPeriod = simops.Hours(r, 1, 48)
	p.MaxOffersPerProvider = simops.Uint32(r, 1, 32)
	p.MaxGpuKinds = simops.Uint32(r, 1, 16)
	p.MaxAttributes = simops.Uint32(r, 1, 16)
	p.MaxTextLength = simops.Uint32(r, 128, 256) // a "sha256:" hash has 71 bytes
	p.MinHours = simops.Uint32(r, 1, 2)
	p.MaxHours = simops.Uint32(r, p.MinHours, 48)
	p.MaxBondPayoutsPerBlock = simops.Uint32(r, 1, 100)
	p.MaxJobExpiriesPerBlock = simops.Uint32(r, 1, 100)
	p.MaxJobDuration = simops.Hours(r, 6, 120)
	p.MaxMatchesPerBlock = simops.Uint32(r, 1, 50)
	p.MaxOffersPerMatch = simops.Uint32(r, 1, 16)
	p.ResultGracePeriod = simops.Hours(r, 0, 6)
	p.AttestationPeriod = simops.Hours(r, 3, 24)
	p.CommitteeSize = simops.Uint32(r, 1, 5)
	p.TakeRate = simops.Percent(r, 0, 20)
	p.VerifierShare = simops.Percent(r, 0, 50)
	p.SlashFraction = simops.Percent(r, 0, 20)
	p.MaxLeaseDeadlinesPerBlock = simops.Uint32(r, 1, 100)
	p.CommitPeriod = simops.Hours(r, 1, 2) // under attestation_period's 3h minimum
	p.MinRevealedPowerFraction = simops.Percent(r, 1, 100)
	return p
}
