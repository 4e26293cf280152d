package policy

import (
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy/fixture"
	"github.com/mandate-dev/mandate/internal/shell"
)

// TestCandidateWrites: arguments of programs whose writes are not
// modelled count as writes when they name something the rules protect.
func TestCandidateWrites(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	cand := func(cmd string, args ...string) *shell.Analysis {
		a := &shell.Analysis{Commands: []shell.Command{{Name: cmd, Prog: cmd, Args: args, Line: cmd + " " + strings.Join(args, " "), Cwd: fixture.Root}}}
		for _, arg := range args {
			v := arg
			if _, after, ok := strings.Cut(arg, "="); ok {
				v = after
			}
			if strings.HasPrefix(v, "-") {
				continue
			}
			pth := v
			if !strings.HasPrefix(pth, "/") {
				pth = fixture.Root + "/" + pth
			}
			a.Writes = append(a.Writes, shell.PathRef{Path: cleanPath(pth), Cmd: cmd, Why: "argument", Candidate: true,
				Glob: strings.ContainsAny(v, "*?["), Dynamic: strings.Contains(v, "$")})
		}
		return a
	}
	runFSCases(t, p, []fsCase{
		{class: "candidate-protected", an: cand("shuf", "-o", "agent-policy.yaml", "README.md"), want: Deny, reason: "possible write to \"agent-policy.yaml\""},
		{class: "candidate-protected", an: cand("xxd", "-r", "x.hex", "src/p"), want: Deny, reason: "the same file as agent-policy.yaml"},
		{class: "candidate-protected", an: cand("rename", "s/x/y/", ".claude/settings.json"), want: Deny},
		{class: "candidate-protected", an: cand("tool", "--out=/home/dev/.local/state/mandate/evidence/log"), want: Deny},
		{class: "candidate-protected", an: cand("tool", "/home/dev/.claude"), want: Deny, reason: "hook configuration"},
		{class: "candidate-blocked", an: cand("tool", "infrastructure/main.tf"), want: Deny, reason: "block_paths"},
		{class: "candidate-blocked", an: cand("tool", "/home/dev/.aws/credentials"), want: Deny, reason: "credential store"},
		{class: "candidate-allow-paths", an: cand("tool", "README.md"), want: Deny, reason: "allow_paths"},
		{class: "candidate-allow-paths", an: cand("tool", "/tmp/out.txt"), want: Deny, reason: "allow_paths"},
		{class: "candidate-approval", an: cand("tool", "package.json"), want: Deny},
		{class: "candidate-glob", an: cand("tool", "ag*"), want: Deny, reason: "agent-policy.yaml"},
		// Not writes: bare words naming nothing, existing directories
		// that only hold protected files, unknown whole arguments.
		{class: "candidate-ignored", an: cand("tool", "build", "main"), want: Allow},
		{class: "candidate-ignored", an: cand("tool", "."), want: Allow},
		{class: "candidate-ignored", an: cand("tool", "/home/dev"), want: Allow},
		{class: "candidate-ignored", an: cand("tool", "src"), want: Allow},
		{class: "candidate-ignored", an: cand("tool", "$TARGET"), want: Allow},
		{class: "candidate-ignored", an: cand("tool", "src/out.bin"), want: Allow},
	})
}
