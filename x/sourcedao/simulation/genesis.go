// Package simulation is x/sourcedao's part of the app simulation: a random
// but valid genesis with a funded mining pool and core developers, the
// operations of every message (plausible ones built from the state,
// hostile and mutated ones, and the authority-only ones from accounts that
// are not the authority) and the proposal messages x/dao proposals carry.
package simulation

import (
	"fmt"
	"math/rand"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// RandomizedGenState writes a random x/sourcedao genesis: random params, up
// to two stages unlocked at genesis, core developers among the simulation
// accounts, and a mining pool funded in the bank genesis (5 to 50 times
// what an account starts with), as a chain's genesis funds it. Without the
// bank genesis the pool stays empty.
func RandomizedGenState(simState *module.SimulationState) {
	r := simState.Rand
	var params types.Params
	simops.GenesisParams(simState, types.ModuleName, &params, func(r *rand.Rand) types.Params {
		return RandomParams(r, simState.BondDenom, simState.InitialStake)
	})
	gs := types.DefaultGenesis()
	gs.Params = params
	// Mostly one or two stages unlocked, so projects have a budget from the
	// start; sometimes none, so only an AdvanceStage proposal opens one.
	if r.Intn(5) != 0 {
		gs.Pool.StagesUnlocked = uint32(min(1+r.Intn(2), len(params.Stages)))
	}
	for _, i := range r.Perm(len(simState.Accounts))[:min(len(simState.Accounts), 1+r.Intn(5))] {
		gs.Developers = append(gs.Developers, types.Developer{Address: simState.Accounts[i].Address.String(), Core: true})
	}
	if err := gs.Validate(); err != nil {
		panic(fmt.Errorf("random x/sourcedao genesis: %w", err))
	}
	fundPool(simState, sdk.NewCoin(params.Denom, simState.InitialStake.MulRaw(int64(5+r.Intn(46)))))
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// fundPool adds the pool's balance and supply to the bank genesis.
func fundPool(simState *module.SimulationState, coin sdk.Coin) {
	bz, ok := simState.GenState[banktypes.ModuleName]
	if !ok || !coin.IsPositive() {
		return
	}
	var bank banktypes.GenesisState
	simState.Cdc.MustUnmarshalJSON(bz, &bank)
	bank.Balances = append(bank.Balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(types.ModuleName).String(), Coins: sdk.NewCoins(coin),
	})
	if !bank.Supply.Empty() {
		bank.Supply = bank.Supply.Add(coin)
	}
	simState.GenState[banktypes.ModuleName] = simState.Cdc.MustMarshalJSON(&bank)
}

// RandomParams returns valid params: the default roadmap, a budget cap of
// 1 to 10 % of the supply, and an important-vote threshold around what an
// account starts with, so some approvals need an important proposal.
func RandomParams(r *rand.Rand, denom string, stake math.Int) types.Params {
	p := types.DefaultParams()
	p.Denom = denom
	p.MaxBudgetFraction = simops.Percent(r, 1, 10)
	p.ImportantBudgetThreshold = simops.Amount(r, stake.MulRaw(2))
	p.DanThreshold = uint64(1 + r.Intn(200))
	p.MaxContributions = simops.Uint32(r, 1, 20)
	p.MaxClaimProjects = simops.Uint32(r, 1, 20)
	p.MaxCoreDevelopers = simops.Uint32(r, 5, 100)
	p.MaxNameLength = simops.Uint32(r, 16, 64)
	p.MaxUriLength = simops.Uint32(r, 64, 512)
	return p
}
