package types

import (
	"github.com/cosmos/gogoproto/proto"

	"github.com/aitbc/aitbc/internal/metrics"
)

// Telemetry counters of x/dao, in Prometheus aitbc_dao_<name> (see
// docs/metrics.md). Amounts are in the lock denom's base units.
var (
	MetricLocks                 = metrics.Key(ModuleName, "locks_total")
	MetricLockedAmount          = metrics.Key(ModuleName, "locked_amount_total")
	MetricUnlocks               = metrics.Key(ModuleName, "unlocks_total")
	MetricUnlockedAmount        = metrics.Key(ModuleName, "unlocked_amount_total")
	MetricUnlockCancels         = metrics.Key(ModuleName, "unlock_cancels_total")
	MetricUnlocksPaid           = metrics.Key(ModuleName, "unlocks_paid_total")
	MetricUnlockPaidAmount      = metrics.Key(ModuleName, "unlock_paid_amount_total")
	MetricDelegations           = metrics.Key(ModuleName, "delegations_total")
	MetricProposalsSubmitted    = metrics.Key(ModuleName, "proposals_submitted_total")
	MetricProposalStatusChanges = metrics.Key(ModuleName, "proposal_status_changes_total")
	MetricVotes                 = metrics.Key(ModuleName, "votes_total")
	MetricVoteWeight            = metrics.Key(ModuleName, "vote_weight_total")
	MetricChallenges            = metrics.Key(ModuleName, "challenges_total")
	MetricChallengeRulings      = metrics.Key(ModuleName, "challenge_rulings_total")
	MetricApprovals             = metrics.Key(ModuleName, "approvals_total")
	MetricCommunitySpend        = metrics.Key(ModuleName, "community_spend_amount_total")
)

// Label names of x/dao's counters.
const (
	MetricLabelClass  = "class"
	MetricLabelOption = "option"
)

// RecordMetrics counts the transition a committed x/dao event reports; it
// returns false for any other event. It is called by the node's metrics
// listener on the events of finalized blocks (app/metrics.go), never by the
// state machine.
func RecordMetrics(ev proto.Message) bool {
	switch e := ev.(type) {
	case *EventLock:
		metrics.Count(MetricLocks)
		metrics.Add(MetricLockedAmount, e.Amount)
	case *EventUnlock:
		metrics.Count(MetricUnlocks)
		metrics.Add(MetricUnlockedAmount, e.Amount)
	case *EventCancelUnlock:
		metrics.Count(MetricUnlockCancels)
	case *EventUnlockCompleted:
		metrics.Count(MetricUnlocksPaid)
		metrics.Add(MetricUnlockPaidAmount, e.Amount)
	case *EventDelegate:
		metrics.Count(MetricDelegations)
	case *EventSubmitProposal:
		metrics.Count(MetricProposalsSubmitted, metrics.Label(MetricLabelClass, e.Class))
	case *EventProposalStatus:
		metrics.Count(MetricProposalStatusChanges, metrics.Label(metrics.LabelStatus, metrics.Enum(e.Status, "PROPOSAL_STATUS_")))
	case *EventVote:
		option := "split"
		if len(e.Options) == 1 {
			option = metrics.Enum(e.Options[0].Option, "VOTE_OPTION_")
		}
		metrics.Count(MetricVotes, metrics.Label(MetricLabelOption, option))
		metrics.Add(MetricVoteWeight, e.Weight)
	case *EventChallenge:
		metrics.Count(MetricChallenges)
	case *EventChallengeRuling:
		metrics.Count(MetricChallengeRulings, metrics.Label(metrics.LabelStatus, metrics.Enum(e.Status, "CHALLENGE_STATUS_")))
	case *EventApprove:
		metrics.Count(MetricApprovals)
	case *EventCommunitySpend:
		for _, c := range e.Amount {
			metrics.AddCoin(MetricCommunitySpend, c)
		}
	default:
		return false
	}
	return true
}
