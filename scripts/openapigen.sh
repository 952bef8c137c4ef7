#!/usr/bin/env bash
# Regenerates docs/openapi/openapi.yaml, the OpenAPI (Swagger 2.0) document
# of every REST route the node serves, offline. Run by `make proto-gen`
# after scripts/protocgen.sh, whose buf (build/tools) and third-party protos
# (proto/third_party/proto) it reuses.
#
# The pin: every proto comes from the Go module cache at the version go.mod
# resolves: ours from proto/aitbc; the SDK's services (and x/upgrade,
# x/feegrant, x/evidence, whose protos live in the SDK repository) from
# github.com/cosmos/cosmos-sdk; the CometBFT types the tendermint service
# returns from github.com/cometbft/cometbft. Bumping either in go.mod and
# running `make proto-gen` updates the document; `make proto-check` fails
# until it is committed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# protoc-gen-openapiv2 of grpc-gateway v2 at the version go.sum already
# records; it only reads protos, so the gateway runtime staying v1 is fine.
OPENAPIV2_VERSION=v2.11.3

TOOLS="$ROOT/build/tools"
TP="$ROOT/proto/third_party/proto"
if [ ! -x "$TOOLS/buf" ] || [ ! -d "$TP/cosmos" ]; then
  echo "run scripts/protocgen.sh first (it installs buf and copies the third-party protos)" >&2
  exit 1
fi
stamp="$TOOLS/.protoc-gen-openapiv2-$OPENAPIV2_VERSION"
if [ ! -x "$TOOLS/protoc-gen-openapiv2" ] || [ ! -f "$stamp" ]; then
  echo "installing protoc-gen-openapiv2 $OPENAPIV2_VERSION"
  GOBIN="$TOOLS" go install "github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2@$OPENAPIV2_VERSION"
  touch "$stamp"
fi
export PATH="$TOOLS:$PATH"

# The CometBFT types (blocks, node info) the tendermint and tx services return.
go mod download github.com/cometbft/cometbft
CMT_DIR=$(go list -m -f '{{.Dir}}' github.com/cometbft/cometbft)
rm -rf "$TP/tendermint"
cp -r "$CMT_DIR/proto/tendermint" "$TP/"
chmod -R u+w "$TP/tendermint"

# The query services the app registers on its REST gateway (app.go:
# RegisterAPIRoutes and the module manager), plus cosmos.gov v1 and v1beta1,
# which the app serves from x/dao state.
SDK_SERVICES=(
  cosmos/auth/v1beta1/query.proto
  cosmos/authz/v1beta1/query.proto
  cosmos/bank/v1beta1/query.proto
  cosmos/base/node/v1beta1/query.proto
  cosmos/base/tendermint/v1beta1/query.proto
  cosmos/consensus/v1/query.proto
  cosmos/distribution/v1beta1/query.proto
  cosmos/evidence/v1beta1/query.proto
  cosmos/feegrant/v1beta1/query.proto
  cosmos/gov/v1/query.proto
  cosmos/gov/v1beta1/query.proto
  cosmos/mint/v1beta1/query.proto
  cosmos/slashing/v1beta1/query.proto
  cosmos/staking/v1beta1/query.proto
  cosmos/tx/v1beta1/service.proto
  cosmos/upgrade/v1beta1/query.proto
)
args=()
for f in $(cd "$ROOT/proto" && find aitbc -name query.proto | sort); do
  args+=(--path "$f")
done
for f in "${SDK_SERVICES[@]}"; do
  args+=(--path "third_party/proto/$f")
done

OUT="$ROOT/build/openapi-gen"
rm -rf "$OUT"
(cd "$ROOT/proto" && buf generate --template buf.gen.openapi.yaml "${args[@]}" &&
  buf build -o "$OUT/image.binpb" "${args[@]}")

SDK_VERSION=$(go list -m -f '{{.Version}}' github.com/cosmos/cosmos-sdk)
CMT_VERSION=$(go list -m -f '{{.Version}}' github.com/cometbft/cometbft)
go run ./tools/openapigen -in "$OUT/merged.swagger.json" -image "$OUT/image.binpb" -out "$ROOT/docs/openapi/openapi.yaml" \
  -version "v1 (cosmos-sdk $SDK_VERSION, cometbft $CMT_VERSION)"
rm -rf "$OUT"
echo "openapi generation done: docs/openapi/openapi.yaml"
