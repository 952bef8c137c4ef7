// @aitbc/client: the AITBC chain's protobuf types, query clients, a CosmJS
// Registry and Amino converters, generated from the chain's protos.
export * as agent from "./gen/modules/agent";
export * as compute from "./gen/modules/compute";
export * as dao from "./gen/modules/dao";
export * as reputation from "./gen/modules/reputation";
export * as sourcedao from "./gen/modules/sourcedao";

export { aitbcMsgTypes, type AitbcMsgType } from "./gen/msgs";
export { aitbcRegistryTypes, createAitbcAminoTypes, createAitbcRegistry } from "./registry";
export { createAitbcAminoConverters, decFromAtomics, decToAtomics, messageFromAmino, messageToAmino } from "./amino";
export { aitbcQueryClient, setupAitbcExtension, type AitbcExtension } from "./query";
