#!/usr/bin/env bash
# Starts a single-validator AITBC development chain (`make localnet`).
#
# The first run initialises a home (default ./build/localnet) with the
# standard aitbcd commands: chain aitbc-local-1, moniker localnet, test
# keyring with the dev accounts validator, alice, bob and carol (1,000,000
# AITBC each; the validator bonds 100 AITBC), an x/sourcedao mining pool of
# 10,000,000 AITBC (locked until a stage advances), 1 s blocks, REST API and
# gRPC on 127.0.0.1. Later runs reuse that home; a home whose initialisation did
# not finish, or whose genesis is invalid, is refused until --reset.
#
# Needs only bash, coreutils and GNU sed besides the binary.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

CHAIN_ID=aitbc-local-1
MONIKER=localnet
DENOM=uaitbc
ACCOUNTS=(validator alice bob carol)
ACCOUNT_COINS=1000000000000$DENOM # 1,000,000 AITBC
VALIDATOR_STAKE=100000000$DENOM   # 100 AITBC
# The development supply of x/sourcedao; with it the total supply is ~14M
# AITBC, so the 2.5 % budget cap of a project is ~350,000 AITBC.
SOURCEDAO_POOL=10000000000000$DENOM # 10,000,000 AITBC
TIMEOUT_COMMIT=1s
MARKER=.localnet-complete

BIN=$ROOT/build/aitbcd
NODE_HOME=$ROOT/build/localnet
RESET=0
RPC_PORT=26657
P2P_PORT=26656
API_PORT=1317
GRPC_PORT=9090

usage() {
  cat <<EOF
Usage: scripts/localnet.sh [flags]   (or: make localnet LOCALNET_FLAGS="[flags]")

Starts a single-validator AITBC chain ($CHAIN_ID) in the foreground.
The first run initialises the home; later runs reuse it.

Flags:
  --home DIR        node home (default: build/localnet in the repository)
  --reset           delete the home and initialise a new chain
  --binary PATH     aitbcd binary (default: build/aitbcd in the repository)
  --rpc-port N      CometBFT RPC port  (default $RPC_PORT)
  --p2p-port N      CometBFT P2P port  (default $P2P_PORT)
  --api-port N      REST API port      (default $API_PORT)
  --grpc-port N     gRPC port          (default $GRPC_PORT)
  -h, --help        show this help

All endpoints listen on 127.0.0.1. The ports are written into the home's
config files on every start. Dev accounts (keyring-backend test):
${ACCOUNTS[*]}, each funded with 1,000,000 AITBC at genesis; their
mnemonics are kept in <home>/dev-keys/.
EOF
}

die() {
  echo "localnet: error: $*" >&2
  exit 1
}

# needs_value FLAG VALUE: the flag's value is present.
needs_value() {
  [ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value (see --help)"
}

port_arg() { # FLAG VALUE
  case $2 in
    '' | *[!0-9]*) die "$1: '$2' is not a port number" ;;
  esac
  [ "$2" -ge 1 ] && [ "$2" -le 65535 ] || die "$1: $2 is not a port number (1-65535)"
  printf '%s' "$2"
}

while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --reset) RESET=1 ;;
    --home) needs_value "$@"; NODE_HOME=$2; shift ;;
    --home=*) NODE_HOME=${1#*=} ;;
    --binary) needs_value "$@"; BIN=$2; shift ;;
    --binary=*) BIN=${1#*=} ;;
    --rpc-port) needs_value "$@"; RPC_PORT=$(port_arg "$1" "$2"); shift ;;
    --rpc-port=*) RPC_PORT=$(port_arg --rpc-port "${1#*=}") ;;
    --p2p-port) needs_value "$@"; P2P_PORT=$(port_arg "$1" "$2"); shift ;;
    --p2p-port=*) P2P_PORT=$(port_arg --p2p-port "${1#*=}") ;;
    --api-port) needs_value "$@"; API_PORT=$(port_arg "$1" "$2"); shift ;;
    --api-port=*) API_PORT=$(port_arg --api-port "${1#*=}") ;;
    --grpc-port) needs_value "$@"; GRPC_PORT=$(port_arg "$1" "$2"); shift ;;
    --grpc-port=*) GRPC_PORT=$(port_arg --grpc-port "${1#*=}") ;;
    *) usage >&2; echo >&2; die "unknown argument '$1'" ;;
  esac
  shift
done

# Absolute paths, so that the printed commands work from any directory.
case $NODE_HOME in /*) ;; *) NODE_HOME=$PWD/$NODE_HOME ;; esac
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
NODE_HOME=${NODE_HOME%/}
[ -n "$NODE_HOME" ] || die "--home must not be /"

if [ ! -x "$BIN" ] || [ -d "$BIN" ]; then
  die "no aitbcd binary at $BIN; run 'make build' first (or pass --binary PATH)"
fi

ports=("$RPC_PORT" "$P2P_PORT" "$API_PORT" "$GRPC_PORT")
for ((i = 0; i < ${#ports[@]}; i++)); do
  for ((j = i + 1; j < ${#ports[@]}; j++)); do
    [ "${ports[i]}" != "${ports[j]}" ] || die "port ${ports[i]} is given to two services"
  done
done

aitbcd() { "$BIN" "$@"; }

# set_toml FILE TABLE KEY VALUE: sets an existing KEY of [TABLE] ("" for the
# top level) to VALUE, written verbatim (strings must be quoted), and checks
# that the file now says so.
set_toml() {
  local file=$1 table=$2 key=$3 value=$4 range got
  if [ -z "$table" ]; then
    range='1,/^\[/'
  else
    range="/^\\[${table//./\\.}\\]/,/^\\[/"
  fi
  local repl=${value//\\/\\\\}
  repl=${repl//|/\\|}
  repl=${repl//&/\\&}
  sed -i "${range} s|^${key}[[:space:]]*=.*|${key} = ${repl}|" "$file"
  got=$(sed -n "${range} s|^${key} = ||p" "$file")
  [ "$got" = "$value" ] || die "could not set [$table] $key in $file (found '$got')"
}

# home_state: "absent" (missing or empty directory), "complete" (marker
# present) or "incomplete".
home_state() {
  if [ ! -e "$NODE_HOME" ]; then echo absent; return; fi
  if [ ! -d "$NODE_HOME" ]; then echo notdir; return; fi
  if [ -z "$(ls -A "$NODE_HOME")" ]; then echo absent; return; fi
  if [ -f "$NODE_HOME/$MARKER" ]; then echo complete; else echo incomplete; fi
}

refuse() {
  echo "localnet: error: $*" >&2
  echo "localnet: refusing to start from $NODE_HOME; to delete it and initialise a new chain, run again with --reset" >&2
  if [ "$NODE_HOME" = "$ROOT/build/localnet" ]; then
    echo "localnet:   make localnet LOCALNET_FLAGS=--reset   (or: scripts/localnet.sh --reset)" >&2
  else
    echo "localnet:   scripts/localnet.sh --reset --home $NODE_HOME" >&2
  fi
  exit 1
}

reset_home() {
  [ -e "$NODE_HOME" ] || return 0
  # Only ever delete something that looks like a node home.
  case $NODE_HOME in
    / | "${HOME:-/}" | "$ROOT") die "refusing to delete $NODE_HOME" ;;
  esac
  if [ -n "$(ls -A "$NODE_HOME")" ] && [ ! -f "$NODE_HOME/$MARKER" ] &&
    [ ! -d "$NODE_HOME/config" ] && [ ! -d "$NODE_HOME/data" ]; then
    die "$NODE_HOME does not look like an aitbcd home (no config/, data/ or $MARKER); not deleting it"
  fi
  echo "localnet: --reset: deleting $NODE_HOME"
  rm -rf -- "$NODE_HOME"
}

INIT_LOG=""
step() { # DESCRIPTION COMMAND...: runs an init step, its output into INIT_LOG
  local desc=$1
  shift
  echo "==> $desc" >>"$INIT_LOG"
  if ! "$@" >>"$INIT_LOG" 2>&1; then
    echo "localnet: error: initialisation failed at: $desc" >&2
    echo "---- last lines of $INIT_LOG ----" >&2
    tail -n 25 "$INIT_LOG" >&2
    echo "----" >&2
    echo "localnet: the home $NODE_HOME is incomplete; fix the cause and run again with --reset" >&2
    exit 1
  fi
}

# add_key NAME: creates a test-keyring key; its JSON (address and mnemonic,
# for importing into a wallet) goes to <home>/dev-keys/NAME.json.
add_key() {
  local file=$NODE_HOME/dev-keys/$1.json
  (umask 077 && aitbcd keys add "$1" --keyring-backend test --home "$NODE_HOME" --output json >"$file")
}

init_home() {
  echo "localnet: initialising a new chain $CHAIN_ID in $NODE_HOME"
  mkdir -p "$NODE_HOME"
  INIT_LOG=$NODE_HOME/localnet-init.log
  : >"$INIT_LOG"
  local cfg=$NODE_HOME/config name

  step "aitbcd init" aitbcd init "$MONIKER" --chain-id "$CHAIN_ID" --default-denom "$DENOM" --home "$NODE_HOME"
  mkdir -p "$NODE_HOME/dev-keys"
  chmod 700 "$NODE_HOME/dev-keys"
  for name in "${ACCOUNTS[@]}"; do
    step "keys add $name" add_key "$name"
  done
  for name in "${ACCOUNTS[@]}"; do
    step "add-genesis-account $name" aitbcd genesis add-genesis-account "$name" "$ACCOUNT_COINS" \
      --keyring-backend test --home "$NODE_HOME"
  done
  # The first dao committee (council): it votes routine proposals, rules on
  # challenges and approves emergency proposals.
  step "genesis set-dao-committee" aitbcd genesis set-dao-committee validator,alice,bob \
    --alternates carol --keyring-backend test --home "$NODE_HOME"
  # The development-as-mining pool: no stage unlocked until a major proposal
  # advances the roadmap (see x/sourcedao/README.md).
  step "genesis fund-sourcedao-pool" aitbcd genesis fund-sourcedao-pool "$SOURCEDAO_POOL" --home "$NODE_HOME"
  step "genesis gentx validator" aitbcd genesis gentx validator "$VALIDATOR_STAKE" \
    --chain-id "$CHAIN_ID" --moniker "$MONIKER" --keyring-backend test --home "$NODE_HOME"
  step "genesis collect-gentxs" aitbcd genesis collect-gentxs --home "$NODE_HOME"
  step "genesis validate" aitbcd genesis validate --home "$NODE_HOME"

  # A snappy dev chain: 1 s blocks, REST API on, CORS open for browser
  # wallets (everything listens on 127.0.0.1 only), no pprof server.
  set_toml "$cfg/config.toml" consensus timeout_commit "\"$TIMEOUT_COMMIT\""
  set_toml "$cfg/config.toml" rpc cors_allowed_origins '["*"]'
  set_toml "$cfg/config.toml" rpc pprof_laddr '""'
  set_toml "$cfg/app.toml" api enable true
  set_toml "$cfg/app.toml" api enabled-unsafe-cors true
  set_toml "$cfg/app.toml" grpc enable true
  set_toml "$cfg/client.toml" "" keyring-backend '"test"'
  set_toml "$cfg/client.toml" "" chain-id "\"$CHAIN_ID\""

  date -u +%Y-%m-%dT%H:%M:%SZ >"$NODE_HOME/$MARKER"
}

# apply_ports writes the chosen endpoints into the config files (every start,
# so that the port flags also apply to a reused home).
apply_ports() {
  local cfg=$NODE_HOME/config
  set_toml "$cfg/config.toml" rpc laddr "\"tcp://127.0.0.1:$RPC_PORT\""
  set_toml "$cfg/config.toml" p2p laddr "\"tcp://127.0.0.1:$P2P_PORT\""
  set_toml "$cfg/app.toml" api address "\"tcp://127.0.0.1:$API_PORT\""
  set_toml "$cfg/app.toml" grpc address "\"127.0.0.1:$GRPC_PORT\""
  set_toml "$cfg/client.toml" "" node "\"tcp://127.0.0.1:$RPC_PORT\""
}

port_in_use() { # PORT: something accepts connections on 127.0.0.1:PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# ---------------------------------------------------------------------------

for p in "$RPC_PORT" "$P2P_PORT" "$API_PORT" "$GRPC_PORT"; do
  if port_in_use "$p"; then
    die "port $p on 127.0.0.1 is in use (another localnet running?); stop it or choose ports with --rpc-port/--p2p-port/--api-port/--grpc-port"
  fi
done

if [ "$RESET" = 1 ]; then
  reset_home
fi

case $(home_state) in
  absent)
    init_home
    ;;
  notdir)
    die "$NODE_HOME exists and is not a directory"
    ;;
  incomplete)
    refuse "$NODE_HOME exists but its initialisation did not finish (no $MARKER)"
    ;;
  complete)
    for f in config/config.toml config/app.toml config/client.toml config/genesis.json \
      config/priv_validator_key.json config/node_key.json; do
      [ -f "$NODE_HOME/$f" ] || refuse "$NODE_HOME/$f is missing"
    done
    if ! out=$(aitbcd genesis validate --home "$NODE_HOME" 2>&1); then
      refuse "the genesis of $NODE_HOME is not valid: $(printf '%s' "$out" | tail -n 3)"
    fi
    echo "localnet: reusing the existing chain in $NODE_HOME (initialised $(cat "$NODE_HOME/$MARKER")); pass --reset for a new one"
    ;;
esac

declare -A ADDR
for name in "${ACCOUNTS[@]}"; do
  ADDR[$name]=$(aitbcd keys show "$name" -a --keyring-backend test --home "$NODE_HOME" 2>/dev/null) ||
    refuse "the dev key '$name' is missing from the keyring of $NODE_HOME"
done

apply_ports

cat <<EOF

================ AITBC localnet ================
chain id   $CHAIN_ID
home       $NODE_HOME
binary     $BIN

Endpoints (127.0.0.1 only)
  REST API       http://127.0.0.1:$API_PORT
  gRPC           127.0.0.1:$GRPC_PORT
  CometBFT RPC   http://127.0.0.1:$RPC_PORT
  P2P            tcp://127.0.0.1:$P2P_PORT

Dev accounts (keyring-backend test; 1,000,000 AITBC each at genesis;
mnemonics in $NODE_HOME/dev-keys/)
EOF
for name in "${ACCOUNTS[@]}"; do
  note=""
  [ "$name" = validator ] && note="   (validator, bonded 100 AITBC)"
  printf '  %-10s %s%s\n' "$name" "${ADDR[$name]}" "$note"
done
cat <<EOF

Try:
  $BIN tx bank send alice ${ADDR[bob]} 1000000$DENOM --fees 500$DENOM --chain-id $CHAIN_ID --keyring-backend test --home $NODE_HOME --node tcp://127.0.0.1:$RPC_PORT -y
  curl -s http://127.0.0.1:$API_PORT/cosmos/base/tendermint/v1beta1/blocks/latest
================================================

localnet: starting the node (Ctrl-C to stop)
EOF

exec "$BIN" start --home "$NODE_HOME"
