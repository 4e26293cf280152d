package policy

import (
	"os"
	"path"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

const (
	testRoot = "/home/dev/project"
	testHome = "/home/dev"
)

// identity resolves no symlinks, so tests do not depend on the machine.
func identity(s string) (string, error) { return s, nil }

// virtual are the options of the rule tests: their paths are virtual, so
// no symlink is resolved and the file system holds nothing (a glob
// matches nothing on disk, no file is another's hard link).
var virtual = Options{Resolve: identity, FS: fsview.Empty}

func mustParseFile(t testing.TB, file string) *Policy {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(file, src)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	return p.WithOptions(virtual)
}

func mustParse(t testing.TB, src string) *Policy {
	t.Helper()
	p, err := Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return p.WithOptions(virtual)
}

func actor(trust string) action.Actor {
	return action.Actor{TrustLevel: trust, RepoRoot: testRoot, Home: testHome}
}

func execAction(cmd, trust string) *action.Action {
	return &action.Action{V: 1, Kind: action.Exec, Tool: "Bash", Command: cmd, Cwd: testRoot, Actor: actor(trust)}
}

func fileAction(kind action.Kind, trust string, paths ...string) *action.Action {
	return &action.Action{V: 1, Kind: kind, Tool: "Write", Paths: paths, Cwd: testRoot, Actor: actor(trust)}
}

// an builds a shell analysis from compact facts, so that rule tests do not
// depend on the shell analyser's details: "cmd:npm install x", "read:PATH",
// "write:PATH", "del:PATH" (a * after the kind marks a glob path, a $ a
// dynamic one: "read*:.e*", "read$:$X"), "host:H", "env:NAME", "dump", "opaque:WHY".
// Relative paths are joined to testRoot.
func an(facts ...string) *shell.Analysis {
	a := &shell.Analysis{}
	abs := func(p string) string {
		if strings.HasPrefix(p, "~/") {
			return path.Join(testHome, p[2:])
		}
		if !path.IsAbs(p) {
			return path.Join(testRoot, p)
		}
		return path.Clean(p)
	}
	for _, f := range facts {
		kind, val, _ := strings.Cut(f, ":")
		glob, dyn := false, false
		if k, ok := strings.CutSuffix(kind, "*"); ok {
			kind, glob = k, true
		}
		if k, ok := strings.CutSuffix(kind, "$"); ok {
			kind, dyn = k, true
		}
		switch kind {
		case "cmd":
			fields := strings.Fields(val)
			a.Commands = append(a.Commands, shell.Command{Name: fields[0], Args: fields[1:], Line: strings.Join(fields, " "), Cwd: testRoot})
		case "read":
			a.Reads = append(a.Reads, shell.PathRef{Path: abs(val), Cmd: "x", Why: "argument", Glob: glob, Dynamic: dyn})
		case "write":
			a.Writes = append(a.Writes, shell.PathRef{Path: abs(val), Cmd: "x", Why: "redirect >", Glob: glob, Dynamic: dyn})
		case "del":
			a.Deletes = append(a.Deletes, shell.PathRef{Path: abs(val), Cmd: "rm", Why: "argument", Glob: glob, Dynamic: dyn})
		case "host":
			a.Hosts = append(a.Hosts, shell.HostRef{Host: val, Cmd: "curl", Why: "url"})
		case "env":
			a.EnvRefs = append(a.EnvRefs, val)
		case "dump":
			a.EnvDump = true
		case "opaque":
			a.Opaque = append(a.Opaque, shell.Opaque{Cmd: "sh", Reason: val})
		default:
			panic("bad fact " + f)
		}
	}
	return a
}

// evalAnalysis decides an exec action whose analysis is given.
func evalAnalysis(p *Policy, trust string, a *shell.Analysis) Decision {
	act := execAction("(analysis given)", trust)
	ev, ok := p.prepare(act)
	if ok {
		ev.analyses = append(ev.analyses, a)
		ev.analysis(a)
	}
	return ev.decision()
}
