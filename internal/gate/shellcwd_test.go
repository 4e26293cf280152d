package gate

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/agent/hermes"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// hermesCall is a Hermes pre_tool_call payload decoded, in cwd.
func hermesCall(t *testing.T, cwd, tool string, input map[string]any) *hook.Event {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"hook_event_name": "pre_tool_call", "tool_name": tool, "tool_input": input, "session_id": "h-1", "cwd": cwd})
	ev, err := hermes.Adapter{}.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// A cd of Hermes' persistent terminal is kept in the session's record,
// durably (a later hook process reads it), and later relative paths are
// judged from there too (red-team round 26, #c8).
func TestKeptShellCwd(t *testing.T) {
	e := newRepoEnv(t, "")
	write(t, filepath.Join(e.home, ".ssh", "id_rsa"), "key")
	ctx := context.Background()
	if d := e.g.Pre(ctx, hermesCall(t, e.repo, "read_file", map[string]any{"path": "README.md"})); d.Decision != policy.Allow {
		t.Fatalf("a relative read before any cd: %s (%s)", d.Decision, d.Reason)
	}
	if _, err := os.Stat(e.g.keptPath(hermesCall(t, e.repo, "terminal", map[string]any{"command": "ls"}))); !os.IsNotExist(err) {
		t.Fatalf("a session that never cd'ed has a record: %v", err)
	}
	d := e.g.Pre(ctx, hermesCall(t, e.repo, "terminal", map[string]any{"command": "cd " + e.home}))
	if d.Decision != policy.Ask || !strings.Contains(d.Reason, "outside the session's repository") {
		t.Fatalf("cd out of the repository: %s (%s)", d.Decision, d.Reason)
	}
	g2 := e.gateAt(t, e.repo) // the next hook process
	ev := hermesCall(t, e.repo, "read_file", map[string]any{"path": ".ssh/id_rsa"})
	if d := g2.Pre(ctx, ev); d.Decision != policy.Deny {
		t.Fatalf("read of .ssh/id_rsa after cd ~: %s (%s)", d.Decision, d.Reason)
	}
	if ev.Actions[0].Cwd != e.repo {
		t.Fatalf("the record names the payload's actions, not %q", ev.Actions[0].Cwd)
	}
	// A record that cannot be read is "anywhere": a relative path asks.
	write(t, g2.keptPath(ev), "not a quoted directory\n")
	if d := e.gateAt(t, e.repo).Pre(ctx, hermesCall(t, e.repo, "read_file", map[string]any{"path": "README.md"})); d.Decision != policy.Ask {
		t.Fatalf("relative read with an unreadable record: %s (%s)", d.Decision, d.Reason)
	}
}

// The record: quoted lines, "?" for anywhere, more than MaxKeptCwds
// directories is anywhere.
func TestParseKept(t *testing.T) {
	k := parseKept(formatKept(hook.KeptCwds{Dirs: []string{"/a", "/b c\nd"}}))
	if k.Unknown || len(k.Dirs) != 2 || k.Dirs[1] != "/b c\nd" {
		t.Fatalf("round trip: %+v", k)
	}
	if !parseKept("\"/a\"\n?\n").Unknown || !parseKept("\"rel\"\n").Unknown || !parseKept("\"/a/../b\"\n").Unknown {
		t.Fatal("a foreign line is not anywhere")
	}
	var b strings.Builder
	for i := 0; i <= hook.MaxKeptCwds; i++ {
		b.WriteString(formatKept(hook.KeptCwds{Dirs: []string{"/d" + strings.Repeat("x", i)}}))
	}
	if !parseKept(b.String()).Unknown {
		t.Fatal("past MaxKeptCwds directories is not anywhere")
	}
}

// A Hermes command that leaves a function, an alias or an exported
// variable in its persistent shell is denied under persistent-shell-state
// (red-team round 28, #101-#104); the same change in a subshell is not.
func TestKeptShellState(t *testing.T) {
	e := newRepoEnv(t, "")
	ctx := context.Background()
	for _, c := range []struct {
		cmd  string
		want policy.Effect
	}{
		{"f() { cd ~; }", policy.Deny},
		{"export CDPATH=" + e.home, policy.Deny},
		{"(export CDPATH=" + e.home + "; ls)", policy.Allow},
		{"x=1; echo $x", policy.Allow},
	} {
		d := e.g.Pre(ctx, hermesCall(t, e.repo, "terminal", map[string]any{"command": c.cmd}))
		if d.Decision != c.want {
			t.Errorf("%s: %s (%s), want %s", c.cmd, d.Decision, d.Reason, c.want)
		}
		if c.want == policy.Deny && (d.Rule != "persistent-shell-state" || !strings.Contains(d.Reason, "bash -c")) {
			t.Errorf("%s: rule %q reason %q", c.cmd, d.Rule, d.Reason)
		}
	}
}
