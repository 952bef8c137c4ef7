// Package metrics is the provider daemon's Prometheus metrics, on their own
// registry (not the node's) and served at /metrics on metrics.listen.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric.
const Namespace = "aitbc_provider"

// Metrics holds the daemon's collectors.
type Metrics struct {
	Registry *prometheus.Registry
	// Leases is the number of leases this node works on, by store step
	// ("running", "result_submitted", ...) and role.
	Leases *prometheus.GaugeVec
	// GPUSeconds is the GPU-seconds measured by the runners, by role
	// (provider runs are paid; attester re-runs are not).
	GPUSeconds *prometheus.CounterVec
	// Attestations counts this node's attestations by verdict.
	Attestations *prometheus.CounterVec
	// Failures counts failed steps by stage (fetch, run, submit, attest, ...).
	Failures *prometheus.CounterVec
}

// New registers the collectors on a fresh registry.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Leases: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "leases",
			Help: "Leases this node works on, by step and role.",
		}, []string{"state", "role"}),
		GPUSeconds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "gpu_seconds_total",
			Help: "GPU-seconds measured by the runners (wall seconds rounded up x GPUs), by role.",
		}, []string{"role"}),
		Attestations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "attestations_total",
			Help: "Attestations submitted by this node, by verdict.",
		}, []string{"verdict"}),
		Failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "failures_total",
			Help: "Failed lease steps, by stage.",
		}, []string{"stage"}),
	}
	m.Registry.MustRegister(m.Leases, m.GPUSeconds, m.Attestations, m.Failures,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// LeaseKey is a (state, role) pair of the leases gauge.
type LeaseKey struct{ State, Role string }

// SetLeases replaces the leases gauge with counts, so states that emptied
// read 0 rather than their last value.
func (m *Metrics) SetLeases(counts map[LeaseKey]int) {
	m.Leases.Reset()
	for k, n := range counts {
		m.Leases.WithLabelValues(k.State, k.Role).Set(float64(n))
	}
}

// AddGPUSeconds records a run.
func (m *Metrics) AddGPUSeconds(role string, secs uint64) {
	m.GPUSeconds.WithLabelValues(role).Add(float64(secs))
}

// Attested records an attestation.
func (m *Metrics) Attested(verdict string) {
	m.Attestations.WithLabelValues(verdict).Inc()
}

// Failed records a failure at stage.
func (m *Metrics) Failed(stage string) {
	m.Failures.WithLabelValues(stage).Inc()
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// HTTPServer serves /metrics on addr.
func (m *Metrics) HTTPServer(addr string) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	return &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
}
