package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"cosmossdk.io/log"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/provider/artifacts"
	"github.com/aitbc/aitbc/provider/config"
	"github.com/aitbc/aitbc/provider/daemon"
	"github.com/aitbc/aitbc/provider/daemon/chainadapter"
	"github.com/aitbc/aitbc/provider/gpu"
	"github.com/aitbc/aitbc/provider/metrics"
	"github.com/aitbc/aitbc/provider/status"
	"github.com/aitbc/aitbc/provider/store"
)

// errNoOperator: start needs key.operator to sign for.
var errNoOperator = errors.New("key.operator is empty: set it to the validator operator's account address")

// newChain builds the daemon's chain client (events, queries, authz-wrapped
// transactions signed by key.name for key.operator) from the config; the
// hot key is read from the node home's keyring.
func newChain(ctx context.Context, clientCtx client.Context, home string, cfg config.Config) (*chainadapter.Adapter, func(), error) {
	if cfg.Key.Operator == "" {
		return nil, nil, errNoOperator
	}
	kr, err := keyring.New(sdk.KeyringServiceName(), cfg.Key.KeyringBackend, home, clientCtx.Input, clientCtx.Codec)
	if err != nil {
		return nil, nil, fmt.Errorf("keyring: %w", err)
	}
	if _, err := kr.Key(cfg.Key.Name); err != nil {
		return nil, nil, fmt.Errorf("hot key %q (key.name): %w", cfg.Key.Name, err)
	}
	return chainadapter.New(ctx, chainadapter.Options{
		GRPC: cfg.Node.GRPC, RPC: cfg.Node.RPC, Client: clientCtx.WithKeyring(kr).WithHomeDir(home),
		HotKey: cfg.Key.Name, Operator: cfg.Key.Operator, GasPrices: cfg.Key.GasPrices,
	})
}

func providerStartCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "start",
		Short: "Run the provider daemon: leases, attestations, artifact and metrics servers",
		Long: `Load <home>/config/provider.toml, open the store under <home>/data/provider,
detect the GPUs, serve outputs on artifacts.listen and metrics on
metrics.listen, reconcile from the node and follow its lease events until
interrupted. At most one lease per GPU is worked on at a time.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SilenceUsage = true // errors from here on are not usage errors
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			// Honour the global --log_no_color so a log written to a file has no escapes.
			noColor, _ := cmd.Flags().GetBool(flags.FlagLogNoColor)
			logger := log.NewLogger(cmd.ErrOrStderr(), log.ColorOption(!noColor))
			return runProvider(ctx, client.GetClientContextFromCmd(cmd), homeFlag(cmd), logger)
		},
	}
}

// logBondHealth logs the provider's bond health: a warning when one slash
// would make the provider inactive (the line `provider status` prints),
// else its bond, min_bond and the next slash. on says what prompted it.
func logBondHealth(ctx context.Context, logger log.Logger, chain *chainadapter.Adapter, account, on string) {
	ctx, cancel := context.WithTimeout(ctx, statusTimeout)
	defer cancel()
	p, err := status.ProviderBond(ctx, chain.Query, chain.Operator)
	switch {
	case err != nil:
		logger.Error("cannot check the provider's bond", "on", on, "err", err)
	case p == nil:
		logger.Error("not registered as a provider: no lease comes to this node (aitbcd tx compute register-provider)", "operator", chain.Operator, "on", on)
	case p.Bond.Warning(account) != "":
		logger.Warn(p.Bond.Warning(account), "status", p.Status, "on", on)
	default:
		logger.Info("bond", "status", p.Status, "bond", p.Bond.Bond, "min_bond", p.Bond.MinBond, "one_slash", p.Bond.Slash, "on", on)
	}
}

func runProvider(ctx context.Context, clientCtx client.Context, home string, logger log.Logger) error {
	cfg, err := config.Load(home)
	if err != nil {
		return err
	}
	st, err := store.Open(cfg.StorePath())
	if err != nil {
		return err
	}
	defer st.Close()
	inv, err := gpu.Detect(ctx, cfg.GPUs)
	if err != nil {
		return err
	}
	chain, closeChain, err := newChain(ctx, clientCtx, home, cfg)
	if err != nil {
		return fmt.Errorf("provider: %w", err)
	}
	defer closeChain()
	// The bond's health now, and again whenever the chain slashes this
	// provider or changes its status.
	chain.OnProviderChange = func(ctx context.Context, what string) {
		logBondHealth(ctx, logger, chain, cfg.Key.Operator, what)
	}
	logBondHealth(ctx, logger, chain, cfg.Key.Operator, "start")

	art := artifacts.New()
	m := metrics.New()
	servers := []*http.Server{art.HTTPServer(cfg.Artifacts.Listen)}
	if cfg.Metrics.Listen != "" {
		// Beside /metrics, the store's records for `provider status`,
		// which cannot open the store while the daemon holds it.
		srv := m.HTTPServer(cfg.Metrics.Listen)
		mux := http.NewServeMux()
		mux.Handle("/", srv.Handler)
		mux.Handle(statusLeasesPath, localLeasesHandler(st))
		srv.Handler = mux
		servers = append(servers, srv)
	}
	errc := make(chan error, len(servers)+1)
	for _, srv := range servers {
		ln, err := net.Listen("tcp", srv.Addr)
		if err != nil {
			return fmt.Errorf("provider: listen %s: %w", srv.Addr, err)
		}
		go func(srv *http.Server) {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("provider: server %s: %w", srv.Addr, err)
			}
		}(srv)
		logger.Info("serving", "addr", srv.Addr)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, srv := range servers {
			_ = srv.Shutdown(sctx)
		}
	}()

	d, err := daemon.New(daemon.Options{
		Chain: chain, Store: st, Inventory: inv, Artifacts: art, Metrics: m, Logger: logger,
		WorkDir: cfg.WorkPath(), PublicBaseURL: cfg.Artifacts.PublicBaseURL, MaxInputBytes: cfg.Input.MaxBytes,
		RunnerKinds: cfg.Runner.Kinds, ContainerRuntimes: cfg.Runner.ContainerRuntimes, WrongOutput: cfg.Fault.WrongOutput,
	})
	if err != nil {
		return err
	}
	if cfg.Fault.WrongOutput {
		logger.Error("fault.wrong_output is on: every result is corrupted (tests only)")
	}
	logger.Info("provider daemon starting", "gpus", len(inv.Devices), "gpu_source", inv.Source, "work_dir", cfg.WorkPath())
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- d.Run(ctx) }()
	select {
	case err := <-errc:
		// A server died: stop the daemon before the store closes.
		cancel()
		<-runErr
		return err
	case err := <-runErr:
		return err
	}
}
