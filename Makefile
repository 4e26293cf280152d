# Thin wrappers over go commands. `make` alone lists the targets.
.DEFAULT_GOAL := help
FUZZTIME ?= 10000x
# CI sets TESTFLAGS=-count=1 so that no result comes from the test cache.
TESTFLAGS ?=
export CGO_ENABLED = 0

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

build: ## Build bin/mandate (the front agents and people run) and bin/mandate-engine
	go build -trimpath -o bin/ ./cmd/mandate ./cmd/mandate-engine

test: ## Run every test, then each fuzz target for $(FUZZTIME) executions
	go test $(TESTFLAGS) ./...
	./scripts/fuzz.sh $(FUZZTIME)

demo: ## Run the demo on the embedded defaults
	go run ./cmd/mandate demo

bench: ## Run the benchmark script (writes bench results; see BENCHMARKS.md)
	./scripts/bench.sh

man: ## Generate the manual pages (man/man1/mandate*.1) from the command tree
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) go run ./scripts/mangen -out man/man1

vet: ## Run go vet and the gofmt check
	go vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }

# The platforms built for but not run here: build and vet (which compiles
# the tests too) for each. CI runs this; see README, Platforms.
CROSS = darwin/arm64 darwin/amd64 windows/amd64 linux/arm64
cross: ## Build and vet for macOS, Windows and Linux arm64 (nothing is run)
	@set -e; for t in $(CROSS); do echo "-- $$t"; \
	  GOOS=$${t%/*} GOARCH=$${t#*/} go build ./...; \
	  GOOS=$${t%/*} GOARCH=$${t#*/} go vet ./...; done

.PHONY: help build test demo bench man vet cross
