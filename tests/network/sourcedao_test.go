package network_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/testutil/network"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	sdtypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

// sourcedaoVoting is the voting period of the test's proposals: long enough
// for three votes broadcast together to land.
const sourcedaoVoting = 4 * time.Second

var sourcedaoAddr = authtypes.NewModuleAddress(sdtypes.ModuleName)

// TestSourcedaoDevelopmentMining runs development as mining on a
// three-validator network whose validators are the x/dao committee and the
// sourcedao pool holds 10,000,000 AITBC: a major proposal advances the
// roadmap to PoC, a routine one names val0 a core developer, val0 creates a
// project, the committee approves its creation (bound to its digest), val0
// submits an excellent acceptance crediting the three validators, the
// committee approves it, and each validator claims exactly
// floor(budget × 1.2 × value / total); a repeat claim fails with
// ErrAlreadyClaimed. The pool invariant is checked through queries after
// each step.
func TestSourcedaoDevelopmentMining(t *testing.T) {
	if testing.Short() {
		t.Skip("in-process network")
	}
	pool := daotypes.AITBC(10_000_000)
	cfg := network.DefaultConfig(3)
	cfg.TimeoutCommit = blockTime
	cfg.StakingTokens = daotypes.AITBC(10_000)
	dao := fastDaoGenesis(t)
	network.SetGenesisState(t, &cfg, banktypes.ModuleName, &banktypes.GenesisState{
		Params:   banktypes.DefaultParams(),
		Balances: []banktypes.Balance{{Address: sourcedaoAddr.String(), Coins: sdk.NewCoins(sdk.NewCoin(denom, pool))}},
	})
	// The committee must be in genesis: give the validators fixed mnemonics
	// and derive their addresses the way the network will.
	members := fixedValidatorKeys(t, &cfg)
	dao.Committee = daotypes.Committee{Alternates: []string{sdk.AccAddress("sourcedao-alternate_").String()}}
	termEnd := time.Now().Add(365 * 24 * time.Hour)
	for _, m := range members {
		dao.Committee.Members = append(dao.Committee.Members, daotypes.Member{Address: m, TermEnd: termEnd})
	}
	require.NoError(t, dao.Validate())
	network.SetGenesisState(t, &cfg, daotypes.ModuleName, dao)

	net := network.New(t, cfg)
	val0, val1, val2 := net.Validators[0], net.Validators[1], net.Validators[2]
	for i, v := range net.Validators {
		require.Equal(t, members[i], v.Address.String(), "the committee is the validators")
	}
	cctx := val0.ClientCtx
	ctx := context.Background()
	d := &daoNet{net: net, daoQ: daotypes.NewQueryClient(cctx), bankQ: banktypes.NewQueryClient(cctx), locked: map[string]math.Int{}, openBonds: math.ZeroInt()}
	q := sdtypes.NewQueryClient(cctx)
	authority := daoAddr.String()

	poolOf := func() *sdtypes.QueryPoolResponse {
		res, err := q.Pool(ctx, &sdtypes.QueryPoolRequest{})
		require.NoError(t, err)
		return res
	}
	// checkPool asserts the invariant through queries: the module balance
	// equals locked + releasable + reserved + claimable, and the total is
	// that plus paid.
	checkPool := func(step string) sdtypes.Pool {
		res := poolOf()
		p := res.Pool
		held := p.Locked.Add(p.Releasable).Add(p.Reserved).Add(p.Claimable)
		require.Truef(t, d.balance(t, sourcedaoAddr).Equal(held), "%s: pool balance %s != held %s", step, d.balance(t, sourcedaoAddr), held)
		require.Truef(t, res.Balance.Equal(held), "%s: reported balance %s", step, res.Balance)
		require.Truef(t, p.Total.Equal(held.Add(p.Paid)), "%s: total %s != held %s + paid %s", step, p.Total, held, p.Paid)
		require.Truef(t, p.Total.Equal(pool), "%s: total %s", step, p.Total)
		return p
	}
	project := func(id uint64) sdtypes.Project {
		res, err := q.Project(ctx, &sdtypes.QueryProjectRequest{ProjectId: id})
		require.NoError(t, err)
		return res.Project
	}
	// propose submits a proposal with the short voting period, has every
	// validator vote yes and waits for its execution.
	propose := func(proposer *network.Validator, class string, msgs ...sdk.Msg) []daotypes.Proposal {
		t.Helper()
		msg := submitMsg(t, proposer, class, msgs...)
		msg.VotingPeriod = sourcedaoVoting
		res := mustSendTx(t, net, proposer, msg)
		var out daotypes.MsgSubmitProposalResponse
		msgResponse(t, net, res, 0, &out)
		d.openBonds = d.openBonds.Add(bond)
		d.voteYes(t, out.ProposalId)
		p := d.awaitDecision(t, out.ProposalId)
		require.Equalf(t, daotypes.PROPOSAL_STATUS_EXECUTED, p.Status, "proposal %d (%s): %s", p.Id, class, p.Result)
		return []daotypes.Proposal{p}
	}
	require.Truef(t, poolOf().Pool.Locked.Equal(pool), "the pool starts locked")
	checkPool("genesis")

	const (
		budget = 1_000_000_007 // 1,000.000007 AITBC
		payout = 1_200_000_008 // floor(1.2 × budget)
	)
	values := map[*network.Validator]uint64{val0: 5, val1: 3, val2: 2}
	want := map[*network.Validator]int64{val0: 600_000_004, val1: 360_000_002, val2: 240_000_001} // floor(payout × v / 10)
	var projectID uint64
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"validators lock for voting power", func(t *testing.T) {
			d.lock(t, map[*network.Validator]math.Int{val0: daotypes.AITBC(2000), val1: daotypes.AITBC(2000), val2: daotypes.AITBC(2000)})
		}},
		{"a major proposal advances the roadmap; a routine one names the core developer", func(t *testing.T) {
			// Stage advances are major: a routine proposal cannot carry one.
			res := sendTx(t, net, val1, submitMsg(t, val1, daotypes.ClassRoutine, &sdtypes.MsgAdvanceStage{Authority: authority}))
			requireTxError(t, res, daotypes.ModuleName, daotypes.ErrMessageNotAllowed.ABCICode())

			propose(val0, daotypes.ClassMajor, &sdtypes.MsgAdvanceStage{Authority: authority})
			stages, err := q.Stages(ctx, &sdtypes.QueryStagesRequest{})
			require.NoError(t, err)
			require.Equal(t, uint32(1), stages.StagesUnlocked)
			require.Equal(t, "PoC", stages.Stages[0].Name)
			p := checkPool("stage advanced")
			require.True(t, p.Releasable.Equal(pool.QuoRaw(10)), "PoC unlocks 10 %%: %s", p.Releasable)

			propose(val1, daotypes.ClassRoutine, &sdtypes.MsgSetCoreDevelopers{Authority: authority, Developers: []string{val0.Address.String()}})
			dev, err := q.Developer(ctx, &sdtypes.QueryDeveloperRequest{Address: val0.Address.String()})
			require.NoError(t, err)
			require.True(t, dev.Developer.Core)
		}},
		{"a core developer creates a project and the committee approves it", func(t *testing.T) {
			res := sendTx(t, net, val1, &sdtypes.MsgCreateProject{
				Manager: val1.Address.String(), Name: "indexer", Version: 1, Budget: math.NewInt(budget),
				StartTime: time.Now(), EndTime: time.Now().Add(time.Hour),
			})
			requireTxError(t, res, sdtypes.ModuleName, sdtypes.ErrNotCoreDeveloper.ABCICode())

			res = mustSendTx(t, net, val0, &sdtypes.MsgCreateProject{
				Manager: val0.Address.String(), Name: "indexer", Version: 1, Budget: math.NewInt(budget),
				StartTime: time.Now(), EndTime: time.Now().Add(time.Hour), DescriptionUri: "https://example.org/indexer",
			})
			var out sdtypes.MsgCreateProjectResponse
			msgResponse(t, net, res, 0, &out)
			projectID = out.ProjectId
			p := project(projectID)
			require.Equal(t, sdtypes.PROJECT_STATE_PREPARING, p.State)
			require.Equal(t, out.CreationDigest, p.CreationDigest)

			props := propose(val1, daotypes.ClassRoutine, &sdtypes.MsgApproveProject{
				Authority: authority, ProjectId: projectID, Phase: sdtypes.APPROVAL_PHASE_CREATION, Approve: true, Digest: p.CreationDigest,
			})
			p = project(projectID)
			require.Equal(t, sdtypes.PROJECT_STATE_DEVELOPING, p.State)
			require.Equal(t, props[0].Id, p.CreationProposal)
			pl := checkPool("creation approved")
			require.True(t, pl.Reserved.Equal(math.NewInt(budget)), "reserved %s", pl.Reserved)
		}},
		{"the manager submits an excellent acceptance and the committee approves it", func(t *testing.T) {
			var cs []sdtypes.Contribution
			for _, v := range []*network.Validator{val2, val0, val1} {
				cs = append(cs, sdtypes.Contribution{Address: v.Address.String(), Value: values[v]})
			}
			res := mustSendTx(t, net, val0, &sdtypes.MsgSubmitAcceptance{
				Manager: val0.Address.String(), ProjectId: projectID, Level: sdtypes.ACCEPTANCE_LEVEL_EXCELLENT, Contributions: cs,
			})
			var out sdtypes.MsgSubmitAcceptanceResponse
			msgResponse(t, net, res, 0, &out)
			p := project(projectID)
			require.Equal(t, sdtypes.PROJECT_STATE_ACCEPTING, p.State)
			require.Equal(t, out.Digest, p.Acceptance.Digest)
			before := checkPool("acceptance submitted")

			propose(val2, daotypes.ClassRoutine, &sdtypes.MsgApproveProject{
				Authority: authority, ProjectId: projectID, Phase: sdtypes.APPROVAL_PHASE_ACCEPTANCE, Approve: true, Digest: p.Acceptance.Digest,
			})
			p = project(projectID)
			require.Equal(t, sdtypes.PROJECT_STATE_FINISHED, p.State)
			require.Equal(t, fmt.Sprint(payout), p.Payout.String())
			after := checkPool("acceptance approved")
			require.True(t, after.Reserved.IsZero())
			require.Equal(t, fmt.Sprint(payout-1), after.Claimable.String(), "three floor shares, remainder 1")
			// releasable pays the 0.2 bonus and gets the remainder back.
			require.Equal(t, before.Releasable.SubRaw(payout-budget).AddRaw(1).String(), after.Releasable.String())

			// The same through REST.
			var rp sdtypes.QueryProjectResponse
			getJSON(t, cctx.Codec.UnmarshalJSON, fmt.Sprintf("%s/aitbc/sourcedao/v1/projects/%d", val0.APIAddress, projectID), &rp)
			require.Equal(t, sdtypes.PROJECT_STATE_FINISHED, rp.Project.State)
			var rc sdtypes.QueryClaimableResponse
			getJSON(t, cctx.Codec.UnmarshalJSON, fmt.Sprintf("%s/aitbc/sourcedao/v1/claimable/%s", val0.APIAddress, val1.Address), &rc)
			require.Equal(t, fmt.Sprint(want[val1]), rc.Total.String())
		}},
		{"three contributors claim exactly their share, once", func(t *testing.T) {
			hashes := map[*network.Validator]string{}
			before := map[*network.Validator]math.Int{}
			for _, v := range net.Validators {
				before[v] = d.balance(t, v.Address)
				res := broadcastTx(t, net, v, &sdtypes.MsgClaimRewards{Claimant: v.Address.String(), ProjectIds: []uint64{projectID}})
				requireTxOK(t, res)
				hashes[v] = res.TxHash
			}
			for v, h := range hashes {
				res := waitForTx(t, net, h)
				requireTxOK(t, res)
				var out sdtypes.MsgClaimRewardsResponse
				msgResponse(t, net, res, 0, &out)
				require.Equal(t, fmt.Sprint(want[v]), out.Amount.String(), v.Moniker)
				require.Equal(t, before[v].AddRaw(want[v]).String(), d.balance(t, v.Address).String(), "%s is paid exactly its share (no fees)", v.Moniker)
			}
			p := checkPool("claimed")
			require.True(t, p.Claimable.IsZero())
			require.Equal(t, fmt.Sprint(payout-1), p.Paid.String())

			res := sendTx(t, net, val1, &sdtypes.MsgClaimRewards{Claimant: val1.Address.String(), ProjectIds: []uint64{projectID}})
			requireTxError(t, res, sdtypes.ModuleName, sdtypes.ErrAlreadyClaimed.ABCICode())
			checkPool("repeat claim refused")
		}},
	}
	for _, step := range steps {
		if !t.Run(step.name, step.run) {
			t.FailNow()
		}
	}
}

// fixedValidatorKeys draws the validators' mnemonics before the network
// starts (cfg.Mnemonics) and returns their account addresses, so genesis
// can name them.
func fixedValidatorKeys(t *testing.T, cfg *network.Config) []string {
	t.Helper()
	kb := keyring.NewInMemory(cfg.Codec)
	out := make([]string, cfg.NumValidators)
	cfg.Mnemonics = make([]string, cfg.NumValidators)
	for i := range out {
		rec, mnemonic, err := kb.NewMnemonic(fmt.Sprintf("v%d", i), keyring.English, sdk.GetConfig().GetFullBIP44Path(), keyring.DefaultBIP39Passphrase, hd.Secp256k1)
		require.NoError(t, err)
		cfg.Mnemonics[i] = mnemonic
		addr, err := rec.GetAddress()
		require.NoError(t, err)
		out[i] = addr.String()
	}
	return out
}
