package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Item 3: a v2 record naming a policy whose text is nowhere fails Verify,
// and a bundle lacking the text fails VerifyBundle (exit 1 class).
func TestPolicyTextRequired(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	text := "version: 1\n"
	r := decision("s", 0, "allow")
	r.PolicyDigest = sha256Text(text)
	if _, err := l.Append(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, dir); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "no policy.load record holds its text") {
		t.Fatalf("missing text: %v", err)
	}
	r.PinnedPolicyDigest = sha256Text("pinned\n")
	if _, err := l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: sha256Text(text), PolicyText: text}); err != nil {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	if _, err := l.Append(ctx, r); err != nil { // names a pinned policy never loaded
		t.Fatal(err)
	}
	if _, err := Verify(ctx, dir); err == nil || !strings.Contains(err.Error(), "record 2: names policy "+sha256Text("pinned\n")) {
		t.Fatalf("missing pinned text: %v", err)
	}
	if _, err := l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: sha256Text("pinned\n"), PolicyText: "pinned\n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	var buf bytes.Buffer
	if err := Export(ctx, dir, &buf, Selection{Session: "s"}); err != nil {
		t.Fatal(err)
	}
	key, _ := VerifierKey(dir)
	if rep, err := VerifyBundle(ctx, bytes.NewReader(buf.Bytes()), key); err != nil || rep.Policies != 2 {
		t.Fatalf("bundle with its policies: %v %+v", err, rep)
	}
	// The same bundle without the policy.load lines (and their proofs).
	parts := readParts(t, buf.Bytes())
	var recs, proofs [][]byte
	pl := splitLines(parts[memberProofs])
	for i, ln := range splitLines(parts[memberRecords]) {
		if bytes.Contains(ln, []byte(`"type":"policy.load"`)) {
			continue
		}
		recs, proofs = append(recs, ln), append(proofs, pl[i])
	}
	parts[memberRecords], parts[memberProofs] = bytes.Join(recs, nil), bytes.Join(proofs, nil)
	var m manifest
	strictJSON(bytes.TrimSpace(parts[memberManifest]), &m)
	parts[memberManifest] = []byte(fmt.Sprintf(`{"format":%q,"origin":%q,"records":%d,"tree_size":%d}`+"\n", m.Format, m.Origin, len(recs), m.TreeSize))
	rep, err := VerifyBundle(ctx, bytes.NewReader(writeParts(parts, bundleMembers)), key)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(rep.Problem, "no policy.load record holds its text") {
		t.Fatalf("bundle without the policy text: %v %+v", err, rep)
	}
}

func TestDecisionOf(t *testing.T) {
	cases := []struct {
		r    Record
		want string
	}{
		{Record{Type: TypeDecision, Decision: "ask"}, "ask"},
		{Record{Type: TypeFailure, Decision: "deny"}, "deny"},
		{Record{Type: TypeFailure, Decision: "deny", Extra: map[string]any{"event_kind": "pre_tool"}}, "deny"},
		{Record{Type: TypeFailure, Decision: "deny", Extra: map[string]any{"event_kind": "post_tool"}}, ""},
		{Record{Type: TypeFailOpen, Decision: "allow"}, "allow"},
		{Record{Type: TypeOutcome, Decision: "allow"}, ""},
		{Record{Type: TypeTamper}, ""},
	}
	for _, tc := range cases {
		if got := DecisionOf(&tc.r); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.r.Type, tc.r.Extra, got, tc.want)
		}
	}
}
