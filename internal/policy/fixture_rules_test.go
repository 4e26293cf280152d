package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
)

// tree builds files under a temp dir that stands for "/": entries are
// "path" (a file with the path as content), "path/" (a directory),
// "path=content", "path->target" (a symlink), "path=>existing" (a hard
// link); a path ending in "*" is made executable.
func tree(t testing.TB, entries ...string) (fsview.FS, string) {
	t.Helper()
	dir := t.TempDir()
	real := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	for _, e := range entries {
		var err error
		switch {
		case strings.Contains(e, "->"):
			l, target, _ := strings.Cut(e, "->")
			os.MkdirAll(filepath.Dir(real(l)), 0o755)
			err = os.Symlink(target, real(l))
		case strings.Contains(e, "=>"):
			l, target, _ := strings.Cut(e, "=>")
			os.MkdirAll(filepath.Dir(real(l)), 0o755)
			err = os.Link(real(target), real(l))
		case strings.HasSuffix(e, "/"):
			err = os.MkdirAll(real(e), 0o755)
		default:
			p, content, ok := strings.Cut(e, "=")
			mode := os.FileMode(0o644)
			if s, ok := strings.CutSuffix(p, "*"); ok {
				p, mode = s, 0o755
			}
			if !ok {
				content = p
			}
			os.MkdirAll(filepath.Dir(real(p)), 0o755)
			err = os.WriteFile(real(p), []byte(content), mode)
		}
		if err != nil {
			t.Fatalf("fixture %q: %v", e, err)
		}
	}
	return fsview.Rooted(dir), dir
}

// mandateFixture is a home with Mandate installed in ~/bin, a copy, a hard
// link and a symlink of its binaries elsewhere, and its state directory.
func mandateFixture(t testing.TB) Options {
	front := "MANDATE-FRONT-" + strings.Repeat("f", 100)
	engine := "MANDATE-ENGINE-" + strings.Repeat("e", 200)
	fsys, _ := tree(t,
		"/home/dev/bin/mandate*="+front,
		"/home/dev/bin/mandate-engine*="+engine,
		"/home/dev/bin/other*=OTHER-PROGRAM-"+strings.Repeat("o", 100), // the size of mandate
		"/home/dev/project/src/tool=>/home/dev/bin/mandate-engine",
		"/home/dev/project/src/app.go",
		"/tmp/x/helper*="+front,
		"/usr/local/bin/m->/home/dev/bin/mandate",
		"/usr/bin/ls*",
		"/home/dev/.local/state/mandate/evidence/log",
		"/dev/null=",
	)
	return Options{
		FS:      fsys,
		Resolve: identity,
		PathEnv: "/home/dev/bin:/usr/local/bin:/usr/bin",
		Protected: []Protected{
			{Path: "/home/dev/bin/mandate", Kind: ProtectBinary},
			{Path: "/home/dev/bin/mandate-engine", Kind: ProtectBinary},
			{Path: "/home/dev/.local/state/mandate", Kind: ProtectState},
		},
		Procs: func() []Proc {
			return []Proc{
				{Pid: 4242, Pgid: 4242, Sid: 4242, Uid: 4243, Exe: "/home/dev/bin/mandate-engine", Cmdline: []string{"mandate-engine", "serve", "--background"}},
				{Pid: 5000, Pgid: 4990, Sid: 4990, Uid: 4243, Exe: "/home/dev/bin/mandate", Cmdline: []string{"mandate", "hook", "claude"}},
			}
		},
	}
}

type lineCase struct {
	class string // the class of bypass the case closes
	cmd   string
	want  Effect
	rule  string // substring of the deciding rule, when non-empty
}

func runLines(t *testing.T, p *Policy, trust string, cases []lineCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.class+": "+c.cmd, func(t *testing.T) {
			a := execAction(c.cmd, trust)
			d := p.Evaluate(a)
			if d.Decision != c.want {
				t.Fatalf("%s: decision = %s, want %s\nreason: %s", c.cmd, d.Decision, c.want, d.Reason)
			}
			if c.rule != "" && !strings.Contains(d.Rule, c.rule) {
				t.Fatalf("%s: rule = %q, want %q (%s)", c.cmd, d.Rule, c.rule, d.Reason)
			}
		})
	}
}

var _ = action.Exec
