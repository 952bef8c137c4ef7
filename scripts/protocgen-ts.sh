#!/usr/bin/env bash
# Regenerates the TypeScript client's protobuf code (clients/ts/src/gen),
# offline once the packages are installed:
#
# 1. scripts/protocgen.sh --deps-only installs buf and copies the
#    third-party protos out of the Go module cache, at go.mod's versions:
#    that, with clients/ts/package-lock.json (ts-proto), pins the output;
# 2. buf runs ts-proto from clients/ts/node_modules (proto/buf.gen.ts.yaml)
#    on our protos and the ones they import;
# 3. clients/ts/scripts/gen.mjs drops the files nothing uses and writes the
#    Msg table, the Amino schema and the module namespaces.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

bash scripts/node-deps.sh
bash scripts/protocgen.sh --deps-only
export PATH="$ROOT/clients/ts/node_modules/.bin:$ROOT/build/tools:$PATH"

OUT="$ROOT/build/ts-gen"
IMAGE="$ROOT/build/ts-image.json"
rm -rf "$OUT"
(cd proto && buf generate --template buf.gen.ts.yaml --path aitbc && buf build --path aitbc -o "$IMAGE")
node clients/ts/scripts/gen.mjs "$IMAGE" "$OUT"

GEN="$ROOT/clients/ts/src/gen"
rm -rf "$GEN"
mkdir -p "$(dirname "$GEN")"
mv "$OUT" "$GEN"
rm -f "$IMAGE"
echo "ts client generation done"
