package cli

import (
	"bytes"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/agent/agents"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/hookwire"
)

// TestDeadlineAnswerIsHookDeny: the deny the front writes at its deadline
// (hookwire.DeadlineAnswer, which cannot import the adapters) is byte for
// byte the engine's fail-closed deny for every agent.
func TestDeadlineAnswerIsHookDeny(t *testing.T) {
	for _, name := range agent.Names() {
		ad, ok := agents.Lookup(name)
		if !ok {
			t.Fatalf("no adapter %q", name)
		}
		var out, errb bytes.Buffer
		code := hook.Deny(ad, nil, hookwire.DeadlineReason, &out, &errb)
		gotOut, gotErr := hookwire.DeadlineAnswer(name)
		if code != 2 || gotOut != out.String() || gotErr != errb.String() {
			t.Errorf("%s: front's deny\n%q\n%q\nengine's (exit %d)\n%q\n%q", name, gotOut, gotErr, code, out.String(), errb.String())
		}
		// the front's refusal when it cannot run the engine quotes an
		// error: what is not printable ASCII becomes '?'
		why := "Mandate refused this action: mandate could not run /opt/m\"\\é\x01\xff<&>\u2028\t: exec format error"
		out.Reset()
		errb.Reset()
		code = hook.Deny(ad, nil, "Mandate refused this action: mandate could not run /opt/m\"\\????<&>????: exec format error", &out, &errb)
		gotOut, gotErr = hookwire.DenyAnswer(name, why)
		if code != 2 || gotOut != out.String() || gotErr != errb.String() {
			t.Errorf("%s: front's refusal\n%q\nengine's (exit %d)\n%q", name, gotOut, code, out.String())
		}
	}
}

// TestTimeoutsInOrder: the engine's budget ends before the front's
// deadline, which is before the timeout install registers.
func TestTimeoutsInOrder(t *testing.T) {
	if !(hook.DefaultBudget+hookwire.AnswerMargin <= hookwire.FrontDeadline && hookwire.FrontDeadline+5*time.Second <= hookwire.HookTimeout) {
		t.Errorf("budget %v + margin %v, deadline %v, hook timeout %v: out of order", hook.DefaultBudget, hookwire.AnswerMargin, hookwire.FrontDeadline, hookwire.HookTimeout)
	}
	if time.Duration(agent.Timeout)*time.Second != hookwire.HookTimeout {
		t.Errorf("agent.Timeout %d s is not hookwire.HookTimeout %v", agent.Timeout, hookwire.HookTimeout)
	}
}

// TestCallBudget: the front's deadline only shortens the engine's budget;
// a passed deadline is a refusal to record.
func TestCallBudget(t *testing.T) {
	env := func(vars map[string]string) *Env { return &Env{Getenv: func(k string) string { return vars[k] }} }
	ms := func(d time.Duration) string { return itoa(int(time.Now().Add(d).UnixMilli())) }
	if b, err := callBudget(env(nil)); b != 0 || err != nil {
		t.Errorf("no deadline: %v %v, want the default", b, err)
	}
	if b, _ := callBudget(env(map[string]string{hookwire.DeadlineEnv: ms(time.Hour)})); b != hook.DefaultBudget {
		t.Errorf("a late deadline: %v, want %v", b, hook.DefaultBudget)
	}
	if b, _ := callBudget(env(map[string]string{hookwire.DeadlineEnv: ms(5 * time.Second)})); b > 3*time.Second || b < time.Second {
		t.Errorf("a deadline in 5 s: %v, want about 3 s", b)
	}
	if b, _ := callBudget(env(map[string]string{hookwire.DeadlineEnv: ms(-time.Second)})); b <= 0 || b > time.Second {
		t.Errorf("a passed deadline: %v, want a little", b)
	}
	if _, err := callBudget(env(map[string]string{hookwire.DeadlinePassedEnv: "1"})); err == nil {
		t.Error("deadline passed: no refusal")
	}
}
