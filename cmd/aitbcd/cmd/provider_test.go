package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/provider/config"
	"github.com/aitbc/aitbc/provider/status"
	"github.com/aitbc/aitbc/provider/store"
)

// runProviderCmd runs `provider args...` under a parent with --home, as
// svrcmd.Execute sets it up for the real binary.
func runProviderCmd(t *testing.T, home string, args ...string) (string, error) {
	t.Helper()
	root := &cobra.Command{Use: "aitbcd"}
	root.PersistentFlags().String(flags.FlagHome, "", "home")
	root.AddCommand(ProviderCommand())
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append(append([]string{"provider"}, args...), "--home", home))
	err := root.Execute()
	return out.String(), err
}

func TestProviderInitWritesDefaultConfig(t *testing.T) {
	home := t.TempDir()
	out, err := runProviderCmd(t, home, "init")
	require.NoError(t, err)
	p := filepath.Join(home, "config", "provider.toml")
	require.Equal(t, p+"\n", out)
	cfg, err := config.Load(home)
	require.NoError(t, err)
	require.Equal(t, config.Default().Node, cfg.Node)

	// Never overwrites.
	require.NoError(t, os.WriteFile(p, []byte("# mine\n"), 0o644))
	_, err = runProviderCmd(t, home, "init")
	require.Error(t, err)
	bz, err := os.ReadFile(p)
	require.NoError(t, err)
	require.Equal(t, "# mine\n", string(bz))
}

func TestProviderSetupKeysPrintsOneCommand(t *testing.T) {
	hot := sdk.AccAddress(bytes.Repeat([]byte{7}, 20)).String()
	out, err := runProviderCmd(t, t.TempDir(), "setup-keys", "operator", hot, "--chain-id", "aitbc-1", "--fee-spend-limit", "5000000uaitbc")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, []string{
		"aitbcd provider authorize " + hot + " --from operator --chain-id aitbc-1 --fee-spend-limit 5000000uaitbc" +
			" --gas auto --gas-adjustment 1.5 --gas-prices 0.0025uaitbc",
	}, commandLines(lines))

	// The Example's --keyring-backend is a flag of the command (it picks the
	// keyring a hot key given by name is read from).
	_, err = runProviderCmd(t, t.TempDir(), "setup-keys", "operator", hot, "--keyring-backend", "test")
	require.NoError(t, err)

	// A hot key that is neither an address nor a key is refused.
	_, err = runProviderCmd(t, t.TempDir(), "setup-keys", "operator", "nokey")
	require.ErrorContains(t, err, "not an address")
}

func TestProviderSetupKeysHelpExplainsWhy(t *testing.T) {
	out, err := runProviderCmd(t, t.TempDir(), "setup-keys", "--help")
	require.NoError(t, err)
	for _, s := range []string{"authz", "feegrant", "revocable", "offline"} {
		require.Contains(t, out, s)
	}
}

func seedStore(t *testing.T, st *store.Store) {
	t.Helper()
	_, err := st.Advance(store.RoleProvider, 4, store.StepRunning, nil)
	require.NoError(t, err)
	_, err = st.Advance(store.RoleAttester, 5, store.StepCommitted, func(l *store.Lease) { l.Salt, l.Verdict = "00", "VERDICT_VALID" })
	require.NoError(t, err)
	_, err = st.Advance(store.RoleAttester, 6, store.StepDone, nil)
	require.NoError(t, err)
	_, _, err = st.Fail(store.RoleProvider, 8, "fetch: input does not match input_hash")
	require.NoError(t, err)
}

// Without provider.toml there is no node to ask: the local store is shown,
// the chain part says why it is missing, and the command succeeds.
func TestProviderStatusReadsStoreWithoutChain(t *testing.T) {
	home := t.TempDir()
	st, err := store.Open(config.Default().WithHome(home).StorePath())
	require.NoError(t, err)
	seedStore(t, st)
	require.NoError(t, st.Close())

	out, err := runProviderCmd(t, home, "status")
	require.NoError(t, err)
	require.Regexp(t, `(?m)^chain: unavailable, only the local store is shown \(provider config .*provider.toml`, out)
	require.Regexp(t, `provider\s+running\s+1`, out)
	require.Regexp(t, `attester\s+committed\s+1`, out)
	require.Regexp(t, `attester\s+done\s+1`, out)
	require.Regexp(t, `provider\s+failed\s+1`, out)
	require.Contains(t, out, "attestations pending locally: 1")
	require.Regexp(t, `(?m)^4\s+provider\s+running`, out)
	require.Regexp(t, `(?m)^8\s+provider\s+failed\s+-\s+\S+\s+fetch: input does not match input_hash$`, out)
	require.NotRegexp(t, `(?m)^6\s+`, out)

	out, err = runProviderCmd(t, home, "status", "-o", "json")
	require.NoError(t, err)
	var r status.Report
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	require.Nil(t, r.Chain)
	require.Contains(t, r.ChainError, "provider.toml")
	require.Len(t, r.Local, 4)
}

// While the daemon runs it holds the store: status reads the records from
// the daemon at metrics.listen; an unreachable node (here a closed port)
// leaves the chain part missing.
func TestProviderStatusAsksTheRunningDaemon(t *testing.T) {
	home := t.TempDir()
	_, err := runProviderCmd(t, home, "init")
	require.NoError(t, err)
	st, err := store.Open(config.Default().WithHome(home).StorePath())
	require.NoError(t, err)
	defer st.Close()
	seedStore(t, st)
	asked := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.Equal(t, statusLeasesPath, r.URL.Path)
		asked++
		localLeasesHandler(st).ServeHTTP(w, r)
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	operator := sdk.AccAddress(bytes.Repeat([]byte{9}, 20))
	opStr, err := address.NewBech32Codec(app.AccountAddressPrefix).BytesToString(operator)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(config.Path(home), []byte(fmt.Sprintf(
		"[node]\nrpc = %q\n[key]\noperator = %q\n[metrics]\nlisten = %q\n",
		"tcp://"+strings.TrimPrefix(closed.URL, "http://"), opStr, strings.TrimPrefix(srv.URL, "http://"))), 0o644))

	out, err := runProviderCmd(t, home, "status")
	require.NoError(t, err)
	require.Regexp(t, `(?m)^chain: unavailable, only the local store is shown \(node tcp://127\.0\.0\.1:\d+: .*\)$`, out)
	require.Regexp(t, `(?m)^4\s+provider\s+running`, out)
	require.Regexp(t, `(?m)^8\s+provider\s+failed`, out)
	require.Equal(t, 1, asked, "the local part came from the daemon")
}

// With neither the chain nor the store there is nothing to show: exit non-zero.
func TestProviderStatusFailsWithNothingToShow(t *testing.T) {
	home := t.TempDir()
	// A file where the store's directory should be.
	require.NoError(t, os.MkdirAll(filepath.Join(home, "data"), 0o755))
	require.NoError(t, os.WriteFile(config.Default().WithHome(home).StorePath(), nil, 0o644))
	out, err := runProviderCmd(t, home, "status")
	require.ErrorContains(t, err, "neither the chain nor the local store")
	require.Contains(t, out, "chain: unavailable")
	require.Regexp(t, `(?m)^LOCAL STORE\nunavailable \(`, out)
}

func TestProviderStartWithoutOperator(t *testing.T) {
	home := t.TempDir()
	_, err := runProviderCmd(t, home, "init")
	require.NoError(t, err)
	// Declared GPUs, so the inventory does not depend on the machine.
	p := filepath.Join(home, "config", "provider.toml")
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("\n[[gpus]]\nmodel = \"A100\"\nvram_mib = 40960\ncount = 1\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = runProviderCmd(t, home, "start")
	// The default file names no operator: start says so before dialing.
	require.ErrorIs(t, err, errNoOperator)
}

// commandLines drops comments.
func commandLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}
