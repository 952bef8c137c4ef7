package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
)

// TestDaoProposalLifecycle drives a standard proposal through the CLI and
// REST of a real node: two accounts lock, one submits a proposal carrying a
// staking MsgUpdateParams and a treasury MsgCommunitySpend, both vote yes,
// the proposal passes, waits out its timelock and is executed by the dao
// module account; the bond is escrowed and returned. Bad inputs (voting on a
// missing proposal, voting without power, an unknown class, a message above
// the class) fail and change nothing. Genesis removes vesting and lets the
// standard class take short voting periods; the test picks its voting
// period from the pace it measured (a busy machine gets a longer one) and
// follows the proposal by block time and by height, never by wall clock.
func TestDaoProposalLifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		standardIdx   = "1" // index of the "standard" class in params.classes
		execDelay     = 2 * time.Second
		twasWindow    = time.Second
		aliceLock     = 200_000_000 // 200 AITBC: above the 100 AITBC min proposer power
		bobLock       = 300_000_000
		bond          = 1_000_000_000 // the standard class bond, 1000 AITBC
		treasuryFund  = 50_000_000
		spend         = 5_000_000
		lockFee       = 1000
		voteFee       = 1000
		submitFee     = 2000
		newMaxVals    = 42
		missingPropID = "999"
	)
	lockGas := []string{"--gas", "400000", "--fees", strconv.Itoa(lockFee) + Denom}
	voteGas := []string{"--gas", "400000", "--fees", strconv.Itoa(voteFee) + Denom}
	submitGas := []string{"--gas", "800000", "--fees", strconv.Itoa(submitFee) + Denom}

	start := time.Now()
	c := NewChain(t, Options{
		Accounts: []Account{{Name: "alice"}, {Name: "bob"}, {Name: "carol"}},
		EditGenesis: func(_ *Chain, genesis map[string]any) error {
			class := "app_state.dao.params.classes." + standardIdx
			if name, err := LookupString(genesis, class+".name"); err != nil || name != "standard" {
				return fmt.Errorf("class %s is %q (%v), want standard", standardIdx, name, err)
			}
			for path, value := range map[string]string{
				"app_state.dao.params.vesting":            "0s",
				"app_state.dao.params.twas_window":        twasWindow.String(),
				"app_state.dao.params.max_power_fraction": "0.900000000000000000",
				class + ".challenge_period":               "0s",
				class + ".min_voting_period":              "2s",
				class + ".default_voting_period":          "10s",
				class + ".max_voting_period":              maxVotingPeriod,
				class + ".execution_delay":                execDelay.String(),
			} {
				if err := SetPath(genesis, path, value); err != nil {
					return err
				}
			}
			return plainVoting(genesis, class)
		},
	})
	c.Start()
	t.Logf("node up after %s", time.Since(start).Round(time.Millisecond))
	alice, bob, carol := c.KeyAddress("alice"), c.KeyAddress("bob"), c.KeyAddress("carol")
	payee := c.AddKey("payee") // a fresh account: its balance is exactly what the treasury pays
	daoAddr := moduleAccountAddress(t, c, "dao")
	bondsAddr := moduleAccountAddress(t, c, "dao_bonds")

	// The class table shows the genesis edits, through the CLI and REST.
	var classes struct {
		Classes []struct {
			Name            string `json:"name"`
			ChallengePeriod string `json:"challenge_period"`
			ExecutionDelay  string `json:"execution_delay"`
			Bond            struct{ Denom, Amount string }
		} `json:"classes"`
	}
	mustREST(t, c, "/aitbc/dao/v1/classes", &classes)
	if len(classes.Classes) < 2 || classes.Classes[1].Name != "standard" || classes.Classes[1].ChallengePeriod != "0s" ||
		classes.Classes[1].ExecutionDelay != "2s" || classes.Classes[1].Bond.Amount != strconv.Itoa(bond) {
		t.Fatalf("classes through REST: %+v", classes.Classes)
	}
	if cli := c.Query("dao", "classes"); !strings.Contains(fmt.Sprint(cli["classes"]), "standard") {
		t.Fatalf("q dao classes: %v", cli)
	}
	mustREST(t, c, "/aitbc/dao/v1/committee", nil)
	mustREST(t, c, "/aitbc/dao/v1/constitution", nil)

	// 1. alice and bob lock; the validator funds the treasury.
	var wg sync.WaitGroup
	lockErrs := make([]error, 2)
	for i, l := range []struct {
		key    string
		amount int
	}{{"alice", aliceLock}, {"bob", bobLock}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lockErrs[i] = txOK(c.TxE(l.key, "dao", append([]string{"lock", strconv.Itoa(l.amount) + Denom}, lockGas...)...))
		}()
	}
	wg.Wait()
	if err := errors.Join(lockErrs...); err != nil {
		t.Fatalf("lock: %v", err)
	}
	c.Tx(c.Validator, "bank", "send", c.Validator, daoAddr, strconv.Itoa(treasuryFund)+Denom)
	treasury := c.Balance(daoAddr, Denom)
	if !treasury.Equal(sdkmath.NewInt(treasuryFund)) {
		t.Fatalf("treasury after the deposit: %s, want %d", treasury, treasuryFund)
	}

	// With no vesting, the locks count fully once a TWAS window has passed.
	c.WaitUntil("alice's power to reach her lock", 20, func() (bool, string) {
		var p votingPower
		if err := c.REST("/aitbc/dao/v1/voting_power/"+alice, &p); err != nil {
			return false, err.Error()
		}
		return p.Power == strconv.Itoa(aliceLock), fmt.Sprintf("%+v", p)
	})
	// From submission to the last vote the test makes about eight CLI round
	// trips (queries, a trial vote, four votes at once): the voting period
	// covers them at the pace measured so far.
	pace := c.Pace()
	votingPeriod := pace.Period(8, 12*time.Second)
	t.Logf("pace: %s; voting period %s", pace, votingPeriod)

	// 2. alice submits a standard proposal from a JSON file.
	var stakingParams struct {
		Params map[string]any `json:"params"`
	}
	mustREST(t, c, "/cosmos/staking/v1beta1/params", &stakingParams)
	oldMaxVals := fmt.Sprint(stakingParams.Params["max_validators"])
	if oldMaxVals == strconv.Itoa(newMaxVals) {
		t.Fatalf("staking max_validators is already %d", newMaxVals)
	}
	stakingParams.Params["max_validators"] = newMaxVals
	proposalFile := writeProposalFile(t, c, "proposal.json", map[string]any{
		"class":         "standard",
		"title":         "Fewer validators, and a grant",
		"summary":       "Sets staking max_validators to 42 and pays 5 AITBC from the treasury.",
		"metadata":      "e2e",
		"voting_period": seconds(votingPeriod),
		"messages": []any{
			map[string]any{
				"@type":     "/cosmos.staking.v1beta1.MsgUpdateParams",
				"authority": daoAddr,
				"params":    stakingParams.Params,
			},
			map[string]any{
				"@type":     "/aitbc.dao.v1.MsgCommunitySpend",
				"authority": daoAddr,
				"recipient": payee,
				"amount":    []any{map[string]any{"denom": Denom, "amount": strconv.Itoa(spend)}},
			},
		},
	})
	aliceBefore := c.Balance(alice, Denom)
	submit := c.Tx("alice", "dao", append([]string{"submit-proposal", proposalFile}, submitGas...)...)
	if got, want := c.Balance(alice, Denom), aliceBefore.SubRaw(bond+submitFee); !got.Equal(want) {
		t.Fatalf("alice after submitting: %s, want %s (bond %d and fee %d escrowed)", got, want, bond, submitFee)
	}
	if got := c.Balance(bondsAddr, Denom); !got.Equal(sdkmath.NewInt(bond)) {
		t.Fatalf("dao_bonds holds %s, want the bond %d", got, bond)
	}
	idAttr, ok := submit.Attr("aitbc.dao.v1.EventSubmitProposal", "proposal_id")
	id := strings.Trim(idAttr, `"`)
	if _, err := strconv.ParseUint(id, 10, 64); !ok || err != nil {
		t.Fatalf("no proposal_id in the submit events: %+v", submit.Events)
	}

	prop := getProposal(t, c, id)
	if prop.Status != "PROPOSAL_STATUS_VOTING" || prop.Class != "standard" || prop.Proposer != alice ||
		prop.Bond.Amount != strconv.Itoa(bond) || len(prop.Messages) != 2 || prop.VotingEndTime == "" {
		t.Fatalf("proposal %s right after submission: %+v", id, prop)
	}
	var cliProp struct {
		Proposal struct {
			Id     json.Number `json:"id"`
			Status any         `json:"status"`
			Title  string      `json:"title"`
		} `json:"proposal"`
	}
	c.QueryInto(&cliProp, "dao", "proposal", id)
	if cliProp.Proposal.Id.String() != id || cliProp.Proposal.Title != prop.Title {
		t.Fatalf("q dao proposal %s: %+v", id, cliProp)
	}
	var list struct {
		Proposals []daoProposal `json:"proposals"`
	}
	mustREST(t, c, "/aitbc/dao/v1/proposals", &list)
	if len(list.Proposals) != 1 || list.Proposals[0].Id != id {
		t.Fatalf("proposals through REST: %+v", list.Proposals)
	}
	if cli := c.Query("dao", "proposals"); !strings.Contains(fmt.Sprint(cli["proposals"]), prop.Title) {
		t.Fatalf("q dao proposals: %v", cli)
	}

	// 3. Votes. Which spelling of the option does autocli take?
	res, err := c.TxE("alice", "dao", append([]string{"vote", id, "VOTE_OPTION_YES"}, voteGas...)...)
	switch {
	case err != nil:
		t.Logf("autocli refuses `vote %s VOTE_OPTION_YES`: %s", id, firstLineWith(err.Error(), "valid value"))
	case res.Code != 0:
		t.Logf("`vote %s VOTE_OPTION_YES` was broadcast and failed: code %d %s", id, res.Code, res.RawLog)
	default:
		t.Logf("autocli accepts `vote %s VOTE_OPTION_YES`", id)
	}

	// alice and bob vote yes; at the same time carol (no lock) votes, and the
	// validator votes on a proposal that does not exist. Each account has its
	// own sequence, so the four transactions can go in parallel.
	carolBefore, valBefore := c.Balance(carol, Denom), c.Balance(c.KeyAddress(c.Validator), Denom)
	type outcome struct {
		res TxResponse
		err error
	}
	votes := map[string]*outcome{}
	for _, v := range []struct{ key, id string }{{"alice", id}, {"bob", id}, {"carol", id}, {c.Validator, missingPropID}} {
		o := &outcome{}
		votes[v.key] = o
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.res, o.err = c.TxE(v.key, "dao", append([]string{"vote", v.id, "yes"}, voteGas...)...)
		}()
	}
	wg.Wait()
	for _, key := range []string{"alice", "bob"} {
		if err := txOK(votes[key].res, votes[key].err); err != nil {
			t.Fatalf("%s votes yes on %s: %v", key, id, err)
		}
	}
	expectTxFailure(t, "carol votes without locked tokens", votes["carol"].res, votes["carol"].err, "dao", 28)
	expectTxFailure(t, "voting on proposal "+missingPropID, votes[c.Validator].res, votes[c.Validator].err, "dao", 26)
	expectFeeOnly(t, c, "carol", carol, carolBefore, votes["carol"].res, voteFee)
	expectFeeOnly(t, c, c.Validator, c.KeyAddress(c.Validator), valBefore, votes[c.Validator].res, voteFee)
	if err := c.REST("/aitbc/dao/v1/proposals/"+missingPropID, nil); err == nil {
		t.Fatalf("proposal %s exists after a vote on it", missingPropID)
	}
	if err := c.REST("/aitbc/dao/v1/proposals/"+id+"/votes/"+carol, nil); err == nil {
		t.Fatal("carol's failed vote was stored")
	}

	// 4. The tally is the sum of the voters' snapshot powers. Reads at the
	// height of the last vote see the state the votes left, however long
	// the test takes afterwards.
	voted := max(votes["alice"].res.Height, votes["bob"].res.Height)
	prop = proposalAt(t, c, id, voted)
	if prop.Status != "PROPOSAL_STATUS_VOTING" {
		t.Fatalf("the votes took longer than the voting period %s: proposal is %s at height %d (pace %s)", votingPeriod, prop.Status, voted, pace)
	}
	aliceAfterVotes := balanceAt(t, c, alice, voted)
	snapshot := url.QueryEscape(prop.SubmitTime)
	var alicePower, bobPower votingPower
	mustREST(t, c, "/aitbc/dao/v1/voting_power/"+alice+"?time="+snapshot, &alicePower)
	mustREST(t, c, "/aitbc/dao/v1/voting_power/"+bob+"?time="+snapshot, &bobPower)
	if alicePower.Power != strconv.Itoa(aliceLock) || bobPower.Power != strconv.Itoa(bobLock) {
		t.Fatalf("snapshot powers at %s: alice %+v, bob %+v", prop.SubmitTime, alicePower, bobPower)
	}
	powerCap := mustInt(t, prop.PowerCap)
	wantYes := sdkmath.MinInt(mustInt(t, alicePower.Power), powerCap).Add(sdkmath.MinInt(mustInt(t, bobPower.Power), powerCap))
	if prop.SnapshotTotalPower != strconv.Itoa(aliceLock+bobLock) {
		t.Fatalf("snapshot total power %s, want %d", prop.SnapshotTotalPower, aliceLock+bobLock)
	}

	var tally struct {
		Tally            tallyResult `json:"tally"`
		TotalPower       string      `json:"total_power"`
		QuorumPower      string      `json:"quorum_power"`
		StatusIfEndedNow string      `json:"status_if_ended_now"`
	}
	if err := c.RESTAt("/aitbc/dao/v1/proposals/"+id+"/tally", voted, &tally); err != nil {
		t.Fatal(err)
	}
	if tally.Tally.Yes != wantYes.String() || tally.Tally.No != "0" || tally.Tally.Abstain != "0" || tally.Tally.NoWithVeto != "0" ||
		tally.TotalPower != prop.SnapshotTotalPower || tally.StatusIfEndedNow != "PROPOSAL_STATUS_PASSED" {
		t.Fatalf("tally through REST: %+v, want yes %s", tally, wantYes)
	}
	if prop.Tally != tally.Tally {
		t.Fatalf("proposal tally %+v differs from the tally query %+v", prop.Tally, tally.Tally)
	}
	var cliTally struct {
		Tally struct {
			Yes any `json:"yes"`
		} `json:"tally"`
	}
	c.QueryInto(&cliTally, "dao", "tally", id)
	if fmt.Sprint(cliTally.Tally.Yes) != wantYes.String() {
		t.Fatalf("q dao tally %s: yes %v, want %s", id, cliTally.Tally.Yes, wantYes)
	}
	var voteList struct {
		Votes []struct {
			Voter string `json:"voter"`
		} `json:"votes"`
	}
	mustREST(t, c, "/aitbc/dao/v1/proposals/"+id+"/votes", &voteList)
	if len(voteList.Votes) != 2 {
		t.Fatalf("votes on %s: %+v, want alice's and bob's", id, voteList.Votes)
	}
	var bobVote struct {
		Vote struct {
			Voter   string `json:"voter"`
			Options []struct {
				Option string `json:"option"`
				Weight string `json:"weight"`
			} `json:"options"`
		} `json:"vote"`
	}
	mustREST(t, c, "/aitbc/dao/v1/proposals/"+id+"/votes/"+bob, &bobVote)
	if bobVote.Vote.Voter != bob || len(bobVote.Vote.Options) != 1 || bobVote.Vote.Options[0].Option != "VOTE_OPTION_YES" {
		t.Fatalf("bob's vote: %+v", bobVote)
	}

	// 5. Voting ends: passed, bond returned; the timelock runs out: executed.
	// The deadline is handled in the first block whose time reaches it:
	// the status is read at that height and the one before, so no
	// transition can be missed however slowly the test polls.
	votingEnd := mustTime(t, prop.VotingEndTime)
	ended := c.WaitForBlockTime(votingEnd).Height
	before, passed := proposalAt(t, c, id, ended-1), proposalAt(t, c, id, ended)
	if before.Status != "PROPOSAL_STATUS_VOTING" || passed.Status != "PROPOSAL_STATUS_PASSED" {
		t.Fatalf("proposal %s at heights %d and %d (first block at or after the voting end %s): %s then %s, want voting then passed (result %q)",
			id, ended-1, ended, prop.VotingEndTime, before.Status, passed.Status, passed.Result)
	}
	if got, want := balanceAt(t, c, alice, ended), aliceAfterVotes.AddRaw(bond); !got.Equal(want) {
		t.Fatalf("alice when the proposal passed (height %d): %s, want %s (bond back)", ended, got, want)
	}
	if passed.ExecutionTime == "" {
		t.Fatalf("passed proposal without an execution time: %+v", passed)
	}
	// Execution comes in the first block at or after the execution time,
	// and never in the block that passed it.
	executedAt := max(c.WaitForBlockTime(mustTime(t, passed.ExecutionTime)).Height, ended+1)
	c.WaitForHeight(executedAt, 0)
	before, prop = proposalAt(t, c, id, executedAt-1), proposalAt(t, c, id, executedAt)
	if before.Status != "PROPOSAL_STATUS_PASSED" || prop.Status != "PROPOSAL_STATUS_EXECUTED" {
		t.Fatalf("proposal %s at heights %d and %d: %s then %s (result %q), want passed then executed", id, executedAt-1, executedAt, before.Status, prop.Status, prop.Result)
	}
	seen := []string{"PROPOSAL_STATUS_VOTING", "PROPOSAL_STATUS_PASSED", "PROPOSAL_STATUS_EXECUTED"}
	t.Logf("proposal %s went %v", id, seen)
	if got, want := c.Balance(alice, Denom), aliceAfterVotes.AddRaw(bond); !got.Equal(want) {
		t.Fatalf("alice after execution: %s, want %s (bond back)", got, want)
	}
	if got := c.Balance(bondsAddr, Denom); !got.IsZero() {
		t.Fatalf("dao_bonds still holds %s", got)
	}

	// The effects: the staking param changed, the spend arrived.
	mustREST(t, c, "/cosmos/staking/v1beta1/params", &stakingParams)
	if got := fmt.Sprint(stakingParams.Params["max_validators"]); got != strconv.Itoa(newMaxVals) {
		t.Fatalf("staking max_validators %s after execution, want %d (was %s)", got, newMaxVals, oldMaxVals)
	}
	if got := c.Balance(payee, Denom); !got.Equal(sdkmath.NewInt(spend)) {
		t.Fatalf("payee holds %s, want the spend %d", got, spend)
	}
	if got := c.Balance(daoAddr, Denom); !got.Equal(sdkmath.NewInt(treasuryFund - spend)) {
		t.Fatalf("treasury holds %s, want %d", got, treasuryFund-spend)
	}

	// The health figures counted it when it ended (x/dao README "Health
	// figures"): one executed standard proposal whose vote passed, with its
	// final tally and snapshot total; alice and bob vote as humans.
	checkHealth(t, c, executedAt, prop)

	// 6. Bad submissions fail, escrow nothing and add no proposal.
	upgrade := map[string]any{
		"class": "standard", "title": "Upgrade in a standard proposal", "summary": "not allowed",
		"messages": []any{map[string]any{
			"@type":     "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade",
			"authority": daoAddr,
			"plan":      map[string]any{"name": "v2", "height": strconv.FormatInt(c.Height()+10_000, 10), "info": ""},
		}},
	}
	upgradeFile := writeProposalFile(t, c, "upgrade.json", upgrade)
	unknownFile := writeProposalFile(t, c, "unknown.json", map[string]any{
		"class": "no-such-class", "title": "Unknown class", "summary": "",
		"messages": []any{map[string]any{
			"@type": "/aitbc.dao.v1.MsgCommunitySpend", "authority": daoAddr, "recipient": payee,
			"amount": []any{map[string]any{"denom": Denom, "amount": "1"}},
		}},
	})
	// Refused by the dry run at submission: the treasury cannot pay it now.
	overspendFile := writeProposalFile(t, c, "overspend.json", map[string]any{
		"class": "standard", "title": "Spend more than the treasury holds", "summary": "",
		"messages": []any{map[string]any{
			"@type": "/aitbc.dao.v1.MsgCommunitySpend", "authority": daoAddr, "recipient": payee,
			"amount": []any{map[string]any{"denom": Denom, "amount": strconv.Itoa(treasuryFund * 10)}},
		}},
	})
	for _, bad := range []struct {
		name, file string
		code       uint32
	}{
		{"a proposal of an unknown class", unknownFile, 20},
		{"a software upgrade in a standard proposal", upgradeFile, 21},
		{"a spend the treasury cannot pay now (dry run)", overspendFile, 45},
	} {
		before := c.Balance(alice, Denom)
		res, err := c.TxE("alice", "dao", append([]string{"submit-proposal", bad.file}, submitGas...)...)
		expectTxFailure(t, bad.name, res, err, "dao", bad.code)
		expectFeeOnly(t, c, "alice", alice, before, res, submitFee)
		if got := c.Balance(bondsAddr, Denom); !got.IsZero() {
			t.Fatalf("%s: dao_bonds holds %s", bad.name, got)
		}
		mustREST(t, c, "/aitbc/dao/v1/proposals", &list)
		if len(list.Proposals) != 1 {
			t.Fatalf("%s added a proposal: %+v", bad.name, list.Proposals)
		}
	}
	if final := getProposal(t, c, id); final.Status != "PROPOSAL_STATUS_EXECUTED" || final.Tally != prop.Tally {
		t.Fatalf("proposal %s changed after the bad inputs: %+v", id, final)
	}
	t.Logf("TestDaoProposalLifecycle took %s", time.Since(start).Round(time.Millisecond))
}

// daoProposal is the REST form of a proposal, the fields the test reads.
type daoProposal struct {
	Id                 string `json:"id"`
	Proposer           string `json:"proposer"`
	Class              string `json:"class"`
	Title              string `json:"title"`
	Messages           []any  `json:"messages"`
	Status             string `json:"status"`
	SubmitTime         string `json:"submit_time"`
	VotingEndTime      string `json:"voting_end_time"`
	QuorumTime         string `json:"quorum_time"`
	ExecutionTime      string `json:"execution_time"`
	Bond               struct{ Denom, Amount string }
	SnapshotTotalPower string      `json:"snapshot_total_power"`
	PowerCap           string      `json:"power_cap"`
	Tally              tallyResult `json:"tally"`
	Result             string      `json:"result"`
}

type tallyResult struct {
	Yes        string `json:"yes"`
	Abstain    string `json:"abstain"`
	No         string `json:"no"`
	NoWithVeto string `json:"no_with_veto"`
}

type votingPower struct {
	Power    string `json:"power"`
	OwnPower string `json:"own_power"`
	Votes    string `json:"votes"`
}

// proposalAt reads a proposal in the state of height h.
func proposalAt(t *testing.T, c *Chain, id string, h int64) daoProposal {
	t.Helper()
	var resp struct {
		Proposal daoProposal `json:"proposal"`
	}
	if err := c.RESTAt("/aitbc/dao/v1/proposals/"+id, h, &resp); err != nil {
		t.Fatal(err)
	}
	return resp.Proposal
}

// balanceAt is Chain.Balance in the state of height h.
func balanceAt(t *testing.T, c *Chain, addr string, h int64) sdkmath.Int {
	t.Helper()
	var resp struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	if err := c.RESTAt("/cosmos/bank/v1beta1/balances/"+addr+"/by_denom?denom="+Denom, h, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Balance.Amount == "" {
		return sdkmath.ZeroInt()
	}
	return mustInt(t, resp.Balance.Amount)
}

// seconds writes a duration as a protobuf JSON duration ("42s").
func seconds(d time.Duration) string {
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}

// maxVotingPeriod is the longest voting period the tests' genesis allows:
// far above what a test picks, so a slow machine's period always fits.
const maxVotingPeriod = "1200s"

// plainVoting turns late-quorum protection and super-quorum off for the
// class at path (e.g. "app_state.dao.params.classes.1"), for tests that
// shorten voting periods: a late_quorum_window must fit in the short
// min_voting_period, and a proposal must vote until its end, not end at
// the first large yes nor move its end. TestDaoDepth covers both rules.
func plainVoting(genesis map[string]any, class string) error {
	for field, value := range map[string]string{
		"late_quorum_window":    "0s",
		"late_quorum_extension": "0s",
		"super_quorum":          "0.000000000000000000",
	} {
		if err := SetPath(genesis, class+"."+field, value); err != nil {
			return err
		}
	}
	return nil
}

// plainVotingAll is plainVoting for every class.
func plainVotingAll(genesis map[string]any) error {
	classes, err := Lookup(genesis, "app_state.dao.params.classes")
	if err != nil {
		return err
	}
	list, ok := classes.([]any)
	if !ok {
		return fmt.Errorf("app_state.dao.params.classes is %T, not a list", classes)
	}
	for i := range list {
		if err := plainVoting(genesis, "app_state.dao.params.classes."+strconv.Itoa(i)); err != nil {
			return err
		}
	}
	return nil
}

func getProposal(t *testing.T, c *Chain, id string) daoProposal {
	t.Helper()
	var resp struct {
		Proposal daoProposal `json:"proposal"`
	}
	mustREST(t, c, "/aitbc/dao/v1/proposals/"+id, &resp)
	return resp.Proposal
}

func isFinal(status string) bool {
	switch status {
	case "PROPOSAL_STATUS_VOTING", "PROPOSAL_STATUS_CHALLENGE", "PROPOSAL_STATUS_PASSED":
		return false
	}
	return true
}

// moduleAccountAddress reads a module account's address with
// `aitbcd q auth module-account name`.
func moduleAccountAddress(t *testing.T, c *Chain, name string) string {
	t.Helper()
	var out map[string]any
	c.QueryInto(&out, "auth", "module-account", name)
	addr := findKey(out, "address")
	if !strings.HasPrefix(addr, "aitbc1") {
		t.Fatalf("q auth module-account %s: no address in %v", name, out)
	}
	return addr
}

// findKey returns the first string value of key anywhere in a decoded JSON value.
func findKey(v any, key string) string {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v[key].(string); ok {
			return s
		}
		for _, child := range v {
			if s := findKey(child, key); s != "" {
				return s
			}
		}
	case []any:
		for _, child := range v {
			if s := findKey(child, key); s != "" {
				return s
			}
		}
	}
	return ""
}

func writeProposalFile(t *testing.T, c *Chain, name string, proposal map[string]any) string {
	t.Helper()
	bz, err := json.MarshalIndent(proposal, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.Dir, name)
	if err := os.WriteFile(path, bz, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// txOK turns a failed command or a non-zero code into an error.
func txOK(res TxResponse, err error) error {
	if err != nil {
		return err
	}
	if res.Code != 0 {
		return fmt.Errorf("tx %s: code %d (codespace %q): %s", res.TxHash, res.Code, res.Codespace, res.RawLog)
	}
	return nil
}

// expectTxFailure checks that a transaction failed: the CLI refused it, or
// the chain answered the expected error code.
func expectTxFailure(t *testing.T, what string, res TxResponse, err error, codespace string, code uint32) {
	t.Helper()
	switch {
	case err != nil:
		t.Logf("%s: refused by the CLI: %s", what, firstLine(err.Error()))
	case res.Code == 0:
		t.Fatalf("%s succeeded (tx %s at height %d)", what, res.TxHash, res.Height)
	case res.Codespace != codespace || res.Code != code:
		t.Fatalf("%s failed with %s/%d, want %s/%d: %s", what, res.Codespace, res.Code, codespace, code, res.RawLog)
	default:
		t.Logf("%s: code %s/%d at height %d: %s", what, res.Codespace, res.Code, res.Height, res.RawLog)
	}
}

// expectFeeOnly checks that a failed transaction cost its sender the fee
// (when it reached a block) and nothing else.
func expectFeeOnly(t *testing.T, c *Chain, key, addr string, before sdkmath.Int, res TxResponse, fee int64) {
	t.Helper()
	want := before
	if res.Height > 0 {
		want = want.SubRaw(fee)
	}
	if got := c.Balance(addr, Denom); !got.Equal(want) {
		t.Fatalf("%s's balance %s after a failed tx, want %s", key, got, want)
	}
}

func mustInt(t *testing.T, s string) sdkmath.Int {
	t.Helper()
	i, ok := sdkmath.NewIntFromString(s)
	if !ok {
		t.Fatalf("not an integer: %q", s)
	}
	return i
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func firstLineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	return firstLine(s)
}

// checkHealth reads the standard class's health figures through REST at
// the height the proposal executed and through the CLI.
func checkHealth(t *testing.T, c *Chain, height int64, prop daoProposal) {
	t.Helper()
	type row struct {
		Class  string `json:"class"`
		Group  string `json:"group"`
		Ended  any    `json:"ended"`
		Counts struct {
			Executed           any         `json:"executed"`
			Voted              any         `json:"voted"`
			Passed             any         `json:"passed"`
			SnapshotTotalPower string      `json:"snapshot_total_power"`
			Votes              tallyResult `json:"votes"`
		} `json:"counts"`
		Turnout  string `json:"turnout"`
		PassRate string `json:"pass_rate"`
	}
	var rest, cli struct {
		Rows []row `json:"rows"`
	}
	if err := c.RESTAt("/aitbc/dao/v1/health?class=standard", height, &rest); err != nil {
		t.Fatal(err)
	}
	turnout := sdkmath.LegacyNewDecFromInt(mustInt(t, prop.Tally.Yes)).QuoInt(mustInt(t, prop.SnapshotTotalPower))
	ok := len(rest.Rows) == 2 && rest.Rows[0].Group == "" && rest.Rows[1].Group == "human"
	if ok {
		r := rest.Rows[0]
		ok = r.Class == "standard" && fmt.Sprint(r.Ended) == "1" && fmt.Sprint(r.Counts.Executed) == "1" &&
			fmt.Sprint(r.Counts.Voted) == "1" && fmt.Sprint(r.Counts.Passed) == "1" &&
			r.Counts.SnapshotTotalPower == prop.SnapshotTotalPower && r.Counts.Votes == prop.Tally &&
			r.Turnout == turnout.String() && r.PassRate == "1.000000000000000000" && rest.Rows[1].Counts.Votes == prop.Tally
	}
	if !ok {
		t.Fatalf("health of the standard class through REST at height %d: %+v; want the executed proposal with tally %+v of %s, turnout %s",
			height, rest.Rows, prop.Tally, prop.SnapshotTotalPower, turnout)
	}
	c.QueryInto(&cli, "dao", "health", "--class", "standard")
	if len(cli.Rows) != 2 || fmt.Sprint(cli.Rows[0].Counts.Executed) != "1" || cli.Rows[0].Turnout != turnout.String() {
		t.Fatalf("q dao health --class standard: %+v", cli.Rows)
	}
}
