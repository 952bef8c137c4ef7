// Offline checks of the Msg table and the Amino converters.
import assert from "node:assert/strict";
import { test } from "node:test";

import { aitbcMsgTypes, compute, createAitbcAminoConverters, createAitbcRegistry, dao, decFromAtomics, decToAtomics } from "../src";
import { aminoSchema } from "../src/gen/amino-schema";
import { env } from "./env";

test("every Msg the chain registers has a codec and a converter with the chain's amino name", () => {
  const chain = env.aminoNames();
  const converters = createAitbcAminoConverters();
  const registry = createAitbcRegistry();
  assert.deepEqual(aitbcMsgTypes.map((m) => m.typeUrl).sort(), Object.keys(chain).sort());
  for (const [typeUrl, name] of Object.entries(chain)) {
    assert.equal(converters[typeUrl]?.aminoType, name, typeUrl);
    assert.ok(registry.lookupType(typeUrl), `registry has ${typeUrl}`);
  }
});

test("the schema names the fields ts-proto generates", () => {
  const codecs = new Map<string, any>();
  for (const m of aitbcMsgTypes) codecs.set(m.typeUrl.slice(1), m.type);
  for (const [name, fields] of Object.entries(aminoSchema)) {
    const codec = codecs.get(name);
    if (!codec) continue; // nested types are checked through the Msgs that use them
    const base = codec.fromPartial({});
    for (const f of fields) assert.ok(f.name in base, `${name}.${f.name}`);
  }
});

test("cosmos.Dec atomics convert both ways as LegacyDec renders them", () => {
  assert.equal(decFromAtomics("500000000000000000"), "0.500000000000000000");
  assert.equal(decFromAtomics("-1500000000000000000"), "-1.500000000000000000");
  assert.equal(decFromAtomics("0"), "0.000000000000000000");
  assert.equal(decToAtomics("0.500000000000000000"), "500000000000000000");
  assert.equal(decToAtomics("2"), "2000000000000000000");
  assert.throws(() => decToAtomics("1.0000000000000000001"));
  assert.throws(() => decFromAtomics("0.5"));
});

test("a job and a proposal survive toAmino then fromAmino", () => {
  const conv = createAitbcAminoConverters();
  const job = compute.MsgSubmitJob.fromPartial({
    consumer: "aitbc1consumer",
    requirements: { model: "H100", count: 2, hours: 4 },
    maxPricePerGpuHour: { denom: "uaitbc", amount: "3000000" },
    workload: { image: "img", args: ["--a"], env: [{ name: "SEED", value: "7" }] },
    deadline: { seconds: 1_800_000_000n, nanos: 120_000_000 },
  });
  const amino = conv["/aitbc.compute.v1.MsgSubmitJob"].toAmino(job);
  assert.deepEqual(amino, {
    consumer: "aitbc1consumer",
    requirements: { model: "H100", count: 2, hours: 4 },
    max_price_per_gpu_hour: { denom: "uaitbc", amount: "3000000" },
    workload: { image: "img", args: ["--a"], env: [{ name: "SEED", value: "7" }] },
    deadline: "2027-01-15T08:00:00.12Z",
  });
  const back = compute.MsgSubmitJob.fromPartial(conv["/aitbc.compute.v1.MsgSubmitJob"].fromAmino(amino));
  assert.deepEqual(back, job);

  const spend = dao.MsgCommunitySpend.fromPartial({ authority: "aitbc1dao", recipient: "aitbc1r", amount: [] });
  const proposal = dao.MsgSubmitProposal.fromPartial({
    proposer: "aitbc1p",
    class: "standard",
    title: "t",
    messages: [{ typeUrl: "/aitbc.dao.v1.MsgCommunitySpend", value: dao.MsgCommunitySpend.encode(spend).finish() }],
    votingPeriod: { seconds: 600n, nanos: 0 },
  });
  const pa = conv["/aitbc.dao.v1.MsgSubmitProposal"].toAmino(proposal);
  assert.deepEqual(pa, {
    proposer: "aitbc1p",
    class: "standard",
    title: "t",
    messages: [{ type: "aitbc/x/dao/MsgCommunitySpend", value: { authority: "aitbc1dao", recipient: "aitbc1r", amount: [] } }],
    voting_period: "600000000000",
  });
  assert.deepEqual(dao.MsgSubmitProposal.fromPartial(conv["/aitbc.dao.v1.MsgSubmitProposal"].fromAmino(pa)), proposal);
});
