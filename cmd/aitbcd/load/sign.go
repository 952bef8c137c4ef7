package load

import (
	"context"
	"fmt"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// signer signs a transaction builder offline, with an account number and
// sequence given by the caller.
type signer interface {
	address() sdk.AccAddress
	pubKey() cryptotypes.PubKey
	sign(ctx context.Context, b client.TxBuilder, accNum, seq uint64) error
}

// keySigner signs with a raw private key (the derived load accounts).
type keySigner struct {
	priv    cryptotypes.PrivKey
	txCfg   client.TxConfig
	chainID string
}

func (s keySigner) address() sdk.AccAddress    { return sdk.AccAddress(s.priv.PubKey().Address()) }
func (s keySigner) pubKey() cryptotypes.PubKey { return s.priv.PubKey() }

func (s keySigner) sign(ctx context.Context, b client.TxBuilder, accNum, seq uint64) error {
	mode := signing.SignMode_SIGN_MODE_DIRECT
	// SIGN_MODE_DIRECT signs the auth info, which holds the signer infos:
	// set them (with an empty signature) first.
	if err := b.SetSignatures(signing.SignatureV2{
		PubKey: s.priv.PubKey(), Data: &signing.SingleSignatureData{SignMode: mode}, Sequence: seq,
	}); err != nil {
		return err
	}
	data := authsigning.SignerData{
		ChainID: s.chainID, AccountNumber: accNum, Sequence: seq,
		PubKey: s.priv.PubKey(), Address: s.address().String(),
	}
	sig, err := tx.SignWithPrivKey(ctx, mode, data, b, s.priv, s.txCfg, seq)
	if err != nil {
		return err
	}
	return b.SetSignatures(sig)
}

// keyringSigner signs with a key of the client's keyring (the funder).
type keyringSigner struct {
	clientCtx client.Context
	name      string
	addr      sdk.AccAddress
	pub       cryptotypes.PubKey
}

func newKeyringSigner(clientCtx client.Context, name string) (keyringSigner, error) {
	rec, err := clientCtx.Keyring.Key(name)
	if err != nil {
		return keyringSigner{}, fmt.Errorf("key %q: %w", name, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return keyringSigner{}, err
	}
	pub, err := rec.GetPubKey()
	if err != nil {
		return keyringSigner{}, err
	}
	return keyringSigner{clientCtx: clientCtx, name: name, addr: addr, pub: pub}, nil
}

func (s keyringSigner) address() sdk.AccAddress    { return s.addr }
func (s keyringSigner) pubKey() cryptotypes.PubKey { return s.pub }

func (s keyringSigner) sign(ctx context.Context, b client.TxBuilder, accNum, seq uint64) error {
	txf := tx.Factory{}.
		WithTxConfig(s.clientCtx.TxConfig).
		WithKeybase(s.clientCtx.Keyring).
		WithChainID(s.clientCtx.ChainID).
		WithAccountNumber(accNum).
		WithSequence(seq).
		WithSignMode(signing.SignMode_SIGN_MODE_DIRECT)
	return tx.Sign(ctx, txf, s.name, b, true)
}
