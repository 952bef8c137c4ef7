package app_test

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	minttypes "github.com/cosmos/cosmos-sdk/x/mint/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/app"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

// FuzzApp turns bytes into blocks of signed transactions carrying every
// message of the five AITBC modules (and the cosmos-sdk messages that move
// validators and funds under them), delivers them through FinalizeBlock and
// Commit of a real app (baseapp, ante handler, signatures, Begin/EndBlock,
// staking hooks) and after every block checks that
//
//   - FinalizeBlock returned no error and did not panic: either halts the
//     chain;
//   - no transaction failed with a recovered panic, none of our modules'
//     with an unregistered (code 1) error, and none whose message names a
//     signer that did not sign it was accepted;
//   - every module invariant holds (app.CheckInvariants) on the committed
//     state, and the bank balances add up to the total supply;
//   - a party rates a finished deal once, however its id is spelled;
//   - the total supply changed only by x/mint's block provision (the only
//     minter) and by burns of the accounts allowed to burn: x/dao's bonds
//     of vetoed proposals, and the staking pools when x/slashing slashes.
//     Fees and escrows move coins, they never change the supply.
//
// The input format is described at splitRecords. `go test ./app/` runs the
// seed corpus in testdata/fuzz/FuzzApp; `make fuzz` explores further.
func FuzzApp(f *testing.F) {
	base := newFuzzBase(f)
	shared := &fuzzShared{base: base}
	f.Fuzz(func(t *testing.T, data []byte) {
		shared.run(t, data)
	})
}

// An execution on a rolled-back app must be the execution on a fresh one:
// same app hash after every block, run after run.
func TestFuzzAppRollbackReplays(t *testing.T) {
	base := newFuzzBase(t)
	data := fuzzSeeds()["dao-flow"]
	shared := &fuzzShared{base: base}
	first := shared.run(t, data).hashes
	again := shared.run(t, data).hashes
	fresh := (&fuzzShared{base: base}).run(t, data).hashes
	if len(first) < 5 {
		t.Fatalf("the seed ran %d blocks", len(first))
	}
	for i := range first {
		if !bytes.Equal(first[i], again[i]) || !bytes.Equal(first[i], fresh[i]) {
			t.Fatalf("block %d: app hash %X, after rollback %X, on a fresh app %X", i+2, first[i], again[i], fresh[i])
		}
	}
}

// Per execution at most this many blocks and transactions, so one input
// runs in tens of milliseconds.
const (
	fuzzMaxBlocks      = 16
	fuzzMaxTxs         = 48
	fuzzMaxTxsPerBlock = 12
)

// fuzzShared is the app a fuzz process reuses: each execution rolls its
// store back to the base height instead of building a new app (app.New
// costs about half a second, a rollback a few milliseconds). After a
// failure, whose block may not have been committed, the app is rebuilt.
type fuzzShared struct {
	base *fuzzBase
	app  *app.App
}

func (s *fuzzShared) reset(t *testing.T) *app.App {
	if s.app != nil && s.app.LastBlockHeight() != s.base.height {
		if err := s.app.CommitMultiStore().RollbackToVersion(s.base.height); err != nil {
			t.Logf("rollback: %v; rebuilding the app", err)
			s.app = nil
		}
	}
	if s.app == nil {
		a, err := s.base.restore()
		if err != nil {
			t.Fatalf("restore base state: %v", err)
		}
		s.app = a
	}
	return s.app
}

func (s *fuzzShared) run(t *testing.T, data []byte) *fuzzRun {
	a := s.reset(t)
	r := &fuzzRun{t: t, a: a, base: s.base, w: newFuzzWorld(s.base), height: s.base.height}
	ok := false
	defer func() {
		if !ok {
			s.app = nil // the failed block may have left baseapp mid-block
		}
	}()
	r.start()
	for _, rec := range splitRecords(data) {
		if r.blocks >= fuzzMaxBlocks {
			break
		}
		if rec.header >= blockEndHeader {
			fr := &fieldReader{b: rec.payload}
			r.endBlock(fr.advance(), fr.byte())
			continue
		}
		if r.txs >= fuzzMaxTxs {
			continue
		}
		r.addTx(fuzzOps[int(rec.header)%len(fuzzOps)], rec.payload)
		if len(r.pending) >= fuzzMaxTxsPerBlock {
			r.endBlock(5*time.Second, 0)
		}
	}
	if len(r.pending) > 0 && r.blocks < fuzzMaxBlocks {
		r.endBlock(5*time.Second, 0)
	}
	ok = !t.Failed()
	if fuzzTrace {
		t.Log(r.record())
	}
	return r
}

// AITBC_FUZZ_TRACE=1 logs every run: its blocks, transactions and results.
var fuzzTrace = os.Getenv("AITBC_FUZZ_TRACE") != ""

// fuzzWorld is what the generators know of the chain: the ids and wallets
// it announced in events, so messages can name live objects.
type fuzzWorld struct {
	base       *fuzzBase
	now        time.Time
	ids        map[string][]uint64
	wallets    map[uint64]string
	walletList []string
	digests    map[uint64]projectDigest
	version    uint64
}

type projectDigest struct {
	digest     string
	acceptance bool
}

func newFuzzWorld(base *fuzzBase) *fuzzWorld {
	return &fuzzWorld{
		base: base, now: base.time, ids: map[string][]uint64{}, wallets: map[uint64]string{},
		digests: map[uint64]projectDigest{},
	}
}

// last is the latest announced id of a kind, or 1.
func (w *fuzzWorld) last(kind string) uint64 {
	if known := w.ids[kind]; len(known) > 0 {
		return known[len(known)-1]
	}
	return 1
}

var fuzzIDKinds = []string{"proposal_id", "unlock_id", "project_id", "agent_id", "offer_id", "job_id", "lease_id"}

// observe learns ids, wallets and project digests from typed events.
func (w *fuzzWorld) observe(events []abci.Event) {
	for _, ev := range events {
		attrs := map[string]string{}
		for _, a := range ev.Attributes {
			v := a.Value
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			}
			attrs[a.Key] = v
		}
		for _, kind := range fuzzIDKinds {
			id, err := strconv.ParseUint(attrs[kind], 10, 64)
			if err != nil || id == 0 || contains(w.ids[kind], id) {
				continue
			}
			w.ids[kind] = append(w.ids[kind], id)
		}
		if wallet := attrs["wallet"]; wallet != "" {
			if id, err := strconv.ParseUint(attrs["agent_id"], 10, 64); err == nil && w.wallets[id] == "" {
				w.wallets[id] = wallet
				w.walletList = append(w.walletList, wallet)
			}
		}
		if id, err := strconv.ParseUint(attrs["project_id"], 10, 64); err == nil {
			switch {
			case attrs["creation_digest"] != "":
				w.digests[id] = projectDigest{digest: attrs["creation_digest"]}
			case strings.HasSuffix(ev.Type, "EventAcceptanceSubmitted") && attrs["digest"] != "":
				w.digests[id] = projectDigest{digest: attrs["digest"], acceptance: true}
			}
		}
	}
}

func contains(ids []uint64, id uint64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// fuzzRun is one execution: the blocks built so far and their record.
type fuzzRun struct {
	t       *testing.T
	a       *app.App
	base    *fuzzBase
	w       *fuzzWorld
	height  int64 // of the last committed block
	seqs    []uint64
	supply  sdk.Coins
	pending [][]byte
	msgs    [][]sdk.Msg // of the pending txs
	ourTx   []bool      // the pending tx carries only AITBC module messages
	forged  []bool      // the pending tx names a signer whose key did not sign it
	// unreadable: the SDK cannot read the pending tx's signers
	unreadable []bool
	ratings    map[string]string // rater|module|deal id -> the deal ref it was rated under
	hashes     [][]byte          // app hash of every block
	blocks     int
	txs        int
	trace      []string
}

func (r *fuzzRun) start() {
	ctx := committedContext(r.a, r.height, r.w.now)
	r.seqs = make([]uint64, len(r.base.accounts))
	r.readSequences(ctx)
	r.supply = totalSupply(r.a, ctx)
}

func (r *fuzzRun) readSequences(ctx sdk.Context) {
	for i, acc := range r.base.accounts {
		if account := r.a.AccountKeeper.GetAccount(ctx, acc.addr); account != nil {
			r.seqs[i] = account.GetSequence()
		}
	}
}

// addTx generates one transaction from a record and signs it. Payload:
// signer index, fee tag, then the message fields.
func (r *fuzzRun) addTx(op fuzzOp, payload []byte) {
	fr := &fieldReader{b: payload}
	i := fr.pick(len(r.base.accounts))
	acc := r.base.accounts[i]
	fee, gas := sdk.Coins(nil), uint64(fuzzGasLimit)
	switch fb := fr.byte(); fb % 8 {
	case 5:
		gas = 20_000 + uint64(fb)*1_000 // out of gas somewhere
	case 6:
		fee = sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, int64(fb)+1))
	case 7:
		fee = sdk.NewCoins(sdk.NewCoin(app.BondDenom, daotypes.AITBC(10_000_000))) // more than anyone has
	}
	var forged bool
	g := &gen{fieldReader: fr, w: r.w, signer: acc.addr.String(), forged: &forged}
	msgs := op.gen(g)
	if len(msgs) == 0 {
		return
	}
	bz, err := signTx(r.base.txConfig, acc, r.seqs[i], msgs, fee, gas)
	if err != nil {
		r.t.Logf("skip %s: cannot encode: %v", op.name, err)
		return
	}
	// The sequence moves once the ante handler passes; baseapp runs
	// ValidateBasic and reads the signers before it.
	readable := signersReadable(r.base.txConfig, bz)
	ours, valid := true, readable && !forged
	for _, m := range msgs {
		ours = ours && strings.HasPrefix(sdk.MsgTypeURL(m), "/aitbc.")
		if v, ok := m.(sdk.HasValidateBasic); ok && v.ValidateBasic() != nil {
			valid = false
		}
	}
	if valid {
		r.seqs[i]++
	}
	r.pending = append(r.pending, bz)
	r.msgs = append(r.msgs, msgs)
	r.ourTx = append(r.ourTx, ours)
	r.forged = append(r.forged, forged)
	r.unreadable = append(r.unreadable, !readable)
	r.txs++
	desc := make([]string, len(msgs))
	for j, m := range msgs {
		desc[j] = fmt.Sprintf("%s %v", sdk.MsgTypeURL(m), m)
	}
	r.trace = append(r.trace, fmt.Sprintf("  tx %d by %s (fee %s, gas %d): %s", len(r.pending)-1, acc.name, fee, gas, strings.Join(desc, "; ")))
}

// endBlock delivers the pending transactions in a block advance after the
// previous one; bit i of absent marks the i-th validator of the last set as
// not having signed the previous block (x/slashing downtime).
func (r *fuzzRun) endBlock(advance time.Duration, absent byte) {
	t := r.t
	height := r.height + 1
	blockTime := r.w.now.Add(advance)
	votes := r.lastCommitVotes(absent)
	r.trace = append(r.trace, fmt.Sprintf("block %d at %s (+%s), %d txs, absent mask %08b", height, blockTime.Format(time.RFC3339), advance, len(r.pending), absent))
	req := &abci.RequestFinalizeBlock{
		Height: height, Time: blockTime, Txs: r.pending, Hash: blockHash(height),
		DecidedLastCommit:  abci.CommitInfo{Votes: votes},
		NextValidatorsHash: blockHash(-height),
	}
	if len(votes) > 0 {
		req.ProposerAddress = votes[0].Validator.Address
	}
	txs, msgs, ours, forged, unreadable := r.pending, r.msgs, r.ourTx, r.forged, r.unreadable
	r.pending, r.msgs, r.ourTx, r.forged, r.unreadable = nil, nil, nil, nil, nil
	r.blocks++

	res, err := finalize(r.a, req)
	if err != nil {
		t.Fatalf("block %d halts the chain: FinalizeBlock: %v\n%s", height, err, r.record())
	}
	if _, err := r.a.Commit(); err != nil {
		t.Fatalf("block %d: commit: %v\n%s", height, err, r.record())
	}
	r.w.now, r.height = blockTime, height
	r.hashes = append(r.hashes, res.AppHash)
	if len(res.TxResults) != len(txs) {
		t.Fatalf("block %d: %d tx results for %d txs", height, len(res.TxResults), len(txs))
	}
	events := append([]abci.Event(nil), res.Events...)
	for _, ev := range res.Events {
		if strings.HasPrefix(ev.Type, "aitbc.") || ev.Type == banktypes.EventTypeCoinBurn || ev.Type == "slash" {
			r.trace = append(r.trace, "  event "+describeEvent(ev))
		}
	}
	for i, tr := range res.TxResults {
		r.trace = append(r.trace, fmt.Sprintf("  result %d: code %d %s %.300s", i, tr.Code, tr.Codespace, tr.Log))
		if tr.Codespace == "undefined" && tr.Code == 111222 {
			t.Errorf("block %d tx %d: a message handler panicked: %.2000s", height, i, tr.Log)
		}
		if (forged[i] || unreadable[i]) && tr.Code == 0 {
			t.Errorf("block %d tx %d: accepted although a message names a signer whose key did not sign, or its signers cannot be read", height, i)
		}
		if tr.Codespace == "undefined" && tr.Code == 1 && ours[i] && !unreadable[i] {
			t.Errorf("block %d tx %d: failed with an unregistered error (code 1): %s", height, i, tr.Log)
		}
		events = append(events, tr.Events...)
		if tr.Code == 0 {
			r.checkRatedOnce(height, msgs[i])
		}
	}
	if t.Failed() {
		t.Fatalf("%s", r.record())
	}
	r.w.observe(events)

	ctx := committedContext(r.a, height, blockTime)
	r.readSequences(ctx)
	r.checkSupply(ctx, height, events)
	if err := r.a.CheckInvariants(ctx); err != nil {
		t.Fatalf("block %d: %v\n%s", height, err, r.record())
	}
}

// checkRatedOnce: a party rates a finished deal once, however the deal's
// id is spelled (compute/42, compute/042, ...).
func (r *fuzzRun) checkRatedOnce(height int64, msgs []sdk.Msg) {
	for _, m := range msgs {
		rate, ok := m.(*reputationtypes.MsgRate)
		if !ok {
			continue
		}
		module, ref, found := strings.Cut(rate.DealRef, "/")
		id, err := strconv.ParseUint(ref, 10, 64)
		if !found || err != nil {
			continue
		}
		key := fmt.Sprintf("%s|%s|%d", rate.Rater, module, id)
		if r.ratings == nil {
			r.ratings = map[string]string{}
		}
		if first, seen := r.ratings[key]; seen {
			r.t.Errorf("block %d: %s rated deal %s/%d twice, as %q and as %q", height, rate.Rater, module, id, first, rate.DealRef)
			continue
		}
		r.ratings[key] = rate.DealRef
	}
}

// finalize runs FinalizeBlock; a panic there halts a real node as surely as
// an error, so it is returned as one.
func finalize(a *app.App, req *abci.RequestFinalizeBlock) (res *abci.ResponseFinalizeBlock, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return a.FinalizeBlock(req)
}

// lastCommitVotes are the votes of the last validator set on the previous
// block, as CometBFT reports them. Bit i of absent marks the fuzz account
// validator i (bits 4-7: a validator user i-4 created) as absent.
func (r *fuzzRun) lastCommitVotes(absent byte) []abci.VoteInfo {
	ctx := committedContext(r.a, r.height, r.w.now)
	vals, err := r.a.StakingKeeper.GetLastValidators(ctx)
	if err != nil {
		r.t.Fatalf("last validators: %v", err)
	}
	bit := map[string]int{}
	for i := range fuzzValidators {
		bit[r.base.accounts[fuzzUsers+i].valoper()] = i
		bit[r.base.accounts[i].valoper()] = fuzzValidators + i
	}
	var votes []abci.VoteInfo
	for _, v := range vals {
		consAddr, err := v.GetConsAddr()
		if err != nil {
			r.t.Fatalf("validator %s: %v", v.OperatorAddress, err)
		}
		flag := cmtproto.BlockIDFlagCommit
		if i, ok := bit[v.OperatorAddress]; ok && absent&(1<<i) != 0 {
			flag = cmtproto.BlockIDFlagAbsent
		}
		votes = append(votes, abci.VoteInfo{
			Validator:   abci.Validator{Address: consAddr, Power: v.ConsensusPower(sdk.DefaultPowerReduction)},
			BlockIdFlag: flag,
		})
	}
	return votes
}

// Accounts allowed to burn: x/dao burns the bonds of vetoed proposals,
// x/slashing burns slashed stake from the staking pools.
var fuzzBurners = map[string]bool{
	authtypes.NewModuleAddress(daotypes.BondsName).String():             true,
	authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String():    true,
	authtypes.NewModuleAddress(stakingtypes.NotBondedPoolName).String(): true,
}

var fuzzMinter = authtypes.NewModuleAddress(minttypes.ModuleName).String()

// checkSupply: supply after + burned == supply before + minted, the only
// minter is x/mint and it minted exactly its block provision, and the
// balances add up to the supply.
func (r *fuzzRun) checkSupply(ctx sdk.Context, height int64, events []abci.Event) {
	t := r.t
	minted, burned := sdk.NewCoins(), sdk.NewCoins()
	for _, ev := range events {
		if ev.Type != banktypes.EventTypeCoinMint && ev.Type != banktypes.EventTypeCoinBurn {
			continue
		}
		var who string
		var amount sdk.Coins
		for _, a := range ev.Attributes {
			switch a.Key {
			case banktypes.AttributeKeyMinter, banktypes.AttributeKeyBurner:
				who = a.Value
			case sdk.AttributeKeyAmount:
				coins, err := sdk.ParseCoinsNormalized(a.Value)
				if err != nil {
					t.Fatalf("block %d: %s event amount %q: %v", height, ev.Type, a.Value, err)
				}
				amount = coins
			}
		}
		switch ev.Type {
		case banktypes.EventTypeCoinMint:
			if who != fuzzMinter {
				t.Fatalf("block %d: %s minted %s; only x/mint may mint\n%s", height, who, amount, r.record())
			}
			minted = minted.Add(amount...)
		case banktypes.EventTypeCoinBurn:
			if !fuzzBurners[who] {
				t.Fatalf("block %d: %s burned %s; it may not burn\n%s", height, who, amount, r.record())
			}
			burned = burned.Add(amount...)
		}
	}
	minter, err := r.a.MintKeeper.Minter.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	params, err := r.a.MintKeeper.Params.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := sdk.NewCoins(minter.BlockProvision(params)); !minted.Equal(want) {
		t.Fatalf("block %d: minted %s, x/mint's block provision is %s\n%s", height, minted, want, r.record())
	}
	after := totalSupply(r.a, ctx)
	if !after.Add(burned...).Equal(r.supply.Add(minted...)) {
		t.Fatalf("block %d: supply went from %s to %s with %s minted and %s burned\n%s", height, r.supply, after, minted, burned, r.record())
	}
	r.supply = after
	balances := sdk.NewCoins()
	r.a.BankKeeper.IterateAllBalances(ctx, func(_ sdk.AccAddress, c sdk.Coin) bool {
		balances = balances.Add(c)
		return false
	})
	if !balances.Equal(after) {
		t.Fatalf("block %d: balances add up to %s, the supply is %s\n%s", height, balances, after, r.record())
	}
}

func totalSupply(a *app.App, ctx sdk.Context) sdk.Coins {
	supply := sdk.NewCoins()
	a.BankKeeper.IterateTotalSupply(ctx, func(c sdk.Coin) bool {
		supply = supply.Add(c)
		return false
	})
	return supply
}

func describeEvent(ev abci.Event) string {
	var b strings.Builder
	b.WriteString(ev.Type)
	for _, a := range ev.Attributes {
		if a.Key == "mode" || a.Key == "msg_index" {
			continue
		}
		fmt.Fprintf(&b, " %s=%s", a.Key, a.Value)
		if b.Len() > 300 {
			break
		}
	}
	return b.String()
}

// record is the run so far, for the failure message.
func (r *fuzzRun) record() string {
	return "run so far:\n" + strings.Join(r.trace, "\n")
}
