package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/provider/config"
	"github.com/aitbc/aitbc/provider/status"
	"github.com/aitbc/aitbc/provider/store"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

const (
	flagEnded = "ended"
	// statusLeasesPath is where a running daemon serves its store's
	// records on metrics.listen, since it holds the store's lock.
	statusLeasesPath = "/status/leases"
	// statusTimeout bounds the chain queries and the daemon request.
	statusTimeout = 20 * time.Second
)

func providerStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the provider: bond health, leases, attestations due, and each lease's local step",
		Long: `Ask the node (node.rpc of provider.toml, or --node) about the provider that
key.operator names, and read the daemon's local store:

  - the provider's status, bond and min_bond, and a WARNING when one slash
    (slash_fraction x bond, rounded down, as x/compute takes it) would leave
    the bond under min_bond: the provider would turn inactive and its offers
    leave matching. The warning prints the bond command that prevents it;
  - its leases: active, being attested (commit or reveal phase), and the
    most recently ended (--ended), with job, hours, elapsed time, deadline;
  - the attestations this validator still owes, with phase and deadline;
  - the step the local store reached for each, and every local record not
    done (failed ones with the reason), counted by role and step.

While the daemon runs it holds the store; the local part is then read from
the daemon at metrics.listen` + statusLeasesPath + `. When the node cannot be reached
the local part is printed and the chain part says it is missing; the
command fails only when neither part can be shown.`,
		Example: `aitbcd provider status --home ~/.aitbc
aitbcd provider status --home ~/.aitbc --node tcp://localhost:26657 -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SilenceUsage = true
			home := homeFlag(cmd)
			ctx, cancel := context.WithTimeout(cmd.Context(), statusTimeout)
			defer cancel()
			node := ""
			if cmd.Flags().Changed(flags.FlagNode) {
				node, _ = cmd.Flags().GetString(flags.FlagNode)
			}
			ended, _ := cmd.Flags().GetInt(flagEnded)
			r := gatherStatus(ctx, home, node, ended, time.Now())
			output, _ := cmd.Flags().GetString(flags.FlagOutput)
			var err error
			if output == "json" {
				err = status.JSON(cmd.OutOrStdout(), r)
			} else {
				err = status.Text(cmd.OutOrStdout(), r)
			}
			if err != nil {
				return err
			}
			if r.Chain == nil && r.LocalError != "" {
				return errors.New("provider status: neither the chain nor the local store could be read")
			}
			return nil
		},
	}
	flags.AddQueryFlagsToCmd(cmd)
	cmd.Flags().Int(flagEnded, 5, "how many of the most recently ended leases to show")
	return cmd
}

// gatherStatus builds the report; node overrides provider.toml's node.rpc.
func gatherStatus(ctx context.Context, home, node string, ended int, now time.Time) status.Report {
	var r status.Report
	cfg, cfgErr := config.Load(home)
	if cfgErr != nil {
		// The store's place does not depend on provider.toml.
		cfg = config.Default().WithHome(home)
	}
	r.Local, r.LocalError = localLeases(ctx, cfg)

	switch {
	case cfgErr != nil:
		r.ChainError = cfgErr.Error()
		return r
	case cfg.Key.Operator == "":
		r.ChainError = "key.operator is empty in provider.toml: no provider to ask about"
		return r
	}
	// The operator's account and validator addresses share their bytes.
	acc, err := address.NewBech32Codec(app.AccountAddressPrefix).StringToBytes(cfg.Key.Operator)
	if err == nil {
		r.Operator, err = address.NewBech32Codec(app.ValidatorAddressPrefix).BytesToString(acc)
	}
	if err != nil {
		r.ChainError = fmt.Sprintf("key.operator %q: %v", cfg.Key.Operator, err)
		return r
	}
	r.Account = cfg.Key.Operator
	if node == "" {
		node = cfg.Node.RPC
	}
	rpc, err := rpchttp.New(node, "/websocket")
	if err != nil {
		r.ChainError = fmt.Sprintf("node %s: %v", node, err)
		return r
	}
	c, err := status.Gather(ctx, computetypes.NewQueryClient(abciConn{rpc}), r.Operator, r.Local, status.Options{Ended: ended, Now: now})
	if err != nil {
		r.ChainError = fmt.Sprintf("node %s: %v", node, err)
		return r
	}
	r.Chain = c
	return r
}

// localLeases reads the store, or, when the running daemon holds it, asks
// the daemon.
func localLeases(ctx context.Context, cfg config.Config) ([]store.Lease, string) {
	st, err := store.Open(cfg.StorePath())
	if err == nil {
		defer st.Close()
		all, err := st.List()
		if err != nil {
			return nil, err.Error()
		}
		return all, ""
	}
	if cfg.Metrics.Listen == "" {
		return nil, fmt.Sprintf("%v (the daemon holds the store, and metrics.listen is empty)", err)
	}
	all, herr := daemonLeases(ctx, "http://"+cfg.Metrics.Listen+statusLeasesPath)
	if herr != nil {
		return nil, fmt.Sprintf("%v; from the daemon: %v", err, herr)
	}
	return all, ""
}

func daemonLeases(ctx context.Context, url string) ([]store.Lease, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	var all []store.Lease
	if err := json.NewDecoder(resp.Body).Decode(&all); err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	return all, nil
}

// localLeasesHandler serves the store's records as JSON (the daemon side
// of localLeases).
func localLeasesHandler(st *store.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		all, err := st.List()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if all == nil {
			all = []store.Lease{}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(all)
	})
}

// abciConn runs gRPC queries as ABCI queries over CometBFT RPC, as the CLI
// does for --node, without a client context; errors carry the module's
// registered error (errors.Is finds it).
type abciConn struct{ rpc rpcclient.ABCIClient }

func (c abciConn) Invoke(ctx context.Context, method string, req, reply any, _ ...grpc.CallOption) error {
	in, ok := req.(gogoproto.Message)
	if !ok {
		return fmt.Errorf("%s: request %T is not a proto message", method, req)
	}
	out, ok := reply.(gogoproto.Message)
	if !ok {
		return fmt.Errorf("%s: reply %T is not a proto message", method, reply)
	}
	bz, err := gogoproto.Marshal(in)
	if err != nil {
		return err
	}
	res, err := c.rpc.ABCIQueryWithOptions(ctx, method, bz, rpcclient.ABCIQueryOptions{})
	if err != nil {
		return err
	}
	if !res.Response.IsOK() {
		return errorsmod.ABCIError(res.Response.Codespace, res.Response.Code, res.Response.Log)
	}
	return gogoproto.Unmarshal(res.Response.Value, out)
}

func (abciConn) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, errors.New("streaming queries are not supported")
}
