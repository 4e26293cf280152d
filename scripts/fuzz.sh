#!/usr/bin/env bash
# Runs every fuzz target in the module for a short time (default 4s each),
# so that CI exercises the parsers with new inputs, not only the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
t="${1:-4s}"
fail=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u || true)
  for f in $targets; do
    echo "fuzz $pkg $f ($t)"
    if ! go test -run '^$' -fuzz "^${f}\$" -fuzztime "$t" "$pkg" >/tmp/mandate-fuzz.out 2>&1; then
      cat /tmp/mandate-fuzz.out; fail=1
    fi
  done
done
exit $fail
