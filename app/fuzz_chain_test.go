package app_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"cosmossdk.io/log"
	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/testutil"
	agenttypes "github.com/aitbc/aitbc/x/agent/types"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

// The fuzz chain: four users (three of them the dao committee, two of them
// sourcedao core developers), four validators whose operator accounts we
// hold keys for (so they can be compute providers and attesters), and one
// account too poor to pay for much. Every account is a signer the fuzz
// input can pick by index.
const (
	fuzzUsers      = 4
	fuzzValidators = 4
	fuzzGasLimit   = 8_000_000
)

var (
	fuzzUserBalance   = daotypes.AITBC(1_000_000)
	fuzzPoorBalance   = math.NewInt(2_000)
	fuzzMiningPool    = daotypes.AITBC(1_000_000)
	fuzzSelfBondBase  = daotypes.AITBC(100)
	fuzzCommitteeTerm = 365 * 24 * time.Hour
)

// fuzzAccount is a key the fuzz can sign with.
type fuzzAccount struct {
	name   string
	priv   cryptotypes.PrivKey
	addr   sdk.AccAddress
	cons   cryptotypes.PrivKey // a validator's consensus key; nil for others
	accNum uint64
}

func (a *fuzzAccount) valoper() string { return sdk.ValAddress(a.addr).String() }

// fuzzBase is the committed state after genesis and the first block, kept
// as the raw key/value pairs of its database: every fuzz execution starts a
// fresh app on a copy of it, as a node restarting from disk would.
type fuzzBase struct {
	home     string
	accounts []*fuzzAccount
	kv       [][2][]byte
	height   int64
	time     time.Time
	dao      daotypes.Params // the genesis params UpdateParams messages start from
	txConfig client.TxConfig
}

func fuzzAccounts() []*fuzzAccount {
	var out []*fuzzAccount
	for i := range fuzzUsers {
		priv := secp256k1.GenPrivKeyFromSecret(fmt.Appendf(nil, "fuzz/user/%d", i))
		out = append(out, &fuzzAccount{name: fmt.Sprintf("user%d", i), priv: priv, addr: sdk.AccAddress(priv.PubKey().Address())})
	}
	for i := range fuzzValidators {
		priv := secp256k1.GenPrivKeyFromSecret(fmt.Appendf(nil, "fuzz/validator/%d", i))
		out = append(out, &fuzzAccount{
			name: fmt.Sprintf("val%d", i), priv: priv, addr: sdk.AccAddress(priv.PubKey().Address()),
			cons: ed25519.GenPrivKeyFromSecret(fmt.Appendf(nil, "fuzz/cons/%d", i)),
		})
	}
	priv := secp256k1.GenPrivKeyFromSecret([]byte("fuzz/poor"))
	out = append(out, &fuzzAccount{name: "poor", priv: priv, addr: sdk.AccAddress(priv.PubKey().Address())})
	return out
}

// fuzzDaoParams is the default x/dao params on a clock blocks can reach:
// ten minutes of vesting, a one-minute averaging window, a one-minute
// challenge period and timelock, voting periods of minutes. One vote may
// weigh half of the total so a few lockers reach every quorum.
func fuzzDaoParams() daotypes.Params {
	p := daotypes.DefaultParams()
	p.Vesting = 10 * time.Minute
	p.TwasWindow = time.Minute
	p.UnlockPeriod = 30 * time.Minute
	p.MaxPowerFraction = math.LegacyNewDecWithPrec(5, 1)
	for i := range p.Classes {
		c := &p.Classes[i]
		c.ChallengePeriod = time.Minute
		c.MinVotingPeriod, c.DefaultVotingPeriod, c.MaxVotingPeriod = time.Minute, 5*time.Minute, 20*time.Minute
		c.LateQuorumWindow, c.LateQuorumExtension = 30*time.Second, 2*time.Minute
		if c.ExecutionDelay > 0 {
			c.ExecutionDelay = time.Minute
		}
	}
	return p
}

// fuzzGenesis builds the app state of the fuzz chain.
func fuzzGenesis(a *app.App, accounts []*fuzzAccount) (map[string]json.RawMessage, daotypes.Params, error) {
	cdc := a.AppCodec()
	state := a.DefaultGenesis()

	var genAccs []authtypes.GenesisAccount
	var balances []banktypes.Balance
	supply := sdk.NewCoins()
	fund := func(addr string, amount math.Int) {
		coins := sdk.NewCoins(sdk.NewCoin(app.BondDenom, amount))
		balances = append(balances, banktypes.Balance{Address: addr, Coins: coins})
		supply = supply.Add(coins...)
	}
	var validators []stakingtypes.Validator
	var delegations []stakingtypes.Delegation
	notBonded := math.ZeroInt()
	for i, acc := range accounts {
		genAccs = append(genAccs, authtypes.NewBaseAccount(acc.addr, nil, uint64(i), 0))
		switch {
		case acc.name == "poor":
			fund(acc.addr.String(), fuzzPoorBalance)
		default:
			fund(acc.addr.String(), fuzzUserBalance)
		}
		if acc.cons == nil {
			continue
		}
		// Validators start unbonded with their self-bond in the not-bonded
		// pool; InitGenesis bonds them, so the bonding hooks (slashing
		// signing info, x/compute) run as they do for gentxs.
		tokens := fuzzSelfBondBase.Add(daotypes.AITBC(int64(10 * len(validators))))
		val, err := stakingtypes.NewValidator(acc.valoper(), acc.cons.PubKey(), stakingtypes.Description{Moniker: acc.name})
		if err != nil {
			return nil, daotypes.Params{}, err
		}
		val.Tokens = tokens
		val.DelegatorShares = math.LegacyNewDecFromInt(tokens)
		val.Commission = stakingtypes.NewCommission(math.LegacyNewDecWithPrec(5, 2), math.LegacyOneDec(), math.LegacyNewDecWithPrec(5, 2))
		val.MinSelfDelegation = math.OneInt()
		validators = append(validators, val)
		delegations = append(delegations, stakingtypes.NewDelegation(acc.addr.String(), acc.valoper(), val.DelegatorShares))
		notBonded = notBonded.Add(tokens)
	}
	fund(authtypes.NewModuleAddress(stakingtypes.NotBondedPoolName).String(), notBonded)
	fund(authtypes.NewModuleAddress(sourcedaotypes.ModuleName).String(), fuzzMiningPool)

	state[authtypes.ModuleName] = cdc.MustMarshalJSON(authtypes.NewGenesisState(authtypes.DefaultParams(), genAccs))
	bankGen := banktypes.DefaultGenesisState()
	bankGen.Balances, bankGen.Supply = balances, supply
	state[banktypes.ModuleName] = cdc.MustMarshalJSON(bankGen)

	stakingParams := stakingtypes.DefaultParams()
	stakingParams.MaxValidators = fuzzValidators // a validator created by a user pushes one out
	stakingParams.UnbondingTime = 24 * time.Hour
	state[stakingtypes.ModuleName] = cdc.MustMarshalJSON(stakingtypes.NewGenesisState(stakingParams, validators, delegations))

	// Downtime is reachable in a few blocks: absent votes jail and slash.
	slashingGen := slashingtypes.DefaultGenesisState()
	slashingGen.Params.SignedBlocksWindow = 10
	slashingGen.Params.DowntimeJailDuration = 10 * time.Minute
	state[slashingtypes.ModuleName] = cdc.MustMarshalJSON(slashingGen)

	daoGen := daotypes.DefaultGenesis()
	daoGen.Params = fuzzDaoParams()
	termEnd := testutil.GenesisTime.Add(fuzzCommitteeTerm)
	for _, acc := range accounts[:3] {
		daoGen.Committee.Members = append(daoGen.Committee.Members, daotypes.Member{Address: acc.addr.String(), TermEnd: termEnd})
	}
	daoGen.Committee.Alternates = []string{accounts[3].addr.String()}
	if err := daoGen.Validate(); err != nil {
		return nil, daotypes.Params{}, fmt.Errorf("dao genesis: %w", err)
	}
	state[daotypes.ModuleName] = cdc.MustMarshalJSON(daoGen)

	srcGen := sourcedaotypes.DefaultGenesis()
	for _, acc := range accounts[:2] {
		srcGen.Developers = append(srcGen.Developers, sourcedaotypes.Developer{Address: acc.addr.String(), Core: true})
	}
	state[sourcedaotypes.ModuleName] = cdc.MustMarshalJSON(srcGen)
	return state, daoGen.Params, nil
}

// newFuzzBase runs genesis and the first block once and keeps the result.
func newFuzzBase(tb testing.TB) *fuzzBase {
	tb.Helper()
	accounts := fuzzAccounts()
	home := tb.TempDir()
	db := dbm.NewMemDB()
	a := newFuzzApp(db, home)
	state, daoParams, err := fuzzGenesis(a, accounts)
	if err != nil {
		tb.Fatal(err)
	}
	stateBytes, err := json.Marshal(state)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := a.InitChain(&abci.RequestInitChain{
		ChainId: testutil.ChainID, Time: testutil.GenesisTime, ConsensusParams: simtestutil.DefaultConsensusParams,
		AppStateBytes: stateBytes, InitialHeight: 1,
	}); err != nil {
		tb.Fatalf("init chain: %v", err)
	}
	if _, err := a.FinalizeBlock(&abci.RequestFinalizeBlock{Height: 1, Time: testutil.GenesisTime, Hash: blockHash(1)}); err != nil {
		tb.Fatalf("first block: %v", err)
	}
	if _, err := a.Commit(); err != nil {
		tb.Fatalf("commit: %v", err)
	}
	ctx := committedContext(a, 1, testutil.GenesisTime)
	for _, acc := range accounts {
		account := a.AccountKeeper.GetAccount(ctx, acc.addr)
		if account == nil {
			tb.Fatalf("%s has no account", acc.name)
		}
		acc.accNum = account.GetAccountNumber()
	}
	bonded, err := a.StakingKeeper.GetLastValidators(ctx)
	if err != nil || len(bonded) != fuzzValidators {
		tb.Fatalf("genesis bonded %d validators (%v), want %d", len(bonded), err, fuzzValidators)
	}

	base := &fuzzBase{home: home, accounts: accounts, height: 1, time: testutil.GenesisTime, dao: daoParams, txConfig: a.TxConfig()}
	it, err := db.Iterator(nil, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		base.kv = append(base.kv, [2][]byte{append([]byte{}, it.Key()...), append([]byte{}, it.Value()...)})
	}
	return base
}

func newFuzzApp(db dbm.DB, home string) *app.App {
	return app.New(log.NewNopLogger(), db, nil, true, simtestutil.NewAppOptionsWithFlagHome(home), baseapp.SetChainID(testutil.ChainID))
}

// restore starts an app on a copy of the base state.
func (b *fuzzBase) restore() (*app.App, error) {
	db := dbm.NewMemDB()
	batch := db.NewBatch()
	for _, kv := range b.kv {
		if err := batch.Set(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	if err := batch.Write(); err != nil {
		return nil, err
	}
	return newFuzzApp(db, b.home), nil
}

// committedContext reads the committed state (of the block at height and
// blockTime) on a throwaway branch.
func committedContext(a *app.App, height int64, blockTime time.Time) sdk.Context {
	ms := a.CommitMultiStore().CacheMultiStore()
	header := cmtproto.Header{ChainID: testutil.ChainID, Height: height, Time: blockTime}
	return sdk.NewContext(ms, header, false, log.NewNopLogger())
}

// blockHash stands in for CometBFT's block hash; x/compute seeds its
// committee draw from it.
func blockHash(height int64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(height))
	h := sha256.Sum256(b[:])
	return h[:]
}

// signTx signs msgs with the cosmos-sdk test signer. A message the signer
// cannot handle (invalid UTF-8 in a string field fails the protobuf v2
// decoding signing relies on) is still delivered, unsigned, so the
// node's decoder is exercised with it.
func signTx(txConfig client.TxConfig, acc *fuzzAccount, seq uint64, msgs []sdk.Msg, fee sdk.Coins, gas uint64) (bz []byte, err error) {
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("sign: %v", r)
			}
		}()
		var tx sdk.Tx
		tx, err = simtestutil.GenSignedMockTx(rand.New(rand.NewSource(int64(seq))), txConfig, msgs, fee, gas,
			testutil.ChainID, []uint64{acc.accNum}, []uint64{seq}, acc.priv)
		if err == nil {
			bz, err = txConfig.TxEncoder()(tx)
		}
	}()
	if err == nil {
		return bz, nil
	}
	b := txConfig.NewTxBuilder()
	if err := b.SetMsgs(msgs...); err != nil {
		return nil, err
	}
	b.SetFeeAmount(fee)
	b.SetGasLimit(gas)
	if err := b.SetSignatures(signing.SignatureV2{
		PubKey: acc.priv.PubKey(), Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT}, Sequence: seq,
	}); err != nil {
		return nil, err
	}
	return txConfig.TxEncoder()(b.GetTx())
}

// signersReadable says whether the SDK can read a transaction's signers.
// It cannot when a signer field is not an address or a string field is not
// UTF-8 (the signing layer decodes messages with protobuf v2): the ante
// handler then refuses the transaction, with an unregistered error (code
// 1), before any module code runs.
func signersReadable(txConfig client.TxConfig, bz []byte) bool {
	tx, err := txConfig.TxDecoder()(bz)
	if err != nil {
		return false
	}
	withSigners, ok := tx.(interface{ GetSigners() ([][]byte, error) })
	if !ok {
		return false
	}
	_, err = withSigners.GetSigners()
	return err == nil
}

// Module accounts the fuzz may name as recipients or signers.
var fuzzModuleAccounts = []string{
	daotypes.ModuleName, daotypes.VoteEscrowName, daotypes.BondsName, computetypes.EscrowName, computetypes.BondsName,
	sourcedaotypes.ModuleName, authtypes.FeeCollectorName, stakingtypes.BondedPoolName, agenttypes.ModuleName,
	reputationtypes.ModuleName,
}
