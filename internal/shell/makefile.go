package shell

import (
	"strings"
)

// Makefile text handed to make on its command line (-E/--eval TEXT) or
// through standard input, a descriptor or a process substitution: its
// recipe lines are shell commands, and make's own functions $(shell …),
// $(file …) and the != assignment run or write at parse time. Known text
// is analysed; anything make expands at run time in a recipe makes that
// recipe opaque. A makefile read from a file is a script file (the OS
// sandbox is its backstop), as is make with no makefile named, unless
// the line wrote it (taskfiles.go).

// makeOps applies make's options: --eval text, -f from input, -C, and
// SHELL=… on the command line.
func (c *cmd) makeOps(o opts) error {
	sc := c.sc
	for _, d := range o.values("-C", "--directory") {
		sub := &cmd{a: c.a, sc: c.a.child(sc), name: "cd", args: []field{d}, skip: []bool{false}}
		sub.cd()
		sc = sub.sc
	}
	for _, k := range o.pos {
		// an operand with "=" is a variable definition, read as a
		// makefile line is (red-team round 10 #6): X!=CMD and
		// X:=$(shell CMD) run at start-up, even with -n
		f := c.args[k]
		name, _, ok := strings.Cut(f.s, "=")
		if !ok {
			continue
		}
		if isShellVar(strings.TrimRight(name, ":?+!")) {
			c.opaque("make runs its recipes with another shell: " + clip(f.s))
		}
		if f.dyn {
			c.opaque("make variable definition not known statically: " + clip(f.s))
			continue
		}
		if err := c.a.makefile(f.s, sc, c.name+" "+clip(f.s)); err != nil {
			return err
		}
	}
	for _, v := range o.values("-E", "--eval") {
		if v.dyn {
			c.opaque("make --eval text not known statically")
			continue
		}
		if err := c.a.makefile(v.s, sc, c.name+" --eval"); err != nil {
			return err
		}
	}
	for _, v := range o.values("-f", "--file", "--makefile") {
		switch n := c.stdinPath(v); {
		case v.proc && v.docKnown:
			if err := c.a.makefile(v.doc, sc, c.name+" -f <(…)"); err != nil {
				return err
			}
		case v.proc:
			c.opaque("make reads a makefile from a process substitution")
		case n >= 0:
			fd, ok := c.sc.fd(n)
			switch {
			case ok && fd.kind == fdDoc && fd.known:
				if err := c.a.makefile(fd.doc, sc, c.name+" -f "+v.s); err != nil {
					return err
				}
			case ok && fd.kind == fdFile && !fd.dyn:
				// a makefile redirected from a file
			default:
				c.opaque("make reads a makefile from standard input")
			}
		case v.dyn:
			c.opaque("make reads a makefile whose name is not known statically")
		default:
			c.read(v, "makefile")
		}
	}
	return nil
}

// maxMakeDepth bounds nested make references ($(shell $(info …))).
const maxMakeDepth = 32

// makeRecipe is what makefile text says a shell runs.
type makeRecipe struct {
	code   string
	opaque string // why the recipe cannot be known, when it cannot
}

// makeScan is the result of reading makefile text without running it.
type makeScan struct {
	recipes []makeRecipe
	shell   []makeRecipe // $(shell …) and != commands, run while reading
	writes  []string     // $(file >NAME,…)
	reads   []string     // $(file <NAME), include
	opaque  []string     // constructs that run or load code not known statically
}

// makefile analyses makefile text.
func (a *analyzer) makefile(text string, sc *scope, via string) error {
	return a.makeScanned(scanMakefile(text), sc, via)
}

// makeEnvText analyses the value of MAKEFLAGS or GNUMAKEFLAGS, which GNU
// make expands as makefile text before it splits it into options and
// variable definitions (make 4.3: MAKEFLAGS='$(shell CMD)' runs CMD), and
// returns the expanded text, known when ok.
func (a *analyzer) makeEnvText(val string, sc *scope, via string) (string, bool, error) {
	ms := &makeScan{}
	exp, why := ms.expand(val, 0)
	if why != "" || strings.Contains(exp, "${MAKE_") {
		ms.opaque = append(ms.opaque, via+" is expanded by make into options not known statically")
	}
	if err := a.makeScanned(ms, sc, via); err != nil {
		return "", false, err
	}
	return exp, why == "", nil
}

// makeScanned analyses what scanned makefile text runs, reads and writes.
func (a *analyzer) makeScanned(ms *makeScan, sc *scope, via string) error {
	cm := &cmd{a: a, sc: sc, name: "make"}
	for _, r := range ms.opaque {
		a.opaque("make", r)
	}
	for _, w := range ms.writes {
		cm.write(field{s: w}, "make $(file >…)")
	}
	for _, r := range ms.reads {
		cm.read(field{s: r}, "makefile")
	}
	for _, list := range [][]makeRecipe{ms.shell, ms.recipes} {
		for _, r := range list {
			if r.opaque != "" {
				a.opaque("make", r.opaque)
				continue
			}
			if strings.TrimSpace(r.code) == "" {
				continue
			}
			// each line runs in a new /bin/sh (or SHELL): the exported
			// environment only (childenv.go)
			if err := a.reparse(r.code, a.newProcess(sc, importMaybe), via, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// scanMakefile reads makefile text: recipes (tab-indented lines, and the
// text after ";" on a rule line), variable assignments, directives and
// the references make expands.
func scanMakefile(text string) *makeScan {
	ms := &makeScan{}
	lines := makeLines(text)
	oneShell := strings.Contains(text, ".ONESHELL")
	if strings.Contains(text, ".RECIPEPREFIX") {
		ms.opaque = append(ms.opaque, "makefile changes the recipe prefix")
	}
	var rule []string // recipe lines of the current rule (.ONESHELL)
	flush := func() {
		if len(rule) > 0 {
			ms.recipe(strings.Join(rule, "\n"))
			rule = rule[:0]
		}
	}
	inDefine := 0
	for _, line := range lines {
		if inDefine > 0 {
			t := strings.TrimSpace(line)
			if strings.HasPrefix(t, "endef") {
				inDefine--
			} else if strings.HasPrefix(t, "define ") || t == "define" {
				inDefine++
			}
			continue
		}
		if strings.HasPrefix(line, "\t") {
			cmdText := strings.TrimLeft(line[1:], "@-+ \t")
			if oneShell {
				rule = append(rule, cmdText)
			} else {
				ms.recipe(cmdText)
			}
			continue
		}
		flush()
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		word, rest, _ := strings.Cut(t, " ")
		switch word {
		case "define":
			inDefine++
			if v := strings.Fields(rest); len(v) > 0 && isShellVar(v[0]) {
				ms.opaque = append(ms.opaque, "makefile sets the shell recipes run with")
			}
			continue
		case "include", "-include", "sinclude":
			for _, f := range strings.Fields(rest) {
				if strings.Contains(f, "$") {
					ms.expand(f, 0)
					continue
				}
				ms.reads = append(ms.reads, f)
			}
			continue
		case "load", "-load":
			ms.opaque = append(ms.opaque, "makefile loads a plugin")
			continue
		case "export", "unexport", "override", "private", "vpath", "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif":
			if word == "export" || word == "override" || word == "private" {
				t = strings.TrimSpace(rest)
			}
		}
		if name, op, value, ok := makeAssign(t); ok {
			if isShellVar(name) || name == ".RECIPEPREFIX" {
				ms.opaque = append(ms.opaque, "makefile sets "+name)
			}
			if op == "!=" {
				code, why := ms.expand(value, 0)
				ms.shell = append(ms.shell, makeRecipe{code: code, opaque: why})
				continue
			}
			ms.expand(value, 0) // $(shell …) in a value runs (on use, or now)
			continue
		}
		// A rule: TARGETS : PREREQUISITES [; RECIPE]
		head, recipe, hasRecipe := strings.Cut(t, ";")
		ms.expand(head, 0)
		if strings.ContainsAny(head, "`'\"|&<>()\\") && !strings.Contains(head, "$(") {
			// automatic variables carry these names into recipes
			ms.opaque = append(ms.opaque, "makefile target or prerequisite names contain shell syntax")
		}
		if hasRecipe {
			if oneShell {
				rule = append(rule, strings.TrimLeft(recipe, "@-+ \t"))
			} else {
				ms.recipe(strings.TrimLeft(recipe, "@-+ \t"))
			}
		}
	}
	flush()
	return ms
}

func isShellVar(name string) bool {
	return name == "SHELL" || name == ".SHELLFLAGS" || name == "MAKESHELL"
}

// makeLines splits text into logical lines: a backslash before a newline
// joins lines (kept in recipes, where the shell sees it).
func makeLines(text string) []string {
	raw := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(raw); i++ {
		l := raw[i]
		for strings.HasSuffix(l, `\`) && i+1 < len(raw) {
			i++
			if strings.HasPrefix(l, "\t") {
				l = l + "\n" + strings.TrimPrefix(raw[i], "\t")
			} else {
				l = strings.TrimSuffix(l, `\`) + " " + strings.TrimSpace(raw[i])
			}
		}
		out = append(out, l)
	}
	return out
}

// makeAssign splits a variable assignment (NAME = value, :=, ::=, :::=,
// ?=, +=, !=).
func makeAssign(t string) (name, op, value string, ok bool) {
	eq := strings.IndexByte(t, '=')
	if eq <= 0 {
		return "", "", "", false
	}
	opStart := eq
	for opStart > 0 && strings.IndexByte(":?+!", t[opStart-1]) >= 0 {
		opStart--
	}
	if colon := strings.IndexByte(t, ':'); colon >= 0 && colon < opStart {
		return "", "", "", false // a rule (possibly with a target-specific variable)
	}
	name = strings.TrimSpace(t[:opStart])
	if name == "" || strings.ContainsAny(name, " \t") && !strings.Contains(name, "$") {
		return "", "", "", false
	}
	return name, t[opStart : eq+1], strings.TrimSpace(t[eq+1:]), true
}

// recipe records one recipe's shell code.
func (ms *makeScan) recipe(text string) {
	code, why := ms.expand(text, 0)
	ms.recipes = append(ms.recipes, makeRecipe{code: code, opaque: why})
}

// makeAutomatic stands for an automatic variable ($@, $<, …): a word the
// shell analysis treats as not known statically.
const makeAutomatic = "${MAKE_AUTOMATIC_VARIABLE}"

// expand returns text with make's references expanded as far as they are
// known: $$ is $, automatic variables are a placeholder, $(shell …),
// $(file …), $(info …) and friends are recorded. why is set when the
// result depends on something not known (a variable, $(eval …)).
func (ms *makeScan) expand(text string, depth int) (string, string) {
	if !strings.Contains(text, "$") {
		return text, ""
	}
	if depth > maxMakeDepth {
		return "", "make references nested too deeply"
	}
	var b strings.Builder
	why := ""
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if ch != '$' || i+1 >= len(text) {
			b.WriteByte(ch)
			continue
		}
		i++
		switch n := text[i]; {
		case n == '$':
			b.WriteByte('$')
		case n == '(' || n == '{':
			closer := byte(')')
			if n == '{' {
				closer = '}'
			}
			end := matchClose(text, i, n, closer)
			if end < 0 {
				// make stops, or (split words of MAKEFLAGS) reads the
				// rest otherwise: not known
				ms.opaque = append(ms.opaque, "unterminated make reference")
				return "", "unterminated make reference"
			}
			ref := text[i+1 : end]
			i = end
			out, w := ms.reference(ref, depth)
			b.WriteString(out)
			if w != "" && why == "" {
				why = w
			}
		case strings.IndexByte("@<^+?*|%", n) >= 0:
			b.WriteString(makeAutomatic)
		default:
			if why == "" {
				why = "make recipe expands variable $" + string(n)
			}
			b.WriteString("${MAKE_VARIABLE}")
		}
	}
	return b.String(), why
}

func matchClose(s string, open int, o, c byte) int {
	depth := 0
	for j := open; j < len(s); j++ {
		switch s[j] {
		case o:
			depth++
		case c:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// reference expands one $(…) reference.
func (ms *makeScan) reference(ref string, depth int) (string, string) {
	name, args, hasArgs := strings.Cut(ref, " ")
	if !hasArgs {
		name, args, hasArgs = strings.Cut(ref, "\t")
	}
	switch {
	case len(ref) == 2 && strings.IndexByte("@<^+?*%", ref[0]) >= 0 && (ref[1] == 'D' || ref[1] == 'F'):
		return makeAutomatic, ""
	case !hasArgs:
		if strings.Contains(ref, ":") || strings.Contains(ref, "$") {
			_, w := ms.expand(ref, depth+1)
			if w == "" {
				w = "make recipe expands variable " + clip(ref)
			}
			return "${MAKE_VARIABLE}", w
		}
		return "${MAKE_VARIABLE}", "make recipe expands variable " + clip(ref)
	}
	switch name {
	case "shell":
		code, why := ms.expand(args, depth+1)
		ms.shell = append(ms.shell, makeRecipe{code: code, opaque: why})
		return "${MAKE_SHELL_OUTPUT}", ""
	case "info", "warning", "error":
		ms.expand(args, depth+1)
		return "", ""
	case "file":
		spec, text, _ := strings.Cut(args, ",")
		spec = strings.TrimSpace(spec)
		ms.expand(text, depth+1)
		target, w := ms.expand(strings.TrimLeft(spec, "<> "), depth+1)
		switch {
		case w != "" || strings.Contains(target, "${"):
			ms.opaque = append(ms.opaque, "make $(file …) names a file not known statically")
		case strings.HasPrefix(spec, ">"):
			ms.writes = append(ms.writes, target)
		case strings.HasPrefix(spec, "<"):
			ms.reads = append(ms.reads, target)
		}
		return "", ""
	case "eval", "guile", "call", "value":
		ms.expand(args, depth+1)
		if name == "eval" || name == "guile" {
			ms.opaque = append(ms.opaque, "make $("+name+" …) runs text not known statically")
		}
		return "${MAKE_VARIABLE}", "make recipe expands $(" + name + " …)"
	}
	// other functions ($(subst …), $(wildcard …), …): their arguments may
	// hold $(shell …); the result is not known.
	_, why := ms.expand(args, depth+1)
	if why == "" {
		why = "make recipe expands $(" + name + " …)"
	}
	return "${MAKE_VARIABLE}", why
}
