package app

import (
	"fmt"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
	"github.com/cosmos/cosmos-sdk/x/auth/tx"
	txmodule "github.com/cosmos/cosmos-sdk/x/auth/tx/config"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
)

// nodeSignModes are the sign modes the node verifies: cosmos-sdk's
// defaults (direct, amino JSON, direct aux) and SIGN_MODE_TEXTUAL, which
// hardware wallets (Ledger's new apps) use.
func nodeSignModes() []signingtypes.SignMode {
	return append(append([]signingtypes.SignMode(nil), tx.DefaultSignModes...), signingtypes.SignMode_SIGN_MODE_TEXTUAL)
}

// newNodeTxConfig is the node's tx config: the default sign modes plus
// SIGN_MODE_TEXTUAL, whose screens show coins in their display unit
// (AITBC) from the bank keeper's denom metadata, read in the state of the
// transaction being verified.
//
// Our messages need no value renderer of their own: textual renders every
// field kind they use (strings with the cosmos.Int, cosmos.Dec and address
// scalars, integers, enums, bytes, bools, coins, timestamps, durations,
// nested messages and Anys); it refuses only maps and floats, which none
// of our protos declare (app/textual_test.go renders every Msg).
func newNodeTxConfig(cdc codec.Codec, bank bankkeeper.Keeper) client.TxConfig {
	txConfig, err := tx.NewTxConfigWithOptions(cdc, tx.ConfigOptions{
		EnabledSignModes:           nodeSignModes(),
		TextualCoinMetadataQueryFn: txmodule.NewBankKeeperCoinMetadataQueryFn(bank),
	})
	if err != nil {
		panic(fmt.Errorf("tx config with SIGN_MODE_TEXTUAL: %w", err))
	}
	return txConfig
}

// ClientTxConfig is the tx config of an offline client: the default sign
// modes only, as SIGN_MODE_TEXTUAL needs the chain's coin metadata, which an
// online client reads over gRPC (cmd/aitbcd/cmd/root.go) and the node from
// its own state.
func (app *App) ClientTxConfig() client.TxConfig {
	return tx.NewTxConfig(app.appCodec, tx.DefaultSignModes)
}
