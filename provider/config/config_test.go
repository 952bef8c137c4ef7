package config_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/config"
)

func writeFile(t *testing.T, home, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(home, "config"), 0o755))
	require.NoError(t, os.WriteFile(config.Path(home), []byte(content), 0o644))
}

func TestWriteDefaultLoadsAsDefault(t *testing.T) {
	home := t.TempDir()
	p, err := config.WriteDefault(home)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(home, "config", "provider.toml"), p)

	cfg, err := config.Load(home)
	require.NoError(t, err)
	require.Equal(t, config.Default().WithHome(home), cfg)
	require.Equal(t, filepath.Join(home, "data", "provider", "work"), cfg.WorkPath())
	require.Equal(t, filepath.Join(home, "data", "provider"), cfg.StorePath())
	require.False(t, cfg.Fault.WrongOutput)
	require.True(t, cfg.AcceptsKind(config.RunnerCommand))

	// Never overwrites an operator's file.
	_, err = config.WriteDefault(home)
	require.ErrorIs(t, err, os.ErrExist)
}

func TestLoadOverrides(t *testing.T) {
	home := t.TempDir()
	writeFile(t, home, `
work_dir = "/srv/work"
[node]
grpc = "10.0.0.1:9090"
[input]
max_bytes = 1024
[[gpus]]
model = "A100"
vram_mib = 81920
count = 2
[[gpus]]
model = "L4"
vram_mib = 24576
count = 1
[runner]
kinds = ["command"]
[metrics]
listen = ""
[fault]
wrong_output = true
`)
	cfg, err := config.Load(home)
	require.NoError(t, err)
	require.Equal(t, "/srv/work", cfg.WorkPath())
	require.Equal(t, "10.0.0.1:9090", cfg.Node.GRPC)
	require.Equal(t, config.Default().Node.RPC, cfg.Node.RPC, "unset keys keep their default")
	require.Equal(t, int64(1024), cfg.Input.MaxBytes)
	require.Equal(t, []config.GPU{{Model: "A100", VRAMMiB: 81920, Count: 2}, {Model: "L4", VRAMMiB: 24576, Count: 1}}, cfg.GPUs)
	require.Equal(t, []string{"command"}, cfg.Runner.Kinds, "a declared list replaces the default")
	require.False(t, cfg.AcceptsKind(config.RunnerContainer))
	require.Equal(t, []string{"docker", "podman"}, cfg.Runner.ContainerRuntimes)
	require.Empty(t, cfg.Metrics.Listen)
	require.True(t, cfg.Fault.WrongOutput)
}

func TestLoadErrors(t *testing.T) {
	t.Run("missing file names the fix", func(t *testing.T) {
		_, err := config.Load(t.TempDir())
		require.ErrorIs(t, err, os.ErrNotExist)
		require.ErrorContains(t, err, "provider init")
	})
	t.Run("unknown key", func(t *testing.T) {
		home := t.TempDir()
		writeFile(t, home, "[fault]\nwrong_outptu = true\n")
		_, err := config.Load(home)
		require.ErrorContains(t, err, "wrong_outptu")
	})
	t.Run("syntax error has a position", func(t *testing.T) {
		home := t.TempDir()
		writeFile(t, home, "[node]\ngrpc = \n")
		_, err := config.Load(home)
		require.ErrorContains(t, err, "provider.toml:2:")
	})
	t.Run("invalid value", func(t *testing.T) {
		home := t.TempDir()
		writeFile(t, home, "[input]\nmax_bytes = 0\n")
		_, err := config.Load(home)
		require.ErrorContains(t, err, "input.max_bytes")
	})
}

func TestValidate(t *testing.T) {
	cases := map[string]struct {
		mutate func(*config.Config)
		want   string
	}{
		"grpc without port":       {func(c *config.Config) { c.Node.GRPC = "localhost" }, "node.grpc"},
		"rpc scheme":              {func(c *config.Config) { c.Node.RPC = "ws://x:1" }, "node.rpc"},
		"rpc relative":            {func(c *config.Config) { c.Node.RPC = "localhost:26657" }, "node.rpc"},
		"key name":                {func(c *config.Config) { c.Key.Name = " " }, "key.name"},
		"keyring backend":         {func(c *config.Config) { c.Key.KeyringBackend = "vault" }, "key.keyring_backend"},
		"work dir":                {func(c *config.Config) { c.WorkDir = "" }, "work_dir"},
		"max input":               {func(c *config.Config) { c.Input.MaxBytes = -1 }, "input.max_bytes"},
		"artifacts listen":        {func(c *config.Config) { c.Artifacts.Listen = ":" }, "artifacts.listen"},
		"public url":              {func(c *config.Config) { c.Artifacts.PublicBaseURL = "/relative" }, "artifacts.public_base_url"},
		"gpu model":               {func(c *config.Config) { c.GPUs = []config.GPU{{VRAMMiB: 1, Count: 1}} }, "gpus[0].model"},
		"gpu vram":                {func(c *config.Config) { c.GPUs = []config.GPU{{Model: "A", Count: 1}} }, "vram_mib"},
		"gpu count":               {func(c *config.Config) { c.GPUs = []config.GPU{{Model: "A", VRAMMiB: 1}} }, "count"},
		"gpu twice":               {func(c *config.Config) { c.GPUs = []config.GPU{{"A", 1, 1}, {"A", 1, 1}} }, "declared twice"},
		"no runner kinds":         {func(c *config.Config) { c.Runner.Kinds = nil }, "runner.kinds"},
		"unknown runner kind":     {func(c *config.Config) { c.Runner.Kinds = []string{"vm"} }, `unknown kind "vm"`},
		"runner kind twice":       {func(c *config.Config) { c.Runner.Kinds = []string{"command", "command"} }, "twice"},
		"empty container runtime": {func(c *config.Config) { c.Runner.ContainerRuntimes = []string{""} }, "container_runtimes[0]"},
		"metrics listen":          {func(c *config.Config) { c.Metrics.Listen = "9100" }, "metrics.listen"},
	}
	require.NoError(t, config.Default().Validate())
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := config.Default()
			tc.mutate(&c)
			require.ErrorContains(t, c.Validate(), tc.want)
		})
	}
}
