# AITBC chain — build, test and local network targets.
#   make localnet   build and start a single-validator chain (./build/localnet)
#   make localnet-multi  the same with 4 validators (./build/localnet-multi)
#   make test       unit, keeper, app (with a short simulation), in-process
#                   network and end-to-end tests
#   make sim        app simulation: full run, import/export, after import,
#                   determinism (make sim-long: hundreds of blocks)

BUILDDIR ?= $(CURDIR)/build
BINARY   := $(BUILDDIR)/aitbcd
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse HEAD 2>/dev/null)

ldflags := -X github.com/cosmos/cosmos-sdk/version.Name=aitbc \
	-X github.com/cosmos/cosmos-sdk/version.AppName=aitbcd \
	-X github.com/cosmos/cosmos-sdk/version.Version=$(VERSION) \
	-X github.com/cosmos/cosmos-sdk/version.Commit=$(COMMIT)
BUILD_FLAGS := -ldflags '$(ldflags)'

# Packages whose tests run in `make test`; the e2e package builds the binary itself.
GO_TEST_TIMEOUT ?= 30m

.PHONY: all build install test test-unit test-race test-e2e sim sim-long bench lint fmt-check \
	proto-gen proto-check chain-meta localnet localnet-multi clean

all: build

build:
	go build $(BUILD_FLAGS) -o $(BINARY) ./cmd/aitbcd

install:
	go install $(BUILD_FLAGS) ./cmd/aitbcd

# Packages that start nodes and bind loopback ports run one at a time, so
# two of them never race for a port; the rest run in parallel.
NODE_PKGS := ./testutil/network/... ./tests/...
UNIT_PKGS  = $(shell go list ./... | grep -v -e /tests/ -e /testutil/network)

# Every test: keeper and app tests, in-process networks and the end-to-end
# test that drives the real binary. Fuzz targets run their seed corpus.
test: build ts-deps
	go test -count=1 -timeout $(GO_TEST_TIMEOUT) $(UNIT_PKGS)
	AITBCD_BIN=$(BINARY) go test -count=1 -p 1 -timeout $(GO_TEST_TIMEOUT) $(NODE_PKGS)

test-unit:
	go test -count=1 -short ./...

test-race:
	go test -count=1 -race -short ./...

test-e2e: build
	AITBCD_BIN=$(BINARY) go test -count=1 -v -timeout $(GO_TEST_TIMEOUT) ./tests/e2e/...

# The app simulation (app/sim_test.go): random blocks of every module's
# messages, hostile ones included, every module invariant checked after
# every block. `make test` runs its short profile with the app tests; these
# run the larger ones. SIM_FLAGS passes x/simulation flags, e.g.
# SIM_FLAGS='-Seed=7 -NumBlocks=50 -Verbose'.
SIM_TESTS   := '^(TestFullAppSimulation|TestAppImportExport|TestAppSimulationAfterImport|TestAppStateDeterminism)$$'
SIM_TIMEOUT ?= 2h
SIM_FLAGS   ?=

sim:
	AITBC_SIM=full go test -count=1 -v -timeout $(SIM_TIMEOUT) -run $(SIM_TESTS) ./app/ $(SIM_FLAGS)

sim-long:
	AITBC_SIM=long go test -count=1 -v -timeout 0 -run $(SIM_TESTS) ./app/ $(SIM_FLAGS)

# Explores the app-level fuzz target beyond the seed corpus `make test`
# runs; a failing input is saved under app/testdata/fuzz/FuzzApp. An
# execution runs up to 16 blocks, so minimizing each new input for the
# default minute would take most of the run.
FUZZTIME ?= 10m
FUZZPARALLEL ?= 2
FUZZMINIMIZETIME ?= 5s
.PHONY: fuzz
fuzz:
	go test -run '^$$' -fuzz '^FuzzApp$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) \
		-parallel $(FUZZPARALLEL) ./app/

bench:
	go test -run '^$$' -bench . -benchmem ./...

lint: fmt-check
	go vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

proto-gen:
	bash scripts/protocgen.sh
	bash scripts/openapigen.sh

# Fails when the committed generated code (or OpenAPI document) differs
# from what the protos give.
GENERATED := '*.pb.go' '*.pb.gw.go' docs/openapi/openapi.yaml
proto-check: proto-gen
	@if [ -n "$$(git status --porcelain -- $(GENERATED))" ]; then \
		echo "generated protobuf code is stale; run 'make proto-gen' and commit:"; \
		git status --porcelain -- $(GENERATED); exit 1; fi
	@echo "generated protobuf code is up to date"

# The TypeScript client (clients/ts, see its README): npm ci from the
# lockfile (node from apt where missing), regeneration, staleness check.
.PHONY: ts-deps ts-gen ts-check
ts-deps:
	bash scripts/node-deps.sh
ts-gen: ts-deps
	bash scripts/protocgen-ts.sh
ts-check: ts-gen
	@if [ -n "$$(git status --porcelain -- clients/ts/src/gen)" ]; then \
		echo "generated TypeScript client is stale; run 'make ts-gen' and commit:"; \
		git status --porcelain -- clients/ts/src/gen; exit 1; fi
	@echo "generated TypeScript client is up to date"

# The chain-registry, Keplr and TypeScript chain info files from chain/chain.go
# (chain/chain_test.go fails when they are stale).
chain-meta:
	go run ./tools/chainmeta

localnet: build
	bash scripts/localnet.sh $(LOCALNET_FLAGS)

# Four validators in one chain on this machine, each an x/compute provider
# with an offer and its provider daemon (scripts/localnet.sh --help);
# its own home, so that it never meets a single-validator one.
LOCALNET_VALIDATORS ?= 4
localnet-multi: build
	bash scripts/localnet.sh --validators $(LOCALNET_VALIDATORS) --home $(BUILDDIR)/localnet-multi $(LOCALNET_FLAGS)

clean:
	rm -rf $(BUILDDIR)
