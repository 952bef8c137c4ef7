// Package metrics is how the modules report to the node's telemetry
// (cosmos-sdk telemetry, go-metrics sinks, Prometheus): counters of the
// transitions their committed events describe, amounts in base units.
//
// Telemetry is a side effect outside consensus: nothing here is read back by
// the state machine, every call is a no-op while telemetry is off, and
// nothing panics. Amounts become float32 (go-metrics' type): exact up to
// 2^24 base units per increment and within 6e-8 relative error above.
//
// See docs/metrics.md for every metric.
package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"

	sdkmath "cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/cosmos-sdk/telemetry"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/gogoproto/proto"
	gometrics "github.com/hashicorp/go-metrics"
)

// Namespace is the first part of every aitbc metric name.
const Namespace = "aitbc"

// Label names shared by the modules' metrics.
const (
	LabelDenom  = "denom"
	LabelStatus = "status"
)

// Key is the name of a metric of module: aitbc_<module>_<name> in
// Prometheus.
func Key(module, name string) []string { return []string{Namespace, module, name} }

// Label is a metric label.
func Label(name, value string) gometrics.Label { return telemetry.NewLabel(name, value) }

// Count adds one to the counter key.
func Count(key []string, labels ...gometrics.Label) {
	telemetry.IncrCounterWithLabels(key, 1, labels)
}

// Add adds amount (base units) to the counter key; zero, negative and nil
// amounts add nothing.
func Add(key []string, amount sdkmath.Int, labels ...gometrics.Label) {
	if v, ok := Float(amount); ok && v > 0 {
		telemetry.IncrCounterWithLabels(key, v, labels)
	}
}

// AddCoin adds coin's amount to the counter key, labelled with its denom.
func AddCoin(key []string, coin sdk.Coin, labels ...gometrics.Label) {
	if coin.Denom == "" {
		return
	}
	Add(key, coin.Amount, append(labels, Label(LabelDenom, coin.Denom))...)
}

// Float converts amount to float32; false when it is nil or too large to
// be finite.
func Float(amount sdkmath.Int) (float32, bool) {
	if amount.IsNil() {
		return 0, false
	}
	f, _ := new(big.Float).SetInt(amount.BigInt()).Float32()
	if math.IsInf(float64(f), 0) {
		return 0, false
	}
	return f, true
}

// ParseEvent decodes a typed event from its ABCI form. baseapp adds
// attributes that are not fields of the event: msg_index to a
// transaction's events (ignored as an unknown field) and mode to
// Begin/EndBlock events, whose value is not JSON; attributes that are not
// JSON are dropped.
func ParseEvent(ev abci.Event) (proto.Message, error) {
	attrs := make([]abci.EventAttribute, 0, len(ev.Attributes))
	for _, a := range ev.Attributes {
		if json.Valid([]byte(a.Value)) {
			attrs = append(attrs, a)
		}
	}
	ev.Attributes = attrs
	return sdk.ParseTypedEvent(ev)
}

// Enum is the label value of a protobuf enum value: its name without the
// type's prefix, in lower case (PROPOSAL_STATUS_VOTING -> voting).
func Enum(value fmt.Stringer, prefix string) string {
	return strings.ToLower(strings.TrimPrefix(value.String(), prefix))
}
