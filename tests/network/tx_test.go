package network_test

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"

	"github.com/aitbc/aitbc/testutil/network"
)

// Transaction helpers for in-process networks. Only Validators[0] serves
// RPC and gRPC, so every transaction goes through its client context; the
// signer's key comes from the signer's own keyring (key name = moniker).

const (
	// txGas is the gas limit of test transactions; the min gas price is 0,
	// so they pay no fee.
	txGas = 400_000
	// txTimeout bounds the wait for a broadcast tx to be in a block.
	txTimeout = 30 * time.Second
	// pollInterval is how often the helpers poll the node.
	pollInterval = 200 * time.Millisecond
)

// rpcCtx is the client context that reaches the network: Validators[0]'s.
func rpcCtx(net *network.Network) client.Context {
	return net.Validators[0].ClientCtx
}

// signTx builds msgs into a tx signed by signer's key, with its account
// number and sequence read from the chain, and returns the encoded bytes.
func signTx(t *testing.T, net *network.Network, signer *network.Validator, msgs ...sdk.Msg) []byte {
	t.Helper()
	cctx := rpcCtx(net)
	num, seq, err := cctx.AccountRetriever.GetAccountNumberSequence(cctx, signer.Address)
	require.NoError(t, err, "account of %s", signer.Moniker)
	txf := clienttx.Factory{}.
		WithChainID(cctx.ChainID).
		WithKeybase(signer.ClientCtx.Keyring).
		WithTxConfig(cctx.TxConfig).
		WithAccountRetriever(cctx.AccountRetriever).
		WithAccountNumber(num).
		WithSequence(seq).
		WithGas(txGas)
	builder, err := txf.BuildUnsignedTx(msgs...)
	require.NoError(t, err)
	require.NoError(t, clienttx.Sign(context.Background(), txf, signer.Moniker, builder, true))
	bz, err := cctx.TxConfig.TxEncoder()(builder.GetTx())
	require.NoError(t, err)
	return bz
}

// broadcastTx signs msgs with signer's key and broadcasts them in sync mode.
// It returns the CheckTx response; code 0 means the tx entered the mempool.
// Broadcasting from several accounts before waiting puts their txs in the
// same block; two txs of one account need a wait in between (the sequence
// is read from the chain).
func broadcastTx(t *testing.T, net *network.Network, signer *network.Validator, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	bz := signTx(t, net, signer, msgs...)
	res, err := rpcCtx(net).WithBroadcastMode(flags.BroadcastSync).BroadcastTx(bz)
	require.NoError(t, err)
	return res
}

// waitForTx polls the tx service until the tx with the hash is in a block
// and returns its result.
func waitForTx(t *testing.T, net *network.Network, hash string) *sdk.TxResponse {
	t.Helper()
	svc := txtypes.NewServiceClient(rpcCtx(net))
	deadline := time.Now().Add(txTimeout)
	for {
		res, err := svc.GetTx(context.Background(), &txtypes.GetTxRequest{Hash: hash})
		if err == nil {
			return res.TxResponse
		}
		if time.Now().After(deadline) {
			t.Fatalf("tx %s not in a block after %s: %v", hash, txTimeout, err)
		}
		time.Sleep(pollInterval)
	}
}

// sendTx signs, broadcasts and waits for a tx. It returns the CheckTx
// response when CheckTx refused the tx, else the tx's result in the block;
// the caller checks the code (requireTxOK, requireTxError).
func sendTx(t *testing.T, net *network.Network, signer *network.Validator, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	res := broadcastTx(t, net, signer, msgs...)
	if res.Code != 0 {
		return res
	}
	return waitForTx(t, net, res.TxHash)
}

// mustSendTx is sendTx for a tx that must succeed.
func mustSendTx(t *testing.T, net *network.Network, signer *network.Validator, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	res := sendTx(t, net, signer, msgs...)
	requireTxOK(t, res)
	return res
}

// requireTxOK fails unless the tx succeeded.
func requireTxOK(t *testing.T, res *sdk.TxResponse) {
	t.Helper()
	require.Equalf(t, uint32(0), res.Code, "tx %s failed: codespace %q code %d: %s", res.TxHash, res.Codespace, res.Code, res.RawLog)
}

// requireTxError fails unless the tx failed with the codespace and code.
func requireTxError(t *testing.T, res *sdk.TxResponse, codespace string, code uint32) {
	t.Helper()
	if res.Codespace != codespace || res.Code != code {
		t.Fatalf("tx %s: want codespace %q code %d, got %q %d: %s", res.TxHash, codespace, code, res.Codespace, res.Code, res.RawLog)
	}
}

// msgResponse decodes the i-th message response of a delivered tx into out.
func msgResponse(t *testing.T, net *network.Network, res *sdk.TxResponse, i int, out proto.Message) {
	t.Helper()
	bz, err := hex.DecodeString(strings.ToLower(res.Data))
	require.NoError(t, err)
	var data sdk.TxMsgData
	require.NoError(t, rpcCtx(net).Codec.Unmarshal(bz, &data))
	require.Greater(t, len(data.MsgResponses), i, "tx %s has %d message responses", res.TxHash, len(data.MsgResponses))
	require.NoError(t, proto.Unmarshal(data.MsgResponses[i].Value, out))
}

// waitUntil polls cond until it reports done or the timeout passes; the
// last description is shown on failure.
func waitUntil(t *testing.T, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		done, desc := cond()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not reached after %s: %s", timeout, desc)
		}
		time.Sleep(pollInterval)
	}
}
