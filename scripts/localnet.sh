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
# to all others. One genesis holds every gentx. Once the chain runs, each
# validator registers as an x/compute provider with declared GPUs.
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
GAS_PRICES=0.0025$DENOM # the minimum gas price aitbcd init writes

BIN=$ROOT/build/aitbcd
NODE_HOME=$ROOT/build/localnet
RESET=0
RPC_PORT=26657
P2P_PORT=26656
API_PORT=1317
GRPC_PORT=9090
VALIDATORS=1

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
  --validators N    number of validators, 1-$MAX_VALIDATORS (default 1); a home keeps
                    the count it was initialised with (change it with --reset)
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
All nodes are persistent peers of each other. Once the chain runs, every
validator registers as an x/compute provider (bond 1,000 AITBC, GPUs
$PROVIDER_GPUS).
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
    --validators) needs_value "$@"; VALIDATORS=$(count_arg "$1" "$2"); shift ;;
    --validators=*) VALIDATORS=$(count_arg --validators "${1#*=}") ;;
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
  for base in "$RPC_PORT" "$P2P_PORT" "$API_PORT" "$GRPC_PORT"; do
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
  set_toml "$cfg/client.toml" "" keyring-backend '"test"'
  set_toml "$cfg/client.toml" "" chain-id "\"$CHAIN_ID\""
  if [ "$VALIDATORS" -gt 1 ]; then
    # All peers are on 127.0.0.1, which CometBFT refuses by default.
    set_toml "$cfg/config.toml" p2p addr_book_strict false
    set_toml "$cfg/config.toml" p2p allow_duplicate_ip true
  fi
}

init_home() {
  echo "localnet: initialising a new chain $CHAIN_ID in $NODE_HOME ($VALIDATORS validator(s))"
  mkdir -p "$NODE_HOME"
  INIT_LOG=$NODE_HOME/localnet-init.log
  : >"$INIT_LOG"
  local name v vh addr

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
  # Validators 1..N-1: their own node, key and funded account.
  for ((v = 1; v < VALIDATORS; v++)); do
    vh=$(val_home "$v")
    step "aitbcd init (validator $v)" aitbcd init "$MONIKER-val$v" --chain-id "$CHAIN_ID" --default-denom "$DENOM" --home "$vh"
    step "keys add validator (validator $v)" add_key validator "$vh" "val$v"
    addr=$(aitbcd keys show validator -a --keyring-backend test --home "$vh")
    step "add-genesis-account validator $v" aitbcd genesis add-genesis-account "$addr" "$ACCOUNT_COINS" --home "$NODE_HOME"
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
  # Each other validator signs its gentx against the same genesis, into
  # validator 0's gentx directory, so that one collect-gentxs takes them all.
  for ((v = 1; v < VALIDATORS; v++)); do
    vh=$(val_home "$v")
    step "copy genesis to validator $v" cp "$NODE_HOME/config/genesis.json" "$vh/config/genesis.json"
    step "genesis gentx validator $v" aitbcd genesis gentx validator "$VALIDATOR_STAKE" \
      --chain-id "$CHAIN_ID" --moniker "$MONIKER-val$v" --keyring-backend test --home "$vh" \
      --output-document "$NODE_HOME/config/gentx/gentx-val$v.json"
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
  out=$(aitbcd status --node "tcp://127.0.0.1:$(val_port "$RPC_PORT" "$1")" 2>/dev/null) || {
    echo 0
    return
  }
  out=$(printf '%s' "$out" | sed -n 's/.*"latest_block_height":"\([0-9]*\)".*/\1/p')
  echo "${out:-0}"
}

# register_providers registers every validator that is not yet a provider
# in x/compute (a register-provider tx from its own account, gas simulated
# first), once the chain has a block. Runs in the background of a
# multi-validator localnet.
register_providers() {
  local v vh node out tries=0
  until [ "$(latest_height 0)" -ge 1 ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 300 ]; then
      echo "localnet: the chain made no block; the x/compute providers are not registered" >&2
      return 1
    fi
    sleep 0.5
  done
  for ((v = 0; v < VALIDATORS; v++)); do
    vh=$(val_home "$v")
    node=tcp://127.0.0.1:$(val_port "$RPC_PORT" "$v")
    if aitbcd query compute provider "${VALOPER[v]}" --node "$node" >/dev/null 2>&1; then
      echo "localnet: validator $v is already an x/compute provider"
      continue
    fi
    if out=$(aitbcd tx compute register-provider "$PROVIDER_BOND" --gpus "$PROVIDER_GPUS" \
      --endpoint "http://127.0.0.1:$(val_port "$API_PORT" "$v")" --region local \
      --from validator --keyring-backend test --home "$vh" --chain-id "$CHAIN_ID" --node "$node" \
      --gas auto --gas-adjustment 1.3 --gas-prices "$GAS_PRICES" -y -o json 2>&1) &&
      printf '%s' "$out" | grep -q '"code":0'; then
      echo "localnet: validator $v registers as an x/compute provider (tx $(printf '%s' "$out" | sed -n 's/.*"txhash":"\([0-9A-F]*\)".*/\1/p'))"
    else
      echo "localnet: validator $v could not register as an x/compute provider: $(printf '%s' "$out" | tail -n 3)" >&2
    fi
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
for name in "${ACCOUNTS[@]}"; do
  ADDR[$name]=$(aitbcd keys show "$name" -a --keyring-backend test --home "$NODE_HOME" 2>/dev/null) ||
    refuse "the dev key '$name' is missing from the keyring of $NODE_HOME"
done

# Each validator's operator address and node id (several validators only).
VALOPER=()
NODE_ID=()
if [ "$VALIDATORS" -gt 1 ]; then
  for ((v = 0; v < VALIDATORS; v++)); do
    vh=$(val_home "$v")
    VALOPER[v]=$(aitbcd keys show validator -a --bech val --keyring-backend test --home "$vh" 2>/dev/null) ||
      refuse "the key 'validator' is missing from the keyring of $vh"
    NODE_ID[v]=$(aitbcd comet show-node-id --home "$vh" 2>/dev/null) || refuse "no node id in $vh"
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
  echo "Validators ($VALIDATORS, 100 AITBC bonded each; each registers as an x/compute"
  echo "provider with GPUs $PROVIDER_GPUS once the chain runs)"
  printf '  %-3s %-6s %-6s %-6s %-6s %s\n' "#" RPC P2P API gRPC "operator / home"
  for ((v = 0; v < VALIDATORS; v++)); do
    printf '  %-3d %-6d %-6d %-6d %-6d %s\n' "$v" \
      "$(val_port "$RPC_PORT" "$v")" "$(val_port "$P2P_PORT" "$v")" "$(val_port "$API_PORT" "$v")" \
      "$(val_port "$GRPC_PORT" "$v")" "${VALOPER[v]}"
    printf '  %-31s %s\n' "" "$(val_home "$v")"
  done
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

# Several nodes: run them in the background; Ctrl-C, SIGTERM, or any node
# exiting stops them all.
PIDS=()
REGISTER_PID=""
stop_all() {
  trap - INT TERM
  local pid alive n=0
  [ -z "$REGISTER_PID" ] || kill -TERM "$REGISTER_PID" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Nodes flush their stores on SIGTERM: give them up to 30 s, then kill.
  while [ "$n" -lt 60 ]; do
    alive=0
    for pid in "${PIDS[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    [ "$alive" = 1 ] || break
    sleep 0.5
    n=$((n + 1))
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "localnet: stopped all $VALIDATORS nodes"
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
done
register_providers &
REGISTER_PID=$!

# Wait until a node exits (the provider registration ends on its own).
rc=0
while :; do
  rc=0
  wait -n "${PIDS[@]}" || rc=$?
  gone=0
  for pid in "${PIDS[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then gone=1; fi
  done
  [ "$gone" = 0 ] || break
done
echo "localnet: error: a node exited (status $rc); stopping the others" >&2
stop_all
exit 1
