#!/usr/bin/env bash
# What a change costs the processes every agent tool call may start:
# builds mandate-engine at two revisions and times, interleaved with the
# empty static Go binary, the in-process hook (a real Claude Code payload,
# allowed: policy, decision, evidence append with fdatasync, answer) and
# check --command, as scripts/bench.sh does for one build; then the same
# hook and check through each revision's front and resident engine.
#
#   scripts/bench-ab.sh [BEFORE [AFTER]]    default: main and the work tree
#
# Both builds use CGO_ENABLED=0 -trimpath, as make build does: a binary
# built with cgo is dynamically linked once anything links package net,
# and the dynamic loader alone costs about 0.3x of the empty binary.
# On a shared machine the numbers move with the load; run as root, the
# timed processes get a real-time priority (chrt -f 50) so that they do
# not wait behind other work. BENCH_RUNS sets the runs (default 400).
set -euo pipefail
cd "$(dirname "$0")/.."
before="${1:-main}" after="${2:-}"
runs="${BENCH_RUNS:-400}"
export CGO_ENABLED=0
tmp=$(mktemp -d)
# Stop the resident engines the fronts started (SIGTERM, as a service
# manager would), then remove the scratch directory.
stop_engines() {
  for p in /proc/[0-9]*; do
    case "$(readlink "$p/exe" 2>/dev/null)" in "$tmp"/*/mandate-engine) kill -TERM "${p#/proc/}" 2>/dev/null || true ;; esac
  done
}
trap 'stop_engines; rm -rf "$tmp"' EXIT

build() { # build REV DIR: mandate-engine of REV ("" = the work tree) into DIR
  if [ -z "$1" ]; then
    go build -trimpath -o "$2/" ./cmd/mandate ./cmd/mandate-engine
  else
    mkdir -p "$2/src"
    git archive "$1" | tar -x -C "$2/src"
    (cd "$2/src" && go build -trimpath -o "$2/" ./cmd/mandate ./cmd/mandate-engine)
  fi
}
build "$before" "$tmp/a"
build "$after" "$tmp/b"
go build -trimpath -o "$tmp/empty" ./scripts/bench/empty
go build -o "$tmp/proctime" ./scripts/bench/proctime

fixtures="${FIXTURES:-../shared/agent-harness/fixtures}"
payload_src="$fixtures/claude/shell.pre.json"
for p in internal/agent/claude/testdata/fixtures/shell.pre.json internal/agent/claude/testdata/shell.pre.json; do [ -f "$p" ] && payload_src=$p && break; done
# A fixture repository per revision: a repository is tied to the state
# directory its first governed call used (.git/mandate-state, internal/
# gate's statemark.go), and the two revisions' state directories differ.
# The check commands run in a third.
for r in repo repo-a repo-b; do
  mkdir -p "$tmp/$r/.git" "$tmp/$r/src"
  echo 'ref: refs/heads/main' > "$tmp/$r/.git/HEAD"
  cp internal/policy/testdata/example.yaml "$tmp/$r/agent-policy.yaml"
  sed "s#/home/dev/project#$tmp/$r#g; s#/home/dev#$tmp/home#g" "$payload_src" |
    sed 's#"command":"[^"]*"#"command":"git status --short"#' > "$tmp/payload-$r.json"
done
repo="$tmp/repo"
# Each revision gets a state directory of its own: an older engine may not
# read a newer one's state (its evidence log, locks) and would then fail
# every run instead of being timed.
export HOME="$tmp/home" MANDATE_RESIDENT=off
mkdir -p "$HOME"
for e in a b; do MANDATE_HOME="$tmp/inproc-$e" "$tmp/$e/mandate-engine" hook claude < "$tmp/payload-repo-$e.json" > /dev/null 2>&1 || true; done
ia="MANDATE_HOME=$tmp/inproc-a $tmp/a/mandate-engine" ib="MANDATE_HOME=$tmp/inproc-b $tmp/b/mandate-engine"
sa="STDIN=$tmp/payload-repo-a.json" sb="STDIN=$tmp/payload-repo-b.json"

rt=()
if [ "$(id -u)" = 0 ] && command -v chrt > /dev/null; then rt=(chrt -f 50); fi
cd "$repo"
echo "a = ${before:-work tree}, b = ${after:-work tree}; $runs runs each, interleaved${rt:+, real-time priority}"
"${rt[@]}" "$tmp/proctime" -n "$runs" -stdin "$tmp/payload-repo.json" \
  "$tmp/empty" "$sa $ia hook claude" "$sb $ib hook claude"
"${rt[@]}" "$tmp/proctime" -n "$runs" -ok 0,3,4 \
  "$tmp/empty" "$ia check --command ls" "$ib check --command ls" \
  "$ia version" "$ib version"

# The path agents take: the front (mandate) forwarding to a resident engine
# of its own revision, each revision with a state directory of its own
# (started by a first call, as on any machine where an agent runs). The
# repository is tied to the state directory its first governed call used
# (.git/mandate-state, internal/gate's statemark.go); moving to another is
# what a person does by removing the mark.
rm -f "$tmp"/repo-[ab]/.git/mandate-state
for e in a b; do
  if [ -x "$tmp/$e/mandate" ]; then
    MANDATE_RESIDENT= MANDATE_HOME="$tmp/state-$e" "$tmp/$e/mandate" hook claude < "$tmp/payload-repo-$e.json" > /dev/null 2>&1 || true
    for _ in $(seq 50); do [ -S "$tmp/state-$e/serve.sock" ] && break; sleep 0.1; done
  fi
done
if [ -S "$tmp/state-a/serve.sock" ] && [ -S "$tmp/state-b/serve.sock" ]; then
  echo
  echo "resident engine running (mandate hook claude, the command mandate install writes):"
  "${rt[@]}" "$tmp/proctime" -n "$runs" -stdin "$tmp/payload-repo.json" \
    "$tmp/empty" "$sa MANDATE_RESIDENT= MANDATE_HOME=$tmp/state-a $tmp/a/mandate hook claude" \
    "$sb MANDATE_RESIDENT= MANDATE_HOME=$tmp/state-b $tmp/b/mandate hook claude"
  "${rt[@]}" "$tmp/proctime" -n "$runs" -ok 0,3,4 \
    "$tmp/empty" "MANDATE_RESIDENT= MANDATE_HOME=$tmp/state-a $tmp/a/mandate check --command ls" \
    "MANDATE_RESIDENT= MANDATE_HOME=$tmp/state-b $tmp/b/mandate check --command ls"
else
  echo "(no resident engine for both revisions: the front's comparison is skipped)"
fi
