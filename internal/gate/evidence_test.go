package gate

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

const rolesPolicy = `evidence:
  redact_pii: true
default_trust_level: read_only
roles:
  - name: developers
    groups: [eng]
    trust_level: write_local
  - name: contractors
    groups: [ext]
    trust_level: read_only
` + npmPolicy

// Item 2: the accountable identity stays in clear with redact_pii, PII in
// the payload does not; session records say where the user, the groups
// and the trust level came from.
func TestIdentityInClearPIIRedacted(t *testing.T) {
	e := newRepoEnv(t, rolesPolicy)
	red, err := evidence.NewRedactor(e.state, true)
	if err != nil {
		t.Fatal(err)
	}
	log, err := evidence.Open(e.state, evidence.Options{Now: e.g.cfg.Now, Redactor: red})
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	e.g.cfg.Log, e.g.cfg.Redactor = log, red
	e.g.cfg.Identity = fixedIdentity{Identity{User: "dev-37@example.com", Home: e.home, Host: "ws-1",
		UserSource: UserFromGitEmail, Groups: []string{"eng", "ext"}, GroupsSource: GroupsFromEnv}}
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "echo mail sam.roe@example.com"), policy.Allow) // echo is read-only
	for _, r := range e.records(t) {
		if r.Type == evidence.TypePolicyLoad {
			continue
		}
		if r.User != "dev-37@example.com" || r.Host != "ws-1" || r.Repo != e.repo || r.Agent != "claude" || r.SessionID != "s-1" {
			t.Errorf("%s record: identity %q %q %q %q %q", r.Type, r.User, r.Host, r.Repo, r.Agent, r.SessionID)
		}
		if cmd, _ := r.Params["command"].(string); strings.Contains(cmd, "sam.roe@example.com") {
			t.Errorf("PII in the payload kept in clear: %q", cmd)
		}
	}
	start := e.ofType(t, evidence.TypeSessionStart)[0]
	trust, _ := start.Extra["trust"].(map[string]any)
	if start.Extra["user_source"] != UserFromGitEmail || start.Extra["groups_source"] != GroupsFromEnv ||
		trust["source"] != policy.TrustRole || trust["level"] != "read_only" || !strings.Contains(strings.Join(anyStrings(trust["roles"]), ","), "contractors") {
		t.Errorf("session.start extra %+v", start.Extra)
	}
	// Records and their bundle verify.
	if _, err := evidence.Verify(context.Background(), e.state); err != nil {
		t.Fatal(err)
	}
}

func anyStrings(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

func TestLocalIdentitySources(t *testing.T) {
	dir := t.TempDir()
	id := LocalIdentity{Getenv: func(k string) string {
		return map[string]string{"MANDATE_GROUPS": " eng, ,ops ", "HOME": dir, "GIT_CONFIG_GLOBAL": "/dev/null"}[k]
	}, Environ: []string{"HOME=" + dir, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1"}}.Identify(context.Background(), dir)
	if id.UserSource != UserFromOS && id.UserSource != UserFromEnv || id.User == "" {
		t.Errorf("no git e-mail: user %q from %q", id.User, id.UserSource)
	}
	if strings.Join(id.Groups, ",") != "eng,ops" || id.GroupsSource != GroupsFromEnv {
		t.Errorf("groups %v from %q", id.Groups, id.GroupsSource)
	}
}

// Item 3: every policy that decided has its text in the log before the
// first record naming it: at session start, after a mid-session edit,
// and for the session's pinned policy deciding a call elsewhere.
func TestEveryPolicyTextRecorded(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "npm install x"), policy.Deny)
	edited := npmPolicy + "      - block_commands: [\"yarn add\"]\n"
	write(t, filepath.Join(e.repo, policy.FileName), edited)
	g2 := e.gateAt(t, e.repo) // the next hook process loads the edited policy
	mustDecide(t, g2, e.call(e.repo, "s-1", "t-2", "yarn add x"), policy.Deny)
	other := filepath.Join(e.dir, "elsewhere")
	os.MkdirAll(other, 0o755)
	g3 := e.gateAt(t, other) // no policy there: the built-in default, and the pinned one
	g3.Pre(ctx, e.call(other, "s-1", "t-3", "ls"))
	g4 := e.gateAt(t, e.repo) // another process, same edited policy: no second policy.load
	mustDecide(t, g4, e.call(e.repo, "s-1", "t-4", "yarn add y"), policy.Deny)

	loaded := map[string]int{}
	for _, r := range e.records(t) {
		switch {
		case r.Type == evidence.TypePolicyLoad:
			loaded[r.PolicyDigest]++
		case r.Type == evidence.TypeGovernanceChange && r.PolicyText != "":
			loaded[r.PolicyDigest]++
		}
		for _, d := range []string{r.PolicyDigest, r.PinnedPolicyDigest} {
			if d != "" && loaded[d] == 0 {
				t.Errorf("%s record names policy %s before its text is recorded", r.Type, d)
			}
		}
	}
	if len(loaded) != 3 {
		t.Errorf("policy texts recorded: %v, want the original, the edited and the default", loaded)
	}
	for d, n := range loaded {
		if n > 2 { // a policy.load, and perhaps the governance-change that saw the edit
			t.Errorf("policy %s recorded %d times", d, n)
		}
	}
	if _, err := evidence.Verify(ctx, e.state); err != nil {
		t.Fatal(err)
	}
}

// Item 7: a policy that does not parse denies every action, and each deny
// is a decision record with the parse error; the broken text is recorded.
func TestBrokenPolicyDenialsRecorded(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	bad := "policies:\n  - name: x\n    rules:\n      - block_commands: [\"npm\"\n"
	write(t, filepath.Join(e.repo, policy.FileName), bad)
	g, err := Open(ctx, Options{StateDir: e.state, Cwd: e.repo, Getenv: e.getenv, Now: e.g.cfg.Now})
	if err != nil {
		t.Fatalf("Open with a broken policy: %v", err)
	}
	defer g.Close()
	ev := e.call(e.repo, "s-9", "t-1", "ls")
	d := g.Pre(ctx, ev)
	if d.Decision != policy.Deny || d.Rule != RulePolicyError || !strings.Contains(d.Reason, "does not load") {
		t.Fatalf("broken policy: %s %s %s", d.Decision, d.Rule, d.Reason)
	}
	post := e.post(e.repo, "s-9", "t-1")
	post.Name = "PostToolUse"
	if err := g.Post(ctx, post); err == nil {
		t.Fatal("Post under a broken policy succeeded")
	}
	g.Failure(ctx, post, g.broken.err)
	recs := e.records(t)
	var dec, load, fail *evidence.Record
	for i := range recs {
		switch r := &recs[i]; r.Type {
		case evidence.TypeDecision:
			if r.SessionID == "s-9" {
				dec = r
			}
		case evidence.TypePolicyLoad:
			if r.PolicyText == bad {
				load = r
			}
		case evidence.TypeFailure:
			fail = r
		}
	}
	if dec == nil || dec.Decision != "deny" || dec.Rule != RulePolicyError || dec.Extra["policy_error"] == nil || dec.User == "" {
		t.Fatalf("decision record %+v", dec)
	}
	if load == nil || load.PolicyDigest != dec.PolicyDigest || load.Extra["loaded"] != false {
		t.Fatalf("the broken text is not recorded: %+v", load)
	}
	if fail == nil || fail.Extra["event_kind"] != string(hook.PostTool) {
		t.Fatalf("post-tool failure %+v", fail)
	}
	ss, _ := evidence.Sessions(ctx, e.state, evidence.Filter{Session: "s-9"})
	if len(ss) != 1 || ss[0].Denied != 1 {
		t.Errorf("sessions count the policy-error deny (and not the post-tool failure): %+v", ss)
	}
	if _, err := evidence.Verify(ctx, e.state); err != nil {
		t.Fatal(err)
	}
}

// Item 4: a subject erasure leaves nothing of the person in any file of
// the state directory; the log, and a bundle exported afterwards, verify;
// the person's open session goes on under the pseudonym.
func TestEraseSubject(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	jane := "jane.doe@company.com"
	e.g.cfg.Identity = fixedIdentity{Identity{User: jane, Home: e.home, Host: "janes-laptop", UserSource: UserFromGitEmail}}
	mustDecide(t, e.g, e.call(e.repo, "s-j", "t-1", "npm install x"), policy.Deny)
	mustDecide(t, e.g, e.call(e.repo, "s-j", "t-2", "echo "+jane), policy.Allow)
	red, _ := evidence.NewRedactor(e.state, false)
	opt := evidence.Options{Now: e.g.cfg.Now, Redactor: red}
	dry, err := EraseSubject(ctx, e.state, evidence.SubjectRequest{Subject: jane, Operator: "dpo@company.com", DryRun: true}, opt)
	if err != nil || dry.Sessions != 1 || dry.Evidence.Identities == 0 {
		t.Fatalf("dry run: %v %+v", err, dry)
	}
	rep, err := EraseSubject(ctx, e.state, evidence.SubjectRequest{Subject: jane, Operator: "dpo@company.com", Reason: "request 17"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions != 1 || len(rep.Residual) != 0 || rep.Evidence.Payloads == 0 {
		t.Errorf("erasure %+v", rep)
	}
	for _, name := range []string{jane, "janes-laptop"} {
		if files := grepTree(t, e.state, name); len(files) > 0 {
			t.Errorf("%q remains in %v", name, files)
		}
	}
	// The session goes on, under the pseudonym.
	mustDecide(t, e.g, e.call(e.repo, "s-j", "t-3", "ls"), policy.Allow)
	recs := e.records(t)
	if last := recs[len(recs)-1]; last.User != rep.Evidence.Pseudonym {
		t.Errorf("the next record names %q", last.User)
	}
	if _, err := e.log.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(t.TempDir(), "b.tar.gz")
	f, _ := os.Create(bundle)
	if err := evidence.Export(ctx, e.state, f, evidence.Selection{}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	key, _ := evidence.VerifierKey(e.state)
	if brep, err := evidence.VerifyBundleFile(ctx, bundle, evidence.BundleOptions{Key: key}); err != nil || brep.Pseudonymized == 0 {
		t.Fatalf("bundle after erasure: %v %+v", err, brep)
	}
	raw, _ := os.ReadFile(bundle)
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if all, _ := io.ReadAll(zr); bytes.Contains(bytes.ToLower(all), []byte(jane)) {
		t.Errorf("the bundle names the subject")
	}
}

func grepTree(t *testing.T, root, s string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && strings.Contains(strings.ToLower(string(b)), strings.ToLower(s)) {
			found = append(found, p)
		}
		return nil
	})
	return found
}

// Item 5: the engine's bound, tightened by the policy's, keeps the tail
// short; the engine's shutdown signs what is left.
func TestCheckpointBoundThroughOpen(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy string
		engine evidence.CheckpointBound
	}{
		{"engine option", npmPolicy, evidence.CheckpointBound{Every: 3, Interval: -1}},
		{"policy tightens the engine", "evidence:\n  checkpoint_every: 3\n" + npmPolicy, evidence.CheckpointBound{Every: 500}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, tc.policy)
			ctx := context.Background()
			cache := &Cache{}
			for i := 0; i < 12; i++ {
				g, err := Open(ctx, Options{StateDir: e.state, Cwd: e.repo, Getenv: e.getenv, Now: e.g.cfg.Now, Cache: cache, Checkpoints: tc.engine})
				if err != nil {
					t.Fatal(err)
				}
				g.cfg.Identity = fixedIdentity{Identity{User: "dev-37@example.com", Home: e.home, Host: "ws-1"}}
				g.Pre(ctx, e.call(e.repo, "s-1", "t", "ls"))
				g.Close()
				rep, err := evidence.Verify(ctx, e.state)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Unsigned > 4 {
					t.Fatalf("after call %d: %d records unsigned", i, rep.Unsigned)
				}
			}
			if err := cache.Close(ctx); err != nil {
				t.Fatal(err)
			}
			if rep, _ := evidence.Verify(ctx, e.state); rep.Unsigned > 1 {
				t.Errorf("after the engine stopped: %d records unsigned", rep.Unsigned)
			}
		})
	}
}
