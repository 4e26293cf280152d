// Package demo is `mandate demo`: it runs a handful of real recorded agent
// hook payloads (Claude Code, Codex, Gemini CLI and Copilot CLI shapes,
// captured from the real CLIs, with the commands changed to show each
// outcome) through the real hook path — adapter, gate, built-in default
// policy, redaction, evidence log — and shows what each agent is told.
// It finishes by verifying the evidence it wrote.
//
// Everything happens under a scratch directory the caller provides: a
// project (with a .git directory), a home directory and Mandate's state
// directory inside it. Nothing of the user's real state is read or written,
// and no process is started.
package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/agent/agents"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

//go:embed payloads/*.json
var payloads embed.FS

// Options configure Run.
type Options struct {
	// Dir is an empty scratch directory the demo works in.
	Dir string
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Run runs the demo and writes its report to w.
func Run(ctx context.Context, w io.Writer, o Options) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	project := filepath.Join(o.Dir, "project")
	home := filepath.Join(o.Dir, "home")
	state := filepath.Join(home, ".local", "state", "mandate")
	if err := scaffold(project, home); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	vars := map[string]string{"HOME": home}
	getenv := func(k string) string { return vars[k] }
	// The event the adapter decoded, kept to say what was decided.
	var decided *hook.Event
	open := func(ctx context.Context, ev *hook.Event) (hook.Gate, error) {
		decided = ev
		return gate.Open(ctx, gate.Options{StateDir: state, Cwd: ev.Cwd, Getenv: getenv, Now: o.Now})
	}
	pol, err := gate.LoadPolicy("", project, getenv)
	if err != nil {
		return err
	}

	names, err := fs.Glob(payloads, "payloads/*.json")
	if err != nil {
		return err
	}
	sort.Strings(names)
	fmt.Fprintf(w, "Mandate demo: %d recorded agent tool calls through the real hook path\n", len(names))
	fmt.Fprintf(w, "policy   %s, trust level write_local; its digest, recorded with every decision: %s\n", pol.Name(), pol.Digest())
	fmt.Fprintf(w, "         %s\n", policiesLine(pol))
	fmt.Fprintf(w, "scratch  %s (a project, a home and Mandate's state directory)\n\n", o.Dir)

	replacer := strings.NewReplacer(
		"{{PROJECT}}", project,
		"{{HOME}}", home,
		// A GitHub-token-shaped value, made here so no token sits in the source.
		"{{FAKE_GITHUB_TOKEN}}", fakeToken("ghp_", 36),
	)
	for i, name := range names {
		raw, err := payloads.ReadFile(name)
		if err != nil {
			return err
		}
		payload := []byte(replacer.Replace(string(raw)))
		agent := hook.Detect(payload)
		ad, ok := agents.Lookup(agent)
		if !ok {
			return fmt.Errorf("demo: %s: no adapter for %q", name, agent)
		}
		var stdout, stderr bytes.Buffer
		decided = nil
		code := hook.Run(ctx, ad, nil, bytes.NewReader(payload), &stdout, &stderr,
			hook.RunOptions{Lookup: agents.Lookup, Open: open})
		rec, err := lastDecision(ctx, state)
		if err != nil {
			return err
		}
		what := short(rec.ResourcePath, project, home)
		if decided != nil {
			what = short(label(decided.Actions, project), project, home)
		}
		fmt.Fprintf(w, "%d. %-7s %-22s %s\n", i+1, agent, rec.Tool, what)
		fmt.Fprintf(w, "   %-5s %s\n", strings.ToUpper(rec.Decision), rec.Reason)
		if len(rec.Redactions) > 0 {
			var rs []string
			for _, r := range rec.Redactions {
				rs = append(rs, r.Path+" ("+r.Rule+")")
			}
			fmt.Fprintf(w, "   redacted before storage: %s\n", strings.Join(rs, ", "))
		}
		fmt.Fprintf(w, "   %s is told: %s\n\n", agent, told(code, stdout.String(), stderr.String()))
	}

	red, err := evidence.NewRedactor(state, false)
	if err != nil {
		return err
	}
	log, err := evidence.Open(state, evidence.Options{Now: o.Now, Redactor: red})
	if err != nil {
		return err
	}
	if _, err := log.Checkpoint(ctx); err != nil {
		log.Close()
		return err
	}
	log.Close()
	rep, err := evidence.Verify(ctx, state)
	if err != nil {
		return fmt.Errorf("demo: the evidence does not verify: %w", err)
	}
	counts, err := recordCounts(ctx, state)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "evidence %d records: %s\n", rep.Records, counts)
	fmt.Fprintf(w, "         verified: every record's digest, the Merkle tree, and %d signed checkpoint(s); the latest signs\n", rep.Checkpoints)
	fmt.Fprintf(w, "         the %d records before its own record (which the next checkpoint will cover)\n", rep.TreeSize)
	fmt.Fprintf(w, "\nLook closer:\n  MANDATE_HOME=%s mandate log\n  MANDATE_HOME=%s mandate verify\n", state, state)
	return nil
}

// scaffold creates the demo project (a git repository on branch main)
// and home directory.
func scaffold(project, home string) error {
	for _, d := range []string{filepath.Join(project, ".git", "refs", "heads"), filepath.Join(project, "src"), filepath.Join(home, ".aws")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	files := map[string]string{
		filepath.Join(project, ".git", "HEAD"):                  "ref: refs/heads/main\n",
		filepath.Join(project, ".git", "refs", "heads", "main"): "4b825dc642cb6eb9a060e54bf8d69288fbee4904\n",
		filepath.Join(project, "src", "greet.go"):               "package src\n\nfunc Greet() string { return \"hello\" }\n",
	}
	for p, s := range files {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// lastDecision reads back the record the hook just wrote.
func lastDecision(ctx context.Context, state string) (evidence.Record, error) {
	red, err := evidence.NewRedactor(state, false)
	if err != nil {
		return evidence.Record{}, err
	}
	log, err := evidence.Open(state, evidence.Options{Redactor: red})
	if err != nil {
		return evidence.Record{}, err
	}
	defer log.Close()
	es, err := log.Records(ctx, evidence.Filter{})
	if err != nil {
		return evidence.Record{}, err
	}
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Record.Decision != "" {
			return es[i].Record, nil
		}
	}
	return evidence.Record{}, fmt.Errorf("demo: the hook recorded no decision")
}

// policiesLine explains the policy count in the reasons ("no rule of the
// 7 policies matched"): which policies decide every call.
func policiesLine(pol *policy.Policy) string {
	d := pol.Evaluate(&action.Action{V: action.Version, Kind: action.Exec, Command: "true"})
	var rules, builtin []string
	for _, c := range d.PolicyChecks {
		if strings.HasPrefix(c.Policy, "mandate-") {
			builtin = append(builtin, c.Policy)
		} else {
			rules = append(rules, c.Policy)
		}
	}
	return fmt.Sprintf("%d policies decide every call: %s (the default's rules) and %s (always on)",
		len(d.PolicyChecks), strings.Join(rules, ", "), strings.Join(builtin, ", "))
}

// label says what an action was decided on: the command, or each file
// with what is done to it (a patch may touch several), or the MCP tool and
// the paths in its arguments.
func label(acts []action.Action, project string) string {
	verbs := map[action.Kind]string{action.FileRead: "read", action.FileWrite: "write", action.FileDelete: "delete"}
	var parts []string
	for i := range acts {
		a := &acts[i]
		switch a.Kind {
		case action.FileRead, action.FileWrite, action.FileDelete:
			for _, p := range a.Paths {
				if !filepath.IsAbs(p) {
					p = filepath.Join(a.Cwd, p)
				}
				parts = append(parts, verbs[a.Kind]+" "+p)
			}
		case action.MCPCall:
			s := a.Server + "/" + a.MCPTool
			var args map[string]any
			if json.Unmarshal(a.Arguments, &args) == nil {
				for _, k := range []string{"path", "file_path", "file", "filename"} {
					if v, ok := args[k].(string); ok {
						s += " " + k + "=" + v
					}
				}
			}
			parts = append(parts, s)
		default:
			parts = append(parts, a.Resource())
		}
	}
	return strings.Join(parts, ", ")
}

// recordCounts says what the evidence records are, by type.
func recordCounts(ctx context.Context, state string) (string, error) {
	es, err := evidence.Records(ctx, state, evidence.Filter{})
	if err != nil {
		return "", err
	}
	n := map[string]int{}
	var order []string
	for _, e := range es {
		if n[e.Record.Type] == 0 {
			order = append(order, e.Record.Type)
		}
		n[e.Record.Type]++
	}
	var parts []string
	for _, t := range order {
		parts = append(parts, fmt.Sprintf("%d %s", n[t], t))
	}
	return strings.Join(parts, ", "), nil
}

// told describes the hook's answer as the agent receives it.
func told(code int, stdout, stderr string) string {
	out := strings.TrimSpace(stdout)
	if out != "" {
		var v any
		if json.Unmarshal([]byte(out), &v) == nil {
			b, _ := json.Marshal(v)
			out = string(b)
		}
		out = short(out, "", "")
	}
	switch {
	case code == 0 && out == "":
		return "exit 0, no output (the tool runs)"
	case code == 0:
		return "exit 0, " + out
	case out == "":
		return fmt.Sprintf("exit %d, stderr %q", code, short(strings.TrimSpace(stderr), "", ""))
	}
	return fmt.Sprintf("exit %d, %s", code, out)
}

// fakeToken returns prefix and n characters that look random but are the
// same on every run (a seeded generator, not a real credential).
func fakeToken(prefix string, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	r := rand.New(rand.NewPCG(2026, 11))
	b := []byte(prefix)
	for range n {
		b = append(b, alphabet[r.IntN(len(alphabet))])
	}
	return string(b)
}

func short(s, project, home string) string {
	if project != "" {
		s = strings.ReplaceAll(s, project, ".")
	}
	if home != "" {
		s = strings.ReplaceAll(s, home, "~")
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}
