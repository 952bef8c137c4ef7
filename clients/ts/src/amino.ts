// Amino JSON converters for every Msg of the chain, driven by the generated
// schema (src/gen/amino-schema.ts) rather than written by hand: they follow
// the rules of the chain's SIGN_MODE_LEGACY_AMINO_JSON encoder
// (cosmossdk.io/x/tx/signing/aminojson), which the node applies to the
// protobuf message it decodes to check a signature:
//
//   - keys are the proto field names (or amino.field_name);
//   - a field that is not set is left out, unless amino.dont_omitempty;
//     the node signs the gogoproto encoding of the Msg, in which a
//     non-nullable message or customtype field is always set (a zero
//     Timestamp is 0001-01-01T00:00:00Z, a zero Dec 0.000000000000000000);
//   - 64-bit integers are strings, 32-bit integers and enums numbers, bytes
//     base64; Timestamp is RFC 3339, Duration its nanoseconds as a string;
//   - Any is {"type": <amino name of the packed message>, "value": ...};
//   - cosmos.Int renders "" as "0"; cosmos.Dec on a LegacyDec field renders
//     its 18-decimal atomics ("500000000000000000") as "0.500000000000000000";
//   - amino.encoding "legacy_coins" renders an empty list as [].
//
// CosmJS builds the transaction from fromAmino(toAmino(msg)), so each pair
// is a bijection on what the chain can tell apart.
import type { AminoConverter, AminoConverters } from "@cosmjs/stargate";
import { fromBase64, toBase64 } from "@cosmjs/encoding";

import { aminoSchema, type AminoField } from "./gen/amino-schema";
import { aitbcMsgTypes, type AitbcMsgType } from "./gen/msgs";

type Obj = Record<string, unknown>;

const byTypeUrl = new Map<string, AitbcMsgType>(aitbcMsgTypes.map((m) => [m.typeUrl, m]));
const byAminoType = new Map<string, AitbcMsgType>(aitbcMsgTypes.map((m) => [m.aminoType, m]));

const DEC_PRECISION = 18n;
const DEC_ONE = 10n ** DEC_PRECISION;

/** LegacyDec atomics ("1500000000000000000") to its String() ("1.500000000000000000"). */
export function decFromAtomics(atomics: string): string {
  if (!/^-?\d+$/.test(atomics)) throw new Error(`invalid cosmos.Dec atomics ${JSON.stringify(atomics)}`);
  const n = BigInt(atomics);
  const abs = n < 0n ? -n : n;
  const frac = (abs % DEC_ONE).toString().padStart(Number(DEC_PRECISION), "0");
  return `${n < 0n ? "-" : ""}${abs / DEC_ONE}.${frac}`;
}

/** A decimal string ("1.5") to LegacyDec atomics ("1500000000000000000"). */
export function decToAtomics(dec: string): string {
  const m = /^(-?)(\d+)(?:\.(\d{1,18}))?$/.exec(dec);
  if (!m) throw new Error(`invalid cosmos.Dec ${JSON.stringify(dec)}`);
  const n = BigInt(m[2]) * DEC_ONE + BigInt((m[3] ?? "").padEnd(Number(DEC_PRECISION), "0"));
  return (m[1] === "-" ? -n : n).toString();
}

/** Go's time.Format(RFC3339) / RFC3339Nano of a UTC instant. */
function timestampToAmino(ts: { seconds: bigint; nanos: number }): string {
  if (ts.nanos < 0) throw new Error("Timestamp nanos must be non-negative");
  const iso = new Date(Number(ts.seconds) * 1000).toISOString(); // ...T12:00:00.000Z
  const base = iso.slice(0, 19);
  if (ts.nanos === 0) return `${base}Z`;
  return `${base}.${ts.nanos.toString().padStart(9, "0").replace(/0+$/, "")}Z`;
}

function timestampFromAmino(s: string): { seconds: bigint; nanos: number } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) throw new Error(`invalid RFC 3339 UTC time ${JSON.stringify(s)}`);
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) throw new Error(`invalid time ${JSON.stringify(s)}`);
  return { seconds: BigInt(ms / 1000), nanos: Number((m[2] ?? "").padEnd(9, "0")) };
}

function durationToAmino(d: { seconds: bigint; nanos: number }): string {
  return (d.seconds * 1_000_000_000n + BigInt(d.nanos)).toString();
}

function durationFromAmino(s: string): { seconds: bigint; nanos: number } {
  if (!/^-?\d+$/.test(s)) throw new Error(`invalid Duration nanoseconds ${JSON.stringify(s)}`);
  const n = BigInt(s);
  return { seconds: n / 1_000_000_000n, nanos: Number(n % 1_000_000_000n) };
}

function anyToAmino(any: { typeUrl: string; value: Uint8Array }): Obj {
  const msg = byTypeUrl.get(any.typeUrl);
  if (!msg) throw new Error(`no Amino converter for ${any.typeUrl} packed in an Any`);
  return { type: msg.aminoType, value: messageToAmino(msg.typeUrl.slice(1), msg.type.decode(any.value)) };
}

function anyFromAmino(json: { type: string; value: Obj }): { typeUrl: string; value: Uint8Array } {
  const msg = byAminoType.get(json.type) ?? byTypeUrl.get(json.type);
  if (!msg) throw new Error(`no Amino converter for ${json.type} packed in an Any`);
  const value = messageFromAmino(msg.typeUrl.slice(1), json.value);
  return { typeUrl: msg.typeUrl, value: msg.type.encode((msg.type as any).fromPartial(value)).finish() };
}

// Go's zero time.Time, which gogoproto encodes for an unset non-nullable Timestamp.
const GO_ZERO_TIME = { seconds: -62135596800n, nanos: 0 };

function isSet(f: AminoField, v: unknown): boolean {
  if (f.alwaysSet) return true;
  if (v === undefined || v === null) return false;
  if (f.repeated) return (v as unknown[]).length > 0;
  switch (f.kind) {
    case "message":
      return true;
    case "string":
      return v !== "";
    case "bool":
      return v === true;
    case "bytes":
      return (v as Uint8Array).length > 0;
    case "int64":
      return BigInt(v as bigint) !== 0n;
    default:
      return v !== 0;
  }
}

function valueToAmino(f: AminoField, v: unknown): unknown {
  switch (f.kind) {
    case "string":
      if (f.scalar === "dec") return v === "" || v === undefined ? (f.alwaysSet ? decFromAtomics("0") : "0") : decFromAtomics(v as string);
      if (f.scalar === "int") return v === "" || v === undefined ? "0" : v;
      return v;
    case "bool":
    case "int32":
    case "enum":
      return v;
    case "int64":
      return BigInt(v as bigint).toString();
    case "bytes":
      return toBase64(v as Uint8Array);
    case "message":
      switch (f.type) {
        case "google.protobuf.Timestamp":
          return timestampToAmino((v ?? GO_ZERO_TIME) as { seconds: bigint; nanos: number });
        case "google.protobuf.Duration":
          return durationToAmino((v ?? { seconds: 0n, nanos: 0 }) as { seconds: bigint; nanos: number });
        case "google.protobuf.Any":
          return anyToAmino(v as { typeUrl: string; value: Uint8Array });
        default:
          return messageToAmino(f.type!, (v ?? {}) as Obj);
      }
  }
}

function zeroToAmino(f: AminoField, where: string): unknown {
  if (f.repeated) return f.encoding === "legacy_coins" ? [] : null;
  switch (f.kind) {
    case "message":
      // aminojson refuses an unset message field it may not omit.
      throw new Error(`${where}.${f.name} must be set: the chain cannot sign it in Amino JSON when absent`);
    case "string":
      return f.scalar ? "0" : "";
    case "bool":
      return false;
    case "int64":
      return "0";
    case "bytes":
      return null;
    default:
      return 0;
  }
}

/** The Amino JSON value of message typeName (a full name) given as a ts-proto object. */
export function messageToAmino(typeName: string, value: Obj): Obj {
  const fields = aminoSchema[typeName];
  if (!fields) throw new Error(`no Amino schema for ${typeName}`);
  const out: Obj = {};
  for (const f of fields) {
    const v = value[f.name];
    if (!isSet(f, v)) {
      if (f.dontOmitEmpty) out[f.amino] = zeroToAmino(f, typeName);
      continue;
    }
    out[f.amino] = f.repeated ? (v as unknown[]).map((x) => valueToAmino(f, x)) : valueToAmino(f, v);
  }
  return out;
}

function valueFromAmino(f: AminoField, a: any): unknown {
  switch (f.kind) {
    case "string":
      // "0" is how an empty nullable Dec renders; "" keeps the wire form the same.
      if (f.scalar === "dec") return a === "0" && !f.alwaysSet ? "" : decToAtomics(a);
      return a;
    case "bool":
      return a === true;
    case "int32":
    case "enum":
      return Number(a);
    case "int64":
      return BigInt(a);
    case "bytes":
      return fromBase64(a);
    case "message":
      switch (f.type) {
        case "google.protobuf.Timestamp":
          return timestampFromAmino(a);
        case "google.protobuf.Duration":
          return durationFromAmino(a);
        case "google.protobuf.Any":
          return anyFromAmino(a);
        default:
          return messageFromAmino(f.type!, a);
      }
  }
}

/** The ts-proto object (partial: unset fields left out) of message typeName's Amino JSON value. */
export function messageFromAmino(typeName: string, json: Obj): Obj {
  const fields = aminoSchema[typeName];
  if (!fields) throw new Error(`no Amino schema for ${typeName}`);
  const out: Obj = {};
  for (const f of fields) {
    const a = json[f.amino];
    if (a === undefined || a === null) continue;
    out[f.name] = f.repeated ? (a as unknown[]).map((x) => valueFromAmino(f, x)) : valueFromAmino(f, a);
  }
  return out;
}

/**
 * Amino converters for every Msg of the chain's modules, keyed by type URL,
 * for CosmJS `new AminoTypes({...createDefaultAminoConverters(), ...createAitbcAminoConverters()})`.
 * A Msg that packs other messages in an Any (a dao proposal, an agent's
 * MsgExec) converts them when they are Msgs of these modules.
 */
export function createAitbcAminoConverters(): AminoConverters {
  const converters: Record<string, AminoConverter> = {};
  for (const m of aitbcMsgTypes) {
    const name = m.typeUrl.slice(1);
    converters[m.typeUrl] = {
      aminoType: m.aminoType,
      toAmino: (value: Obj) => messageToAmino(name, value),
      fromAmino: (json: Obj) => messageFromAmino(name, json),
    };
  }
  return converters;
}
