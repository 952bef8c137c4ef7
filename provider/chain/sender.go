package chain

import (
	"context"
	"errors"
	"fmt"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

// GasAdjustment multiplies the simulated gas, so that state changes
// between simulation and execution do not run a transaction out of gas.
const GasAdjustment = 1.3

// MinGas is the least gas a transaction asks for. The member whose commit
// or reveal completes its phase starts the reveal or settles the lease
// (payments, reputation, events: about 250k gas), but it simulated against
// a block where others had not acted yet, so the simulation can be far
// below what it then costs; members acting in the same block cannot know
// who is last. 400k covers settlement; at the dev gas price it is 0.001
// AITBC.
const MinGas = 400_000

// Sender sends the provider's compute messages (results, attestations)
// without the operator key on the machine: a hot key signs an authz
// MsgExec for the operator account, and the operator pays the fee through
// a feegrant allowance to the hot key.
type Sender struct {
	// Ctx has the codec, TxConfig, keyring (holding HotKey), chain id,
	// account retriever and RPC client.
	Ctx client.Context
	// HotKey is the keyring name of the grantee key that signs.
	HotKey string
	// Operator is the granter: the validator's account, the signer of the
	// wrapped messages and the fee granter.
	Operator sdk.AccAddress
	// GasPrices is e.g. "0.0025uaitbc".
	GasPrices string

	// Simulate returns the adjusted gas of a transaction; tx.CalculateGas
	// against Ctx when nil.
	Simulate func(txf tx.Factory, msgs ...sdk.Msg) (uint64, error)
	// Broadcast sends a signed transaction; Ctx.BroadcastTx when nil.
	Broadcast func(txBytes []byte) (*sdk.TxResponse, error)
}

// Exec wraps msgs, each signed by the operator, in one MsgExec of the
// hot key.
func (s *Sender) Exec(msgs ...sdk.Msg) (*authz.MsgExec, sdk.AccAddress, error) {
	if len(msgs) == 0 {
		return nil, nil, errors.New("no message to send")
	}
	rec, err := s.Ctx.Keyring.Key(s.HotKey)
	if err != nil {
		return nil, nil, fmt.Errorf("hot key %q: %w", s.HotKey, err)
	}
	hot, err := rec.GetAddress()
	if err != nil {
		return nil, nil, err
	}
	exec := authz.NewMsgExec(hot, msgs)
	return &exec, hot, nil
}

// Send signs msgs with the hot key inside a MsgExec, simulates the gas
// first, and broadcasts (sync). A transaction CheckTx refuses is an error.
func (s *Sender) Send(ctx context.Context, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
	exec, hot, err := s.Exec(msgs...)
	if err != nil {
		return nil, err
	}
	txf := tx.Factory{}.
		WithTxConfig(s.Ctx.TxConfig).
		WithKeybase(s.Ctx.Keyring).
		WithAccountRetriever(s.Ctx.AccountRetriever).
		WithChainID(s.Ctx.ChainID).
		WithGasAdjustment(GasAdjustment).
		WithGasPrices(s.GasPrices).
		WithFeeGranter(s.Operator).
		WithFromName(s.HotKey)
	clientCtx := s.Ctx.WithFromAddress(hot).WithFromName(s.HotKey).WithFeeGranterAddress(s.Operator)
	if txf, err = txf.Prepare(clientCtx); err != nil {
		return nil, fmt.Errorf("account of hot key: %w", err)
	}
	simulate := s.Simulate
	if simulate == nil {
		simulate = func(txf tx.Factory, msgs ...sdk.Msg) (uint64, error) {
			_, gas, err := tx.CalculateGas(clientCtx, txf, msgs...)
			return gas, err
		}
	}
	gas, err := simulate(txf.WithSimulateAndExecute(true), exec)
	if err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	txf = txf.WithGas(max(gas, MinGas))
	txb, err := txf.BuildUnsignedTx(exec)
	if err != nil {
		return nil, err
	}
	if err := tx.Sign(ctx, txf, s.HotKey, txb, true); err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	bz, err := s.Ctx.TxConfig.TxEncoder()(txb.GetTx())
	if err != nil {
		return nil, err
	}
	broadcast := s.Broadcast
	if broadcast == nil {
		broadcast = clientCtx.WithBroadcastMode("sync").BroadcastTx
	}
	res, err := broadcast(bz)
	if err != nil {
		return nil, fmt.Errorf("broadcast: %w", err)
	}
	if res.Code != 0 {
		return res, fmt.Errorf("tx %s refused: code %d (%s): %s", res.TxHash, res.Code, res.Codespace, res.RawLog)
	}
	return res, nil
}
