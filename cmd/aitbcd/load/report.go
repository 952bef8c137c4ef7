package load

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// TxResult is the outcome of one transaction: of CheckTx when it was
// refused there, else of its execution in a block.
type TxResult struct {
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	GasWanted int64  `json:"gas_wanted"`
	GasUsed   int64  `json:"gas_used"`
	Log       string `json:"log,omitempty"`
}

// Block is one block of the measured range: its header time, all its
// transactions, and the results of ours in it.
type Block struct {
	Height   int64
	Time     time.Time
	TotalTxs int
	Ours     []TxResult
}

// Input is what a run observed: the transactions it signed, those CheckTx
// refused, and every block from the last one before the first broadcast on
// (contiguous heights, so the block before the first that included ours is
// there for its time).
type Input struct {
	Kind      string
	Sent      int
	Refused   []TxResult // CheckTx refusals (after retries of a full mempool)
	Blocks    []Block
	Broadcast time.Duration // wall time from the first to the last broadcast answer
}

// Failure counts transactions that failed with one code at one stage.
type Failure struct {
	Stage     string `json:"stage"` // "check_tx" or "deliver_tx"
	Codespace string `json:"codespace"`
	Code      uint32 `json:"code"`
	Count     int    `json:"count"`
	Example   string `json:"example"` // the log of one of them, shortened
}

// GasStats summarises the gas of the transactions that executed.
type GasStats struct {
	Mean   int64 `json:"mean"`
	Min    int64 `json:"min"`
	Max    int64 `json:"max"`
	Wanted int64 `json:"wanted_mean"`
}

// BlockLine is one block of the measured range in the report.
type BlockLine struct {
	Height   int64   `json:"height"`
	Interval float64 `json:"interval_seconds"` // time since the previous block
	Ours     int     `json:"txs_ours"`
	Total    int     `json:"txs_total"`
}

// Report is a run's result. TPS counts the transactions that executed with
// code 0 in the blocks from the first to the last that included any of
// ours, over the time those blocks took: the time of the last block minus
// the time of the block before the first (a block's time is when it was
// proposed, so this is the sum of their intervals).
type Report struct {
	Kind        string      `json:"kind"`
	Sent        int         `json:"sent"`
	Accepted    int         `json:"accepted"`  // passed CheckTx
	Committed   int         `json:"committed"` // in a block with code 0
	Failed      int         `json:"failed"`    // in a block with a code
	Missing     int         `json:"missing"`   // accepted, never seen in a block
	FirstHeight int64       `json:"first_height"`
	LastHeight  int64       `json:"last_height"`
	LastTime    time.Time   `json:"last_block_time"`
	Blocks      int         `json:"blocks"`
	Seconds     float64     `json:"seconds"`
	TPS         float64     `json:"tps"`
	TxsPerBlock float64     `json:"txs_per_block"`
	Gas         GasStats    `json:"gas_used"`
	Failures    []Failure   `json:"failures"`
	PerBlock    []BlockLine `json:"per_block"`
	// BroadcastSeconds is how long signing's output took to go through
	// CheckTx: when TPS is close to Accepted/BroadcastSeconds, the
	// broadcast, not the blocks, was the limit.
	BroadcastSeconds float64 `json:"broadcast_seconds"`
}

// Summarize computes the report of a run.
func Summarize(in Input) Report {
	r := Report{Kind: in.Kind, Sent: in.Sent, Accepted: in.Sent - len(in.Refused), BroadcastSeconds: in.Broadcast.Seconds()}
	failures := map[string]*Failure{}
	fail := func(stage string, res TxResult) {
		key := fmt.Sprintf("%s/%s/%d", stage, res.Codespace, res.Code)
		f := failures[key]
		if f == nil {
			f = &Failure{Stage: stage, Codespace: res.Codespace, Code: res.Code, Example: shorten(res.Log, 200)}
			failures[key] = f
		}
		f.Count++
	}
	for _, res := range in.Refused {
		fail("check_tx", res)
	}

	first, last := -1, -1
	for i, b := range in.Blocks {
		if len(b.Ours) > 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	var gasSum, wantedSum int64
	included := 0
	if first >= 0 {
		for i := first; i <= last; i++ {
			b := in.Blocks[i]
			line := BlockLine{Height: b.Height, Ours: len(b.Ours), Total: b.TotalTxs}
			if i > 0 {
				line.Interval = b.Time.Sub(in.Blocks[i-1].Time).Seconds()
			}
			r.PerBlock = append(r.PerBlock, line)
			for _, res := range b.Ours {
				included++
				if res.Code != 0 {
					r.Failed++
					fail("deliver_tx", res)
					continue
				}
				r.Committed++
				gasSum += res.GasUsed
				wantedSum += res.GasWanted
				if r.Gas.Min == 0 || res.GasUsed < r.Gas.Min {
					r.Gas.Min = res.GasUsed
				}
				r.Gas.Max = max(r.Gas.Max, res.GasUsed)
			}
		}
		r.FirstHeight, r.LastHeight, r.LastTime = in.Blocks[first].Height, in.Blocks[last].Height, in.Blocks[last].Time
		r.Blocks = last - first + 1
		start := in.Blocks[first].Time
		if first > 0 {
			start = in.Blocks[first-1].Time
		}
		r.Seconds = in.Blocks[last].Time.Sub(start).Seconds()
		if r.Seconds > 0 {
			r.TPS = float64(r.Committed) / r.Seconds
		}
		r.TxsPerBlock = float64(included) / float64(r.Blocks)
	}
	if r.Committed > 0 {
		r.Gas.Mean = gasSum / int64(r.Committed)
		r.Gas.Wanted = wantedSum / int64(r.Committed)
	}
	r.Missing = r.Accepted - included
	keys := make([]string, 0, len(failures))
	for k := range failures {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r.Failures = append(r.Failures, *failures[k])
	}
	return r
}

// WriteText prints the report for a person.
func (r Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "kind %s: %d sent, %d accepted by CheckTx, %d committed, %d failed in blocks, %d missing\n",
		r.Kind, r.Sent, r.Accepted, r.Committed, r.Failed, r.Missing)
	if r.Blocks > 0 {
		fmt.Fprintf(w, "blocks %d-%d (%d): %.2f s, %.1f txs/block\n", r.FirstHeight, r.LastHeight, r.Blocks, r.Seconds, r.TxsPerBlock)
		fmt.Fprintf(w, "committed TPS %.1f\n", r.TPS)
		fmt.Fprintf(w, "gas used per tx: mean %d, min %d, max %d (gas wanted %d)\n", r.Gas.Mean, r.Gas.Min, r.Gas.Max, r.Gas.Wanted)
	}
	if r.BroadcastSeconds > 0 {
		fmt.Fprintf(w, "broadcast: %d accepted in %.2f s (%.1f tx/s through CheckTx)\n",
			r.Accepted, r.BroadcastSeconds, float64(r.Accepted)/r.BroadcastSeconds)
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "failure %s %s/%d: %d (%s)\n", f.Stage, f.Codespace, f.Code, f.Count, f.Example)
	}
	if len(r.PerBlock) > 0 {
		fmt.Fprintln(w, "height  interval_s  ours  total")
		for _, l := range r.PerBlock {
			fmt.Fprintf(w, "%6d  %10.3f  %4d  %5d\n", l.Height, l.Interval, l.Ours, l.Total)
		}
	}
}

func shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}
