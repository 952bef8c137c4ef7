package chain_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/chain"
)

// repoRoot is the repository root, from this package's directory.
const repoRoot = ".."

// TestGeneratedFilesAreFresh fails when a committed file differs from what
// `go run ./tools/chainmeta` writes from chain.go.
func TestGeneratedFilesAreFresh(t *testing.T) {
	files, err := chain.Files()
	require.NoError(t, err)
	require.Len(t, files, 4)
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(f.Path)))
		require.NoError(t, err, "%s is missing: run go run ./tools/chainmeta", f.Path)
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s is stale: run go run ./tools/chainmeta and commit the result", f.Path)
		}
	}
}

// TestDenomMetadataIsValid: the metadata passes x/bank's own validation
// (as genesis validation runs it), with the units the issue asks for.
func TestDenomMetadataIsValid(t *testing.T) {
	md := chain.DenomMetadata()
	require.NoError(t, md.Validate())
	require.Equal(t, "uaitbc", md.Base)
	require.Equal(t, "AITBC", md.Display)
	units := map[string]uint32{}
	for _, u := range md.DenomUnits {
		units[u.Denom] = u.Exponent
	}
	require.Equal(t, map[string]uint32{"uaitbc": 0, "maitbc": 3, "AITBC": 6}, units)
}

// TestLocalnetFacts: the source agrees with scripts/localnet.sh (chain id,
// denom, default ports, gas price), so the files describe the chain that
// `make localnet` starts.
func TestLocalnetFacts(t *testing.T) {
	script, err := os.ReadFile(filepath.Join(repoRoot, "scripts", "localnet.sh"))
	require.NoError(t, err)
	vars := map[string]string{}
	for _, line := range strings.Split(string(script), "\n") {
		if m := regexp.MustCompile(`^([A-Z_]+)=([^ #]*)`).FindStringSubmatch(line); m != nil {
			if _, seen := vars[m[1]]; !seen {
				vars[m[1]] = m[2]
			}
		}
	}
	require.Equal(t, chain.LocalChainID, vars["CHAIN_ID"])
	require.Equal(t, chain.BaseDenom, vars["DENOM"])
	require.Equal(t, strconv.Itoa(chain.LocalRPCPort), vars["RPC_PORT"])
	require.Equal(t, strconv.Itoa(chain.LocalAPIPort), vars["API_PORT"])
	require.Equal(t, strconv.Itoa(chain.LocalGRPCPort), vars["GRPC_PORT"])
	require.Equal(t, chain.LowGasPrice+"$DENOM", vars["GAS_PRICES"])
}

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	bz, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(path)))
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.UseNumber()
	var v map[string]any
	require.NoError(t, dec.Decode(&v))
	return v
}

// get walks a JSON value by object keys and array indices ("0").
func get(t *testing.T, v any, path ...string) any {
	t.Helper()
	for i, k := range path {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			v, ok = x[k]
			require.True(t, ok, "missing %s", strings.Join(path[:i+1], "."))
		case []any:
			n, err := strconv.Atoi(k)
			require.NoError(t, err)
			require.Less(t, n, len(x), "missing %s", strings.Join(path[:i+1], "."))
			v = x[n]
		default:
			t.Fatalf("%s is not an object or array", strings.Join(path[:i], "."))
		}
	}
	return v
}

func str(t *testing.T, v any, path ...string) string {
	t.Helper()
	s, ok := get(t, v, path...).(string)
	require.True(t, ok, "%s is not a string", strings.Join(path, "."))
	return s
}

func num(t *testing.T, v any, path ...string) float64 {
	t.Helper()
	n, ok := get(t, v, path...).(json.Number)
	require.True(t, ok, "%s is not a number", strings.Join(path, "."))
	f, err := n.Float64()
	require.NoError(t, err)
	return f
}

// allowedKeys fails on a key the chain-registry schema does not define
// (its objects have additionalProperties false).
func allowedKeys(t *testing.T, v any, name string, keys ...string) {
	t.Helper()
	obj, ok := v.(map[string]any)
	require.True(t, ok, "%s is not an object", name)
	allowed := map[string]bool{}
	for _, k := range keys {
		allowed[k] = true
	}
	for k := range obj {
		require.True(t, allowed[k], "%s has key %q that the chain-registry schema does not define", name, k)
	}
}

// The chain-registry JSON schemas (chain.schema.json, assetlist.schema.json)
// are published only in the cosmos/chain-registry repository, not in any
// npm package (chain-registry and @chain-registry/types ship the data and
// TypeScript types generated from them), so these tests check the schemas'
// required fields, enums, patterns and key sets by hand, following the
// schemas and @chain-registry/types' chain.schema.d.ts and
// assetlist.schema.d.ts. (The files were validated once with ajv against
// the schemas of cosmos/chain-registry 627bbab; see chain/README.md.)

func TestChainJSONFollowsChainRegistrySchema(t *testing.T) {
	c := readJSON(t, chain.ChainJSONPath)
	allowedKeys(t, c, "chain.json",
		"$schema", "chain_name", "chain_type", "chain_id", "pre_fork_chain_name", "pretty_name", "website",
		"status", "network_type", "bech32_prefix", "bech32_config", "daemon_name", "node_home", "key_algos",
		"slip44", "alternative_slip44s", "fees", "staking", "codebase", "images", "logo_URIs", "description",
		"peers", "apis", "explorers", "keywords", "extra_codecs")
	// Required: $schema, chain_name, chain_type, status.
	require.Regexp(t, `^(\.\./)+chain\.schema\.json$`, str(t, c, "$schema"))
	require.Regexp(t, `^[a-z0-9]+$`, str(t, c, "chain_name"))
	require.Equal(t, "cosmos", str(t, c, "chain_type"))
	// A cosmos chain must give chain_id, bech32_prefix and slip44.
	require.Equal(t, chain.LocalChainID, str(t, c, "chain_id"))
	require.Equal(t, chain.Bech32Prefix, str(t, c, "bech32_prefix"))
	require.EqualValues(t, 118, num(t, c, "slip44"))
	require.Contains(t, []string{"live", "upcoming", "killed"}, str(t, c, "status"))
	require.Contains(t, []string{"mainnet", "testnet", "devnet"}, str(t, c, "network_type"))
	for _, algo := range get(t, c, "key_algos").([]any) {
		require.Contains(t, []any{"secp256k1", "ethsecp256k1", "ed25519", "sr25519", "bn254"}, algo)
	}
	allowedKeys(t, get(t, c, "bech32_config"), "bech32_config",
		"bech32PrefixAccAddr", "bech32PrefixAccPub", "bech32PrefixValAddr", "bech32PrefixValPub",
		"bech32PrefixConsAddr", "bech32PrefixConsPub")
	require.Equal(t, "aitbcvaloper", str(t, c, "bech32_config", "bech32PrefixValAddr"))

	// fees.fee_tokens[].denom and staking.staking_tokens[].denom are
	// required and must be assets of the chain; the gas prices rise.
	fee := get(t, c, "fees", "fee_tokens", "0")
	allowedKeys(t, fee, "fee_token", "denom", "fixed_min_gas_price", "low_gas_price", "average_gas_price", "high_gas_price", "gas_costs")
	require.Equal(t, chain.BaseDenom, str(t, fee, "denom"))
	minGas, low, avg, high := num(t, fee, "fixed_min_gas_price"), num(t, fee, "low_gas_price"), num(t, fee, "average_gas_price"), num(t, fee, "high_gas_price")
	require.True(t, minGas <= low && low <= avg && avg <= high, "gas prices %v <= %v <= %v <= %v", minGas, low, avg, high)
	require.Equal(t, chain.BaseDenom, str(t, c, "staking", "staking_tokens", "0", "denom"))

	codebase := get(t, c, "codebase")
	require.Contains(t, []string{"cosmos", "penumbra", "other"}, str(t, codebase, "sdk", "type"))
	require.Contains(t, []string{"tendermint", "cometbft", "sei-tendermint"}, str(t, codebase, "consensus", "type"))
	require.Contains(t, []string{"go", "rust", "solidity", "other"}, str(t, codebase, "language", "type"))

	// apis: each endpoint needs an address; they are the localnet's.
	require.Equal(t, "http://127.0.0.1:26657", str(t, c, "apis", "rpc", "0", "address"))
	require.Equal(t, "http://127.0.0.1:1317", str(t, c, "apis", "rest", "0", "address"))
	require.Equal(t, "127.0.0.1:9090", str(t, c, "apis", "grpc", "0", "address"))
	for _, kind := range []string{"rpc", "rest", "grpc"} {
		for i := range get(t, c, "apis", kind).([]any) {
			allowedKeys(t, get(t, c, "apis", kind, strconv.Itoa(i)), "endpoint", "address", "provider", "archive")
		}
	}

	// The fee and staking denoms are assets of the asset list.
	assets := readJSON(t, chain.AssetListJSONPath)
	require.Equal(t, str(t, c, "chain_name"), str(t, assets, "chain_name"))
	require.Equal(t, str(t, fee, "denom"), str(t, assets, "assets", "0", "base"))
}

func TestAssetListFollowsChainRegistrySchema(t *testing.T) {
	l := readJSON(t, chain.AssetListJSONPath)
	allowedKeys(t, l, "assetlist.json", "$schema", "chain_name", "assets")
	require.Regexp(t, `^(\.\./)+assetlist\.schema\.json$`, str(t, l, "$schema"))
	assets := get(t, l, "assets").([]any)
	require.Len(t, assets, 1)
	a := assets[0]
	allowedKeys(t, a, "asset", "deprecated", "description", "extended_description", "denom_units", "type_asset",
		"address", "base", "name", "display", "symbol", "traces", "ibc", "logo_URIs", "images", "coingecko_id",
		"keywords", "socials")
	for _, k := range []string{"denom_units", "type_asset", "base", "name", "display", "symbol"} {
		get(t, a, k) // required
	}
	require.Equal(t, "sdk.coin", str(t, a, "type_asset"))

	// As the chain-registry's validation checks: the base unit has
	// exponent 0, the display unit is one of the units, and the units
	// match the chain's bank metadata.
	md := chain.DenomMetadata()
	units := get(t, a, "denom_units").([]any)
	require.Len(t, units, len(md.DenomUnits))
	display := false
	for i, u := range units {
		allowedKeys(t, u, "denom_unit", "denom", "exponent", "aliases")
		require.Equal(t, md.DenomUnits[i].Denom, str(t, u, "denom"))
		require.EqualValues(t, md.DenomUnits[i].Exponent, num(t, u, "exponent"))
		if str(t, u, "denom") == str(t, a, "display") {
			display = true
			require.EqualValues(t, 6, num(t, u, "exponent"))
		}
	}
	require.Equal(t, str(t, a, "base"), str(t, units[0], "denom"))
	require.EqualValues(t, 0, num(t, units[0], "exponent"))
	require.True(t, display, "the display unit is not among denom_units")
	require.Equal(t, md.Base, str(t, a, "base"))
	require.Equal(t, md.Symbol, str(t, a, "symbol"))
}

// TestKeplrChainInfo checks the fields Keplr's experimentalSuggestChain
// requires and their agreement with chain.json.
func TestKeplrChainInfo(t *testing.T) {
	k := readJSON(t, chain.KeplrJSONPath)
	c := readJSON(t, chain.ChainJSONPath)
	require.Equal(t, str(t, c, "chain_id"), str(t, k, "chainId"))
	require.NotEmpty(t, str(t, k, "chainName"))
	require.Equal(t, str(t, c, "apis", "rpc", "0", "address"), str(t, k, "rpc"))
	require.Equal(t, str(t, c, "apis", "rest", "0", "address"), str(t, k, "rest"))
	require.EqualValues(t, num(t, c, "slip44"), num(t, k, "bip44", "coinType"))
	require.Equal(t, get(t, c, "bech32_config"), get(t, k, "bech32Config"))

	coin := func(v any) {
		require.Equal(t, chain.DisplayDenom, str(t, v, "coinDenom"))
		require.Equal(t, chain.BaseDenom, str(t, v, "coinMinimalDenom"))
		require.EqualValues(t, chain.DisplayExponent, num(t, v, "coinDecimals"))
	}
	coin(get(t, k, "currencies", "0"))
	coin(get(t, k, "stakeCurrency"))
	fee := get(t, k, "feeCurrencies", "0")
	coin(fee)
	for step, key := range map[string]string{"low": "low_gas_price", "average": "average_gas_price", "high": "high_gas_price"} {
		require.Equal(t, num(t, c, "fees", "fee_tokens", "0", key), num(t, fee, "gasPriceStep", step), "gas price step %s", step)
	}

	// The TypeScript chain info carries the same object.
	ts, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(chain.ChainInfoTSPath)))
	require.NoError(t, err)
	keplr, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(chain.KeplrJSONPath)))
	require.NoError(t, err)
	require.Contains(t, string(ts), "export const chainInfo: ChainInfo = "+strings.TrimSpace(string(keplr))+";")
}
