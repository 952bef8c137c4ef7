package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client/flags"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/provider/config"
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

func TestProviderSetupKeysPrintsGrants(t *testing.T) {
	hot := sdk.AccAddress(bytes.Repeat([]byte{7}, 20)).String()
	out, err := runProviderCmd(t, t.TempDir(), "setup-keys", "operator", hot, "--chain-id", "aitbc-1", "--fee-spend-limit", "5000000uaitbc")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, []string{
		"aitbcd tx authz grant " + hot + " generic --msg-type /aitbc.compute.v1.MsgSubmitResult --from operator --chain-id aitbc-1",
		"aitbcd tx authz grant " + hot + " generic --msg-type /aitbc.compute.v1.MsgCommitAttestation --from operator --chain-id aitbc-1",
		"aitbcd tx authz grant " + hot + " generic --msg-type /aitbc.compute.v1.MsgRevealAttestation --from operator --chain-id aitbc-1",
		"aitbcd tx feegrant grant operator " + hot + " --allowed-messages /cosmos.authz.v1beta1.MsgExec --spend-limit 5000000uaitbc --chain-id aitbc-1",
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

func TestProviderStatusReadsStore(t *testing.T) {
	home := t.TempDir()
	st, err := store.Open(config.Default().WithHome(home).StorePath())
	require.NoError(t, err)
	_, err = st.Advance(store.RoleProvider, 4, store.StepRunning, nil)
	require.NoError(t, err)
	_, err = st.Advance(store.RoleAttester, 5, store.StepCommitted, func(l *store.Lease) { l.Salt, l.Verdict = "00", "VERDICT_VALID" })
	require.NoError(t, err)
	_, err = st.Advance(store.RoleAttester, 6, store.StepDone, nil)
	require.NoError(t, err)
	require.NoError(t, st.Close())

	out, err := runProviderCmd(t, home, "status")
	require.NoError(t, err)
	require.Regexp(t, `provider\s+running\s+1`, out)
	require.Regexp(t, `attester\s+committed\s+1`, out)
	require.Regexp(t, `attester\s+done\s+1`, out)
	require.Contains(t, out, "attestations pending: 1")
	require.Regexp(t, `(?m)^4\s+provider\s+running`, out)
	require.NotRegexp(t, `(?m)^6\s+`, out)
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
