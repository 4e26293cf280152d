package redact

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Red-team round 4 (finding 11): some programs run commands in a
// language of their own, and a credential is an argument of one of those
// commands, not of the program:
//
//	lftp -c 'open -u bob,PW ftp://h; ls'    lftp -e 'user bob PW'
//	ftp -n h <<EOF                          smbclient //h/s -c 'logon bob PW'
//	user bob PW
//	EOF
//
// cliTable's rule "script:LANG:OPTS" says that the values of the options
// OPTS, and what reaches the program's standard input (here-strings,
// here-documents, a piped echo or printf), are commands of LANG. Each is
// lexed as shell-like words (these languages quote like a shell and
// separate commands with ';' or newlines) and read with LANG's rows in
// cliLangs, which are cliTable rows whose "programs" are the language's
// command names. A finding maps back through both lexers to the input.

// cliLangs are the command languages, by name. Sources: lftp(1), ftp(1),
// smbclient(1), ncftp(1).
var cliLangs = &lazy.Value[map[string][]cliEntry]{New: func() map[string][]cliEntry {
	return map[string][]cliEntry{
		"lftp": {
			{progs: "open connect lftp", flags: "-u:ng, --user:ne, --password:ne", valued: "epsu"},
			{progs: "user login", pos: "nth:2"},
		},
		"ftp": {
			{progs: "user", pos: "nth:2"},
			{progs: "account acct", pos: "nth:1"},
		},
		"smbclient": {
			{progs: "logon", pos: "nth:2"},
		},
		"ncftp": {
			{progs: "open", flags: "-p:n", valued: "uPjpr"},
		},
	}
}}

var cliLangSpecs = &lazy.Value[map[string]map[string][]*cliSpec]{New: func() map[string]map[string][]*cliSpec {
	m := map[string]map[string][]*cliSpec{}
	for lang, rows := range cliLangs.Get() {
		m[lang] = buildCLISpecs(rows)
	}
	return m
}}

// cliScript applies a "script" rule to command k, whose arguments are
// args.
func cliScript(lx *shlex, cmds []cliCmd, k int, rule string, args []shtok, emit func(span)) {
	_, spec, _ := strings.Cut(rule, ":")
	lang, opts, _ := strings.Cut(spec, ":")
	specs := cliLangSpecs.Get()[lang]
	if specs == nil {
		return
	}
	for j := 0; j < len(args); j++ {
		w := lx.text(args[j])
		if w == "--" {
			break
		}
		for rest := opts; rest != ""; {
			var o string
			o, rest, _ = strings.Cut(rest, ",")
			switch {
			case w == o && j+1 < len(args):
				j++
				scriptWord(lx, args[j], 0, specs, emit)
			case strings.HasPrefix(w, "--") && strings.HasPrefix(w, o+"="):
				scriptWord(lx, args[j], len(o)+1, specs, emit)
			case len(o) == 2 && len(w) > 2 && strings.HasPrefix(w, o):
				scriptWord(lx, args[j], 2, specs, emit) // -c'open …'
			default:
				continue
			}
			break
		}
	}
	c := &cmds[k]
	for _, w := range c.herestr {
		scriptWord(lx, w, 0, specs, emit)
	}
	for _, b := range c.heredoc {
		scriptRun(&shlex{src: lx.src, out: &view{}, pos: b.start, end: b.end, ci: lx.shareCompounds()}, specs, emit)
	}
	if !c.pipeIn || k == 0 || len(cmds[k-1].words) == 0 {
		return
	}
	src := &cmds[k-1]
	switch progName(lx.text(src.words[0])) {
	case "echo", "printf":
		for _, w := range src.words[1:] {
			scriptWord(lx, w, 0, specs, emit)
		}
	case "cat":
		for _, w := range src.herestr {
			scriptWord(lx, w, 0, specs, emit)
		}
		for _, b := range src.heredoc {
			scriptRun(&shlex{src: lx.src, out: &view{}, pos: b.start, end: b.end, ci: lx.shareCompounds()}, specs, emit)
		}
	}
}

// scriptWord reads word w's text from off on as commands, and maps what
// they find back to the input.
func scriptWord(lx *shlex, w shtok, off int, specs map[string][]*cliSpec, emit func(span)) {
	text := lx.text(w)
	if off >= len(text) {
		return
	}
	text = text[off:]
	base := w.t0 + off
	scriptRun(&shlex{src: text, out: &view{}, end: len(text)}, specs, func(p span) {
		for _, q := range lx.out.source(lx.src, base+p.start, base+p.end) {
			q.id, q.secret = p.id, p.secret
			emit(q)
		}
	})
}

// scriptRun reads in's text as commands, one pipeline at a time.
func scriptRun(in *shlex, specs map[string][]*cliSpec, emit func(span)) {
	lookup := func(n string) []*cliSpec { return specs[n] }
	for in.pos < in.end {
		from := in.pos
		in.out.buf, in.out.segs = in.out.buf[:0], in.out.segs[:0]
		cmds := lexPipeline(in)
		cliPipelineWith(in, cmds, lookup, emit)
		if in.pos <= from {
			return
		}
	}
}
