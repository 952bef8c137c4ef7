// Writes, for every Msg of the chain, two transactions signed offline in
// Amino JSON mode (one with every field set, one with only the signer set)
// and the sign document CosmJS signed. tests/e2e/tsclient_test.go decodes
// each transaction as the node does and checks that the node derives the
// same sign bytes, so every converter is checked, not only the ones the
// chain tests broadcast.
//
// Usage: node dist/test/amino-fixtures.js <output.json>
import { writeFileSync } from "node:fs";

import { makeSignDoc, Secp256k1HdWallet, serializeSignDoc } from "@cosmjs/amino";
import { fromBech32, toBech32, toHex } from "@cosmjs/encoding";
import { SigningStargateClient } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";

import { aitbcMsgTypes, createAitbcAminoTypes, createAitbcRegistry, dao } from "../src";
import { aminoSchema, type AminoField } from "../src/gen/amino-schema";

// A fixed test mnemonic (no funds anywhere): the fixtures are reproducible.
const MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const CHAIN_ID = "aitbc-fixtures-1";

type Obj = Record<string, unknown>;

function sample(typeName: string, account: string, validator: string, depth = 0): Obj {
  const out: Obj = {};
  for (const f of aminoSchema[typeName] ?? []) {
    const v = sampleField(f, account, validator, depth);
    out[f.name] = f.repeated ? [v] : v;
  }
  return out;
}

function sampleField(f: AminoField, account: string, validator: string, depth: number): unknown {
  switch (f.kind) {
    case "string":
      if (f.scalar === "int") return "12345";
      if (f.scalar === "dec") return "1500000000000000000"; // 1.5
      if (f.scalar === "address") return account;
      if (f.scalar === "validator") return validator;
      return `${f.name}-<&>`; // characters both sides escape in the sign document
    case "bool":
      return true;
    case "bytes":
      return new Uint8Array([0xde, 0xad, 0xbe, 0xef]);
    case "int64":
      return 42n;
    case "int32":
    case "enum":
      return 1;
    case "message":
      switch (f.type) {
        case "google.protobuf.Timestamp":
          return { seconds: 1_800_000_000n, nanos: 120_000 };
        case "google.protobuf.Duration":
          return { seconds: 90n, nanos: 500 };
        case "google.protobuf.Any": {
          const inner = dao.MsgCommunitySpend.fromPartial({ authority: account, recipient: account, amount: [{ denom: "uaitbc", amount: "7" }] });
          return { typeUrl: "/aitbc.dao.v1.MsgCommunitySpend", value: dao.MsgCommunitySpend.encode(inner).finish() };
        }
        default:
          if (depth > 8) throw new Error(`${f.type}: nesting too deep for a sample`);
          return sample(f.type!, account, validator, depth + 1);
      }
  }
}

/** Only the fields that name an address set (the signer must decode). */
function minimal(typeName: string, account: string, validator: string): Obj {
  const out: Obj = {};
  for (const f of aminoSchema[typeName] ?? []) {
    if (f.kind === "string" && !f.repeated && (f.scalar === "address" || f.scalar === "validator")) {
      out[f.name] = f.scalar === "address" ? account : validator;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) throw new Error("usage: node dist/test/amino-fixtures.js <output.json>");
  const wallet = await Secp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: "aitbc" });
  const [{ address: account }] = await wallet.getAccounts();
  const validator = toBech32("aitbcvaloper", fromBech32(account, 90).data, 90);
  const aminoTypes = createAitbcAminoTypes();
  const client = await SigningStargateClient.offline(wallet, { registry: createAitbcRegistry(), aminoTypes });
  const fee = { amount: [{ denom: "uaitbc", amount: "1250" }], gas: "500000" };
  const fixtures = [];
  let sequence = 0;
  for (const m of aitbcMsgTypes) {
    const name = m.typeUrl.slice(1);
    for (const [kind, value] of [["full", sample(name, account, validator)], ["minimal", minimal(name, account, validator)]] as const) {
      const msg = { typeUrl: m.typeUrl, value: (m.type as any).fromPartial(value) };
      const signerData = { accountNumber: 3n, sequence: sequence++, chainId: CHAIN_ID };
      const tx = await client.sign(account, [msg], fee, "fixture <&>", signerData);
      const doc = makeSignDoc([aminoTypes.toAmino(msg)], fee, CHAIN_ID, "fixture <&>", signerData.accountNumber, signerData.sequence);
      fixtures.push({
        typeUrl: m.typeUrl,
        kind,
        signer: account,
        accountNumber: Number(signerData.accountNumber),
        sequence: signerData.sequence,
        chainId: CHAIN_ID,
        tx: toHex(TxRaw.encode(tx).finish()),
        signDoc: Buffer.from(serializeSignDoc(doc)).toString("utf8"),
      });
    }
  }
  writeFileSync(path, JSON.stringify(fixtures, null, 2));
  console.log(`${fixtures.length} Amino JSON fixtures for ${aitbcMsgTypes.length} Msgs in ${path}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
