package keeper_test

// Benchmarks that compare x/dao with cosmos-sdk v0.53.8 x/gov on the same
// electorate: every voter holds the same stake (locked in x/dao, bonded to a
// validator in x/gov) and votes yes.
//
//   - BenchmarkEndProposal10kVotes: ending a proposal with 10,000 votes.
//     x/dao keeps the tally as votes arrive, so its EndBlocker reads one
//     proposal; x/gov's Tally walks every vote and the voter's delegations.
//   - BenchmarkVoteGas: the gas of one MsgVote on a proposal with 1,000
//     prior votes. x/dao computes the voter's snapshot power and updates the
//     tally at vote time; x/gov only stores the vote.
//
// Each measured call runs on a fresh cache branch of one committed state, so
// the setup is built once. Run with
//
//	go test -run '^$' -bench 'EndProposal|VoteGas' -benchmem ./x/dao/keeper/

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"cosmossdk.io/collections"
	"cosmossdk.io/log"
	"cosmossdk.io/math"
	"cosmossdk.io/store"
	"cosmossdk.io/store/metrics"
	storetypes "cosmossdk.io/store/types"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdkruntime "github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/testutil"
	"github.com/aitbc/aitbc/x/dao/types"
)

const (
	cmpVoters      = 10_000      // votes on the proposal that is ended
	cmpPriorVotes  = 1_000       // votes cast before the measured MsgVote
	cmpStake       = 1_000_000   // uaitbc locked (x/dao) or bonded (x/gov) per voter
	cmpProposerPow = 200_000_000 // uaitbc the x/dao proposer locks (>= min_proposer_power)
	cmpValidators  = 4           // x/gov validators; voters delegate round-robin
)

// BenchmarkEndProposal10kVotes measures ending a proposal that 10,000
// voters of equal stake voted yes: the x/dao EndBlocker at the voting end
// time, and x/gov's Tally (and its whole EndBlocker) on the same electorate.
// gas/op is what the call would consume on a metered context.
func BenchmarkEndProposal10kVotes(b *testing.B) {
	b.Run("dao", func(b *testing.B) {
		s := newDaoVoteState(b, cmpVoters, cmpVoters)
		f := s.f
		p, err := f.k.GetProposal(f.ctx(), s.id)
		requireNoError(b, err)
		want := math.NewInt(cmpVoters * cmpStake)
		if !p.Tally.Yes.Equal(want) {
			b.Fatalf("dao tally yes = %s before the end, want %s", p.Tally.Yes, want)
		}
		f.now = *p.VotingEndTime
		base := f.ctx()

		runtime.GC() // not the garbage of the setup or of the previous run
		var gas uint64
		for b.Loop() {
			b.StopTimer()
			ctx, _ := base.CacheContext()
			ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
			b.StartTimer()
			err := f.k.EndBlocker(ctx)
			b.StopTimer()
			requireNoError(b, err)
			gas = ctx.GasMeter().GasConsumed()
			ended, err := f.k.GetProposal(ctx, s.id)
			requireNoError(b, err)
			if ended.Status != types.PROPOSAL_STATUS_PASSED {
				b.Fatalf("dao proposal %d is %s after EndBlocker, want PASSED", s.id, ended.Status)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(gas), "gas/op")
	})

	var g *sdkGovState // built once for both x/gov variants
	govState := func(b *testing.B) *sdkGovState {
		if g == nil {
			g = newSDKGovState(b, cmpVoters, cmpVoters)
		}
		g.now = *g.proposal.VotingEndTime
		return g
	}
	wantYes := math.NewInt(cmpVoters * cmpStake).String()

	b.Run("gov", func(b *testing.B) {
		s := govState(b)
		base := s.ctx()
		runtime.GC() // not the garbage of the setup or of the previous run
		var gas uint64
		for b.Loop() {
			b.StopTimer()
			ctx, _ := base.CacheContext()
			ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
			b.StartTimer()
			passes, _, tally, err := s.keeper.Tally(ctx, s.proposal)
			b.StopTimer()
			requireNoError(b, err)
			gas = ctx.GasMeter().GasConsumed()
			if !passes || tally.YesCount != wantYes {
				b.Fatalf("gov tally: passes=%v yes=%s, want passes with yes %s", passes, tally.YesCount, wantYes)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(gas), "gas/op")
	})

	// The whole x/gov EndBlocker: Tally plus the refund of deposits, the
	// (empty) message execution and the status update, as x/dao's does.
	b.Run("gov_endblocker", func(b *testing.B) {
		s := govState(b)
		base := s.ctx()
		runtime.GC() // not the garbage of the setup or of the previous run
		var gas uint64
		for b.Loop() {
			b.StopTimer()
			ctx, _ := base.CacheContext()
			ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
			b.StartTimer()
			err := gov.EndBlocker(ctx, s.keeper)
			b.StopTimer()
			requireNoError(b, err)
			gas = ctx.GasMeter().GasConsumed()
			p, err := s.keeper.Proposals.Get(ctx, s.proposal.Id)
			requireNoError(b, err)
			if p.Status != govv1.StatusPassed || p.FinalTallyResult == nil || p.FinalTallyResult.YesCount != wantYes {
				b.Fatalf("gov proposal %d is %s with tally %v after EndBlocker, want PASSED with yes %s", p.Id, p.Status, p.FinalTallyResult, wantYes)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(gas), "gas/op")
	})
}

// BenchmarkVoteGas measures one first-time MsgVote, and one
// MsgVoteWeighted (0.7 yes, 0.3 no), through each module's msg server on a
// proposal that already has 1,000 votes, with the same voter and stake.
// Only the message handler is metered: no ante handler, signature or tx
// size gas, which are the same for both.
func BenchmarkVoteGas(b *testing.B) {
	split := func() (math.LegacyDec, math.LegacyDec) {
		return math.LegacyNewDecWithPrec(7, 1), math.LegacyNewDecWithPrec(3, 1)
	}
	var dao *daoVoteState // built once for both x/dao variants
	daoBench := func(b *testing.B, call func(ctx sdk.Context, voter sdk.AccAddress, id uint64) (*types.MsgVoteResponse, error)) {
		if dao == nil {
			dao = newDaoVoteState(b, cmpPriorVotes+1, cmpPriorVotes)
			dao.f.now = dao.f.now.Add(5 * time.Second)
		}
		f := dao.f
		voter := dao.voters[cmpPriorVotes]
		base := f.ctx()
		runtime.GC() // not the garbage of the setup or of the previous run
		var gas uint64
		for b.Loop() {
			b.StopTimer()
			ctx, _ := base.CacheContext()
			ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
			b.StartTimer()
			res, err := call(ctx, voter, dao.id)
			b.StopTimer()
			requireNoError(b, err)
			if !res.Weight.Equal(math.NewInt(cmpStake)) {
				b.Fatalf("dao vote weight = %s, want %d", res.Weight, cmpStake)
			}
			gas = ctx.GasMeter().GasConsumed()
			b.StartTimer()
		}
		b.ReportMetric(float64(gas), "gas/op")
	}
	b.Run("dao", func(b *testing.B) {
		daoBench(b, func(ctx sdk.Context, voter sdk.AccAddress, id uint64) (*types.MsgVoteResponse, error) {
			return dao.f.msgs.Vote(ctx, &types.MsgVote{Voter: voter.String(), ProposalId: id, Option: types.VOTE_OPTION_YES})
		})
	})
	b.Run("dao_weighted", func(b *testing.B) {
		yes, no := split()
		daoBench(b, func(ctx sdk.Context, voter sdk.AccAddress, id uint64) (*types.MsgVoteResponse, error) {
			return dao.f.msgs.VoteWeighted(ctx, &types.MsgVoteWeighted{Voter: voter.String(), ProposalId: id, Options: []types.WeightedVoteOption{
				{Option: types.VOTE_OPTION_YES, Weight: yes}, {Option: types.VOTE_OPTION_NO, Weight: no},
			}})
		})
	})

	var gov *sdkGovState // built once for both x/gov variants
	govBench := func(b *testing.B, call func(ctx sdk.Context, voter sdk.AccAddress, id uint64) error) {
		if gov == nil {
			gov = newSDKGovState(b, cmpPriorVotes+1, cmpPriorVotes)
			gov.now = gov.now.Add(5 * time.Second)
		}
		voter := gov.voters[cmpPriorVotes]
		base := gov.ctx()
		runtime.GC() // not the garbage of the setup or of the previous run
		var gas uint64
		for b.Loop() {
			b.StopTimer()
			ctx, _ := base.CacheContext()
			ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
			b.StartTimer()
			err := call(ctx, voter, gov.proposal.Id)
			b.StopTimer()
			requireNoError(b, err)
			gas = ctx.GasMeter().GasConsumed()
			b.StartTimer()
		}
		b.ReportMetric(float64(gas), "gas/op")
	}
	b.Run("gov", func(b *testing.B) {
		govBench(b, func(ctx sdk.Context, voter sdk.AccAddress, id uint64) error {
			_, err := gov.msgs.Vote(ctx, &govv1.MsgVote{Voter: voter.String(), ProposalId: id, Option: govv1.OptionYes})
			return err
		})
	})
	b.Run("gov_weighted", func(b *testing.B) {
		yes, no := split()
		govBench(b, func(ctx sdk.Context, voter sdk.AccAddress, id uint64) error {
			_, err := gov.msgs.VoteWeighted(ctx, &govv1.MsgVoteWeighted{Voter: voter.String(), ProposalId: id, Options: []*govv1.WeightedVoteOption{
				{Option: govv1.OptionYes, Weight: yes.String()}, {Option: govv1.OptionNo, Weight: no.String()},
			}})
			return err
		})
	})
}

// daoVoteState is an x/dao proposal of the standard class in voting, with
// voted of the voters having voted yes, committed.
type daoVoteState struct {
	f      *fixture
	id     uint64
	voters []sdk.AccAddress
}

// newDaoVoteState funds a proposer and n voters, has each voter lock
// cmpStake, waits vesting + window so every power is full, submits a text
// proposal of the standard class with no challenge period (voting at once)
// and has the first voted voters vote yes.
func newDaoVoteState(b *testing.B, n, voted int) *daoVoteState {
	b.Helper()
	start := time.Now()
	f := newFixture(b, n+1)
	proposer, voters := f.addrs[0], f.addrs[1:]

	params := f.params
	found := false
	for i := range params.Classes {
		if params.Classes[i].Name == types.ClassStandard {
			params.Classes[i].ChallengePeriod = 0
			// The benchmarks measure the plain vote and close: with a
			// super_quorum the prior yes votes would end voting early
			// (early.go) and refuse later votes, and a late-quorum window
			// would move the end. Both off here.
			params.Classes[i].SuperQuorum = math.LegacyZeroDec()
			params.Classes[i].LateQuorumWindow = 0
			found = true
		}
	}
	if !found {
		b.Fatalf("no %q class in the default params", types.ClassStandard)
	}
	requireNoError(b, f.k.SetParams(f.ctx(), params))
	f.params = params

	f.lock(proposer, cmpProposerPow)
	for _, a := range voters {
		f.lock(a, cmpStake)
	}
	f.advance(params.Vesting + params.TwasWindow)
	drainVestingQueue(b, f)

	res, err := f.msgs.SubmitProposal(f.ctx(), &types.MsgSubmitProposal{Proposer: proposer.String(), Class: types.ClassStandard, Title: "t", Summary: "s"})
	requireNoError(b, err)
	p, err := f.k.GetProposal(f.ctx(), res.ProposalId)
	requireNoError(b, err)
	if p.Status != types.PROPOSAL_STATUS_VOTING {
		b.Fatalf("dao proposal %d is %s after submission, want VOTING", p.Id, p.Status)
	}

	f.now = f.now.Add(5 * time.Second)
	for _, a := range voters[:voted] {
		_, err := f.msgs.Vote(f.ctx(), &types.MsgVote{Voter: a.String(), ProposalId: p.Id, Option: types.VOTE_OPTION_YES})
		requireNoError(b, err)
	}
	// Commit, so the measured calls read a saved tree as on a chain.
	f.app.NextBlock(b, f.now)
	b.Logf("x/dao setup: %d voters, %d votes, %s", n, voted, time.Since(start).Round(time.Millisecond))
	return &daoVoteState{f: f, id: p.Id, voters: voters}
}

// drainVestingQueue runs BeginBlocker until no vested point is due, so no
// measured call records a backlog (BeginBlocker records at most
// max_vesting_updates_per_block each block).
func drainVestingQueue(b *testing.B, f *fixture) {
	b.Helper()
	for {
		ctx := f.ctx()
		due := false
		err := f.k.VestingQueue.Walk(ctx, collections.NewPrefixUntilPairRange[time.Time, []byte](f.now),
			func(collections.Pair[time.Time, []byte]) (bool, error) {
				due = true
				return true, nil
			})
		requireNoError(b, err)
		if !due {
			return
		}
		requireNoError(b, f.k.BeginBlocker(ctx))
	}
}

// sdkGovState is a standalone cosmos-sdk x/gov with real auth, bank and
// staking keepers on an IAVL multistore (as x/gov's integration tests build
// it): a text proposal in voting, voted
// yes by the first voted voters, each a delegator of cmpStake, committed.
type sdkGovState struct {
	cms      storetypes.CommitMultiStore
	keeper   *govkeeper.Keeper
	msgs     govv1.MsgServer
	voters   []sdk.AccAddress
	proposal govv1.Proposal
	now      time.Time
	height   int64
}

func (s *sdkGovState) ctx() sdk.Context {
	return sdk.NewContext(s.cms, cmtproto.Header{ChainID: testutil.ChainID, Height: s.height, Time: s.now}, false, log.NewNopLogger())
}

// newSDKGovState builds x/gov with n voters, each delegating cmpStake to
// one of cmpValidators bonded validators, submits a text proposal with no
// messages, starts its voting period and has the first voted voters vote
// yes through the msg server.
func newSDKGovState(b *testing.B, n, voted int) *sdkGovState {
	b.Helper()
	start := time.Now()
	logger := log.NewNopLogger()
	keys := storetypes.NewKVStoreKeys(authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey, govtypes.StoreKey)
	// Each store under its own prefix of one DB (integration.CreateMultiStore
	// mounts them all on the bare DB, which cannot be committed).
	cms := store.NewCommitMultiStore(dbm.NewMemDB(), logger, metrics.NewNoOpMetrics())
	for _, key := range keys {
		cms.MountStoreWithDB(key, storetypes.StoreTypeIAVL, nil)
	}
	requireNoError(b, cms.LoadLatestVersion())

	accCodec := addresscodec.NewBech32Codec(app.AccountAddressPrefix)
	valCodec := addresscodec.NewBech32Codec(app.ValidatorAddressPrefix)
	consCodec := addresscodec.NewBech32Codec(app.ConsNodeAddressPrefix)
	registry := codectestutil.CodecOptions{
		AccAddressPrefix: app.AccountAddressPrefix,
		ValAddressPrefix: app.ValidatorAddressPrefix,
	}.NewInterfaceRegistry()
	std.RegisterInterfaces(registry)
	authtypes.RegisterInterfaces(registry)
	banktypes.RegisterInterfaces(registry)
	stakingtypes.RegisterInterfaces(registry)
	govv1.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)

	authority, err := accCodec.BytesToString(authtypes.NewModuleAddress(govtypes.ModuleName))
	requireNoError(b, err)
	perms := map[string][]string{
		minttypes.ModuleName:           {authtypes.Minter},
		stakingtypes.BondedPoolName:    {authtypes.Burner, authtypes.Staking},
		stakingtypes.NotBondedPoolName: {authtypes.Burner, authtypes.Staking},
		govtypes.ModuleName:            {authtypes.Burner},
	}
	accountKeeper := authkeeper.NewAccountKeeper(cdc, sdkruntime.NewKVStoreService(keys[authtypes.StoreKey]),
		authtypes.ProtoBaseAccount, perms, accCodec, app.AccountAddressPrefix, authority)
	bankKeeper := bankkeeper.NewBaseKeeper(cdc, sdkruntime.NewKVStoreService(keys[banktypes.StoreKey]),
		accountKeeper, nil, authority, logger)
	stakingKeeper := stakingkeeper.NewKeeper(cdc, sdkruntime.NewKVStoreService(keys[stakingtypes.StoreKey]),
		accountKeeper, bankKeeper, authority, valCodec, consCodec)
	govKeeper := govkeeper.NewKeeper(cdc, sdkruntime.NewKVStoreService(keys[govtypes.StoreKey]),
		accountKeeper, bankKeeper, stakingKeeper, nil, baseapp.NewMsgServiceRouter(), govtypes.DefaultConfig(), authority)

	addrs := testutil.Addrs(n + 1)
	s := &sdkGovState{
		cms: cms, keeper: govKeeper, msgs: govkeeper.NewMsgServerImpl(govKeeper),
		voters: addrs[1:], now: testutil.GenesisTime, height: 1,
	}
	ctx := s.ctx()
	requireNoError(b, bankKeeper.SetParams(ctx, banktypes.DefaultParams()))
	stakingParams := stakingtypes.DefaultParams()
	stakingParams.BondDenom = denom
	requireNoError(b, stakingKeeper.SetParams(ctx, stakingParams))
	govParams := govv1.DefaultParams()
	requireNoError(b, govKeeper.Params.Set(ctx, govParams))

	// Bonded validators with no self-delegation: all bonded stake is the
	// voters', so the quorum is the share of voters that voted.
	vals := make([][]byte, cmpValidators)
	for i := range vals {
		pk := ed25519.GenPrivKeyFromSecret([]byte(fmt.Sprintf("gov-bench-validator-%d", i))).PubKey()
		vals[i] = pk.Address()
		operator, err := valCodec.BytesToString(vals[i])
		requireNoError(b, err)
		v, err := stakingtypes.NewValidator(operator, pk, stakingtypes.Description{Moniker: operator})
		requireNoError(b, err)
		v.Status = stakingtypes.Bonded
		requireNoError(b, stakingKeeper.SetValidator(ctx, v))
		requireNoError(b, stakingKeeper.SetValidatorByPowerIndex(ctx, v))
	}
	requireNoError(b, bankKeeper.MintCoins(ctx, minttypes.ModuleName, sdk.NewCoins(sdk.NewInt64Coin(denom, int64(n)*cmpStake))))
	for i, a := range s.voters {
		requireNoError(b, bankKeeper.SendCoinsFromModuleToAccount(ctx, minttypes.ModuleName, a, sdk.NewCoins(sdk.NewInt64Coin(denom, cmpStake))))
		v, err := stakingKeeper.GetValidator(ctx, vals[i%cmpValidators])
		requireNoError(b, err)
		_, err = stakingKeeper.Delegate(ctx, a, math.NewInt(cmpStake), stakingtypes.Unbonded, v, true)
		requireNoError(b, err)
	}
	bonded, err := stakingKeeper.TotalBondedTokens(ctx)
	requireNoError(b, err)
	if !bonded.Equal(math.NewInt(int64(n) * cmpStake)) {
		b.Fatalf("gov setup: %s bonded, want %d", bonded, int64(n)*cmpStake)
	}

	p, err := govKeeper.SubmitProposal(ctx, nil, "", "t", "s", addrs[0], false)
	requireNoError(b, err)
	requireNoError(b, govKeeper.ActivateVotingPeriod(ctx, p))
	s.now = s.now.Add(5 * time.Second)
	for _, a := range s.voters[:voted] {
		_, err := s.msgs.Vote(s.ctx(), &govv1.MsgVote{Voter: a.String(), ProposalId: p.Id, Option: govv1.OptionYes})
		requireNoError(b, err)
	}
	s.proposal, err = govKeeper.Proposals.Get(s.ctx(), p.Id)
	requireNoError(b, err)
	if s.proposal.Status != govv1.StatusVotingPeriod || s.proposal.VotingEndTime == nil {
		b.Fatalf("gov proposal %d is %s, want in voting period", p.Id, s.proposal.Status)
	}

	// Commit, so the measured calls read a saved tree as on a chain.
	cms.Commit()
	s.height++
	b.Logf("x/gov setup: %d voters, %d votes, %s", n, voted, time.Since(start).Round(time.Millisecond))
	return s
}
