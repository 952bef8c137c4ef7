#!/usr/bin/env bash
# Regenerates the Go code of our protobuf files, offline.
#
# 1. installs buf and the two protoc plugins with `go install` at pinned
#    versions into build/tools (only the Go module proxy is needed);
# 2. copies the third-party protos we import (cosmos, amino, gogoproto,
#    cosmos_proto, google/api) out of the Go module cache into the
#    git-ignored proto/third_party/proto;
# 3. runs buf with local plugins and moves the generated *.pb.go and
#    *.pb.gw.go files next to the code that uses them.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

BUF_VERSION=v1.75.0
GOGOPROTO_VERSION=$(go list -m -f '{{.Version}}' github.com/cosmos/gogoproto)
GATEWAY_VERSION=$(go list -m -f '{{.Version}}' github.com/grpc-ecosystem/grpc-gateway)

TOOLS="$ROOT/build/tools"
mkdir -p "$TOOLS"
install_tool() { # name package version
  local stamp="$TOOLS/.$1-$3"
  if [ -x "$TOOLS/$1" ] && [ -f "$stamp" ]; then return; fi
  echo "installing $1 $3"
  GOBIN="$TOOLS" go install "$2@$3"
  touch "$stamp"
}
install_tool buf github.com/bufbuild/buf/cmd/buf "$BUF_VERSION"
install_tool protoc-gen-gocosmos github.com/cosmos/gogoproto/protoc-gen-gocosmos "$GOGOPROTO_VERSION"
install_tool protoc-gen-grpc-gateway github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway "$GATEWAY_VERSION"
export PATH="$TOOLS:$PATH"

# Third-party protos, from the exact module versions in go.mod.
go mod download github.com/cosmos/cosmos-sdk github.com/cosmos/gogoproto \
  github.com/cosmos/cosmos-proto github.com/grpc-ecosystem/grpc-gateway
moddir() { go list -m -f '{{.Dir}}' "$1"; }
SDK_DIR=$(moddir github.com/cosmos/cosmos-sdk)
GOGO_DIR=$(moddir github.com/cosmos/gogoproto)
CPROTO_DIR=$(moddir github.com/cosmos/cosmos-proto)
GW_DIR=$(moddir github.com/grpc-ecosystem/grpc-gateway)

TP="$ROOT/proto/third_party/proto"
rm -rf "$TP"
mkdir -p "$TP/gogoproto" "$TP/cosmos_proto" "$TP/google/api"
cp -r "$SDK_DIR/proto/cosmos" "$SDK_DIR/proto/amino" "$TP/"
cp "$GOGO_DIR/gogoproto/gogo.proto" "$TP/gogoproto/"
cp "$CPROTO_DIR/proto/cosmos_proto/cosmos.proto" "$TP/cosmos_proto/"
cp "$GW_DIR/third_party/googleapis/google/api/annotations.proto" \
   "$GW_DIR/third_party/googleapis/google/api/http.proto" "$TP/google/api/"
chmod -R u+w "$TP"
# scripts/protocgen-ts.sh needs only the tools and the third-party protos.
if [ "${1:-}" = "--deps-only" ]; then exit 0; fi

OUT="$ROOT/build/proto-gen"
rm -rf "$OUT"
cd "$ROOT/proto"
for dir in $(find aitbc -name '*.proto' -exec dirname {} \; | sort -u); do
  buf generate --template buf.gen.gogo.yaml --path "$dir"
done

# The plugins write by go_package path; move the files into this module.
cd "$ROOT"
if [ -d "$OUT/github.com/aitbc/aitbc" ]; then
  cp -r "$OUT/github.com/aitbc/aitbc/." "$ROOT/"
fi
rm -rf "$OUT"
echo "proto generation done"
