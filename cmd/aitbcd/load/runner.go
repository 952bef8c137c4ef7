package load

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// pollInterval is how often the runner asks the node for new blocks.
const pollInterval = 200 * time.Millisecond

// Planned is one transaction to send: its signer, the signer's account
// number and the sequence this transaction uses, and its messages.
type Planned struct {
	From   signer
	AccNum uint64
	Seq    uint64
	Msgs   []sdk.Msg
}

// Runner signs, broadcasts and follows batches of transactions on one node.
type Runner struct {
	Ctx           client.Context // codec, TxConfig, keyring, chain id, RPC client
	GasPrice      sdk.DecCoin
	GasAdjustment float64
	Gas           uint64 // fixed gas limit; 0 simulates one transaction of the batch (probe)
	Workers       int    // concurrent broadcasters (an account's txs stay in order on one)
	// StallBlocks ends the wait for accepted transactions when this many
	// blocks pass without one of them (they were dropped from the mempool).
	StallBlocks int
	Log         io.Writer
}

// Outcome is what a batch produced: its report and the execution result of
// each committed transaction by hash (for the events of setup steps).
type Outcome struct {
	Report  Report
	Results map[string]*abci.ExecTxResult
}

func (r *Runner) logf(format string, args ...any) {
	if r.Log != nil {
		fmt.Fprintf(r.Log, "load: "+format+"\n", args...)
	}
}

// fee is the fee of a gas limit at the gas price, rounded up.
func (r *Runner) fee(gas uint64) sdk.Coins {
	amount := r.GasPrice.Amount.MulInt64(int64(gas)).Ceil().TruncateInt()
	return sdk.NewCoins(sdk.NewCoin(r.GasPrice.Denom, amount))
}

// build signs one planned transaction with a gas limit and returns its bytes.
func (r *Runner) build(ctx context.Context, p Planned, gas uint64) ([]byte, error) {
	b := r.Ctx.TxConfig.NewTxBuilder()
	if err := b.SetMsgs(p.Msgs...); err != nil {
		return nil, err
	}
	b.SetGasLimit(gas)
	b.SetFeeAmount(r.fee(gas))
	if err := p.From.sign(ctx, b, p.AccNum, p.Seq); err != nil {
		return nil, fmt.Errorf("sign for %s: %w", p.From.address(), err)
	}
	return r.Ctx.TxConfig.TxEncoder()(b.GetTx())
}

// probe is the transaction of a batch whose gas is simulated: the first
// one from an account that never signed, if any, since its first
// transaction also stores its public key (about 9k gas more for a bank
// send than the same send from an account that has signed).
func probe(planned []Planned) Planned {
	for _, p := range planned {
		if p.Seq == 0 {
			return p
		}
	}
	return planned[0]
}

// GasFor returns the gas limit of a batch whose probe is p: the fixed
// --gas, or p simulated times the adjustment.
func (r *Runner) GasFor(ctx context.Context, p Planned) (uint64, error) {
	if r.Gas > 0 {
		return r.Gas, nil
	}
	b := r.Ctx.TxConfig.NewTxBuilder()
	if err := b.SetMsgs(p.Msgs...); err != nil {
		return 0, err
	}
	if err := b.SetSignatures(signing.SignatureV2{
		PubKey: p.From.pubKey(), Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT}, Sequence: p.Seq,
	}); err != nil {
		return 0, err
	}
	bz, err := r.Ctx.TxConfig.TxEncoder()(b.GetTx())
	if err != nil {
		return 0, err
	}
	res, err := txtypes.NewServiceClient(r.Ctx).Simulate(ctx, &txtypes.SimulateRequest{TxBytes: bz})
	if err != nil {
		return 0, fmt.Errorf("simulate %s: %w", sdk.MsgTypeURL(p.Msgs[0]), err)
	}
	return uint64(float64(res.GasInfo.GasUsed) * r.GasAdjustment), nil
}

// Run signs every planned transaction with the batch's gas limit,
// broadcasts them (sync) as fast as CheckTx takes them, follows the blocks
// until every accepted one is in a block (or StallBlocks pass without one),
// and reports.
func (r *Runner) Run(ctx context.Context, kind string, planned []Planned) (Outcome, error) {
	if len(planned) == 0 {
		return Outcome{Report: Summarize(Input{Kind: kind})}, nil
	}
	gas, err := r.GasFor(ctx, probe(planned))
	if err != nil {
		return Outcome{}, err
	}
	txs := make([][]byte, len(planned))
	for i, p := range planned {
		if txs[i], err = r.build(ctx, p, gas); err != nil {
			return Outcome{}, err
		}
	}
	r.logf("%s: signed %d transactions, gas limit %d, fee %s each", kind, len(txs), gas, r.fee(gas))

	start, err := r.latestHeight(ctx)
	if err != nil {
		return Outcome{}, err
	}
	began := time.Now()
	refused, accepted := r.broadcast(ctx, planned, txs)
	broadcast := time.Since(began)
	r.logf("%s: %d accepted by CheckTx, %d refused, in %s", kind, len(accepted), len(refused), broadcast.Round(time.Millisecond))

	blocks, results, err := r.follow(ctx, start, accepted)
	if err != nil {
		return Outcome{}, err
	}
	rep := Summarize(Input{Kind: kind, Sent: len(txs), Refused: refused, Blocks: blocks, Broadcast: broadcast})
	return Outcome{Report: rep, Results: results}, nil
}

// txHash is CometBFT's hash of a transaction, as hex.
func txHash(tx []byte) string {
	h := sha256.Sum256(tx)
	return fmt.Sprintf("%X", h[:])
}

// broadcast sends the transactions on Workers goroutines; each signer's
// transactions go on one of them, in order, so their sequences reach
// CheckTx in order. A full mempool is retried until it takes the
// transaction. It returns the refusals and the hashes of the accepted.
func (r *Runner) broadcast(ctx context.Context, planned []Planned, txs [][]byte) ([]TxResult, map[string]bool) {
	workers := max(1, r.Workers)
	lanes := make([][]int, workers)
	laneOf := map[string]int{}
	for i, p := range planned {
		key := p.From.address().String()
		lane, ok := laneOf[key]
		if !ok {
			lane = len(laneOf) % workers
			laneOf[key] = lane
		}
		lanes[lane] = append(lanes[lane], i)
	}
	var (
		mu       sync.Mutex
		refused  []TxResult
		accepted = map[string]bool{}
		wg       sync.WaitGroup
	)
	for _, lane := range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, i := range lane {
				res := r.broadcastOne(ctx, txs[i])
				mu.Lock()
				if res.Code == 0 {
					accepted[txHash(txs[i])] = true
				} else {
					refused = append(refused, res)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return refused, accepted
}

// broadcastOne sends one transaction (sync) and returns CheckTx's answer;
// a full mempool is waited out, a transaction already in the mempool
// cache counts as accepted.
func (r *Runner) broadcastOne(ctx context.Context, tx []byte) TxResult {
	backoff := 20 * time.Millisecond
	for {
		res, err := r.Ctx.BroadcastTxSync(tx)
		switch {
		case err != nil:
			return TxResult{Code: 1, Codespace: "rpc", Log: err.Error()}
		case res.Codespace == sdkerrors.ErrMempoolIsFull.Codespace() && res.Code == sdkerrors.ErrMempoolIsFull.ABCICode():
			select {
			case <-ctx.Done():
				return TxResult{Code: res.Code, Codespace: res.Codespace, Log: "mempool full until the run's deadline"}
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, time.Second)
			continue
		case res.Codespace == sdkerrors.ErrTxInMempoolCache.Codespace() && res.Code == sdkerrors.ErrTxInMempoolCache.ABCICode():
			return TxResult{}
		default:
			return TxResult{Code: res.Code, Codespace: res.Codespace, GasWanted: res.GasWanted, GasUsed: res.GasUsed, Log: res.RawLog}
		}
	}
}

func (r *Runner) latestHeight(ctx context.Context) (int64, error) {
	st, err := r.Ctx.Client.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("node status: %w", err)
	}
	return st.SyncInfo.LatestBlockHeight, nil
}

// follow reads every block from start on until all accepted transactions
// are found in blocks, or StallBlocks blocks pass without one of them.
func (r *Runner) follow(ctx context.Context, start int64, accepted map[string]bool) ([]Block, map[string]*abci.ExecTxResult, error) {
	results := map[string]*abci.ExecTxResult{}
	var blocks []Block
	next := start
	lastFound := start
	for len(results) < len(accepted) {
		latest, err := r.latestHeight(ctx)
		if err != nil {
			return nil, nil, err
		}
		if latest < next {
			select {
			case <-ctx.Done():
				return nil, nil, fmt.Errorf("waiting for blocks: %w (%d of %d accepted transactions seen)", ctx.Err(), len(results), len(accepted))
			case <-time.After(pollInterval):
			}
			continue
		}
		for ; next <= latest; next++ {
			b, err := r.readBlock(ctx, next, accepted, results)
			if err != nil {
				return nil, nil, err
			}
			blocks = append(blocks, b)
			if len(b.Ours) > 0 {
				lastFound = next
				r.logf("block %d: %d of ours (%d of %d)", next, len(b.Ours), len(results), len(accepted))
			}
		}
		if len(results) < len(accepted) && latest-lastFound >= int64(max(1, r.StallBlocks)) {
			r.logf("%d accepted transactions in no block after %d blocks; giving up on them", len(accepted)-len(results), latest-lastFound)
			break
		}
	}
	return blocks, results, nil
}

// readBlock reads one block and the results of its transactions; those of
// ours go into results.
func (r *Runner) readBlock(ctx context.Context, h int64, accepted map[string]bool, results map[string]*abci.ExecTxResult) (Block, error) {
	height := h
	blk, err := r.Ctx.Client.Block(ctx, &height)
	if err != nil {
		return Block{}, fmt.Errorf("block %d: %w", h, err)
	}
	out := Block{Height: h, Time: blk.Block.Time, TotalTxs: len(blk.Block.Txs)}
	if len(blk.Block.Txs) == 0 {
		return out, nil
	}
	// The node stores a block before it executes it: its results may not
	// be there yet.
	var res *coretypes.ResultBlockResults
	for {
		if res, err = r.Ctx.Client.BlockResults(ctx, &height); err == nil {
			break
		}
		if !strings.Contains(err.Error(), "could not find results") {
			return Block{}, fmt.Errorf("block results %d: %w", h, err)
		}
		select {
		case <-ctx.Done():
			return Block{}, fmt.Errorf("block results %d: %w", h, err)
		case <-time.After(pollInterval):
		}
	}
	if len(res.TxsResults) != len(blk.Block.Txs) {
		return Block{}, fmt.Errorf("block %d has %d transactions and %d results", h, len(blk.Block.Txs), len(res.TxsResults))
	}
	for i, tx := range blk.Block.Txs {
		hash := fmt.Sprintf("%X", tx.Hash())
		if !accepted[hash] {
			continue
		}
		x := res.TxsResults[i]
		results[hash] = x
		out.Ours = append(out.Ours, TxResult{Code: x.Code, Codespace: x.Codespace, GasWanted: x.GasWanted, GasUsed: x.GasUsed, Log: x.Log})
	}
	return out, nil
}

// refresh reads the account number and next sequence of each account (one
// query per account, on Workers goroutines) and returns the accounts the
// chain does not know yet.
func (r *Runner) refresh(ctx context.Context, accounts []*Account) ([]*Account, error) {
	type numSeq struct {
		num, seq uint64
		exists   bool
	}
	got, err := parallel(ctx, r.Workers, accounts, func(ctx context.Context, a *Account) (numSeq, error) {
		num, seq, err := authtypes.AccountRetriever{}.GetAccountNumberSequence(r.Ctx.WithCmdContext(ctx), a.Address)
		switch {
		case err == nil:
			return numSeq{num, seq, true}, nil
		case isNotFound(err):
			return numSeq{}, nil
		default:
			return numSeq{}, fmt.Errorf("account %s: %w", a.Address, err)
		}
	})
	if err != nil {
		return nil, err
	}
	var missing []*Account
	for _, a := range accounts {
		if ns := got[a.Index]; ns.exists {
			a.Number, a.Seq = ns.num, ns.seq
		} else {
			missing = append(missing, a)
		}
	}
	return missing, nil
}

func isNotFound(err error) bool {
	if s, ok := status.FromError(err); ok && s.Code() == codes.NotFound {
		return true
	}
	return strings.Contains(err.Error(), "not found")
}

// balances reads the balance of denom of each account.
func (r *Runner) balances(ctx context.Context, accounts []*Account, denom string) (map[int]math.Int, error) {
	bank := banktypes.NewQueryClient(r.Ctx)
	return parallel(ctx, r.Workers, accounts, func(ctx context.Context, a *Account) (math.Int, error) {
		res, err := bank.Balance(ctx, &banktypes.QueryBalanceRequest{Address: a.Address.String(), Denom: denom})
		if err != nil {
			return math.Int{}, fmt.Errorf("balance of %s: %w", a.Address, err)
		}
		return res.Balance.Amount, nil
	})
}

// parallel runs f for every account on n goroutines and collects the
// results by account index.
func parallel[T any](ctx context.Context, n int, accounts []*Account, f func(context.Context, *Account) (T, error)) (map[int]T, error) {
	var (
		mu   sync.Mutex
		out  = make(map[int]T, len(accounts))
		errs []error
		wg   sync.WaitGroup
	)
	jobs := make(chan *Account)
	for range max(1, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range jobs {
				v, err := f(ctx, a)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					out[a.Index] = v
				}
				mu.Unlock()
			}
		}()
	}
	for _, a := range accounts {
		jobs <- a
	}
	close(jobs)
	wg.Wait()
	return out, errors.Join(errs...)
}
