package e2e

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestHostileInputKeepsChainAlive is the regression test of issue 11 on the
// real binary: strings with a NUL byte, which collections cannot encode in
// a key, sent through the aitbcd CLI as a new user would, must be refused
// with an error that names the field, and the chain must go on making
// blocks. On the code the issue was filed against, the NUL job was accepted
// and the next block never committed ("CONSENSUS FAILURE ... string
// delimiter"), and a restart failed in the handshake.
//
//  1. A job whose GPU model is "H100\u0000" (tx compute submit-job).
//  2. A provider inventory with a NUL model: register-provider by the
//     validator, update-provider by a provider that is bonded, and again
//     while its validator is unbonded (jailed), when its offers are out of
//     the price index; a NUL offer then. The validator of bob (a second,
//     small validator whose node does not run) is jailed by unbonding below
//     its min self-delegation and bonded again by delegating and unjailing:
//     the staking hooks relist its offers, including one created while it
//     was inactive, inside the staking EndBlocker.
//  3. The node is stopped and started again: it replays cleanly and makes
//     new blocks, with the same state.
func TestHostileInputKeepsChainAlive(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		bond       = 1_000_000_000 // compute min_bond
		bobStake   = 2_000_000     // bob's validator: power 2 against the validator's 100
		bobMinSelf = 1_000_000
	)
	gas := []string{"--gas", "500000", "--fees", "1250" + Denom}
	start := time.Now()
	c := NewChain(t, Options{
		Accounts: []Account{{Name: "alice"}, {Name: "bob"}},
		EditGenesis: func(_ *Chain, genesis map[string]any) error {
			// bob's node never runs: keep its validator from being jailed
			// for downtime while the test drives its bonding by hand.
			return SetPath(genesis, "app_state.slashing.params.signed_blocks_window", "1000000")
		},
	})
	c.Start()
	t.Logf("node up after %s", time.Since(start).Round(time.Millisecond))
	operator := strings.TrimSpace(string(c.CLI("keys", "show", c.Validator, "--bech", "val", "-a")))
	bob := c.KeyAddress("bob")

	// alive checks that the chain makes blocks after a hostile input.
	alive := func(after string) {
		t.Helper()
		h := c.Height()
		c.WaitForHeight(h+3, 0)
		t.Logf("after %s: the chain went from height %d to %d", after, h, c.Height())
	}

	// 1. The NUL job, exactly as in the issue.
	tomorrow := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	jobFile := writeJSONFile(t, c, "nul-job.json", map[string]any{
		"requirements":           map[string]any{"model": "H100\x00", "count": 1, "hours": 1},
		"max_price_per_gpu_hour": map[string]any{"denom": Denom, "amount": "1000"},
		"workload":               map[string]any{"image": "x"},
		"deadline":               tomorrow,
	})
	if bz, _ := os.ReadFile(jobFile); !strings.Contains(string(bz), `"H100\u0000"`) {
		t.Fatalf("the job file does not carry the NUL escape: %s", bz)
	}
	res, err := c.TxE("alice", "compute", append([]string{"submit-job", jobFile}, gas...)...)
	expectRefused(t, "a job whose model holds a NUL", res, err, "model")
	alive("the NUL job")
	var jobs struct {
		Jobs []computeJob `json:"jobs"`
	}
	mustREST(t, c, "/aitbc/compute/v1/jobs", &jobs)
	if len(jobs.Jobs) != 0 {
		t.Fatalf("the NUL job was stored: %+v", jobs.Jobs)
	}

	// 2a. register-provider with a NUL model in the inventory.
	h100 := `{"model":"H100","vram_mib":81920,"count":8}`
	nulGpu := `{"model":"H100\u0000","vram_mib":81920,"count":8}`
	res, err = c.TxE(c.Validator, "compute", append([]string{"register-provider", strconv.Itoa(bond) + Denom,
		"--gpus", nulGpu, "--endpoint", "https://gpu.example", "--region", "eu"}, gas...)...)
	expectRefused(t, "register-provider with a NUL model", res, err, "model")
	if err := c.REST("/aitbc/compute/v1/providers/"+operator, nil); err == nil {
		t.Fatal("the provider with a NUL model was registered")
	}
	alive("register-provider with a NUL model")

	// 2b. bob creates a small second validator, registers it as a
	// provider and offers 4 H100.
	bobOperator := createValidator(t, c, "bob", bobStake, bobMinSelf)
	c.WaitUntil("bob's validator to be bonded", 10, func() (bool, string) {
		st := validatorStatus(t, c, bobOperator)
		return st == "BOND_STATUS_BONDED", st
	})
	c.Tx("bob", "compute", append([]string{"register-provider", strconv.Itoa(bond) + Denom,
		"--gpus", h100, "--endpoint", "https://bob.example", "--region", "eu"}, gas...)...)
	listed := c.Tx("bob", "compute", append([]string{"create-offer", `{"model":"H100","vram_mib":81920,"count":4}`, "2000000" + Denom, "1", "72"}, gas...)...)
	listedID := computeAttr(t, listed, "aitbc.compute.v1.EventOfferCreated", "offer_id")
	if ids := offerIDs(t, c, "H100"); !slices.Equal(ids, []string{listedID}) {
		t.Fatalf("offers of H100 %v, want bob's %s", ids, listedID)
	}

	// 2c. update-provider with a NUL model while bonded, and a NUL offer.
	res, err = c.TxE("bob", "compute", append([]string{"update-provider", "--gpus", h100, "--gpus", `{"model":"B200\u0000","vram_mib":1,"count":1}`,
		"--endpoint", "https://bob.example", "--region", "eu"}, gas...)...)
	expectRefused(t, "update-provider with a NUL model (bonded)", res, err, "model")
	res, err = c.TxE("bob", "compute", append([]string{"create-offer", nulGpu, "2000000" + Denom, "1", "72"}, gas...)...)
	expectRefused(t, "an offer of a NUL model (bonded)", res, err, "model")
	alive("the NUL inventory of a bonded provider")

	// 2d. bob unbonds below his min self-delegation: his validator is
	// jailed and leaves the bonded set at the end of the block; the hook
	// makes his provider inactive and takes his offer out of the index.
	c.Tx("bob", "staking", append([]string{"unbond", bobOperator, strconv.Itoa(bobStake-bobMinSelf/2) + Denom}, gas...)...)
	c.WaitUntil("bob's validator to leave the bonded set", 10, func() (bool, string) {
		st := validatorStatus(t, c, bobOperator)
		return st != "BOND_STATUS_BONDED", st
	})
	c.WaitUntil("bob's provider to be inactive", 5, func() (bool, string) {
		st := providerStatus(t, c, bobOperator)
		return st == "PROVIDER_STATUS_INACTIVE", st
	})
	if ids := offerIDs(t, c, "H100"); len(ids) != 0 {
		t.Fatalf("offers of H100 %v while bob's validator is unbonded, want none", ids)
	}
	alive("bob's validator left the bonded set")

	// 2e. While inactive, nothing goes to the price index: the NUL
	// inventory and a NUL offer must be refused here, or they would be
	// indexed when the validator bonds again, inside the staking
	// EndBlocker. A valid offer is stored, to be listed then.
	res, err = c.TxE("bob", "compute", append([]string{"update-provider", "--gpus", h100, "--gpus", `{"model":"B200\u0000","vram_mib":1,"count":1}`,
		"--endpoint", "https://bob.example", "--region", "eu"}, gas...)...)
	expectRefused(t, "update-provider with a NUL model (unbonded)", res, err, "model")
	res, err = c.TxE("bob", "compute", append([]string{"create-offer", `{"model":"B200\u0000","vram_mib":1,"count":1}`, "2000000" + Denom, "1", "72"}, gas...)...)
	expectRefused(t, "an offer of a NUL model (unbonded)", res, err, "model")
	stored := c.Tx("bob", "compute", append([]string{"create-offer", `{"model":"H100","vram_mib":81920,"count":2}`, "3000000" + Denom, "1", "72"}, gas...)...)
	storedID := computeAttr(t, stored, "aitbc.compute.v1.EventOfferCreated", "offer_id")
	if ids := offerIDs(t, c, "H100"); len(ids) != 0 {
		t.Fatalf("offers of H100 %v while bob's provider is inactive, want none", ids)
	}

	// 2f. The re-bond: bob delegates back above the minimum and unjails;
	// the staking EndBlocker bonds the validator and the hook relists both
	// offers, cheapest first.
	c.Tx("bob", "staking", append([]string{"delegate", bobOperator, strconv.Itoa(bobMinSelf) + Denom}, gas...)...)
	c.Tx("bob", "slashing", append([]string{"unjail"}, gas...)...)
	c.WaitUntil("bob's validator to be bonded again", 10, func() (bool, string) {
		st := validatorStatus(t, c, bobOperator)
		return st == "BOND_STATUS_BONDED", st
	})
	c.WaitUntil("bob's provider to be active again", 5, func() (bool, string) {
		st := providerStatus(t, c, bobOperator)
		return st == "PROVIDER_STATUS_ACTIVE", st
	})
	if ids := offerIDs(t, c, "H100"); !slices.Equal(ids, []string{listedID, storedID}) {
		t.Fatalf("offers of H100 after the re-bond %v, want %s then %s", ids, listedID, storedID)
	}
	alive("the re-bond")
	var provider struct {
		Provider struct {
			Gpus []computeGpu `json:"gpus"`
		} `json:"provider"`
	}
	mustREST(t, c, "/aitbc/compute/v1/providers/"+bobOperator, &provider)
	if len(provider.Provider.Gpus) != 1 || provider.Provider.Gpus[0] != (computeGpu{"H100", 81920, 8}) {
		t.Fatalf("bob's inventory %+v, want the 8 H100 only", provider.Provider.Gpus)
	}

	// 3. Stop and start again: the node replays, makes new blocks and
	// serves the same state.
	stopped := c.Height()
	c.Stop()
	c.Start()
	c.WaitForHeight(stopped+3, 0)
	if ids := offerIDs(t, c, "H100"); !slices.Equal(ids, []string{listedID, storedID}) {
		t.Fatalf("offers of H100 after the restart %v, want %s then %s", ids, listedID, storedID)
	}
	if st := providerStatus(t, c, bobOperator); st != "PROVIDER_STATUS_ACTIVE" {
		t.Fatalf("bob's provider after the restart: %s", st)
	}
	if got := c.Balance(bob, Denom); got.IsZero() {
		t.Fatalf("bob's balance after the restart: %s", got)
	}
	t.Logf("restarted at height %d, now %d; TestHostileInputKeepsChainAlive took %s", stopped, c.Height(), time.Since(start).Round(time.Millisecond))
}

// expectRefused checks that a hostile transaction was refused: by the CLI
// (ValidateBasic) or with a non-zero code, in an error that names field.
func expectRefused(t *testing.T, what string, res TxResponse, err error, field string) {
	t.Helper()
	switch {
	case err != nil && res.TxHash != "":
		t.Fatalf("%s: accepted by CheckTx (tx %s), then: %v", what, res.TxHash, err)
	case err != nil:
		if !strings.Contains(err.Error(), field) {
			t.Fatalf("%s: refused by the CLI without naming %q: %v", what, field, err)
		}
		t.Logf("%s: refused by the CLI: %s", what, firstLineWith(err.Error(), field))
	case res.Code == 0:
		t.Fatalf("%s: accepted (tx %s at height %d)", what, res.TxHash, res.Height)
	case !strings.Contains(res.RawLog, field):
		t.Fatalf("%s: code %s/%d without naming %q: %s", what, res.Codespace, res.Code, field, res.RawLog)
	default:
		t.Logf("%s: code %s/%d at height %d: %s", what, res.Codespace, res.Code, res.Height, res.RawLog)
	}
}

// writeJSONFile writes v as JSON into the test's directory.
func writeJSONFile(t *testing.T, c *Chain, name string, v any) string {
	t.Helper()
	bz, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.Dir, name)
	if err := os.WriteFile(path, bz, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// createValidator makes key a validator with a fresh consensus key (its
// node never runs) and returns its operator address.
func createValidator(t *testing.T, c *Chain, key string, stake, minSelf int64) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	file := writeJSONFile(t, c, key+"-validator.json", map[string]any{
		"pubkey":                     map[string]any{"@type": "/cosmos.crypto.ed25519.PubKey", "key": base64.StdEncoding.EncodeToString(pub)},
		"amount":                     fmt.Sprintf("%d%s", stake, Denom),
		"moniker":                    key,
		"commission-rate":            "0.1",
		"commission-max-rate":        "0.2",
		"commission-max-change-rate": "0.01",
		"min-self-delegation":        strconv.FormatInt(minSelf, 10),
	})
	c.Tx(key, "staking", "create-validator", file, "--gas", "400000", "--fees", "1000"+Denom)
	return strings.TrimSpace(string(c.CLI("keys", "show", key, "--bech", "val", "-a")))
}

func validatorStatus(t *testing.T, c *Chain, operator string) string {
	t.Helper()
	var resp struct {
		Validator struct {
			Status string `json:"status"`
			Jailed bool   `json:"jailed"`
		} `json:"validator"`
	}
	mustREST(t, c, "/cosmos/staking/v1beta1/validators/"+operator, &resp)
	return resp.Validator.Status
}

func providerStatus(t *testing.T, c *Chain, operator string) string {
	t.Helper()
	var resp struct {
		Provider struct {
			Status string `json:"status"`
		} `json:"provider"`
	}
	mustREST(t, c, "/aitbc/compute/v1/providers/"+operator, &resp)
	return resp.Provider.Status
}

// offerIDs lists the ids of the offers of a model in the price index,
// cheapest first.
func offerIDs(t *testing.T, c *Chain, model string) []string {
	t.Helper()
	var ids []string
	for _, o := range computeOffersREST(t, c, model) {
		ids = append(ids, o.ID)
	}
	return ids
}
