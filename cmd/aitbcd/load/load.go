package load

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// fundOutputsPerTx bounds the outputs of one funding MsgMultiSend.
const fundOutputsPerTx = 100

// Kind is a kind of load: the message each transaction carries and what
// its accounts need first. Add a kind by implementing it and listing it in
// Kinds.
type Kind interface {
	Name() string
	Short() string
	// Need is what each account must hold, besides fees, to send its
	// transactions of this kind (and to do what Prepare does for it), by
	// account index.
	Need(ctx context.Context, l *Load) (map[int]math.Int, error)
	// Prepare readies the chain after funding, before the measured batch
	// (e.g. locks and a proposal); it may send transactions through l.
	Prepare(ctx context.Context, l *Load) error
	// Msg is the message of account a's k-th transaction of the batch.
	Msg(l *Load, a *Account, k int) sdk.Msg
}

// Kinds lists the kinds of load by name.
var Kinds = []Kind{bankSend{}, &daoVote{}}

// Load is one run: a funder, the load accounts and the runner.
type Load struct {
	Runner   *Runner
	Funder   signer
	Accounts []*Account
	Txs      int
	Denom    string
	// FeeCap is the most fee one transaction may cost; funding provides it
	// for every transaction of an account.
	FeeCap math.Int
	// Fund is the least balance a funded account is topped up to.
	Fund math.Int
	// Lock is what each account locks for dao votes.
	Lock math.Int
	// Class is the proposal class of dao votes ("" picks one).
	Class string
	// MaxWait bounds the waits of Prepare (vesting, a challenge period).
	MaxWait time.Duration

	funderNum, funderSeq uint64
}

// perAccount is how many of the batch's transactions account i sends.
func (l *Load) perAccount(i int) int {
	n := len(l.Accounts)
	return l.Txs/n + min(1, max(0, l.Txs%n-i))
}

// Run funds the accounts, prepares the kind and sends the batch: tx j from
// account j mod N, so every account sends its share in sequence order.
func (l *Load) Run(ctx context.Context, kind Kind) (Report, error) {
	if len(l.Accounts) == 0 || l.Txs <= 0 {
		return Report{}, fmt.Errorf("need at least one account and one transaction")
	}
	if err := l.fund(ctx, kind); err != nil {
		return Report{}, fmt.Errorf("funding: %w", err)
	}
	if err := kind.Prepare(ctx, l); err != nil {
		return Report{}, fmt.Errorf("preparing %s: %w", kind.Name(), err)
	}
	if _, err := l.Runner.refresh(ctx, l.Accounts); err != nil {
		return Report{}, err
	}
	planned := make([]Planned, l.Txs)
	for j := range planned {
		a := l.Accounts[j%len(l.Accounts)]
		k := j / len(l.Accounts)
		planned[j] = Planned{From: l.keySigner(a), AccNum: a.Number, Seq: a.Seq + uint64(k), Msgs: []sdk.Msg{kind.Msg(l, a, k)}}
	}
	out, err := l.Runner.Run(ctx, kind.Name(), planned)
	return out.Report, err
}

func (l *Load) keySigner(a *Account) signer {
	return keySigner{priv: a.Priv, txCfg: l.Runner.Ctx.TxConfig, chainID: l.Runner.Ctx.ChainID}
}

// FromFunder sends msgs from the funder, one transaction each, in order,
// and requires every one to commit with code 0.
func (l *Load) FromFunder(ctx context.Context, step string, msgs ...sdk.Msg) (Outcome, error) {
	if err := l.refreshFunder(ctx); err != nil {
		return Outcome{}, err
	}
	planned := make([]Planned, len(msgs))
	for i, m := range msgs {
		planned[i] = Planned{From: l.Funder, AccNum: l.funderNum, Seq: l.funderSeq + uint64(i), Msgs: []sdk.Msg{m}}
	}
	return l.runAll(ctx, step, planned)
}

// runAll runs a setup batch and requires all of it to commit.
func (l *Load) runAll(ctx context.Context, step string, planned []Planned) (Outcome, error) {
	out, err := l.Runner.Run(ctx, step, planned)
	if err != nil {
		return out, err
	}
	if out.Report.Committed != len(planned) {
		msg := fmt.Sprintf("%s: %d of %d transactions committed", step, out.Report.Committed, len(planned))
		for _, f := range out.Report.Failures {
			msg += fmt.Sprintf("; %s %s/%d x%d: %s", f.Stage, f.Codespace, f.Code, f.Count, f.Example)
		}
		return out, fmt.Errorf("%s", msg)
	}
	return out, nil
}

func (l *Load) refreshFunder(ctx context.Context) error {
	funder := &Account{Index: -1, Address: l.Funder.address()}
	missing, err := l.Runner.refresh(ctx, []*Account{funder})
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return fmt.Errorf("the funder %s has no account on the chain", funder.Address)
	}
	l.funderNum, l.funderSeq = funder.Number, funder.Seq
	return nil
}

// fund tops up every account holding less than its share of the batch
// needs to at least Fund, in MsgMultiSend transactions from the funder.
func (l *Load) fund(ctx context.Context, kind Kind) error {
	bal, err := l.Runner.balances(ctx, l.Accounts, l.Denom)
	if err != nil {
		return err
	}
	needs, err := kind.Need(ctx, l)
	if err != nil {
		return err
	}
	var msgs []sdk.Msg
	var outputs []banktypes.Output
	total := math.ZeroInt()
	flush := func() {
		if len(outputs) == 0 {
			return
		}
		in := banktypes.Input{Address: l.Funder.address().String(), Coins: sdk.NewCoins(sdk.NewCoin(l.Denom, total))}
		msgs = append(msgs, banktypes.NewMsgMultiSend(in, outputs))
		outputs, total = nil, math.ZeroInt()
	}
	for _, a := range l.Accounts {
		n := l.perAccount(a.Index)
		need := needs[a.Index].Add(l.FeeCap.MulRaw(int64(n)))
		if bal[a.Index].GTE(need) {
			continue
		}
		top := math.MaxInt(need, l.Fund).Sub(bal[a.Index])
		outputs = append(outputs, banktypes.Output{Address: a.Address.String(), Coins: sdk.NewCoins(sdk.NewCoin(l.Denom, top))})
		total = total.Add(top)
		if len(outputs) == fundOutputsPerTx {
			flush()
		}
	}
	flush()
	if len(msgs) == 0 {
		return nil
	}
	l.Runner.logf("funding accounts in %d multi-send transactions", len(msgs))
	_, err = l.FromFunder(ctx, "fund", msgs...)
	return err
}
