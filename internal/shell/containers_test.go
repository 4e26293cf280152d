package shell

import (
	"slices"
	"strings"
	"testing"
)

// TestContainerMounts: the host paths a container is given, by the
// runtime's options or a definition the line writes, are a write of the
// path (read-write) and a read of its tree; what gives the host beyond
// mounts, or a definition whose text is not known, is opaque.
func TestContainerMounts(t *testing.T) {
	for _, tc := range []struct {
		cmd           string
		writes, reads []string // paths that must be reported
		noWrite       []string // paths that must not be written
		opaque        bool
	}{
		{cmd: "docker run --rm -v /home/dev:/h alpine true", writes: []string{"/home/dev"}, reads: []string{"/home/dev"}},
		{cmd: "podman run -v ./data:/d:ro,z alpine true", reads: []string{"/home/dev/project/data"}, noWrite: []string{"/home/dev/project/data"}},
		{cmd: "docker run --mount type=bind,src=/srv,dst=/s,readonly alpine", reads: []string{"/srv"}, noWrite: []string{"/srv"}},
		{cmd: "docker container run -itv /home/dev/project:/w alpine true", writes: []string{"/home/dev/project"}},
		{cmd: "docker run --device /dev/sda alpine true", writes: []string{"/dev/sda"}},
		{cmd: "docker volume create -o type=none -o o=bind -o device=/home/dev v", writes: []string{"/home/dev"}},
		{cmd: "docker run -v myvol:/data -v /anon alpine true", noWrite: []string{"/home/dev/project/myvol", "/anon"}},
		{cmd: "docker run --privileged alpine true", opaque: true},
		{cmd: "docker run --pid host alpine true", opaque: true},
		{cmd: "docker run --mount type=weird,src=/x,dst=/y alpine", opaque: true},
		{cmd: "docker run -v \"$X\" alpine", opaque: true},
		{cmd: "printf 'services:\\n a:\\n  image: x\\n  volumes:\\n   - ../..:/h\\n   - type: bind\\n     source: /etc\\n     target: /e\\n     read_only: true\\n' > src/c.yml; docker compose -f src/c.yml up",
			writes: []string{"/home/dev"}, reads: []string{"/etc"}, noWrite: []string{"/etc"}},
		{cmd: "printf 'x-v: &v \"~/.ssh:/k\"\\nservices:\\n a:\\n  volumes: [*v]\\n' > compose.yaml && docker-compose up", writes: []string{"/home/dev/.ssh"}},
		{cmd: "printf 'services:\\n a:\\n  privileged: true\\n' > compose.yaml && docker compose up", opaque: true},
		{cmd: "cp /tmp/c.yml compose.yaml && docker compose up", opaque: true},
		{cmd: "printf 'volumes:\\n h:\\n  driver_opts: {type: none, o: bind, device: /home/dev}\\n' > compose.yaml && docker compose up", writes: []string{"/home/dev"}},
		{cmd: "printf '{\"image\":\"a\", // c\\n\"runArgs\":[\"-v\",\"/home/dev:/h\"],}' > src/.devcontainer.json; devcontainer up --workspace-folder src", writes: []string{"/home/dev", "/home/dev/project/src"}},
		{cmd: "printf '{\"image\":\"a\",\"workspaceMount\":\"source=${localWorkspaceFolder}/x,target=/w,type=bind\",\"initializeCommand\":\"rm -f ../agent-policy.yaml\"}' > src/d.json; devcontainer up --workspace-folder src --config src/d.json",
			writes: []string{"/home/dev/project/src/x"}, noWrite: []string{"/home/dev/project/src"}},
		{cmd: "docker compose -f /srv/c.yml run a tail -f /var/log/x", noWrite: []string{"/var/log/x"}},
		{cmd: "printf 'kind: Pod\\nspec:\\n volumes:\\n - hostPath:\\n    path: /var/lib\\n' > p.yaml; podman kube play p.yaml", writes: []string{"/var/lib"}},
	} {
		a, err := Analyze(tc.cmd, Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
		if err != nil {
			t.Errorf("%s: %v", tc.cmd, err)
			continue
		}
		has := func(refs []PathRef, p string) bool {
			return slices.ContainsFunc(refs, func(r PathRef) bool { return r.Path == p })
		}
		for _, w := range tc.writes {
			if !has(a.Writes, w) {
				t.Errorf("%s: no write of %s in %v", tc.cmd, w, a.Writes)
			}
		}
		for _, r := range tc.reads {
			if !slices.ContainsFunc(a.Reads, func(x PathRef) bool { return x.Path == r && x.Recursive }) {
				t.Errorf("%s: no recursive read of %s in %v", tc.cmd, r, a.Reads)
			}
		}
		for _, w := range tc.noWrite {
			if has(a.Writes, w) {
				t.Errorf("%s: write of %s", tc.cmd, w)
			}
		}
		if got := len(a.Opaque) > 0; got != tc.opaque {
			t.Errorf("%s: opaque %v, want %v (%v)", tc.cmd, got, tc.opaque, a.Opaque)
		}
	}
	// initializeCommand runs on the host: analysed as shell code.
	a, err := Analyze("printf '{\"image\":\"a\",\"workspaceMount\":\"source=/tmp/w,target=/w,type=bind\",\"initializeCommand\":[\"rm\",\"-f\",\"../agent-policy.yaml\"]}' > src/d.json; devcontainer up --workspace-folder src --config src/d.json",
		Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
	if err != nil || !slices.ContainsFunc(a.Deletes, func(r PathRef) bool { return r.Path == "/home/dev/project/agent-policy.yaml" }) {
		t.Errorf("initializeCommand: %v %+v", err, a)
	}
	// A definition on disk is left to the policy.
	a, err = Analyze("cd src && docker compose up -d && podman kube play pod.yaml", Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, cf := range a.ContainerFiles {
		files = append(files, cf.Format+":"+cf.Path)
	}
	for _, want := range []string{"compose:/home/dev/project/src/compose.yaml", "compose:/home/dev/project/docker-compose.override.yml", "kube:/home/dev/project/src/pod.yaml"} {
		if !slices.Contains(files, want) {
			t.Errorf("container files %v lack %s", files, want)
		}
	}
	if slices.ContainsFunc(files, func(s string) bool { return strings.HasPrefix(s, "compose:/home/dev/compose") }) {
		t.Errorf("container files above the repository: %v", files)
	}
	a, err = Analyze("docker compose -f /srv/c.yml run a tail -f /var/log/x", Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
	if err != nil || len(a.ContainerFiles) != 1 || a.ContainerFiles[0].Path != "/srv/c.yml" || a.ContainerFiles[0].Base != "/srv" {
		t.Errorf("compose -f before the subcommand only: %v %+v", err, a.ContainerFiles)
	}
}

// FuzzParseContainerDef: any text in any format parses without a panic,
// and every mount has a source.
func FuzzParseContainerDef(f *testing.F) {
	f.Add("compose", "services:\n a:\n  volumes: [\"..:/w:ro\", {type: bind, source: /x}]\n  devices: [/dev/sda]\n")
	f.Add("devcontainer", "{\"mounts\":[\"source=/a,target=/b,type=bind\"],\"runArgs\":[\"-v\",\"/:/h\"],\"initializeCommand\":{\"a\":\"ls\"}}")
	f.Add("kube", "---\nspec: {volumes: [{hostPath: {path: /}}], hostPID: true}\n---\nx: &a [*a]\n")
	f.Add("compose", "${A:-${B}}: [")
	f.Fuzz(func(t *testing.T, format, text string) {
		if len(text) > 1<<16 {
			return
		}
		def := ParseContainerDef(format, text, map[string]string{"HOME": "/h", "PWD": "/p"})
		for _, m := range def.Mounts {
			if m.Source == "" {
				t.Fatalf("empty mount source in %q", text)
			}
		}
		RunOptMounts(def.RunArgs)
		splitVolume(text)
		mountSpecMount(text)
		substDefVars(text, map[string]string{"HOME": "/h"})
	})
}
