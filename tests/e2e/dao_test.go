package e2e

import (
	"errors"
	"strconv"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
)

// TestDaoLockDelegateAndPower locks with the CLI on a real node and reads
// the snapshot power through REST. Genesis shortens the periods so the
// test sees vesting, the time-weighted ramp, an unlock and its pay-back.
// Reads that depend on time are made at a given height (the state a
// transaction left) or after a given block time: never after a guessed
// wall-clock sleep.
func TestDaoLockDelegateAndPower(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		vesting = 4 * time.Second
		window  = 6 * time.Second
		unlock  = 8 * time.Second
		locked  = 3_000_000
	)
	c := NewChain(t, Options{
		Accounts: []Account{{Name: "alice"}, {Name: "bob"}},
		EditGenesis: func(_ *Chain, genesis map[string]any) error {
			for path, value := range map[string]string{
				"app_state.dao.params.vesting":       vesting.String(),
				"app_state.dao.params.twas_window":   window.String(),
				"app_state.dao.params.unlock_period": unlock.String(),
			} {
				if err := SetPath(genesis, path, value); err != nil {
					return err
				}
			}
			// unlock_period must cover every class's longest voting period.
			classes, err := Lookup(genesis, "app_state.dao.params.classes")
			if err != nil {
				return err
			}
			for i := range classes.([]any) {
				class := "app_state.dao.params.classes." + strconv.Itoa(i)
				for field, value := range map[string]string{"min_voting_period": "1s", "default_voting_period": "2s", "max_voting_period": "4s"} {
					if err := SetPath(genesis, class+"."+field, value); err != nil {
						return err
					}
				}
				if err := plainVoting(genesis, class); err != nil {
					return err
				}
			}
			return nil
		},
	})
	c.Start()
	alice, bob := c.KeyAddress("alice"), c.KeyAddress("bob")
	gas := []string{"--gas", "400000", "--fees", "1000uaitbc"}

	before := c.Balance(alice, Denom)
	lockTx := c.Tx("alice", "dao", append([]string{"lock", "3000000uaitbc"}, gas...)...)
	if got := c.Balance(alice, Denom); !got.Equal(before.SubRaw(locked + 1000)) {
		t.Fatalf("alice balance after lock %s, want %s", got, before.SubRaw(locked+1000))
	}

	var lock struct {
		Lock struct {
			Owner, Amount, Delegatee string
		} `json:"lock"`
		Votes string `json:"votes"`
	}
	at := func(h int64, path string, out any) {
		t.Helper()
		if err := c.RESTAt(path, h, out); err != nil {
			t.Fatalf("GET %s at height %d: %v", path, h, err)
		}
	}
	mustREST(t, c, "/aitbc/dao/v1/locks/"+alice, &lock)
	if lock.Lock.Amount != "3000000" || lock.Lock.Delegatee != alice || lock.Votes != "3000000" {
		t.Fatalf("lock through REST: %+v", lock)
	}

	type power struct {
		Power         string `json:"power"`
		OwnPower      string `json:"own_power"`
		Votes         string `json:"votes"`
		VestedAverage string `json:"vested_average"`
		Time          string `json:"time"`
	}
	var now power
	at(lockTx.Height, "/aitbc/dao/v1/voting_power/"+alice, &now)
	if now.Power != "0" || now.Votes != "3000000" {
		t.Fatalf("power in the lock's block: %+v (votes count only after vesting)", now)
	}

	// After V+W of chain time the whole lock counts.
	lockTime := c.BlockAt(lockTx.Height).Time
	full := c.WaitForBlockTime(lockTime.Add(vesting + window)).Height
	at(full, "/aitbc/dao/v1/voting_power/"+alice, &now)
	if now.Power != "3000000" || now.OwnPower != "3000000" {
		t.Fatalf("power after vesting and a full window (height %d): %+v", full, now)
	}
	var total struct{ Power, Locked string }
	at(full, "/aitbc/dao/v1/total_power", &total)
	if total.Power != "3000000" || total.Locked != "3000000" {
		t.Fatalf("total power: %+v", total)
	}

	// The snapshot at the lock's block time is zero; the CLI shows the same.
	lockAt := blockTime(t, c, lockTx.Height)
	var past power
	mustREST(t, c, "/aitbc/dao/v1/voting_power/"+alice+"?time="+lockAt, &past)
	if past.Power != "0" {
		t.Fatalf("power at the lock time: %+v", past)
	}
	cliPower := c.Query("dao", "voting-power", alice, "--time", lockAt)
	if cliPower["power"] != "0" {
		t.Fatalf("q dao voting-power --time: %v", cliPower)
	}
	// A time in the future is refused with a clear error: HTTP 400.
	var herr *HTTPError
	if err := c.REST("/aitbc/dao/v1/voting_power/"+alice+"?time=2999-01-01T00:00:00Z", &past); !errors.As(err, &herr) || herr.Status != 400 {
		t.Fatalf("a future snapshot time: %v, want HTTP 400", err)
	}

	// Delegating to bob moves the votes at once; bob's count after vesting.
	delegated := c.Tx("alice", "dao", append([]string{"delegate", bob}, gas...)...).Height
	at(delegated, "/aitbc/dao/v1/voting_power/"+alice, &now)
	if now.Power != "0" || now.OwnPower != "3000000" {
		t.Fatalf("alice after delegating: %+v", now)
	}
	var bobPower power
	at(delegated, "/aitbc/dao/v1/voting_power/"+bob, &bobPower)
	if bobPower.Votes != "3000000" || bobPower.Power != "0" {
		t.Fatalf("bob right after the delegation: %+v", bobPower)
	}
	var cps struct {
		Checkpoints []struct{ Votes string } `json:"checkpoints"`
	}
	mustREST(t, c, "/aitbc/dao/v1/checkpoints/"+alice, &cps)
	if len(cps.Checkpoints) != 2 || cps.Checkpoints[0].Votes != "3000000" || cps.Checkpoints[1].Votes != "0" {
		t.Fatalf("alice checkpoints: %+v", cps)
	}

	// Bad input is refused and changes nothing.
	if res, err := c.TxE("alice", "dao", append([]string{"unlock", "9000000uaitbc"}, gas...)...); err == nil && res.Code == 0 {
		t.Fatal("unlocking more than locked succeeded")
	}
	if res, err := c.TxE("alice", "dao", append([]string{"lock", "0uaitbc"}, gas...)...); err == nil && res.Code == 0 {
		t.Fatal("locking zero succeeded")
	}

	// Unlock: power drops at once, the tokens return after the unlock period.
	beforeUnlock := c.Balance(alice, Denom)
	unlocked := c.Tx("alice", "dao", append([]string{"unlock", "1000000uaitbc"}, gas...)...).Height
	at(unlocked, "/aitbc/dao/v1/voting_power/"+bob, &bobPower)
	if bobPower.Votes != "2000000" {
		t.Fatalf("bob votes after alice's unlock: %+v", bobPower)
	}
	at(unlocked, "/aitbc/dao/v1/locks/"+alice, &lock)
	if lock.Lock.Amount != "2000000" {
		t.Fatalf("alice lock after unlock: %+v", lock)
	}
	// The payout comes in the first block at or after the completion time
	// (the unlock's block time plus the period), not before.
	paid := c.WaitForBlockTime(c.BlockAt(unlocked).Time.Add(unlock)).Height
	if got, want := balanceAt(t, c, alice, paid-1), beforeUnlock.SubRaw(1000); !got.Equal(want) {
		t.Fatalf("alice at height %d, before the unlock completed: %s, want %s (fee paid, tokens still locked)", paid-1, got, want)
	}
	if got, want := balanceAt(t, c, alice, paid), beforeUnlock.Add(sdkmath.NewInt(1_000_000-1000)); !got.Equal(want) {
		t.Fatalf("unlocked tokens not paid back at height %d: balance %s, want %s", paid, got, want)
	}
}

func mustREST(t *testing.T, c *Chain, path string, out any) {
	t.Helper()
	if err := c.REST(path, out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// blockTime returns a block's time in RFC 3339 from REST.
func blockTime(t *testing.T, c *Chain, height int64) string {
	t.Helper()
	var block struct {
		Block struct {
			Header struct {
				Time string `json:"time"`
			} `json:"header"`
		} `json:"block"`
	}
	mustREST(t, c, "/cosmos/base/tendermint/v1beta1/blocks/"+strconv.FormatInt(height, 10), &block)
	return block.Block.Header.Time
}
