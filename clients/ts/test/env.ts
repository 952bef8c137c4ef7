// The environment tests/e2e/tsclient_test.go passes to `npm test`.
import { readFileSync } from "node:fs";

function need(name: string): string {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: these tests run against a node started by ` +
      "`go test -run TestTSClient ./tests/e2e/` (or `make test`)");
  }
  return v;
}

export const env = {
  rpc: () => need("AITBC_RPC"),
  chainId: () => need("AITBC_CHAIN_ID"),
  prefix: () => need("AITBC_PREFIX"),
  denom: () => need("AITBC_DENOM"),
  /** a funded account that signs in direct mode */
  directMnemonic: () => need("AITBC_DIRECT_MNEMONIC"),
  /** a funded account that signs in Amino JSON mode */
  aminoMnemonic: () => need("AITBC_AMINO_MNEMONIC"),
  /** the dao module account, the authority of proposal messages */
  daoAddress: () => need("AITBC_DAO_ADDRESS"),
  /** the GPU model of the provider's open offer */
  offerModel: () => need("AITBC_OFFER_MODEL"),
  /** type URL -> amino name, as the chain registers them */
  aminoNames: (): Record<string, string> => JSON.parse(readFileSync(need("AITBC_AMINO_NAMES"), "utf8")),
};
