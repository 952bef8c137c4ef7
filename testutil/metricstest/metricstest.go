// Package metricstest captures the node's telemetry in tests with
// go-metrics' in-memory sink, as cosmos-sdk's own telemetry tests do.
package metricstest

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cosmos/cosmos-sdk/telemetry"
	gometrics "github.com/hashicorp/go-metrics"
)

var mu sync.Mutex

// Sink is the in-memory sink every telemetry call of the test binary goes
// to after Enable.
type Sink struct{ sink *gometrics.InmemSink }

// Enable turns telemetry on for the rest of the test binary (telemetry is
// process-global) and routes it to a fresh in-memory sink. Tests that use
// it must not run in parallel with each other.
func Enable(t testing.TB) *Sink {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	sink := gometrics.NewInmemSink(time.Hour, 2*time.Hour)
	conf := gometrics.DefaultConfig("")
	conf.EnableHostname = false
	conf.EnableRuntimeMetrics = false
	if _, err := gometrics.NewGlobal(conf, sink); err != nil {
		t.Fatalf("metrics sink: %v", err)
	}
	telemetry.EnableTelemetry()
	return &Sink{sink: sink}
}

// Counter is the sum of the counter key (aitbc_dao_locks_total is
// []string{"aitbc", "dao", "locks_total"}) with exactly the given labels,
// written "name=value", in the order they were emitted.
func (s *Sink) Counter(key []string, labels ...string) float64 {
	name := flat(key, labels)
	var sum float64
	for _, iv := range s.sink.Data() {
		if v, ok := iv.Counters[name]; ok {
			sum += v.Sum
		}
	}
	return sum
}

// Samples is the number of timing samples of key with the given labels.
func (s *Sink) Samples(key []string, labels ...string) int {
	name := flat(key, labels)
	n := 0
	for _, iv := range s.sink.Data() {
		if v, ok := iv.Samples[name]; ok {
			n += v.Count
		}
	}
	return n
}

// Names lists every counter name seen, for failure messages.
func (s *Sink) Names() []string {
	var names []string
	for _, iv := range s.sink.Data() {
		for k := range iv.Counters {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}

func flat(key, labels []string) string {
	var b strings.Builder
	b.WriteString(strings.Join(key, "."))
	for _, l := range labels {
		fmt.Fprintf(&b, ";%s", l)
	}
	return b.String()
}
