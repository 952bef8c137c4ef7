package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/aitbc/aitbc/internal/metrics"
)

// Telemetry counters of x/agent, in Prometheus aitbc_agent_<name> (see
// docs/metrics.md).
var (
	MetricAgentsRegistered = metrics.Key(ModuleName, "agents_registered_total")
	MetricAgentUpdates     = metrics.Key(ModuleName, "agent_updates_total")
	MetricExecs            = metrics.Key(ModuleName, "execs_total")
	MetricExecSpentAmount  = metrics.Key(ModuleName, "exec_spent_amount_total")
)

// Labels of x/agent's counters.
const (
	MetricLabelType   = "type"
	MetricLabelChange = "change"
)

// RecordMetrics counts the transition a committed x/agent event reports; it
// returns false for any other event. It is called by the node's metrics
// listener on the events of finalized blocks (app/metrics.go), never by the
// state machine.
func RecordMetrics(ev proto.Message) bool {
	switch e := ev.(type) {
	case *EventAgentRegistered:
		metrics.Count(MetricAgentsRegistered, metrics.Label(MetricLabelType, metrics.Enum(e.Type, "AGENT_TYPE_")))
	case *EventAgentUpdated:
		metrics.Count(MetricAgentUpdates, metrics.Label(MetricLabelChange, e.Change))
	case *EventAgentExec:
		metrics.Count(MetricExecs)
		if spent, err := sdk.ParseCoinsNormalized(e.Spent); err == nil {
			for _, c := range spent {
				metrics.AddCoin(MetricExecSpentAmount, c)
			}
		}
	default:
		return false
	}
	return true
}
