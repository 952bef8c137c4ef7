package e2e

import (
	"path/filepath"
	"strconv"
	"testing"
)

// TestTextualSignModeAndDenomMetadata: the chain's genesis carries the
// AITBC denom metadata (what wallets and explorers read), and the node
// accepts transactions signed in SIGN_MODE_TEXTUAL, the mode of Ledger's
// new apps: a bank send and one of our messages (dao lock), through the
// real CLI with --sign-mode textual, are committed with code 0 and stored
// with that sign mode.
func TestTextualSignModeAndDenomMetadata(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	c := NewChain(t, Options{Accounts: []Account{{Name: "bob"}}})
	c.Start()

	// /cosmos/bank/v1beta1/denoms_metadata answers the AITBC metadata that
	// `aitbcd init` wrote into genesis.
	var all struct {
		Metadatas []denomMetadata `json:"metadatas"`
	}
	mustREST(t, c, "/cosmos/bank/v1beta1/denoms_metadata", &all)
	if len(all.Metadatas) != 1 {
		t.Fatalf("denoms_metadata: %d entries, want 1 (uaitbc): %+v", len(all.Metadatas), all.Metadatas)
	}
	checkAITBCMetadata(t, all.Metadatas[0])
	var one struct {
		Metadata denomMetadata `json:"metadata"`
	}
	mustREST(t, c, "/cosmos/bank/v1beta1/denoms_metadata/"+Denom, &one)
	checkAITBCMetadata(t, one.Metadata)

	bob := c.KeyAddress("bob")

	// The CLI reads the coin metadata for the textual screens from the node
	// of --node (which the harness passes), not from client.toml's: point
	// that one at a closed port.
	if err := EditTOML(filepath.Join(c.Home, "config", "client.toml"), map[string]map[string]string{
		"": {"node": strconv.Quote("tcp://127.0.0.1:1")},
	}); err != nil {
		t.Fatal(err)
	}

	// A bank send signed in textual.
	send := c.Tx(c.Validator, "bank", "send", c.Validator, bob, "1000000"+Denom, "--sign-mode", "textual")
	checkSignMode(t, c, send.TxHash, "SIGN_MODE_TEXTUAL")

	// One of ours: bob locks 1,000 AITBC in x/dao, signed in textual (the
	// gas of the README's example).
	lock := c.Tx("bob", "dao", "lock", "1000000000"+Denom, "--sign-mode", "textual", "--gas", "400000", "--fees", "1000"+Denom)
	checkSignMode(t, c, lock.TxHash, "SIGN_MODE_TEXTUAL")
	var locked struct {
		Lock struct {
			Amount string `json:"amount"`
		} `json:"lock"`
	}
	mustREST(t, c, "/aitbc/dao/v1/locks/"+bob, &locked)
	if locked.Lock.Amount != "1000000000" {
		t.Fatalf("bob's lock after the textual lock tx: %+v, want 1000000000", locked)
	}

	// The default mode still works beside it.
	direct := c.Tx("bob", "bank", "send", "bob", c.KeyAddress(c.Validator), "1"+Denom)
	checkSignMode(t, c, direct.TxHash, "SIGN_MODE_DIRECT")
}

type denomMetadata struct {
	Base       string `json:"base"`
	Display    string `json:"display"`
	Name       string `json:"name"`
	Symbol     string `json:"symbol"`
	DenomUnits []struct {
		Denom    string `json:"denom"`
		Exponent int    `json:"exponent"`
	} `json:"denom_units"`
}

func checkAITBCMetadata(t *testing.T, md denomMetadata) {
	t.Helper()
	if md.Base != Denom || md.Display != "AITBC" || md.Name != "AITBC" || md.Symbol != "AITBC" {
		t.Fatalf("denom metadata: %+v, want base uaitbc, display/name/symbol AITBC", md)
	}
	exponents := map[string]int{}
	for _, u := range md.DenomUnits {
		exponents[u.Denom] = u.Exponent
	}
	if e, ok := exponents["AITBC"]; !ok || e != 6 {
		t.Fatalf("denom units %+v: AITBC must have exponent 6", md.DenomUnits)
	}
	if e, ok := exponents[Denom]; !ok || e != 0 {
		t.Fatalf("denom units %+v: uaitbc must have exponent 0", md.DenomUnits)
	}
}

// checkSignMode reads a committed transaction from REST and checks the
// sign mode of its (single) signer.
func checkSignMode(t *testing.T, c *Chain, hash, want string) {
	t.Helper()
	var res struct {
		Tx struct {
			AuthInfo struct {
				SignerInfos []struct {
					ModeInfo struct {
						Single struct {
							Mode string `json:"mode"`
						} `json:"single"`
					} `json:"mode_info"`
				} `json:"signer_infos"`
			} `json:"auth_info"`
		} `json:"tx"`
		TxResponse struct {
			Code int `json:"code"`
		} `json:"tx_response"`
	}
	mustREST(t, c, "/cosmos/tx/v1beta1/txs/"+hash, &res)
	if res.TxResponse.Code != 0 {
		t.Fatalf("tx %s: code %d", hash, res.TxResponse.Code)
	}
	infos := res.Tx.AuthInfo.SignerInfos
	if len(infos) != 1 || infos[0].ModeInfo.Single.Mode != want {
		t.Fatalf("tx %s: signer infos %+v, want one signed in %s", hash, infos, want)
	}
}
