// Locks 1 AITBC for the dev account alice of `make localnet` with CosmJS and
// this package, then reads the lock back with the typed dao query client.
// Run from clients/ts after `npm ci && npm run build`: node examples/quickstart.js
const { readFileSync } = require("node:fs");
const { DirectSecp256k1HdWallet } = require("@cosmjs/proto-signing");
const { GasPrice, SigningStargateClient } = require("@cosmjs/stargate");
const { connectComet } = require("@cosmjs/tendermint-rpc");
const { aitbcQueryClient, createAitbcAminoTypes, createAitbcRegistry, dao } = require("@aitbc/client");

const rpc = process.env.AITBC_RPC ?? "http://127.0.0.1:26657";
const keyFile = process.env.AITBC_KEY_FILE ?? "../../build/localnet/dev-keys/alice.json";

async function main() {
  const { mnemonic } = JSON.parse(readFileSync(keyFile, "utf8"));
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "aitbc" });
  const [{ address }] = await wallet.getAccounts();
  const comet = await connectComet(rpc);
  const client = await SigningStargateClient.createWithSigner(comet, wallet, {
    registry: createAitbcRegistry(),
    aminoTypes: createAitbcAminoTypes(),
    gasPrice: GasPrice.fromString("0.0025uaitbc"),
  });
  const lock = {
    typeUrl: "/aitbc.dao.v1.MsgLock",
    value: dao.MsgLock.fromPartial({ owner: address, amount: { denom: "uaitbc", amount: "1000000" } }),
  };
  const res = await client.signAndBroadcast(address, [lock], "auto");
  if (res.code !== 0) throw new Error(`MsgLock failed: ${res.rawLog}`);

  const query = aitbcQueryClient(comet);
  const { lock: locked } = await query.aitbc.dao.Lock({ owner: address });
  console.log(`${address} has ${locked.amount} uaitbc locked (tx ${res.transactionHash})`);
  client.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
