package chainadapter

import (
	"context"
	"fmt"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/aitbc/aitbc/provider/chain"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// Watcher timing: poll every block time or so while the websocket is down,
// and retry it after a minute.
const (
	pollInterval   = 2 * time.Second
	retryWebsocket = time.Minute
	// inclusionTimeout bounds the wait for a sent transaction's block.
	inclusionTimeout = 2 * time.Minute
)

// Options is how to reach the node and sign.
type Options struct {
	// GRPC is host:port of the node's gRPC server; RPC its CometBFT RPC.
	GRPC, RPC string
	// Client has the codec, interface registry, TxConfig and the keyring
	// holding HotKey; its chain id is used when set, else the node's.
	Client client.Context
	// HotKey is the grantee key's name; Operator the operator's account
	// (the granter); GasPrices e.g. 0.0025uaitbc.
	HotKey, Operator, GasPrices string
}

// New connects to the node and builds the adapter; Close releases the
// connections.
func New(ctx context.Context, o Options) (*Adapter, func(), error) {
	signing := o.Client.InterfaceRegistry.SigningContext()
	bz, err := signing.AddressCodec().StringToBytes(o.Operator)
	if err != nil {
		return nil, nil, fmt.Errorf("operator %q: %w", o.Operator, err)
	}
	acc := sdk.AccAddress(bz)
	valoper, err := signing.ValidatorAddressCodec().BytesToString(acc)
	if err != nil {
		return nil, nil, err
	}
	conn, err := grpc.NewClient(o.GRPC, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(codec.NewProtoCodec(o.Client.InterfaceRegistry).GRPCCodec())))
	if err != nil {
		return nil, nil, fmt.Errorf("grpc %s: %w", o.GRPC, err)
	}
	rpc, err := rpchttp.New(o.RPC, "/websocket")
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("rpc %s: %w", o.RPC, err)
	}
	closeAll := func() {
		if rpc.IsRunning() {
			_ = rpc.Stop()
		}
		_ = conn.Close()
	}
	cctx := o.Client.WithGRPCClient(conn).WithClient(rpc).WithNodeURI(o.RPC).
		WithAccountRetriever(authtypes.AccountRetriever{})
	if cctx.ChainID == "" {
		st, err := rpc.Status(ctx)
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("node status (for the chain id): %w", err)
		}
		cctx = cctx.WithChainID(st.NodeInfo.Network)
	}
	sender := &chain.Sender{Ctx: cctx, HotKey: o.HotKey, Operator: acc, GasPrices: o.GasPrices}
	watcher := &chain.Watcher{Remote: o.RPC, PollInterval: pollInterval, RetryWebsocket: retryWebsocket, Source: rpc}
	svc := txtypes.NewServiceClient(conn)
	get := func(ctx context.Context, hash string) (*sdk.TxResponse, error) {
		res, err := svc.GetTx(ctx, &txtypes.GetTxRequest{Hash: hash})
		if err != nil {
			return nil, err
		}
		return res.TxResponse, nil
	}
	a := &Adapter{
		Query:    computetypes.NewQueryClient(conn),
		Watch:    watcher.Run,
		Send:     sender.Send,
		Included: PollIncluded(get, time.Second, inclusionTimeout),
		Operator: valoper,
		Account:  o.Operator,
	}
	return a, closeAll, nil
}
