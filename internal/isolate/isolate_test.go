package isolate

import (
	"errors"
	"testing"

	storetypes "cosmossdk.io/store/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

func newCtx(t *testing.T) (sdk.Context, storetypes.StoreKey) {
	key := storetypes.NewKVStoreKey("test")
	return testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test")), key
}

func TestRunWritesOnlyOnSuccess(t *testing.T) {
	ctx, key := newCtx(t)
	if err := Run(ctx, func(c sdk.Context) error {
		c.KVStore(key).Set([]byte("ok"), []byte("1"))
		c.EventManager().EmitEvent(sdk.NewEvent("kept"))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	err := Run(ctx, func(c sdk.Context) error {
		c.KVStore(key).Set([]byte("failed"), []byte("1"))
		c.EventManager().EmitEvent(sdk.NewEvent("dropped"))
		return errors.New("boom")
	})
	if err == nil || err.Error() != "boom" {
		t.Fatalf("want boom, got %v", err)
	}
	if !ctx.KVStore(key).Has([]byte("ok")) || ctx.KVStore(key).Has([]byte("failed")) {
		t.Fatal("only the successful branch may be written")
	}
	evs := ctx.EventManager().Events()
	if len(evs) != 1 || evs[0].Type != "kept" {
		t.Fatalf("events: %v", evs)
	}
}

func TestRunRecoversPanics(t *testing.T) {
	ctx, key := newCtx(t)
	err := Run(ctx, func(c sdk.Context) error {
		c.KVStore(key).Set([]byte("half"), []byte("1"))
		var m map[string]int
		m["x"] = 1 // nil map write panics
		return nil
	})
	if err == nil {
		t.Fatal("panic not turned into an error")
	}
	if ctx.KVStore(key).Has([]byte("half")) {
		t.Fatal("a panicking item's writes must be discarded")
	}
}

func TestItemFallbackAndEvent(t *testing.T) {
	ctx, key := newCtx(t)
	Item(ctx, "compute", "job 7", func(c sdk.Context) error {
		c.KVStore(key).Set([]byte("partial"), []byte("1"))
		return errors.New("bad model")
	}, &Fallback{Outcome: "refunded", Do: func(c sdk.Context, cause error) error {
		c.KVStore(key).Set([]byte("refund"), []byte(cause.Error()))
		return nil
	}})
	if ctx.KVStore(key).Has([]byte("partial")) {
		t.Fatal("failed handle left writes")
	}
	if got := string(ctx.KVStore(key).Get([]byte("refund"))); got != "bad model" {
		t.Fatalf("fallback did not run with the cause: %q", got)
	}
	assertFailedEvent(t, ctx, "refunded")

	ctx, key = newCtx(t)
	Item(ctx, "dao", "proposal 3", func(sdk.Context) error { panic("boom") },
		&Fallback{Outcome: "marked failed", Do: func(c sdk.Context, _ error) error {
			c.KVStore(key).Set([]byte("x"), []byte("1"))
			return errors.New("store gone")
		}})
	if ctx.KVStore(key).Has([]byte("x")) {
		t.Fatal("a failed fallback's writes must be discarded")
	}
	assertFailedEvent(t, ctx, "skipped")

	ctx, _ = newCtx(t)
	Item(ctx, "dao", "unlock 1", func(sdk.Context) error { return nil }, nil)
	if n := len(ctx.EventManager().Events()); n != 0 {
		t.Fatalf("a successful item emits no failure event, got %d events", n)
	}
}

func assertFailedEvent(t *testing.T, ctx sdk.Context, outcome string) {
	t.Helper()
	evs := ctx.EventManager().Events()
	if len(evs) != 1 || evs[0].Type != EventTypeItemFailed {
		t.Fatalf("want one %s event, got %v", EventTypeItemFailed, evs)
	}
	attrs := map[string]string{}
	for _, a := range evs[0].Attributes {
		attrs[a.Key] = a.Value
	}
	if attrs[AttributeOutcome] != outcome || attrs[AttributeModule] == "" || attrs[AttributeItem] == "" || attrs[AttributeError] == "" {
		t.Fatalf("attributes %v, want outcome %q", attrs, outcome)
	}
}
