// Package hooktest is the shared test kit of the hook adapters: golden
// files, a recording Gate, the fixture and bad-input suites every adapter
// must pass, and the FuzzDecode property. It is imported by tests only.
//
// # Contract
//
// Fixtures decodes every payload in testdata/fixtures/ (real captures from
// the agents, or documented examples where no capture exists) and compares
// the decoded Event and the encoded allow, deny and ask answers with golden
// files under testdata/golden/ (rewritten with go test -update). BadInput
// checks that truncated JSON, an unknown event, a missing tool input, a
// 50 MB payload, a stuck gate and a panicking gate are each answered with
// the agent's own deny (exit 2, deny JSON, reason on stderr) in bounded
// time, and that unknown extra fields change nothing.
package hooktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mandate-dev/mandate/internal/agent/agents" // Detect knows the built-in agents
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Golden compares got with the file at path, or writes it under -update.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// Gate is a recording hook.Gate for adapter tests. The zero value allows
// everything and records every call.
type Gate struct {
	Decision   policy.Decision
	PostErr    error
	SessionErr error
	// Stall makes Pre block until its context ends.
	Stall bool
	// Panic makes Pre panic.
	Panic bool

	mu    sync.Mutex
	calls []string
	// Events are the events the gate saw, in order.
	Events []*hook.Event
}

func (g *Gate) note(s string, ev *hook.Event) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls = append(g.calls, s)
	g.Events = append(g.Events, ev)
}

// Calls lists the methods called, in order ("pre", "failure: <err>", …).
func (g *Gate) Calls() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.calls...)
}

func (g *Gate) decision() policy.Decision {
	if g.Decision.Decision == "" {
		return policy.Decision{Decision: policy.Allow}
	}
	return g.Decision
}

// Overdue implements hook.OverdueRecorder: it records the call.
func (g *Gate) Overdue(ctx context.Context, ev *hook.Event, err error) {
	g.note("overdue: "+err.Error(), ev)
}

// Pre implements hook.Gate.
func (g *Gate) Pre(ctx context.Context, ev *hook.Event) policy.Decision {
	g.note("pre", ev)
	if g.Panic {
		panic("test gate panics")
	}
	if g.Stall {
		<-ctx.Done()
		time.Sleep(50 * time.Millisecond)
	}
	return g.decision()
}

// Post implements hook.Gate.
func (g *Gate) Post(ctx context.Context, ev *hook.Event) error {
	g.note("post", ev)
	return g.PostErr
}

// Session implements hook.Gate.
func (g *Gate) Session(ctx context.Context, ev *hook.Event) error {
	g.note("session", ev)
	return g.SessionErr
}

// Failure implements hook.Gate: it always denies, like the real gate
// without fail-open.
func (g *Gate) Failure(ctx context.Context, ev *hook.Event, err error) policy.Decision {
	g.note("failure: "+err.Error(), ev)
	return policy.Decision{Decision: policy.Deny, Policy: "mandate", Rule: "fail-closed",
		Reason: "Mandate could not check this action (" + err.Error() + "); it is refused because governance fails closed"}
}

// Decisions used for the golden encodings.
var (
	Allow = policy.Decision{Decision: policy.Allow, Policy: "example", Rule: "allow-reads", Reason: "reading the repository is allowed"}
	Deny  = policy.Decision{Decision: policy.Deny, Policy: "example", Rule: "no-push", Reason: "pushing is not allowed from agent sessions; commit locally and ask a human to push"}
	Ask   = policy.Decision{Decision: policy.Ask, Policy: "example", Rule: "confirm-install", Reason: "installing packages needs a human's approval"}
)

// Answer formats one encoded answer for a golden file.
func Answer(code int, stdout, stderr []byte) []byte {
	return fmt.Appendf(nil, "exit: %d\nstdout:\n%sstderr:\n%s", code, stdout, stderr)
}

// FixtureFiles lists testdata/fixtures/*.json.
func FixtureFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata/fixtures (%v)", err)
	}
	sort.Strings(files)
	return files
}

// Fixtures checks every fixture against its golden decoded Event and, for
// pre-tool events, its golden allow, deny and ask answers. Every fixture
// must also be detected as ad's agent. hint gives the event name for
// adapters that need it from the command line (file base name → event);
// nil means Decode alone.
func Fixtures(t *testing.T, ad hook.Adapter, hint func(file string) string) {
	for _, file := range FixtureFiles(t) {
		base := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(base, func(t *testing.T) {
			payload, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if got := hook.Detect(payload); got != ad.Name() {
				t.Errorf("Detect = %q, want %q", got, ad.Name())
			}
			var ev *hook.Event
			if ed, ok := ad.(hook.EventDecoder); ok && hint != nil {
				ev, err = ed.DecodeEvent(payload, hint(file))
			} else {
				ev, err = ad.Decode(payload)
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			// The engine decodes a payload it has already parsed for
			// detection: that must answer exactly as Decode.
			if od, ok := ad.(hook.ObjectDecoder); ok {
				want, werr := ad.Decode(payload)
				f, err := hook.Object(payload)
				if err != nil {
					t.Fatalf("Object: %v", err)
				}
				got, gerr := od.DecodeObject(f)
				if got != nil && want != nil {
					// a function reads no payload member: compared by its use
					if (got.ActionsAt == nil) != (want.ActionsAt == nil) {
						t.Errorf("DecodeObject and Decode disagree on ActionsAt")
					}
					got.ActionsAt, want.ActionsAt = nil, nil
				}
				if fmt.Sprint(gerr) != fmt.Sprint(werr) || !reflect.DeepEqual(got, want) {
					t.Errorf("DecodeObject = %+v, %v; Decode = %+v, %v", got, gerr, want, werr)
				}
			}
			for i, a := range ev.Actions {
				if err := a.Validate(); err != nil {
					t.Errorf("action %d invalid: %v", i, err)
				}
			}
			if (ev.Kind == hook.PreTool || ev.Kind == hook.PostTool) && len(ev.Actions) == 0 {
				t.Errorf("tool event without actions")
			}
			js, err := json.MarshalIndent(ev, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			Golden(t, filepath.Join("testdata", "golden", base+".event.json"), append(js, '\n'))
			effects := []policy.Decision{Allow, Deny, Ask}
			if ev.Kind != hook.PreTool {
				effects = []policy.Decision{Allow}
			}
			for _, d := range effects {
				var out, errb bytes.Buffer
				code := ad.Encode(ev, d, &out, &errb)
				if d.Decision == policy.Allow && ev.Kind == hook.PreTool && (code != 0 || !AllowAnswer(out.Bytes())) {
					t.Errorf("allow: exit %d, stdout %q; want exit 0 and no output (or the agent's allow answer)", code, out.String())
				}
				if d.Decision == policy.Deny && (code != 2 || out.Len() == 0 || errb.Len() == 0) {
					t.Errorf("deny: exit %d, stdout %q, stderr %q; want exit 2 with JSON and a reason", code, out.String(), errb.String())
				}
				if out.Len() > 0 && !json.Valid(out.Bytes()) {
					t.Errorf("%s: stdout is not JSON: %q", d.Decision, out.String())
				}
				if ev.Kind == hook.PreTool {
					Golden(t, filepath.Join("testdata", "golden", base+"."+string(d.Decision)+".txt"), Answer(code, out.Bytes(), errb.Bytes()))
				} else if code != 0 || out.Len() != 0 {
					t.Errorf("%s event allow: exit %d, stdout %q; want exit 0 and no output", ev.Kind, code, out.String())
				}
			}
		})
	}
}

// BadInputSpec describes an adapter to BadInput.
type BadInputSpec struct {
	// Valid is a pre-tool fixture the cases are derived from.
	Valid string
	// Post is a post-tool fixture (for the recording-failure case).
	Post string
	// EventKey is the payload key of the event name ("" when the payload
	// has none; then Hint carries it).
	EventKey string
	// Hint is the command-line event name used with every case.
	Hint string
	// InputKey is the payload key of the tool input.
	InputKey string
	// IsDeny reports whether stdout is the agent's own deny JSON.
	IsDeny func(stdout []byte) bool
}

// countingReader yields prefix, then n filler bytes, then suffix, counting
// what was read, without ever holding the whole payload.
type countingReader struct {
	r    io.Reader
	read int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += int64(n)
	return n, err
}

type filler struct{ n int64 }

var chunk = bytes.Repeat([]byte{'a'}, 64<<10)

func (f *filler) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > f.n {
		p = p[:f.n]
	}
	n := 0
	for n < len(p) {
		n += copy(p[n:], chunk)
	}
	f.n -= int64(n)
	return n, nil
}

// BadInput runs the bad-input suite against ad.
func BadInput(t *testing.T, ad hook.Adapter, spec BadInputSpec) {
	valid, err := os.ReadFile(spec.Valid)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(fn func(m map[string]json.RawMessage)) []byte {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(valid, &m); err != nil {
			t.Fatal(err)
		}
		fn(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	type run struct {
		code           int
		stdout, stderr []byte
		took           time.Duration
	}
	do := func(g *hook.Gate, stdin io.Reader, opts hook.RunOptions) run {
		var out, errb bytes.Buffer
		start := time.Now()
		code := hook.Run(context.Background(), ad, *g, stdin, &out, &errb, opts)
		return run{code, out.Bytes(), errb.Bytes(), time.Since(start)}
	}
	wantDeny := func(t *testing.T, r run, why string) {
		t.Helper()
		if r.code != 2 {
			t.Errorf("exit %d, want 2 (deny)", r.code)
		}
		if !spec.IsDeny(r.stdout) {
			t.Errorf("stdout is not %s's deny JSON: %q", ad.Name(), r.stdout)
		}
		if !bytes.Contains(r.stderr, []byte(why)) {
			t.Errorf("stderr %q does not say %q", r.stderr, why)
		}
		if r.took > 5*time.Second {
			t.Errorf("took %v", r.took)
		}
	}
	opts := hook.RunOptions{Event: spec.Hint}

	cases := []struct {
		name    string
		payload []byte
		hint    string
		why     string
	}{
		{"truncated", valid[:len(valid)/2], spec.Hint, "payload"},
		{"empty", nil, spec.Hint, "empty payload"},
		{"not json", []byte("PreToolUse please"), spec.Hint, "payload"},
		{"json array", []byte("[1,2]"), spec.Hint, "payload"},
		{"missing tool input", edit(func(m map[string]json.RawMessage) { delete(m, spec.InputKey) }), spec.Hint, spec.InputKey},
	}
	if spec.EventKey != "" {
		cases = append(cases, struct {
			name    string
			payload []byte
			hint    string
			why     string
		}{"unknown event", edit(func(m map[string]json.RawMessage) { m[spec.EventKey] = json.RawMessage(`"SomeFutureEvent"`) }), spec.Hint, "unknown event"})
	} else {
		cases = append(cases, struct {
			name    string
			payload []byte
			hint    string
			why     string
		}{"unknown event", valid, "someFutureEvent", "unknown event"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := &Gate{}
			var hg hook.Gate = g
			o := opts
			o.Event = c.hint
			r := do(&hg, bytes.NewReader(c.payload), o)
			wantDeny(t, r, c.why)
			if calls := g.Calls(); len(calls) != 1 || !strings.HasPrefix(calls[0], "failure") {
				t.Errorf("gate calls %q, want one failure", calls)
			}
		})
	}

	t.Run("extra fields", func(t *testing.T) {
		extra := edit(func(m map[string]json.RawMessage) {
			m["x_future_field"] = json.RawMessage(`{"nested":[1,"two",{"three":null}]}`)
			m["another_new_field"] = json.RawMessage(`"v"`)
		})
		g := &Gate{}
		var hg hook.Gate = g
		r := do(&hg, bytes.NewReader(extra), opts)
		if r.code != 0 || !AllowAnswer(r.stdout) {
			t.Errorf("allow with extra fields: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
		}
		g2 := &Gate{}
		var hg2 hook.Gate = g2
		do(&hg2, bytes.NewReader(valid), opts)
		if len(g.Events) != 1 || len(g2.Events) != 1 {
			t.Fatalf("gate calls %q / %q", g.Calls(), g2.Calls())
		}
		a, _ := json.Marshal(g.Events[0].Actions)
		b, _ := json.Marshal(g2.Events[0].Actions)
		if !bytes.Equal(a, b) {
			t.Errorf("extra fields changed the actions:\n%s\n%s", a, b)
		}
	})

	t.Run("50 MB payload", func(t *testing.T) {
		cr := &countingReader{r: io.MultiReader(strings.NewReader(`{"x":"`), &filler{n: 50 << 20}, strings.NewReader(`"}`))}
		g := &Gate{}
		var hg hook.Gate = g
		r := do(&hg, cr, opts)
		wantDeny(t, r, "too large")
		if cr.read > hook.DefaultMaxPayload+1 {
			t.Errorf("read %d bytes; the read must stop at %d", cr.read, hook.DefaultMaxPayload+1)
		}
	})

	t.Run("gate stuck past the budget", func(t *testing.T) {
		g := &Gate{Stall: true}
		var hg hook.Gate = g
		o := opts
		o.Budget = 100 * time.Millisecond
		r := do(&hg, bytes.NewReader(valid), o)
		wantDeny(t, r, "within")
		if r.took > 2*time.Second {
			t.Errorf("took %v with a 100ms budget", r.took)
		}
	})

	t.Run("gate panics", func(t *testing.T) {
		g := &Gate{Panic: true}
		var hg hook.Gate = g
		r := do(&hg, bytes.NewReader(valid), opts)
		wantDeny(t, r, "panic")
	})

	t.Run("deny decision", func(t *testing.T) {
		g := &Gate{Decision: Deny}
		var hg hook.Gate = g
		r := do(&hg, bytes.NewReader(valid), opts)
		wantDeny(t, r, "pushing is not allowed")
	})

	t.Run("unknown effect is a deny", func(t *testing.T) {
		g := &Gate{Decision: policy.Decision{Decision: "maybe", Reason: "odd effect"}}
		var hg hook.Gate = g
		r := do(&hg, bytes.NewReader(valid), opts)
		wantDeny(t, r, "odd effect")
	})

	t.Run("no gate", func(t *testing.T) {
		var out, errb bytes.Buffer
		code := hook.Deny(ad, nil, "the policy file could not be read", &out, &errb)
		wantDeny(t, run{code, out.Bytes(), errb.Bytes(), 0}, "policy file could not be read")
	})

	if spec.Post != "" {
		t.Run("post event recording fails", func(t *testing.T) {
			post, err := os.ReadFile(spec.Post)
			if err != nil {
				t.Fatal(err)
			}
			g := &Gate{PostErr: errors.New("evidence log is full")}
			var hg hook.Gate = g
			o := opts
			if spec.Hint != "" {
				o.Event = strings.Replace(spec.Hint, "pre", "post", 1)
			}
			r := do(&hg, bytes.NewReader(post), o)
			if r.code == 1 || len(r.stderr) == 0 || !bytes.Contains(r.stderr, []byte("evidence log is full")) {
				t.Errorf("post failure: exit %d stderr %q; want the failure reported", r.code, r.stderr)
			}
		})
	}
}

// FuzzDecode checks, for any payload, that Decode does not panic, that a
// decoded tool event has valid actions, and that Encode of a deny is exit 2
// with output.
func FuzzDecode(f *testing.F, ad hook.Adapter) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.json"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		ev, err := ad.Decode(payload)
		if err != nil {
			var out, errb bytes.Buffer
			code := hook.Deny(ad, ev, err.Error(), &out, &errb)
			pre := ev == nil || ev.Kind == hook.PreTool
			if (pre && (code != 2 || out.Len() == 0)) || code == 1 || errb.Len() == 0 {
				t.Fatalf("deny after %v: exit %d stdout %q stderr %q", err, code, out.String(), errb.String())
			}
			return
		}
		if ev.Kind == hook.PreTool || ev.Kind == hook.PostTool {
			if len(ev.Actions) == 0 {
				t.Fatalf("tool event %q without actions", ev.Tool)
			}
			for _, a := range ev.Actions {
				if err := a.Validate(); err != nil {
					t.Fatalf("invalid action from %q: %v", payload, err)
				}
			}
		}
		var out, errb bytes.Buffer
		code := ad.Encode(ev, Deny, &out, &errb)
		if ev.Kind == hook.PreTool && (code != 2 || out.Len() == 0 || errb.Len() == 0) {
			t.Fatalf("deny: exit %d stdout %q stderr %q", code, out.String(), errb.String())
		}
	})
}

// Read returns the file's bytes or fails the test.
func Read(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// AllowAnswer reports whether out is an allow answer: nothing, or a JSON
// object (an agent's answer that pins the call, Protocol.Allow) that says
// nothing but allow.
func AllowAnswer(out []byte) bool {
	if len(out) == 0 {
		return true
	}
	var v map[string]any
	if json.Unmarshal(out, &v) != nil {
		return false
	}
	spec, _ := v["hookSpecificOutput"].(map[string]any)
	return len(v) == 1 && spec != nil && spec["permissionDecision"] == "allow"
}
