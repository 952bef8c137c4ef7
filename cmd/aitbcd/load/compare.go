package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strings"

	"github.com/spf13/cobra"
)

const (
	flagRounds = "rounds"
	flagWarmup = "warmup"
)

// compareCommand is `aitbcd load compare BASE KIND`: the two kinds in
// alternating batches on one node, and the ratio of their TPS.
func compareCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compare [base-kind] [kind]",
		Short: "Run two kinds in alternating batches on one node and report the ratio of their committed TPS",
		Long: `Run two kinds of load on the same node, in rounds of four batches ordered
base, kind, kind, base (ABBA) or kind, base, base, kind (BAAB) as the
Thue-Morse sequence has them (ABBA BAAB BAAB ABBA ...), and report each
batch's committed TPS, each kind's mean and standard deviation over its
batches, and the ratio mean(kind) / mean(base) with an approximate 95%
interval (delta method, Student's t): an interval that holds 1 cannot tell
the kinds apart.

A node's throughput drifts during a long run: its state and databases grow,
leveldb compacts what earlier batches wrote, caches fill. The drift is
fastest early, so ABBA alone would give base the first, fastest batch of
every run. Over 2 rounds the two kinds hold positions with the same sum and
the same sum of squares, so a drift up to quadratic in the batch number
charges both alike; over 4 rounds, up to cubic: use 2, 4 or 8 rounds.
Batches still vary by 10-20% on a busy machine, so use several rounds and
batches of thousands of transactions.

Before the rounds, --warmup batches of each kind (base first) run and are
reported but not counted: the first batches on a fresh node run on empty
caches and databases, and the first transaction of an account also stores
its public key, so they measure a different node and different work.

Each batch is a whole run of its kind, as 'aitbcd load <kind>' does it, with
the same accounts (funded once) and flags; dao-vote submits a proposal per
batch. A batch in which a transaction was refused, failed or went missing
stops the comparison: the kinds would not have done the same work.`,
		Example: `  # vote throughput against bank sends, 2 rounds of 4 batches of 6,000 (a chain from 'make localnet LOCALNET_FLAGS="--reset --dev-dao"')
  aitbcd load compare bank-send dao-vote --rounds 2 --from alice --accounts 6000 --home build/localnet --keyring-backend test`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			base, err := kindByName(args[0])
			if err != nil {
				return err
			}
			kind, err := kindByName(args[1])
			if err != nil {
				return err
			}
			if base.Name() == kind.Name() {
				return fmt.Errorf("compare needs two different kinds, got %s twice", base.Name())
			}
			rounds, _ := cmd.Flags().GetInt(flagRounds)
			if rounds <= 0 {
				return fmt.Errorf("--%s must be positive, got %d", flagRounds, rounds)
			}
			warmup, _ := cmd.Flags().GetInt(flagWarmup)
			if warmup < 0 {
				return fmt.Errorf("--%s must not be negative, got %d", flagWarmup, warmup)
			}
			cmd.SilenceUsage = true // a failed run is not a usage error
			return runCompare(cmd, base, kind, rounds, warmup)
		},
	}
	addRunFlags(cmd)
	cmd.Flags().Int(flagRounds, 2, "rounds of four batches, ABBA or BAAB in Thue-Morse order; 2, 4 or 8 cancel drift")
	cmd.Flags().Int(flagWarmup, 1, "uncounted batches of each kind (base, kind) before the rounds")
	return cmd
}

// kindByName returns the kind called name.
func kindByName(name string) (Kind, error) {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		if k.Name() == name {
			return k, nil
		}
		names[i] = k.Name()
	}
	return nil, fmt.Errorf("unknown kind %q: want one of %s", name, strings.Join(names, ", "))
}

// batchOrder is the order of the batches: warmup pairs of base, kind, then
// rounds of base, kind, kind, base (ABBA) or kind, base, base, kind (BAAB)
// as the Thue-Morse sequence has them: ABBA BAAB BAAB ABBA ... Over its
// first 2^n batches the two kinds hold positions whose sums of k-th powers
// are equal for every k < n, so over 2 rounds a drift up to quadratic in
// the batch number cancels, over 4 rounds up to cubic.
func batchOrder(base, kind Kind, rounds, warmup int) []Kind {
	out := make([]Kind, 0, 2*warmup+4*rounds)
	for range warmup {
		out = append(out, base, kind)
	}
	for r := range rounds {
		if bits.OnesCount(uint(r))%2 == 0 {
			out = append(out, base, kind, kind, base)
		} else {
			out = append(out, kind, base, base, kind)
		}
	}
	return out
}

func runCompare(cmd *cobra.Command, base, kind Kind, rounds, warmup int) error {
	l, output, timeout, err := newLoad(cmd)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
	defer cancel()
	order := batchOrder(base, kind, rounds, warmup)
	reports := make([]Report, 0, len(order))
	for i, k := range order {
		l.Runner.logf("compare: batch %d of %d: %s", i+1, len(order), k.Name())
		r, err := l.Run(ctx, k)
		if err != nil {
			return fmt.Errorf("batch %d (%s): %w", i+1, k.Name(), err)
		}
		if r.Committed != r.Sent {
			return fmt.Errorf("batch %d (%s): %d of %d transactions committed (%d refused, %d failed, %d missing); the kinds would not compare the same work",
				i+1, k.Name(), r.Committed, r.Sent, r.Sent-r.Accepted, r.Failed, r.Missing)
		}
		reports = append(reports, r)
	}
	c, err := Compare(base.Name(), kind.Name(), 2*warmup, reports)
	if err != nil {
		return err
	}
	return writeOutput(cmd, output, c)
}

// BatchLine is one batch of a comparison.
type BatchLine struct {
	Kind      string  `json:"kind"`
	TPS       float64 `json:"tps"`
	Committed int     `json:"committed"`
	Blocks    int     `json:"blocks"`
	Seconds   float64 `json:"seconds"`
	GasMean   int64   `json:"gas_used_mean"`
	Warmup    bool    `json:"warmup,omitempty"` // reported, not counted in the means
}

// Comparison is the result of `aitbcd load compare`: the batches in the
// order they ran, each kind's mean TPS over its counted batches with their
// standard deviation, and the ratio of the means with an approximate 95 %
// interval (when each kind has at least two counted batches).
type Comparison struct {
	Base    string      `json:"base"`
	Kind    string      `json:"kind"`
	Batches []BatchLine `json:"batches"`
	BaseTPS float64     `json:"base_tps"` // mean of the base kind's batches
	KindTPS float64     `json:"kind_tps"` // mean of the other kind's batches
	BaseSD  float64     `json:"base_tps_sd,omitempty"`
	KindSD  float64     `json:"kind_tps_sd,omitempty"`
	Ratio   float64     `json:"ratio"` // KindTPS / BaseTPS
	// RatioLow and RatioHigh bound the ratio at about 95 %: the ratio of
	// the means ± t x its standard error (delta method), t of Student's
	// distribution with (fewer batches of one kind - 1) degrees of
	// freedom. An interval that holds 1 means the batches cannot tell the
	// two kinds apart.
	RatioLow  float64 `json:"ratio_low"`
	RatioHigh float64 `json:"ratio_high,omitempty"`
}

// Compare summarises the reports of a comparison's batches; the first
// warmups of them are listed but left out of the figures.
func Compare(base, kind string, warmups int, reports []Report) (Comparison, error) {
	c := Comparison{Base: base, Kind: kind}
	var baseTPS, kindTPS []float64
	for i, r := range reports {
		if r.Kind != base && r.Kind != kind {
			return Comparison{}, fmt.Errorf("a batch of %s in a comparison of %s and %s", r.Kind, base, kind)
		}
		warm := i < warmups
		c.Batches = append(c.Batches, BatchLine{Kind: r.Kind, TPS: r.TPS, Committed: r.Committed, Blocks: r.Blocks, Seconds: r.Seconds, GasMean: r.Gas.Mean, Warmup: warm})
		switch {
		case warm:
		case r.Kind == base:
			baseTPS = append(baseTPS, r.TPS)
		default:
			kindTPS = append(kindTPS, r.TPS)
		}
	}
	if len(baseTPS) == 0 || len(kindTPS) == 0 {
		return Comparison{}, errors.New("a comparison needs at least one counted batch of each kind")
	}
	c.BaseTPS, c.BaseSD = meanSD(baseTPS)
	c.KindTPS, c.KindSD = meanSD(kindTPS)
	if c.BaseTPS <= 0 || c.KindTPS <= 0 {
		return c, nil
	}
	c.Ratio = c.KindTPS / c.BaseTPS
	if n := min(len(baseTPS), len(kindTPS)); n >= 2 {
		relBase := c.BaseSD / c.BaseTPS / math.Sqrt(float64(len(baseTPS)))
		relKind := c.KindSD / c.KindTPS / math.Sqrt(float64(len(kindTPS)))
		half := studentT95(n-1) * c.Ratio * math.Sqrt(relBase*relBase+relKind*relKind)
		c.RatioLow, c.RatioHigh = math.Max(c.Ratio-half, 0), c.Ratio+half
	}
	return c, nil
}

// meanSD returns the mean and the sample standard deviation (0 for one
// value).
func meanSD(xs []float64) (float64, float64) {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	var sq float64
	for _, x := range xs {
		sq += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sq / float64(len(xs)-1))
}

// studentT95 is the two-sided 95 % quantile of Student's t distribution
// with df degrees of freedom (df >= 1); past the table, the normal 1.96
// is within 2 %.
func studentT95(df int) float64 {
	table := []float64{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086}
	if df >= 1 && df <= len(table) {
		return table[df-1]
	}
	return 1.96
}

// WriteText writes the comparison for a terminal.
func (c Comparison) WriteText(w io.Writer) {
	fmt.Fprintln(w, "batch  kind          tps  committed  blocks  seconds  gas/tx")
	for i, b := range c.Batches {
		note := ""
		if b.Warmup {
			note = "  (warm-up, not counted)"
		}
		fmt.Fprintf(w, "%5d  %-10s  %7.1f  %9d  %6d  %7.2f  %6d%s\n", i+1, b.Kind, b.TPS, b.Committed, b.Blocks, b.Seconds, b.GasMean, note)
	}
	fmt.Fprintf(w, "%s: mean %.1f tx/s (sd %.1f)\n", c.Base, c.BaseTPS, c.BaseSD)
	fmt.Fprintf(w, "%s: mean %.1f tx/s (sd %.1f)\n", c.Kind, c.KindTPS, c.KindSD)
	fmt.Fprintf(w, "ratio %s / %s: %.2f", c.Kind, c.Base, c.Ratio)
	if c.RatioHigh > 0 {
		fmt.Fprintf(w, " (95%% interval %.2f to %.2f)", c.RatioLow, c.RatioHigh)
	}
	fmt.Fprintln(w)
}
