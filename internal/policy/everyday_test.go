package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestEverydayGlobsAndFind: issue 9 item 9, no false alarms. A glob's
// directory matches are no read for a program that reads only the files
// it is given; find -exec hands its command only what its tests select.
// The same shapes stay denied where they do reach a blocked path.
func TestEverydayGlobsAndFind(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	const g, f = "benign/everyday glob-directory", "benign/everyday find-tests"
	runFSCases(t, p, []fsCase{
		{class: g, cmd: "cat *", want: Allow},
		{class: g, cmd: "grep -l TODO *", want: Allow},
		{class: g, cmd: "grep -l TODO *", trust: action.ReadOnly, want: Allow},
		{class: g, cmd: "wc -l *", want: Allow},
		{class: g, cmd: "head -n1 *", want: Allow},
		{class: g, cmd: "md5sum *", want: Allow},
		{class: g, cmd: "ls -d *", want: Allow},
		{class: g, cmd: "ls *", want: Deny, reason: "infrastructure"},            // lists infrastructure/
		{class: g, cmd: "du -sh *", want: Deny, reason: "infrastructure"},        // walks it
		{class: g, cmd: "mytool *", want: Deny, reason: "agent-policy.yaml"},     // may write what it is handed
		{class: g, cmd: "grep -r TODO *", want: Deny, reason: ".env.production"}, // descends
		{class: g, cmd: "grep -d recurse TODO *", want: Deny},
		{class: g, cmd: "cat .e*", want: Deny, reason: ".env"},
		{class: f, cmd: "find src -name '*.go' -exec sed -i 's/foo/bar/' {} +", want: Allow},
		{class: f, cmd: "find src -exec sed -i 's/foo/bar/' {} +", want: Deny},
		{class: f, cmd: "find src -name p -exec rm {} +", want: Deny, reason: "hard link"},
		{class: f, cmd: "find . -name '*.tmp' -exec rm {} +", want: Allow},
		{class: f, cmd: "find . -iname '.ENV' -exec cat {} +", want: Deny, reason: ".env"},
		{class: f, cmd: "find src -name '*.go' -o -name p -exec cat {} +", want: Deny}, // -o: every file
		{class: f, cmd: "find src -type f -name '*.go' -exec wc -l {} +", want: Allow},
	})
}

// TestSpellingsAndSinks: block_commands patterns match the spellings a
// program reads as the same command (block-command/option-spelling,
// dependency-alias through a package runner); a digest of a Mandate
// binary is no copy of it, and the agent's own descriptors by their /proc
// names are no file writes (benign/everyday).
func TestSpellingsAndSinks(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	const s, b = "block-command/option-spelling", "benign/everyday"
	runFSCases(t, p, []fsCase{
		{class: s, cmd: "kubectl --context production get pods", want: Deny, reason: "--context=production"},
		{class: s, cmd: "kubectl get secrets --context 'production'", want: Deny},
		{class: s, cmd: "kubectl --context staging get pods", want: Allow},
		{class: s, cmd: "kubectl --context -- production", want: Allow}, // not a value
		{class: "block-command/dependency-alias", cmd: "npx npm@latest install left-pad", want: Deny, reason: "npm install"},
		// npm ls changes nothing, but npx fetches npm@latest to run it.
		{class: "exec/package-runner", cmd: "npx npm@latest ls", want: Ask},
		{class: b, cmd: "sha256sum ~/bin/mandate ~/bin/mandate-engine", want: Allow},
		{class: "self-protection/binary", cmd: "cat ~/bin/mandate > /dev/null", want: Deny, reason: "Mandate binary"},
		{class: "self-protection/state-read", cmd: "sha256sum ~/.local/state/mandate/evidence/signer.key", want: Deny},
		{class: b, cmd: "echo done > /proc/self/fd/1", want: Allow},
		{class: b, cmd: "echo done 2> /proc/thread-self/fd/2", want: Allow},
		{class: "write/proc-fd-alias", cmd: "echo x > /proc/self/fd/../cwd/agent-policy.yaml", want: Deny, reason: "policy file"},
	})
}

// TestDependencySpellings: dependency changes meet block_commands in the
// manager's own words and the path rules for the manifest they rewrite
// (block-command/dependency-alias); installing what is recorded does not.
func TestDependencySpellings(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	const d = "block-command/dependency-alias"
	runFSCases(t, p, []fsCase{
		{class: d, cmd: "npm i lodash", want: Deny, reason: "npm install"},
		{class: d, cmd: "npm --save install lodash", want: Deny, reason: "npm install"},
		{class: d, cmd: "npm inst lodash", want: Deny, reason: "npm install"},
		{class: d, cmd: "pip3 -q install requests", want: Deny, reason: "pip install"},
		{class: d, cmd: "uv pip install requests", want: Deny, reason: "pip install"},
		{class: d, cmd: "python3 -m pip install requests", want: Deny, reason: "pip install"},
		{class: d, cmd: "cargo +nightly add serde", want: Deny, reason: "cargo add"},
		{class: d, cmd: "pnpm add lodash", want: Deny, reason: "package.json"},
		{class: d, cmd: "cd src && yarn add lodash", want: Deny, reason: "package.json"},
		{class: d, cmd: "go get example.com/lib@v1.2.3", want: Deny, reason: "go.mod"},
		{class: d, cmd: "uv add requests", want: Deny, reason: "pyproject.toml"},
		{class: d, cmd: "npm install -D left-pad", want: Deny, reason: `block_commands "npm install"`},
		{class: "benign/everyday", cmd: "npm ci", want: Allow},
		{class: "benign/everyday", cmd: "npm run build", want: Allow},
		{class: "benign/everyday", cmd: "pip3 list", want: Allow},
		{class: "benign/everyday", cmd: "cargo test", want: Allow},
		{class: "benign/everyday", cmd: "pnpm install", want: Allow}, // pnpm's regex is not npm's
	})
}
