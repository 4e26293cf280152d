package redact

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// pctAll percent-encodes every byte of s.
func pctAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

// escX writes s as \xHH escapes.
func escX(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, `\x%02x`, s[i])
	}
	return b.String()
}

// TestSplitAndEncodedSecrets: a secret split by the shell's syntax or
// hidden in an encoding never survives, in any of its pieces. Each case
// names its class; the pieces of the secret (all of which must vanish)
// are computed from one generated token.
func TestSplitAndEncodedSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	gh := gen(700, "ghp_", alNum, 36)
	sk := gen(701, "sk_live_", alNum, 24)
	pw := gen(702, "", alNum, 16)
	tests := []struct {
		class string
		in    string
		gone  []string // pieces that must not survive
		keep  []string
	}{
		{"split across variables", "A=" + gh[:10] + "; B=" + gh[10:] + "; curl -H \"Authorization: token $A$B\" https://api.github.com",
			[]string{gh[:10], gh[10:]}, []string{"https://api.github.com"}},
		{"split across variables, braces and quotes", "export A='" + gh[:8] + "'\nB=\"" + gh[8:] + "\"\necho \"${A}${B}\" | gh auth login --with-token",
			[]string{gh[:8], gh[8:]}, nil},
		{"split across variables, appended", "T=" + gh[:12] + "\nT+=" + gh[12:] + "\ngit push https://x:$T@github.com/o/r",
			[]string{gh[:12], gh[12:]}, nil},
		{"variable holding a bearer token", "T=" + pw + "; curl -H \"Authorization: Bearer $T\" https://api.example.com",
			[]string{pw}, []string{"curl -H"}},
		{"variable holding a CLI password", "P=" + pw + "; sshpass -p \"$P\" ssh deploy@host",
			[]string{pw}, []string{"ssh deploy@host"}},
		{"variable in a URL", "PW=" + pw + " && psql postgres://app:$PW@db/app",
			[]string{pw}, nil},
		{"quote-split", "echo gh''" + gh[2:], []string{gh[2:]}, []string{"echo "}},
		{"quote-split", `git clone https://x:"` + gh[:4] + `"'` + gh[4:] + `'@github.com/o/r`, []string{gh[4:]}, []string{"@github.com/o/r"}},
		{"quote-split", `export STRIPE="sk_"live_` + sk[8:], []string{sk[8:]}, nil},
		{"backslash-split", `echo gh\p_` + gh[4:20] + `\` + gh[20:], []string{gh[4:20], gh[20:]}, nil},
		{"ANSI-C hex escapes", `echo $'\x67\x68\x70_'` + gh[4:], []string{gh[4:]}, nil},
		{"printf %s%s", "printf '%s%s' " + gh[:9] + " " + gh[9:] + " > ~/.token", []string{gh[:9], gh[9:]}, []string{"> ~/.token"}},
		{"printf with the prefix in the format", "printf 'ghp_%s\\n' " + gh[4:], []string{gh[4:]}, nil},
		{"printf -v", "printf -v T '%s%s' " + gh[:7] + " " + gh[7:] + "; echo $T", []string{gh[:7], gh[7:]}, nil},
		{"adjacent literals", `token = "` + gh[:6] + `" "` + gh[6:] + `"`, []string{gh[6:]}, nil},
		{"concatenated literals", `const k = "` + sk[:10] + `" + "` + sk[10:] + `";`, []string{sk[10:]}, nil},
		{"label and value in two arguments", `curl -H "Authorization: Bearer" -H "` + pw + `" https://api.example.com`, []string{pw}, []string{"https://api.example.com"}},
		{"label and value in two arguments", `T=` + pw + `; curl -H "Authorization: Bearer" -H "$T" https://api.example.com`, []string{pw}, nil},
		{"split credential name", `app --pass''word=` + pw, []string{pw}, nil},
		{"percent-encoded prefix", "curl 'https://x.example.com/?t=ghp%5F" + gh[4:] + "'", []string{gh[4:]}, []string{"https://x.example.com/?t="}},
		{"percent-encoded token", "GET /cb?code=" + pctAll(gh) + " HTTP/1.1", []string{pctAll(gh)[:30]}, []string{"GET /cb?code=", " HTTP/1.1"}},
		{"double percent-encoded", "wget 'https://h/?k=" + strings.ReplaceAll(pctAll(sk), "%", "%25") + "'", []string{sk[8:], strings.ReplaceAll(pctAll(sk), "%", "%25")[:40]}, nil},
		{"percent-encoded assignment", "curl -d 'user=bob&password%3D" + pw + "' https://h", []string{pw}, nil},
		{"url.QueryEscape", "https://h/?q=" + url.QueryEscape("Authorization: Bearer "+pw), []string{pw}, nil},
		{"backslash-x escapes", "printf '" + escX(gh) + "' | gh auth login --with-token", []string{escX(gh)[:40]}, nil},
		{"JSON unicode escapes", `{"t": "\u0067\u0068\u0070\u005f` + gh[4:] + `"}`, []string{gh[4:]}, nil},
		{"zero-width split", "echo gh\u200bp_" + gh[4:20] + "\u2060" + gh[20:], []string{gh[4:20], gh[20:]}, []string{"echo "}},
		{"HTML character references", "<a href=\"/cb?t=&#103;&#x68;&#112;_" + gh[4:] + "\">", []string{gh[4:]}, nil},
		{"base64 of a token", "echo " + base64.StdEncoding.EncodeToString([]byte(gh)) + " | base64 -d", []string{base64.StdEncoding.EncodeToString([]byte(gh))[:20]}, []string{"echo ", " | base64 -d"}},
		{"base64 of an assignment", "kubectl apply -f - <<< 'data: " + base64.StdEncoding.EncodeToString([]byte("DB_PASSWORD="+pw)) + "'", []string{base64.StdEncoding.EncodeToString([]byte("DB_PASSWORD=" + pw))[:20]}, nil},
		{"base64 of a header", "X-Fwd: " + base64.RawURLEncoding.EncodeToString([]byte("Authorization: Bearer "+pw+pw)), []string{base64.RawURLEncoding.EncodeToString([]byte("Authorization: Bearer " + pw + pw))[:24]}, nil},
		{"hex of a token", "echo " + hex.EncodeToString([]byte(gh)) + " | xxd -r -p", []string{hex.EncodeToString([]byte(gh))[:24]}, nil},
		{"base64 inside percent-encoding", "https://h/?s=" + url.QueryEscape(base64.StdEncoding.EncodeToString([]byte("password="+pw+"&x=1"))), []string{pw}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(tt.in)
			for _, g := range tt.gone {
				if strings.Contains(out, g) {
					t.Errorf("piece %q survived (fired %v):\n in  %q\n out %q", g, ids, tt.in, out)
				}
			}
			if len(ids) == 0 {
				t.Errorf("nothing fired: %q", out)
			}
			for _, k := range tt.keep {
				if !strings.Contains(out, k) {
					t.Errorf("context %q lost: %q", k, out)
				}
			}
			if again, ids2 := r.Text(out); again != out || len(ids2) != 0 {
				t.Errorf("not idempotent: %q -> %q %v", out, again, ids2)
			}
		})
	}
}

// TestSplitPiecesShareMarker: every piece of a split token carries the
// marker of the whole token, the same as the token in clear.
func TestSplitPiecesShareMarker(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	gh := gen(710, "ghp_", alNum, 36)
	whole, _ := r.Text("echo " + gh)
	split, _ := r.Text("A=" + gh[:10] + "; B=" + gh[10:] + "; echo $A$B")
	m := markerRe.FindString(whole)
	if m == "" || strings.Count(split, m) != 2 {
		t.Errorf("want the marker %s twice in %q", m, split)
	}
}

// TestViewNegatives: what the views must leave alone.
func TestViewNegatives(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`headers = {"Authorization": f"Bearer {token}"}`,
		"set PASSWORD=%DB_PASSWORD%",
		"echo 'it''s fine' && echo \"don't\"",
		"A=1; B=2; echo $A$B",
		"printf '%s %s\\n' hello world",
		"curl 'https://example.com/search?q=caf%C3%A9%20au%20lait'",
		"echo aGVsbG8gd29ybGQ= | base64 -d",
		"sha256 " + hex.EncodeToString([]byte("\x01\x02binary\xff\xfe data here...")),
		"git log --format='%H %s' -n 5",
		`curl -H "Accept: application/json" -H "X-Request-Id: 42" https://h`,
		`"name" "value" "other"`,
		"data: " + base64.StdEncoding.EncodeToString([]byte("just some ordinary text, nothing else")),
		`msg="password reset" ; echo "$msg"`,
		"caf\u00e9 soft\u00adhyphen and zero\u200bwidth text",
		"Tom &amp; Jerry &#169; 2024 &#60;b&#62;",
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("false positive (fired %v): %q -> %q", ids, in, out)
		}
	}
}
