// Drives a real single-validator node (started by tests/e2e/tsclient_test.go)
// through CosmJS with this package: one account signs in direct mode, the
// other in Amino JSON mode (so every Amino converter used here is checked by
// the chain's signature verification), and the typed query clients read
// the results.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Secp256k1HdWallet } from "@cosmjs/amino";
import { DirectSecp256k1HdWallet, type EncodeObject } from "@cosmjs/proto-signing";
import { type DeliverTxResponse, type StdFee, SigningStargateClient } from "@cosmjs/stargate";
import { connectComet, type CometClient } from "@cosmjs/tendermint-rpc";
import { AuthInfo, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";

import { aitbcQueryClient, compute, createAitbcAminoTypes, createAitbcRegistry, dao } from "../src";
import { env } from "./env";

const MAX_BLOCKS = 60; // bound of any wait, in blocks

let comet: CometClient;
let query: ReturnType<typeof aitbcQueryClient>;
let direct: SigningStargateClient;
let amino: SigningStargateClient;
let alice: string; // signs in direct mode
let bob: string; // signs in Amino JSON mode
let denom: string;

function fee(gas: number): StdFee {
  return { amount: [{ denom, amount: String(Math.ceil((gas * 25) / 10000)) }], gas: String(gas) };
}

async function send(client: SigningStargateClient, signer: string, msg: EncodeObject, gas: number): Promise<DeliverTxResponse> {
  const res = await client.signAndBroadcast(signer, [msg], fee(gas), "ts client e2e");
  assert.equal(res.code, 0, `${msg.typeUrl} from ${signer}: code ${res.code} ${res.rawLog ?? ""}`);
  return res;
}

/** The sign mode of a committed transaction's only signature. */
async function signMode(hash: string): Promise<SignMode | undefined> {
  const tx = await direct.getTx(hash);
  assert.ok(tx, `tx ${hash} not found`);
  const raw = TxRaw.decode(tx.tx);
  return AuthInfo.decode(raw.authInfoBytes).signerInfos[0]?.modeInfo?.single?.mode;
}

/** Checks cond at every new block until it holds, for at most MAX_BLOCKS blocks. */
async function waitBlocks(what: string, cond: () => Promise<boolean>): Promise<void> {
  const start = (await comet.status()).syncInfo.latestBlockHeight;
  let seen = start;
  while (!(await cond())) {
    if (seen - start > MAX_BLOCKS) assert.fail(`${what}: not after ${MAX_BLOCKS} blocks`);
    // Wait for the next block (the poll stops when the height moves).
    for (;;) {
      const h = (await comet.status()).syncInfo.latestBlockHeight;
      if (h > seen) {
        seen = h;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

before(async () => {
  denom = env.denom();
  const prefix = env.prefix();
  const directWallet = await DirectSecp256k1HdWallet.fromMnemonic(env.directMnemonic(), { prefix });
  const aminoWallet = await Secp256k1HdWallet.fromMnemonic(env.aminoMnemonic(), { prefix });
  [{ address: alice }] = await directWallet.getAccounts();
  [{ address: bob }] = await aminoWallet.getAccounts();
  comet = await connectComet(env.rpc());
  query = aitbcQueryClient(comet);
  const options = { registry: createAitbcRegistry(), aminoTypes: createAitbcAminoTypes() };
  direct = await SigningStargateClient.createWithSigner(comet, directWallet, options);
  amino = await SigningStargateClient.createWithSigner(comet, aminoWallet, options);
  assert.equal(await direct.getChainId(), env.chainId());
});

after(() => {
  direct?.disconnect();
  amino?.disconnect();
});

const aliceLock = 200_000_000n; // 200 AITBC
const bobLock = 300_000_000n;

test("MsgLock signed in direct mode", async () => {
  const msg = { typeUrl: "/aitbc.dao.v1.MsgLock", value: dao.MsgLock.fromPartial({ owner: alice, amount: { denom, amount: aliceLock.toString() } }) };
  const res = await send(direct, alice, msg, 400_000);
  assert.equal(await signMode(res.transactionHash), SignMode.SIGN_MODE_DIRECT);
  const locked = dao.MsgLockResponse.decode(res.msgResponses[0].value).locked;
  assert.equal(locked, aliceLock.toString());
  const { lock } = await query.aitbc.dao.Lock({ owner: alice });
  assert.equal(lock?.amount, aliceLock.toString());
});

test("MsgLock signed in Amino JSON mode", async () => {
  const msg = { typeUrl: "/aitbc.dao.v1.MsgLock", value: dao.MsgLock.fromPartial({ owner: bob, amount: { denom, amount: bobLock.toString() } }) };
  const res = await send(amino, bob, msg, 400_000);
  assert.equal(await signMode(res.transactionHash), SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
  const { lock } = await query.aitbc.dao.Lock({ owner: bob });
  assert.equal(lock?.amount, bobLock.toString());
});

test("dao params through the typed query client", async () => {
  const { params } = await query.aitbc.dao.Params({});
  assert.ok(params, "params");
  const standard = params.classes.find((c) => c.name === "standard");
  assert.ok(standard, `class standard in ${params.classes.map((c) => c.name).join(",")}`);
  assert.equal(standard.bond?.denom, denom);
});

test("a job submitted in Amino JSON mode is leased; its lease read back", async () => {
  const { offers } = await query.aitbc.compute.Offers({ model: env.offerModel() });
  const offer = offers.find((o) => o.status === compute.OfferStatus.OFFER_STATUS_OPEN);
  assert.ok(offer, `an open ${env.offerModel()} offer`);
  const price = offer.pricePerGpuHour!;
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 24 * 3600);
  const msg = {
    typeUrl: "/aitbc.compute.v1.MsgSubmitJob",
    value: compute.MsgSubmitJob.fromPartial({
      consumer: bob,
      requirements: { model: offer.gpu!.model, count: 1, hours: 1 },
      maxPricePerGpuHour: price,
      workload: { image: "ghcr.io/acme/train:1", args: ["--epochs", "1"], env: [{ name: "SEED", value: "7" }] },
      inputUri: "ipfs://input",
      inputHash: "sha256:input",
      deadline: { seconds: deadline, nanos: 0 },
    }),
  };
  const res = await send(amino, bob, msg, 500_000);
  assert.equal(await signMode(res.transactionHash), SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
  const jobId = compute.MsgSubmitJobResponse.decode(res.msgResponses[0].value).jobId;
  assert.ok(jobId > 0n);

  let leaseId = 0n;
  await waitBlocks(`job ${jobId} leased`, async () => {
    const { job } = await query.aitbc.compute.Job({ jobId });
    leaseId = job?.status === compute.JobStatus.JOB_STATUS_LEASED ? job.leaseId : 0n;
    return leaseId > 0n;
  });
  const { lease } = await query.aitbc.compute.Lease({ leaseId });
  assert.ok(lease);
  assert.equal(lease.jobId, jobId);
  assert.equal(lease.offerId, offer.id);
  assert.equal(lease.consumer, bob);
  assert.equal(lease.provider, offer.provider);
  assert.equal(lease.status, compute.LeaseStatus.LEASE_STATUS_ACTIVE);
  assert.deepEqual(lease.pricePerGpuHour, price);
});

test("a proposal submitted in Amino JSON mode, voted in both modes, and its tally", async () => {
  // bob's power reaches his lock once a TWAS window has passed (no vesting).
  await waitBlocks("bob's voting power", async () => {
    const { power } = await query.aitbc.dao.VotingPower({ address: bob, time: "" });
    return BigInt(power || "0") >= bobLock;
  });
  const spend = dao.MsgCommunitySpend.fromPartial({ authority: env.daoAddress(), recipient: bob, amount: [{ denom, amount: "1" }] });
  const submit = {
    typeUrl: "/aitbc.dao.v1.MsgSubmitProposal",
    value: dao.MsgSubmitProposal.fromPartial({
      proposer: bob,
      class: "standard",
      title: "A grant from the TypeScript client",
      summary: "Pays 1uaitbc from the treasury.",
      metadata: "ts-client-e2e",
      messages: [{ typeUrl: "/aitbc.dao.v1.MsgCommunitySpend", value: dao.MsgCommunitySpend.encode(spend).finish() }],
    }),
  };
  const res = await send(amino, bob, submit, 800_000);
  assert.equal(await signMode(res.transactionHash), SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
  const proposalId = dao.MsgSubmitProposalResponse.decode(res.msgResponses[0].value).proposalId;
  const { proposal } = await query.aitbc.dao.Proposal({ proposalId });
  assert.equal(proposal?.status, dao.ProposalStatus.PROPOSAL_STATUS_VOTING);
  assert.equal(proposal?.messages[0]?.typeUrl, "/aitbc.dao.v1.MsgCommunitySpend");

  const vote = (voter: string) => ({
    typeUrl: "/aitbc.dao.v1.MsgVote",
    value: dao.MsgVote.fromPartial({ voter, proposalId, option: dao.VoteOption.VOTE_OPTION_YES }),
  });
  const aliceVote = await send(direct, alice, vote(alice), 400_000);
  const bobVote = await send(amino, bob, vote(bob), 400_000);
  assert.equal(await signMode(bobVote.transactionHash), SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
  const weight = (r: DeliverTxResponse) => BigInt(dao.MsgVoteResponse.decode(r.msgResponses[0].value).weight);
  const yes = weight(aliceVote) + weight(bobVote);
  assert.ok(weight(aliceVote) > 0n && weight(bobVote) > 0n, "both votes count");

  const { tally } = await query.aitbc.dao.Tally({ proposalId });
  assert.equal(tally?.yes, yes.toString());
  assert.equal(tally?.no, "0");
});
