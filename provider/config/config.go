// Package config is the provider daemon's configuration:
// <home>/config/provider.toml, with documented defaults written by
// WriteDefault and checked by Validate.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// FileName is the config file's name under <home>/config.
const FileName = "provider.toml"

// Runner kinds a workload can run with.
const (
	RunnerCommand   = "command"
	RunnerContainer = "container"
)

// Config is provider.toml.
type Config struct {
	Node      Node      `toml:"node"`
	Key       Key       `toml:"key"`
	WorkDir   string    `toml:"work_dir"`
	Input     Input     `toml:"input"`
	Artifacts Artifacts `toml:"artifacts"`
	GPUs      []GPU     `toml:"gpus"`
	Runner    Runner    `toml:"runner"`
	Metrics   Metrics   `toml:"metrics"`
	Fault     Fault     `toml:"fault"`

	// home is the node home the file was loaded from; relative paths
	// resolve against it.
	home string
}

// Node is how the daemon reaches its own node.
type Node struct {
	// GRPC is host:port of the node's gRPC server (queries, simulate, broadcast).
	GRPC string `toml:"grpc"`
	// RPC is the CometBFT RPC address; the event websocket is <rpc>/websocket.
	RPC string `toml:"rpc"`
}

// Key is the hot key that signs compute messages.
type Key struct {
	Name           string `toml:"name"`
	KeyringBackend string `toml:"keyring_backend"`
	// Operator is the validator operator's account address: the granter
	// the hot key signs for and whose fee grant it spends. Required by
	// start; empty in the default file.
	Operator string `toml:"operator"`
	// GasPrices prices the hot key's transactions, e.g. 0.0025uaitbc.
	GasPrices string `toml:"gas_prices"`
}

// Input bounds job inputs.
type Input struct {
	MaxBytes int64 `toml:"max_bytes"`
}

// Artifacts is the HTTP server that serves outputs.
type Artifacts struct {
	Listen        string `toml:"listen"`
	PublicBaseURL string `toml:"public_base_url"`
}

// GPU is a declared GPU model and how many of it the node has.
type GPU struct {
	Model   string `toml:"model"`
	VRAMMiB uint32 `toml:"vram_mib"`
	Count   uint32 `toml:"count"`
}

// Runner chooses how workloads run.
type Runner struct {
	// Kinds the daemon accepts, in preference order.
	Kinds []string `toml:"kinds"`
	// ContainerRuntimes tried in order with exec.LookPath.
	ContainerRuntimes []string `toml:"container_runtimes"`
}

// Metrics is the Prometheus endpoint.
type Metrics struct {
	// Listen is host:port; empty disables the endpoint.
	Listen string `toml:"listen"`
}

// Fault holds test-only switches. Never set them on a real node: a
// provider with wrong_output gets its results found invalid and is slashed.
type Fault struct {
	WrongOutput bool `toml:"wrong_output"`
}

// Default is the configuration WriteDefault writes.
func Default() Config {
	return Config{
		Node:      Node{GRPC: "localhost:9090", RPC: "tcp://localhost:26657"},
		Key:       Key{Name: "provider", KeyringBackend: "test", GasPrices: "0.0025uaitbc"},
		WorkDir:   filepath.Join("data", "provider", "work"),
		Input:     Input{MaxBytes: 1 << 30},
		Artifacts: Artifacts{Listen: "0.0.0.0:26680", PublicBaseURL: "http://127.0.0.1:26680"},
		Runner: Runner{
			Kinds:             []string{RunnerCommand, RunnerContainer},
			ContainerRuntimes: []string{"docker", "podman"},
		},
		Metrics: Metrics{Listen: "127.0.0.1:26681"},
	}
}

// Path is <home>/config/provider.toml.
func Path(home string) string {
	return filepath.Join(home, "config", FileName)
}

// Load reads and validates <home>/config/provider.toml. Keys not in Config
// are errors, so a typo never silently falls back to a default.
func Load(home string) (Config, error) {
	p := Path(home)
	bz, err := os.ReadFile(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Config{}, fmt.Errorf("provider config %s: %w (write one with `aitbcd provider init`)", p, err)
		}
		return Config{}, fmt.Errorf("provider config: %w", err)
	}
	cfg := Default()
	// Declared lists replace, never extend, the defaults.
	cfg.GPUs, cfg.Runner.Kinds, cfg.Runner.ContainerRuntimes = nil, nil, nil
	dec := toml.NewDecoder(bytes.NewReader(bz)).DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			return Config{}, fmt.Errorf("provider config %s: unknown keys:\n%s", p, strict.String())
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return Config{}, fmt.Errorf("provider config %s:%d:%d: %w", p, row, col, err)
		}
		return Config{}, fmt.Errorf("provider config %s: %w", p, err)
	}
	if cfg.Runner.Kinds == nil {
		cfg.Runner.Kinds = Default().Runner.Kinds
	}
	if cfg.Runner.ContainerRuntimes == nil {
		cfg.Runner.ContainerRuntimes = Default().Runner.ContainerRuntimes
	}
	cfg.home = home
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("provider config %s: %w", p, err)
	}
	return cfg, nil
}

// WriteDefault writes the commented default file; it never overwrites one.
func WriteDefault(home string) (string, error) {
	p := Path(home)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", fmt.Errorf("provider config: %w", err)
	}
	if _, err := f.WriteString(DefaultTOML()); err != nil {
		f.Close()
		return "", err
	}
	return p, f.Close()
}

// WithHome sets the home relative paths resolve against (Load sets it).
func (c Config) WithHome(home string) Config {
	c.home = home
	return c
}

// WorkPath is the absolute work directory.
func (c Config) WorkPath() string {
	if filepath.IsAbs(c.WorkDir) {
		return c.WorkDir
	}
	return filepath.Join(c.home, c.WorkDir)
}

// StorePath is where provider/store keeps its database: <home>/data/provider.
func (c Config) StorePath() string {
	return filepath.Join(c.home, "data", "provider")
}

var keyringBackends = []string{"os", "file", "kwallet", "pass", "test", "memory"}

// Validate checks every field and names the first one that is wrong.
func (c Config) Validate() error {
	if err := checkHostPort("node.grpc", c.Node.GRPC); err != nil {
		return err
	}
	if err := checkURL("node.rpc", c.Node.RPC, "tcp", "http", "https"); err != nil {
		return err
	}
	if strings.TrimSpace(c.Key.Name) == "" {
		return errors.New("key.name: empty; name the hot key in the node's keyring")
	}
	if !contains(keyringBackends, c.Key.KeyringBackend) {
		return fmt.Errorf("key.keyring_backend %q: want one of %s", c.Key.KeyringBackend, strings.Join(keyringBackends, ", "))
	}
	if strings.TrimSpace(c.Key.GasPrices) == "" {
		return errors.New("key.gas_prices: empty; e.g. 0.0025uaitbc, at least the node's minimum-gas-prices")
	}
	if strings.TrimSpace(c.WorkDir) == "" {
		return errors.New("work_dir: empty")
	}
	if c.Input.MaxBytes <= 0 {
		return fmt.Errorf("input.max_bytes %d: must be positive", c.Input.MaxBytes)
	}
	if err := checkHostPort("artifacts.listen", c.Artifacts.Listen); err != nil {
		return err
	}
	if err := checkURL("artifacts.public_base_url", c.Artifacts.PublicBaseURL, "http", "https"); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, g := range c.GPUs {
		switch {
		case strings.TrimSpace(g.Model) == "":
			return fmt.Errorf("gpus[%d].model: empty", i)
		case g.VRAMMiB == 0:
			return fmt.Errorf("gpus[%d] (%s).vram_mib: must be positive", i, g.Model)
		case g.Count == 0:
			return fmt.Errorf("gpus[%d] (%s).count: must be positive", i, g.Model)
		case seen[g.Model]:
			return fmt.Errorf("gpus[%d].model %q: declared twice; add to its count instead", i, g.Model)
		}
		seen[g.Model] = true
	}
	if len(c.Runner.Kinds) == 0 {
		return fmt.Errorf("runner.kinds: empty; want some of %q, %q", RunnerCommand, RunnerContainer)
	}
	kinds := map[string]bool{}
	for _, k := range c.Runner.Kinds {
		if k != RunnerCommand && k != RunnerContainer {
			return fmt.Errorf("runner.kinds: unknown kind %q; want %q or %q", k, RunnerCommand, RunnerContainer)
		}
		if kinds[k] {
			return fmt.Errorf("runner.kinds: %q listed twice", k)
		}
		kinds[k] = true
	}
	for i, r := range c.Runner.ContainerRuntimes {
		if strings.TrimSpace(r) == "" {
			return fmt.Errorf("runner.container_runtimes[%d]: empty", i)
		}
	}
	if c.Metrics.Listen != "" {
		if err := checkHostPort("metrics.listen", c.Metrics.Listen); err != nil {
			return err
		}
	}
	return nil
}

// AcceptsKind reports whether runner.kinds lists kind.
func (c Config) AcceptsKind(kind string) bool {
	return contains(c.Runner.Kinds, kind)
}

func checkHostPort(field, v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%s %q: want host:port: %w", field, v, err)
	}
	if port == "" {
		return fmt.Errorf("%s %q: no port", field, v)
	}
	return nil
}

func checkURL(field, v string, schemes ...string) error {
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Errorf("%s %q: %w", field, v, err)
	}
	if !contains(schemes, u.Scheme) || u.Host == "" {
		return fmt.Errorf("%s %q: want an absolute %s URL with a host", field, v, strings.Join(schemes, "/"))
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
