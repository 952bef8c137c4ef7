// Typed query clients of the chain's modules over a CosmJS QueryClient
// (ABCI queries through CometBFT RPC).
import { createProtobufRpcClient, QueryClient } from "@cosmjs/stargate";
import type { CometClient } from "@cosmjs/tendermint-rpc";

import { QueryClientImpl as AgentQuery } from "./gen/aitbc/agent/v1/query";
import { QueryClientImpl as ComputeQuery } from "./gen/aitbc/compute/v1/query";
import { QueryClientImpl as DaoQuery } from "./gen/aitbc/dao/v1/query";
import { QueryClientImpl as ReputationQuery } from "./gen/aitbc/reputation/v1/query";
import { QueryClientImpl as SourcedaoQuery } from "./gen/aitbc/sourcedao/v1/query";

export interface AitbcExtension {
  readonly agent: AgentQuery;
  readonly compute: ComputeQuery;
  readonly dao: DaoQuery;
  readonly reputation: ReputationQuery;
  readonly sourcedao: SourcedaoQuery;
}

/** A CosmJS query extension: `QueryClient.withExtensions(comet, setupAitbcExtension)`. */
export function setupAitbcExtension(base: QueryClient): { aitbc: AitbcExtension } {
  const rpc = createProtobufRpcClient(base);
  return {
    aitbc: {
      agent: new AgentQuery(rpc),
      compute: new ComputeQuery(rpc),
      dao: new DaoQuery(rpc),
      reputation: new ReputationQuery(rpc),
      sourcedao: new SourcedaoQuery(rpc),
    },
  };
}

/** The chain's query clients over a connected CometBFT client. */
export function aitbcQueryClient(comet: CometClient): QueryClient & { aitbc: AitbcExtension } {
  return QueryClient.withExtensions(comet, setupAitbcExtension);
}
