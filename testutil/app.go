// Package testutil holds fixtures shared by the tests of the app and modules.
package testutil

import (
	"encoding/json"
	"testing"
	"time"

	"cosmossdk.io/log"
	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	"github.com/cosmos/cosmos-sdk/testutil/mock"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/app"
)

// ChainID is the chain id of single-app test chains.
const ChainID = "aitbc-test-1"

// GenesisTime is the block time of the first block of test chains.
var GenesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// TestApp is an AITBC app with one bonded validator, committed at height 1.
type TestApp struct {
	*app.App
	DB        dbm.DB
	ValSet    *cmttypes.ValidatorSet
	Funded    sdk.AccAddress // an account funded at genesis
	LastBlock time.Time
}

// FundedBalance is what TestApp.Funded holds at genesis.
var FundedBalance = sdk.NewCoins(sdk.NewCoin(app.BondDenom, math.NewInt(1_000_000_000_000)))

// Option changes the genesis of a TestApp.
type Option func(*options)

type options struct {
	balances []banktypes.Balance
	edits    []func(codec.Codec, map[string]json.RawMessage)
}

// WithModuleBalance funds a module account at genesis, e.g. the sourcedao
// mining pool; the coins count in the total supply.
func WithModuleBalance(module string, coins sdk.Coins) Option {
	return func(o *options) {
		o.balances = append(o.balances, banktypes.Balance{Address: authtypes.NewModuleAddress(module).String(), Coins: coins})
	}
}

// WithGenesis edits the app genesis state (by module name) before InitChain.
func WithGenesis(edit func(cdc codec.Codec, state map[string]json.RawMessage)) Option {
	return func(o *options) { o.edits = append(o.edits, edit) }
}

// NewTestApp returns an app after InitChain and one committed block.
func NewTestApp(t testing.TB, opts ...Option) *TestApp {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	privVal := mock.NewPV()
	pubKey, err := privVal.GetPubKey()
	if err != nil {
		t.Fatal(err)
	}
	valSet := cmttypes.NewValidatorSet([]*cmttypes.Validator{cmttypes.NewValidator(pubKey, 1)})

	key := secp256k1.GenPrivKey()
	acc := authtypes.NewBaseAccount(key.PubKey().Address().Bytes(), key.PubKey(), 0, 0)
	balance := banktypes.Balance{Address: acc.GetAddress().String(), Coins: FundedBalance}

	db := dbm.NewMemDB()
	a := app.New(log.NewNopLogger(), db, nil, true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()), baseapp.SetChainID(ChainID))
	genesis, err := simtestutil.GenesisStateWithValSet(a.AppCodec(), a.DefaultGenesis(), valSet, []authtypes.GenesisAccount{acc}, append([]banktypes.Balance{balance}, o.balances...)...)
	if err != nil {
		t.Fatal(err)
	}
	// GenesisStateWithValSet rewrites the bank genesis without metadata.
	if genesis[banktypes.ModuleName], err = app.WithDenomMetadata(a.AppCodec(), genesis[banktypes.ModuleName]); err != nil {
		t.Fatal(err)
	}
	for _, edit := range o.edits {
		edit(a.AppCodec(), genesis)
	}
	stateBytes, err := json.Marshal(genesis)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.InitChain(&abci.RequestInitChain{
		ChainId:         ChainID,
		Time:            GenesisTime,
		Validators:      []abci.ValidatorUpdate{},
		ConsensusParams: simtestutil.DefaultConsensusParams,
		AppStateBytes:   stateBytes,
	}); err != nil {
		t.Fatalf("init chain: %v", err)
	}
	ta := &TestApp{App: a, DB: db, ValSet: valSet, Funded: acc.GetAddress()}
	ta.NextBlock(t, GenesisTime)
	return ta
}

// NextBlock finalizes and commits an empty block at the given time.
func (ta *TestApp) NextBlock(t testing.TB, blockTime time.Time) *abci.ResponseFinalizeBlock {
	t.Helper()
	res, err := ta.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height:             ta.LastBlockHeight() + 1,
		Time:               blockTime,
		NextValidatorsHash: ta.ValSet.Hash(),
	})
	if err != nil {
		t.Fatalf("finalize block: %v", err)
	}
	if _, err := ta.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
	ta.LastBlock = blockTime
	return res
}

// Context returns a context on the committed state at the next height and
// the given block time, for keeper calls in tests.
func (ta *TestApp) Context(blockTime time.Time) sdk.Context {
	return ta.NewUncachedContext(false, cmtproto.Header{
		ChainID: ChainID,
		Height:  ta.LastBlockHeight() + 1,
		Time:    blockTime,
	})
}

// Fund mints coins to an account.
func (ta *TestApp) Fund(t testing.TB, ctx sdk.Context, addr sdk.AccAddress, coins sdk.Coins) {
	t.Helper()
	if err := ta.BankKeeper.MintCoins(ctx, minttypes.ModuleName, coins); err != nil {
		t.Fatalf("mint: %v", err)
	}
	if err := ta.BankKeeper.SendCoinsFromModuleToAccount(ctx, minttypes.ModuleName, addr, coins); err != nil {
		t.Fatalf("fund %s: %v", addr, err)
	}
}

// Addrs returns n distinct deterministic account addresses.
func Addrs(n int) []sdk.AccAddress {
	out := make([]sdk.AccAddress, n)
	for i := range out {
		out[i] = sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte{byte(i >> 8), byte(i), 'a'}).PubKey().Address())
	}
	return out
}

// AddValidator creates a validator self-bonding tokens from a new funded
// account and bonds it at once; it returns the operator address, whose
// bytes are also the validator's account.
func (ta *TestApp) AddValidator(t testing.TB, ctx sdk.Context, seed string, tokens math.Int) sdk.ValAddress {
	t.Helper()
	acc := sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte("validator/" + seed)).PubKey().Address())
	ta.Fund(t, ctx, acc, sdk.NewCoins(sdk.NewCoin(app.BondDenom, tokens)))
	op := sdk.ValAddress(acc)
	rate := math.LegacyNewDecWithPrec(5, 2)
	msg, err := stakingtypes.NewMsgCreateValidator(op.String(), ed25519.GenPrivKeyFromSecret([]byte(seed)).PubKey(),
		sdk.NewCoin(app.BondDenom, tokens), stakingtypes.NewDescription(seed, "", "", "", ""),
		stakingtypes.NewCommissionRates(rate, math.LegacyOneDec(), rate), math.OneInt())
	if err != nil {
		t.Fatalf("validator %s: %v", seed, err)
	}
	if _, err := stakingkeeper.NewMsgServerImpl(ta.StakingKeeper).CreateValidator(ctx, msg); err != nil {
		t.Fatalf("create validator %s: %v", seed, err)
	}
	if _, err := ta.StakingKeeper.ApplyAndReturnValidatorSetUpdates(ctx); err != nil {
		t.Fatalf("bond validator %s: %v", seed, err)
	}
	return op
}
