package app_test

import (
	storetypes "cosmossdk.io/store/types"
	"encoding/json"
	"fmt"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"maps"
	"math/rand"
	"slices"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/testutil"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

// benchVoters is how many accounts send one transaction each per block in
// BenchmarkFinalizeBlockSendVsVote.
const benchVoters = 500

// BenchmarkFinalizeBlockSendVsVote times FinalizeBlock of a block of
// benchVoters bank sends against a block of as many x/dao MsgVotes (each
// account once, on a fresh emergency proposal per block), the DeliverTx side
// of `aitbcd load bank-send` vs `aitbcd load dao-vote`. Accounts lock 1
// AITBC at setup; genesis removes vesting. ns/tx is the block's time per
// transaction; writes/tx and write-B/tx the store writes the block's
// transactions flushed to the commit stores (every store, keys and values),
// and event-B/tx the bytes of their events, what a node commits and indexes
// for each. Profile one kind with
//
//	go test -run '^$' -bench 'FinalizeBlockSendVsVote/vote' -benchtime 20x -cpuprofile vote.prof ./app/
func BenchmarkFinalizeBlockSendVsVote(b *testing.B) {
	for _, kind := range []string{"send", "vote"} {
		b.Run(kind, func(b *testing.B) { benchFinalizeBlock(b, kind, false) })
	}
}

// BenchmarkCheckTxSendVsVote times CheckTx of the same transactions (the
// mempool's side of the load: `aitbcd load` broadcasts sync, so CheckTx
// paces it), each block's transactions checked then delivered.
func BenchmarkCheckTxSendVsVote(b *testing.B) {
	for _, kind := range []string{"send", "vote"} {
		b.Run(kind, func(b *testing.B) { benchFinalizeBlock(b, kind, true) })
	}
}

type benchAccount struct {
	priv        *secp256k1.PrivKey
	addr        sdk.AccAddress
	accNum, seq uint64
}

func benchFinalizeBlock(b *testing.B, kind string, checkTx bool) {
	ta := testutil.NewTestApp(b, testutil.WithGenesis(func(cdc codec.Codec, state map[string]json.RawMessage) {
		var gen daotypes.GenesisState
		cdc.MustUnmarshalJSON(state[daotypes.ModuleName], &gen)
		gen.Params.Vesting = 0
		gen.Params.TwasWindow = time.Second
		state[daotypes.ModuleName] = cdc.MustMarshalJSON(&gen)
	}))
	txCfg := ta.TxConfig()
	denom := app.BondDenom
	fee := sdk.NewCoins(sdk.NewInt64Coin(denom, 1000))
	now := ta.LastBlock

	accounts := make([]*benchAccount, benchVoters)
	ctx := ta.Context(now)
	for i := range accounts {
		priv := secp256k1.GenPrivKeyFromSecret(fmt.Appendf(nil, "bench/load/%d", i))
		a := &benchAccount{priv: priv, addr: sdk.AccAddress(priv.PubKey().Address())}
		ta.Fund(b, ctx, a.addr, sdk.NewCoins(sdk.NewCoin(denom, daotypes.AITBC(100_000))))
		accounts[i] = a
	}
	now = now.Add(time.Second)
	ta.NextBlock(b, now)
	ctx = ta.Context(now)
	for _, a := range accounts {
		a.accNum = ta.AccountKeeper.GetAccount(ctx, a.addr).GetAccountNumber()
	}
	proposer := accounts[0]

	sign := func(a *benchAccount, msg sdk.Msg) []byte {
		tx, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(int64(a.seq))), txCfg, []sdk.Msg{msg}, fee, 400_000,
			testutil.ChainID, []uint64{a.accNum}, []uint64{a.seq}, a.priv)
		if err != nil {
			b.Fatal(err)
		}
		a.seq++
		bz, err := txCfg.TxEncoder()(tx)
		if err != nil {
			b.Fatal(err)
		}
		return bz
	}
	// Every commit store reports its writes (PopStateCache), so the bench
	// can count what each kind writes.
	var listened []storetypes.StoreKey
	for _, name := range append(slices.Sorted(maps.Keys(ta.ModuleManager.Modules)), authtypes.StoreKey) {
		if key := ta.GetKey(name); key != nil {
			listened = append(listened, key)
		}
	}
	ta.CommitMultiStore().AddListeners(listened)
	var writes, writeBytes, eventBytes, measuredTxs int
	block := func(txs [][]byte) {
		now = now.Add(2 * time.Second)
		res, err := ta.FinalizeBlock(&abci.RequestFinalizeBlock{Height: ta.LastBlockHeight() + 1, Time: now, Txs: txs, NextValidatorsHash: ta.ValSet.Hash()})
		if err != nil {
			b.Fatal(err)
		}
		for i, r := range res.TxResults {
			if r.Code != 0 {
				b.Fatalf("tx %d: code %d: %s", i, r.Code, r.Log)
			}
		}
		if _, err := ta.Commit(); err != nil {
			b.Fatal(err)
		}
		pairs := ta.CommitMultiStore().PopStateCache()
		if len(txs) != benchVoters {
			return // setup, or the proposal's block
		}
		measuredTxs += len(txs)
		for _, kv := range pairs {
			writes++
			writeBytes += len(kv.Key) + len(kv.Value)
		}
		for _, r := range res.TxResults {
			for _, e := range r.Events {
				for _, a := range e.Attributes {
					eventBytes += len(e.Type) + len(a.Key) + len(a.Value)
				}
			}
		}
	}

	// Every account locks 1 AITBC; the proposer enough to propose.
	var locks [][]byte
	for i, a := range accounts {
		amount := daotypes.AITBC(1)
		if i == 0 {
			amount = daotypes.AITBC(200)
		}
		locks = append(locks, sign(a, &daotypes.MsgLock{Owner: a.addr.String(), Amount: sdk.NewCoin(denom, amount)}))
	}
	block(locks)
	// The lock block has benchVoters transactions too: count from here.
	writes, writeBytes, eventBytes, measuredTxs = 0, 0, 0, 0
	block(nil) // past twas_window: full power

	txs := make([][]byte, len(accounts))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		var proposalID uint64
		if kind == "vote" {
			block([][]byte{sign(proposer, &daotypes.MsgSubmitProposal{
				Proposer: proposer.addr.String(), Class: "emergency", Title: fmt.Sprintf("bench %d", i),
			})})
			id, err := ta.DaoKeeper.ProposalSeq.Peek(ta.Context(now))
			if err != nil {
				b.Fatal(err)
			}
			proposalID = id - 1
		}
		for j, a := range accounts {
			var msg sdk.Msg
			if kind == "vote" {
				opts := []daotypes.VoteOption{daotypes.VOTE_OPTION_YES, daotypes.VOTE_OPTION_NO, daotypes.VOTE_OPTION_ABSTAIN}
				msg = &daotypes.MsgVote{Voter: a.addr.String(), ProposalId: proposalID, Option: opts[j%3]}
			} else {
				to := accounts[(j+1)%len(accounts)]
				msg = banktypes.NewMsgSend(a.addr, to.addr, sdk.NewCoins(sdk.NewInt64Coin(denom, 1)))
			}
			txs[j] = sign(a, msg)
		}
		if !checkTx {
			b.StartTimer()
			block(txs)
			continue
		}
		b.StartTimer()
		for j, tx := range txs {
			res, err := ta.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
			if err != nil || res.Code != 0 {
				b.Fatalf("CheckTx of tx %d: %v %+v", j, err, res)
			}
		}
		b.StopTimer()
		block(txs)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(accounts)), "ns/tx")
	measured := float64(measuredTxs)
	b.ReportMetric(float64(writes)/measured, "writes/tx")
	b.ReportMetric(float64(writeBytes)/measured, "write-B/tx")
	b.ReportMetric(float64(eventBytes)/measured, "event-B/tx")
}
