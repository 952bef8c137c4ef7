package e2e

// Waiting on a chain that may be slow. A test never guesses how long
// something takes in wall-clock time: it waits for what it can observe
// (a height, a block time, a status) and gives up only when that stops
// moving (the node is stuck or dead, not slow) or after a bound counted in
// blocks. Periods of chain time a test depends on (a voting period) are
// derived from what the machine was measured to do (see Pace).

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

var errNotRunning = errors.New("the node is not running")

// consensusFailure returns the line of the node's log since its last start
// that reports a consensus failure (the node is alive but will never make
// another block), or "". Waits check it when no block comes, to fail at
// once instead of after the stall timeout.
func (c *Chain) consensusFailure() string {
	c.mu.Lock()
	from := c.logStart
	c.mu.Unlock()
	f, err := os.Open(c.LogFile)
	if err != nil {
		return ""
	}
	defer f.Close()
	const window = 1 << 20
	if fi, err := f.Stat(); err == nil && fi.Size()-from > window {
		from = fi.Size() - window
	}
	if _, err := f.Seek(from, io.SeekStart); err != nil {
		return ""
	}
	bz, _ := io.ReadAll(f)
	i := bytes.Index(bz, []byte("CONSENSUS FAILURE"))
	if i < 0 {
		return ""
	}
	line := bz[i:]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return tailString(string(line[:min(len(line), 600)]), 1)
}

// stuck reports a consensus failure once no block came for a while.
func (c *Chain) stuck(sinceBlock time.Duration) error {
	if sinceBlock < 2*time.Second {
		return nil
	}
	if line := c.consensusFailure(); line != "" {
		return fmt.Errorf("the node logged a consensus failure: %s", line)
	}
	return nil
}

// Defaults of the waits.
const (
	// DefaultStallTimeout is how long a wait tolerates no progress at all
	// (no new block, no new log line) before it calls the node stuck. A
	// busy machine makes blocks slowly, never none for minutes.
	DefaultStallTimeout = 3 * time.Minute
	// DefaultTxBlocks bounds the wait for a broadcast transaction: it is in
	// one of the next blocks, or it never will be.
	DefaultTxBlocks = 30
	// waitCap bounds every wait, however much progress it sees, so that a
	// node that logs forever without committing cannot hang the test.
	waitCap = 20 * time.Minute
)

// waitProgress polls poll every pollInterval until it reports done or a
// fatal error (e.g. the process exited). poll also returns a progress token
// (a height, a log size, ...): the wait fails when the token has not
// changed for stall, or after waitCap. state describes the last poll for
// the error.
func waitProgress(stall time.Duration, poll func() (done bool, progress, state string, fatal error)) error {
	start := time.Now()
	lastChange, lastProgress := start, ""
	for {
		done, progress, state, fatal := poll()
		switch {
		case done:
			return nil
		case fatal != nil:
			return fatal
		}
		now := time.Now()
		if progress != lastProgress {
			lastChange, lastProgress = now, progress
		}
		switch {
		case now.Sub(lastChange) > stall:
			return fmt.Errorf("no progress for %s (last: %s)", stall, state)
		case now.Sub(start) > waitCap:
			return fmt.Errorf("not done after %s (last: %s)", waitCap, state)
		}
		time.Sleep(pollInterval)
	}
}

// ---------------------------------------------------------------------------
// Blocks

// Block is the header of a block, the fields the waits read.
type Block struct {
	Height int64
	Time   time.Time
}

func blockAt(apiURL, which string) (Block, error) {
	var resp struct {
		Block struct {
			Header struct {
				Height flexInt `json:"height"`
				Time   string  `json:"time"`
			} `json:"header"`
		} `json:"block"`
	}
	if err := getJSON(apiURL+"/cosmos/base/tendermint/v1beta1/blocks/"+which, &resp); err != nil {
		return Block{}, err
	}
	tm, err := time.Parse(time.RFC3339Nano, resp.Block.Header.Time)
	if err != nil {
		return Block{}, fmt.Errorf("block %s: time %q: %w", which, resp.Block.Header.Time, err)
	}
	return Block{Height: int64(resp.Block.Header.Height), Time: tm}, nil
}

// LatestBlockE returns the latest block's height and time.
func (c *Chain) LatestBlockE() (Block, error) { return blockAt(c.API, "latest") }

// BlockAt returns the header of block h.
func (c *Chain) BlockAt(h int64) Block {
	c.t.Helper()
	b, err := blockAt(c.API, strconv.FormatInt(h, 10))
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// WaitUntilE polls cond until it holds. It gives up when blocks new blocks
// were committed since the call without cond holding (a bound in blocks,
// not in seconds), when the chain makes no block for the stall timeout, or
// when the node exits. cond's string describes the state for the error.
func (c *Chain) WaitUntilE(what string, blocks int64, cond func() (bool, string)) error {
	return c.waitUntil(what, blocks, waitCap, cond)
}

// waitUntil is WaitUntilE with an upper bound in wall time.
func (c *Chain) waitUntil(what string, blocks int64, limit time.Duration, cond func() (bool, string)) error {
	start, err := c.HeightE()
	if err != nil {
		return fmt.Errorf("waiting for %s: %w", what, err)
	}
	began := time.Now()
	lastHeight, lastChange := start, began
	for {
		ok, state := cond()
		if ok {
			return nil
		}
		h, err := c.HeightE()
		now := time.Now()
		switch {
		case err == nil && h > start+blocks:
			// cond runs once more, on a state at least this new.
			if ok, state = cond(); ok {
				return nil
			}
			return fmt.Errorf("waiting for %s: not after %d blocks (height %d to %d): %s", what, blocks, start, h, state)
		case err == nil && h != lastHeight:
			lastHeight, lastChange = h, now
		}
		if err := c.stuck(now.Sub(lastChange)); err != nil {
			return fmt.Errorf("waiting for %s: %w", what, err)
		}
		switch {
		case !c.Running():
			return fmt.Errorf("waiting for %s: the node is not running (last: %s)", what, state)
		case now.Sub(lastChange) > c.stallTimeout:
			return fmt.Errorf("waiting for %s: no new block for %s after height %d (last: %s)", what, c.stallTimeout, lastHeight, state)
		case now.Sub(began) > limit:
			return fmt.Errorf("waiting for %s: not done after %s (last: %s)", what, limit, state)
		}
		time.Sleep(pollInterval)
	}
}

// WaitUntil is WaitUntilE that fails the test.
func (c *Chain) WaitUntil(what string, blocks int64, cond func() (bool, string)) {
	c.t.Helper()
	if err := c.WaitUntilE(what, blocks, cond); err != nil {
		c.t.Fatal(err)
	}
}

// WaitForBlockTimeE waits until a block with a time at or after t is
// committed and returns it. Chain time only moves with blocks, so the only
// bound is the stall timeout.
func (c *Chain) WaitForBlockTimeE(t time.Time) (Block, error) {
	var b Block
	lastHeight, lastChange := int64(-1), time.Now()
	err := waitProgress(c.stallTimeout, func() (bool, string, string, error) {
		var err error
		b, err = c.LatestBlockE()
		switch {
		case err == nil && !b.Time.Before(t):
			return true, "", "", nil
		case !c.Running():
			return false, "", "", errNotRunning
		case err != nil:
			return false, "", err.Error(), nil
		}
		if b.Height != lastHeight {
			lastHeight, lastChange = b.Height, time.Now()
		}
		if err := c.stuck(time.Since(lastChange)); err != nil {
			return false, "", "", err
		}
		return false, strconv.FormatInt(b.Height, 10), fmt.Sprintf("height %d at %s", b.Height, b.Time.Format(time.RFC3339Nano)), nil
	})
	if err != nil {
		return b, fmt.Errorf("waiting for block time %s: %w", t.Format(time.RFC3339Nano), err)
	}
	return b, nil
}

// WaitForBlockTime is WaitForBlockTimeE that fails the test.
func (c *Chain) WaitForBlockTime(t time.Time) Block {
	c.t.Helper()
	b, err := c.WaitForBlockTimeE(t)
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// ---------------------------------------------------------------------------
// Queries at a height

// RESTAt is REST for the state at height h (the x-cosmos-block-height
// header): reads at one height are consistent with each other, however
// long the test took between them. The latest block the REST API reports
// may be stored before the application has committed it: a read of that
// height waits for the commit.
func (c *Chain) RESTAt(path string, h int64, out any) error {
	var lastErr error
	err := waitProgress(c.stallTimeout, func() (bool, string, string, error) {
		req, err := http.NewRequest(http.MethodGet, c.API+path, nil)
		if err != nil {
			return false, "", "", err
		}
		req.Header.Set("x-cosmos-block-height", strconv.FormatInt(h, 10))
		lastErr = doJSON(req, out)
		var herr *HTTPError
		switch {
		case lastErr == nil:
			return true, "", "", nil
		case errors.As(lastErr, &herr) && strings.Contains(herr.Body, "height in the future"):
			if !c.Running() {
				return false, "", "", errNotRunning
			}
			return false, "", fmt.Sprintf("height %d not committed yet", h), nil
		default:
			return false, "", "", lastErr
		}
	})
	if err != nil && lastErr != nil && !errors.Is(err, lastErr) {
		return fmt.Errorf("%w (last: %v)", err, lastErr)
	}
	return err
}

// ---------------------------------------------------------------------------
// Pace

// Pace is what this machine makes of the chain, as measured while the test
// ran: the mean interval of recent blocks (chain time) and the slowest
// transaction round trip through the CLI so far (wall time from starting
// `aitbcd tx` to finding the transaction in a block).
type Pace struct {
	Block time.Duration
	Tx    time.Duration
}

func (p Pace) String() string {
	return fmt.Sprintf("block %s, tx %s", p.Block.Round(time.Millisecond), p.Tx.Round(time.Millisecond))
}

// Pace measures the block interval over the last few blocks (at least one
// block is awaited) and reports the slowest transaction seen.
func (c *Chain) Pace() Pace {
	c.t.Helper()
	const span = 5
	latest, err := c.LatestBlockE()
	if err != nil {
		c.t.Fatal(err)
	}
	if latest.Height < 2 {
		c.WaitForHeight(2, 0)
		latest = c.BlockAt(2)
	}
	from := max(latest.Height-span, 1)
	first := c.BlockAt(from)
	p := Pace{Block: latest.Time.Sub(first.Time) / time.Duration(latest.Height-from)}
	c.mu.Lock()
	p.Tx = c.slowestTx
	c.mu.Unlock()
	return p
}

// Period is a span of chain time that covers steps sequential CLI round
// trips (transactions or queries) at this pace, with a margin of ten
// blocks, in whole seconds and at least floor. Block times follow the
// wall clock on a single validator, so wall time spent by the test is
// chain time passed.
func (p Pace) Period(steps int, floor time.Duration) time.Duration {
	d := time.Duration(steps)*p.Tx + 10*p.Block
	d = (d + time.Second - 1).Truncate(time.Second)
	return max(d, floor)
}

// BlocksFor is how many blocks span d of chain time at this pace, plus
// margin blocks: a bound in blocks for a wait on something d away.
func (p Pace) BlocksFor(d time.Duration, margin int64) int64 {
	if p.Block <= 0 {
		return margin
	}
	return int64(d/p.Block) + 1 + margin
}

func (c *Chain) recordTx(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > c.slowestTx {
		c.slowestTx = d
	}
}
