package e2e

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestGovRoutes reads a DAO proposal through the standard cosmos gov REST
// routes, with the exact requests ping.pub's explorer (gov v1, SDK >= 0.50
// profile) and Keplr's governance tab (v1beta1 and v1) send: alice and bob
// lock, alice submits a standard proposal with the x/dao CLI, alice votes
// yes and bob splits his vote (abstain=0.7,no=0.3 with vote-weighted);
// during voting the routes show the proposal in the voting period with the live tally, the votes, the bond as alice's
// deposit and the standard class as gov params; after voting they show it
// passed with the final tally. Unknown and zero ids answer 404 and 400.
func TestGovRoutes(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		standardIdx = "1"
		aliceLock   = 200_000_000
		bobLock     = 300_000_000
		bond        = "1000000000"
		bondCoin    = `[{"amount":"1000000000","denom":"uaitbc"}]` // as jsonOf writes a decoded coin
	)
	gas := func(g string) []string { return []string{"--gas", g, "--fees", "2000" + Denom} }

	c := NewChain(t, Options{
		Accounts: []Account{{Name: "alice"}, {Name: "bob"}},
		EditGenesis: func(_ *Chain, genesis map[string]any) error {
			class := "app_state.dao.params.classes." + standardIdx
			for path, value := range map[string]string{
				"app_state.dao.params.vesting":            "0s",
				"app_state.dao.params.twas_window":        "1s",
				"app_state.dao.params.max_power_fraction": "0.900000000000000000",
				class + ".challenge_period":               "0s",
				class + ".min_voting_period":              "2s",
				class + ".default_voting_period":          "10s",
				class + ".max_voting_period":              maxVotingPeriod,
				class + ".execution_delay":                "2s",
			} {
				if err := SetPath(genesis, path, value); err != nil {
					return err
				}
			}
			return plainVoting(genesis, class)
		},
	})
	c.Start()
	alice, bob := c.KeyAddress("alice"), c.KeyAddress("bob")
	daoAddr := moduleAccountAddress(t, c, "dao")

	var wg sync.WaitGroup
	lockErrs := make([]error, 2)
	for i, l := range []struct {
		key    string
		amount int
	}{{"alice", aliceLock}, {"bob", bobLock}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lockErrs[i] = txOK(c.TxE(l.key, "dao", append([]string{"lock", strconv.Itoa(l.amount) + Denom}, gas("400000")...)...))
		}()
	}
	wg.Wait()
	if err := errors.Join(lockErrs...); err != nil {
		t.Fatalf("lock: %v", err)
	}
	c.Tx(c.Validator, "bank", "send", c.Validator, daoAddr, "10"+Denom)
	c.WaitUntil("bob's power to reach his lock", 20, func() (bool, string) {
		var p votingPower
		if err := c.REST("/aitbc/dao/v1/voting_power/"+bob, &p); err != nil {
			return false, err.Error()
		}
		return p.Power == strconv.Itoa(bobLock), p.Power
	})
	// Submission, two votes and the reads at the last vote's height: the
	// voting period covers about six round trips at the measured pace.
	votingPeriod := c.Pace().Period(6, 12*time.Second)

	file := writeProposalFile(t, c, "gov-routes.json", map[string]any{
		"class": "standard", "title": "Grant for the explorer", "summary": "Pays 10 uaitbc to bob.",
		"metadata": "ipfs://gov-routes", "voting_period": seconds(votingPeriod),
		"messages": []any{map[string]any{
			"@type": "/aitbc.dao.v1.MsgCommunitySpend", "authority": daoAddr, "recipient": bob,
			"amount": []any{map[string]any{"denom": Denom, "amount": "10"}},
		}},
	})
	submit := c.Tx("alice", "dao", append([]string{"submit-proposal", file}, gas("800000")...)...)
	idAttr, _ := submit.Attr("aitbc.dao.v1.EventSubmitProposal", "proposal_id")
	id := strings.Trim(idAttr, `"`)
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		t.Fatalf("no proposal id in the submit events: %+v", submit.Events)
	}
	aliceVote := c.Tx("alice", "dao", append([]string{"vote", id, "yes"}, gas("400000")...)...)
	// bob splits his vote with decimal weights, as x/dao/README.md shows.
	bobVote := c.Tx("bob", "dao", append([]string{"vote-weighted", id, "abstain=0.7,no=0.3"}, gas("400000")...)...)
	voted := max(aliceVote.Height, bobVote.Height)
	dao := proposalAt(t, c, id, voted)
	if dao.Status != "PROPOSAL_STATUS_VOTING" {
		t.Fatalf("proposal %s at the last vote (height %d): %s, want voting (voting period %s)", id, voted, dao.Status, votingPeriod)
	}
	var daoFull struct {
		Proposal struct {
			VotingStartTime string `json:"voting_start_time"`
		} `json:"proposal"`
	}
	mustRESTAt(t, c, "/aitbc/dao/v1/proposals/"+id, voted, &daoFull)
	at := func(path string, out any) { t.Helper(); mustRESTAt(t, c, path, voted, out) }

	// ping.pub: the list of proposals in voting, newest first.
	var list govV1Proposals
	at("/cosmos/gov/v1/proposals?proposal_status=2&pagination.limit=20&pagination.count_total=true&pagination.reverse=true", &list)
	if len(list.Proposals) != 1 || list.Pagination.Total != "1" {
		t.Fatalf("proposals in voting: %+v", list)
	}
	p := list.Proposals[0]
	wantTimes := [4]string{dao.SubmitTime, dao.SubmitTime, daoFull.Proposal.VotingStartTime, dao.VotingEndTime} // no challenge period
	if p.Id != id || p.Status != "PROPOSAL_STATUS_VOTING_PERIOD" || p.Title != "Grant for the explorer" ||
		p.Summary != "Pays 10 uaitbc to bob." || p.Metadata != "ipfs://gov-routes" || p.Proposer != alice || p.Expedited ||
		p.FailedReason != "" || jsonOf(t, p.TotalDeposit) != bondCoin ||
		[4]string{p.SubmitTime, p.DepositEndTime, p.VotingStartTime, p.VotingEndTime} != wantTimes ||
		p.FinalTallyResult != (govV1Tally{"0", "0", "0", "0"}) ||
		len(p.Messages) != 1 || p.Messages[0]["@type"] != "/aitbc.dao.v1.MsgCommunitySpend" || p.Messages[0]["recipient"] != bob {
		t.Fatalf("proposal %s on /cosmos/gov/v1/proposals: %+v, want times %v", id, p, wantTimes)
	}
	var none govV1Proposals
	at("/cosmos/gov/v1/proposals?proposal_status=3&pagination.limit=20&pagination.count_total=true&pagination.reverse=true", &none)
	if len(none.Proposals) != 0 || none.Pagination.Total != "0" {
		t.Fatalf("passed proposals while voting: %+v", none)
	}
	var one struct {
		Proposal govV1Proposal `json:"proposal"`
	}
	at("/cosmos/gov/v1/proposals/"+id, &one)
	if jsonOf(t, one.Proposal) != jsonOf(t, p) {
		t.Fatalf("/cosmos/gov/v1/proposals/%s: %+v, want %+v", id, one.Proposal, p)
	}

	// The live tally, as x/dao counts it.
	wantTally := govV1Tally{dao.Tally.Yes, dao.Tally.Abstain, dao.Tally.No, dao.Tally.NoWithVeto}
	if dao.Tally.Yes != strconv.Itoa(aliceLock) || dao.Tally.Abstain != strconv.Itoa(bobLock*7/10) || dao.Tally.No != strconv.Itoa(bobLock*3/10) || dao.Tally.NoWithVeto != "0" {
		t.Fatalf("x/dao tally after alice's yes and bob's split abstain=0.7,no=0.3: %+v", dao.Tally)
	}
	var tally struct {
		Tally govV1Tally `json:"tally"`
	}
	at("/cosmos/gov/v1/proposals/"+id+"/tally", &tally)
	if tally.Tally != wantTally {
		t.Fatalf("/cosmos/gov/v1/proposals/%s/tally: %+v, want %+v", id, tally.Tally, wantTally)
	}

	// Votes, with ping.pub's query string (it sends its own unfilled
	// "proposal_status={status}" on this route too), and one voter's.
	var votes struct {
		Votes      []govV1Vote   `json:"votes"`
		Pagination govPagination `json:"pagination"`
	}
	at("/cosmos/gov/v1/proposals/"+id+"/votes?proposal_status=%7Bstatus%7D&pagination.limit=20&pagination.count_total=true&pagination.reverse=true", &votes)
	byVoter := map[string]string{}
	for _, v := range votes.Votes {
		byVoter[v.Voter] = jsonOf(t, v.Options)
	}
	wantAlice := `[{"option":"VOTE_OPTION_YES","weight":"1.000000000000000000"}]`
	wantBob := `[{"option":"VOTE_OPTION_ABSTAIN","weight":"0.700000000000000000"},{"option":"VOTE_OPTION_NO","weight":"0.300000000000000000"}]`
	if len(votes.Votes) != 2 || byVoter[alice] != wantAlice || byVoter[bob] != wantBob || votes.Pagination.Total != "2" {
		t.Fatalf("votes on %s: %+v", id, votes)
	}
	var vote struct {
		Vote govV1Vote `json:"vote"`
	}
	at("/cosmos/gov/v1/proposals/"+id+"/votes/"+alice, &vote)
	if vote.Vote.Voter != alice || vote.Vote.ProposalId != id || jsonOf(t, vote.Vote.Options) != wantAlice {
		t.Fatalf("alice's vote: %+v", vote)
	}

	// The bond is alice's deposit.
	var deposits struct {
		Deposits []struct {
			ProposalId string `json:"proposal_id"`
			Depositor  string `json:"depositor"`
			Amount     any    `json:"amount"`
		} `json:"deposits"`
	}
	at("/cosmos/gov/v1/proposals/"+id+"/deposits", &deposits)
	if len(deposits.Deposits) != 1 || deposits.Deposits[0].ProposalId != id || deposits.Deposits[0].Depositor != alice ||
		jsonOf(t, deposits.Deposits[0].Amount) != bondCoin {
		t.Fatalf("deposits on %s: %+v", id, deposits)
	}

	// Params: ping.pub reads the deprecated per-type fields.
	var params struct {
		VotingParams  map[string]any `json:"voting_params"`
		DepositParams map[string]any `json:"deposit_params"`
		TallyParams   map[string]any `json:"tally_params"`
		Params        map[string]any `json:"params"`
	}
	at("/cosmos/gov/v1/params/voting", &params)
	if params.VotingParams["voting_period"] != "10s" || params.Params["voting_period"] != "10s" || params.Params["expedited_voting_period"] != "259200s" {
		t.Fatalf("/cosmos/gov/v1/params/voting: %+v", params)
	}
	at("/cosmos/gov/v1/params/deposit", &params)
	if jsonOf(t, params.DepositParams["min_deposit"]) != bondCoin || params.DepositParams["max_deposit_period"] != "0s" {
		t.Fatalf("/cosmos/gov/v1/params/deposit: %+v", params.DepositParams)
	}
	at("/cosmos/gov/v1/params/tallying", &params)
	if params.TallyParams["quorum"] != "0.100000000000000000" || params.TallyParams["threshold"] != "0.500000000000000000" ||
		params.TallyParams["veto_threshold"] != "0.334000000000000000" {
		t.Fatalf("/cosmos/gov/v1/params/tallying: %+v", params.TallyParams)
	}
	var constitution map[string]any
	at("/cosmos/gov/v1/constitution", &constitution)
	if text, ok := constitution["constitution"]; !ok || text != "" {
		t.Fatalf("/cosmos/gov/v1/constitution: %v", constitution)
	}

	// Keplr: the v1beta1 list (a TextProposal content), the params, the
	// voter's vote (its deprecated single option) and the tally; its v1 list.
	var legacy struct {
		Proposals []govV1beta1Proposal `json:"proposals"`
	}
	at("/cosmos/gov/v1beta1/proposals?pagination.limit=3000", &legacy)
	if len(legacy.Proposals) != 1 {
		t.Fatalf("/cosmos/gov/v1beta1/proposals: %+v", legacy)
	}
	lp := legacy.Proposals[0]
	if lp.ProposalId != id || lp.Status != "PROPOSAL_STATUS_VOTING_PERIOD" || lp.Content.Type != "/cosmos.gov.v1beta1.TextProposal" ||
		lp.Content.Title != "Grant for the explorer" || lp.Content.Description != "Pays 10 uaitbc to bob." ||
		lp.FinalTallyResult != (govV1beta1Tally{"0", "0", "0", "0"}) || jsonOf(t, lp.TotalDeposit) != bondCoin ||
		lp.VotingEndTime != dao.VotingEndTime {
		t.Fatalf("/cosmos/gov/v1beta1/proposals: %+v", lp)
	}
	var keplrV1 govV1Proposals
	at("/cosmos/gov/v1/proposals?pagination.limit=3000", &keplrV1)
	if len(keplrV1.Proposals) != 1 || keplrV1.Proposals[0].Id != id {
		t.Fatalf("/cosmos/gov/v1/proposals?pagination.limit=3000: %+v", keplrV1)
	}
	var legacyParams struct {
		TallyParams  map[string]any `json:"tally_params"`
		VotingParams map[string]any `json:"voting_params"`
	}
	at("/cosmos/gov/v1beta1/params/tallying", &legacyParams)
	if legacyParams.TallyParams["quorum"] != "0.100000000000000000" {
		t.Fatalf("/cosmos/gov/v1beta1/params/tallying: %+v", legacyParams)
	}
	at("/cosmos/gov/v1beta1/params/voting", &legacyParams)
	if legacyParams.VotingParams["voting_period"] != "10s" {
		t.Fatalf("/cosmos/gov/v1beta1/params/voting: %+v", legacyParams)
	}
	for voter, option := range map[string]string{alice: "VOTE_OPTION_YES", bob: "VOTE_OPTION_UNSPECIFIED"} {
		var v struct {
			Vote struct {
				Voter  string `json:"voter"`
				Option string `json:"option"`
			} `json:"vote"`
		}
		at("/cosmos/gov/v1beta1/proposals/"+id+"/votes/"+voter, &v)
		if v.Vote.Voter != voter || v.Vote.Option != option {
			t.Fatalf("v1beta1 vote of %s: %+v, want option %s", voter, v, option)
		}
	}
	var legacyTally struct {
		Tally govV1beta1Tally `json:"tally"`
	}
	at("/cosmos/gov/v1beta1/proposals/"+id+"/tally", &legacyTally)
	if legacyTally.Tally != (govV1beta1Tally{dao.Tally.Yes, dao.Tally.Abstain, dao.Tally.No, dao.Tally.NoWithVeto}) {
		t.Fatalf("/cosmos/gov/v1beta1/proposals/%s/tally: %+v, want %+v", id, legacyTally.Tally, dao.Tally)
	}

	// Bad requests: an unknown id 404, id 0 and an unknown params type 400.
	for path, code := range map[string]int{
		"/cosmos/gov/v1/proposals/999":                                           http.StatusNotFound,
		"/cosmos/gov/v1beta1/proposals/999":                                      http.StatusNotFound,
		"/cosmos/gov/v1/proposals/0":                                             http.StatusBadRequest,
		"/cosmos/gov/v1/proposals/999/tally":                                     http.StatusNotFound,
		"/cosmos/gov/v1/params/everything":                                       http.StatusBadRequest,
		"/cosmos/gov/v1/proposals/" + id + "/votes/" + c.KeyAddress(c.Validator): http.StatusNotFound,
	} {
		var herr *HTTPError
		if err := c.REST(path, nil); !errors.As(err, &herr) || herr.Status != code {
			t.Fatalf("GET %s: %v, want HTTP %d", path, err, code)
		}
	}
	// Voting ends: passed, with the final tally on the proposal.
	ended := c.WaitForBlockTime(mustTime(t, dao.VotingEndTime)).Height
	if final := proposalAt(t, c, id, ended); final.Status != "PROPOSAL_STATUS_PASSED" {
		t.Fatalf("proposal %s at the end of voting (height %d): %s (%s)", id, ended, final.Status, final.Result)
	}
	var passed govV1Proposals
	mustRESTAt(t, c, "/cosmos/gov/v1/proposals?proposal_status=3&pagination.limit=20&pagination.count_total=true&pagination.reverse=true", ended, &passed)
	if len(passed.Proposals) != 1 || passed.Proposals[0].Status != "PROPOSAL_STATUS_PASSED" || passed.Proposals[0].FinalTallyResult != wantTally {
		t.Fatalf("passed proposals at height %d: %+v, want the final tally %+v", ended, passed, wantTally)
	}
	mustRESTAt(t, c, "/cosmos/gov/v1beta1/proposals?pagination.limit=3000", ended, &legacy)
	if len(legacy.Proposals) != 1 || legacy.Proposals[0].Status != "PROPOSAL_STATUS_PASSED" ||
		legacy.Proposals[0].FinalTallyResult != (govV1beta1Tally{dao.Tally.Yes, dao.Tally.Abstain, dao.Tally.No, dao.Tally.NoWithVeto}) {
		t.Fatalf("v1beta1 proposals at height %d: %+v", ended, legacy)
	}
}

type govPagination struct {
	NextKey *string `json:"next_key"`
	Total   string  `json:"total"`
}

type govV1Tally struct {
	Yes        string `json:"yes_count"`
	Abstain    string `json:"abstain_count"`
	No         string `json:"no_count"`
	NoWithVeto string `json:"no_with_veto_count"`
}

type govV1beta1Tally struct {
	Yes        string `json:"yes"`
	Abstain    string `json:"abstain"`
	No         string `json:"no"`
	NoWithVeto string `json:"no_with_veto"`
}

type govV1Proposal struct {
	Id               string           `json:"id"`
	Messages         []map[string]any `json:"messages"`
	Status           string           `json:"status"`
	FinalTallyResult govV1Tally       `json:"final_tally_result"`
	SubmitTime       string           `json:"submit_time"`
	DepositEndTime   string           `json:"deposit_end_time"`
	TotalDeposit     any              `json:"total_deposit"`
	VotingStartTime  string           `json:"voting_start_time"`
	VotingEndTime    string           `json:"voting_end_time"`
	Metadata         string           `json:"metadata"`
	Title            string           `json:"title"`
	Summary          string           `json:"summary"`
	Proposer         string           `json:"proposer"`
	Expedited        bool             `json:"expedited"`
	FailedReason     string           `json:"failed_reason"`
}

type govV1Proposals struct {
	Proposals  []govV1Proposal `json:"proposals"`
	Pagination govPagination   `json:"pagination"`
}

type govV1Vote struct {
	ProposalId string `json:"proposal_id"`
	Voter      string `json:"voter"`
	Options    any    `json:"options"`
}

type govV1beta1Proposal struct {
	ProposalId string `json:"proposal_id"`
	Content    struct {
		Type        string `json:"@type"`
		Title       string `json:"title"`
		Description string `json:"description"`
	} `json:"content"`
	Status           string          `json:"status"`
	FinalTallyResult govV1beta1Tally `json:"final_tally_result"`
	TotalDeposit     any             `json:"total_deposit"`
	VotingEndTime    string          `json:"voting_end_time"`
}

func mustRESTAt(t *testing.T, c *Chain, path string, h int64, out any) {
	t.Helper()
	if err := c.RESTAt(path, h, out); err != nil {
		t.Fatal(err)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	bz, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(bz)
}
