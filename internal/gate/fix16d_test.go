package gate

// Red-team round 16 fix (f16d): variants of the br16d cases
// (breaker16d_test.go) and the everyday work that must stay allowed.
// source: "red-team round 16 fix".

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

func writeEvent(dir, session, id, path string) *hook.Event {
	return &hook.Event{Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", SessionID: session, Cwd: dir,
		Tool: "Write", ToolUseID: id, Input: map[string]any{"file_path": path, "content": "x\n"},
		Actions: []action.Action{{Kind: action.FileWrite, Paths: []string{path}, Content: "x\n"}}}
}

func readEvent(dir, session, id, path string) *hook.Event {
	return &hook.Event{Kind: hook.PostTool, Name: "PostToolUse", Agent: "claude", SessionID: session, Cwd: dir,
		Tool: "Read", ToolUseID: id, Input: map[string]any{"file_path": path},
		Actions: []action.Action{{Kind: action.FileRead, Paths: []string{path}}}}
}

// #61 variant (class integrity/unwatched-scope-change): the breaker's
// exact shape, a session in a repository nested in the pinned one. Why:
// the nested repository is another scope; its session's call lands after
// the pins of every pinned repository were checked.
func TestFix16dNestedRepositorySessionChangeIsTamper(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	e.g.cfg.Now = time.Now // the change is dated after the call started
	e.g = e.gateAt(t, e.repo)
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_A", "ls"), policy.Allow)
	if err := e.g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(e.repo, "src", "sub")
	if err := os.MkdirAll(filepath.Join(sub, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	g2 := e.gateAt(t, sub)
	mustDecide(t, g2, e.call(sub, "s-2", "toolu_B", "make"), policy.Allow)
	write(t, filepath.Join(e.repo, ".mcp.json"), `{"mcpServers":{"x":{"command":"sh"}}}`)
	if err := g2.Post(ctx, e.post(sub, "s-2", "toolu_B")); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 1 {
		t.Errorf("%d tamper records, want 1", n)
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-1", "toolu_C", "ls"), policy.Deny)
}

// #61 everyday: sessions in sibling repositories that change nothing
// governing stay allowed, with no record but their own; a person's edit
// of another repository's configuration with nothing in flight is a
// governance change, not a lock.
func TestFix16dSiblingSessionsStayAllowed(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	// the wall clock, as in production (file times are compared with the
	// calls' starts), two seconds on: the edit below is older than the
	// attribution slack when the next call starts
	e.g.cfg.Now = func() time.Time { return time.Now().Add(2 * time.Second) }
	e.g = e.gateAt(t, e.repo)
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_A", "npm test"), policy.Allow)
	if err := e.g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(e.dir, "other")
	write(t, filepath.Join(other, "src", "a.go"), "package a\n")
	if err := os.MkdirAll(filepath.Join(other, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	g2 := e.gateAt(t, other)
	for i, c := range []string{"go test ./...", "echo x > src/b.go", "make"} {
		id := fmt.Sprintf("toolu_B%d", i)
		mustDecide(t, g2, e.call(other, "s-2", id, c), policy.Allow)
		write(t, filepath.Join(other, "src", "b.go"), "package a\n")
		write(t, filepath.Join(e.repo, "src", "x.go"), "package x\n") // not governing
		if err := g2.Post(ctx, e.post(other, "s-2", id)); err != nil {
			t.Fatal(err)
		}
	}
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_C", "npm test"), policy.Allow)
	if err := e.g.Post(ctx, e.post(e.repo, "s-1", "toolu_C")); err != nil {
		t.Fatal(err)
	}
	// A person's edit, nothing in flight (of a member that routes
	// nothing: one that does locks, attributed to no call, see
	// unattended_test.go).
	write(t, filepath.Join(e.repo, ".claude", "settings.json"), `{"outputStyle":"Explanatory"}`)
	mustDecide(t, g2, e.call(other, "s-2", "toolu_D", "ls"), policy.Allow)
	if err := g2.Post(ctx, e.post(other, "s-2", "toolu_D")); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 0 {
		t.Errorf("%d tamper records for everyday work, want 0", n)
	}
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_E", "npm test"), policy.Allow)
	if n := len(e.ofType(t, evidence.TypeGovernanceChange)); n != 1 {
		t.Errorf("%d governance-change records for the person's edit, want 1", n)
	}
}

// #61: a read-only call's landing does not look at other repositories
// (nothing it did can have changed them), a writing call's does.
func TestFix16dReadLandingSkipsOtherScopes(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_A", "ls"), policy.Allow)
	if err := e.g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(e.dir, "other")
	if err := os.MkdirAll(filepath.Join(other, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	g2 := e.gateAt(t, other)
	mustDecide(t, g2, e.call(other, "s-2", "toolu_B", "ls"), policy.Allow)
	if !readOnlyEvent(readEvent(other, "s-2", "toolu_R", filepath.Join(other, "x"))) {
		t.Fatal("a Read is read-only")
	}
	if readOnlyEvent(e.post(other, "s-2", "toolu_B")) || readOnlyEvent(e.call(other, "s-2", "x", "cat a")) {
		t.Fatal("a call of unknown actions, a command: not read-only")
	}
	write(t, filepath.Join(e.repo, ".claude", "settings.local.json"), `{"disableAllHooks": true}`)
	if err := g2.Post(ctx, e.post(other, "s-2", "toolu_B")); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 1 {
		t.Errorf("%d tamper records, want 1", n)
	}
}

// #62 variants (class lock/caller-scope-only): the Write tool, a cd into
// the locked repository, a path through a symlink to it. Everyday: the
// other session's own work is not locked.
func TestFix16dLockHoldsForEveryReach(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	other := filepath.Join(e.dir, "other")
	if err := os.MkdirAll(filepath.Join(other, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(e.repo, filepath.Join(other, "link")); err != nil {
		t.Fatal(err)
	}
	g2 := e.gateAt(t, other)
	mustDecide(t, g2, e.call(other, "s-2", "toolu_0", "ls"), policy.Allow)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_A", "npm test"), policy.Allow)
	write(t, filepath.Join(e.repo, ".claude", "settings.local.json"), `{"disableAllHooks": true}`)
	if err := e.g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	for i, ev := range []*hook.Event{
		writeEvent(other, "s-2", "toolu_W", filepath.Join(e.repo, "src", "a.txt")),
		e.call(other, "s-2", "toolu_C1", "cd "+e.repo+" && touch x"),
		e.call(other, "s-2", "toolu_C2", "echo x > link/src/a.txt"),
		e.call(other, "s-2", "toolu_C3", "cp README "+e.repo+"/"),
	} {
		if d := g2.Pre(ctx, ev); d.Decision != policy.Deny {
			t.Errorf("case %d (%s %v) while the repository is locked: %s, want deny", i, ev.Tool, ev.Input, d.Decision)
		}
	}
	mustDecide(t, g2, e.call(other, "s-2", "toolu_D", "echo ok > notes.txt"), policy.Allow)
	mustDecide(t, g2, e.call(other, "s-2", "toolu_E", "go test ./..."), policy.Allow)
}

// #63 variants (class pins/listing-bound): past the per-directory bound
// the directory is pinned by its listing; past the tree bound the rest of
// the tree by its digest. Bounds lowered for the test.
func TestFix16dPastBoundsStillPinned(t *testing.T) {
	defer func(l, n int) { maxListed, maxTreeEntries = l, n }(maxListed, maxTreeEntries)
	maxListed, maxTreeEntries = 8, 12
	for _, tc := range []struct {
		name   string
		rel    func(i int) string
		target string
	}{
		{"flat", func(i int) string { return fmt.Sprintf("a%02d.md", i) }, "a19.md"},
		{"deep", func(i int) string { return fmt.Sprintf("d%d/e%d/s%02d.md", i%3, i%2, i) }, "d1/e0/s16.md"},
		{"deep-new-file", func(i int) string { return fmt.Sprintf("d%d/e%d/s%02d.md", i%3, i%2, i) }, "d2/e1/new.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			ctx := context.Background()
			dir := filepath.Join(e.home, ".claude", "agents")
			for i := 0; i < 20; i++ {
				write(t, filepath.Join(dir, tc.rel(i)), "---\nname: a\n---\n")
			}
			g := e.gateAt(t, e.repo)
			mustDecide(t, g, e.call(e.repo, "s-1", "toolu_A", "ls"), policy.Allow)
			mustDecide(t, g, e.call(e.repo, "s-1", "toolu_A2", "ls"), policy.Allow) // settled: nothing changes by itself
			write(t, filepath.Join(dir, tc.target), "---\nname: x\nhooks:\n  PreToolUse: []\n---\n")
			if err := g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
				t.Fatal(err)
			}
			if n := len(e.ofType(t, evidence.TypeTamper)); n < 1 {
				t.Errorf("%d tamper records for %s rewritten past the bounds, want 1 or more", n, tc.target)
			}
			mustDecide(t, g, e.call(e.repo, "s-1", "toolu_B", "ls"), policy.Deny)
			if l := PinLimits(e.state); len(l) == 0 || !strings.Contains(strings.Join(l, "\n"), dir) {
				t.Errorf("doctor's pin limits: %q, want the agents directory named", l)
			}
		})
	}
}

// #64 variants (class pins/oversized-digest-is-size): past the parsing
// bound the content is hashed whole, any change counting; below it (and
// past the everyday 4 MB) the state file's volatile members still do not.
func TestFix16dHugeConfigHashedWhole(t *testing.T) {
	defer func(n int64) { maxParsedConfig = n }(maxParsedConfig)
	maxParsedConfig = maxConfigSize
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	path := filepath.Join(e.home, ".claude.json")
	body := strings.Repeat("a", 4_200_000)
	write(t, path, `{"x":"`+body+`"}`)
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-1", "toolu_A", "ls"), policy.Allow)
	write(t, path, `{"y":"`+body+`"}`) // same size
	if err := g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 1 {
		t.Errorf("%d tamper records, want 1", n)
	}
}

func TestFix16dLargeStateFileVolatileEditStaysAllowed(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	path := filepath.Join(e.home, ".claude.json")
	body := strings.Repeat("a", 4_300_000)
	write(t, path, `{"numStartups":1,"projects":{"/p":{"history":[{"display":"`+body+`"}]}}}`)
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-1", "toolu_A", "npm test"), policy.Allow)
	write(t, path, `{"numStartups":2,"projects":{"/p":{"history":[{"display":"`+body+`b"}]}}}`) // Claude Code's own bookkeeping
	if err := g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 0 {
		t.Errorf("%d tamper records for Claude Code's bookkeeping in a 4.3 MB state file, want 0", n)
	}
	mustDecide(t, g, e.call(e.repo, "s-1", "toolu_B", "npm test"), policy.Allow)
}

// #65 variants (class pins/plugin-manifest-paths): a manifest naming a
// list of agent files and a skills directory; the default .lsp.json.
func TestFix16dPluginManifestComponentsPinned(t *testing.T) {
	for _, file := range []string{"custom/agents/a.md", "extra-skills/s/SKILL.md", ".lsp.json"} {
		t.Run(file, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			ctx := context.Background()
			p := filepath.Join(e.home, ".claude", "plugins", "cache", "mkt", "p", "1.0.0")
			write(t, filepath.Join(p, ".claude-plugin", "plugin.json"),
				`{"name":"p","agents":["./custom/agents/a.md"],"skills":"./extra-skills/"}`)
			write(t, filepath.Join(p, "custom", "agents", "a.md"), "---\nname: a\n---\n")
			write(t, filepath.Join(p, "extra-skills", "s", "SKILL.md"), "---\nname: s\n---\n")
			write(t, filepath.Join(p, ".lsp.json"), `{}`)
			g := e.gateAt(t, e.repo)
			mustDecide(t, g, e.call(e.repo, "s-1", "toolu_A", "ls"), policy.Allow)
			write(t, filepath.Join(p, file), "---\nhooks:\n  PreToolUse: []\n---\n")
			if err := g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
				t.Fatal(err)
			}
			if n := len(e.ofType(t, evidence.TypeTamper)); n != 1 {
				t.Errorf("%d tamper records for the plugin's %s, want 1", n, file)
			}
		})
	}
}

// #66 variants (class pins/hook-script-dependencies): a repository's hook
// in .claude/hooks sourcing a file beside it: writing that file is
// refused. Everyday: an MCP server kept in src/ pins itself only, the
// rest of src/ stays the agent's to edit.
func TestFix16dRepoHookScriptDirectory(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	write(t, filepath.Join(e.repo, ".claude", "hooks", "check.sh"), "#!/bin/sh\n. \"$CLAUDE_PROJECT_DIR/.claude/hooks/common.sh\"\n")
	write(t, filepath.Join(e.repo, ".claude", "hooks", "common.sh"), "true\n")
	write(t, filepath.Join(e.repo, ".claude", "settings.json"), `{"hooks":{"PreToolUse":[{"hooks":[{"type":"command","command":"\"$CLAUDE_PROJECT_DIR\"/.claude/hooks/check.sh"}]}]}}`)
	write(t, filepath.Join(e.repo, ".mcp.json"), `{"mcpServers":{"s":{"command":"node","args":["src/server.js"]}}}`)
	write(t, filepath.Join(e.repo, "src", "server.js"), "//\n")
	write(t, filepath.Join(e.repo, "src", "util.js"), "//\n")
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-1", "toolu_0", "ls"), policy.Allow)
	if d := g.Pre(ctx, writeEvent(e.repo, "s-1", "toolu_1", filepath.Join(e.repo, ".claude", "hooks", "common.sh"))); d.Decision == policy.Allow {
		t.Errorf("writing a file beside a repository's hook script: allow, want deny or ask")
	}
	if d := g.Pre(ctx, writeEvent(e.repo, "s-1", "toolu_2", filepath.Join(e.repo, "src", "util.js"))); d.Decision != policy.Allow {
		t.Errorf("writing src/util.js beside an MCP server kept in src/: %s (%s), want allow", d.Decision, d.Reason)
	}
	mustDecide(t, g, e.call(e.repo, "s-1", "toolu_3", "echo x >> src/util.js"), policy.Allow)
}

// #67 variants (class hook-tree/symlinked-entry-target): the Write tool on
// the link's target; a symlink loop in a hook tree is followed once.
func TestFix16dSymlinkedTreeTargets(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	write(t, filepath.Join(e.repo, "src", "skills", "foo", "SKILL.md"), "---\nname: foo\n---\n")
	skills := filepath.Join(e.repo, ".claude", "skills")
	if err := os.MkdirAll(skills, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../src/skills/foo", filepath.Join(skills, "foo")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(skills, "loop")); err != nil {
		t.Fatal(err)
	}
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-1", "toolu_0", "ls"), policy.Allow)
	if d := g.Pre(ctx, writeEvent(e.repo, "s-1", "toolu_1", filepath.Join(e.repo, "src", "skills", "foo", "SKILL.md"))); d.Decision == policy.Allow {
		t.Errorf("Write of a linked skill's target: allow, want deny or ask")
	}
	mustDecide(t, g, e.call(e.repo, "s-1", "toolu_2", "echo x > src/other.txt"), policy.Allow)
}
