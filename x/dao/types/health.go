package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/aitbc/aitbc/internal/ident"
)

// Governance health figures (README "Health figures"): counters per class
// and electorate group in fixed buckets of health_window, the last
// health_buckets of them kept.
const (
	// DefaultHealthWindow and DefaultHealthBuckets keep a year of weekly
	// buckets.
	DefaultHealthWindow  = 7 * 24 * time.Hour
	DefaultHealthBuckets = 52
	// MinHealthWindow and MaxHealthWindow bound a non-zero health_window.
	MinHealthWindow = time.Hour
	MaxHealthWindow = 366 * 24 * time.Hour
	// MaxHealthBuckets bounds health_buckets, so the store and a Health
	// query stay bounded.
	MaxHealthBuckets = 1000
	// MaxHealthPrunePerOpen bounds the stale buckets deleted when a bucket
	// opens; more are left only after health_buckets or health_window was
	// lowered, and go at the next openings (no query reads them).
	MaxHealthPrunePerOpen = 16
	// MaxHealthSpan bounds health_window x health_buckets, the time the
	// kept buckets cover, so it is a valid time.Duration.
	MaxHealthSpan = 100 * 365 * 24 * time.Hour
)

// validateHealth checks health_window and health_buckets: a window of 0
// turns the figures off; otherwise the window is in [1h, 366d] and at least
// one bucket is kept.
func (p Params) validateHealth() error {
	if p.HealthWindow == 0 {
		if p.HealthBuckets > MaxHealthBuckets {
			return errorsmod.Wrapf(ErrInvalidParams, "health_buckets must be at most %d, got %d", MaxHealthBuckets, p.HealthBuckets)
		}
		return nil
	}
	if p.HealthWindow < MinHealthWindow || p.HealthWindow > MaxHealthWindow {
		return errorsmod.Wrapf(ErrInvalidParams, "health_window must be 0 or in [%s, %s], got %s", MinHealthWindow, MaxHealthWindow, p.HealthWindow)
	}
	if p.HealthBuckets == 0 || p.HealthBuckets > MaxHealthBuckets {
		return errorsmod.Wrapf(ErrInvalidParams, "health_buckets must be in [1, %d], got %d", MaxHealthBuckets, p.HealthBuckets)
	}
	if int64(p.HealthBuckets) > int64(MaxHealthSpan/p.HealthWindow) {
		return errorsmod.Wrapf(ErrInvalidParams, "health_window x health_buckets must be at most %s, got %s x %d", MaxHealthSpan, p.HealthWindow, p.HealthBuckets)
	}
	return nil
}

// HealthBucketStart is the start of the bucket of width w holding t: t
// rounded down to a multiple of w since the Unix epoch.
func HealthBucketStart(t time.Time, w time.Duration) time.Time {
	ns, width := t.UnixNano(), w.Nanoseconds()
	start := ns - ns%width
	if ns%width < 0 {
		start -= width
	}
	return time.Unix(0, start).UTC()
}

// ZeroHealthCounts returns counters with every amount set to zero.
func ZeroHealthCounts() HealthCounts {
	zero := math.ZeroInt()
	return HealthCounts{
		SnapshotTotalPower: zero, AgentVotes: zero,
		Votes: TallyResult{Yes: zero, Abstain: zero, No: zero, NoWithVeto: zero},
	}
}

// Ended is the number of proposals counted by final status.
func (c HealthCounts) Ended() uint64 {
	return c.Executed + c.ExecutionFailed + c.NotApproved + c.Rejected + c.FailedQuorum + c.Vetoed + c.Cancelled + c.Failed
}

// VotesCast is yes + abstain + no + no_with_veto.
func (c HealthCounts) VotesCast() math.Int {
	return c.Votes.Yes.Add(c.Votes.Abstain).Add(c.Votes.No).Add(c.Votes.NoWithVeto)
}

// Add returns the sum of two counters.
func (c HealthCounts) Add(o HealthCounts) HealthCounts {
	return HealthCounts{
		Executed: c.Executed + o.Executed, ExecutionFailed: c.ExecutionFailed + o.ExecutionFailed,
		NotApproved: c.NotApproved + o.NotApproved, Rejected: c.Rejected + o.Rejected,
		FailedQuorum: c.FailedQuorum + o.FailedQuorum, Vetoed: c.Vetoed + o.Vetoed,
		Cancelled: c.Cancelled + o.Cancelled, Failed: c.Failed + o.Failed,
		Voted: c.Voted + o.Voted, Passed: c.Passed + o.Passed,
		SnapshotTotalPower: c.SnapshotTotalPower.Add(o.SnapshotTotalPower),
		Votes: TallyResult{
			Yes: c.Votes.Yes.Add(o.Votes.Yes), Abstain: c.Votes.Abstain.Add(o.Votes.Abstain),
			No: c.Votes.No.Add(o.Votes.No), NoWithVeto: c.Votes.NoWithVeto.Add(o.Votes.NoWithVeto),
		},
		AgentVoted: c.AgentVoted + o.AgentVoted,
		AgentVotes: c.AgentVotes.Add(o.AgentVotes),
	}
}

// CountEnded adds one proposal ended with status to the counters.
func (c *HealthCounts) CountEnded(status ProposalStatus) {
	switch status {
	case PROPOSAL_STATUS_EXECUTED:
		c.Executed++
	case PROPOSAL_STATUS_EXECUTION_FAILED:
		c.ExecutionFailed++
	case PROPOSAL_STATUS_NOT_APPROVED:
		c.NotApproved++
	case PROPOSAL_STATUS_REJECTED:
		c.Rejected++
	case PROPOSAL_STATUS_FAILED_QUORUM:
		c.FailedQuorum++
	case PROPOSAL_STATUS_VETOED:
		c.Vetoed++
	case PROPOSAL_STATUS_CANCELLED:
		c.Cancelled++
	case PROPOSAL_STATUS_FAILED:
		c.Failed++
	}
}

// validate checks a counters' amounts: set and not negative.
func (c HealthCounts) validate() error {
	for _, n := range []math.Int{c.SnapshotTotalPower, c.AgentVotes, c.Votes.Yes, c.Votes.Abstain, c.Votes.No, c.Votes.NoWithVeto} {
		if n.IsNil() || n.IsNegative() {
			return errorsmod.Wrap(ErrInvalidGenesis, "a health amount is missing or negative")
		}
	}
	if c.Passed > c.Voted || c.AgentVoted > c.Voted {
		return errorsmod.Wrapf(ErrInvalidGenesis, "health counts: passed %d and agent_voted %d cannot exceed voted %d", c.Passed, c.AgentVoted, c.Voted)
	}
	return nil
}

// validateHealthBuckets checks exported health buckets: increasing starts,
// end after start, rows ordered by (class, group) without duplicates, names
// identifiers, amounts not negative. Their number is not checked: stale
// buckets left after the params were lowered are exported too.
func validateHealthBuckets(buckets []HealthBucket) error {
	for i, b := range buckets {
		if !b.End.After(b.Start) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "health bucket %s ends at %s", b.Start, b.End)
		}
		if i > 0 && !b.Start.After(buckets[i-1].Start) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "health bucket %s is not after %s", b.Start, buckets[i-1].Start)
		}
		for j, r := range b.Rows {
			if err := ident.Check("health class", r.Class, MaxClassNameLength); err != nil {
				return errorsmod.Wrap(ErrInvalidGenesis, err.Error())
			}
			if r.Group != "" {
				if err := ident.Check("health group", r.Group, MaxGroupNameLength); err != nil {
					return errorsmod.Wrap(ErrInvalidGenesis, err.Error())
				}
			}
			if j > 0 {
				prev := b.Rows[j-1]
				if prev.Class > r.Class || (prev.Class == r.Class && prev.Group >= r.Group) {
					return errorsmod.Wrapf(ErrInvalidGenesis, "health bucket %s: row %s/%s is out of order or repeated", b.Start, r.Class, r.Group)
				}
			}
			if err := r.Counts.validate(); err != nil {
				return errorsmod.Wrapf(err, "health bucket %s, row %s/%s", b.Start, r.Class, r.Group)
			}
		}
	}
	return nil
}
