package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// What find -exec hands its command. The analysis reports the command's
// argument {} as DIR/* (every file below DIR, at any depth); the find
// expression before -exec says which of them: -name/-iname keep only
// matching names, -type f (without -L) keeps no symlink. Mandate reads
// the expression only when it is a plain conjunction of those tests
// (anything else — -o, !, parentheses, -path, -regex, -newer … — keeps
// every file), and walks DIR on disk to judge each file the command gets.

// findTests is what the find of the line selects before its -exec.
type findTests struct {
	name     string // a -name or -iname pattern ("" for any name)
	fold     bool   // -iname
	noLinks  bool   // -type f without -L: symlinks are not handed over
	followed bool   // -L: find follows symlinks below its start points
}

// findTestsOf reads the find commands of the line being judged; with
// more than one find, or none, it selects every file.
func (ev *evaluation) findTestsOf() findTests {
	if ev.cur == nil {
		return findTests{}
	}
	var found *shell.Command
	for i := range ev.cur.Commands {
		c := &ev.cur.Commands[i]
		if c.Name == "find" {
			if found != nil {
				return findTests{}
			}
			found = c
		}
	}
	if found == nil {
		return findTests{}
	}
	return parseFindTests(found.Args)
}

func parseFindTests(args []string) findTests {
	var ft findTests
	i := 0
	for ; i < len(args); i++ { // options before the start points
		a := args[i]
		switch {
		case a == "-L" || a == "-follow":
			ft.followed = true
		case a == "-H" || a == "-P":
		case a == "-D":
			i++
		case strings.HasPrefix(a, "-O"):
		default:
			goto start
		}
	}
start:
	for ; i < len(args) && !strings.HasPrefix(args[i], "-") && args[i] != "(" && args[i] != "!"; i++ {
	}
	plain := true
	var name string
	fold, typeF := false, false
	for ; i < len(args); i++ {
		switch a := args[i]; a {
		case "-exec", "-execdir", "-ok", "-okdir":
			i = len(args)
		case "-name", "-iname":
			if i+1 >= len(args) || name != "" || !staticWord(strings.NewReplacer("*", "", "?", "", "[", "").Replace(args[i+1])) {
				plain = false
			} else {
				name, fold = args[i+1], a == "-iname"
			}
			i++
		case "-type":
			if i+1 < len(args) && args[i+1] == "f" {
				typeF = true
			}
			i++
		case "-follow":
			ft.followed = true
		case "-maxdepth", "-mindepth":
			i++
		case "-print", "-print0", "-depth", "-xdev", "-mount", "-noleaf", "-nowarn", "-ignore_readdir_race",
			"-a", "-and", "-readable", "-writable", "-executable", "-empty":
		default:
			plain = false // -o, !, (, -path, -regex, -newer, -size, …
		}
	}
	if plain {
		ft.name, ft.fold = name, fold
		ft.noLinks = typeF && !ft.followed
	}
	return ft
}

// findTree judges what find -exec CMD {} reads, writes or deletes: the
// files below the directory dir/* (abs) stands for that the find hands
// over, walked on disk. false means the disk cannot answer (the
// directory is not there, or the line may create files in it) and the
// caller judges the pattern.
func (ev *evaluation) findTree(abs string, op opKind) bool {
	dir := path.Dir(abs)
	if info, ok := ev.stat(dir); !ok || !info.Mode.IsDir() {
		return false
	}
	segs := append(splitSegs(strings.TrimPrefix(dir, "/")), "**")
	extra, ok := ev.lineWrites(abs, segs, dir, true, true)
	if !ok {
		return false
	}
	ft := ev.findTestsOf()
	for _, w := range extra {
		if ft.name == "" || fsview.MatchName(ft.name, path.Base(w), true, ft.fold) {
			ev.checkRef(w, op, pathFlags{via: "written earlier in the line, found by find"})
		}
	}
	if op == opRead {
		ev.recursiveRead(dir, walkScope{cmd: "find -exec", linkedFiles: !ft.noLinks, follow: ev.followsLinks("find") && !ft.noLinks,
			pattern: ft.name, fold: ft.fold})
		return true
	}
	// Writes and deletes: each file handed over, judged as the command's
	// own target (a symlink among them is judged by what it names).
	n, start := 0, len(ev.hits)
	tooBig := false
	err := fsview.Walk(ev.fs(), dir, fsview.WalkOptions{MaxFiles: maxRecursiveFiles, Budget: maxRecursiveBudget},
		func(p string, info fsview.Info) error {
			if info.Mode.IsDir() || ft.noLinks && !info.Mode.IsRegular() {
				return nil
			}
			if ft.name != "" && !fsview.MatchName(ft.name, path.Base(p), true, ft.fold) {
				return nil
			}
			if n++; n > maxRecursiveFiles {
				tooBig = true
				return fsview.SkipAll
			}
			ev.checkRef(p, op, pathFlags{via: "below " + ev.displayPath(dir) + ", handed over by find"})
			for _, h := range ev.hits[start:] {
				if h.f.Effect == Deny {
					return fsview.SkipAll
				}
			}
			return nil
		})
	if err != nil || tooBig {
		shown := ev.displayPath(dir)
		ev.builtin(groupAnalysis, Ask, "recursive-write", shown, fmt.Sprintf("find hands over the files below %q, more than Mandate checks one by one; narrow the path or the tests", shown))
	}
	return true
}
