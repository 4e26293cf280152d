#!/usr/bin/env bash
# Runs every fuzz target in the module for a short budget (default 10000
# executions each), so that CI exercises the parsers with new inputs, not
# only the seeds. The budget is a count ("Nx"), not a duration: a duration
# races the Go 1.26 fuzz coordinator's deadline (golang/go#75804) and fails
# targets that found nothing. A crash writes its input to testdata/fuzz/.
#
# Each package's instrumented test binary is built once and run once per
# target, in the package's directory, with the same corpus cache `go test
# -fuzz` uses: what `go test` would add per target is a relink and its own
# start-up, about two seconds, times 150 targets.
set -euo pipefail
cd "$(dirname "$0")/.."
t="${1:-10000x}"
fail=0
bin=$(mktemp -d)
out="$bin/out"
trap 'rm -rf "$bin"' EXIT
cache="$(go env GOCACHE)/fuzz"
while read -r pkg dir; do
  targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u || true)
  [ -n "$targets" ] || continue
  if ! go test -c -fuzz . -o "$bin/pkg.test" "$pkg" >"$out" 2>&1; then
    echo "fuzz $pkg: build failed"; cat "$out"; fail=1; continue
  fi
  for f in $targets; do
    echo "fuzz $pkg $f ($t)"
    if ! (cd "$dir" && "$bin/pkg.test" -test.run '^$' -test.fuzz "^${f}\$" -test.fuzztime "$t" \
      -test.timeout 5m -test.fuzzcachedir "$cache/$pkg") >"$out" 2>&1; then
      cat "$out"; fail=1
    fi
  done
done < <(go list -f '{{.ImportPath}} {{.Dir}}' ./...)
exit $fail
