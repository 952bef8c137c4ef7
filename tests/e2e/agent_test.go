package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
)

// TestAgentActsAndVotes drives x/agent on a real node through the CLI and
// REST: alice registers a provider agent (the fee goes to the dao
// treasury), bob funds its keyless wallet, alice names carol operator with a
// policy (dao lock and vote, a spend limit per period), carol locks the
// wallet's tokens in x/dao, bad execs (a type outside the policy, over the
// spend limit, a message not signed by the wallet, a stranger, a paused
// agent) fail and move nothing, carol votes for the wallet on alice's
// standard proposal (counted in the "provider" group with the wallet's
// snapshot power), and alice retires the agent, which pays the wallet's
// spendable coins to her and ends carol's rights.
func TestAgentActsAndVotes(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		standardIdx = "1" // index of the "standard" class in params.classes
		agentID     = "1"
		regFee      = 10_000_000 // the x/agent registration fee, 10 AITBC
		funding     = 5_000_000  // what bob sends to the wallet
		walletLock  = 1_000_000  // what carol locks for the wallet
		overLock    = 1_500_000  // a second lock that breaks the spend limit
		spendLimit  = 2_000_000
		aliceLock   = 200_000_000   // above the 100 AITBC min proposer power
		bond        = 1_000_000_000 // the standard class bond
		execFee     = 1500
		ownerFee    = 1000
		submitFee   = 2000
	)
	execGas := []string{"--gas", "600000", "--fees", strconv.Itoa(execFee) + Denom}
	ownerGas := []string{"--gas", "400000", "--fees", strconv.Itoa(ownerFee) + Denom}
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
				class + ".min_voting_period":              "5s",
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
	t.Logf("node up after %s", time.Since(start).Round(time.Millisecond))
	alice, bob, carol := c.KeyAddress("alice"), c.KeyAddress("bob"), c.KeyAddress("carol")
	daoAddr := moduleAccountAddress(t, c, "dao")
	escrowAddr := moduleAccountAddress(t, c, "dao_vote_escrow")

	var params struct {
		Params struct {
			RegistrationFee []struct{ Denom, Amount string } `json:"registration_fee"`
		} `json:"params"`
	}
	mustREST(t, c, "/aitbc/agent/v1/params", &params)
	if len(params.Params.RegistrationFee) != 1 || params.Params.RegistrationFee[0].Amount != strconv.Itoa(regFee) {
		t.Fatalf("agent params: registration fee %+v, want %d%s", params.Params.RegistrationFee, regFee, Denom)
	}

	// 1. alice registers a provider agent; the fee goes to the treasury.
	aliceBefore, treasuryBefore := c.Balance(alice, Denom), c.Balance(daoAddr, Denom)
	reg := c.Tx("alice", "agent", append([]string{"register", "provider", "gpu-bot",
		"--endpoint", "https://bot.example", "--capabilities", "llm,h100"}, execGas...)...)
	if got, want := c.Balance(alice, Denom), aliceBefore.SubRaw(regFee+execFee); !got.Equal(want) {
		t.Fatalf("alice after registering: %s, want %s (fee %d and tx fee %d)", got, want, regFee, execFee)
	}
	if got, want := c.Balance(daoAddr, Denom), treasuryBefore.AddRaw(regFee); !got.Equal(want) {
		t.Fatalf("dao treasury after the registration: %s, want %s", got, want)
	}
	if id, _ := reg.Attr("aitbc.agent.v1.EventAgentRegistered", "agent_id"); strings.Trim(id, `"`) != agentID {
		t.Fatalf("registration event agent_id %q, want %s: %+v", id, agentID, reg.Events)
	}

	agent := agentByREST(t, c, agentID)
	if agent.Owner != alice || agent.Type != "AGENT_TYPE_PROVIDER" || agent.Name != "gpu-bot" || agent.Endpoint != "https://bot.example" ||
		!slices.Equal(agent.Capabilities, []string{"llm", "h100"}) || agent.Status != "AGENT_STATUS_ACTIVE" ||
		agent.Operator != "" || !strings.HasPrefix(agent.Wallet, "aitbc1") {
		t.Fatalf("agent through REST: %+v", agent)
	}
	wallet := agent.Wallet
	var walletInfo agentWalletInfo
	mustREST(t, c, "/aitbc/agent/v1/agents/"+agentID+"/wallet", &walletInfo)
	if walletInfo.Wallet != wallet || agentCoinAmount(walletInfo.Balances, Denom) != "0" {
		t.Fatalf("wallet through REST: %+v, want %s and no coins", walletInfo, wallet)
	}
	var cliAgent map[string]any
	c.QueryInto(&cliAgent, "agent", "agent", agentID)
	if findKey(cliAgent, "wallet") != wallet || findKey(cliAgent, "owner") != alice || findKey(cliAgent, "name") != "gpu-bot" {
		t.Fatalf("q agent agent %s: %v", agentID, cliAgent)
	}
	// Which spellings of the type does `q agent agents --type` take?
	accepted := map[string]bool{}
	for _, spelling := range []string{"provider", "AGENT_TYPE_PROVIDER", "1"} {
		var list struct {
			Agents []agentRecord `json:"agents"`
		}
		if err := c.QueryE(&list, "agent", "agents", "--type", spelling); err != nil {
			t.Logf("`q agent agents --type %s` refused: %s", spelling, firstLineWith(err.Error(), "valid value"))
			continue
		}
		if len(list.Agents) != 1 || list.Agents[0].Wallet != wallet {
			t.Fatalf("q agent agents --type %s: %+v", spelling, list.Agents)
		}
		accepted[spelling] = true
		t.Logf("`q agent agents --type %s` lists the agent", spelling)
	}
	if !accepted["provider"] {
		t.Fatal("`q agent agents --type provider` (the spelling in its help) did not list the agent")
	}
	var consumers struct {
		Agents []agentRecord `json:"agents"`
	}
	c.QueryInto(&consumers, "agent", "agents", "--type", "consumer")
	if len(consumers.Agents) != 0 {
		t.Fatalf("q agent agents --type consumer: %+v", consumers.Agents)
	}
	var byType struct {
		Agents []agentRecord `json:"agents"`
	}
	// The gateway parses enum query parameters as numbers only: the name
	// (type=AGENT_TYPE_PROVIDER) is refused with HTTP 400 (gogoproto enums are
	// not in the registry grpc-gateway v1 looks names up in).
	if err := c.REST("/aitbc/agent/v1/agents?type=AGENT_TYPE_PROVIDER", nil); err != nil {
		t.Logf("REST ?type=AGENT_TYPE_PROVIDER refused: %s", firstLine(err.Error()))
	}
	mustREST(t, c, "/aitbc/agent/v1/agents?type=1&capability=h100", &byType)
	if len(byType.Agents) != 1 || byType.Agents[0].Wallet != wallet {
		t.Fatalf("REST agents by type and capability: %+v", byType.Agents)
	}

	// 2. bob funds the wallet with a plain bank send while alice locks her
	// own tokens (she needs power to propose later).
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		errs[0] = txOK(c.TxE("bob", "bank", "send", "bob", wallet, strconv.Itoa(funding)+Denom))
	}()
	go func() {
		defer wg.Done()
		errs[1] = txOK(c.TxE("alice", "dao", append([]string{"lock", strconv.Itoa(aliceLock) + Denom}, ownerGas...)...))
	}()
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("funding the wallet / alice's lock: %v", err)
	}
	mustREST(t, c, "/aitbc/agent/v1/agents/"+agentID+"/wallet", &walletInfo)
	if agentCoinAmount(walletInfo.Balances, Denom) != strconv.Itoa(funding) {
		t.Fatalf("wallet after bob's send: %+v, want %d%s", walletInfo, funding, Denom)
	}

	// 3. alice names carol operator and sets a policy.
	c.Tx("alice", "agent", append([]string{"set-operator", agentID, carol}, ownerGas...)...)
	policyJSON := fmt.Sprintf(`{"allowed_msg_types":["/aitbc.dao.v1.MsgLock","/aitbc.dao.v1.MsgVote"],`+
		`"spend_limit":[{"denom":%q,"amount":"%d"}],"period":"3600s"}`, Denom, spendLimit)
	c.Tx("alice", "agent", append([]string{"set-policy", agentID, policyJSON}, ownerGas...)...)
	if agent = agentByREST(t, c, agentID); agent.Operator != carol {
		t.Fatalf("operator %q after set-operator, want carol %s", agent.Operator, carol)
	}
	policy := agentPolicyByREST(t, c, agentID)
	if !slices.Equal(policy.Policy.AllowedMsgTypes, []string{"/aitbc.dao.v1.MsgLock", "/aitbc.dao.v1.MsgVote"}) ||
		agentCoinAmount(policy.Policy.SpendLimit, Denom) != strconv.Itoa(spendLimit) || policy.Policy.Period != "3600s" ||
		len(policy.Policy.AllowedRecipients) != 0 || agentCoinAmount(policy.Spent.Spent, Denom) != "0" {
		t.Fatalf("policy through REST: %+v", policy)
	}

	// 4. carol locks for the wallet through exec.
	lockFile := writeAgentMsgs(t, c, "lock.json", map[string]any{
		"@type": "/aitbc.dao.v1.MsgLock", "owner": wallet,
		"amount": map[string]any{"denom": Denom, "amount": strconv.Itoa(walletLock)},
	})
	carolBefore := c.Balance(carol, Denom)
	execRes := c.Tx("carol", "agent", append([]string{"exec", agentID, lockFile}, execGas...)...)
	if got, want := c.Balance(carol, Denom), carolBefore.SubRaw(execFee); !got.Equal(want) {
		t.Fatalf("carol after exec: %s, want %s (the fee only: the wallet pays the lock)", got, want)
	}
	if spent, _ := execRes.Attr("aitbc.agent.v1.EventAgentExec", "spent"); strings.Trim(spent, `"`) != strconv.Itoa(walletLock)+Denom {
		t.Fatalf("exec event spent %q, want %d%s", spent, walletLock, Denom)
	}
	var lock agentLockInfo
	mustREST(t, c, "/aitbc/dao/v1/locks/"+wallet, &lock)
	if lock.Lock.Owner != wallet || lock.Lock.Amount != strconv.Itoa(walletLock) || lock.Lock.Delegatee != wallet || lock.Votes != strconv.Itoa(walletLock) {
		t.Fatalf("wallet's dao lock through REST: %+v", lock)
	}
	state := readAgentState(t, c, agentID, wallet, escrowAddr)
	if state.walletBalance != strconv.Itoa(funding-walletLock) || state.locked != strconv.Itoa(walletLock) ||
		state.spent != strconv.Itoa(walletLock) || state.escrow != strconv.Itoa(aliceLock+walletLock) {
		t.Fatalf("after carol's lock: %+v", state)
	}

	// 5. Bad execs fail and move nothing; the sender pays its fee only.
	sendFile := writeAgentMsgs(t, c, "send.json", map[string]any{
		"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": wallet, "to_address": carol,
		"amount": []any{map[string]any{"denom": Denom, "amount": "1000"}},
	})
	overFile := writeAgentMsgs(t, c, "over.json", map[string]any{
		"@type": "/aitbc.dao.v1.MsgLock", "owner": wallet,
		"amount": map[string]any{"denom": Denom, "amount": strconv.Itoa(overLock)},
	})
	notWalletFile := writeAgentMsgs(t, c, "carol-lock.json", map[string]any{
		"@type": "/aitbc.dao.v1.MsgLock", "owner": carol,
		"amount": map[string]any{"denom": Denom, "amount": "1000"},
	})
	badExec := func(what, key, file string, code uint32) {
		t.Helper()
		addr := c.KeyAddress(key)
		before := c.Balance(addr, Denom)
		res, err := c.TxE(key, "agent", append([]string{"exec", agentID, file}, execGas...)...)
		expectTxFailure(t, what, res, err, "agent", code)
		expectFeeOnly(t, c, key, addr, before, res, execFee)
		if got := readAgentState(t, c, agentID, wallet, escrowAddr); got != state {
			t.Fatalf("%s changed the agent's state: %+v, was %+v", what, got, state)
		}
	}
	// bob, a stranger, goes in parallel with carol's first try.
	bobBefore := c.Balance(bob, Denom)
	var bobRes TxResponse
	var bobErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		bobRes, bobErr = c.TxE("bob", "agent", append([]string{"exec", agentID, lockFile}, execGas...)...)
	}()
	badExec("carol execs a bank send (type outside the policy)", "carol", sendFile, 9)
	wg.Wait()
	expectTxFailure(t, "bob (neither owner nor operator) execs a lock", bobRes, bobErr, "agent", 7)
	expectFeeOnly(t, c, "bob", bob, bobBefore, bobRes, execFee)
	badExec("carol locks over the spend limit", "carol", overFile, 10)
	badExec("carol execs a lock signed by herself, not the wallet", "carol", notWalletFile, 11)

	c.Tx("alice", "agent", append([]string{"pause", agentID, "true"}, ownerGas...)...)
	if agent = agentByREST(t, c, agentID); agent.Status != "AGENT_STATUS_PAUSED" {
		t.Fatalf("status after pause: %s", agent.Status)
	}
	badExec("carol execs while the agent is paused", "carol", lockFile, 8)
	c.Tx("alice", "agent", append([]string{"pause", agentID, "false"}, ownerGas...)...)
	if agent = agentByREST(t, c, agentID); agent.Status != "AGENT_STATUS_ACTIVE" || agent.Operator != carol {
		t.Fatalf("agent after resuming: %+v", agent)
	}

	// 6. alice submits a standard text proposal; carol votes yes for the
	// wallet; the vote counts in the provider group with the wallet's power.
	c.WaitUntil("the wallet's power to reach its lock", 20, func() (bool, string) {
		var p votingPower
		if err := c.REST("/aitbc/dao/v1/voting_power/"+wallet, &p); err != nil {
			return false, err.Error()
		}
		return p.Power == strconv.Itoa(walletLock), fmt.Sprintf("%+v", p)
	})
	// carol's vote comes two CLI round trips after the submission: the
	// voting period covers them at the measured pace.
	pace := c.Pace()
	votingPeriod := pace.Period(4, 20*time.Second)
	t.Logf("pace: %s; voting period %s", pace, votingPeriod)
	proposalFile := writeProposalFile(t, c, "agent-proposal.json", map[string]any{
		"class": "standard", "title": "Agents vote too", "summary": "A text proposal an agent votes on.",
		"voting_period": seconds(votingPeriod), "messages": []any{},
	})
	submit := c.Tx("alice", "dao", append([]string{"submit-proposal", proposalFile}, submitGas...)...)
	idAttr, _ := submit.Attr("aitbc.dao.v1.EventSubmitProposal", "proposal_id")
	propID := strings.Trim(idAttr, `"`)
	if _, err := strconv.ParseUint(propID, 10, 64); err != nil {
		t.Fatalf("no proposal_id in the submit events: %+v", submit.Events)
	}
	prop := getProposal(t, c, propID)
	if prop.Status != "PROPOSAL_STATUS_VOTING" || prop.Bond.Amount != strconv.Itoa(bond) {
		t.Fatalf("proposal %s after submission: %+v", propID, prop)
	}
	voteFile := writeAgentMsgs(t, c, "vote.json", map[string]any{
		"@type": "/aitbc.dao.v1.MsgVote", "voter": wallet, "proposal_id": propID, "option": "VOTE_OPTION_YES",
	})
	voteRes := c.Tx("carol", "agent", append([]string{"exec", agentID, voteFile}, execGas...)...)
	if spent, _ := voteRes.Attr("aitbc.agent.v1.EventAgentExec", "spent"); strings.Trim(spent, `"`) != "" {
		t.Fatalf("a vote spent %q", spent)
	}
	var walletPower votingPower
	mustREST(t, c, "/aitbc/dao/v1/voting_power/"+wallet+"?time="+url.QueryEscape(prop.SubmitTime), &walletPower)
	if walletPower.Power != strconv.Itoa(walletLock) {
		t.Fatalf("wallet's power at the snapshot %s: %+v, want %d", prop.SubmitTime, walletPower, walletLock)
	}
	wantWeight := sdkmath.MinInt(mustInt(t, walletPower.Power), mustInt(t, prop.PowerCap)).String()
	var vote struct {
		Vote struct {
			Voter          string `json:"voter"`
			Group          string `json:"group"`
			DelegatedPower string `json:"delegated_power"`
			Options        []struct {
				Option string `json:"option"`
				Weight string `json:"weight"`
			} `json:"options"`
			Counted tallyResult `json:"counted"`
		} `json:"vote"`
	}
	mustREST(t, c, "/aitbc/dao/v1/proposals/"+propID+"/votes/"+wallet, &vote)
	if vote.Vote.Voter != wallet || vote.Vote.Group != "provider" || len(vote.Vote.Options) != 1 ||
		vote.Vote.Options[0].Option != "VOTE_OPTION_YES" || vote.Vote.DelegatedPower != walletPower.Power ||
		vote.Vote.Counted.Yes != wantWeight {
		t.Fatalf("the wallet's vote through REST: %+v, want group provider and weight %s", vote.Vote, wantWeight)
	}
	var tally struct {
		Tally        tallyResult `json:"tally"`
		GroupTallies []struct {
			Group string      `json:"group"`
			Tally tallyResult `json:"tally"`
		} `json:"group_tallies"`
	}
	mustREST(t, c, "/aitbc/dao/v1/proposals/"+propID+"/tally", &tally)
	if tally.Tally.Yes != wantWeight || len(tally.GroupTallies) != 1 || tally.GroupTallies[0].Group != "provider" ||
		tally.GroupTallies[0].Tally.Yes != wantWeight {
		t.Fatalf("tally of proposal %s: %+v, want yes %s, all in the provider group", propID, tally, wantWeight)
	}
	if got := readAgentState(t, c, agentID, wallet, escrowAddr); got != state {
		t.Fatalf("the vote changed the agent's state: %+v, was %+v", got, state)
	}

	// 7. alice retires the agent: the wallet's spendable coins go to her,
	// the operator and policy are gone, carol can no longer exec.
	// Balances are read at the retirement's height and the one before; the
	// proposal's voting may end in that very block and return alice's bond.
	walletCoins := c.Balance(wallet, Denom)
	if !walletCoins.Equal(sdkmath.NewInt(funding - walletLock)) {
		t.Fatalf("wallet holds %s before retirement, want %d", walletCoins, funding-walletLock)
	}
	retire := c.Tx("alice", "agent", append([]string{"retire", agentID}, ownerGas...)...)
	want := balanceAt(t, c, alice, retire.Height-1).Add(walletCoins).SubRaw(ownerFee)
	if proposalAt(t, c, propID, retire.Height-1).Status == "PROPOSAL_STATUS_VOTING" && proposalAt(t, c, propID, retire.Height).Status != "PROPOSAL_STATUS_VOTING" {
		want = want.AddRaw(bond)
	}
	if got := balanceAt(t, c, alice, retire.Height); !got.Equal(want) {
		t.Fatalf("alice after retiring (height %d): %s, want %s (the wallet's %s minus the fee)", retire.Height, got, want, walletCoins)
	}
	if got := c.Balance(wallet, Denom); !got.IsZero() {
		t.Fatalf("the retired wallet still holds %s", got)
	}
	if agent = agentByREST(t, c, agentID); agent.Status != "AGENT_STATUS_RETIRED" || agent.Operator != "" {
		t.Fatalf("agent after retirement: %+v", agent)
	}
	if err := c.REST("/aitbc/agent/v1/agents/"+agentID+"/policy", nil); err == nil {
		t.Fatal("the retired agent still has a policy")
	}
	mustREST(t, c, "/aitbc/dao/v1/locks/"+wallet, &lock)
	if lock.Lock.Amount != strconv.Itoa(walletLock) {
		t.Fatalf("the wallet's lock after retirement: %+v (locked tokens stay; the owner can unlock them by exec)", lock)
	}
	carolBefore = c.Balance(carol, Denom)
	res, err := c.TxE("carol", "agent", append([]string{"exec", agentID, lockFile}, execGas...)...)
	expectTxFailure(t, "carol execs after the retirement", res, err, "agent", 7)
	expectFeeOnly(t, c, "carol", carol, carolBefore, res, execFee)
	mustREST(t, c, "/aitbc/dao/v1/locks/"+wallet, &lock)
	if lock.Lock.Amount != strconv.Itoa(walletLock) {
		t.Fatalf("carol's exec after the retirement moved the lock: %+v", lock)
	}
	t.Logf("TestAgentActsAndVotes took %s", time.Since(start).Round(time.Millisecond))
}

// agentRecord is the REST (and CLI) form of an agent, the fields the test reads.
type agentRecord struct {
	Id           string   `json:"id"`
	Owner        string   `json:"owner"`
	Operator     string   `json:"operator"`
	Type         string   `json:"type"`
	Name         string   `json:"name"`
	Endpoint     string   `json:"endpoint"`
	Capabilities []string `json:"capabilities"`
	Status       string   `json:"status"`
	Wallet       string   `json:"wallet"`
}

type agentCoin struct {
	Denom  string `json:"denom"`
	Amount string `json:"amount"`
}

type agentWalletInfo struct {
	Wallet   string      `json:"wallet"`
	Balances []agentCoin `json:"balances"`
}

type agentPolicyInfo struct {
	Policy struct {
		AllowedMsgTypes   []string    `json:"allowed_msg_types"`
		SpendLimit        []agentCoin `json:"spend_limit"`
		Period            string      `json:"period"`
		AllowedRecipients []string    `json:"allowed_recipients"`
	} `json:"policy"`
	Spent struct {
		PeriodStart string      `json:"period_start"`
		Spent       []agentCoin `json:"spent"`
	} `json:"spent"`
}

type agentLockInfo struct {
	Lock struct {
		Owner     string `json:"owner"`
		Amount    string `json:"amount"`
		Delegatee string `json:"delegatee"`
	} `json:"lock"`
	Votes string `json:"votes"`
}

// agentState is what a failed exec must leave unchanged.
type agentState struct {
	walletBalance, locked, spent, escrow string
}

func agentByREST(t *testing.T, c *Chain, id string) agentRecord {
	t.Helper()
	var resp struct {
		Agent agentRecord `json:"agent"`
	}
	mustREST(t, c, "/aitbc/agent/v1/agents/"+id, &resp)
	return resp.Agent
}

func agentPolicyByREST(t *testing.T, c *Chain, id string) agentPolicyInfo {
	t.Helper()
	var p agentPolicyInfo
	mustREST(t, c, "/aitbc/agent/v1/agents/"+id+"/policy", &p)
	return p
}

// readAgentState reads the wallet's balance and dao lock, the operator's
// spend this period and the vote escrow's balance through REST.
func readAgentState(t *testing.T, c *Chain, id, wallet, escrowAddr string) agentState {
	t.Helper()
	var lock agentLockInfo
	mustREST(t, c, "/aitbc/dao/v1/locks/"+wallet, &lock)
	return agentState{
		walletBalance: c.Balance(wallet, Denom).String(),
		locked:        lock.Lock.Amount,
		spent:         agentCoinAmount(agentPolicyByREST(t, c, id).Spent.Spent, Denom),
		escrow:        c.Balance(escrowAddr, Denom).String(),
	}
}

// agentCoinAmount returns the amount of denom in coins, "0" when absent.
func agentCoinAmount(coins []agentCoin, denom string) string {
	for _, c := range coins {
		if c.Denom == denom {
			return c.Amount
		}
	}
	return "0"
}

// writeAgentMsgs writes a JSON array of messages for `tx agent exec`.
func writeAgentMsgs(t *testing.T, c *Chain, name string, msgs ...map[string]any) string {
	t.Helper()
	bz, err := json.MarshalIndent(msgs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.Dir, name)
	if err := os.WriteFile(path, bz, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
