// Package simulation is x/dao's part of the app simulation: a random but
// valid genesis, the operations of every message (plausible ones built from
// the state, hostile ones, and authority-only ones from accounts that are
// not the authority) and the proposal messages other modules' operations
// may carry.
package simulation

import (
	"fmt"
	"math/rand"
	"time"

	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/dao/types"
)

// RandomizedGenState writes a random x/dao genesis: params whose periods
// are hours (a simulated block is 1.4 to 2.8 hours) so proposals go from
// submission to execution within a run, small per-block bounds so the
// queues carry work over to later blocks, a committee of simulation
// accounts and a constitution. No locks: the vote escrow starts empty, as
// its balance must match them.
func RandomizedGenState(simState *module.SimulationState) {
	var params types.Params
	simops.GenesisParams(simState, types.ModuleName, &params, func(r *rand.Rand) types.Params {
		return RandomParams(r, simState.BondDenom)
	})
	gs := types.DefaultGenesis()
	gs.Params = params
	r := simState.Rand
	if len(simState.Accounts) >= 4 && r.Intn(10) < 8 {
		gs.Committee = randomCommittee(r, simState.Accounts, simState.GenTimestamp.Add(params.CommitteeTerm))
	}
	gs.Constitution = simtypes.RandStringOfLength(r, 1+r.Intn(200))
	if err := gs.Validate(); err != nil {
		panic(fmt.Errorf("random x/dao genesis: %w", err))
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams returns valid params drawn around the defaults.
func RandomParams(r *rand.Rand, denom string) types.Params {
	p := types.DefaultParams()
	p.LockDenom = denom
	p.Vesting = simops.Hours(r, 0, 12)
	p.TwasWindow = simops.Hours(r, 1, 24)
	p.MaxPowerFraction = simops.Percent(r, 5, 100)
	p.MaxUnlocksPerBlock = simops.Uint32(r, 1, 100)
	p.MaxVestingUpdatesPerBlock = simops.Uint32(r, 1, 1000)
	p.MaxUnlockEntries = simops.Uint32(r, 1, 16)
	p.MaxProposalsPerBlock = simops.Uint32(r, 1, 100)
	p.MaxConstitutionLength = simops.Uint32(r, 1024, 8192)
	p.CommitteeTerm = simops.Hours(r, 24, 30*24)
	p.ChallengeBond = sdk.NewCoin(denom, simops.Tokens(r, 1, 100))
	p.ElectorateGroupsEnabled = r.Intn(5) == 0
	longest := time.Duration(0)
	for i := range p.Classes {
		c := &p.Classes[i]
		c.MinVotingPeriod = simops.Hours(r, 1, 6)
		c.DefaultVotingPeriod = c.MinVotingPeriod + simops.Hours(r, 0, 12)
		c.MaxVotingPeriod = c.DefaultVotingPeriod + simops.Hours(r, 0, 24)
		if c.ChallengePeriod > 0 {
			c.ChallengePeriod = simops.Hours(r, 0, 6)
		}
		if c.ExecutionDelay > 0 {
			c.ExecutionDelay = simops.Hours(r, 0, 6)
		}
		c.Quorum = simops.Percent(r, 1, 20)
		// Late quorum inside the shortest period; super-quorum off or in
		// [quorum, 1].
		c.LateQuorumWindow = time.Duration(r.Int63n(int64(c.MinVotingPeriod) + 1))
		c.LateQuorumExtension = time.Duration(r.Int63n(int64(c.MaxVotingPeriod) + 1))
		c.SuperQuorum = math.LegacyZeroDec()
		if r.Intn(2) == 0 {
			c.SuperQuorum = c.Quorum.Add(simops.Percent(r, 0, 80))
		}
		c.Bond = sdk.NewCoin(denom, simops.Tokens(r, 0, 100))
		c.MinProposerPower = simops.Tokens(r, 0, 50)
		longest = max(longest, c.MaxVotingPeriod)
	}
	// Tokens may not leave the escrow while a vote they weighed in is open.
	p.UnlockPeriod = longest + simops.Hours(r, 0, 24)
	// Ended proposals' votes pruned within a run (0 keeps them), a few
	// records a block so the prune queue carries over.
	p.VoteRetention = simops.Hours(r, 0, 24)
	p.MaxPrunesPerBlock = simops.Uint32(r, 1, 20)
	// Health buckets of hours, few of them kept, so runs open and prune
	// buckets; taken from draws made above, so no draw is added and the
	// random stream of every seed stays as it was.
	p.HealthWindow, p.HealthBuckets = p.TwasWindow, p.MaxUnlockEntries
	return p
}

// randomCommittee seats 3 or 5 distinct accounts with 1 to 3 alternates.
func randomCommittee(r *rand.Rand, accounts []simtypes.Account, termEnd time.Time) types.Committee {
	size := 3 + 2*r.Intn(2)
	alternates := 1 + r.Intn(3)
	order := r.Perm(len(accounts))
	n := min(size+alternates, len(accounts))
	if n < types.MinCommitteeSize+types.MinAlternates {
		return types.Committee{}
	}
	size = min(size, n-1)
	if size%2 == 0 {
		size--
	}
	var c types.Committee
	for i, idx := range order[:n] {
		addr := accounts[idx].Address.String()
		if i < size {
			c.Members = append(c.Members, types.Member{Address: addr, TermEnd: termEnd})
		} else if len(c.Alternates) < types.MaxAlternates {
			c.Alternates = append(c.Alternates, addr)
		}
	}
	return c
}
