package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/metrics"
)

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.HTTPServer("").Handler)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body)
}

func TestMetricsExposed(t *testing.T) {
	m := metrics.New()
	m.SetLeases(map[metrics.LeaseKey]int{{"running", "provider"}: 2, {"committed", "attester"}: 1})
	m.AddGPUSeconds("provider", 7200)
	m.AddGPUSeconds("provider", 60)
	m.AddGPUSeconds("attester", 30)
	m.Attested("valid")
	m.Attested("valid")
	m.Attested("invalid")
	m.Failed("fetch")

	body := scrape(t, m)
	for _, line := range []string{
		`aitbc_provider_leases{role="provider",state="running"} 2`,
		`aitbc_provider_leases{role="attester",state="committed"} 1`,
		`aitbc_provider_gpu_seconds_total{role="provider"} 7260`,
		`aitbc_provider_gpu_seconds_total{role="attester"} 30`,
		`aitbc_provider_attestations_total{verdict="valid"} 2`,
		`aitbc_provider_attestations_total{verdict="invalid"} 1`,
		`aitbc_provider_failures_total{stage="fetch"} 1`,
		"go_goroutines",
	} {
		require.Contains(t, body, line)
	}

	// A state that emptied reads as gone, not as its last value.
	m.SetLeases(map[metrics.LeaseKey]int{{"done", "provider"}: 3})
	body = scrape(t, m)
	require.NotContains(t, body, `state="running"`)
	require.Contains(t, body, `aitbc_provider_leases{role="provider",state="done"} 3`)
}

func TestOwnRegistry(t *testing.T) {
	// Two daemons' metrics (e.g. in one test process) do not collide.
	a, b := metrics.New(), metrics.New()
	a.Failed("run")
	require.NotContains(t, scrape(t, b), `failures_total{stage="run"}`)
}
