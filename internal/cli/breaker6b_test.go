package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// Red-team round 6b, #5: Mandate's own destructive commands run by an
// agent. The hook denies `mandate prune …` by name and by pinned digest,
// but a front the agent builds itself (go build -o src/mm
// github.com/mandate-dev/mandate/cmd/mandate, allowed) is neither; run
// in the next call, `src/mm prune --before NOW --force` is allowed and —
// unlike tamper ack, which checks agentSignals — prune runs for an agent:
// checked with the built binaries and CLAUDECODE=1 in its environment, it
// erased the payloads of 337 records and recorded the prune as the OS
// user's (verify: ok). A retention prune or an erasure run by an agent
// should refuse as tamper ack does (and uninstall, init, serve likewise).
// Closed: personcmds.go refuses Mandate's mutating commands for agents.
func TestBreaker6bPruneRefusesAgents(t *testing.T) {
	e := newHookEnv(t, hookPolicy)
	if r := e.run(t, claudePre("make"), "claude"); r.code != 0 {
		t.Fatalf("pre: %+v", r)
	}
	withPerson(t, nil, []proc{{pid: 41, comm: "claude"}})
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Cwd: e.repo,
		Environ: []string{"HOME=" + e.home, "CLAUDECODE=1"}, Ppid: 1,
		Now: func() time.Time { return time.Date(2026, 11, 21, 12, 5, 0, 0, time.UTC) },
		Getenv: func(k string) string {
			switch k {
			case "HOME":
				return e.home
			case "MANDATE_HOME":
				return e.state
			case "CLAUDECODE":
				return "1"
			}
			return ""
		}}
	code := Main(context.Background(), env, []string{"prune", "--before", "2026-11-21T12:04:00Z", "--force"})
	if code == 0 || !strings.Contains(errb.String(), "refused") {
		t.Fatalf("prune run by an agent (CLAUDECODE=1, a claude ancestor): exit %d\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	}
	es, err := evidence.Records(context.Background(), e.state, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	refused := false
	for _, en := range es {
		if en.Record.Tool == "mandate prune" && en.Record.Decision == "deny" {
			refused = true
		}
		if en.Record.Type == evidence.TypePrune {
			t.Errorf("the refused prune erased records: %+v", en.Record)
		}
	}
	if !refused {
		t.Errorf("the refusal is not recorded")
	}
}
