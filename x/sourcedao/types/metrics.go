package types

import (
	"cosmossdk.io/math"
	"github.com/cosmos/gogoproto/proto"

	"github.com/aitbc/aitbc/internal/metrics"
)

// Telemetry counters of x/sourcedao, in Prometheus aitbc_sourcedao_<name>
// (see docs/metrics.md). Amounts are in the mining pool's base units.
var (
	MetricStagesAdvanced      = metrics.Key(ModuleName, "stages_advanced_total")
	MetricStageReleasedAmount = metrics.Key(ModuleName, "stage_released_amount_total")
	MetricProjectsCreated     = metrics.Key(ModuleName, "projects_created_total")
	MetricProjectStateChanges = metrics.Key(ModuleName, "project_state_changes_total")
	MetricProjectsFinished    = metrics.Key(ModuleName, "projects_finished_total")
	MetricProjectPayoutAmount = metrics.Key(ModuleName, "project_payout_amount_total")
	MetricRewardClaims        = metrics.Key(ModuleName, "reward_claims_total")
	MetricRewardsClaimed      = metrics.Key(ModuleName, "rewards_claimed_amount_total")
)

// MetricLabelLevel labels finished projects with their acceptance level.
const MetricLabelLevel = "level"

// RecordMetrics counts the transition a committed x/sourcedao event
// reports; it returns false for any other event. It is called by the
// node's metrics listener on the events of finalized blocks
// (app/metrics.go), never by the state machine.
func RecordMetrics(ev proto.Message) bool {
	switch e := ev.(type) {
	case *EventStageAdvanced:
		metrics.Count(MetricStagesAdvanced)
		metrics.Add(MetricStageReleasedAmount, intOf(e.Amount))
	case *EventProjectCreated:
		metrics.Count(MetricProjectsCreated)
	case *EventProjectState:
		metrics.Count(MetricProjectStateChanges, metrics.Label(metrics.LabelStatus, metrics.Enum(e.To, "PROJECT_STATE_")))
	case *EventProjectFinished:
		metrics.Count(MetricProjectsFinished, metrics.Label(MetricLabelLevel, metrics.Enum(e.Level, "ACCEPTANCE_LEVEL_")))
		metrics.Add(MetricProjectPayoutAmount, intOf(e.Payout))
	case *EventRewardsClaimed:
		metrics.Count(MetricRewardClaims)
		metrics.Add(MetricRewardsClaimed, intOf(e.Amount))
	default:
		return false
	}
	return true
}

// intOf reads an amount the events carry as a decimal string; nil (adding
// nothing) when it is not one.
func intOf(s string) math.Int {
	v, ok := math.NewIntFromString(s)
	if !ok {
		return math.Int{}
	}
	return v
}
