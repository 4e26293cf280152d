#!/usr/bin/env bash
# test-agents-e2e.sh [go test flags...]
#
# CI entry point for the real-agent end-to-end tests: installs the pinned agent CLIs when
# missing (scripts/install-agents.sh; a no-op when they are present), then runs
# internal/agentrun's TestAgents and internal/e2e's TestMandateHook with MANDATE_REQUIRE_AGENTS=1, so a missing agent fails the
# run instead of skipping it. Needs node >= 20 with npm, and network access to the npm
# registry only for the first install; the tests themselves use 127.0.0.1 only.
set -euo pipefail
root="$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)"
"$root/scripts/install-agents.sh"
cd "$root"
MANDATE_REQUIRE_AGENTS=1 exec go test -count=1 -run 'TestAgents|TestMandateHook' "$@" ./internal/agentrun/ ./internal/e2e/
