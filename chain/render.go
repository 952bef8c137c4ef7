package chain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// File is one generated file: its path from the repository root and its
// content.
type File struct {
	Path string
	Data []byte
}

// Paths of the generated files, from the repository root.
const (
	ChainJSONPath     = "chain/localnet/chain.json"
	AssetListJSONPath = "chain/localnet/assetlist.json"
	KeplrJSONPath     = "chain/localnet/keplr-chain-info.json"
	ChainInfoTSPath   = "clients/ts/src/chain-info.ts"
)

// Files renders every generated file from this package's constants, in a
// fixed order with fixed key order, so that the output is byte-stable.
func Files() ([]File, error) {
	chainJSON, err := marshal(RegistryChain())
	if err != nil {
		return nil, err
	}
	assetJSON, err := marshal(RegistryAssetList())
	if err != nil {
		return nil, err
	}
	keplr := KeplrChainInfo()
	keplrJSON, err := marshal(keplr)
	if err != nil {
		return nil, err
	}
	ts, err := chainInfoTS(keplr)
	if err != nil {
		return nil, err
	}
	return []File{
		{ChainJSONPath, chainJSON},
		{AssetListJSONPath, assetJSON},
		{KeplrJSONPath, keplrJSON},
		{ChainInfoTSPath, ts},
	}, nil
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The schema references the chain-registry requires, relative to where a
// test or dev network's files live in its repository
// (testnets/<chain_name>/chain.json).
const (
	chainSchema     = "../../chain.schema.json"
	assetListSchema = "../../assetlist.schema.json"
)

// Endpoints of the localnet.
func localRPC() string  { return fmt.Sprintf("http://%s:%d", LocalHost, LocalRPCPort) }
func localREST() string { return fmt.Sprintf("http://%s:%d", LocalHost, LocalAPIPort) }
func localGRPC() string { return fmt.Sprintf("%s:%d", LocalHost, LocalGRPCPort) }

// The chain-registry chain.json (cosmos/chain-registry chain.schema.json).

// RegChain is a chain-registry chain.json.
type RegChain struct {
	Schema       string      `json:"$schema"`
	ChainName    string      `json:"chain_name"`
	ChainType    string      `json:"chain_type"`
	ChainID      string      `json:"chain_id"`
	PrettyName   string      `json:"pretty_name"`
	Status       string      `json:"status"`
	NetworkType  string      `json:"network_type"`
	Bech32Prefix string      `json:"bech32_prefix"`
	Bech32Config RegBech32   `json:"bech32_config"`
	DaemonName   string      `json:"daemon_name"`
	NodeHome     string      `json:"node_home"`
	KeyAlgos     []string    `json:"key_algos"`
	Slip44       int         `json:"slip44"`
	Fees         RegFees     `json:"fees"`
	Staking      RegStaking  `json:"staking"`
	Codebase     RegCodebase `json:"codebase"`
	Apis         RegApis     `json:"apis"`
	Keywords     []string    `json:"keywords"`
	Description  string      `json:"description"`
}

// RegBech32 is the bech32_config of chain.json (and Keplr's bech32Config).
type RegBech32 struct {
	AccAddr  string `json:"bech32PrefixAccAddr"`
	AccPub   string `json:"bech32PrefixAccPub"`
	ValAddr  string `json:"bech32PrefixValAddr"`
	ValPub   string `json:"bech32PrefixValPub"`
	ConsAddr string `json:"bech32PrefixConsAddr"`
	ConsPub  string `json:"bech32PrefixConsPub"`
}

// RegFees lists the fee tokens of chain.json.
type RegFees struct {
	FeeTokens []RegFeeToken `json:"fee_tokens"`
}

// RegFeeToken is a fee token with its gas price steps.
type RegFeeToken struct {
	Denom            string      `json:"denom"`
	FixedMinGasPrice json.Number `json:"fixed_min_gas_price"`
	LowGasPrice      json.Number `json:"low_gas_price"`
	AverageGasPrice  json.Number `json:"average_gas_price"`
	HighGasPrice     json.Number `json:"high_gas_price"`
	GasCosts         RegGasCosts `json:"gas_costs"`
}

// RegGasCosts are typical gas amounts.
type RegGasCosts struct {
	CosmosSend int `json:"cosmos_send"`
}

// RegStaking lists the staking tokens of chain.json.
type RegStaking struct {
	StakingTokens []RegDenom `json:"staking_tokens"`
}

// RegDenom names a denom.
type RegDenom struct {
	Denom string `json:"denom"`
}

// RegCodebase describes the node software.
type RegCodebase struct {
	GitRepo   string       `json:"git_repo"`
	Language  RegComponent `json:"language"`
	SDK       RegComponent `json:"sdk"`
	Consensus RegComponent `json:"consensus"`
}

// RegComponent is a piece of the codebase (language, sdk, consensus).
type RegComponent struct {
	Type    string `json:"type"`
	Version string `json:"version,omitempty"`
}

// RegApis lists the endpoints of chain.json.
type RegApis struct {
	RPC  []RegEndpoint `json:"rpc"`
	REST []RegEndpoint `json:"rest"`
	GRPC []RegEndpoint `json:"grpc"`
}

// RegEndpoint is one endpoint.
type RegEndpoint struct {
	Address  string `json:"address"`
	Provider string `json:"provider"`
}

// RegistryChain is the localnet's chain-registry chain.json.
func RegistryChain() RegChain {
	local := []RegEndpoint{{Address: localRPC(), Provider: "localnet"}}
	return RegChain{
		Schema:       chainSchema,
		ChainName:    LocalChainName,
		ChainType:    "cosmos",
		ChainID:      LocalChainID,
		PrettyName:   LocalPrettyName,
		Status:       "live",
		NetworkType:  "devnet",
		Bech32Prefix: Bech32Prefix,
		Bech32Config: bech32Config(),
		DaemonName:   DaemonName,
		NodeHome:     NodeHome,
		KeyAlgos:     []string{"secp256k1"},
		Slip44:       CoinType,
		Fees: RegFees{FeeTokens: []RegFeeToken{{
			Denom:            BaseDenom,
			FixedMinGasPrice: json.Number(LowGasPrice),
			LowGasPrice:      json.Number(LowGasPrice),
			AverageGasPrice:  json.Number(AverageGasPrice),
			HighGasPrice:     json.Number(HighGasPrice),
			GasCosts:         RegGasCosts{CosmosSend: SendGas},
		}}},
		Staking: RegStaking{StakingTokens: []RegDenom{{Denom: BaseDenom}}},
		Codebase: RegCodebase{
			GitRepo:   GitRepo,
			Language:  RegComponent{Type: "go"},
			SDK:       RegComponent{Type: "cosmos", Version: SDKVersion},
			Consensus: RegComponent{Type: "cometbft", Version: CometBFTVersion},
		},
		Apis: RegApis{
			RPC:  local,
			REST: []RegEndpoint{{Address: localREST(), Provider: "localnet"}},
			GRPC: []RegEndpoint{{Address: localGRPC(), Provider: "localnet"}},
		},
		Keywords:    []string{"dao", "ai", "gpu", "compute"},
		Description: "A local AITBC development chain (scripts/localnet.sh): a DAO-governed chain for AI agents and GPU compute.",
	}
}

func bech32Config() RegBech32 {
	return RegBech32{
		AccAddr:  Bech32Prefix,
		AccPub:   Bech32Prefix + "pub",
		ValAddr:  Bech32Prefix + "valoper",
		ValPub:   Bech32Prefix + "valoperpub",
		ConsAddr: Bech32Prefix + "valcons",
		ConsPub:  Bech32Prefix + "valconspub",
	}
}

// The chain-registry assetlist.json (assetlist.schema.json).

// RegAssetList is a chain-registry assetlist.json.
type RegAssetList struct {
	Schema    string     `json:"$schema"`
	ChainName string     `json:"chain_name"`
	Assets    []RegAsset `json:"assets"`
}

// RegAsset is one asset of an asset list.
type RegAsset struct {
	Description string         `json:"description"`
	DenomUnits  []RegDenomUnit `json:"denom_units"`
	TypeAsset   string         `json:"type_asset"`
	Base        string         `json:"base"`
	Name        string         `json:"name"`
	Display     string         `json:"display"`
	Symbol      string         `json:"symbol"`
	Keywords    []string       `json:"keywords"`
}

// RegDenomUnit is a unit of an asset.
type RegDenomUnit struct {
	Denom    string   `json:"denom"`
	Exponent uint32   `json:"exponent"`
	Aliases  []string `json:"aliases,omitempty"`
}

// RegistryAssetList is the localnet's chain-registry assetlist.json: the
// bank denom metadata, unit for unit.
func RegistryAssetList() RegAssetList {
	md := DenomMetadata()
	units := make([]RegDenomUnit, 0, len(md.DenomUnits))
	for _, u := range md.DenomUnits {
		units = append(units, RegDenomUnit{Denom: u.Denom, Exponent: u.Exponent, Aliases: u.Aliases})
	}
	return RegAssetList{
		Schema:    assetListSchema,
		ChainName: LocalChainName,
		Assets: []RegAsset{{
			Description: md.Description,
			DenomUnits:  units,
			TypeAsset:   "sdk.coin",
			Base:        md.Base,
			Name:        md.Name,
			Display:     md.Display,
			Symbol:      md.Symbol,
			Keywords:    []string{"staking", "fees", "governance"},
		}},
	}
}

// The Keplr ChainInfo that window.keplr.experimentalSuggestChain takes.

// KeplrInfo is a Keplr ChainInfo.
type KeplrInfo struct {
	ChainID       string        `json:"chainId"`
	ChainName     string        `json:"chainName"`
	RPC           string        `json:"rpc"`
	REST          string        `json:"rest"`
	BIP44         KeplrBIP44    `json:"bip44"`
	Bech32Config  RegBech32     `json:"bech32Config"`
	Currencies    []KeplrCoin   `json:"currencies"`
	FeeCurrencies []KeplrFeeCur `json:"feeCurrencies"`
	StakeCurrency KeplrCoin     `json:"stakeCurrency"`
	Features      []string      `json:"features"`
}

// KeplrBIP44 is the key derivation of a Keplr ChainInfo.
type KeplrBIP44 struct {
	CoinType int `json:"coinType"`
}

// KeplrCoin is a Keplr currency.
type KeplrCoin struct {
	CoinDenom        string `json:"coinDenom"`
	CoinMinimalDenom string `json:"coinMinimalDenom"`
	CoinDecimals     int    `json:"coinDecimals"`
}

// KeplrFeeCur is a Keplr fee currency.
type KeplrFeeCur struct {
	KeplrCoin
	GasPriceStep KeplrGasSteps `json:"gasPriceStep"`
}

// KeplrGasSteps are Keplr's gas price steps, in base denom per gas unit.
type KeplrGasSteps struct {
	Low     json.Number `json:"low"`
	Average json.Number `json:"average"`
	High    json.Number `json:"high"`
}

// KeplrChainInfo is the localnet's Keplr chain suggestion.
func KeplrChainInfo() KeplrInfo {
	coin := KeplrCoin{CoinDenom: DisplayDenom, CoinMinimalDenom: BaseDenom, CoinDecimals: DisplayExponent}
	return KeplrInfo{
		ChainID:      LocalChainID,
		ChainName:    LocalPrettyName,
		RPC:          localRPC(),
		REST:         localREST(),
		BIP44:        KeplrBIP44{CoinType: CoinType},
		Bech32Config: bech32Config(),
		Currencies:   []KeplrCoin{coin},
		FeeCurrencies: []KeplrFeeCur{{
			KeplrCoin:    coin,
			GasPriceStep: KeplrGasSteps{Low: json.Number(LowGasPrice), Average: json.Number(AverageGasPrice), High: json.Number(HighGasPrice)},
		}},
		StakeCurrency: coin,
		Features:      []string{},
	}
}

// chainInfoTS is clients/ts/src/chain-info.ts: the Keplr chain info and the
// token facts a CosmJS client needs, typed loosely so that it is assignable
// to Keplr's and cosmos-kit's ChainInfo without depending on them.
func chainInfoTS(info KeplrInfo) ([]byte, error) {
	body, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(`// Code generated by tools/chainmeta from chain/chain.go; DO NOT EDIT.
// Regenerate with: go run ./tools/chainmeta

/** A currency as Keplr describes it. */
export interface Currency {
  coinDenom: string;
  coinMinimalDenom: string;
  coinDecimals: number;
}

/** A fee currency with Keplr's gas price steps (base denom per gas unit). */
export interface FeeCurrency extends Currency {
  gasPriceStep?: { low: number; average: number; high: number };
}

/** The subset of Keplr's ChainInfo that experimentalSuggestChain needs. */
export interface ChainInfo {
  chainId: string;
  chainName: string;
  rpc: string;
  rest: string;
  bip44: { coinType: number };
  bech32Config: {
    bech32PrefixAccAddr: string;
    bech32PrefixAccPub: string;
    bech32PrefixValAddr: string;
    bech32PrefixValPub: string;
    bech32PrefixConsAddr: string;
    bech32PrefixConsPub: string;
  };
  currencies: Currency[];
  feeCurrencies: FeeCurrency[];
  stakeCurrency: Currency;
  features?: string[];
}

`)
	fmt.Fprintf(&b, "/** The localnet's chain id (scripts/localnet.sh). */\nexport const chainId = %q;\n\n", LocalChainID)
	fmt.Fprintf(&b, "/** The bech32 prefix of account addresses. */\nexport const bech32Prefix = %q;\n\n", Bech32Prefix)
	fmt.Fprintf(&b, "/** The base denomination the chain accounts in. */\nexport const baseDenom = %q;\n\n", BaseDenom)
	fmt.Fprintf(&b, "/** The display denomination: 1 %s = 10^%d %s. */\nexport const displayDenom = %q;\n\n", DisplayDenom, DisplayExponent, BaseDenom, DisplayDenom)
	fmt.Fprintf(&b, "/** Decimals from the base to the display denomination. */\nexport const decimals = %d;\n\n", DisplayExponent)
	fmt.Fprintf(&b, "/** The localnet's minimum gas price, for CosmJS GasPrice.fromString. */\nexport const minGasPrice = %q;\n\n", LowGasPrice+BaseDenom)
	fmt.Fprintf(&b, "/** The localnet's endpoints (127.0.0.1, scripts/localnet.sh defaults). */\nexport const endpoints = { rpc: %q, rest: %q, grpc: %q };\n\n", localRPC(), localREST(), localGRPC())
	b.WriteString("/** The localnet's Keplr chain suggestion (chain/localnet/keplr-chain-info.json). */\n")
	b.WriteString("export const chainInfo: ChainInfo = ")
	b.Write(body)
	b.WriteString(";\n\nexport default chainInfo;\n")
	return []byte(b.String()), nil
}
