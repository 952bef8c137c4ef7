package types

import (
	"strconv"

	"github.com/cosmos/gogoproto/proto"

	"github.com/aitbc/aitbc/internal/metrics"
)

// Telemetry counters of x/reputation, in Prometheus aitbc_reputation_<name>
// (see docs/metrics.md).
var (
	MetricOutcomes = metrics.Key(ModuleName, "outcomes_total")
	MetricRatings  = metrics.Key(ModuleName, "ratings_total")
)

// Labels of x/reputation's counters.
const (
	MetricLabelKind    = "kind"
	MetricLabelSuccess = "success"
)

// RecordMetrics counts the transition a committed x/reputation event
// reports; it returns false for any other event. It is called by the
// node's metrics listener on the events of finalized blocks
// (app/metrics.go), never by the state machine.
func RecordMetrics(ev proto.Message) bool {
	switch e := ev.(type) {
	case *EventOutcome:
		metrics.Count(MetricOutcomes,
			metrics.Label(MetricLabelKind, metrics.Enum(e.Kind, "OUTCOME_KIND_")),
			metrics.Label(MetricLabelSuccess, strconv.FormatBool(e.Success)))
	case *EventRating:
		metrics.Count(MetricRatings)
	default:
		return false
	}
	return true
}
