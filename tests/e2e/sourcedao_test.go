package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/bech32"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// TestSourcedaoDevelopmentMining drives development as mining through the
// CLI of a real node and reads the state back through REST. Genesis funds
// the sourcedao pool with 10,000,000 AITBC, seats validator, alice and bob
// as the x/dao committee and shortens every class to seconds. A major
// proposal advances the roadmap to PoC and a routine one names alice a
// core developer; alice creates a project; the committee approves its
// creation with the digest read from REST; alice submits an excellent
// acceptance crediting bob, carol and dave; the committee approves it; the
// three claim exactly floor(budget × 1.2 × value / total); a repeat claim
// fails with ErrAlreadyClaimed. The pool invariant is checked through REST
// after each step.
func TestSourcedaoDevelopmentMining(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		pool      = 10_000_000_000_000 // 10,000,000 AITBC
		budget    = 1_000_000_007
		payout    = 1_200_000_008 // floor(1.2 × budget)
		lock      = "1000000000" + Denom
		fee       = 1000
		sdModule  = "sourcedao"
		sdPath    = "/aitbc/sourcedao/v1"
		committee = "2100-01-01T00:00:00Z"
	)
	gas := []string{"--gas", "400000", "--fees", strconv.Itoa(fee) + Denom}
	poolAddr, err := bech32.ConvertAndEncode("aitbc", authtypes.NewModuleAddress(sdModule))
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	c := NewChain(t, Options{
		Accounts: []Account{{Name: "alice"}, {Name: "bob"}, {Name: "carol"}, {Name: "dave"}},
		EditGenesis: func(c *Chain, genesis map[string]any) error {
			for path, value := range map[string]any{
				"app_state.dao.params.vesting":            "0s",
				"app_state.dao.params.twas_window":        "1s",
				"app_state.dao.params.max_power_fraction": "0.900000000000000000",
				"app_state.dao.committee": map[string]any{
					"members": []any{
						map[string]any{"address": c.KeyAddress(c.Validator), "term_end": committee},
						map[string]any{"address": c.KeyAddress("alice"), "term_end": committee},
						map[string]any{"address": c.KeyAddress("bob"), "term_end": committee},
					},
					"alternates": []any{c.KeyAddress("carol")},
				},
			} {
				if err := SetPath(genesis, path, value); err != nil {
					return err
				}
			}
			classes, err := Lookup(genesis, "app_state.dao.params.classes")
			if err != nil {
				return err
			}
			for _, cl := range classes.([]any) {
				class := cl.(map[string]any)
				class["challenge_period"] = "0s"
				class["min_voting_period"], class["default_voting_period"], class["max_voting_period"] = "2s", "5s", maxVotingPeriod
				if class["execution_delay"] != "0s" {
					class["execution_delay"] = "1s"
				}
			}
			if err := plainVotingAll(genesis); err != nil {
				return err
			}
			// The development supply: a bank balance of the sourcedao module
			// account, counted in the supply (as `genesis fund-sourcedao-pool`).
			bank := genesis["app_state"].(map[string]any)["bank"].(map[string]any)
			bank["balances"] = append(bank["balances"].([]any), map[string]any{
				"address": poolAddr, "coins": []any{map[string]any{"denom": Denom, "amount": strconv.Itoa(pool)}},
			})
			for _, s := range bank["supply"].([]any) {
				coin := s.(map[string]any)
				if coin["denom"] == Denom {
					total, ok := sdkmath.NewIntFromString(fmt.Sprint(coin["amount"]))
					if !ok {
						return fmt.Errorf("supply %v", coin)
					}
					coin["amount"] = total.AddRaw(pool).String()
				}
			}
			return nil
		},
	})
	c.Start()
	t.Logf("node up after %s", time.Since(start).Round(time.Millisecond))
	daoAddr := moduleAccountAddress(t, c, "dao")
	if got := moduleAccountAddress(t, c, sdModule); got != poolAddr {
		t.Fatalf("sourcedao module account %s, want %s", got, poolAddr)
	}
	alice, bob, carol, dave := c.KeyAddress("alice"), c.KeyAddress("bob"), c.KeyAddress("carol"), c.KeyAddress("dave")

	type poolResp struct {
		Pool struct {
			Total, Locked, Releasable, Reserved, Claimable, Paid string
			StagesUnlocked                                       int `json:"stages_unlocked"`
		} `json:"pool"`
		Unlocked, Spent, Balance string
	}
	// checkPool asserts the invariant through REST: the bank balance of the
	// pool equals locked + releasable + reserved + claimable.
	checkPool := func(step string) poolResp {
		t.Helper()
		var p poolResp
		mustREST(t, c, sdPath+"/pool", &p)
		held := mustInt(t, p.Pool.Locked).Add(mustInt(t, p.Pool.Releasable)).Add(mustInt(t, p.Pool.Reserved)).Add(mustInt(t, p.Pool.Claimable))
		if bal := c.Balance(poolAddr, Denom); !bal.Equal(held) || p.Balance != bal.String() {
			t.Fatalf("%s: pool balance %s (reported %s) != locked+releasable+reserved+claimable %s: %+v", step, bal, p.Balance, held, p)
		}
		if total := mustInt(t, p.Pool.Total); !total.Equal(held.Add(mustInt(t, p.Pool.Paid))) || !total.Equal(sdkmath.NewInt(pool)) {
			t.Fatalf("%s: total %s: %+v", step, total, p)
		}
		return p
	}
	type projectResp struct {
		Project struct {
			Id, Name, Manager, Budget, Payout string
			State                             string `json:"state"`
			CreationDigest                    string `json:"creation_digest"`
			Acceptance                        *struct {
				Level  string `json:"level"`
				Digest string `json:"digest"`
			} `json:"acceptance"`
		} `json:"project"`
	}
	project := func(id string) projectResp {
		t.Helper()
		var p projectResp
		mustREST(t, c, sdPath+"/projects/"+id, &p)
		return p
	}
	// propose submits a proposal from a JSON file, has the three committee
	// members (who also hold the locked power) vote yes and waits for its
	// execution.
	// Two proposals run at once: one account's transactions must not race
	// for its sequence, so each account sends one at a time.
	var propMu sync.Mutex
	accountMu := map[string]*sync.Mutex{c.Validator: {}, "alice": {}, "bob": {}}
	txFrom := func(key string, args ...string) (TxResponse, error) {
		accountMu[key].Lock()
		defer accountMu[key].Unlock()
		return c.TxE(key, "dao", args...)
	}
	// votingPeriod covers the submission and the votes at the pace
	// measured after the locks (step 1).
	var votingPeriod time.Duration
	// propose runs in goroutines, so it reports with t.Errorf, never Fatal.
	propose := func(proposer, class, title string, msg map[string]any) {
		propMu.Lock()
		bz, err := json.Marshal(map[string]any{
			"class": class, "title": title, "summary": "e2e", "voting_period": seconds(votingPeriod), "messages": []any{msg},
		})
		file := filepath.Join(c.Dir, fmt.Sprintf("%s-%d.json", proposer, time.Now().UnixNano()))
		if err == nil {
			err = os.WriteFile(file, bz, 0o644)
		}
		propMu.Unlock()
		if err != nil {
			t.Errorf("proposal file %q: %v", title, err)
			return
		}
		res, err := txFrom(proposer, "submit-proposal", file, "--gas", "800000", "--fees", "2000"+Denom)
		if err := txOK(res, err); err != nil {
			t.Errorf("submit %q: %v", title, err)
			return
		}
		idAttr, ok := res.Attr("aitbc.dao.v1.EventSubmitProposal", "proposal_id")
		id := strings.Trim(idAttr, `"`)
		if !ok || id == "" {
			t.Errorf("no proposal id in %+v", res.Events)
			return
		}
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i, voter := range []string{c.Validator, "alice", "bob"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = txOK(txFrom(voter, append([]string{"vote", id, "yes"}, gas...)...))
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Errorf("votes on %s: %v", id, err)
			return
		}
		// The proposal ends in the first block at its voting end and is
		// executed at most a second of chain time later: wait for that
		// block time, then a bound in blocks.
		var resp struct {
			Proposal daoProposal `json:"proposal"`
		}
		if err := c.REST("/aitbc/dao/v1/proposals/"+id, &resp); err != nil {
			t.Errorf("proposal %s: %v", id, err)
			return
		}
		end, err := time.Parse(time.RFC3339Nano, resp.Proposal.VotingEndTime)
		if err != nil {
			t.Errorf("proposal %s: voting end %q: %v", id, resp.Proposal.VotingEndTime, err)
			return
		}
		if _, err := c.WaitForBlockTimeE(end.Add(time.Second)); err != nil {
			t.Errorf("proposal %s: %v", id, err)
			return
		}
		if err := c.WaitUntilE("proposal "+id+" to end", 10, func() (bool, string) {
			if err := c.REST("/aitbc/dao/v1/proposals/"+id, &resp); err != nil {
				return false, err.Error()
			}
			return isFinal(resp.Proposal.Status), resp.Proposal.Status
		}); err != nil {
			t.Errorf("%v", err)
			return
		}
		if resp.Proposal.Status != "PROPOSAL_STATUS_EXECUTED" {
			t.Errorf("%s proposal %s %q: %s (%s)", class, id, title, resp.Proposal.Status, resp.Proposal.Result)
		}
	}

	p := checkPool("genesis")
	if p.Pool.Locked != strconv.Itoa(pool) || p.Pool.StagesUnlocked != 0 {
		t.Fatalf("the pool starts locked: %+v", p)
	}

	// 1. The committee locks tokens: power to propose and to pass the major
	// proposal's token vote.
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, key := range []string{c.Validator, "alice", "bob"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = txOK(c.TxE(key, "dao", append([]string{"lock", lock}, gas...)...))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("lock: %v", err)
	}
	c.WaitUntil("bob's voting power", 20, func() (bool, string) {
		var vp votingPower
		if err := c.REST("/aitbc/dao/v1/voting_power/"+bob, &vp); err != nil {
			return false, err.Error()
		}
		return vp.Power == strings.TrimSuffix(lock, Denom), fmt.Sprintf("%+v", vp)
	})
	// Two proposals run at once and share the three voters, who send one
	// transaction at a time: up to about eight round trips from a
	// submission to its last vote.
	pace := c.Pace()
	votingPeriod = pace.Period(8, 10*time.Second)
	t.Logf("pace: %s; voting period %s", pace, votingPeriod)

	// 2. A major proposal unlocks PoC; at the same time a routine one names
	// alice a core developer.
	wg.Add(2)
	go func() {
		defer wg.Done()
		propose("alice", "major", "Unlock PoC", map[string]any{"@type": "/aitbc.sourcedao.v1.MsgAdvanceStage", "authority": daoAddr})
	}()
	go func() {
		defer wg.Done()
		propose("bob", "routine", "Core developers", map[string]any{
			"@type": "/aitbc.sourcedao.v1.MsgSetCoreDevelopers", "authority": daoAddr, "developers": []any{alice},
		})
	}()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	var stages struct {
		Stages []struct {
			Name     string
			Unlocked bool
			Amount   string
		}
		StagesUnlocked int `json:"stages_unlocked"`
	}
	mustREST(t, c, sdPath+"/stages", &stages)
	if stages.StagesUnlocked != 1 || stages.Stages[0].Name != "PoC" || !stages.Stages[0].Unlocked || stages.Stages[0].Amount != strconv.Itoa(pool/10) {
		t.Fatalf("stages after the advance: %+v", stages)
	}
	p = checkPool("PoC unlocked")
	if p.Pool.Releasable != strconv.Itoa(pool/10) || p.Unlocked != strconv.Itoa(pool/10) {
		t.Fatalf("pool after PoC: %+v", p)
	}
	var devs struct {
		Developers []struct {
			Address string
			Core    bool
		}
	}
	mustREST(t, c, sdPath+"/developers?kind=1", &devs)
	if len(devs.Developers) != 1 || devs.Developers[0].Address != alice || !devs.Developers[0].Core {
		t.Fatalf("core developers: %+v", devs)
	}

	// 3. alice creates a project through the CLI; bob, not a core
	// developer, cannot.
	startTime, endTime := time.Now().UTC().Format(time.RFC3339), time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	create := []string{"create-project", "indexer", "1", strconv.Itoa(budget), startTime, endTime, "--description-uri", "https://example.org/indexer"}
	res, err := c.TxE("bob", sdModule, append(create, gas...)...)
	expectTxFailure(t, "bob creates a project", res, err, sdModule, 7)
	res = c.Tx("alice", sdModule, append(create, gas...)...)
	idAttr, _ := res.Attr("aitbc.sourcedao.v1.EventProjectCreated", "project_id")
	id := strings.Trim(idAttr, `"`)
	pr := project(id)
	if pr.Project.State != "PROJECT_STATE_PREPARING" || pr.Project.Manager != alice || pr.Project.Budget != strconv.Itoa(budget) || len(pr.Project.CreationDigest) != 64 {
		t.Fatalf("project %q after creation: %+v", id, pr)
	}
	var cliProject map[string]any
	c.QueryInto(&cliProject, sdModule, "project", id)
	if findKey(cliProject, "creation_digest") != pr.Project.CreationDigest {
		t.Fatalf("q sourcedao project %s: %v", id, cliProject)
	}
	res, err = c.TxE("alice", sdModule, append(create, gas...)...)
	expectTxFailure(t, "a second version 1", res, err, sdModule, 11)

	// 4. The committee approves the creation, bound to the digest.
	propose(c.Validator, "routine", "Approve the indexer", map[string]any{
		"@type": "/aitbc.sourcedao.v1.MsgApproveProject", "authority": daoAddr, "project_id": id,
		"phase": "APPROVAL_PHASE_CREATION", "approve": true, "digest": pr.Project.CreationDigest,
	})
	if t.Failed() {
		t.FailNow()
	}
	if pr = project(id); pr.Project.State != "PROJECT_STATE_DEVELOPING" {
		t.Fatalf("project after the creation approval: %+v", pr)
	}
	p = checkPool("creation approved")
	if p.Pool.Reserved != strconv.Itoa(budget) {
		t.Fatalf("reserved %s, want the budget", p.Pool.Reserved)
	}

	// 5. alice submits an excellent acceptance; the committee approves it.
	values := map[string]int{bob: 5, carol: 3, dave: 2}
	want := map[string]int64{bob: 600_000_004, carol: 360_000_002, dave: 240_000_001} // floor(payout × v / 10)
	accept := []string{"submit-acceptance", id, "excellent"}
	for _, a := range []string{dave, bob, carol} {
		accept = append(accept, fmt.Sprintf(`{"address":%q,"value":"%d"}`, a, values[a]))
	}
	res, err = c.TxE("alice", sdModule, append([]string{"submit-acceptance", id, "excellent", fmt.Sprintf(`{"address":%q,"value":"0"}`, bob)}, gas...)...)
	expectTxFailure(t, "a zero contribution", res, err, sdModule, 16)
	c.Tx("alice", sdModule, append(accept, gas...)...)
	pr = project(id)
	if pr.Project.State != "PROJECT_STATE_ACCEPTING" || pr.Project.Acceptance == nil || pr.Project.Acceptance.Level != "ACCEPTANCE_LEVEL_EXCELLENT" {
		t.Fatalf("project after the acceptance: %+v", pr)
	}
	propose("bob", "routine", "Accept the indexer", map[string]any{
		"@type": "/aitbc.sourcedao.v1.MsgApproveProject", "authority": daoAddr, "project_id": id,
		"phase": "APPROVAL_PHASE_ACCEPTANCE", "approve": true, "digest": pr.Project.Acceptance.Digest,
	})
	if t.Failed() {
		t.FailNow()
	}
	if pr = project(id); pr.Project.State != "PROJECT_STATE_FINISHED" || pr.Project.Payout != strconv.Itoa(payout) {
		t.Fatalf("project after the acceptance approval: %+v", pr)
	}
	p = checkPool("acceptance approved")
	if p.Pool.Reserved != "0" || p.Pool.Claimable != strconv.Itoa(payout-1) {
		t.Fatalf("pool after finish: %+v (claimable: three floor shares, remainder 1 back)", p)
	}
	var finished struct {
		Projects []struct{ Id string } `json:"projects"`
	}
	mustREST(t, c, sdPath+"/projects?state=4&manager="+alice, &finished)
	if len(finished.Projects) != 1 || finished.Projects[0].Id != id {
		t.Fatalf("finished projects of alice: %+v", finished)
	}
	// The same through the CLI, with enum flags spelled in lowercase.
	if cli := c.Query(sdModule, "projects", "--state", "finished", "--manager", alice); !strings.Contains(fmt.Sprint(cli["projects"]), "indexer") {
		t.Fatalf("q sourcedao projects --state finished: %v", cli)
	}
	if cli := c.Query(sdModule, "projects", "--state", "preparing"); len(fmt.Sprint(cli["projects"])) > 2 && cli["projects"] != nil {
		t.Fatalf("q sourcedao projects --state preparing: %v", cli)
	}
	if cli := c.Query(sdModule, "developers", "--kind", "core"); !strings.Contains(fmt.Sprint(cli), alice) {
		t.Fatalf("q sourcedao developers --kind core: %v", cli)
	}
	if cli := c.Query(sdModule, "claimable", dave); findKey(cli, "total") != strconv.FormatInt(want[dave], 10) {
		t.Fatalf("q sourcedao claimable %s: %v", dave, cli)
	}
	if cli := c.Query(sdModule, "pool"); fmt.Sprint(cli["spent"]) != strconv.Itoa(payout-1) {
		t.Fatalf("q sourcedao pool: %v", cli)
	}
	var contributions struct {
		Rewards []struct{ Address, Amount string } `json:"rewards"`
	}
	mustREST(t, c, sdPath+"/projects/"+id+"/contributions", &contributions)
	if len(contributions.Rewards) != 3 {
		t.Fatalf("contributions: %+v", contributions)
	}
	for _, r := range contributions.Rewards {
		if r.Amount != strconv.FormatInt(want[r.Address], 10) {
			t.Fatalf("reward of %s: %s, want %d", r.Address, r.Amount, want[r.Address])
		}
	}

	// 6. Each contributor claims exactly its share (minus the fee), once.
	before := map[string]sdkmath.Int{}
	claims := map[string]*TxResponse{}
	claimErrs := map[string]error{}
	var mu sync.Mutex
	for _, key := range []string{"bob", "carol", "dave"} {
		addr := c.KeyAddress(key)
		var claimable struct{ Total string }
		mustREST(t, c, sdPath+"/claimable/"+addr, &claimable)
		if claimable.Total != strconv.FormatInt(want[addr], 10) {
			t.Fatalf("claimable of %s: %s, want %d", key, claimable.Total, want[addr])
		}
		before[key] = c.Balance(addr, Denom)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := c.TxE(key, sdModule, append([]string{"claim", id}, gas...)...)
			mu.Lock()
			claims[key], claimErrs[key] = &r, err
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, key := range []string{"bob", "carol", "dave"} {
		if err := txOK(*claims[key], claimErrs[key]); err != nil {
			t.Fatalf("%s claims: %v", key, err)
		}
		addr := c.KeyAddress(key)
		if got, exp := c.Balance(addr, Denom), before[key].AddRaw(want[addr]-fee); !got.Equal(exp) {
			t.Fatalf("%s after claiming: %s, want %s (+%d reward, -%d fee)", key, got, exp, want[addr], fee)
		}
	}
	p = checkPool("claimed")
	if p.Pool.Claimable != "0" || p.Pool.Paid != strconv.Itoa(payout-1) || p.Spent != strconv.Itoa(payout-1) {
		t.Fatalf("pool after the claims: %+v", p)
	}
	bobBefore := c.Balance(bob, Denom)
	res, err = c.TxE("bob", sdModule, append([]string{"claim", id}, gas...)...)
	expectTxFailure(t, "a repeat claim", res, err, sdModule, 23)
	expectFeeOnly(t, c, "bob", bob, bobBefore, res, fee)
	res, err = c.TxE("alice", sdModule, append([]string{"claim", id}, gas...)...)
	expectTxFailure(t, "a claim without a contribution", res, err, sdModule, 22)
	checkPool("bad claims")
	t.Logf("done after %s", time.Since(start).Round(time.Millisecond))
}
