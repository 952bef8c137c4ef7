package config

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultTOML is the commented provider.toml for Default().
func DefaultTOML() string {
	d := Default()
	q := strconv.Quote
	list := func(xs []string) string {
		qs := make([]string, len(xs))
		for i, x := range xs {
			qs[i] = q(x)
		}
		return "[" + strings.Join(qs, ", ") + "]"
	}
	return fmt.Sprintf(`# provider.toml: the AITBC provider daemon (aitbcd provider start).
# Relative paths resolve against the node home.

# Directory for job inputs, outputs and logs, one subdirectory per lease.
work_dir = %s

[node]
# gRPC of this node: queries, gas simulation and broadcast.
grpc = %s
# CometBFT RPC of this node; events are read from <rpc>/websocket, with
# polling as a fallback.
rpc = %s

[key]
# The hot key that signs compute messages only; the operator key stays
# offline. 'aitbcd provider' prints the command that authorizes it.
name = %s
# Keyring backend of the node home holding the hot key. "test" keeps it
# unencrypted so the daemon runs unattended; the key can only send compute
# messages and spend its fee grant.
keyring_backend = %s
# The validator operator's ACCOUNT address (aitbc1...): the key the hot key
# signs for and whose fee grant pays. Required by 'provider start'.
operator = %s
# Gas prices of the hot key's transactions; at least the node's
# minimum-gas-prices.
gas_prices = %s

[input]
# Largest job input fetched, in bytes; larger inputs fail the lease early.
max_bytes = %d

[artifacts]
# Where the artifact HTTP server listens; other validators and consumers
# download outputs from it.
listen = %s
# The base URL others reach the server at; results carry
# <public_base_url>/artifacts/<result hash>/.
public_base_url = %s

# Declared GPUs, used when nvidia-smi is absent. One table per model:
# [[gpus]]
# model = "A100"
# vram_mib = 81920
# count = 2

[runner]
# Runner kinds accepted, in preference order: "command" runs a workload's
# command as a subprocess; "container" runs its image.
kinds = %s
# Container runtimes tried in order; with none installed, container
# workloads are declined with "no container runtime".
container_runtimes = %s

[metrics]
# Prometheus endpoint (/metrics); empty disables it.
listen = %s

[fault]
# TEST ONLY: corrupt every output so attesters find the result invalid and
# the provider is slashed. Never enable on a real node.
wrong_output = false
`, q(d.WorkDir), q(d.Node.GRPC), q(d.Node.RPC), q(d.Key.Name), q(d.Key.KeyringBackend), q(d.Key.Operator), q(d.Key.GasPrices),
		d.Input.MaxBytes, q(d.Artifacts.Listen), q(d.Artifacts.PublicBaseURL),
		list(d.Runner.Kinds), list(d.Runner.ContainerRuntimes), q(d.Metrics.Listen))
}
