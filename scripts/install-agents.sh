#!/usr/bin/env bash
# install-agents.sh [--check | --force]
#
# Installs the pinned agent CLIs that Mandate's end-to-end tests (internal/agentrun) drive
# offline against the fake model server:
#   @anthropic-ai/claude-code@2.1.330   @google/gemini-cli@0.61.0
#   @openai/codex@0.169.0               @github/copilot@1.0.102
# into ${MANDATE_AGENTS_DIR:-$HOME/.cache/mandate-agents}/node_modules.
# The pins must match internal/agentrun/agents.go (TestInstallScriptPins checks it).
#
#   (no flag)  install unless every pinned agent is already present and runnable (idempotent)
#   --check    only check; exit 0 = ready, 1 = missing or wrong version; installs nothing
#   --force    run npm install even when the check passes
#
# Needs bash, node >= 20 and npm; network access to the npm registry only when installing.
# npm runs with --ignore-scripts: no package code runs at install time. The tests execute the
# native binaries of the platform packages directly (e.g. @anthropic-ai/claude-code-linux-x64/claude),
# so no postinstall step is needed.
set -euo pipefail

DIR="${MANDATE_AGENTS_DIR:-$HOME/.cache/mandate-agents}"
AGENTS=(claude gemini codex copilot)

pkg() {
  case "$1" in
    claude) echo "@anthropic-ai/claude-code" ;;
    gemini) echo "@google/gemini-cli" ;;
    codex) echo "@openai/codex" ;;
    copilot) echo "@github/copilot" ;;
  esac
}
pin() {
  case "$1" in
    claude) echo "2.1.330" ;;
    gemini) echo "0.61.0" ;;
    codex) echo "0.169.0" ;;
    copilot) echo "1.0.102" ;;
  esac
}

log() { echo "install-agents: $*" >&2; }

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; }

MODE=install
case "${1:-}" in
  "") ;;
  --check) MODE=check ;;
  --force) MODE=force ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 64 ;;
esac

# platform suffix of the native packages: linux-x64, darwin-arm64, linux-x64-musl ...
platform() {
  local os arch libc=""
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os="$(uname -s | tr 'A-Z' 'a-z')" ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  if [ "$os" = linux ] && ldd --version 2>&1 | grep -qi musl; then libc=-musl; fi
  echo "$os-$arch$libc"
}

# cmd AGENT -> prints the command (one word per line) that runs the agent; fails when missing.
cmd() {
  local nm="$DIR/node_modules" c
  case "$1" in
    claude)
      for c in "$nm/@anthropic-ai/claude-code-$(platform)/claude" "$nm/@anthropic-ai/claude-code-$(platform | sed 's/-musl$//')/claude"; do
        if [ -x "$c" ]; then echo "$c"; return 0; fi
      done
      return 1 ;;
    gemini) [ -f "$nm/@google/gemini-cli/package.json" ] && [ -e "$nm/.bin/gemini" ] && printf '%s\n' node "$nm/.bin/gemini" ;;
    codex) [ -x "$nm/.bin/codex" ] && echo "$nm/.bin/codex" ;;
    copilot) [ -x "$nm/.bin/copilot" ] && echo "$nm/.bin/copilot" ;;
  esac
}

installed_version() {
  local pj="$DIR/node_modules/$(pkg "$1")/package.json"
  [ -f "$pj" ] || return 0
  node -e 'try{console.log(require(process.argv[1]).version||"")}catch(e){}' "$pj"
}

check() {
  local a want have out rc=0 tmph
  local -a c
  tmph="$(mktemp -d)"
  for a in "${AGENTS[@]}"; do
    want="$(pin "$a")"
    have="$(installed_version "$a")"
    if [ "$have" != "$want" ]; then
      log "  $a: $(pkg "$a") ${have:-not installed} (want $want)"; rc=1; continue
    fi
    if ! mapfile -t c < <(cmd "$a") || [ "${#c[@]}" -eq 0 ]; then
      log "  $a: $(pkg "$a")@$want installed but its binary or platform package is missing"; rc=1; continue
    fi
    # isolated HOME and no network so --version leaves nothing behind
    out="$(cd "$tmph" && env HOME="$tmph" COPILOT_OFFLINE=true COPILOT_AUTO_UPDATE=false DISABLE_AUTOUPDATER=1 \
      DISABLE_TELEMETRY=1 timeout 60 "${c[@]}" --version < /dev/null 2>&1 || true)"
    case "$out" in
      *"$want"*) log "  $a $want ok" ;;
      *) log "  $a: '${c[*]} --version' did not report $want: $(printf '%s' "$out" | tail -c 300)"; rc=1 ;;
    esac
  done
  rm -rf "$tmph"
  return $rc
}

log "agents dir: $DIR"
if [ "$MODE" = check ]; then
  check && exit 0 || exit 1
fi
if [ "$MODE" = install ] && check; then
  log "all pinned agents installed; nothing to do"
  exit 0
fi

command -v node > /dev/null || { log "node not found (need Node.js >= 20 with npm)"; exit 1; }
command -v npm > /dev/null || { log "npm not found"; exit 1; }
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || { log "node $(node --version) is too old (need >= 20)"; exit 1; }

mkdir -p "$DIR"
if command -v flock > /dev/null; then # one installer at a time per directory
  exec 9> "$DIR/.install.lock"
  flock 9
fi
deps=""
for a in "${AGENTS[@]}"; do
  deps="$deps${deps:+,}\"$(pkg "$a")\":\"$(pin "$a")\""
done
tmp="$DIR/package.json.tmp.$$"
printf '{"name":"mandate-agents","private":true,"description":"pinned agent CLIs for mandate e2e tests (written by scripts/install-agents.sh)","dependencies":{%s}}\n' "$deps" > "$tmp"
mv -f "$tmp" "$DIR/package.json"
log "npm install (downloads several hundred MB of native binaries) ..."
(cd "$DIR" && npm install --no-audit --no-fund --ignore-scripts --include=optional --loglevel=warn) || {
  log "npm install failed"; exit 1; }
if check; then
  log "done"
else
  log "installed, but the check still fails (see above)"
  exit 1
fi
