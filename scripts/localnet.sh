#!/usr/bin/env bash
# Starts an AITBC development chain: one validator (`make localnet`) or N
# validators on this machine (`make localnet-multi`, --validators N).
#
# The first run initialises a home (default ./build/localnet) with the
# standard aitbcd commands: chain aitbc-local-1, moniker localnet, test
# keyring with the dev accounts validator, alice, bob and carol (1,000,000
# AITBC each; the validator bonds 100 AITBC), an x/sourcedao mining pool of
# 10,000,000 AITBC (locked until a stage advances), 1 s blocks, REST API and
# gRPC on 127.0.0.1. Later runs reuse that home; a home whose initialisation did
# not finish, or whose genesis is invalid, is refused until --reset.
#
# With --validators N (N > 1) validator 0 is exactly the single validator
# above; validators 1..N-1 live in <home>/val1 ... with their own key
# ("validator" in their own test keyring, 1,000,000 AITBC, 100 AITBC
# bonded), ports offset by 10 x i from validator 0's, and persistent peers
# to all others. One genesis holds every gentx, with dev-chain periods
# (short x/compute commit and attestation periods, a short x/slashing
# window). Once the chain runs, each validator registers as an x/compute
# provider with declared GPUs, authorizes a hot key `provider` and offers its
# GPUs, in one transaction, and starts its provider daemon
# (`aitbcd provider start`).
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
# The validator count of a home (absent: 1, a home from before --validators).
VALIDATORS_FILE=.localnet-validators
MAX_VALIDATORS=10
PORT_STEP=10 # validator i listens on validator 0's ports + PORT_STEP x i
# What each validator of a multi-validator localnet registers in x/compute.
PROVIDER_BOND=1000000000$DENOM # 1,000 AITBC, the default min_bond
PROVIDER_GPUS='{"model":"H100","vram_mib":81920,"count":2}'
PROVIDER_GPU_MODEL=H100
PROVIDER_GPU_VRAM=81920
PROVIDER_GPU_COUNT=2
OFFER_PRICE=1000000$DENOM # 1 AITBC per GPU-hour
OFFER_MIN_HOURS=1
OFFER_MAX_HOURS=24
HOT_KEY=provider
# Dev-chain periods of a multi-validator genesis: a lease whose committee
# misses a member still decides within about a minute, and a stopped
# validator is jailed within about 20 blocks.
COMMIT_PERIOD=15s
ATTESTATION_PERIOD=60s
SIGNED_BLOCKS_WINDOW=20
GAS_PRICES=0.0025$DENOM # the minimum gas price aitbcd init writes
# The one setup transaction of a validator (register-provider, the grants,
# create-offer; about 180k gas): its gas limit and fee (at GAS_PRICES).
SETUP_GAS=500000
SETUP_FEE=1250

BIN=$ROOT/build/aitbcd
NODE_HOME=$ROOT/build/localnet
RESET=0
FRESH=0 # 1: this run initialised the home (the chain has no provider yet)
RPC_PORT=26657
P2P_PORT=26656
API_PORT=1317
GRPC_PORT=9090
PROVIDER_PORT=26680
VALIDATORS=1
DEV_DAO=0 # 1: x/dao vesting 0s and twas_window 1s, so a lock votes at once

usage() {
  cat <<EOF
Usage: scripts/localnet.sh [flags]   (or: make localnet LOCALNET_FLAGS="[flags]")
       make localnet-multi               (4 validators)

Starts an AITBC chain ($CHAIN_ID) in the foreground, with one validator
or, with --validators N, N validators on this machine. The first run
initialises the home; later runs reuse it. Ctrl-C stops every node.

Flags:
  --home DIR        node home (default: build/localnet in the repository)
  --reset           delete the home and initialise a new chain
  --binary PATH     aitbcd binary (default: build/aitbcd in the repository)
  --rpc-port N      CometBFT RPC port  (default $RPC_PORT)
  --p2p-port N      CometBFT P2P port  (default $P2P_PORT)
  --api-port N      REST API port      (default $API_PORT)
  --grpc-port N     gRPC port          (default $GRPC_PORT)
  --provider-port N provider daemon artifacts port, metrics on N+1 (default
                    $PROVIDER_PORT; only with --validators N > 1)
  --validators N    number of validators, 1-$MAX_VALIDATORS (default 1); a home keeps
                    the count it was initialised with (change it with --reset)
  --dev-dao         a new home's x/dao genesis has vesting 0s and twas_window
                    1s, so locked tokens count at once (e.g. for aitbcd load
                    dao-vote); ignored for an existing home
  -h, --help        show this help

All endpoints listen on 127.0.0.1. The ports are written into the home's
config files on every start. Dev accounts (keyring-backend test):
${ACCOUNTS[*]}, each funded with 1,000,000 AITBC at genesis; their
mnemonics are kept in <home>/dev-keys/.

With --validators N, validator 0 is the one above (its home, keys and
ports). Validator i (1..N-1) has its home in <home>/val<i>, its own key
"validator" in that home's test keyring (1,000,000 AITBC, 100 AITBC
bonded; mnemonic in <home>/dev-keys/val<i>.json) and listens on each of
validator 0's ports + $PORT_STEP x i; its node logs to <home>/val<i>/node.log.
All nodes are persistent peers of each other.

Every validator v, in parallel, while the nodes start:
  - creates a hot key "$HOT_KEY" in its own test keyring (mnemonic in
    <home>/dev-keys/);
  - writes <val home>/config/provider.toml ('aitbcd provider init', then its
    node's ports, the hot key and operator, the declared GPUs, artifacts on
    --provider-port + $PORT_STEP x v, metrics on that + 1);
and, once its node has a block, sends ONE transaction from its validator
key holding (only what the chain does not have yet):
  - register-provider (bond 1,000 AITBC, GPUs $PROVIDER_GPUS);
  - the grants of 'aitbcd provider authorize' (what 'aitbcd provider
    setup-keys' prints: authz for the compute messages, a fee grant);
  - create-offer: $PROVIDER_GPU_COUNT x $PROVIDER_GPU_MODEL at $OFFER_PRICE per GPU-hour, $OFFER_MIN_HOURS-$OFFER_MAX_HOURS h;
then every validator starts its provider daemon: log <val home>/provider.log,
pid <val home>/provider.pid.
Then the script prints "localnet: providers ready"; a job submitted with
'aitbcd tx compute submit-job examples/jobs/count.json --from alice ...'
settles with no other transaction. A daemon exiting is reported and the
chain goes on; a node other than validator 0's exiting is reported and the
others go on (pid in <val home>/node.pid); validator 0's node exiting stops
everything.

Dev-chain genesis of a multi-validator localnet (not of a single one):
x/compute commit_period $COMMIT_PERIOD and attestation_period $ATTESTATION_PERIOD, so a lease
whose committee misses a member still decides within about a minute;
x/slashing signed_blocks_window $SIGNED_BLOCKS_WINDOW blocks, so a stopped validator is jailed
within about half a minute. Every localnet serves swagger (api.swagger)
and Prometheus telemetry ([telemetry] enabled, retention 60 s).
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

count_arg() { # FLAG VALUE
  case $2 in
    '' | *[!0-9]*) die "$1: '$2' is not a number" ;;
  esac
  [ "$2" -ge 1 ] && [ "$2" -le "$MAX_VALIDATORS" ] || die "$1: $2 is not between 1 and $MAX_VALIDATORS"
  printf '%d' "$((10#$2))"
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
    --provider-port) needs_value "$@"; PROVIDER_PORT=$(port_arg "$1" "$2"); shift ;;
    --provider-port=*) PROVIDER_PORT=$(port_arg --provider-port "${1#*=}") ;;
    --validators) needs_value "$@"; VALIDATORS=$(count_arg "$1" "$2"); shift ;;
    --validators=*) VALIDATORS=$(count_arg --validators "${1#*=}") ;;
    --dev-dao) DEV_DAO=1 ;;
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

# val_home I, val_port BASE I: validator I's home and its port of a service.
val_home() {
  if [ "$1" = 0 ]; then printf '%s' "$NODE_HOME"; else printf '%s/val%d' "$NODE_HOME" "$1"; fi
}
val_port() { printf '%d' "$(($1 + PORT_STEP * $2))"; }

ports=()
for ((v = 0; v < VALIDATORS; v++)); do
  bases=("$RPC_PORT" "$P2P_PORT" "$API_PORT" "$GRPC_PORT")
  [ "$VALIDATORS" = 1 ] || bases+=("$PROVIDER_PORT" "$((PROVIDER_PORT + 1))")
  for base in "${bases[@]}"; do
    p=$(val_port "$base" "$v")
    [ "$p" -le 65535 ] || die "validator $v would listen on port $p (> 65535); choose lower ports"
    ports+=("$p")
  done
done
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

# set_genesis FILE KEY VALUE: sets the one line '"KEY": "…"' of the
# (indented) genesis to the string VALUE, and checks it.
set_genesis() {
  local file=$1 key=$2 value=$3 n
  n=$(grep -c "^ *\"$key\": \"[^\"]*\",\?\$" "$file" || true)
  [ "$n" = 1 ] || { echo "genesis $file has $n lines of \"$key\", want 1" >&2; return 1; }
  sed -i "s|^\( *\"$key\": \)\"[^\"]*\"|\1\"$value\"|" "$file"
  grep -q "^ *\"$key\": \"$value\"" "$file" || { echo "could not set $key in $file" >&2; return 1; }
}

# dev_periods GENESIS: the dev-chain periods of a multi-validator localnet.
dev_periods() {
  set_genesis "$1" commit_period "$COMMIT_PERIOD" &&
    set_genesis "$1" attestation_period "$ATTESTATION_PERIOD" &&
    set_genesis "$1" signed_blocks_window "$SIGNED_BLOCKS_WINDOW"
}

# dev_dao GENESIS: locked tokens count for votes at once (--dev-dao).
dev_dao() {
  set_genesis "$1" vesting 0s && set_genesis "$1" twas_window 1s
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

# add_key NAME [HOME [FILE]]: creates a test-keyring key in HOME (default
# validator 0's); its JSON (address and mnemonic, for importing into a
# wallet) goes to <home>/dev-keys/FILE.json (default NAME.json).
add_key() {
  local home=${2:-$NODE_HOME}
  local file=$NODE_HOME/dev-keys/${3:-$1}.json
  (umask 077 && aitbcd keys add "$1" --keyring-backend test --home "$home" --output json >"$file")
}

# key_address FILE: the address in a dev-keys JSON file written by add_key.
key_address() {
  sed -n 's/^{"name":"[^"]*","type":"[^"]*","address":"\([a-z0-9]*\)".*/\1/p' "$1" 2>/dev/null
}

# configure_home HOME: the dev-chain settings of a node's config files.
configure_home() {
  local cfg=$1/config
  # A snappy dev chain: 1 s blocks, REST API on, CORS open for browser
  # wallets (everything listens on 127.0.0.1 only), no pprof server.
  set_toml "$cfg/config.toml" consensus timeout_commit "\"$TIMEOUT_COMMIT\""
  set_toml "$cfg/config.toml" rpc cors_allowed_origins '["*"]'
  set_toml "$cfg/config.toml" rpc pprof_laddr '""'
  set_toml "$cfg/app.toml" api enable true
  set_toml "$cfg/app.toml" api enabled-unsafe-cors true
  set_toml "$cfg/app.toml" api swagger true
  set_toml "$cfg/app.toml" grpc enable true
  set_toml "$cfg/app.toml" telemetry enabled true
  set_toml "$cfg/app.toml" telemetry prometheus-retention-time 60
  set_toml "$cfg/client.toml" "" keyring-backend '"test"'
  set_toml "$cfg/client.toml" "" chain-id "\"$CHAIN_ID\""
  if [ "$VALIDATORS" -gt 1 ]; then
    # All peers are on 127.0.0.1, which CometBFT refuses by default.
    set_toml "$cfg/config.toml" p2p addr_book_strict false
    set_toml "$cfg/config.toml" p2p allow_duplicate_ip true
  fi
}

# init_other V initialises validator V's home and its key "validator"
# (and writes the key's address to <home>/.validator-address).
init_other() {
  local vh
  vh=$(val_home "$1")
  aitbcd init "$MONIKER-val$1" --chain-id "$CHAIN_ID" --default-denom "$DENOM" --home "$vh" &&
    add_key validator "$vh" "val$1" &&
    key_address "$NODE_HOME/dev-keys/val$1.json" >"$vh/.validator-address" &&
    [ -s "$vh/.validator-address" ]
}

# wait_log PID LOG waits for a background init step and prints its log
# (into INIT_LOG, through step).
wait_log() {
  local rc=0
  wait "$1" || rc=$?
  cat "$2"
  rm -f "$2"
  return "$rc"
}

# wait_other V waits for validator V's background init step and prints its
# log (into INIT_LOG, through step).
wait_other() {
  local rc=0
  wait "${OTHER_PIDS[$1]}" || rc=$?
  cat "$NODE_HOME/localnet-init-val$1.log"
  return "$rc"
}

init_home() {
  echo "localnet: initialising a new chain $CHAIN_ID in $NODE_HOME ($VALIDATORS validator(s))"
  mkdir -p "$NODE_HOME"
  INIT_LOG=$NODE_HOME/localnet-init.log
  : >"$INIT_LOG"
  local name v vh addr

  mkdir -p "$NODE_HOME/dev-keys"
  chmod 700 "$NODE_HOME/dev-keys"
  # The other validators' homes and keys do not depend on validator 0's:
  # make them in the background meanwhile.
  OTHER_PIDS=()
  for ((v = 1; v < VALIDATORS; v++)); do
    init_other "$v" >"$NODE_HOME/localnet-init-val$v.log" 2>&1 &
    OTHER_PIDS[v]=$!
  done
  # The dev keys (one file each in the test keyring) while aitbcd init runs.
  local key_pids=() accounts=""
  for name in "${ACCOUNTS[@]}"; do
    add_key "$name" >"$NODE_HOME/localnet-init-$name.log" 2>&1 &
    key_pids+=($!)
  done
  step "aitbcd init" aitbcd init "$MONIKER" --chain-id "$CHAIN_ID" --default-denom "$DENOM" --home "$NODE_HOME"
  for ((v = 0; v < ${#ACCOUNTS[@]}; v++)); do
    name=${ACCOUNTS[v]}
    step "keys add $name" wait_log "${key_pids[v]}" "$NODE_HOME/localnet-init-$name.log"
    addr=$(key_address "$NODE_HOME/dev-keys/$name.json")
    step "address of $name" test -n "$addr"
    accounts+="${accounts:+,}{\"address\":\"$addr\",\"coins\":[{\"denom\":\"$DENOM\",\"amount\":\"${ACCOUNT_COINS%"$DENOM"}\"}]}"
  done
  # Validators 1..N-1: their own node, key and funded account (their homes
  # were initialised in parallel, above).
  for ((v = 1; v < VALIDATORS; v++)); do
    step "aitbcd init, keys add validator (validator $v)" wait_other "$v"
    addr=$(cat "$(val_home "$v")/.validator-address")
    accounts+=",{\"address\":\"$addr\",\"coins\":[{\"denom\":\"$DENOM\",\"amount\":\"${ACCOUNT_COINS%"$DENOM"}\"}]}"
  done
  # Every account in one call.
  printf '[%s]\n' "$accounts" >"$NODE_HOME/localnet-accounts.json"
  step "genesis bulk-add-genesis-account" aitbcd genesis bulk-add-genesis-account "$NODE_HOME/localnet-accounts.json" --home "$NODE_HOME"
  rm -f "$NODE_HOME/localnet-accounts.json"
  # The first dao committee (council): it votes routine proposals, rules on
  # challenges and approves emergency proposals.
  step "genesis set-dao-committee" aitbcd genesis set-dao-committee validator,alice,bob \
    --alternates carol --keyring-backend test --home "$NODE_HOME"
  # The development-as-mining pool: no stage unlocked until a major proposal
  # advances the roadmap (see x/sourcedao/README.md).
  step "genesis fund-sourcedao-pool" aitbcd genesis fund-sourcedao-pool "$SOURCEDAO_POOL" --home "$NODE_HOME"
  if [ "$VALIDATORS" -gt 1 ]; then
    step "genesis: dev-chain periods" dev_periods "$NODE_HOME/config/genesis.json"
  fi
  if [ "$DEV_DAO" = 1 ]; then
    step "genesis: dev dao vesting" dev_dao "$NODE_HOME/config/genesis.json"
  fi
  # Every validator signs its gentx against the same genesis, into
  # validator 0's gentx directory, so that one collect-gentxs takes them all
  # (in parallel: each reads its own home; the directory must exist first).
  mkdir -p "$NODE_HOME/config/gentx"
  aitbcd genesis gentx validator "$VALIDATOR_STAKE" \
    --chain-id "$CHAIN_ID" --moniker "$MONIKER" --keyring-backend test --home "$NODE_HOME" \
    >"$NODE_HOME/localnet-init-gentx.log" 2>&1 &
  local gentx0=$!
  for ((v = 1; v < VALIDATORS; v++)); do
    vh=$(val_home "$v")
    step "copy genesis to validator $v" cp "$NODE_HOME/config/genesis.json" "$vh/config/genesis.json"
    aitbcd genesis gentx validator "$VALIDATOR_STAKE" \
      --chain-id "$CHAIN_ID" --moniker "$MONIKER-val$v" --keyring-backend test --home "$vh" \
      --output-document "$NODE_HOME/config/gentx/gentx-val$v.json" >"$NODE_HOME/localnet-init-val$v.log" 2>&1 &
    OTHER_PIDS[v]=$!
  done
  step "genesis gentx validator" wait_log "$gentx0" "$NODE_HOME/localnet-init-gentx.log"
  for ((v = 1; v < VALIDATORS; v++)); do
    step "genesis gentx validator $v" wait_other "$v"
  done
  step "genesis collect-gentxs" aitbcd genesis collect-gentxs --home "$NODE_HOME"
  step "genesis validate" aitbcd genesis validate --home "$NODE_HOME"
  for ((v = 1; v < VALIDATORS; v++)); do
    step "final genesis to validator $v" cp "$NODE_HOME/config/genesis.json" "$(val_home "$v")/config/genesis.json"
  done

  for ((v = 0; v < VALIDATORS; v++)); do
    configure_home "$(val_home "$v")"
  done

  echo "$VALIDATORS" >"$NODE_HOME/$VALIDATORS_FILE"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$NODE_HOME/$MARKER"
}

# apply_ports V writes validator V's endpoints into its config files (every
# start, so that the port flags also apply to a reused home) and, with
# several validators, the other nodes as its persistent peers.
apply_ports() {
  local v=$1 cfg peers="" w
  cfg=$(val_home "$v")/config
  set_toml "$cfg/config.toml" rpc laddr "\"tcp://127.0.0.1:$(val_port "$RPC_PORT" "$v")\""
  set_toml "$cfg/config.toml" p2p laddr "\"tcp://127.0.0.1:$(val_port "$P2P_PORT" "$v")\""
  set_toml "$cfg/app.toml" api address "\"tcp://127.0.0.1:$(val_port "$API_PORT" "$v")\""
  set_toml "$cfg/app.toml" grpc address "\"127.0.0.1:$(val_port "$GRPC_PORT" "$v")\""
  set_toml "$cfg/client.toml" "" node "\"tcp://127.0.0.1:$(val_port "$RPC_PORT" "$v")\""
  if [ "$VALIDATORS" -gt 1 ]; then
    for ((w = 0; w < VALIDATORS; w++)); do
      [ "$w" != "$v" ] || continue
      peers+="${peers:+,}${NODE_ID[w]}@127.0.0.1:$(val_port "$P2P_PORT" "$w")"
    done
    set_toml "$cfg/config.toml" p2p persistent_peers "\"$peers\""
  fi
}

port_in_use() { # PORT: something accepts connections on 127.0.0.1:PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# latest_height V: validator V's latest block height (0 before the first).
latest_height() {
  local out
  # CometBFT's /status over bash's /dev/tcp: far cheaper than starting
  # aitbcd, and it is polled often.
  out=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" &&
    printf "GET /status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3 && cat <&3' _ "$(val_port "$RPC_PORT" "$1")" 2>/dev/null) || {
    echo 0
    return
  }
  out=$(printf '%s\n' "$out" | sed -n 's/.*"latest_block_height": *"\([0-9]*\)".*/\1/p')
  echo "${out:-0}"
}

# wait_chain V waits until validator V's node has a block (at most 5 min).
wait_chain() {
  local tries=0
  until [ "$(latest_height "$1")" -ge 1 ]; do
    tries=$((tries + 1))
    [ "$tries" -le 600 ] || return 1
    sleep 0.5
  done
}

# provider_tx_file V LOG FILE: signs the unsigned transaction FILE with
# validator V's key "validator", broadcasts it, waits until it is in a block
# and the node reports that height, and checks that it succeeded. A
# transaction the CLI or CheckTx refuses (e.g. an account sequence read just
# before the last block's state was committed) is tried again, up to 3
# times. Output goes to LOG.
provider_tx_file() {
  local v=$1 log=$2 file=$3 vh node out hash code height try tries=0
  vh=$(val_home "$v")
  node=tcp://127.0.0.1:$(val_port "$RPC_PORT" "$v")
  for try in 1 2 3; do
    echo "==> aitbcd tx sign $file, broadcast (try $try)" >>"$log"
    if ! aitbcd tx sign "$file" --from validator --keyring-backend test --home "$vh" --chain-id "$CHAIN_ID" \
      --node "$node" --output-document "$file.signed" >>"$log" 2>&1; then
      sleep 1
      continue
    fi
    out=$(aitbcd tx broadcast "$file.signed" --node "$node" -b sync -o json 2>&1) || {
      printf '%s\n' "$out" >>"$log"
      sleep 1
      continue
    }
    printf '%s\n' "$out" >>"$log"
    hash=$(printf '%s' "$out" | sed -n 's/.*"txhash":"\([0-9A-F]*\)".*/\1/p')
    code=$(printf '%s' "$out" | sed -n 's/^{"height":"[0-9]*","txhash":"[0-9A-F]*","codespace":"[^"]*","code":\([0-9]*\).*/\1/p')
    if [ -z "$hash" ] || [ "${code:-0}" != 0 ]; then
      sleep 1
      continue
    fi
    out=$(aitbcd q wait-tx "$hash" --node "$node" --timeout 60s -o json 2>&1) || {
      printf '%s\n' "$out" >>"$log"
      return 1
    }
    code=$(printf '%s' "$out" | sed -n 's/^{"height":"[0-9]*","txhash":"[0-9A-F]*","codespace":"[^"]*","code":\([0-9]*\).*/\1/p')
    height=$(printf '%s' "$out" | sed -n 's/^{"height":"\([0-9]*\)".*/\1/p')
    echo "included at height ${height:-?}: code ${code:-?}, gas used $(printf '%s' "$out" | sed -n 's/.*"gas_used":"\([0-9]*\)".*/\1/p') of $SETUP_GAS" >>"$log"
    [ "$code" = 0 ] && [ -n "$height" ] || return 1
    until [ "$(latest_height "$v")" -ge "$height" ]; do
      tries=$((tries + 1))
      [ "$tries" -le 120 ] || return 1
      sleep 0.5
    done
    return 0
  done
  return 1
}

# gen_tx FILE ARGS...: `aitbcd ARGS... --generate-only` from validator v's
# key "validator" (v, vh, node and log of provider_setup) into FILE.
gen_tx() {
  local file=$1
  shift
  aitbcd "$@" --from validator --keyring-backend test --home "$vh" --chain-id "$CHAIN_ID" --node "$node" \
    --generate-only >"$file" 2>>"$log"
}

# join_txs OUT FILE...: one unsigned transaction (written to OUT) with the
# messages of every FILE (unsigned transactions from --generate-only, one
# line of JSON each), in order, and the fee of SETUP_GAS.
join_txs() {
  local out=$1 f msgs="" m
  shift
  for f in "$@"; do
    m=$(sed -n 's/^{"body":{"messages":\[\(.*\)\],"memo":.*$/\1/p' "$f")
    [ -n "$m" ] || { echo "join_txs: no messages in $f" >>"$log"; return 1; }
    msgs+=${msgs:+,}$m
  done
  sed -n 's/^{"body":{"messages":\[.*\]\(,"memo":.*\)$/\1/p' "$1" |
    sed 's/"fee":{"amount":\[[^]]*\],"gas_limit":"[0-9]*"/"fee":{"amount":[{"denom":"'"$DENOM"'","amount":"'"$SETUP_FEE"'"}],"gas_limit":"'"$SETUP_GAS"'"/' |
    { IFS= read -r tail; printf '{"body":{"messages":[%s]%s\n' "$msgs" "$tail"; } >"$out"
  grep -q "\"gas_limit\":\"$SETUP_GAS\"" "$out" || { echo "join_txs: could not set the fee in $out" >>"$log"; return 1; }
}

# provider_setup V makes validator V a working GPU provider, skipping what
# the chain (or the home) already has: the hot key, its grants, the provider
# registration, an offer of its GPUs, and provider.toml. Output goes to
# <val home>/provider-setup.log.
provider_setup() {
  local v=$1 vh node log hot op toml gpus_set
  vh=$(val_home "$v")
  node=tcp://127.0.0.1:$(val_port "$RPC_PORT" "$v")
  log=$vh/provider-setup.log
  : >"$log"
  fail() {
    {
      echo "localnet: error: validator $v: $1 failed; its provider is not ready, the chain goes on. Last lines of $log:"
      tail -n 8 "$log" | sed 's/^/localnet:   /'
    } >&2
    return 1
  }
  op=${OPERATOR[v]}
  # The hot key, in this validator's own test keyring.
  # (A home initialised by this run has none: no keys show to find out.)
  local keyfile=$NODE_HOME/dev-keys/$HOT_KEY.json
  [ "$v" = 0 ] || keyfile=$NODE_HOME/dev-keys/$HOT_KEY-val$v.json
  if [ "$FRESH" = 1 ] || ! hot=$(aitbcd keys show "$HOT_KEY" -a --keyring-backend test --home "$vh" 2>>"$log"); then
    add_key "$HOT_KEY" "$vh" "$(basename "$keyfile" .json)" >>"$log" 2>&1 || { fail "keys add $HOT_KEY"; return 1; }
    hot=$(key_address "$keyfile")
    [ -n "$hot" ] || { fail "keys add $HOT_KEY (no address in $keyfile)"; return 1; }
  fi

  # provider.toml: the default, then this validator's values (every start,
  # so the port flags apply to a reused home). Like the hot key and the
  # unsigned setup transaction below, it needs no chain: it is made while
  # the nodes start.
  # (provider init never overwrites: a reused home keeps its file.)
  toml=$vh/config/provider.toml
  [ -f "$toml" ] || toml=$(aitbcd provider init --home "$vh" 2>>"$log") || { fail "provider init"; return 1; }
  set_toml "$toml" node grpc "\"127.0.0.1:$(val_port "$GRPC_PORT" "$v")\""
  set_toml "$toml" node rpc "\"tcp://127.0.0.1:$(val_port "$RPC_PORT" "$v")\""
  set_toml "$toml" key name "\"$HOT_KEY\""
  set_toml "$toml" key keyring_backend '"test"'
  set_toml "$toml" key operator "\"$op\""
  set_toml "$toml" key gas_prices "\"$GAS_PRICES\""
  set_toml "$toml" artifacts listen "\"127.0.0.1:$(val_port "$PROVIDER_PORT" "$v")\""
  set_toml "$toml" artifacts public_base_url "\"http://127.0.0.1:$(val_port "$PROVIDER_PORT" "$v")\""
  set_toml "$toml" metrics listen "\"127.0.0.1:$(val_port "$((PROVIDER_PORT + 1))" "$v")\""
  gpus_set=$(grep -c '^\[\[gpus\]\]' "$toml" || true)
  if [ "$gpus_set" = 0 ]; then
    printf '\n[[gpus]]\nmodel = "%s"\nvram_mib = %d\ncount = %d\n' \
      "$PROVIDER_GPU_MODEL" "$PROVIDER_GPU_VRAM" "$PROVIDER_GPU_COUNT" >>"$toml"
  fi

  # What the chain already has. One transaction holds whatever
  # is missing: register-provider, the grants of 'provider authorize' (what
  # 'provider setup-keys' prints) and create-offer, so a validator is set up
  # in one block. On a home initialised by this run the chain has none of
  # them and the first try skips the queries; a try whose inclusion was not
  # seen asks the chain again, so nothing is sent twice blindly.
  is_provider() { aitbcd query compute provider "${VALOPER[v]}" --node "$node" >/dev/null 2>&1; }
  has_grants() { # every message type 'provider authorize' grants
    local m types
    gen_tx "$vh/setup-authorize.json" provider authorize "$hot" --fee-grant=false || return 1
    types=$(grep -o '"msg":"[^"]*"' "$vh/setup-authorize.json" | sed 's/^"msg":"//; s/"$//')
    [ -n "$types" ] || return 1
    for m in $types; do
      aitbcd query authz grants "$op" "$hot" "$m" --node "$node" >/dev/null 2>&1 || return 1
    done
  }
  has_feegrant() { aitbcd query feegrant grant "$op" "$hot" --node "$node" >/dev/null 2>&1; }
  has_offer() {
    aitbcd query compute offers --page-limit 1000 -o json --node "$node" 2>>"$log" | tr -d ' \n' | grep -q "\"provider\":\"${VALOPER[v]}\""
  }
  local try need_provider need_grants need_feegrant need_offer parts
  need_provider=1 need_grants=1 need_feegrant=1 need_offer=1
  for try in 1 2 3; do
    if [ "$try" -gt 1 ] || [ "$FRESH" = 0 ]; then
      wait_chain "$v" || { fail "waiting for the first block"; return 1; }
      need_provider=1 need_grants=1 need_feegrant=1 need_offer=1
      ! is_provider || need_provider=0
      ! has_grants || need_grants=0
      ! has_feegrant || need_feegrant=0
      ! has_offer || need_offer=0
    fi
    [ $((need_provider + need_grants + need_feegrant + need_offer)) -gt 0 ] || break
    parts=()
    if [ "$need_provider" = 1 ]; then
      gen_tx "$vh/setup-register.json" tx compute register-provider "$PROVIDER_BOND" --gpus "$PROVIDER_GPUS" \
        --endpoint "http://127.0.0.1:$(val_port "$API_PORT" "$v")" --region local || { fail "register-provider --generate-only"; return 1; }
      parts+=("$vh/setup-register.json")
    fi
    if [ "$need_grants" = 1 ] || [ "$need_feegrant" = 1 ]; then
      gen_tx "$vh/setup-authorize.json" provider authorize "$hot" --fee-grant="$([ "$need_feegrant" = 1 ] && echo true || echo false)" ||
        { fail "provider authorize --generate-only"; return 1; }
      parts+=("$vh/setup-authorize.json")
    fi
    if [ "$need_offer" = 1 ]; then
      gen_tx "$vh/setup-offer.json" tx compute create-offer "$PROVIDER_GPUS" "$OFFER_PRICE" "$OFFER_MIN_HOURS" "$OFFER_MAX_HOURS" ||
        { fail "create-offer --generate-only"; return 1; }
      parts+=("$vh/setup-offer.json")
    fi
    join_txs "$vh/setup-tx.json" "${parts[@]}" || { fail "joining the setup messages"; return 1; }
    rm -f "${parts[@]}"
    wait_chain "$v" || { fail "waiting for the first block"; return 1; }
    if provider_tx_file "$v" "$log" "$vh/setup-tx.json"; then
      rm -f "$vh/setup-tx.json" "$vh/setup-tx.json.signed"
      need_provider=0 need_grants=0 need_feegrant=0 need_offer=0
      break
    fi
    echo "(not confirmed; asking the chain again)" >>"$log"
  done
  if [ $((need_provider + need_grants + need_feegrant + need_offer)) -gt 0 ]; then
    fail "the setup transaction (register-provider, provider authorize, create-offer)"
    return 1
  fi
  echo "localnet: validator $v is an x/compute provider, authorized its hot key $hot and offers $PROVIDER_GPU_COUNT x $PROVIDER_GPU_MODEL at $OFFER_PRICE per GPU-hour"
}

# start_daemon V starts validator V's provider daemon in the background
# (log <val home>/provider.log, pid <val home>/provider.pid).
start_daemon() {
  local vh
  vh=$(val_home "$1")
  "$BIN" provider start --home "$vh" --log_no_color >>"$vh/provider.log" 2>&1 &
  echo $! >"$vh/provider.pid"
  DAEMON_PID[$1]=$!
}

# alive PID: the process runs (exited children stay zombies until waited
# for, and kill -0 still reaches a zombie).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  if [ -r "/proc/$1/stat" ]; then
    case $(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) in Z* | X*) return 1 ;; esac
  fi
  return 0
}

# providers_stop ends what providers started: the setups, then the daemons
# (SIGTERM, SIGKILL after 10 s).
providers_stop() {
  trap - TERM
  local pid n=0 alive
  for pid in "${setup_pids[@]}" "${DAEMON_PID[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  while [ "$n" -lt 20 ]; do
    alive=0
    for pid in "${DAEMON_PID[@]}"; do
      if alive "$pid"; then alive=1; fi
    done
    [ "$alive" = 1 ] || break
    sleep 0.5
    n=$((n + 1))
  done
  for pid in "${DAEMON_PID[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  # Reap them, so that none outlives the script (even for a moment).
  for pid in "${setup_pids[@]}" "${DAEMON_PID[@]}"; do wait "$pid" 2>/dev/null || true; done
  exit 0
}

# providers runs in the background of a multi-validator localnet: once the
# chain has a block, every validator's provider_setup in parallel, then the
# daemons; it prints the ready line and reports daemons that exit.
providers() {
  local v tries=0 pid rc ok=1 setup_pids=() live
  declare -A DAEMON_PID=()
  # SIGTERM (from stop_all): stop the setup and the daemons, wait for them.
  trap 'providers_stop' TERM
  # Each setup prepares what needs no chain, then waits for its node's
  # first block.
  for ((v = 0; v < VALIDATORS; v++)); do
    provider_setup "$v" &
    setup_pids[v]=$!
  done
  for ((v = 0; v < VALIDATORS; v++)); do
    wait "${setup_pids[v]}" || ok=0
  done
  for ((v = 0; v < VALIDATORS; v++)); do
    start_daemon "$v"
    echo "localnet: validator $v's provider daemon runs (pid ${DAEMON_PID[$v]}, log $(val_home "$v")/provider.log)"
  done
  if [ "$ok" = 1 ]; then
    echo "localnet: providers ready"
    echo "localnet: ${SECONDS}s from start to ready"
  else
    echo "localnet: error: not every provider could be set up (see above); no 'providers ready'" >&2
  fi
  # Report daemons that exit; the chain does not depend on them.
  while :; do
    live=()
    for ((v = 0; v < VALIDATORS; v++)); do
      [ -z "${DAEMON_PID[$v]:-}" ] || live+=("${DAEMON_PID[$v]}")
    done
    [ "${#live[@]}" -gt 0 ] || break
    rc=0
    wait -n -p pid "${live[@]}" || rc=$?
    for ((v = 0; v < VALIDATORS; v++)); do
      if [ "${DAEMON_PID[$v]:-}" = "$pid" ]; then
        unset "DAEMON_PID[$v]"
        echo "localnet: validator $v's provider daemon exited (status $rc); the chain goes on. Restart it with: $BIN provider start --home $(val_home "$v")" >&2
      fi
    done
  done
}

# ---------------------------------------------------------------------------

for p in "${ports[@]}"; do
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
    FRESH=1
    echo "localnet: initialised in ${SECONDS}s"
    ;;
  notdir)
    die "$NODE_HOME exists and is not a directory"
    ;;
  incomplete)
    refuse "$NODE_HOME exists but its initialisation did not finish (no $MARKER)"
    ;;
  complete)
    had=1
    [ ! -f "$NODE_HOME/$VALIDATORS_FILE" ] || had=$(cat "$NODE_HOME/$VALIDATORS_FILE")
    if [ "$had" != "$VALIDATORS" ]; then
      refuse "$NODE_HOME was initialised with $had validator(s), not $VALIDATORS; run with --validators $had to reuse it"
    fi
    for ((v = 0; v < VALIDATORS; v++)); do
      for f in config/config.toml config/app.toml config/client.toml config/genesis.json \
        config/priv_validator_key.json config/node_key.json; do
        [ -f "$(val_home "$v")/$f" ] || refuse "$(val_home "$v")/$f is missing"
      done
    done
    if ! out=$(aitbcd genesis validate --home "$NODE_HOME" 2>&1); then
      refuse "the genesis of $NODE_HOME is not valid: $(printf '%s' "$out" | tail -n 3)"
    fi
    for ((v = 1; v < VALIDATORS; v++)); do
      cmp -s "$NODE_HOME/config/genesis.json" "$(val_home "$v")/config/genesis.json" ||
        refuse "the genesis of validator $v ($(val_home "$v")) differs from validator 0's"
    done
    echo "localnet: reusing the existing chain in $NODE_HOME (initialised $(cat "$NODE_HOME/$MARKER")); pass --reset for a new one"
    ;;
esac

declare -A ADDR
# (from the dev-keys files when there, which is cheaper than keys show)
for name in "${ACCOUNTS[@]}"; do
  ADDR[$name]=$(key_address "$NODE_HOME/dev-keys/$name.json")
  [ -n "${ADDR[$name]}" ] ||
    ADDR[$name]=$(aitbcd keys show "$name" -a --keyring-backend test --home "$NODE_HOME" 2>/dev/null) ||
    refuse "the dev key '$name' is missing from the keyring of $NODE_HOME"
done

# Each validator's operator address and node id (several validators only).
VALOPER=()
OPERATOR=()
NODE_ID=()
if [ "$VALIDATORS" -gt 1 ]; then
  # The operator and node ids of all validators at once (in the background,
  # into <val home>/.localnet-ids).
  id_pids=()
  for ((v = 0; v < VALIDATORS; v++)); do
    vh=$(val_home "$v")
    {
      aitbcd keys show validator -a --bech val --keyring-backend test --home "$vh" 2>/dev/null || echo
      aitbcd comet show-node-id --home "$vh" 2>/dev/null || echo
    } >"$vh/.localnet-ids" &
    id_pids[v]=$!
  done
  for ((v = 0; v < VALIDATORS; v++)); do
    vh=$(val_home "$v")
    wait "${id_pids[v]}" || true
    { IFS= read -r VALOPER[v] && IFS= read -r NODE_ID[v]; } <"$vh/.localnet-ids" || true
    rm -f "$vh/.localnet-ids"
    [ -n "${VALOPER[v]}" ] || refuse "the key 'validator' is missing from the keyring of $vh"
    [ -n "${NODE_ID[v]}" ] || refuse "no node id in $vh"
    if [ "$v" = 0 ]; then OPERATOR[v]=${ADDR[validator]}; else OPERATOR[v]=$(key_address "$NODE_HOME/dev-keys/val$v.json"); fi
    [ -n "${OPERATOR[v]}" ] ||
      OPERATOR[v]=$(aitbcd keys show validator -a --keyring-backend test --home "$vh" 2>/dev/null) ||
      refuse "the key 'validator' is missing from the keyring of $vh"
  done
fi

for ((v = 0; v < VALIDATORS; v++)); do
  apply_ports "$v"
done

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
if [ "$VALIDATORS" -gt 1 ]; then
  echo
  echo "Validators ($VALIDATORS, 100 AITBC bonded each). Once the chain runs, each registers"
  echo "as an x/compute provider with GPUs $PROVIDER_GPUS, offers them at"
  echo "$OFFER_PRICE per GPU-hour and starts its provider daemon (hot key \"$HOT_KEY\")."
  printf '  %-3s %-6s %-6s %-6s %-6s %s\n' "#" RPC P2P API gRPC "operator / home / provider"
  for ((v = 0; v < VALIDATORS; v++)); do
    printf '  %-3d %-6d %-6d %-6d %-6d %s\n' "$v" \
      "$(val_port "$RPC_PORT" "$v")" "$(val_port "$P2P_PORT" "$v")" "$(val_port "$API_PORT" "$v")" \
      "$(val_port "$GRPC_PORT" "$v")" "${VALOPER[v]}"
    printf '  %-31s home      %s\n' "" "$(val_home "$v")"
    printf '  %-31s artifacts http://127.0.0.1:%d/artifacts/  metrics http://127.0.0.1:%d/metrics\n' "" \
      "$(val_port "$PROVIDER_PORT" "$v")" "$(val_port "$((PROVIDER_PORT + 1))" "$v")"
    printf '  %-31s daemon    %s/provider.log (pid in provider.pid)\n' "" "$(val_home "$v")"
  done
  echo
  echo "Submit a job once 'localnet: providers ready' is printed; it settles by itself:"
  echo "  $BIN tx compute submit-job $ROOT/examples/jobs/count.json --from alice --chain-id $CHAIN_ID --keyring-backend test --home $NODE_HOME --node tcp://127.0.0.1:$RPC_PORT --gas auto --gas-adjustment 1.5 --gas-prices $GAS_PRICES -y"
  echo "  $BIN q compute lease 1 --node tcp://127.0.0.1:$RPC_PORT"
fi
cat <<EOF

Try:
  $BIN tx bank send alice ${ADDR[bob]} 1000000$DENOM --fees 500$DENOM --chain-id $CHAIN_ID --keyring-backend test --home $NODE_HOME --node tcp://127.0.0.1:$RPC_PORT -y
  curl -s http://127.0.0.1:$API_PORT/cosmos/base/tendermint/v1beta1/blocks/latest
EOF
if [ "$VALIDATORS" = 1 ]; then
  echo "Register the validator as an x/compute provider (once the chain runs):"
  echo "  $BIN tx compute register-provider $PROVIDER_BOND --gpus '$PROVIDER_GPUS' --endpoint http://127.0.0.1:$API_PORT --region local --from validator --chain-id $CHAIN_ID --keyring-backend test --home $NODE_HOME --node tcp://127.0.0.1:$RPC_PORT --gas auto --gas-adjustment 1.3 --gas-prices $GAS_PRICES -y"
fi
echo "Example compute jobs: $ROOT/examples/jobs/README.md"
echo "================================================"
echo

if [ "$VALIDATORS" = 1 ]; then
  echo "localnet: starting the node (Ctrl-C to stop)"
  exec "$BIN" start --home "$NODE_HOME"
fi

# Several nodes: run them in the background, with the provider setup and
# daemons (providers) beside them. Ctrl-C, SIGTERM, or validator 0's node
# exiting stops everything; another node exiting is reported and the others
# go on (the network survives one validator down), and so is a daemon.
PIDS=()
PROVIDERS_PID=""
stop_all() {
  trap - INT TERM
  local pid alive n=0
  # providers stops its daemons (and waits for them) when it gets SIGTERM.
  [ -z "$PROVIDERS_PID" ] || kill -TERM "$PROVIDERS_PID" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Nodes flush their stores on SIGTERM: give them up to 30 s, then kill.
  while [ "$n" -lt 60 ]; do
    alive=0
    for pid in "${PIDS[@]}" $PROVIDERS_PID; do
      if alive "$pid"; then alive=1; fi
    done
    [ "$alive" = 1 ] || break
    sleep 0.5
    n=$((n + 1))
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "localnet: stopped all $VALIDATORS nodes and their provider daemons"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

echo "localnet: starting $VALIDATORS nodes (Ctrl-C stops all); validator 0 logs below, validator i to $NODE_HOME/val<i>/node.log"
for ((v = 0; v < VALIDATORS; v++)); do
  if [ "$v" = 0 ]; then
    "$BIN" start --home "$NODE_HOME" &
  else
    "$BIN" start --home "$(val_home "$v")" >"$(val_home "$v")/node.log" 2>&1 &
  fi
  PIDS+=($!)
  echo $! >"$(val_home "$v")/node.pid"
done
providers &
PROVIDERS_PID=$!

# Wait for nodes to exit: validator 0's stops everything, another's is
# reported.
declare -A LIVE=()
for ((v = 0; v < VALIDATORS; v++)); do LIVE[$v]=${PIDS[v]}; done
while :; do
  rc=0
  gone=""
  wait -n -p gone "${LIVE[@]}" || rc=$?
  [ -n "$gone" ] || continue
  for ((v = 0; v < VALIDATORS; v++)); do
    [ "${LIVE[$v]:-}" = "$gone" ] || continue
    unset "LIVE[$v]"
    if [ "$v" = 0 ]; then
      echo "localnet: error: validator 0's node exited (status $rc); stopping everything" >&2
      stop_all
      exit 1
    fi
    echo "localnet: validator $v's node exited (status $rc); the other nodes go on (restart it with: $BIN start --home $(val_home "$v"))" >&2
  done
done
