package e2e

import (
	"slices"
	"strings"
	"testing"

	sdkmath "cosmossdk.io/math"
)

// TestChainSendAndQueryREST starts a one-validator chain from the real
// binary and checks a bank send end to end through the CLI and REST, a
// failing send, the dao params on both interfaces, and export.
func TestChainSendAndQueryREST(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		amount   = 1234567
		fee      = 500
		bobCoins = 5000000000 // 5,000 AITBC
	)
	c := NewChain(t, Options{
		ValidatorKey: "alice",
		Accounts:     []Account{{Name: "bob", Coins: "5000000000uaitbc"}},
		Fees:         "500uaitbc",
	})
	c.Start()
	checkSwagger(t, c.API, false)

	alice, bob := c.KeyAddress("alice"), c.KeyAddress("bob")
	if !strings.HasPrefix(alice, "aitbc1") || !strings.HasPrefix(bob, "aitbc1") {
		t.Fatalf("addresses without the aitbc prefix: %s %s", alice, bob)
	}

	// aitbcd status reports the chain id.
	var status struct {
		NodeInfo struct {
			Network string `json:"network"`
		} `json:"node_info"`
		SyncInfo struct {
			LatestBlockHeight string `json:"latest_block_height"`
		} `json:"sync_info"`
	}
	c.CLIJSON(&status, "status")
	if status.NodeInfo.Network != DefaultChainID {
		t.Fatalf("status: chain id %q, want %q", status.NodeInfo.Network, DefaultChainID)
	}

	// The chain makes blocks.
	h1 := c.Height()
	if h1 < 2 {
		t.Fatalf("height %d after Start, want >= 2", h1)
	}
	if h2 := c.WaitForHeight(h1+2, 0); h2 < h1+2 {
		t.Fatalf("height went from %d to %d", h1, h2)
	}

	// x/dao params, through REST and through the CLI.
	var daoParams struct {
		Params struct {
			LockDenom string `json:"lock_denom"`
		} `json:"params"`
	}
	if err := c.REST("/aitbc/dao/v1/params", &daoParams); err != nil {
		t.Fatal(err)
	}
	if daoParams.Params.LockDenom != Denom {
		t.Fatalf("REST dao params: lock_denom %q, want %q", daoParams.Params.LockDenom, Denom)
	}
	cliParams := c.Query("dao", "params")
	if got, err := LookupString(cliParams, "params.lock_denom"); err != nil || got != Denom {
		t.Fatalf("aitbcd q dao params: lock_denom %q (%v), want %q; output %v", got, err, Denom, cliParams)
	}

	// A bank send, read back through REST.
	aliceBefore, bobBefore := restBalance(t, c, alice), restBalance(t, c, bob)
	if !bobBefore.Equal(sdkmath.NewInt(bobCoins)) {
		t.Fatalf("bob's genesis balance %s, want %d", bobBefore, bobCoins)
	}
	res := c.Tx("alice", "bank", "send", "alice", bob, "1234567uaitbc")
	if res.Height <= 0 || res.TxHash == "" {
		t.Fatalf("send not in a block: %+v", res)
	}
	if recipients := res.Attrs("transfer", "recipient"); !slices.Contains(recipients, bob) {
		t.Fatalf("transfer events to %v, none to bob %s", recipients, bob)
	}
	aliceAfter, bobAfter := restBalance(t, c, alice), restBalance(t, c, bob)
	if got := c.Balance(bob, Denom); !got.Equal(bobAfter) {
		t.Fatalf("by_denom balance of bob %s, balances route %s", got, bobAfter)
	}
	if diff := bobAfter.Sub(bobBefore); !diff.Equal(sdkmath.NewInt(amount)) {
		t.Fatalf("bob's balance rose by %s, want %d", diff, amount)
	}
	if diff := aliceBefore.Sub(aliceAfter); !diff.Equal(sdkmath.NewInt(amount + fee)) {
		t.Fatalf("alice's balance fell by %s, want %d (amount + fee)", diff, amount+fee)
	}
	// The CLI finds the same transaction.
	var cliTx TxResponse
	c.QueryInto(&cliTx, "tx", res.TxHash)
	if cliTx.Height != res.Height || cliTx.Code != 0 {
		t.Fatalf("aitbcd q tx: height %d code %d, want height %d code 0", cliTx.Height, cliTx.Code, res.Height)
	}

	// Sending more than the balance fails in the block with insufficient
	// funds: the recipient gets nothing and the sender pays only the fee.
	tooMuch := bobAfter.AddRaw(1).String() + Denom
	bad, err := c.TxE("bob", "bank", "send", "bob", alice, tooMuch)
	if err != nil {
		t.Fatal(err)
	}
	if bad.Code != 5 || bad.Codespace != "sdk" || !strings.Contains(bad.RawLog, "insufficient funds") {
		t.Fatalf("oversized send: code %d codespace %q log %q, want sdk code 5 insufficient funds",
			bad.Code, bad.Codespace, bad.RawLog)
	}
	if got := restBalance(t, c, alice); !got.Equal(aliceAfter) {
		t.Fatalf("alice's balance changed from %s to %s by a failed send", aliceAfter, got)
	}
	if got := restBalance(t, c, bob); !bobAfter.Sub(got).Equal(sdkmath.NewInt(fee)) {
		t.Fatalf("bob's balance went from %s to %s on a failed send, want only the fee %d paid", bobAfter, got, fee)
	}
	bobFinal := bobAfter.SubRaw(fee)

	// An invalid recipient is refused by the CLI before broadcasting.
	if _, err := c.TxE("bob", "bank", "send", "bob", "aitbc1notanaddress", "1uaitbc"); err == nil {
		t.Fatal("send to an invalid address: no error")
	}

	// Export after the node has stopped: the chain id, the dao params and
	// bob's balance are in the exported genesis.
	c.Stop()
	if c.Running() {
		t.Fatal("node still running after Stop")
	}
	exported := c.Export()
	if got, err := LookupString(exported, "chain_id"); err != nil || got != DefaultChainID {
		t.Fatalf("export: chain_id %q (%v), want %q", got, err, DefaultChainID)
	}
	if got, err := LookupString(exported, "app_state.dao.params.lock_denom"); err != nil || got != Denom {
		t.Fatalf("export: dao lock_denom %q (%v), want %q", got, err, Denom)
	}
	if _, err := Lookup(exported, "app_state.dao.params.unlock_period"); err != nil {
		t.Fatalf("export: %v", err)
	}
	balances, err := Lookup(exported, "app_state.bank.balances")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, b := range balances.([]any) {
		if addr, _ := LookupString(b, "address"); addr != bob {
			continue
		}
		found = true
		if got, _ := LookupString(b, "coins.0.amount"); got != bobFinal.String() {
			t.Fatalf("export: bob holds %s, want %s", got, bobFinal)
		}
	}
	if !found {
		t.Fatal("export: bob has no balance entry")
	}
}

// restBalance reads the uaitbc balance of addr from
// /cosmos/bank/v1beta1/balances/{addr}.
func restBalance(t *testing.T, c *Chain, addr string) sdkmath.Int {
	t.Helper()
	var resp struct {
		Balances []struct {
			Denom  string `json:"denom"`
			Amount string `json:"amount"`
		} `json:"balances"`
	}
	if err := c.REST("/cosmos/bank/v1beta1/balances/"+addr, &resp); err != nil {
		t.Fatal(err)
	}
	for _, b := range resp.Balances {
		if b.Denom == Denom {
			amt, ok := sdkmath.NewIntFromString(b.Amount)
			if !ok {
				t.Fatalf("balance of %s: bad amount %q", addr, b.Amount)
			}
			return amt
		}
	}
	return sdkmath.ZeroInt()
}
