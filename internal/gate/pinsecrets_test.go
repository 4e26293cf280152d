package gate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// The pinned .env files agents load hold API keys: they are pinned by
// digest, and no copy of them reaches pins/objects (red-team round 6b,
// found but not recorded); other governance files keep their copies.
func TestSecretFilesPinnedByDigestOnly(t *testing.T) {
	const key = "GEMINI_API_KEY=fixture-not-a-key-9f8e7d"
	e := newEnv(t, "")
	write(t, filepath.Join(e.home, ".gemini", ".env"), key+"\n")
	write(t, filepath.Join(e.home, ".gemini", "settings.json"), `{"hooks": {}}`)
	write(t, filepath.Join(e.repo, ".env"), key+"\n")
	e.g = e.gateAt(t, e.repo)
	mustDecide(t, e.g, e.call(e.repo, "s1", "t1", "ls"), policy.Allow)
	objs := filepath.Join(e.state, "pins", "objects")
	ents, err := os.ReadDir(objs)
	if err != nil {
		t.Fatal(err)
	}
	settings := false
	for _, en := range ents {
		b, err := os.ReadFile(filepath.Join(objs, en.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), key) {
			t.Errorf("pins/objects/%s holds a .env file's secret in clear", en.Name())
		}
		settings = settings || string(b) == `{"hooks": {}}`
	}
	if !settings {
		t.Errorf("the settings file's copy is missing from pins/objects (%d objects)", len(ents))
	}
	m, err := e.g.cfg.pins.load(globalScope)
	if err != nil || m == nil {
		t.Fatalf("global manifest: %v", err)
	}
	found := false
	for _, pe := range m.Entries {
		if pe.Path == filepath.Join(e.home, ".gemini", ".env") {
			found = strings.HasPrefix(pe.Pinned, "sha256:")
		}
	}
	if !found {
		t.Errorf("~/.gemini/.env is not pinned by digest")
	}
}
