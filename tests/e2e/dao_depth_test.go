package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
)

// TestDaoDepth drives x/dao's protections of issue 14 through the CLI and
// REST of a real node, one step each:
//
//   - dry run at submission (item 4): a proposal whose message fails now
//     (a spend over the treasury; staking params the handler rejects) is
//     refused with that message's error, costing the proposer the fee and
//     not the bond; a valid one is accepted;
//   - late quorum (item 2): the standard class has a late_quorum_window and
//     a late_quorum_extension; quorum first reached inside the window moves
//     the voting end once (EventVotingExtended of the vote block's EndBlock,
//     REST voting_end_time), the
//     proposal still votes at its original end and closes at the new one;
//     quorum reached before the window moves nothing;
//   - super-quorum (item 3): yes over the class's super_quorum of the total
//     power ends voting in that block (EventSuperQuorum at its EndBlock,
//     where the block's votes are folded into the tally); the proposal has
//     passed before its original end, refuses later votes and executes;
//   - vote reasons (item 5): `vote --reason` and `vote-weighted --reason`
//     store the reason, shown by `q dao vote`, the x/dao REST vote routes
//     and the gov route's vote metadata; a reason over 280 bytes is refused.
//
// Powers: alice 200, bob 300, carol 100 AITBC of 600 in all. The standard
// class has quorum 10 % and super_quorum 70 % (420): alice alone reaches
// quorum, alice and bob yes (500) reach super-quorum with the 100 that did
// not vote unable to flip it (no: 500/600 passes; veto: 100 <= 33.4 %).
func TestDaoDepth(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		standardIdx = "1"
		// window is the late-quorum window and the class's
		// min_voting_period (the window may not exceed it): a proposal
		// voting for exactly window is inside it from its start.
		window    = 30 * time.Second
		extension = 40 * time.Second
		execDelay = 2 * time.Second
		aliceLock = 200_000_000
		bobLock   = 300_000_000
		carolLock = 100_000_000
		total     = aliceLock + bobLock + carolLock
		bond      = 1_000_000_000
		treasury  = 50_000_000
		spend     = 5_000_000
		voteFee   = 1000
		submitFee = 2000
	)
	lockGas := []string{"--gas", "400000", "--fees", "1000" + Denom}
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
				"app_state.dao.params.twas_window":        "1s",
				"app_state.dao.params.max_power_fraction": "0.900000000000000000",
				class + ".challenge_period":               "0s",
				class + ".min_voting_period":              window.String(),
				class + ".default_voting_period":          window.String(),
				class + ".max_voting_period":              maxVotingPeriod,
				class + ".execution_delay":                execDelay.String(),
				class + ".late_quorum_window":             window.String(),
				class + ".late_quorum_extension":          extension.String(),
				class + ".super_quorum":                   "0.700000000000000000",
			} {
				if err := SetPath(genesis, path, value); err != nil {
					return err
				}
			}
			return nil
		},
	})
	c.Start()
	t.Logf("node up after %s", time.Since(start).Round(time.Millisecond))
	alice, bob, carol := c.KeyAddress("alice"), c.KeyAddress("bob"), c.KeyAddress("carol")
	payee := c.AddKey("payee")
	daoAddr := moduleAccountAddress(t, c, "dao")
	bondsAddr := moduleAccountAddress(t, c, "dao_bonds")

	// The class params through REST.
	var classes struct {
		Classes []struct {
			Name                string `json:"name"`
			LateQuorumWindow    string `json:"late_quorum_window"`
			LateQuorumExtension string `json:"late_quorum_extension"`
			SuperQuorum         string `json:"super_quorum"`
		} `json:"classes"`
	}
	mustREST(t, c, "/aitbc/dao/v1/classes", &classes)
	if len(classes.Classes) < 2 || classes.Classes[1].Name != "standard" || classes.Classes[1].LateQuorumWindow != seconds(window) ||
		classes.Classes[1].LateQuorumExtension != seconds(extension) || classes.Classes[1].SuperQuorum != "0.700000000000000000" {
		t.Fatalf("classes through REST: %+v", classes.Classes)
	}

	// Setup: three locks at once, a funded treasury, full power.
	var wg sync.WaitGroup
	locks := []struct {
		key    string
		amount int
	}{{"alice", aliceLock}, {"bob", bobLock}, {"carol", carolLock}}
	lockErrs := make([]error, len(locks))
	for i, l := range locks {
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
	c.Tx(c.Validator, "bank", "send", c.Validator, daoAddr, strconv.Itoa(treasury)+Denom)
	c.WaitUntil("the total power to reach the locks", 20, func() (bool, string) {
		var p struct{ Power string }
		if err := c.REST("/aitbc/dao/v1/total_power", &p); err != nil {
			return false, err.Error()
		}
		return p.Power == strconv.Itoa(total), p.Power
	})

	// 1. Late quorum. Proposal A votes for exactly the window, so alice's
	// first vote, which reaches quorum on its own, is inside it.
	fileA := writeProposalFile(t, c, "late.json", map[string]any{
		"class": "standard", "title": "Late quorum", "summary": "Quorum comes inside the late-quorum window.",
		"voting_period": seconds(window), "messages": []any{},
	})
	idA := submitID(t, c.Tx("alice", "dao", append([]string{"submit-proposal", fileA}, submitGas...)...))
	propA := getProposal(t, c, idA)
	originalEndA := mustTime(t, propA.VotingEndTime)
	if propA.Status != "PROPOSAL_STATUS_VOTING" || propA.QuorumTime != "" || !originalEndA.Equal(mustTime(t, propA.SubmitTime).Add(window)) {
		t.Fatalf("proposal %s after submission: %+v, want voting until submit + %s, no quorum yet", idA, propA, window)
	}

	// alice votes yes with a reason: quorum, first reached in the window.
	const aliceReason = "The budget is fine; ship it. ✓"
	aliceVote := c.Tx("alice", "dao", append([]string{"vote", idA, "yes", "--reason", aliceReason}, voteGas...)...)
	aliceVoteTime := c.BlockAt(aliceVote.Height).Time
	if !aliceVoteTime.Before(originalEndA) {
		t.Fatalf("alice's vote at %s, after the voting end %s: the machine is slower than the %s window allows", aliceVoteTime, originalEndA, window)
	}
	// Decided on the block's votes, by its EndBlock (x/dao pending tallies).
	extended := blockEventsOf(t, c, aliceVote.Height, "aitbc.dao.v1.EventVotingExtended")
	if len(extended) != 1 {
		t.Fatalf("the block of alice's quorum vote emitted %d EventVotingExtended, want 1", len(extended))
	}
	newEndA := aliceVoteTime.Add(extension)
	if ev := extended[0]; ev["proposal_id"] != idA || !mustTime(t, ev["previous_end"]).Equal(originalEndA) || !mustTime(t, ev["new_end"]).Equal(newEndA) {
		t.Fatalf("EventVotingExtended %v, want proposal %s from %s to %s (vote block time + %s)", ev, idA, originalEndA, newEndA, extension)
	}
	propA = proposalAt(t, c, idA, aliceVote.Height)
	if !mustTime(t, propA.VotingEndTime).Equal(newEndA) || !mustTime(t, propA.QuorumTime).Equal(aliceVoteTime) {
		t.Fatalf("proposal %s after the quorum vote: voting_end_time %s, quorum_time %s, want %s and %s", idA, propA.VotingEndTime, propA.QuorumTime, newEndA, aliceVoteTime)
	}
	// The gov route shows the moved end too, as explorers read it.
	var govA struct {
		Proposal struct {
			VotingEndTime string `json:"voting_end_time"`
		} `json:"proposal"`
	}
	mustRESTAt(t, c, "/cosmos/gov/v1/proposals/"+idA, aliceVote.Height, &govA)
	if !mustTime(t, govA.Proposal.VotingEndTime).Equal(newEndA) {
		t.Fatalf("gov v1 proposal %s after the quorum vote: voting_end_time %s, want %s", idA, govA.Proposal.VotingEndTime, newEndA)
	}
	if reason := eventsOf(t, aliceVote, "aitbc.dao.v1.EventVote"); len(reason) != 1 || reason[0]["reason"] != aliceReason {
		t.Fatalf("EventVote of alice's vote: %v, want reason %q", reason, aliceReason)
	}

	// bob splits his vote with a reason: no second extension.
	const bobReason = "Mostly abstain:\tthe\nrisk is unclear"
	bobVote := c.Tx("bob", "dao", append([]string{"vote-weighted", idA, "abstain=0.7,no=0.3", "--reason", bobReason}, voteGas...)...)
	if ev := blockEventsOf(t, c, bobVote.Height, "aitbc.dao.v1.EventVotingExtended"); len(ev) != 0 {
		t.Fatalf("a vote after quorum moved the end again: %v", ev)
	}
	if got := proposalAt(t, c, idA, bobVote.Height); !mustTime(t, got.VotingEndTime).Equal(newEndA) || !mustTime(t, got.QuorumTime).Equal(aliceVoteTime) {
		t.Fatalf("proposal %s after bob's vote: end %s, quorum_time %s, want %s and %s", idA, got.VotingEndTime, got.QuorumTime, newEndA, aliceVoteTime)
	}
	if reason := eventsOf(t, bobVote, "aitbc.dao.v1.EventVote"); len(reason) != 1 || reason[0]["reason"] != bobReason {
		t.Fatalf("EventVote of bob's vote: %v, want reason %q", reason, bobReason)
	}

	// 2. Vote reasons in the queries: CLI, the x/dao REST routes and the
	// gov route's metadata.
	for _, v := range []struct{ voter, reason string }{{alice, aliceReason}, {bob, bobReason}} {
		var cli struct {
			Vote struct {
				Voter  string `json:"voter"`
				Reason string `json:"reason"`
			} `json:"vote"`
		}
		c.QueryInto(&cli, "dao", "vote", idA, v.voter)
		if cli.Vote.Voter != v.voter || cli.Vote.Reason != v.reason {
			t.Fatalf("q dao vote %s %s: %+v, want reason %q", idA, v.voter, cli.Vote, v.reason)
		}
		var rest struct {
			Vote struct {
				Reason string `json:"reason"`
			} `json:"vote"`
		}
		mustREST(t, c, "/aitbc/dao/v1/proposals/"+idA+"/votes/"+v.voter, &rest)
		if rest.Vote.Reason != v.reason {
			t.Fatalf("REST vote of %s: reason %q, want %q", v.voter, rest.Vote.Reason, v.reason)
		}
		var gov struct {
			Vote struct {
				Voter    string `json:"voter"`
				Metadata string `json:"metadata"`
			} `json:"vote"`
		}
		mustREST(t, c, "/cosmos/gov/v1/proposals/"+idA+"/votes/"+v.voter, &gov)
		if gov.Vote.Voter != v.voter || gov.Vote.Metadata != v.reason {
			t.Fatalf("gov v1 vote of %s: %+v, want metadata %q", v.voter, gov.Vote, v.reason)
		}
	}
	var votes struct {
		Votes []struct {
			Voter   string `json:"voter"`
			Reason  string `json:"reason"`
			Options []struct {
				Option string `json:"option"`
				Weight string `json:"weight"`
			} `json:"options"`
		} `json:"votes"`
	}
	mustREST(t, c, "/aitbc/dao/v1/proposals/"+idA+"/votes", &votes)
	reasons, bobSplit := map[string]string{}, map[string]string{}
	for _, v := range votes.Votes {
		reasons[v.Voter] = v.Reason
		for _, o := range v.Options {
			if v.Voter == bob {
				bobSplit[o.Option] = o.Weight
			}
		}
	}
	if len(votes.Votes) != 2 || reasons[alice] != aliceReason || reasons[bob] != bobReason || len(bobSplit) != 2 ||
		bobSplit["VOTE_OPTION_ABSTAIN"] != "0.700000000000000000" || bobSplit["VOTE_OPTION_NO"] != "0.300000000000000000" {
		t.Fatalf("votes of %s through REST: %+v", idA, votes.Votes)
	}

	// A reason over 280 bytes is refused, with both commands; nothing is
	// stored and at most the fee is paid.
	long := strings.Repeat("r", 281)
	for _, args := range [][]string{{"vote", idA, "no", "--reason", long}, {"vote-weighted", idA, "no=1", "--reason", long}} {
		before := c.Balance(carol, Denom)
		res, err := c.TxE("carol", "dao", append(args, voteGas...)...)
		expectReasonRefused(t, "carol's "+args[0]+" with a 281-byte reason", res, err)
		expectFeeOnly(t, c, "carol", carol, before, res, voteFee)
		if err := c.REST("/aitbc/dao/v1/proposals/"+idA+"/votes/"+carol, nil); err == nil {
			t.Fatalf("carol's %s with a too long reason was stored", args[0])
		}
	}

	// 3. Dry run at submission.
	pace := c.Pace()
	t.Logf("pace: %s", pace)
	overspend := writeProposalFile(t, c, "overspend.json", map[string]any{
		"class": "standard", "title": "Spend more than the treasury holds", "summary": "",
		"messages": []any{map[string]any{
			"@type": "/aitbc.dao.v1.MsgCommunitySpend", "authority": daoAddr, "recipient": payee,
			"amount": []any{map[string]any{"denom": Denom, "amount": strconv.Itoa(treasury * 10)}},
		}},
	})
	proposalsBefore := proposalCount(t, c)
	before := c.Balance(alice, Denom)
	res, err := c.TxE("alice", "dao", append([]string{"submit-proposal", overspend}, submitGas...)...)
	expectTxFailure(t, "a spend of more than the treasury", res, err, "dao", 45)
	if res.Height == 0 {
		t.Fatalf("the overspend was refused before a block (%v): the dry run runs in DeliverTx", err)
	}
	// The CLI shows the failing message's index, type and error.
	var cliTx struct {
		Code   uint32 `json:"code"`
		RawLog string `json:"raw_log"`
	}
	c.QueryInto(&cliTx, "tx", res.TxHash)
	for _, want := range []string{"proposal messages fail when run now", "/aitbc.dao.v1.MsgCommunitySpend", "insufficient funds"} {
		if cliTx.Code != 45 || !strings.Contains(cliTx.RawLog, want) {
			t.Fatalf("q tx %s: code %d, log %q: want code 45 and %q", res.TxHash, cliTx.Code, cliTx.RawLog, want)
		}
	}
	expectFeeOnly(t, c, "alice", alice, before, res, submitFee)
	if got := c.Balance(bondsAddr, Denom); !got.Equal(sdkmath.NewInt(bond)) {
		t.Fatalf("dao_bonds holds %s after a refused proposal, want only proposal %s's bond %d", got, idA, bond)
	}

	// Staking params the staking handler rejects (a zero max_validators
	// passes decoding, not the handler): refused by the simulation that
	// --gas auto runs, with the error in the CLI's output.
	var staking struct {
		Params map[string]any `json:"params"`
	}
	mustREST(t, c, "/cosmos/staking/v1beta1/params", &staking)
	staking.Params["max_validators"] = 0
	badParams := writeProposalFile(t, c, "bad-params.json", map[string]any{
		"class": "standard", "title": "Invalid staking params", "summary": "",
		"messages": []any{map[string]any{"@type": "/cosmos.staking.v1beta1.MsgUpdateParams", "authority": daoAddr, "params": staking.Params}},
	})
	before = c.Balance(alice, Denom)
	_, err = c.TxE("alice", "dao", "submit-proposal", badParams, "--gas", "auto", "--gas-adjustment", "1.5", "--fees", strconv.Itoa(submitFee)+Denom)
	if err == nil || !strings.Contains(err.Error(), "proposal messages fail when run now") || !strings.Contains(err.Error(), "/cosmos.staking.v1beta1.MsgUpdateParams") {
		t.Fatalf("submitting invalid staking params with --gas auto: %v, want the dry run's error naming the message", err)
	}
	t.Logf("invalid staking params: %s", firstLineWith(err.Error(), "fail when run now"))
	if got := c.Balance(alice, Denom); !got.Equal(before) {
		t.Fatalf("alice paid %s for a submission the simulation refused", before.Sub(got))
	}
	if n := proposalCount(t, c); n != proposalsBefore {
		t.Fatalf("%d proposals after the refused ones, want %d", n, proposalsBefore)
	}

	// 4. Super-quorum, on a valid proposal the dry run accepts. It votes
	// the window plus what alice's vote takes, so her quorum comes before
	// the window: no extension.
	periodB := window + pace.Period(2, 10*time.Second)
	fileB := writeProposalFile(t, c, "super.json", map[string]any{
		"class": "standard", "title": "A grant decided early", "summary": "Pays 5 AITBC from the treasury.",
		"voting_period": seconds(periodB),
		"messages": []any{map[string]any{
			"@type": "/aitbc.dao.v1.MsgCommunitySpend", "authority": daoAddr, "recipient": payee,
			"amount": []any{map[string]any{"denom": Denom, "amount": strconv.Itoa(spend)}},
		}},
	})
	before = c.Balance(alice, Denom)
	submitB := c.Tx("alice", "dao", append([]string{"submit-proposal", fileB}, submitGas...)...)
	idB := submitID(t, submitB)
	if got, want := c.Balance(alice, Denom), before.SubRaw(bond+submitFee); !got.Equal(want) {
		t.Fatalf("alice after a valid submission: %s, want %s (bond and fee)", got, want)
	}
	propB := getProposal(t, c, idB)
	originalEndB := mustTime(t, propB.VotingEndTime)
	if propB.Status != "PROPOSAL_STATUS_VOTING" || propB.SnapshotTotalPower != strconv.Itoa(total) {
		t.Fatalf("proposal %s after submission: %+v", idB, propB)
	}

	aliceB := c.Tx("alice", "dao", append([]string{"vote", idB, "yes"}, voteGas...)...)
	if at := c.BlockAt(aliceB.Height).Time; !at.Before(originalEndB.Add(-window)) {
		t.Fatalf("alice's vote at %s, inside the window before %s: the pace %s was underestimated", at, originalEndB, pace)
	}
	for _, ev := range []string{"aitbc.dao.v1.EventVotingExtended", "aitbc.dao.v1.EventSuperQuorum"} {
		if got := blockEventsOf(t, c, aliceB.Height, ev); len(got) != 0 {
			t.Fatalf("alice's vote (200 of 600, before the window) emitted %s: %v", ev, got)
		}
	}
	if got := proposalAt(t, c, idB, aliceB.Height); got.Status != "PROPOSAL_STATUS_VOTING" || !mustTime(t, got.VotingEndTime).Equal(originalEndB) || got.QuorumTime == "" {
		t.Fatalf("proposal %s after a quorum before the window: %+v, want voting until %s with a quorum time", idB, got, originalEndB)
	}

	bobB := c.Tx("bob", "dao", append([]string{"vote", idB, "yes"}, voteGas...)...)
	decidedAt := c.BlockAt(bobB.Height).Time
	super := blockEventsOf(t, c, bobB.Height, "aitbc.dao.v1.EventSuperQuorum")
	if len(super) != 1 || super[0]["proposal_id"] != idB || super[0]["yes"] != strconv.Itoa(aliceLock+bobLock) ||
		super[0]["snapshot_total_power"] != strconv.Itoa(total) || !mustTime(t, super[0]["previous_end"]).Equal(originalEndB) {
		t.Fatalf("bob's vote (yes 500 of 600 > 70 %%): EventSuperQuorum %v, want one for %s with yes %d of %d, previous end %s", super, idB, aliceLock+bobLock, total, originalEndB)
	}
	// Voting ended in bob's block: its EndBlock decided the proposal.
	passed := proposalAt(t, c, idB, bobB.Height)
	if passed.Status != "PROPOSAL_STATUS_PASSED" || !mustTime(t, passed.VotingEndTime).Equal(decidedAt) || !decidedAt.Before(originalEndB) ||
		!mustTime(t, passed.ExecutionTime).Equal(decidedAt.Add(execDelay)) {
		t.Fatalf("proposal %s at bob's vote (height %d, %s): %+v, want passed, voting end %s, execution at +%s, before the original end %s",
			idB, bobB.Height, decidedAt, passed, decidedAt, execDelay, originalEndB)
	}
	// Later votes are refused.
	before = c.Balance(carol, Denom)
	res, err = c.TxE("carol", "dao", append([]string{"vote", idB, "no"}, voteGas...)...)
	expectTxFailure(t, "carol's vote after the super-quorum", res, err, "dao", 27)
	expectFeeOnly(t, c, "carol", carol, before, res, voteFee)

	executedAt := max(c.WaitForBlockTime(decidedAt.Add(execDelay)).Height, bobB.Height+1)
	c.WaitForHeight(executedAt, 0)
	if got := proposalAt(t, c, idB, executedAt); got.Status != "PROPOSAL_STATUS_EXECUTED" {
		t.Fatalf("proposal %s at height %d (first block at its execution time): %s (%q), want executed", idB, executedAt, got.Status, got.Result)
	}
	if at := c.BlockAt(executedAt).Time; !at.Before(originalEndB) {
		t.Logf("proposal %s executed at %s, after its original voting end %s (slow machine)", idB, at, originalEndB)
	}
	if got := c.Balance(payee, Denom); !got.Equal(sdkmath.NewInt(spend)) {
		t.Fatalf("payee holds %s after the early execution, want %d", got, spend)
	}

	// 5. Proposal A still votes at its original end and closes at the new
	// one: passed on yes 200 against no 90.
	atOriginal := firstBlockAt(t, c, aliceVote.Height, originalEndA)
	if got := proposalAt(t, c, idA, atOriginal); got.Status != "PROPOSAL_STATUS_VOTING" {
		t.Fatalf("proposal %s at height %d (its original end %s): %s, want still voting", idA, atOriginal, originalEndA, got.Status)
	}
	ended := firstBlockAt(t, c, atOriginal, newEndA)
	last, final := proposalAt(t, c, idA, ended-1), proposalAt(t, c, idA, ended)
	if last.Status != "PROPOSAL_STATUS_VOTING" || final.Status != "PROPOSAL_STATUS_PASSED" {
		t.Fatalf("proposal %s at heights %d and %d (first block at or after the extended end %s): %s then %s (%q), want voting then passed",
			idA, ended-1, ended, newEndA, last.Status, final.Status, final.Result)
	}
	if final.Tally.Yes != strconv.Itoa(aliceLock) || final.Tally.No != strconv.Itoa(bobLock*3/10) || final.Tally.Abstain != strconv.Itoa(bobLock*7/10) {
		t.Fatalf("final tally of %s: %+v", idA, final.Tally)
	}
	t.Logf("TestDaoDepth took %s", time.Since(start).Round(time.Millisecond))
}

// submitID returns the proposal id of a submission's EventSubmitProposal.
func submitID(t *testing.T, res TxResponse) string {
	t.Helper()
	attr, _ := res.Attr("aitbc.dao.v1.EventSubmitProposal", "proposal_id")
	id := strings.Trim(attr, `"`)
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		t.Fatalf("no proposal_id in the submit events: %+v", res.Events)
	}
	return id
}

// eventsOf returns the events of a type in a transaction, each as its
// attributes with the JSON of typed events decoded: strings unquoted,
// anything else as its JSON text.
func eventsOf(t *testing.T, res TxResponse, eventType string) []map[string]string {
	t.Helper()
	return eventAttrs(res.Events, eventType)
}

// blockEventsOf returns the attributes of the block events (Begin and
// EndBlock, CometBFT's finalize_block_events) of type eventType at height h.
func blockEventsOf(t *testing.T, c *Chain, h int64, eventType string) []map[string]string {
	t.Helper()
	var resp struct {
		Result struct {
			Events []Event `json:"finalize_block_events"`
		} `json:"result"`
	}
	if err := getJSON(fmt.Sprintf("http://127.0.0.1:%d/block_results?height=%d", c.RPCPort, h), &resp); err != nil {
		t.Fatalf("block_results at height %d: %v", h, err)
	}
	return eventAttrs(resp.Result.Events, eventType)
}

// eventAttrs returns the attributes of each event of type eventType, with
// JSON-quoted values (typed events) unquoted.
func eventAttrs(events []Event, eventType string) []map[string]string {
	var out []map[string]string
	for _, e := range events {
		if e.Type != eventType {
			continue
		}
		attrs := map[string]string{}
		for _, a := range e.Attributes {
			var s string
			if err := json.Unmarshal([]byte(a.Value), &s); err == nil {
				attrs[a.Key] = s
			} else {
				attrs[a.Key] = a.Value
			}
		}
		out = append(out, attrs)
	}
	return out
}

// firstBlockAt waits for chain time tm and returns the first block at or
// after it, found between block from (before tm) and the latest: the
// state a deadline left, however late the test looks.
func firstBlockAt(t *testing.T, c *Chain, from int64, tm time.Time) int64 {
	t.Helper()
	if !c.BlockAt(from).Time.Before(tm) {
		t.Fatalf("block %d is not before %s", from, tm)
	}
	lo, hi := from, c.WaitForBlockTime(tm).Height
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.BlockAt(mid).Time.Before(tm) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// proposalCount is the number of x/dao proposals.
func proposalCount(t *testing.T, c *Chain) int {
	t.Helper()
	var list struct {
		Proposals []daoProposal `json:"proposals"`
	}
	mustREST(t, c, "/aitbc/dao/v1/proposals", &list)
	return len(list.Proposals)
}

// expectReasonRefused checks that a vote was refused for its reason: by
// the CLI before broadcasting, or by CheckTx with ErrInvalidVoteReason.
func expectReasonRefused(t *testing.T, what string, res TxResponse, err error) {
	t.Helper()
	const text = "invalid vote reason"
	switch {
	case err != nil:
		if !strings.Contains(err.Error(), text) {
			t.Fatalf("%s: refused by the CLI without %q: %v", what, text, err)
		}
		t.Logf("%s: refused by the CLI: %s", what, firstLineWith(err.Error(), text))
	case res.Codespace != "dao" || res.Code != 50 || !strings.Contains(res.RawLog, text):
		t.Fatalf("%s: code %s/%d %q, want dao/50 %q", what, res.Codespace, res.Code, res.RawLog, text)
	default:
		t.Logf("%s: code %s/%d at height %d: %s", what, res.Codespace, res.Code, res.Height, res.RawLog)
	}
}
