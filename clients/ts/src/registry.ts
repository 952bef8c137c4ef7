// The protobuf codecs of every Msg of the chain, for CosmJS's Registry.
import { Registry, type GeneratedType } from "@cosmjs/proto-signing";
import { AminoTypes, createDefaultAminoConverters, defaultRegistryTypes } from "@cosmjs/stargate";

import { createAitbcAminoConverters } from "./amino";
import { aitbcMsgTypes } from "./gen/msgs";

/** [type URL, codec] of every Msg of the chain's modules. */
export const aitbcRegistryTypes: ReadonlyArray<[string, GeneratedType]> = aitbcMsgTypes.map((m) => [m.typeUrl, m.type]);

/** A Registry of CosmJS's default (bank, staking, ...) types and ours. */
export function createAitbcRegistry(): Registry {
  return new Registry([...defaultRegistryTypes, ...aitbcRegistryTypes]);
}

/** AminoTypes of CosmJS's default converters and ours. */
export function createAitbcAminoTypes(): AminoTypes {
  return new AminoTypes({ ...createDefaultAminoConverters(), ...createAitbcAminoConverters() });
}
