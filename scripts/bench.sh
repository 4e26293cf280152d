#!/usr/bin/env bash
# Re-runnable benchmarks for Mandate's hot paths (results go in BENCHMARKS.md).
#
#   scripts/bench.sh [OUT]      default OUT: bench-results.txt
#
# 1. Go benchmarks: policy decisions (example policy, 500 rules), shell
#    analysis, redaction throughput, evidence append/verify, the hook path,
#    the engine's handling of a forwarded hook and check call.
# 2. Whole processes, interleaved in the same run, each against an empty
#    static Go binary (the baseline: the cost of starting any Go program
#    here):
#    a. without a resident engine: mandate-engine deciding in its own
#       process (version, check --command, hook claude with a real Claude
#       Code payload: policy load, decision, evidence append with
#       fdatasync, answer): what every call costs when the engine is off
#       (MANDATE_RESIDENT=off) or not started yet;
#    b. with the resident engine running (started by the first hook or
#       check call, as on any machine where an agent runs): mandate check
#       --command and mandate hook claude, the command mandate install
#       writes.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-results.txt}"
runs="${BENCH_RUNS:-300}"
count="${BENCH_COUNT:-3}"
export CGO_ENABLED=0
tmp=$(mktemp -d)
# Stop the engine the front started: the process running this run's
# mandate-engine (SIGTERM, as a service manager would).
stop_engine() {
  for p in /proc/[0-9]*; do
    if [ "$(readlink "$p/exe" 2>/dev/null)" = "$tmp/mandate-engine" ]; then kill -TERM "${p#/proc/}" 2>/dev/null || true; fi
  done
}
trap 'stop_engine; rm -rf "$tmp"' EXIT

go build -trimpath -o "$tmp/" ./cmd/mandate ./cmd/mandate-engine
go build -trimpath -o "$tmp/empty" ./scripts/bench/empty
go build -o "$tmp/proctime" ./scripts/bench/proctime
go build -o "$tmp/fsync" ./scripts/bench/fsync

# A repository with the seed's example policy, and a Claude Code payload
# captured from the real CLI, pointed at it.
repo="$tmp/repo"
mkdir -p "$repo/.git" "$repo/src"
echo 'ref: refs/heads/main' > "$repo/.git/HEAD"
fixtures="${FIXTURES:-../shared/agent-harness/fixtures}"
if [ -f internal/agent/claude/testdata/shell.pre.json ]; then
  payload_src=internal/agent/claude/testdata/shell.pre.json
else
  payload_src="$fixtures/claude/shell.pre.json"
fi
cp internal/policy/testdata/example.yaml "$repo/agent-policy.yaml"
sed "s#/home/dev/project#$repo#g; s#/home/dev#$tmp/home#g" "$payload_src" > "$tmp/payload-deny.json"
# The same payload with a command the policy allows: the common path.
sed 's#"command":"[^"]*"#"command":"git status --short"#' "$tmp/payload-deny.json" > "$tmp/payload.json"
export MANDATE_HOME="$tmp/state" HOME="$tmp/home"
mkdir -p "$HOME"
"$tmp/mandate-engine" hook claude < "$tmp/payload.json" >/dev/null 2>&1 || true   # first use: keys, session, policy

{
  echo "# Mandate benchmarks — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(free -g | awk '/Mem:/{print $2" GiB"}')"
  echo "go: $(go version)"
  echo "disk: $(df -T "$tmp" | awk 'NR==2{print $1" "$2}')"
  echo
  echo "## Go benchmarks (count=$count)"
  go test -run '^$' -bench . -benchmem -count "$count" \
    ./internal/policy ./internal/shell ./internal/redact ./internal/evidence ./internal/hook/... ./internal/cli 2>&1 \
    | grep -E '^(Benchmark|goos|pkg|ok|FAIL)' || true
  echo
  echo "## Whole processes ($runs runs each, interleaved; ratio to the empty binary)"
  cd "$repo"
  echo
  echo "### a. No resident engine: every process decides alone"
  "$tmp/proctime" -n "$runs" -ok 0,3,4 \
    "$tmp/empty" \
    "$tmp/mandate-engine version" \
    "$tmp/mandate-engine check --command ls"
  echo
  echo "mandate-engine hook claude, allowed command (decision, evidence append with fdatasync, answer):"
  "$tmp/proctime" -n "$runs" -stdin "$tmp/payload.json" \
    "$tmp/empty" \
    "$tmp/mandate-engine hook claude"
  echo
  echo "### b. The resident engine running (started by the first hook or check call)"
  "$tmp/mandate" hook claude < "$tmp/payload.json" >/dev/null 2>&1 || true
  for _ in $(seq 50); do [ -S "$MANDATE_HOME/serve.sock" ] && break; sleep 0.1; done
  "$tmp/proctime" -n "$runs" -ok 0,3,4 \
    "$tmp/empty" \
    "$tmp/mandate check --command ls" \
    "$tmp/mandate check --command 'npm install left-pad'"
  echo
  echo "mandate hook claude, allowed command (the hook mandate install writes; decision, evidence append with fdatasync, answer):"
  "$tmp/proctime" -n "$runs" -stdin "$tmp/payload.json" \
    "$tmp/empty" \
    "$tmp/mandate hook claude"
  echo
  echo "mandate hook claude, denied command (exit 2 is its answer):"
  "$tmp/proctime" -n "$runs" -ok 0,2 -stdin "$tmp/payload-deny.json" \
    "$tmp/empty" \
    "$tmp/mandate hook claude"
  echo
  echo "The durability floor on this disk: every hook call appends its record and fdatasyncs it"
  echo "before it answers (compare with the empty binary's median above):"
  "$tmp/fsync" "$tmp"
  echo
  echo "engine: $(grep -c . "$MANDATE_HOME/serve.log" 2>/dev/null || echo 0) log lines; $(tail -1 "$MANDATE_HOME/serve.log" 2>/dev/null)"
} | tee "$out"
