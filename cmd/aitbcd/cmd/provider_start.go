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

	"github.com/aitbc/aitbc/provider/artifacts"
	"github.com/aitbc/aitbc/provider/config"
	"github.com/aitbc/aitbc/provider/daemon"
	"github.com/aitbc/aitbc/provider/gpu"
	"github.com/aitbc/aitbc/provider/metrics"
	"github.com/aitbc/aitbc/provider/store"
)

// errChainNotBuilt is returned until provider/chain lands.
var errChainNotBuilt = errors.New("chain client not built yet")

// newChain builds the daemon's chain client (events, queries, authz-wrapped
// transactions signed by key.name) from the config.
func newChain(cfg config.Config) (daemon.Chain, error) {
	_ = cfg
	return nil, errChainNotBuilt
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
			return runProvider(ctx, homeFlag(cmd), log.NewLogger(cmd.ErrOrStderr()))
		},
	}
}

func runProvider(ctx context.Context, home string, logger log.Logger) error {
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
	chain, err := newChain(cfg)
	if err != nil {
		return fmt.Errorf("provider: %w", err)
	}

	art := artifacts.New()
	m := metrics.New()
	servers := []*http.Server{art.HTTPServer(cfg.Artifacts.Listen)}
	if cfg.Metrics.Listen != "" {
		servers = append(servers, m.HTTPServer(cfg.Metrics.Listen))
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
