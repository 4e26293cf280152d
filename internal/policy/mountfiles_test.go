package policy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestContainerFilesOnDisk: container definitions already on disk
// (written by an earlier tool call, or the project's) are read at
// decision time and their host paths judged as docker run -v's are
// (read/container-mount, red-team round 9 #6).
func TestContainerFilesOnDisk(t *testing.T) {
	tr := fixture.Standard(t)
	write := func(p, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(tr.Real(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(tr.Real(p), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("/home/dev/project/src/home.yml", "services:\n a:\n  image: alpine\n  volumes: [\"../..:/h\"]\n")
	write("/home/dev/project/src/ok.yml", "services:\n a:\n  image: alpine\n  volumes: [\"./lib:/lib\", \"data:/data\"]\nvolumes:\n data: {}\n")
	write("/home/dev/project/src/ro.yml", "services:\n a:\n  image: alpine\n  volumes: [\"/home/dev/project/docs:/d:ro\"]\n")
	write("/home/dev/project/src/env.yml", "services:\n a:\n  image: alpine\n  env_file: ../.env\n")
	write("/home/dev/project/src/var.yml", "services:\n a:\n  image: alpine\n  volumes: [\"${DATA_DIR}:/d\"]\n")
	write("/home/dev/project/src/priv.yml", "services:\n a:\n  image: alpine\n  privileged: true\n")
	write("/home/dev/project/src/pod.yaml", "kind: Pod\nspec:\n  volumes:\n  - name: h\n    hostPath: {path: /home/dev/.ssh}\n")
	write("/home/dev/project/docs/compose.yaml", "services:\n a:\n  image: alpine\n  volumes: [\"..:/w\"]\n")
	write("/home/dev/project/tests/.devcontainer.json", "{\"image\": \"alpine\", // the default workspace mount: tests/\n}\n")
	write("/home/dev/project/docs/d.json", "{\"image\": \"alpine\", \"initializeCommand\": \"make\"}\n")
	write("/home/dev/project/tests/cmd.yml", "services:\n a:\n  image: alpine\n  volumes: [{type: bind, source: .., target: /w}]\n  command: [sh, -c, \"cat /w/.env\"]\n")
	write("/home/dev/project/tests/ro.yml", "services:\n a:\n  image: alpine\n  volumes: [\"../src:/s:ro\"]\n  command: sh -c 'echo x > /s/p'\n")
	p := fixturePolicy(t, tr)
	for _, tc := range []struct {
		cmd  string
		want Effect
	}{
		{"docker compose -f src/home.yml run a rm /h/project/agent-policy.yaml", Deny},
		{"docker compose -f src/ok.yml up -d", Allow},
		{"docker compose -f src/ro.yml up", Allow},
		{"docker compose -f src/env.yml up", Deny}, // .env is blocked
		{"docker compose -f src/var.yml up", Ask},
		{"docker compose -f src/priv.yml up", Ask},
		{"podman kube play src/pod.yaml", Deny},
		{"cd docs && docker compose up", Ask},                             // the default file, mounting the repository (mounts.go)
		{"cd docs && docker compose exec a sh", Ask},                      // its service's mounts
		{"cd docs && docker compose run a rm /w/agent-policy.yaml", Deny}, // the policy, named through the mount
		{"cd docs && docker compose run a cat /w/tests/a_test.go", Ask},   // a plain file: the mount asks
		{"cd docs && docker compose ps", Allow},                           // starts nothing
		{"devcontainer up --workspace-folder tests", Allow},               // tests/ mounted: nothing protected
		{"devcontainer up --workspace-folder tests --config docs/d.json", Ask},
		{"docker compose -f tests/cmd.yml up", Deny}, // the service's command reads .env through its mount
		{"docker compose -f tests/ro.yml up", Allow}, // a read-only mount: no write of src/p through it
		{"docker compose -f src/missing.yml up", Allow},
		{"docker compose -f src/fifo up", Ask},
	} {
		d := p.Evaluate(execAction(tc.cmd, action.WriteLocal))
		if d.Decision != tc.want {
			t.Errorf("%s: got %s (%s), want %s", tc.cmd, d.Decision, d.Reason, tc.want)
		} else if testing.Verbose() {
			t.Logf("%s: %s (%s)", tc.cmd, d.Decision, d.Reason)
		}
	}
}
