package redact

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// deepCopy round-trips through JSON (UseNumber) for a pristine comparison copy.
func decode(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestTree(t *testing.T) {
	gh := gen(20, "ghp_", alNum, 36)
	pw := "Tr0ub4dor&3x"
	in := decode(t, `{
		"tool": "Bash",
		"params": {
			"command": "curl -H 'Authorization: Bearer `+gh+`' https://api.github.com && echo `+pw+`",
			"env": ["HOME=/root", "LANG=C", "DB_PASSWORD=`+pw+`"],
			"password": 12345678,
			"api_key": "short",
			"token_type": "bearer",
			"max_tokens": 4096,
			"secret": "",
			"enabled": true,
			"nested": {"client_secret": {"inner": "masked: under a credential at any depth"}},
			"weird.key": "x",
			"`+gh+`": "value under a secret key"
		},
		"session_id": "abc"
	}`)
	pristine := decode(t, mustJSON(t, in))
	r := mustNew(t, Config{Key: testKey})
	out, findings := r.Tree(in)

	if !reflect.DeepEqual(in, pristine) {
		t.Fatal("Tree mutated its input")
	}
	js := mustJSON(t, out)
	for _, secret := range []string{gh, pw, "12345678", `"short"`, `\u00263x`} {
		if strings.Contains(js, secret) {
			t.Errorf("secret %q survived in %s", secret[:4], js)
		}
	}
	for _, keep := range []string{`"token_type":"bearer"`, `"max_tokens":4096`, `"secret":""`, `"enabled":true`,
		`"session_id":"abc"`, `"HOME=/root"`, `"weird.key":"x"`} {
		if !strings.Contains(js, keep) {
			t.Errorf("lost %s in %s", keep, js)
		}
	}
	want := []Finding{
		{"params.api_key", "sensitive-key"},
		{"params.command", "authorization-header"},
		{"params.command", "bearer-token"},
		{"params.command", "github-token"},
		// The env password whole ("Tr0ub4dor&3x": an env entry is not
		// shell text, its & ends nothing): the credential window of the
		// entry's quoted value (round 23), and its recurrence. Before
		// round 23 "&3x" stayed in clear.
		{"params.command", "unresolved-secret-source"},
		{"params.env[2]", "password-assignment"},
		{"params.env[2]", "unresolved-secret-source"},
		{"params.nested.client_secret.inner", "sensitive-key"},
		{"params.password", "sensitive-key"},
	}
	// The key that is itself a token: its path is the redacted key.
	var keyFinding *Finding
	var got []Finding
	for i, f := range findings {
		if strings.HasPrefix(f.Path, "params[") {
			keyFinding = &findings[i]
			continue
		}
		got = append(got, f)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %v\nwant %v", got, want)
	}
	if keyFinding == nil || keyFinding.Rule != "github-token" || strings.Contains(keyFinding.Path, gh) ||
		!strings.HasPrefix(keyFinding.Path, `params["[REDACTED:github-token:`) {
		t.Errorf("secret map key: finding %+v", keyFinding)
	}
	for _, f := range findings {
		if strings.Contains(f.Path, gh) || strings.Contains(f.Path, pw) {
			t.Errorf("finding path leaks a secret: %+v", f)
		}
	}
	// Deterministic.
	out2, findings2 := r.Tree(in)
	if !reflect.DeepEqual(out, out2) || !reflect.DeepEqual(findings, findings2) {
		t.Error("Tree is not deterministic")
	}
	// Idempotent.
	out3, findings3 := r.Tree(out)
	if !reflect.DeepEqual(out, out3) || len(findings3) != 0 {
		t.Errorf("Tree not idempotent: %v", findings3)
	}
}

func TestTreeScalarsAndPaths(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	tests := []struct {
		name  string
		in    any
		paths []string
	}{
		{"root string", "PASSWORD=hunter22", []string{""}},
		{"root array", []any{"ok", []any{"x", "token=abcdef12"}}, []string{"[1][1]"}},
		{"float", map[string]any{"pin_password": 1234.5}, []string{"pin_password"}},
		{"go ints", map[string]any{"a_token": int32(7), "b_token": uint64(8), "count": 9}, []string{"a_token", "b_token"}},
		{"bool not masked", map[string]any{"password": true}, nil},
		{"nil not masked", map[string]any{"password": nil}, nil},
		{"empty key path", map[string]any{"": map[string]any{"token": "abcdefgh"}}, []string{`[""].token`}},
		{"unsupported", map[string]any{"a": map[string]string{"x": "y"}}, []string{"a"}},
		{"name/value pair", []any{map[string]any{"name": "GITHUB_TOKEN", "value": "abc"}, map[string]any{"name": "REGION", "value": "eu"}}, []string{"[0].value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, f := r.Tree(tt.in)
			var paths []string
			for _, x := range f {
				paths = append(paths, x.Path)
			}
			if !reflect.DeepEqual(paths, tt.paths) {
				t.Errorf("paths = %q, want %q", paths, tt.paths)
			}
		})
	}
	out, _ := r.Tree(map[string]any{"a": map[string]string{"password": "hunter22"}})
	if s := mustJSON(t, out); strings.Contains(s, "hunter22") || !strings.Contains(s, "unsupported-type") {
		t.Errorf("unsupported type not failed closed: %s", s)
	}
}

func TestTreeKeyCollision(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	gh := gen(21, "ghp_", alNum, 36)
	// Two keys that redact to the same text are both kept.
	in := map[string]any{gh: "a", "x " + gh: "b", "x [REDACTED:github-token:" + r.marker("github-token", gh)[len("[REDACTED:github-token:"):]: "c"}
	out, _ := r.Tree(in)
	if m := out.(map[string]any); len(m) != len(in) {
		t.Errorf("keys lost: %d of %d", len(m), len(in))
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The clean-string memo changes no answer: a tree redacted again (its clean
// strings now remembered) comes out the same, and a remembered clean string
// still has a secret found elsewhere in its tree masked.
func TestCleanMemoSameAnswer(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	pw := "Tr0ub4dor&3xQ"
	// The note names no credential (round 23 masks "the password is
	// …" in prose on its own).
	in := `{"password": "` + pw + `", "note": "the value is ` + pw + ` ok", "other": "plain words"}`
	first, ff := r.Tree(decode(t, in))
	// The note alone is clean: remembered as such.
	if out, ids := r.Text("the value is " + pw + " ok"); len(ids) != 0 || !strings.Contains(out, pw) {
		t.Fatalf("the note alone should be clean: %q %v", out, ids)
	}
	second, sf := r.Tree(decode(t, in))
	if !reflect.DeepEqual(first, second) || !reflect.DeepEqual(ff, sf) {
		t.Fatalf("second redaction differs:\n%v %v\n%v %v", first, ff, second, sf)
	}
	b, _ := json.Marshal(second)
	if strings.Contains(string(b), pw) {
		t.Fatalf("secret survived a remembered clean string: %s", b)
	}
}
