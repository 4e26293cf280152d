package gate

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/policy"
)

// red-team round 28, #304: a trust answer revoked is taken for a harmless
// rewrite. Codex loads a project's .codex/ (its hooks.json) only for a
// trusted project, Gemini CLI runs no project hook in an untrusted
// folder; routingHarmless lists Codex's projects.*.trust_level and every
// member of Gemini's trustedFolders.json. A process left behind by an
// allowed command writes trust_level = "untrusted": the next hook call
// records a governance-change, no lock, and the next `codex exec` runs
// without Mandate's project hooks (verified with Codex 0.169.0: README.x
// written outside allow_paths, the signer key read, no session recorded).
// Granting trust routes nothing new; revoking it routes around Mandate.
func TestTrustRevokedWithNothingInFlightLocks(t *testing.T) {
	for _, tc := range []struct {
		name, file, before, after string
		locks                     bool
	}{
		{"codex project distrusted", ".codex/config.toml",
			"model = \"o3\"\n\n[projects.\"/home/dev/project\"]\ntrust_level = \"trusted\"\n",
			"model = \"o3\"\n\n[projects.\"/home/dev/project\"]\ntrust_level = \"untrusted\"\n", true},
		{"codex project trust removed", ".codex/config.toml",
			"model = \"o3\"\n\n[projects.\"/home/dev/project\"]\ntrust_level = \"trusted\"\n",
			"model = \"o3\"\n", true},
		{"gemini folder distrusted", ".gemini/trustedFolders.json",
			`{"/home/dev/project":"TRUST_FOLDER"}`, `{"/home/dev/project":"DO_NOT_TRUST"}`, true},
		{"gemini parent distrusted", ".gemini/trustedFolders.json",
			`{"/home/dev/project":"TRUST_FOLDER"}`, `{"/home/dev/project":"TRUST_FOLDER","/home/dev":"DO_NOT_TRUST"}`, true},
		{"gemini folder answer removed", ".gemini/trustedFolders.json",
			`{"/home/dev/project":"TRUST_FOLDER"}`, `{}`, true},
		{"codex trust level unknown", ".codex/config.toml",
			"[projects.\"/home/dev/project\"]\ntrust_level = \"trusted\"\n",
			"[projects.\"/home/dev/project\"]\ntrust_level = \"maybe\"\n", true},
		// everyday answers: trust granted, or another folder's answer
		{"codex project trusted", ".codex/config.toml",
			"model = \"o3\"\n",
			"model = \"o3\"\n\n[projects.\"/home/dev/project\"]\ntrust_level = \"trusted\"\n", false},
		{"codex other folder distrusted", ".codex/config.toml",
			"[projects.\"/home/dev/project\"]\ntrust_level = \"trusted\"\n",
			"[projects.\"/home/dev/project\"]\ntrust_level = \"trusted\"\n[projects.\"/elsewhere/x\"]\ntrust_level = \"untrusted\"\n", false},
		{"gemini folder trusted again", ".gemini/trustedFolders.json",
			`{"/home/dev/project":"DO_NOT_TRUST"}`, `{"/home/dev/project":"TRUST_PARENT"}`, false},
		{"gemini other folder distrusted", ".gemini/trustedFolders.json",
			`{"/home/dev/project":"TRUST_FOLDER"}`, `{"/home/dev/project":"TRUST_FOLDER","/elsewhere/x":"DO_NOT_TRUST"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			path := filepath.Join(e.repo, filepath.FromSlash(tc.file))
			if strings.HasPrefix(tc.file, ".gemini/trusted") {
				path = filepath.Join(e.home, filepath.FromSlash(tc.file))
			}
			// the project's trust answer is keyed by the repository's path
			write(t, path, strings.ReplaceAll(strings.ReplaceAll(tc.before, "/home/dev/project", e.repo), "/home/dev", filepath.Dir(e.repo)))
			write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
			write(t, filepath.Join(e.repo, ".codex", "hooks.json"), `{"hooks":{"PreToolUse":[{"hooks":[{"type":"command","command":"mandate hook codex"}]}]}}`)
			write(t, filepath.Join(e.repo, ".gemini", "settings.json"), `{"hooks":{"BeforeTool":[{"hooks":[{"type":"command","command":"mandate hook gemini"}]}]}}`)
			e.g = e.gateAt(t, e.repo)
			e.landed(t)
			write(t, path, strings.ReplaceAll(strings.ReplaceAll(tc.after, "/home/dev/project", e.repo), "/home/dev", filepath.Dir(e.repo)))
			g := e.gateAt(t, e.repo)
			d := g.Pre(context.Background(), e.call(e.repo, "s-new", "t-2", "ls"))
			if !tc.locks {
				if d.Decision == policy.Deny || len(e.ofType(t, evidence.TypeTamper)) != 0 {
					t.Errorf("%s: %s, %d tamper records: granting trust, or another folder's answer, must stay a governance-change", tc.file, d.Decision, len(e.ofType(t, evidence.TypeTamper)))
				}
				return
			}
			if d.Decision != policy.Deny || len(e.ofType(t, evidence.TypeTamper)) == 0 {
				t.Errorf("%s: %s, %d tamper records, %d governance-change records: revoking the trust that loads Mandate's project hooks is taken for a harmless rewrite ", tc.file, d.Decision, len(e.ofType(t, evidence.TypeTamper)), len(e.ofType(t, evidence.TypeGovernanceChange)))
			}
		})
	}
}
