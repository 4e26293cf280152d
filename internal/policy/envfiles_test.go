package policy

import (
	"os"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestNameFilesOnDisk: env and compose files already on disk (written by
// an earlier tool call) pass the variables they name (env/indirect,
// round 6 #15 class).
func TestNameFilesOnDisk(t *testing.T) {
	tr := fixture.Standard(t)
	write := func(p, text string) {
		t.Helper()
		if err := os.WriteFile(tr.Real(p), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("/home/dev/project/src/e", "# names\nPROD_API_KEY\n")
	write("/home/dev/project/src/ok.env", "FOO=bar\nDEBUG=1\n")
	write("/home/dev/project/src/c.yml", "services:\n a:\n  image: alpine\n  environment:\n    - PROD_DB_URL\n")
	write("/home/dev/project/src/ok.yml", "services:\n a:\n  image: alpine\n  environment:\n    FOO: bar\n")
	write("/home/dev/project/compose.yaml", "services:\n a:\n  image: alpine\n  command: echo ${PROD_API_KEY}\n")
	if err := os.Mkdir(tr.Real("/home/dev/project/docs/sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("/home/dev/project/docs/sub/compose.yaml", "services:\n a:\n  image: alpine\n")
	p := fixturePolicy(t, tr)
	for _, tc := range []struct {
		cmd  string
		want Effect
	}{
		{"docker run --rm --env-file src/e alpine env", Deny},
		{"podman run --env-file=src/e alpine true", Deny},
		{"docker compose -f src/c.yml up", Deny},
		{"docker compose up -d", Deny}, // the default compose.yaml interpolates PROD_API_KEY
		{"docker run --env-file src/ok.env alpine env", Allow},
		{"docker compose -f src/ok.yml up", Allow},
		{"cd docs/sub && docker compose up -d", Allow},
		{"docker run --env-file src/missing alpine true", Allow},
		{"docker run --env-file src/fifo alpine true", Ask},
	} {
		d := p.Evaluate(execAction(tc.cmd, action.WriteLocal))
		if d.Decision != tc.want {
			t.Errorf("%s: got %s (%s), want %s", tc.cmd, d.Decision, d.Reason, tc.want)
		}
	}
}
