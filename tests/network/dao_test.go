package network_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"cosmossdk.io/math"
	upgradetypes "cosmossdk.io/x/upgrade/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/testutil/network"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

// Shortened governance clock of the test network.
const (
	blockTime      = time.Second
	votingPeriod   = 8 * time.Second // default of every class; votes land within 2 blocks
	executionDelay = 2 * time.Second // timelock of the classes that have one
	denom          = daotypes.DefaultLockDenom
)

var (
	daoAddr    = authtypes.NewModuleAddress(daotypes.ModuleName)
	escrowAddr = authtypes.NewModuleAddress(daotypes.VoteEscrowName)
	bondsAddr  = authtypes.NewModuleAddress(daotypes.BondsName)
	bond       = daotypes.AITBC(1000) // the default class bond, kept
)

// fastDaoGenesis is the default x/dao genesis on a clock a test can wait
// for: no vesting, a 1 s averaging window (a lock has full power a second
// later), no challenge period, voting periods of seconds and a 2 s
// timelock. One vote may weigh half of the total, so the two validators
// can reach the 30 % quorum of important proposals. Bonds and minimum
// proposer power stay at their defaults (1,000 and 100 AITBC).
func fastDaoGenesis(t *testing.T) *daotypes.GenesisState {
	t.Helper()
	gs := daotypes.DefaultGenesis()
	p := &gs.Params
	p.Vesting = 0
	p.TwasWindow = time.Second
	p.UnlockPeriod = time.Minute // >= every class's max voting period
	p.MaxPowerFraction = math.LegacyNewDecWithPrec(5, 1)
	for i := range p.Classes {
		c := &p.Classes[i]
		c.ChallengePeriod = 0
		c.MinVotingPeriod, c.DefaultVotingPeriod, c.MaxVotingPeriod = 2*time.Second, votingPeriod, 20*time.Second
		// Plain voting to the deadline: no late-quorum extension, no
		// super-quorum end (two validators of equal power would reach it).
		c.LateQuorumWindow, c.LateQuorumExtension, c.SuperQuorum = 0, 0, math.LegacyZeroDec()
		if c.ExecutionDelay > 0 {
			c.ExecutionDelay = executionDelay
		}
	}
	require.NoError(t, gs.Validate())
	return gs
}

// daoNet is a running network with what the test has put into x/dao, to
// check the module accounts against.
type daoNet struct {
	net       *network.Network
	daoQ      daotypes.QueryClient
	bankQ     banktypes.QueryClient
	locked    map[string]math.Int // owner -> tokens it locked in this test
	openBonds math.Int            // bonds of proposals not yet decided
}

func newDaoNet(t *testing.T) *daoNet {
	t.Helper()
	cfg := network.DefaultConfig(2)
	cfg.TimeoutCommit = blockTime
	// 10,000 AITBC each, 100 AITBC of it staked: enough to lock and to pay
	// the 1,000 AITBC proposal bond.
	cfg.StakingTokens = daotypes.AITBC(10_000)
	network.SetGenesisState(t, &cfg, daotypes.ModuleName, fastDaoGenesis(t))
	net := network.New(t, cfg)
	cctx := net.Validators[0].ClientCtx
	return &daoNet{
		net:       net,
		daoQ:      daotypes.NewQueryClient(cctx),
		bankQ:     banktypes.NewQueryClient(cctx),
		locked:    map[string]math.Int{},
		openBonds: math.ZeroInt(),
	}
}

func (d *daoNet) balance(t *testing.T, addr sdk.AccAddress) math.Int {
	t.Helper()
	res, err := d.bankQ.Balance(context.Background(), &banktypes.QueryBalanceRequest{Address: addr.String(), Denom: denom})
	require.NoError(t, err)
	return res.Balance.Amount
}

// checkInvariants: the dao_vote_escrow balance equals the sum of the locks
// made (and each lock is as queried); the dao_bonds balance equals the
// bonds of the undecided proposals.
func (d *daoNet) checkInvariants(t *testing.T, step string) {
	t.Helper()
	sum := math.ZeroInt()
	for owner, amount := range d.locked {
		sum = sum.Add(amount)
		res, err := d.daoQ.Lock(context.Background(), &daotypes.QueryLockRequest{Owner: owner})
		require.NoError(t, err)
		require.Truef(t, res.Lock.Amount.Equal(amount), "%s: lock of %s is %s, locked %s", step, owner, res.Lock.Amount, amount)
	}
	escrow, bonds := d.balance(t, escrowAddr), d.balance(t, bondsAddr)
	require.Truef(t, escrow.Equal(sum), "%s: dao_vote_escrow holds %s, the locks add up to %s", step, escrow, sum)
	require.Truef(t, bonds.Equal(d.openBonds), "%s: dao_bonds holds %s, open bonds %s", step, bonds, d.openBonds)
}

// lock locks the amounts, all in one block, and waits until every lock
// has full voting power.
func (d *daoNet) lock(t *testing.T, amounts map[*network.Validator]math.Int) {
	t.Helper()
	hashes := map[*network.Validator]string{}
	for val, amount := range amounts {
		res := broadcastTx(t, d.net, val, &daotypes.MsgLock{Owner: val.Address.String(), Amount: sdk.NewCoin(denom, amount)})
		requireTxOK(t, res)
		hashes[val] = res.TxHash
	}
	for val, hash := range hashes {
		res := waitForTx(t, d.net, hash)
		requireTxOK(t, res)
		owner := val.Address.String()
		if _, ok := d.locked[owner]; !ok {
			d.locked[owner] = math.ZeroInt()
		}
		d.locked[owner] = d.locked[owner].Add(amounts[val])
		var out daotypes.MsgLockResponse
		msgResponse(t, d.net, res, 0, &out)
		require.True(t, out.Locked.Equal(d.locked[owner]), "MsgLock reports %s locked, want %s", out.Locked, d.locked[owner])
	}
	waitUntil(t, 15*time.Second, func() (bool, string) {
		for owner, amount := range d.locked {
			res, err := d.daoQ.VotingPower(context.Background(), &daotypes.QueryVotingPowerRequest{Address: owner})
			require.NoError(t, err)
			if !res.Power.Equal(amount) {
				return false, fmt.Sprintf("%s has power %s of %s locked", owner, res.Power, amount)
			}
		}
		return true, ""
	})
}

// submit submits a proposal, checks that the proposer paid the bond into
// dao_bonds and that voting opened at once, and returns the proposal.
func (d *daoNet) submit(t *testing.T, proposer *network.Validator, class string, msgs ...sdk.Msg) daotypes.Proposal {
	t.Helper()
	before := d.balance(t, proposer.Address)
	res := mustSendTx(t, d.net, proposer, submitMsg(t, proposer, class, msgs...))
	var out daotypes.MsgSubmitProposalResponse
	msgResponse(t, d.net, res, 0, &out)
	d.openBonds = d.openBonds.Add(bond)
	require.True(t, d.balance(t, proposer.Address).Equal(before.Sub(bond)), "the proposer pays the %s bond", bond)
	p := proposal(t, d.daoQ, out.ProposalId)
	require.Equal(t, daotypes.PROPOSAL_STATUS_VOTING, p.Status, "no challenge period: voting opens at submission")
	require.Equal(t, class, p.Class)
	require.True(t, p.Bond.Amount.Equal(bond), "bond %s", p.Bond)
	return p
}

// voteYes has every validator vote yes, in one block, and returns the
// weights counted.
func (d *daoNet) voteYes(t *testing.T, id uint64) map[*network.Validator]math.Int {
	t.Helper()
	hashes := map[*network.Validator]string{}
	for _, val := range d.net.Validators {
		res := broadcastTx(t, d.net, val, &daotypes.MsgVote{Voter: val.Address.String(), ProposalId: id, Option: daotypes.VOTE_OPTION_YES})
		requireTxOK(t, res)
		hashes[val] = res.TxHash
	}
	weights := map[*network.Validator]math.Int{}
	for val, hash := range hashes {
		res := waitForTx(t, d.net, hash)
		requireTxOK(t, res)
		var out daotypes.MsgVoteResponse
		msgResponse(t, d.net, res, 0, &out)
		weights[val] = out.Weight
	}
	return weights
}

// awaitDecision waits until the proposal is past voting and its timelock
// and returns it; its bond is settled by then.
func (d *daoNet) awaitDecision(t *testing.T, id uint64) daotypes.Proposal {
	t.Helper()
	var p daotypes.Proposal
	waitUntil(t, votingPeriod+executionDelay+20*time.Second, func() (bool, string) {
		p = proposal(t, d.daoQ, id)
		switch p.Status {
		case daotypes.PROPOSAL_STATUS_CHALLENGE, daotypes.PROPOSAL_STATUS_VOTING, daotypes.PROPOSAL_STATUS_PASSED:
			return false, fmt.Sprintf("proposal %d is %s", id, p.Status)
		}
		return true, ""
	})
	d.openBonds = d.openBonds.Sub(p.Bond.Amount)
	return p
}

// TestDaoGovernsTheChain runs x/dao governance on a two-validator network
// with real transactions: the validators lock tokens, a standard proposal
// changes the staking params, an important proposal schedules a software
// upgrade, and proposals carrying messages their class or signer does not
// allow are refused. After each step the vote escrow holds exactly the
// tokens locked and the bonds account exactly the open proposals' bonds.
// The steps build on each other, so the first failure stops the test.
func TestDaoGovernsTheChain(t *testing.T) {
	if testing.Short() {
		t.Skip("in-process network")
	}
	d := newDaoNet(t)
	val0, val1 := d.net.Validators[0], d.net.Validators[1]
	cctx := val0.ClientCtx
	ctx := context.Background()
	d.checkInvariants(t, "genesis")

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"lock", func(t *testing.T) {
			d.lock(t, map[*network.Validator]math.Int{val0: daotypes.AITBC(2000), val1: daotypes.AITBC(1000)})
			total, err := d.daoQ.TotalPower(ctx, &daotypes.QueryTotalPowerRequest{})
			require.NoError(t, err)
			require.True(t, total.Power.Equal(daotypes.AITBC(3000)), "total power %s", total.Power)
			d.checkInvariants(t, "lock")
		}},

		{"standard proposal changes the staking params", func(t *testing.T) {
			stakingQ := stakingtypes.NewQueryClient(cctx)
			current, err := stakingQ.Params(ctx, &stakingtypes.QueryParamsRequest{})
			require.NoError(t, err)
			require.Equal(t, uint32(100), current.Params.MaxValidators)
			next := current.Params
			next.MaxValidators = 50
			proposerBalance := d.balance(t, val0.Address)

			p := d.submit(t, val0, daotypes.ClassStandard, &stakingtypes.MsgUpdateParams{Authority: daoAddr.String(), Params: next})
			require.True(t, p.SnapshotTotalPower.Equal(daotypes.AITBC(3000)), "snapshot total %s", p.SnapshotTotalPower)
			require.True(t, p.PowerCap.Equal(daotypes.AITBC(1500)), "power cap %s", p.PowerCap)
			d.checkInvariants(t, "standard proposal submitted")

			weights := d.voteYes(t, p.Id)
			require.True(t, weights[val0].Equal(daotypes.AITBC(1500)), "val0 votes 2000 AITBC capped at half the total, got %s", weights[val0])
			require.True(t, weights[val1].Equal(daotypes.AITBC(1000)), "val1 weight %s", weights[val1])
			tally, err := d.daoQ.Tally(ctx, &daotypes.QueryTallyRequest{ProposalId: p.Id})
			require.NoError(t, err)
			require.True(t, tally.Tally.Yes.Equal(daotypes.AITBC(2500)), "yes %s", tally.Tally.Yes)
			require.Equal(t, daotypes.PROPOSAL_STATUS_PASSED, tally.StatusIfEndedNow)
			still, err := stakingQ.Params(ctx, &stakingtypes.QueryParamsRequest{})
			require.NoError(t, err)
			require.Equal(t, uint32(100), still.Params.MaxValidators, "params change only on execution")

			p = d.awaitDecision(t, p.Id)
			require.Equalf(t, daotypes.PROPOSAL_STATUS_EXECUTED, p.Status, "result: %s", p.Result)
			require.NotNil(t, p.ExecutionTime)
			require.Equal(t, p.VotingEndTime.Add(executionDelay), *p.ExecutionTime, "timelock of the standard class")

			after, err := stakingQ.Params(ctx, &stakingtypes.QueryParamsRequest{})
			require.NoError(t, err)
			require.Equal(t, uint32(50), after.Params.MaxValidators)
			require.True(t, next.Equal(after.Params), "only max_validators changed: %v", after.Params)

			// The same through REST.
			var rp daotypes.QueryProposalResponse
			getJSON(t, cctx.Codec.UnmarshalJSON, fmt.Sprintf("%s/aitbc/dao/v1/proposals/%d", val0.APIAddress, p.Id), &rp)
			require.Equal(t, daotypes.PROPOSAL_STATUS_EXECUTED, rp.Proposal.Status)
			var rs stakingtypes.QueryParamsResponse
			getJSON(t, cctx.Codec.UnmarshalJSON, val0.APIAddress+"/cosmos/staking/v1beta1/params", &rs)
			require.Equal(t, uint32(50), rs.Params.MaxValidators)

			require.True(t, d.balance(t, val0.Address).Equal(proposerBalance), "the bond is returned")
			d.checkInvariants(t, "standard proposal executed")
		}},

		{"important proposal schedules a software upgrade", func(t *testing.T) {
			d.lock(t, map[*network.Validator]math.Int{val1: daotypes.AITBC(500)}) // val1: 1,500; total 3,500
			d.checkInvariants(t, "second lock")

			height, err := d.net.LatestHeight()
			require.NoError(t, err)
			plan := upgradetypes.Plan{Name: "v2", Height: height + 200}
			p := d.submit(t, val1, daotypes.ClassImportant, &upgradetypes.MsgSoftwareUpgrade{Authority: daoAddr.String(), Plan: plan})
			require.True(t, p.SnapshotTotalPower.Equal(daotypes.AITBC(3500)), "snapshot total %s", p.SnapshotTotalPower)
			d.checkInvariants(t, "important proposal submitted")

			weights := d.voteYes(t, p.Id)
			require.True(t, weights[val0].Equal(daotypes.AITBC(1750)), "val0 weight %s", weights[val0])
			require.True(t, weights[val1].Equal(daotypes.AITBC(1500)), "val1 weight %s", weights[val1])

			upgradeQ := upgradetypes.NewQueryClient(cctx)
			none, err := upgradeQ.CurrentPlan(ctx, &upgradetypes.QueryCurrentPlanRequest{})
			require.NoError(t, err)
			require.Nil(t, none.Plan, "no plan before execution")

			p = d.awaitDecision(t, p.Id)
			require.Equalf(t, daotypes.PROPOSAL_STATUS_EXECUTED, p.Status, "result: %s", p.Result)
			cur, err := upgradeQ.CurrentPlan(ctx, &upgradetypes.QueryCurrentPlanRequest{})
			require.NoError(t, err)
			require.NotNil(t, cur.Plan, "the upgrade is scheduled")
			require.Equal(t, "v2", cur.Plan.Name)
			require.Equal(t, plan.Height, cur.Plan.Height)
			d.checkInvariants(t, "important proposal executed")
		}},

		{"messages outside the class or not signed by the dao are refused", func(t *testing.T) {
			before, err := d.daoQ.Proposals(ctx, &daotypes.QueryProposalsRequest{})
			require.NoError(t, err)
			balances := map[*network.Validator]math.Int{val0: d.balance(t, val0.Address), val1: d.balance(t, val1.Address)}

			height, err := d.net.LatestHeight()
			require.NoError(t, err)
			upgrade := broadcastTx(t, d.net, val0, submitMsg(t, val0, daotypes.ClassStandard,
				&upgradetypes.MsgSoftwareUpgrade{Authority: daoAddr.String(), Plan: upgradetypes.Plan{Name: "v3", Height: height + 300}}))
			send := broadcastTx(t, d.net, val1, submitMsg(t, val1, daotypes.ClassStandard,
				&banktypes.MsgSend{FromAddress: val1.Address.String(), ToAddress: val0.Address.String(), Amount: sdk.NewCoins(sdk.NewCoin(denom, math.NewInt(1)))}))
			requireTxOK(t, upgrade) // CheckTx runs no messages
			requireTxOK(t, send)
			requireTxError(t, waitForTx(t, d.net, upgrade.TxHash), daotypes.ModuleName, daotypes.ErrMessageNotAllowed.ABCICode())
			requireTxError(t, waitForTx(t, d.net, send.TxHash), daotypes.ModuleName, daotypes.ErrInvalidProposalMsg.ABCICode())

			after, err := d.daoQ.Proposals(ctx, &daotypes.QueryProposalsRequest{})
			require.NoError(t, err)
			require.Len(t, after.Proposals, len(before.Proposals), "no proposal was stored")
			for val, b := range balances {
				require.True(t, d.balance(t, val.Address).Equal(b), "%s paid no bond", val.Moniker)
			}
			d.checkInvariants(t, "refused proposals")
		}},
	}
	for _, step := range steps {
		if !t.Run(step.name, step.run) {
			t.FailNow()
		}
	}
}

// submitMsg is a MsgSubmitProposal of proposer carrying msgs.
func submitMsg(t *testing.T, proposer *network.Validator, class string, msgs ...sdk.Msg) *daotypes.MsgSubmitProposal {
	t.Helper()
	anys := make([]*codectypes.Any, len(msgs))
	for i, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		require.NoError(t, err)
		anys[i] = a
	}
	return &daotypes.MsgSubmitProposal{
		Proposer: proposer.Address.String(),
		Class:    class,
		Title:    fmt.Sprintf("%s proposal by %s", class, proposer.Moniker),
		Summary:  "in-process network test",
		Messages: anys,
	}
}

// proposal queries a proposal through gRPC.
func proposal(t *testing.T, q daotypes.QueryClient, id uint64) daotypes.Proposal {
	t.Helper()
	res, err := q.Proposal(context.Background(), &daotypes.QueryProposalRequest{ProposalId: id})
	require.NoError(t, err)
	return res.Proposal
}

// getJSON GETs a REST endpoint and decodes the 200 response into out.
func getJSON(t *testing.T, unmarshal func([]byte, proto.Message) error, url string, out proto.Message) {
	t.Helper()
	resp, err := http.Get(url) //nolint:gosec // test URL on localhost
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equalf(t, http.StatusOK, resp.StatusCode, "GET %s: %s", url, body)
	require.NoError(t, unmarshal(body, out), "GET %s: %s", url, body)
}
