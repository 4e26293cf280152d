package shell

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Round 5 (b5exec): environment managers and secret injectors as
// runners, persistent settings, Kubernetes context selectors and
// languages that read the environment.

func analyzeT(t *testing.T, line string) *Analysis {
	t.Helper()
	an, err := Analyze(line, testOpt)
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	return an
}

func commandNames(an *Analysis) []string {
	var out []string
	for _, c := range an.Commands {
		out = append(out, c.Name)
	}
	return out
}

func TestEnvRunners(t *testing.T) {
	for _, tc := range []struct {
		line string
		runs string // a command the runner runs ("" none)
		dump bool
	}{
		{"nix-shell -p hello jq --run 'printenv'", "printenv", true},
		{"nix develop .#ci -c rm -f x", "rm", false},
		{"pipenv --python 3.12 run printenv", "printenv", true},
		{"conda run -n base --cwd src printenv", "printenv", true},
		{"guix shell python -- env", "env", true},
		{"guix shell python", "", false}, // no command: a shell (opaque)
		{"mise exec node@20 -- printenv", "printenv", true},
		{"mise exec -c 'printenv'", "printenv", true},
		{"aws-vault exec prod -- printenv", "printenv", true},
		{"aws-vault exec prod printenv", "printenv", true},
		{"chamber exec svc1 svc2 -- printenv", "printenv", true},
		{"sops exec-env src/s.yaml 'printenv'", "printenv", true},
		{"pixi run printenv", "printenv", true},
		{"kubie exec prod default printenv", "printenv", true},
		{"nvm exec 20 printenv", "printenv", true},
		{"pkgx +node printenv", "printenv", true},
		{"asdf env nodejs", "", true},
		{"asdf env nodejs printenv", "printenv", true},
		// an unmodelled program of a runner's shape
		{"acme run sh -c 'printenv'", "printenv", true},
		{"acme exec prod -- printenv", "printenv", true},
		{"acme exec prod -- ./build", "", false},
		{"cargo run -- printenv", "", false}, // arguments of the program cargo builds
	} {
		an := analyzeT(t, tc.line)
		names := commandNames(an)
		if tc.runs != "" && !slices.Contains(names[1:], tc.runs) {
			t.Errorf("%q: commands %q, want %s run", tc.line, names, tc.runs)
		}
		if tc.runs == "" && len(names) > 1 && slices.Contains(names[1:], "printenv") {
			t.Errorf("%q: commands %q, want printenv not run", tc.line, names)
		}
		if an.EnvDump != tc.dump {
			t.Errorf("%q: EnvDump = %v, want %v", tc.line, an.EnvDump, tc.dump)
		}
	}
	// an unmodelled program's inline code and command options
	for _, tc := range []struct {
		line   string
		opaque bool
		runs   string
	}{
		{`acme-lisp -e '(delete-file "x")'`, true, ""},
		{`acme -e 'print(1)'`, true, ""},
		{`acme -c config.yaml`, false, ""},
		{`acme --exec 'printenv HOME'`, false, "printenv"},
		{`acme --exec 'import os; os.x('`, true, ""},
	} {
		an := analyzeT(t, tc.line)
		if got := len(an.Opaque) > 0; got != tc.opaque {
			t.Errorf("%q: opaque = %v, want %v", tc.line, got, tc.opaque)
		}
		if tc.runs != "" && !slices.Contains(commandNames(an), tc.runs) {
			t.Errorf("%q: commands %q, want %s run", tc.line, commandNames(an), tc.runs)
		}
	}
	if an := analyzeT(t, "guix shell python"); len(an.Opaque) == 0 {
		t.Errorf("guix shell with no command starts a shell: want opaque")
	}
}

func TestPersistentSettings(t *testing.T) {
	for _, tc := range []struct {
		line   string
		write  string // a path written
		opaque bool
	}{
		{"npm config set script-shell src/x.sh", "/home/dev/.npmrc", true},
		{"npm config set registry https://r.example.com", "/home/dev/.npmrc", false},
		{"npm --userconfig src/rc config set node-options x", "/home/dev/project/src/rc", true},
		{"gh alias set x 'pr list'", "/home/dev/.config/gh/config.yml", true},
		{"gh config set git_protocol ssh", "/home/dev/.config/gh/config.yml", false},
		{"gh config set pager 'less -R'", "/home/dev/.config/gh/config.yml", true},
		{"code --install-extension ms-python.python", "/home/dev/.vscode/extensions", true},
		{"code --extensions-dir src/ext --install-extension x.vsix", "/home/dev/project/src/ext", true},
		{"npm --registry https://r.example.com config set script-shell x", "/home/dev/.npmrc", true},
		{"direnv allow .", "/home/dev/.local/share/direnv/allow", true},
		{"uv python pin 3.12", "/home/dev/project/.python-version", false},
		{"uv python pin --global 3.12", "/home/dev/.config/uv/.python-version", false},
		{"pyenv global 3.12", "/home/dev/.pyenv/version", false},
		{"aws configure set region eu-west-1", "/home/dev/.aws/config", false},
	} {
		an := analyzeT(t, tc.line)
		var ws []string
		for _, w := range an.Writes {
			if !w.Candidate {
				ws = append(ws, w.Path)
			}
		}
		if !slices.Contains(ws, tc.write) {
			t.Errorf("%q: writes %q, want %s", tc.line, ws, tc.write)
		}
		if got := len(an.Opaque) > 0; got != tc.opaque {
			t.Errorf("%q: opaque = %v, want %v (%v)", tc.line, got, tc.opaque, an.Opaque)
		}
	}
	for _, line := range []string{"npm config get registry", "gh alias list", "pyenv versions", "code .", "rustup show", "direnv status"} {
		for _, w := range analyzeT(t, line).Writes {
			if !w.Candidate {
				t.Errorf("%q: writes %s, want none", line, w.Path)
			}
		}
	}
}

func TestKubeContexts(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // a command line recorded ("" none in kubectl's words)
	}{
		{"kubecolor --context=prod delete ns x", "kubectl --context=prod delete ns x"},
		{"oc --context prod get pods", "kubectl --context=prod get pods"},
		{"kubectx prod", "kubectl config use-context prod"},
		{"kubens kube-system", "kubectl config set-context --current --namespace=kube-system"},
		{"helm --kube-context prod list", "kubectl --context=prod helm --kube-context prod list"},
		{"HELM_KUBECONTEXT=prod helm list", "kubectl --context=prod helm list"},
		{"tilt up --context=prod", "kubectl --context=prod tilt up --context=prod"},
		{"acme --kube-context=prod sync", "kubectl --context=prod acme --kube-context=prod sync"},
		{"kubie exec prod default kubectl get ns", "kubectl --context=prod kubie exec prod default kubectl get ns"},
		{"docker --context prod ps", ""}, // a Docker context, not a Kubernetes one
		{"helm list", ""},
	} {
		an := analyzeT(t, tc.line)
		var lines []string
		for _, c := range an.Commands {
			if c.Name == "kubectl" {
				lines = append(lines, c.Line)
			}
		}
		switch {
		case tc.want == "" && len(lines) > 0:
			t.Errorf("%q: recorded %q, want no kubectl line", tc.line, lines)
		case tc.want != "" && !slices.Contains(lines, tc.want):
			t.Errorf("%q: recorded %q, want %q", tc.line, lines, tc.want)
		}
	}
}

func TestEnvLanguages(t *testing.T) {
	for _, tc := range []struct {
		line string
		ref  string
		dump bool
	}{
		{`mlr -n put 'end{print ENV["SECRET"]}'`, "SECRET", false},
		{`mlr -n put 'end{emit ENV}'`, "", true},
		{`mlr -n put 'end{print ENV[k]}'`, "", true}, // a name not known statically
		{`mlr -n put '$ENVIRONMENT = 1'`, "", false},
		{`gomplate -i '{{ .Env.SECRET }}'`, "SECRET", false},
		{`gomplate -i '{{ range $k, $v := .Env }}{{ $k }}{{ end }}'`, "", true},
		{`gomplate -i '{{ env.Getenv "SECRET" }}'`, "SECRET", false},
		{`consul-template -template 'a:b' -exec '{{ env "SECRET" }}'`, "SECRET", false},
		{`sbt 'eval sys.env("SECRET")'`, "SECRET", false},
		{`sbt 'eval sys.env'`, "", true},
		{`sbt 'eval System.getenv()'`, "", true},
		{`mvn -q help:evaluate -Dexpression=env.SECRET`, "SECRET", false},
		{`mvn org.apache.maven.plugins:maven-help-plugin:3.4.0:system`, "", true},
		{`xq -n '$ENV.SECRET'`, "", true},
		{`mvn -q test`, "", false},
	} {
		an := analyzeT(t, tc.line)
		if tc.ref != "" && !slices.Contains(an.EnvRefs, tc.ref) {
			t.Errorf("%q: env refs %q, want %s", tc.line, an.EnvRefs, tc.ref)
		}
		if an.EnvDump != tc.dump {
			t.Errorf("%q: EnvDump = %v, want %v", tc.line, an.EnvDump, tc.dump)
		}
	}
}

func FuzzEnvAccesses(f *testing.F) {
	for _, s := range []string{`ENV["X"]`, `ENV[`, `.Env.A`, `env.Getenv "B"`, `sys.env("C")`, `env "D"`, strings.Repeat(`ENV["`, 2000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		for _, acc := range [][]envAccess{millerEnv, goTmplEnv, jvmEnv, mavenEnv} {
			a := &analyzer{res: &Analysis{}}
			c := &cmd{a: a, sc: &scope{}, name: "x"}
			c.envAccesses(s, acc)
			for _, n := range a.res.EnvRefs {
				if !validName(n) || !strings.Contains(s, n) {
					t.Fatalf("%q: reference %q", s, n)
				}
			}
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("took %v", d)
		}
	})
}
