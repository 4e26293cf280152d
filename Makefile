# Thin wrappers over go commands. `make` alone lists the targets.
.DEFAULT_GOAL := help
FUZZTIME ?= 10000x
export CGO_ENABLED = 0

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

build: ## Build bin/mandate (the front agents and people run) and bin/mandate-engine
	go build -trimpath -o bin/ ./cmd/mandate ./cmd/mandate-engine

test: ## Run every test, then each fuzz target for $(FUZZTIME) executions
	go test ./...
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

.PHONY: help build test demo bench man vet
