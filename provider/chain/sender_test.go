package chain

import (
	"context"
	"testing"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptocodec "github.com/cosmos/cosmos-sdk/crypto/codec"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	"github.com/cosmos/cosmos-sdk/x/authz"

	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// TestSendGasFloor: a transaction never asks for less than MinGas, however
// little the simulation says, so the attestation that completes a phase
// (and settles the lease) does not run out of gas; above the floor the
// simulated gas is used.
func TestSendGasFloor(t *testing.T) {
	registry := codectypes.NewInterfaceRegistry()
	cryptocodec.RegisterInterfaces(registry)
	authz.RegisterInterfaces(registry)
	computetypes.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	kr := keyring.NewInMemory(cdc)
	if _, _, err := kr.NewMnemonic("hot", keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1); err != nil {
		t.Fatal(err)
	}
	txCfg := authtx.NewTxConfig(cdc, authtx.DefaultSignModes)
	operator := sdk.AccAddress("operator____________")

	for _, tc := range []struct{ simulated, want uint64 }{
		{90_000, MinGas},
		{MinGas + 1, MinGas + 1},
	} {
		var gotGas uint64
		s := &Sender{
			Ctx: client.Context{}.WithCodec(cdc).WithTxConfig(txCfg).WithKeyring(kr).WithChainID("c").
				WithAccountRetriever(client.MockAccountRetriever{ReturnAccNum: 1, ReturnAccSeq: 1}),
			HotKey: "hot", Operator: operator, GasPrices: "0.0025uaitbc",
			Simulate: func(tx.Factory, ...sdk.Msg) (uint64, error) { return tc.simulated, nil },
			Broadcast: func(bz []byte) (*sdk.TxResponse, error) {
				decoded, err := txCfg.TxDecoder()(bz)
				if err != nil {
					return nil, err
				}
				gotGas = decoded.(sdk.FeeTx).GetGas()
				return &sdk.TxResponse{}, nil
			},
		}
		msg := &computetypes.MsgRevealAttestation{Account: operator.String(), LeaseId: 1}
		if _, err := s.Send(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
		if gotGas != tc.want {
			t.Errorf("simulated %d: tx asks for %d gas, want %d", tc.simulated, gotGas, tc.want)
		}
	}
}
