package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// extPolicy exercises the extension rule kinds next to the seed's.
const extPolicy = `
policies:
  - name: egress
    description: Agents reach only the hosts they need
    rules:
      - allow_hosts: ["github.com", "*.golang.org", "10.0.0.1"]
      - block_hosts: ["*.evil.example"]
  - name: releases
    description: Releases need a human
    rules:
      - require_approval_commands: ["git tag", "terraform (apply|destroy)"]
      - require_approval: ["CHANGELOG.md", "deploy/**/*.yaml"]
  - name: tools
    rules:
      - block_mcp: ["*/delete_*", "prod-db/*"]
      - allow_mcp: ["github/*", "files/*", "docs/search"]
      - allow_tools: ["TodoWrite", "Notebook*"]
      - block_tools: ["WebSearch"]
  - name: secrets
    rules:
      - block_paths: ["/etc/shadow", "~/.config/secret-tool/", "secrets/**/*.key"]
      - block_env_vars: ["VAULT_TOKEN"]
`

type ruleCase struct {
	name  string
	trust string
	an    *shell.Analysis
	want  Effect
	rule  string // substring of Decision.Rule, when non-empty
}

func runRuleCases(t *testing.T, p *Policy, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := evalAnalysis(p, c.trust, c.an)
			if d.Decision != c.want {
				t.Fatalf("decision = %s, want %s\nreason: %s", d.Decision, c.want, d.Reason)
			}
			if c.rule != "" && !strings.Contains(d.Rule, c.rule) {
				t.Fatalf("rule = %q, want it to contain %q (reason %s)", d.Rule, c.rule, d.Reason)
			}
			if strings.ContainsAny(d.Reason, "\n\r") {
				t.Fatalf("reason is not one line: %q", d.Reason)
			}
		})
	}
}

func TestExampleRules(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	runRuleCases(t, p, []ruleCase{
		// block_commands: anchored at the start of each simple command.
		{"npm install", "", an("cmd:npm install -D left-pad"), Deny, `block_commands[0] "npm install"`},
		{"npm install bare", "", an("cmd:npm install"), Deny, "npm install"},
		{"npm install after cd", "", an("cmd:cd a", "cmd:npm install"), Deny, "npm install"},
		{"pnpm install", "", an("cmd:pnpm install"), Allow, ""},
		{"grep for the text", "", an("cmd:grep -r npm install docs/"), Allow, ""},
		{"npm ci", "", an("cmd:npm ci"), Allow, ""},
		{"pip install", "", an("cmd:pip install requests"), Deny, "pip install"},
		{"cargo add", "", an("cmd:cargo add serde"), Deny, "cargo add"},
		{"kubectl prod", "", an("cmd:kubectl get pods --context=production"), Deny, "kubectl"},
		{"kubectl staging", "", an("cmd:kubectl get pods --context=staging"), Allow, ""},
		// block_paths: reads and writes, names at any depth.
		{"read .env", "", an("read:.env"), Deny, `block_paths[2] ".env*"`},
		{"read nested .env", "", an("read:config/.env.local"), Deny, ".env*"},
		{"read .ENV case", "", an("read:config/.ENV"), Deny, ".env*"},
		{"read .env outside repo", "", an("read:/tmp/x/.env"), Deny, ".env*"},
		{"read below .env dir", "", an("read:.envs/prod"), Deny, ".env*"},
		{"read github workflow", "", an("read:.github/workflows/ci.yml"), Deny, ".github/"},
		{"nested .github is not root .github", "", an("read:vendor/.github/x"), Allow, ""},
		{"read infrastructure", "", an("read:infrastructure/main.tf"), Deny, "infrastructure/"},
		{"read source", "", an("read:src/main.go"), Allow, ""},
		{"read outside repo", "", an("read:/usr/share/dict/words"), Allow, ""},
		{"write .env in src", "", an("write:src/.env"), Deny, ".env*"},
		// allow_paths: writes and deletes elsewhere are denied, outside the repo too.
		{"write src", "", an("write:src/a.go"), Allow, ""},
		{"write tests deep", "", an("write:tests/unit/a_test.go"), Allow, ""},
		{"write docs dir itself", "", an("write:docs"), Allow, ""},
		{"write root file", "", an("write:README.md"), Deny, "allow_paths"},
		{"write srcx", "", an("write:srcx/a"), Deny, "allow_paths"},
		{"write tmp", "", an("write:/tmp/out.txt"), Deny, "allow_paths"},
		{"write sibling repo src", "", an("write:/home/dev/other/src/a.go"), Deny, "allow_paths"},
		{"delete docs", "", an("del:docs/old.md"), Allow, ""},
		{"delete root", "", an("del:Makefile"), Deny, "allow_paths"},
		{"dev null", "", an("write:/dev/null", "write:/dev/stderr", "write:/dev/fd/3"), Allow, ""},
		// require_approval: ask inside allow_paths; deny outside wins.
		{"approval in src", "", an("write:src/package.json"), Ask, `require_approval[0] "package.json"`},
		{"approval at root denied", "", an("write:package.json"), Deny, "allow_paths"},
		{"read package.json", "", an("read:package.json"), Allow, ""},
		// block_env_vars: exact names; a dump reveals them.
		{"env ref", "", an("cmd:echo", "env:PROD_DB_URL"), Deny, `block_env_vars[0] "PROD_DB_URL"`},
		{"env other", "", an("cmd:echo", "env:PROD_DB_URL_OLD"), Allow, ""},
		{"env dump", "", an("cmd:env", "dump"), Deny, "block_env_vars"},
		// block_hosts.
		{"blocked host", "", an("cmd:curl", "host:api.production.company.com"), Deny, `block_hosts[0]`},
		{"blocked host upper dot", "", an("cmd:curl", "host:DB.Production.Company.COM."), Deny, `block_hosts[1]`},
		{"subdomain not covered", "", an("cmd:curl", "host:x.api.production.company.com"), Allow, ""},
		{"other host", "", an("cmd:curl", "host:example.com"), Allow, ""},
		// opaque parts and trust levels.
		{"opaque asks", "", an("cmd:sh", "opaque:pipes data into an interpreter"), Ask, "opaque"},
		{"opaque read_only", "read_only", an("cmd:ls", "opaque:pipes data into an interpreter"), Deny, "opaque"},
		// deny wins over ask.
		{"deny beats ask", "", an("write:src/package.json", "cmd:npm install"), Deny, "npm install"},
	})
}

func TestExtensionRules(t *testing.T) {
	p := mustParse(t, extPolicy)
	runRuleCases(t, p, []ruleCase{
		{"allowed host", "", an("cmd:curl", "host:github.com"), Allow, ""},
		{"allowed wildcard", "", an("cmd:go", "host:proxy.golang.org"), Allow, ""},
		{"wildcard excludes apex", "", an("cmd:go", "host:golang.org"), Deny, "allow_hosts"},
		{"allowed ip", "", an("cmd:curl", "host:10.0.0.1"), Allow, ""},
		{"host not allowed", "", an("cmd:curl", "host:example.com"), Deny, "allow_hosts"},
		{"blocked wildcard", "", an("cmd:curl", "host:a.b.evil.example"), Deny, "block_hosts"},
		{"approval command", "", an("cmd:terraform apply -auto-approve"), Ask, "require_approval_commands"},
		{"approval command 2", "", an("cmd:git tag v1.0"), Ask, `require_approval_commands[0] "git tag"`},
		{"terraform plan", "", an("cmd:terraform plan"), Allow, ""},
		{"approval path", "", an("write:CHANGELOG.md"), Ask, "require_approval"},
		{"approval glob", "", an("write:deploy/prod/eu/app.yaml"), Ask, `"deploy/**/*.yaml"`},
		{"approval glob miss", "", an("write:deploy/prod/app.json"), Allow, ""},
		{"abs block", "", an("read:/etc/shadow"), Deny, "/etc/shadow"},
		{"home block", "", an("read:~/.config/secret-tool/db"), Deny, "secret-tool"},
		{"glob block", "", an("read:secrets/a/b/c.key"), Deny, "secrets/**/*.key"},
		{"glob block zero dirs", "", an("read:secrets/c.key"), Deny, "secrets/**/*.key"},
		{"glob miss", "", an("read:secrets/c.pub"), Allow, ""},
		{"vault token", "", an("cmd:echo", "env:VAULT_TOKEN"), Deny, "VAULT_TOKEN"},
		{"write anywhere without allow_paths", "", an("write:/tmp/x"), Allow, ""},
	})
}

func TestTrustLevels(t *testing.T) {
	p := mustParse(t, "policies: []\nprotected_branches: [main, master, release/*]\n")
	runRuleCases(t, p, []ruleCase{
		// read_only: the read-only list, no writes, no network.
		{"ro ls", "read_only", an("cmd:ls -la src"), Allow, ""},
		{"ro cat grep", "read_only", an("cmd:cat README.md", "cmd:grep -n x"), Allow, ""},
		{"ro git status", "read_only", an("cmd:git status"), Allow, ""},
		{"ro git -C log", "read_only", an("cmd:git -C sub log --oneline"), Allow, ""},
		{"ro git branch list", "read_only", an("cmd:git branch -a"), Allow, ""},
		{"ro git branch pattern", "read_only", an("cmd:git branch --list feat*"), Allow, ""},
		{"ro git branch create", "read_only", an("cmd:git branch newname"), Deny, "read-only"},
		{"ro git branch delete", "read_only", an("cmd:git branch -D x"), Deny, "read-only"},
		{"ro git commit", "read_only", an("cmd:git commit -m x"), Deny, "read-only"},
		{"ro git -c pager", "read_only", an("cmd:git -c core.pager=sh log"), Deny, "read-only"},
		{"ro git diff output", "read_only", an("cmd:git diff --output=x.patch"), Deny, "read-only"},
		{"ro find", "read_only", an("cmd:find . -name *.go"), Allow, ""},
		{"ro find delete", "read_only", an("cmd:find . -delete"), Deny, "read-only"},
		{"ro find exec", "read_only", an("cmd:find . -exec rm {} ;"), Deny, "read-only"},
		{"ro find fprint", "read_only", an("cmd:find . -fprint0 out"), Deny, "read-only"},
		{"ro sort", "read_only", an("cmd:sort -u a"), Allow, ""},
		{"ro sort -o", "read_only", an("cmd:sort -o out a"), Deny, "read-only"},
		{"ro sort --output", "read_only", an("cmd:sort --output=out a"), Deny, "read-only"},
		{"ro uniq out", "read_only", an("cmd:uniq in out"), Deny, "read-only"},
		{"ro rg pre", "read_only", an("cmd:rg --pre ./x foo"), Deny, "read-only"},
		{"ro rm", "read_only", an("cmd:rm x", "del:x"), Deny, "read-only"},
		{"ro branch abbreviated delete", "read_only", an("cmd:git branch --del x"), Deny, "read-only"},
		{"ro branch bundled delete", "read_only", an("cmd:git branch -qD x"), Deny, "read-only"},
		{"ro branch verbose list", "read_only", an("cmd:git branch -vv"), Allow, ""},
		{"ro sort bundle", "read_only", an("cmd:sort -uo out a"), Deny, "read-only"},
		{"ro sort abbreviated", "read_only", an("cmd:sort --out=x a"), Deny, "read-only"},
		{"ro git log abbreviated output", "read_only", an("cmd:git log --outp=x"), Deny, "read-only"},
		{"ro tree bundle", "read_only", an("cmd:tree -ao f"), Deny, "read-only"},
		{"ro git show ok", "read_only", an("cmd:git show HEAD~1 --stat"), Allow, ""},
		{"ro redirect", "read_only", an("cmd:echo hi", "write:out.txt"), Deny, "read-only"},
		{"ro network", "read_only", an("cmd:cat", "host:example.com"), Deny, "read-only"},
		{"ro curl", "read_only", an("cmd:curl https://example.com", "host:example.com"), Deny, "read-only"},
		{"ro env dump", "read_only", an("cmd:printenv", "dump"), Deny, "read-only"},
		{"ro sudo", "read_only", an("cmd:sudo ls", "cmd:ls"), Deny, "read-only"},
		// write_local: no push; writes and network allowed.
		{"wl push", "write_local", an("cmd:git push origin feature"), Deny, "no-push"},
		{"wl push -C", "write_local", an("cmd:git -C x push"), Deny, "no-push"},
		{"wl commit", "write_local", an("cmd:git commit -m x", "write:a"), Allow, ""},
		{"wl network", "write_local", an("cmd:curl", "host:example.com"), Allow, ""},
		{"wl alias", "write_local", an("cmd:git -c alias.p=push p"), Ask, "git-alias"},
		{"wl config alias", "write_local", an("cmd:git config alias.p push"), Ask, "git-alias"},
		// external: push allowed except protected branches and force.
		{"ext feature", "external", an("cmd:git push origin feature"), Allow, ""},
		{"ext -u feature", "external", an("cmd:git push -u origin feature"), Allow, ""},
		{"ext main", "external", an("cmd:git push origin main"), Ask, "push-approval"},
		{"ext master", "external", an("cmd:git push origin master"), Ask, "push-approval"},
		{"ext release glob", "external", an("cmd:git push origin release/1.2"), Ask, "push-approval"},
		{"ext HEAD:main", "external", an("cmd:git push origin HEAD:main"), Ask, "push-approval"},
		{"ext refs/heads/main", "external", an("cmd:git push origin feature:refs/heads/main"), Ask, "push-approval"},
		{"ext force", "external", an("cmd:git push -f origin feature"), Ask, "push-approval"},
		{"ext force long", "external", an("cmd:git push --force origin feature"), Ask, "push-approval"},
		{"ext lease", "external", an("cmd:git push --force-with-lease origin feature"), Ask, "push-approval"},
		{"ext combined flags", "external", an("cmd:git push -uf origin feature"), Ask, "push-approval"},
		{"ext plus refspec", "external", an("cmd:git push origin +feature"), Ask, "push-approval"},
		{"ext delete refspec", "external", an("cmd:git push origin :feature"), Ask, "push-approval"},
		{"ext delete flag", "external", an("cmd:git push --delete origin feature"), Ask, "push-approval"},
		{"ext mirror", "external", an("cmd:git push --mirror"), Ask, "push-approval"},
		{"ext abbreviated force", "external", an("cmd:git push --forc origin feature"), Ask, "push-approval"},
		{"ext abbreviated mirror", "external", an("cmd:git push --mirr origin"), Ask, "push-approval"},
		{"ext follow-tags ok", "external", an("cmd:git push --follow-tags origin feature"), Allow, ""},
		{"wl send-pack", "write_local", an("cmd:git send-pack origin main"), Deny, "no-push"},
		{"ext send-pack", "external", an("cmd:git send-pack origin feature"), Allow, ""},
		{"ext send-pack main", "external", an("cmd:git send-pack origin main"), Ask, "push-approval"},
		{"ext send-pack no refs", "external", an("cmd:git send-pack origin"), Ask, "push-approval"},
		{"ext send-pack --all", "external", an("cmd:git send-pack --all origin"), Ask, "push-approval"},
		{"ext http-push delete", "external", an("cmd:git http-push -D https://h/r main"), Ask, "push-approval"},
		{"ext no refspec unknown branch", "external", an("cmd:git push"), Ask, "push-approval"},
		{"ext tag", "external", an("cmd:git push origin refs/tags/v1"), Allow, ""},
		{"ext opaque", "external", an("cmd:sh", "opaque:x"), Ask, "opaque"},
	})
}

func TestPushCurrentBranch(t *testing.T) {
	// Without a git query, a push with no refspec asks whatever the
	// branch: its refs come from the repository's configuration
	// (remote.NAME.push, push.default), which Mandate cannot read then.
	// TestPushConfiguration decides the same pushes with a real repository.
	p := mustParse(t, "policies: []")
	for _, c := range []struct {
		branch string
		want   Effect
	}{{"main", Ask}, {"feature/x", Ask}, {"", Ask}} {
		act := execAction("git push", action.External)
		act.Branch = c.branch
		ev, _ := p.prepare(act)
		a := an("cmd:git push")
		ev.analysis(a)
		if d := ev.decision(); d.Decision != c.want {
			t.Errorf("branch %q: %s, want %s (%s)", c.branch, d.Decision, c.want, d.Reason)
		}
	}
}

func TestSelfProtection(t *testing.T) {
	// Even a policy that allows every path cannot open these.
	p := mustParse(t, `policies: [{name: open, rules: [{allow_paths: ["**"]}]}]`)
	p = p.WithOptions(Options{Resolve: identity, FS: fsview.Empty, StateDirs: []string{"/var/lib/mandate-state"}})
	for _, tr := range []string{"read_only", "write_local", "external"} {
		runRuleCases(t, p, []ruleCase{
			{"policy file " + tr, tr, an("write:agent-policy.yaml"), Deny, "protected-path"},
			{"state dir " + tr, tr, an("write:~/.local/state/mandate/log/0001"), Deny, "protected-path"},
		})
	}
	runRuleCases(t, p, []ruleCase{
		{"delete policy", "", an("del:agent-policy.yaml"), Deny, "protected-path"},
		{"injected state dir", "", an("del:/var/lib/mandate-state/x"), Deny, "protected-path"},
		{"delete parent of state", "", an("del:~/.local/state"), Deny, "protected-path"},
		{"claude settings", "", an("write:.claude/settings.json"), Deny, "protected-path"},
		{"claude local settings", "", an("write:.claude/settings.local.json"), Deny, "protected-path"},
		{"nested claude settings", "", an("write:sub/pkg/.claude/settings.json"), Deny, "protected-path"},
		{"home claude settings", "", an("write:~/.claude/settings.json"), Deny, "protected-path"},
		{"gemini", "", an("write:~/.gemini/settings.json"), Deny, "protected-path"},
		{"codex config", "", an("write:~/.codex/config.toml"), Deny, "protected-path"},
		{"codex hooks repo", "", an("write:.codex/hooks.json"), Deny, "protected-path"},
		{"github hooks", "", an("write:.github/hooks/mandate.json"), Deny, "protected-path"},
		{"cursor hooks", "", an("write:.cursor/hooks.json"), Deny, "protected-path"},
		{"copilot home", "", an("write:~/.copilot/hooks/x.json"), Deny, "protected-path"},
		{"system claude", "", an("write:/etc/claude-code/managed-settings.json"), Deny, "protected-path"},
		{"rm .claude dir", "", an("del:.claude"), Deny, "protected-path"},
		{"rm repo", "", an("del:."), Deny, "protected-path"},
		{"rm home", "", an("del:/home"), Deny, "protected-path"},
		{"rm installed binary", "", an("del:~/go/bin/mandate"), Deny, "protected-path"},
		// Red-team round 8, #5: a command file is loaded exactly as a skill
		// (frontmatter hooks, !`cmd` lines); instructions stay writable.
		{"claude commands", "", an("write:.claude/commands/review.md"), Deny, "protected-path"},
		{"claude instructions ok", "", an("write:CLAUDE.md", "write:.claude/rules/style.md"), Allow, ""},
		{"read policy ok", "", an("read:agent-policy.yaml", "read:.claude/settings.json"), Allow, ""},
		{"pkill", "", an("cmd:pkill -f mandate"), Deny, "no-disable"},
		{"killall", "", an("cmd:killall mandate"), Deny, "no-disable"},
		{"kill pgrep", "", an("cmd:pgrep mandate", "cmd:kill $(pgrep mandate)"), Deny, "no-disable"},
		{"rm which", "", an("cmd:which mandate", "cmd:rm $(which mandate)"), Deny, "no-disable"},
		{"uninstall", "", an("cmd:mandate uninstall"), Deny, "no-disable"},
		{"systemctl", "", an("cmd:systemctl --user stop mandate.service"), Deny, "no-disable"},
		{"mandate log ok", "", an("cmd:mandate log verify"), Allow, ""},
		// A write INTO a directory (cp -r stage/. ., rsync, tar x, unzip,
		// patch, git apply) may replace any file below it.
		{"write into repo root", "", an("write:."), Deny, "protected-path"},
		{"write into .claude", "", an("write:.claude"), Deny, "protected-path"},
		{"write into home", "", an("write:~/"), Deny, "protected-path"},
		{"write into state parent", "", an("write:~/.local"), Deny, "protected-path"},
		{"write into src ok", "", an("write:src"), Allow, ""},
		{"write file at root ok", "", an("write:notes.txt"), Allow, ""},
		{"kill other", "", an("cmd:kill 1234"), Allow, ""},
	})
	// The loaded policy file, wherever it is.
	q := mustParse(t, "policies: []")
	q.path = "/etc/mandate/policy.yaml"
	runRuleCases(t, q, []ruleCase{
		{"loaded policy path", "", an("write:/etc/mandate/policy.yaml"), Deny, "protected-path"},
		{"loaded policy dir delete", "", an("del:/etc/mandate"), Deny, "protected-path"},
	})
}

func TestCredentialStores(t *testing.T) {
	p := mustParse(t, "policies: []")
	runRuleCases(t, p, []ruleCase{
		{"ssh key", "", an("read:~/.ssh/id_ed25519"), Deny, "credential-store"},
		{"ssh dir", "", an("read:~/.ssh"), Deny, "credential-store"},
		{"aws", "", an("read:~/.aws/credentials"), Deny, "credential-store"},
		{"gcloud", "", an("read:~/.config/gcloud/application_default_credentials.json"), Deny, "credential-store"},
		{"kube", "", an("read:~/.kube/config"), Deny, "credential-store"},
		{"kube cache ok", "", an("read:~/.kube/cache/x"), Allow, ""},
		{"docker", "", an("read:~/.docker/config.json"), Deny, "credential-store"},
		{"netrc", "", an("read:~/.netrc"), Deny, "credential-store"},
		{"git-credentials", "", an("read:~/.git-credentials"), Deny, "credential-store"},
		{"npmrc", "", an("read:~/.npmrc"), Deny, "credential-store"},
		{"pypirc", "", an("read:~/.pypirc"), Deny, "credential-store"},
		{"gnupg", "", an("read:~/.gnupg/private-keys-v1.d/x"), Deny, "credential-store"},
		{"root ssh", "", an("read:/root/.ssh/id_rsa"), Deny, "credential-store"},
		{"other user aws", "", an("read:/home/alice/.aws/config"), Deny, "credential-store"},
		{"write authorized_keys", "", an("write:~/.ssh/authorized_keys"), Deny, "credential-store"},
		{"repo npmrc ok", "", an("read:.npmrc"), Allow, ""},
		{"ssh-like name ok", "", an("read:docs/.ssh-notes"), Allow, ""},
	})
	q := mustParse(t, `
policies: []
credential_stores:
  allow_reads: ["~/.npmrc"]
  extra: ["~/.config/op/"]
`)
	runRuleCases(t, q, []ruleCase{
		{"relaxed read", "", an("read:~/.npmrc"), Allow, ""},
		{"relaxed is read only", "", an("write:~/.npmrc"), Deny, "credential-store"},
		{"others stay closed", "", an("read:~/.ssh/id_rsa"), Deny, "credential-store"},
		{"extra store", "", an("read:~/.config/op/config"), Deny, "credential-store"},
	})
}

func TestSymlinks(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	links := map[string]string{
		testRoot + "/src/link/passwd": "/etc/passwd",
		testRoot + "/src/dotenv":      testRoot + "/.env",
		testRoot + "/docs/hook":       testRoot + "/.claude/settings.json",
	}
	p = p.WithOptions(Options{FS: fsview.Empty, Resolve: func(s string) (string, error) {
		if r, ok := links[s]; ok {
			return r, nil
		}
		return s, nil
	}})
	runRuleCases(t, p, []ruleCase{
		{"write through link out of allow_paths", "", an("write:src/link/passwd"), Deny, "allow_paths"},
		{"read through link to .env", "", an("read:src/dotenv"), Deny, ".env*"},
		{"write through link to hook config", "", an("write:docs/hook"), Deny, "protected-path"},
		{"plain write", "", an("write:src/ok.go"), Allow, ""},
	})
	// dot-dot is resolved lexically before matching.
	runRuleCases(t, p, []ruleCase{
		{"dotdot out of src", "", an("write:src/../README.md"), Deny, "allow_paths"},
	})
}

func TestResolveError(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml").WithOptions(Options{FS: fsview.Empty, Resolve: func(s string) (string, error) {
		if strings.Contains(s, "loop") {
			return "", errString("too many links")
		}
		return s, nil
	}})
	d := evalAnalysis(p, "", an("read:src/loop/x"))
	if d.Decision != Deny || !strings.Contains(d.Reason, "too many links") {
		t.Fatalf("got %s %q", d.Decision, d.Reason)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestRoles(t *testing.T) {
	p := mustParse(t, `
default_trust_level: read_only
max_trust_level: write_local
roles:
  - {name: juniors, groups: [eng-junior], trust_level: read_only}
  - {name: seniors, groups: [eng-senior, eng-staff], trust_level: write_local}
  - {name: leads, groups: [eng-lead], trust_level: external}
policies: []
`)
	for _, c := range []struct {
		groups   []string
		explicit string
		want     string
		why      string
	}{
		{nil, "", "read_only", "default_trust_level"},
		{[]string{"sales"}, "", "read_only", "no role matches"},
		{[]string{"eng-senior"}, "", "write_local", "role seniors"},
		{[]string{"eng-staff", "eng-junior"}, "", "read_only", "least capable"},
		{[]string{"eng-lead"}, "", "write_local", "capped by max_trust_level"},
		{[]string{"eng-junior"}, "write_local", "write_local", "explicitly"},
		{nil, "external", "write_local", "capped"},
	} {
		a := action.Actor{Groups: c.groups, TrustLevel: c.explicit}
		got, why, err := p.trustFor(&a)
		if err != nil || got != c.want || !strings.Contains(why, c.why) {
			t.Errorf("groups %v explicit %q: got %s (%s, %v), want %s (%s)", c.groups, c.explicit, got, why, err, c.want, c.why)
		}
	}
}

func TestNonExecKinds(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	q := mustParse(t, extPolicy)
	mcp := func(trust, server, tool, args string) *action.Action {
		return &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__" + server + "__" + tool, Server: server, MCPTool: tool, Arguments: []byte(args), Cwd: testRoot, Actor: actor(trust)}
	}
	fetch := func(trust, u string) *action.Action {
		return &action.Action{V: 1, Kind: action.NetFetch, Tool: "WebFetch", URL: u, Cwd: testRoot, Actor: actor(trust)}
	}
	unknown := func(trust, tool string) *action.Action {
		return &action.Action{V: 1, Kind: action.Unknown, Tool: tool, Cwd: testRoot, Actor: actor(trust)}
	}
	cases := []struct {
		name string
		p    *Policy
		a    *action.Action
		want Effect
		rule string
	}{
		{"file.read .env", p, fileAction(action.FileRead, "", ".env"), Deny, ".env*"},
		{"file.read src", p, fileAction(action.FileRead, "", "src/a.go"), Allow, ""},
		{"file.read src read_only", p, fileAction(action.FileRead, "read_only", "src/a.go"), Allow, ""},
		{"file.write src", p, fileAction(action.FileWrite, "", "src/a.go"), Allow, ""},
		{"file.write abs src", p, fileAction(action.FileWrite, "", testRoot+"/src/a.go"), Allow, ""},
		{"file.write read_only", p, fileAction(action.FileWrite, "read_only", "src/a.go"), Deny, "read-only"},
		{"file.write root", p, fileAction(action.FileWrite, "", "README.md"), Deny, "allow_paths"},
		{"file.write approval", p, fileAction(action.FileWrite, "", "src/Cargo.toml"), Ask, "Cargo.toml"},
		{"file.write one bad path", p, fileAction(action.FileWrite, "", "src/a.go", "infrastructure/x.tf"), Deny, "infrastructure/"},
		{"file.delete docs", p, fileAction(action.FileDelete, "", "docs/a.md"), Allow, ""},
		{"file.write dev null", p, fileAction(action.FileWrite, "", "/dev/null"), Allow, ""},
		{"file.read tilde", p, fileAction(action.FileRead, "", "~/.aws/credentials"), Deny, "credential-store"},
		{"fetch blocked", p, fetch("", "https://API.production.company.com./v1"), Deny, "block_hosts"},
		{"fetch ok", p, fetch("", "https://example.com/x"), Allow, ""},
		{"fetch read_only", p, fetch("read_only", "https://example.com/x"), Deny, "read-only"},
		{"fetch file url", p, fetch("", "file:///home/dev/project/.env"), Deny, ".env*"},
		{"fetch no host", p, fetch("", "https:///x"), Deny, "bad-url"},
		{"fetch not allowed host", q, fetch("", "https://pastebin.com/x"), Deny, "allow_hosts"},
		{"fetch allowed host", q, fetch("", "https://github.com/x"), Allow, ""},
		{"mcp allowed", q, mcp("", "github", "get_issue", `{"n":1}`), Allow, ""},
		{"mcp not in allow", q, mcp("", "slack", "post", `{}`), Deny, "allow_mcp"},
		{"mcp blocked", q, mcp("", "github", "delete_repo", `{}`), Deny, "block_mcp"},
		{"mcp read_only allowed explicitly", q, mcp("read_only", "docs", "search", `{"q":"x"}`), Allow, ""},
		{"mcp read_only not allowed", p, mcp("read_only", "docs", "search", `{}`), Deny, "read-only"},
		{"mcp write_local no allow list", p, mcp("", "anything", "do", `{}`), Allow, ""},
		{"mcp arg path", p, mcp("", "files", "read_file", `{"path":".env"}`), Deny, ".env*"},
		{"mcp arg abs path", p, mcp("", "files", "read_file", `{"x":["/home/dev/.ssh/id_rsa"]}`), Deny, "credential-store"},
		{"mcp arg url host", p, mcp("", "fetch", "fetch", `{"url":"https://db.production.company.com/q"}`), Deny, "block_hosts"},
		{"mcp write tool", p, mcp("", "files", "write_file", `{"path":"README.md","content":"x"}`), Deny, "allow_paths"},
		{"mcp write hook config", p, mcp("", "files", "edit_file", `{"path":".claude/settings.json"}`), Deny, "protected-path"},
		{"mcp write src", p, mcp("", "files", "write_file", `{"path":"src/x.go"}`), Allow, ""},
		{"mcp bad json", p, mcp("", "files", "write_file", `{`), Deny, "mcp-arguments"},
		{"mcp no cwd still checks names", p, &action.Action{V: 1, Kind: action.MCPCall, Server: "files", MCPTool: "read_file", Arguments: []byte(`{"path":"config/.env"}`), Actor: action.Actor{Home: testHome}}, Deny, ".env*"},
		{"mcp nested deep", p, mcp("", "x", "y", strings.Repeat(`[`, 40)+strings.Repeat(`]`, 40)), Deny, "mcp-arguments"},
		{"unknown denied", p, unknown("", "SomeNewTool"), Deny, "unknown-tool"},
		{"unknown allowed", q, unknown("", "TodoWrite"), Allow, ""},
		{"unknown allowed glob", q, unknown("", "NotebookEdit"), Allow, ""},
		{"block_tools", q, fetch("", "https://github.com/x"), Allow, ""},
		{"block_tools hit", q, &action.Action{V: 1, Kind: action.NetFetch, Tool: "WebSearch", URL: "https://github.com/", Cwd: testRoot, Actor: actor("")}, Deny, "block_tools"},
		{"invalid action", p, &action.Action{V: 1, Kind: action.FileRead, Cwd: testRoot, Actor: actor("")}, Deny, "invalid-action"},
		{"bad trust", p, execAction("ls", "root"), Deny, "trust-level"},
		{"no cwd", p, &action.Action{V: 1, Kind: action.FileRead, Paths: []string{"a"}}, Deny, "working-directory"},
		{"nil action", p, nil, Deny, "nil-action"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := c.p.Evaluate(c.a)
			if d.Decision != c.want {
				t.Fatalf("decision = %s, want %s\nreason: %s", d.Decision, c.want, d.Reason)
			}
			if c.rule != "" && !strings.Contains(d.Rule, c.rule) {
				t.Fatalf("rule = %q, want %q (%s)", d.Rule, c.rule, d.Reason)
			}
		})
	}
}

func TestDecisionShape(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	d := evalAnalysis(p, "", an("cmd:npm install -D left-pad", "write:src/package.json"))
	want := `blocked by policy "dependency-control": command "npm install -D left-pad" matches block_commands "npm install" — agents cannot install new dependencies without review`
	if d.Reason != want {
		t.Errorf("reason\n got %s\nwant %s", d.Reason, want)
	}
	if d.Policy != "dependency-control" || d.Rule != `block_commands[0] "npm install"` {
		t.Errorf("policy/rule = %q / %q", d.Policy, d.Rule)
	}
	if d.PolicyDigest != p.Digest() || !strings.HasPrefix(d.PolicyDigest, "sha256:") || len(d.PolicyDigest) != 71 {
		t.Errorf("digest %q", d.PolicyDigest)
	}
	if d.TrustLevel != "write_local" {
		t.Errorf("trust %q", d.TrustLevel)
	}
	var names []string
	for _, c := range d.PolicyChecks {
		names = append(names, c.Policy+"="+c.Result)
	}
	wantChecks := "no-production-access=pass file-boundary=pass dependency-control=fail mandate-self-protection=pass mandate-credential-stores=pass mandate-trust-level=pass mandate-analysis=pass"
	if strings.Join(names, " ") != wantChecks {
		t.Errorf("checks\n got %s\nwant %s", strings.Join(names, " "), wantChecks)
	}
	if len(d.Findings) != 2 || d.Findings[1].Effect != Ask || d.Findings[0].Source != "testdata/example.yaml:17:26" {
		t.Errorf("findings %+v", d.Findings)
	}
	allow := evalAnalysis(p, "", an("cmd:ls"))
	if allow.Decision != Allow || allow.Policy != "" || allow.Rule != "" || len(allow.PolicyChecks) != 7 {
		t.Errorf("allow decision %+v", allow)
	}
}

func TestGlobAndDynamicPaths(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	runRuleCases(t, p, []ruleCase{
		{"glob .e*", "", an("read*:.e*"), Deny, ".env*"},
		{"glob .en?", "", an("read*:config/.en?"), Deny, ".env*"},
		{"glob class", "", an("read*:[.]env"), Deny, ".env*"},
		{"star skips dotfiles", "", an("read*:src/*.go"), Allow, ""},
		{"star at root skips .env", "", an("read*:*.md"), Allow, ""},
		{"glob into blocked dir", "", an("read*:infra*/main.tf"), Deny, "infrastructure/"},
		{"glob ssh", "", an("read*:~/.ss?/id_rsa"), Deny, "credential-store"},
		{"glob other homes", "", an("read*:/home/*/.aws/credentials"), Deny, "credential-store"},
		{"glob write in src", "", an("write*:src/*.go"), Allow, ""},
		{"glob write at root", "", an("write*:*.go"), Deny, "allow_paths"},
		{"glob delete at root hits policy", "", an("del*:*"), Deny, "protected-path"},
		{"glob delete hook dirs", "", an("del*:.c*"), Deny, "protected-path"},
		{"glob delete state", "", an("del*:~/.local/state/*"), Deny, "protected-path"},
		{"glob delete homes", "", an("del*:/home/*"), Deny, "protected-path"},
		{"glob delete docs", "", an("del*:docs/*.md"), Allow, ""},
		{"dynamic read asks", "", an("read$:src/$X"), Ask, ".env*"},
		// ~/$X could be in Mandate's state directory, which is never
		// readable: self-protection asks before the credential stores do.
		{"dynamic read in home asks", "", an("read$:~/$X"), Ask, "protected-read"},
		{"dynamic read credential asks", "", an("read$:~/.aws/$X"), Ask, "credential-store"},
		{"dynamic write outside allow_paths", "", an("write$:$OUT"), Deny, "allow_paths"},
		// $NAME could be "../x" or ".claude/settings": still only a question.
		{"dynamic write in src", "", an("write$:src/$NAME.go"), Ask, "protected-path"},
		// Deleting a directory deletes the blocked files below it.
		{"delete covers blocked file", "", an("del:infrastructure"), Deny, "infrastructure/"},
		{"delete parent of approval", "", an("del:src"), Allow, ""},
	})
	q := mustParse(t, `policies: [{name: a, rules: [{block_paths: ["deploy/prod/secrets.yaml"]}]}]`)
	runRuleCases(t, q, []ruleCase{
		{"delete ancestor", "", an("del:deploy"), Deny, "block_paths"},
		{"write sibling", "", an("write:deploy/dev.yaml"), Allow, ""},
		{"delete sibling", "", an("del:deploy/dev"), Allow, ""},
	})
}

func TestGlobIntersect(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{".env*", ".e*", true},
		{".env*", "*", false}, // bash * skips dotfiles
		{".env*", ".*", true},
		{"*.pem", "key.p?m", true},
		{"*.pem", "*.key", false},
		{"package.json", "package.js*", true},
		{"package.json", "package.jsx", false},
		{"a[bc]d", "a?d", true},
		{"settings*.json", "settings.local.jso?", true},
		{"x", `\x`, true},
		{".env", "[.]env", true}, // conservative: a leading class may match "."
		{".env", "?env", false},
	} {
		if got := globIntersect(c.a, c.b); got != c.want {
			t.Errorf("globIntersect(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestStripDynamic(t *testing.T) {
	for in, want := range map[string]string{
		"npm$u install$x":        "npm install",
		"n${a:-}pm i${b}nstall":  "npm install",
		"npm$(true) install":     "npm install",
		"np`x`m install":         "npm install",
		"echo $1 $@ $$ done":     "echo    done",
		"plain":                  "plain",
		"cost 5$":                "cost 5$",
		"npm${a${b}} install":    "npm install",
		"unterminated $(foo bar": "unterminated ",
	} {
		if got := stripDynamic(in); got != want {
			t.Errorf("stripDynamic(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDynamicCommand(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	a := &shell.Analysis{Commands: []shell.Command{{Name: "npm$u", Args: []string{"install$x"}, Line: "npm$u install$x", Dynamic: true}}}
	if d := evalAnalysis(p, "", a); d.Decision != Ask || !strings.Contains(d.Reason, `read as "npm install"`) {
		t.Fatalf("got %s: %s", d.Decision, d.Reason)
	}
	// find -exec hands every file below, dotfiles included.
	f := &shell.Analysis{
		Commands: []shell.Command{{Name: "find", Line: "find src -exec rm {} +"}, {Name: "rm", Args: []string{"src/*"}, Line: "rm src/*", Via: []string{"find -exec"}}},
		Deletes:  []shell.PathRef{{Path: testRoot + "/src/*", Cmd: "rm", Glob: true}},
	}
	d := evalAnalysis(p, "", f)
	found := false
	for _, x := range d.Findings {
		found = found || strings.Contains(x.Rule, ".env*")
	}
	if d.Decision != Deny || !found {
		t.Fatalf("find -exec rm: got %s: %s %+v", d.Decision, d.Reason, d.Findings)
	}
}

func TestExecForms(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	argv := &action.Action{Kind: action.Exec, Argv: []string{"npm", "install", "left-pad; echo 'x'"}, Cwd: testRoot, Actor: actor("")}
	if d := p.Evaluate(argv); d.Decision != Deny || !strings.Contains(d.Rule, "npm install") {
		t.Errorf("argv npm install: %s %s", d.Decision, d.Reason)
	}
	// argv words are data, not shell syntax: no second command appears.
	safe := &action.Action{V: 1, Kind: action.Exec, Argv: []string{"grep", "-r", "x; npm install", "src"}, Cwd: testRoot, Actor: actor("")}
	if d := p.Evaluate(safe); d.Decision != Allow {
		t.Errorf("argv grep: %s %s", d.Decision, d.Reason)
	}
	// Command and argv disagreeing: both are checked.
	both := &action.Action{V: 1, Kind: action.Exec, Command: "ls", Argv: []string{"npm", "install"}, Cwd: testRoot, Actor: actor("")}
	if d := p.Evaluate(both); d.Decision != Deny {
		t.Errorf("command+argv: %s %s", d.Decision, d.Reason)
	}
	// An unparsable line is denied with the parser's reason.
	if d := p.Evaluate(execAction("echo $((1+", "")); d.Decision != Deny || d.Policy != PolicyAnalysis {
		t.Errorf("unparsable: %s %s", d.Decision, d.Reason)
	}
	// A version-less action built in code is read as the current version,
	// without changing the caller's copy.
	if argv.V != 0 {
		t.Error("Evaluate changed the caller's action")
	}
}

// TestConcurrentEvaluate shares one Policy between goroutines (run with
// -race to check there is no shared mutable state).
func TestConcurrentEvaluate(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	acts := []*action.Action{
		execAction("npm install x && cat .env", ""),
		fileAction(action.FileWrite, "", "src/package.json"),
		execAction("git push origin main", "external"),
	}
	want := make([]Decision, len(acts))
	for i, a := range acts {
		want[i] = p.Evaluate(a)
	}
	done := make(chan string)
	for g := 0; g < 8; g++ {
		go func() {
			msg := ""
			for i := 0; i < 50 && msg == ""; i++ {
				k := (g + i) % len(acts)
				if d := p.Evaluate(acts[k]); d.Reason != want[k].Reason || d.Decision != want[k].Decision {
					msg = d.Reason
				}
			}
			done <- msg
		}()
	}
	for g := 0; g < 8; g++ {
		if msg := <-done; msg != "" {
			t.Errorf("concurrent evaluation differs: %s", msg)
		}
	}
}

// TestAgentInternalTools: tools that act only on the agent's own state are
// allowed at every trust level without a rule, unknown tools are not, and
// block_tools still forbids an internal one.
func TestAgentInternalTools(t *testing.T) {
	p := mustParse(t, "policies:\n  - name: tools\n    rules:\n      - block_tools: [\"Task\"]\n")
	for _, tc := range []struct {
		tool, trust string
		want        Effect
	}{
		{"ToolSearch", action.ReadOnly, Allow},
		{"TodoWrite", action.WriteLocal, Allow},
		{"write_todos", action.External, Allow},
		{"Task", action.WriteLocal, Deny},
		{"SomethingNew", action.External, Deny},
	} {
		a := &action.Action{V: action.Version, Kind: action.Unknown, Tool: tc.tool, Cwd: TestRepoRoot, Actor: actor(tc.trust)}
		if d := p.Evaluate(a); d.Decision != tc.want {
			t.Errorf("%s at %s: %s (%s), want %s", tc.tool, tc.trust, d.Decision, d.Reason, tc.want)
		}
	}
}

func TestParseIP(t *testing.T) {
	for in, want := range map[string]string{
		"1.2.3.4": "1.2.3.4", "::ffff:1.2.3.4": "1.2.3.4", "2001:DB8::1": "2001:db8::1",
		"fe80::1%eth0": "", "example.com": "", "01.2.3.4": "", "": "",
	} {
		got, ok := parseIP(in)
		if ok != (want != "") || got != want {
			t.Errorf("parseIP(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// TestRecursiveReads: a command that reads a whole tree reads the blocked
// files in it, as the file system says; a tree too large to check asks.
func TestRecursiveReads(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{".env", "src/main.go", "src/deep/x.go", ".git/config"} {
		p := filepath.Join(root, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	p, err := Parse(filepath.Join(root, "agent-policy.yaml"), []byte("policies:\n  - name: secrets\n    rules:\n      - block_paths: [\".env*\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	act := func(cmd string) *action.Action {
		return &action.Action{V: 1, Kind: action.Exec, Command: cmd, Cwd: root,
			Actor: action.Actor{TrustLevel: action.WriteLocal, RepoRoot: root, Home: t.TempDir()}}
	}
	for _, tc := range []struct {
		cmd  string
		want Effect
	}{
		{"grep -r PASSWORD .", Deny},
		{"grep -rn PASSWORD", Deny}, // no file: grep -r searches the working directory
		{"grep -r -e PASSWORD src", Allow},
		{"cat .gitignore | grep -r PASSWORD -", Allow},
		{"grep -rn PASSWORD src", Allow},
		{"grep PASSWORD src/main.go", Allow},
		{"rg PASSWORD .", Allow}, // ripgrep skips hidden files
		{"rg --hidden PASSWORD .", Deny},
		{"tar czf /tmp/all.tgz .", Deny},
		{"cp -r . /tmp/copy", Deny},
		{"cp -r src /tmp/copy", Allow},
		{"zip -r /tmp/a.zip src", Allow},
	} {
		if d := p.Evaluate(act(tc.cmd)); d.Decision != tc.want {
			t.Errorf("%s: %s (%s), want %s", tc.cmd, d.Decision, d.Reason, tc.want)
		}
	}
	// A walk that never ends is cut off and asks.
	big := p.WithOptions(Options{Walk: func(dir string, visit func(string) bool) error {
		for i := 0; visit(fmt.Sprintf("%s/f%d.go", dir, i)); i++ {
		}
		return nil
	}})
	if d := big.Evaluate(act("grep -r x src")); d.Decision != Ask || d.Rule != "recursive-read" {
		t.Errorf("huge tree: %s %s (%s), want ask recursive-read", d.Decision, d.Rule, d.Reason)
	}
}
