package redact

import (
	"strings"
	"testing"
	"time"
)

// TestLinearKnowledge: dense repetitions of the anchors red-team
// round 26 (c) added (host-keyed maps, password commands, PAT names,
// vendor headers, Discord's letter pairs, bundle config, secrets files'
// columns) stay linear.
func TestLinearKnowledge(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	linearText(t, r, map[string]string{
		"nested host maps": strings.Repeat(`{"github-oauth": `, 40000),
		"host map flow":    `{"auths": {` + strings.Repeat(`"a.example.com": "x", `, 30000),
		"host map block":   "github-oauth:\n" + strings.Repeat("  a.example.com: x\n", 30000),
		"block parents":    strings.Repeat("tokens:\n", 60000),
		"pw commands":      strings.Repeat("passwordeval echo ", 40000),
		"pat names":        strings.Repeat("GH_PAT=x ", 60000),
		"header names":     strings.Repeat("X-Foo-Api: v ", 50000),
		"discord pairs":    strings.Repeat("Mt Nd Od Ot nz ", 50000),
		"discord runs":     strings.Repeat("MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.", 30000),
		"bundle config":    "bundle config set " + strings.Repeat("a.example.com x ", 40000),
		"bundle vars":      strings.Repeat("BUNDLE_A__B__COM=x ", 40000),
		"hex key headers":  strings.Repeat("30770201010420 ", 40000),
		"hex key lines":    "30770201010420" + strings.Repeat("c3a1f09b7e5d4c2b\n", 40000),
		"hex key runs":     strings.Repeat("0201000282010100", 40000),
	}, 2*time.Second, false)
	for name, path := range map[string]string{"chap": "/etc/ppp/chap-secrets", "ipsec": "/etc/ipsec.secrets", "generic": "/srv/a.secrets"} {
		content := strings.Repeat("bob * \"pw pw\" * : PSK \"x\"\n", 30000) + strings.Repeat("a b c d e f ", 40000)
		start := cpuTime()
		r.Tree(map[string]any{"action_type": "file.write", "params": map[string]any{"file_path": path, "content": content}})
		if d := cpuTime() - start; d > 3*time.Second {
			t.Errorf("%s secrets file: %v for %d bytes", name, d, len(content))
		}
	}
}
