package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// What a command's standard input carries, where the line shows it: the
// words of a here-string, a here-document or an echo/printf piped in, or
// the names a find, fd, git ls-files or ls piped in prints. Commands that
// turn their input into file names or object names (xargs, git cat-file
// --batch) read those; whatever the line does not show is not known.

// feed is the content of a standard input.
type feed struct {
	words []string // literal text, split into words (here-strings, echo)
	names []field  // file names: any file below (or matching) these
	file  bool     // redirected from a file, which may be a device (< /dev/null)
	// partial: words holds only the first maxFeedWords words
	partial bool
	text    string // the literal text, when words came from it
}

// maxFeedWords bounds the literal words a feed keeps.
const maxFeedWords = 64

// redirFeed returns the feed of a statement's own input redirections:
// the last of <<<, << and < wins. ok is false when there is none.
func (a *analyzer) redirFeed(rs []*syntax.Redirect, sc *scope) (f *feed, ok bool) {
	for _, r := range rs {
		switch r.Op {
		case syntax.WordHdoc:
			ok = true
			f = nil
			if isStaticWord(r.Word) {
				// a here-string is expanded like a word (~ too)
				if w, err := a.oneField(r.Word, sc); err == nil && !w.dyn {
					f = textFeed(w.s)
				}
			}
		case syntax.Hdoc, syntax.DashHdoc:
			ok = true
			f = wordsFeed(r.Hdoc)
		case syntax.RdrIn, syntax.RdrInOut, syntax.DplIn:
			if r.N == nil || r.N.Value == "0" {
				ok, f = true, &feed{file: true}
				if ps, sole := soleProcSubst(r.Word); sole && r.Op == syntax.RdrIn && ps.Op == syntax.CmdIn {
					if text, known := a.procOutput(ps.Stmts, sc); known {
						f = textFeed(text) // < <(printf …)
					}
				}
			}
		}
	}
	return f, ok
}

func wordsFeed(w *syntax.Word) *feed {
	s, ok := litWord(w)
	if !ok {
		return nil
	}
	return textFeed(s)
}

// textFeed is the feed of literal text.
func textFeed(s string) *feed {
	ws := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == 0 })
	f := &feed{words: ws, text: s}
	if len(ws) > maxFeedWords {
		f.words, f.partial = ws[:maxFeedWords], true
	}
	return f
}

func splitFeed(s string) []string { return textFeed(s).words }

// litWord returns the value of a word made only of literal text and
// quotes, without expanding anything.
func litWord(w *syntax.Word) (string, bool) {
	if w == nil {
		return "", false
	}
	var b strings.Builder
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			if strings.ContainsAny(x.Value, "*?[") {
				return "", false
			}
			v := x.Value
			if strings.Contains(v, "\\") {
				var out strings.Builder
				for i := 0; i < len(v); i++ {
					if v[i] == '\\' && i+1 < len(v) {
						i++
					}
					out.WriteByte(v[i])
				}
				v = out.String()
			}
			b.WriteString(v)
		case *syntax.SglQuoted:
			if x.Dollar {
				b.WriteString(ansiC(x.Value))
			} else {
				b.WriteString(x.Value)
			}
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				b.WriteString(unescapeDQ(l.Value))
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

// filterCmds pass on (a subset of) their input unchanged, line by line.
var filterCmds = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"cat": true, "sort": true, "uniq": true, "head": true, "tail": true, "tac": true, "grep": true, "egrep": true, "fgrep": true, "shuf": true}
}}

// feedOf returns what stmt writes to its standard output, given what it
// reads (in), when the line shows it; nil when not known.
func (a *analyzer) feedOf(s *syntax.Stmt, in *feed, sc *scope) *feed {
	if s == nil || s.Cmd == nil {
		return nil
	}
	if f, ok := a.redirFeed(s.Redirs, sc); ok {
		in = f
	}
	switch x := s.Cmd.(type) {
	case *syntax.Subshell: // (Get-Item x) | Remove-Item, (ls) | xargs rm
		if len(x.Stmts) == 1 {
			return a.feedOf(x.Stmts[0], in, sc)
		}
		return nil
	case *syntax.BinaryCmd:
		if x.Op == syntax.Pipe || x.Op == syntax.PipeAll {
			return a.feedOf(x.Y, a.feedOf(x.X, in, sc), sc)
		}
		return nil
	case *syntax.CallExpr:
		if len(x.Args) == 0 || len(x.Assigns) > 0 {
			return nil
		}
		if f := a.psExprFeed(x, sc); f != nil { // pspipe.go
			return f
		}
		for _, w := range x.Args {
			if !isStaticWord(w) {
				return nil
			}
		}
		fs, err := a.fields(x.Args, sc, true)
		if err != nil || len(fs) == 0 {
			return nil
		}
		args := make([]string, len(fs))
		for i, f := range fs {
			if f.dyn || f.glob && !psOwnWildcards(progName(fs[0])) { // a cmdlet's wildcard is its own (pspipe.go)
				return nil
			}
			args[i] = f.s
		}
		if progName(fs[0]) == "cat" && len(fs) == 2 && !strings.HasPrefix(fs[1].s, "-") {
			// cat of a file the line wrote with literal text (scripts.go)
			if w, ok := a.writtenAt(sc, fs[1]); ok && w.known {
				return textFeed(w.text)
			}
		}
		return outputOf(progName(fs[0]), args[1:], in)
	}
	return nil
}

// outputOf is the output of a simple command with static arguments.
func outputOf(name string, args []string, in *feed) *feed {
	switch name {
	case "echo":
		plain, xsi, same, _ := echoReadings(args) // echo.go
		if same {
			return textFeed(plain)
		}
		// the words of both readings: not what either prints
		f := &feed{words: append(splitFeed(plain), splitFeed(xsi)...), partial: true}
		if len(f.words) > maxFeedWords {
			f.words = f.words[:maxFeedWords]
		}
		return f
	case "printf":
		if text, ok := printfOutput(args); ok {
			return textFeed(text)
		}
		// the format's text and every argument, escapes decoded
		var ws []string
		for _, a := range args {
			ws = append(ws, splitFeed(strings.NewReplacer("%s", " ", "%b", " ", "%q", " ").Replace(ansiC(a)))...)
		}
		f := &feed{words: ws, partial: true} // not what printf prints
		if len(ws) > maxFeedWords {
			f.words = ws[:maxFeedWords]
		}
		return f
	case "find":
		return findNames(args)
	case "fd", "fdfind":
		return fdNames(args)
	case "git":
		if len(args) > 0 && args[0] == "ls-files" {
			var roots []field
			for _, a := range args[1:] {
				if !strings.HasPrefix(a, "-") {
					roots = append(roots, field{s: a})
				}
			}
			if len(roots) == 0 {
				roots = []field{{s: "."}}
			}
			var out feed
			for _, r := range roots {
				out.names = append(out.names, tree(r, treeOpts{tracked: true}))
			}
			return &out
		}
	case "ls":
		// ls prints the names it is given, and the base names of the
		// entries of directories: read relative to the cwd, these are
		// any name there
		var out feed
		all := false
		for _, a := range args {
			if strings.HasPrefix(a, "-") {
				all = all || !strings.HasPrefix(a, "--") && strings.ContainsAny(a, "aA") || a == "--all" || a == "--almost-all"
				continue
			}
			out.names = append(out.names, field{s: a, glob: strings.ContainsAny(a, "*?[")})
		}
		out.names = append(out.names, field{s: "*", glob: true, tree: &treeOpts{dotGlob: all}})
		return &out
	}
	if f := psListingOutput(name, args); f != nil { // psbind.go
		return f
	}
	if f := psPipeOutput(name, args, in); f != nil { // pspipe.go
		return f
	}
	if filterCmds.Get()[name] && in != nil {
		for _, a := range args {
			if !strings.HasPrefix(a, "-") && name != "grep" && name != "egrep" && name != "fgrep" {
				return nil // reads a file, not its input
			}
			if a == "-o" || a == "--only-matching" || a == "-r" || a == "-R" || a == "-c" {
				return nil // prints something else than whole lines
			}
		}
		return in
	}
	return nil
}

// findNames is what find START… -print prints: the files below its
// start paths, or those whose name matches its one -name pattern.
func findNames(args []string) *feed {
	var starts []field
	i := 0
	for i < len(args) && (args[i] == "-H" || args[i] == "-L" || args[i] == "-P") {
		i++
	}
	for ; i < len(args) && !strings.HasPrefix(args[i], "-") && args[i] != "(" && args[i] != "!"; i++ {
		starts = append(starts, field{s: args[i]})
	}
	if len(starts) == 0 {
		starts = []field{{s: "."}}
	}
	name := ""
	simple := true
	for j := i; j < len(args); j++ {
		switch args[j] {
		case "-name":
			if name != "" || j+1 >= len(args) {
				simple = false
			} else {
				name = args[j+1]
			}
		case "-o", "-or", "!", "-not", ",", "-prune", "-exec", "-execdir", "-printf", "-fprint", "-ls", "-fls":
			simple = false
		}
	}
	var out feed
	for _, s := range starts {
		if simple && name != "" && !strings.Contains(name, "/") {
			out.names = append(out.names, filtered(s, name, treeOpts{}))
		} else {
			out.names = append(out.names, tree(s, treeOpts{}))
		}
	}
	return &out
}

// fdNames is what fd PATTERN [PATH…] prints.
func fdNames(args []string) *feed {
	hidden := false
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-H" || a == "--hidden" || a == "-u" || a == "--unrestricted":
			hidden = true
		case a == "-x" || a == "-X" || a == "--exec" || a == "--exec-batch":
			return nil // prints what the command prints
		case a == "-e" || a == "-E" || a == "-t" || a == "-d" || a == "-c" || a == "-j" || a == "-S":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			pos = append(pos, a)
		}
	}
	roots := []string{"."}
	if len(pos) > 1 {
		roots = pos[1:]
	}
	var out feed
	for _, r := range roots {
		out.names = append(out.names, tree(field{s: r}, treeOpts{skipHidden: !hidden}))
	}
	return &out
}

// xargsFeed returns the arguments xargs appends, from its input, when the
// line shows them; nil when not known.
func xargsFeed(f *feed) []field {
	if f == nil {
		return nil
	}
	if len(f.names) > 0 {
		out := make([]field, len(f.names))
		for i, n := range f.names {
			t := treeOpts{}
			if n.tree != nil {
				t = *n.tree
			}
			t.input = true
			n.tree = &t
			out[i] = n
		}
		return out
	}
	if len(f.words) == 0 {
		return nil
	}
	out := make([]field, len(f.words))
	for i, w := range f.words {
		out[i] = field{s: w}
	}
	return out
}

// xargsFed runs xargs' command with the arguments its input is known to
// hold: appended, or in place of the -I replacement string (one command
// per input item).
func (c *cmd) xargsFed(fs []field, repl string, in []field, sc *scope) error {
	if repl == "" {
		return c.a.execProgram(append(fs, in...), sc) // childenv.go
	}
	for _, item := range in {
		run := append([]field(nil), fs...)
		for i := range run {
			switch {
			case run[i].s == repl:
				run[i] = item
			case strings.Contains(run[i].s, repl):
				run[i].s = strings.ReplaceAll(run[i].s, repl, item.s)
				run[i].dyn = run[i].dyn || item.dyn
				run[i].glob = run[i].glob || item.glob
				run[i].rec = run[i].rec || item.rec
				run[i].tree = item.tree
			}
		}
		if err := c.a.execProgram(run, sc); err != nil {
			return err
		}
	}
	return nil
}

// xargsSplitsLikeFeed reports whether xargs, with options o, splits its
// literal input into exactly the feed's words: blanks and newlines only
// (no -d, -0, -E, -L, -l, -I), no quotes or backslashes (xargs reads
// them), and the whole input kept.
func xargsSplitsLikeFeed(f *feed, o opts, repl string) bool {
	if f == nil || f.partial || len(f.words) == 0 || repl != "" ||
		o.anyOf("-d", "--delimiter", "-0", "--null", "-E", "-e", "--eof", "-L", "--max-lines", "-l", "-I", "-i", "--replace", "-a", "--arg-file") {
		return false
	}
	for _, w := range f.words {
		if strings.ContainsAny(w, "'\"\\") {
			return false
		}
	}
	return true
}

// recordTemplate reports the command xargs runs, with its input as a
// part not known statically, without analysing it again.
func (a *analyzer) recordTemplate(fs []field, sc *scope) {
	if len(fs) == 0 || fs[0].dyn {
		return
	}
	args := make([]string, 0, len(fs))
	for _, f := range fs[1:] {
		args = append(args, f.s)
	}
	args = append(args, xargsInput)
	a.record(progName(fs[0]), fs[0].s, args, sc, true)
}
