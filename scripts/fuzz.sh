#!/usr/bin/env bash
# Runs every fuzz target in the module for a short budget (default 10000
# executions each), so that CI exercises the parsers with new inputs, not
# only the seeds. The budget is a count ("Nx"), not a duration: a duration
# races the Go 1.26 fuzz coordinator's deadline (golang/go#75804) and fails
# targets that found nothing. A crash writes its input to testdata/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
t="${1:-10000x}"
fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u || true)
  for f in $targets; do
    echo "fuzz $pkg $f ($t)"
    if ! go test -run '^$' -fuzz "^${f}\$" -fuzztime "$t" -timeout 5m "$pkg" >"$out" 2>&1; then
      cat "$out"; fail=1
    fi
  done
done
exit $fail
