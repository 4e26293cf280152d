package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Shell-state variables. Some variables are not data but the shell's own
// tables, or settings it reads to decide what a later word runs:
// BASH_CMDS[cat]=/bin/rm makes the command cat run rm, BASH_ALIASES[ls]=T
// defines an alias, zsh's functions[ls]=BODY a function, PATH and FPATH
// say where a name is looked up. shellVars lists them (bash's, and zsh's
// and ksh's: their code is read with bash's grammar when an agent's shell
// or zsh -c runs it), and every route that writes a variable reaches one
// judge of what the write does:
//
//   - NAME=V, NAME[K]=V, NAME=(…), NAME+=…, alone or before a command, and
//     declare, typeset, local, export and readonly words, quoted or not
//     (calls.go: assignState, for the table's kinds);
//   - printf -v, read, mapfile/readarray, getopts and wait -p targets, for
//     and select loop variables, ${NAME:=V} and ${NAME=V}, arithmetic
//     assignment (NAME=…, NAME+=…, NAME++), {NAME}> redirections, zsh's
//     print -v and zsh's and ksh's set -A NAME … (varWrite: dangerousEnv's
//     judgement of the environment, then the table's; zmodload, which
//     adds special variables such as zsh/mapfile's, is opaque);
//   - any of them through a name reference (declare -n r=NAME; a nameref
//     whose target is named at run time is opaque), and unset of a search
//     path (an unset PATH makes bash look programs up in the cwd).
//
// What a write does, by kind:
//
//   - svHash: the command KEY runs the program VAL (hash -p VAL KEY, and
//     zsh's hash KEY=VAL, are the same). A later command KEY is analysed
//     both as itself and as VAL; a VAL or KEY not known statically is
//     opaque, and the later command is also analysed as a program not
//     known (its arguments are candidate writes).
//   - svAlias: the command KEY is replaced by the text VAL (alias KEY=VAL
//     is the same): VAL is analysed as code where it is written, and a
//     later command KEY is analysed again with VAL in place of its name
//     (renames.go). Not known statically: opaque.
//   - svFunc: KEY becomes a function whose body is VAL: analysed as the
//     definition KEY() { VAL; }.
//   - svHooks: VAL names a function or command the shell runs later (zsh's
//     hook arrays): analysed as a command; not known: opaque.
//   - svSearch: directories a name is looked up in (PATH, ksh's FPATH;
//     zsh's path and fpath arrays, in their array forms path=(…),
//     path+=(…), path[1]=…): every directory must be known and absolute,
//     else opaque. The inherited value ($PATH, $path) is allowed as an
//     element: PATH=$PATH:/usr/local/go/bin adds an absolute directory.
//   - svOpaque: the write changes how later words are read or run in ways
//     not followed: opaque whatever the value (a non-empty one for
//     EXECIGNORE).
//   - svModelled: the effect is modelled elsewhere (the file is named).
//   - svNone: listed so that the judgement is recorded: no effect on what
//     runs beyond what other code reports.
//
// The tables' effects are line-wide and additive: a command name is
// analysed as every program an assignment anywhere in the line may have
// given it (a branch, a subshell or an order the analysis does not follow
// can only add analyses, never remove one).

type svKind uint8

const (
	svNone svKind = iota
	svHash
	svAlias
	svFunc
	svHooks
	svSearch
	svOpaque
	svModelled
)

type shellVar struct {
	kind svKind
	why  string
}

// shellVars are the variables whose value changes what the shell runs.
var shellVars = &lazy.Value[map[string]shellVar]{New: func() map[string]shellVar {
	return map[string]shellVar{
		// bash
		"BASH_CMDS":           {svHash, "is bash's command hash table: it makes a command name run another program"},
		"BASH_ALIASES":        {svAlias, "is bash's alias table: it makes a command name run other code"},
		"PATH":                {svSearch, "changes which programs run"},
		"EXECIGNORE":          {svOpaque, "makes bash skip programs in its PATH search, so a name runs another program"},
		"BASH_COMPAT":         {svOpaque, "changes how bash parses and expands later words"},
		"SHELLOPTS":           {svOpaque, "turns on shell options that change how later words run"},
		"BASHOPTS":            {svOpaque, "turns on shell options that change how later words run"},
		"BASH_ENV":            {svOpaque, "makes every bash started later run a file first"},
		"ENV":                 {svOpaque, "makes every sh started later run a file first"},
		"BASH_LOADABLES_PATH": {svNone, "only enable -f reads it, and enable -f is opaque"},
		"BASH_XTRACEFD":       {svNone, "sends xtrace output to a descriptor the line opened (its opening is the write)"},
		"BASH_ARGV0":          {svNone, "sets $0, which the analysis does not take as known"},
		"FUNCNEST":            {svNone, "only limits function nesting: a call past it fails"},
		"POSIXLY_CORRECT":     {svNone, "posix mode expands aliases (assumed anyway) and narrows other expansions"},
		"CDPATH":              {svModelled, "cdpath.go"},
		"GLOBIGNORE":          {svModelled, "envrefs.go: dot files match globs"},
		"IFS":                 {svModelled, "expand.go: word splitting by the assigned value"},
		"PS0":                 {svModelled, "envrefs.go: expanded later"},
		"PS1":                 {svModelled, "envrefs.go: expanded later"},
		"PS2":                 {svModelled, "envrefs.go: expanded later"},
		"PS4":                 {svModelled, "envrefs.go: expanded later"},
		"PROMPT_COMMAND":      {svModelled, "envrefs.go: run later"},
		"HISTFILE":            {svModelled, "envoutput.go: a file written"},
		// ksh
		"FPATH": {svSearch, "changes where ksh finds functions for command names"},
		// zsh: special associative arrays and tied arrays
		"commands":                {svHash, "is zsh's command hash table: it makes a command name run another program"},
		"aliases":                 {svAlias, "is zsh's alias table: it makes a command name run other code"},
		"functions":               {svFunc, "is zsh's function table: it defines a function"},
		"galiases":                {svOpaque, "defines zsh global aliases, which replace words anywhere in later commands"},
		"saliases":                {svOpaque, "defines zsh suffix aliases, which run a program for a file named as a command"},
		"options":                 {svOpaque, "sets zsh options that change how later words run"},
		"nameddirs":               {svOpaque, "defines zsh named directories, which change what ~NAME expands to"},
		"mapfile":                 {svOpaque, "is zsh's mapfile module's view of files: an element written writes the file it names"},
		"path":                    {svSearch, "is zsh's PATH as an array: it changes which programs run"},
		"fpath":                   {svSearch, "changes where zsh autoloads functions from"},
		"module_path":             {svSearch, "changes where zsh loads modules from"},
		"chpwd_functions":         {svHooks, "names functions zsh runs after every cd"},
		"precmd_functions":        {svHooks, "names functions zsh runs before every prompt"},
		"preexec_functions":       {svHooks, "names functions zsh runs before every command"},
		"periodic_functions":      {svHooks, "names functions zsh runs periodically"},
		"zshexit_functions":       {svHooks, "names functions zsh runs when it exits"},
		"zshaddhistory_functions": {svHooks, "names functions zsh runs for every history line"},
	}
}}

// svVal is a key or a value written: its text (the source form when not
// known statically).
type svVal struct {
	s     string
	known bool
}

// svPair is one element written: NAME[KEY]=VAL, or NAME=VAL (no key).
type svPair struct {
	key    svVal
	hasKey bool
	val    svVal
}

// maxNamerefHops bounds the name references followed.
const maxNamerefHops = 8

// setNameref records that name is a reference to target ("" while it has
// none: its first assignment names the target), line-wide and in sc
// (varattrs.go).
func (a *analyzer) setNameref(sc *scope, name, target string) {
	sc.noteRef(name, target)
	if a.namerefs == nil {
		a.namerefs = make(map[string]string)
	}
	a.namerefs[name] = target
}

// refTarget follows name references: the variable (and subscript) a write
// to name reaches. pending says name is a reference without a target yet.
func (a *analyzer) refTarget(name string, key svVal, hasKey bool) (string, svVal, bool, bool) {
	for n := 0; n < maxNamerefHops && a.namerefs != nil; n++ {
		t, ok := a.namerefs[name]
		if !ok {
			break
		}
		if t == "" {
			return name, key, hasKey, true
		}
		tn, tk, tHas, _, _ := varWord(t)
		name = tn
		if tHas {
			key, hasKey = svVal{tk, !strings.ContainsAny(tk, "$`")}, true
		}
	}
	if _, more := a.namerefs[name]; more {
		// past the bound (bash's own: a longer chain fails and the rest
		// of the line is discarded) the target is not followed: opaque
		// (red-team round 23, #1: every bound of the walk)
		a.opaque(name, "name references chained deeper than the analysis follows")
	}
	return name, key, hasKey, false
}

// varWord splits a word naming a variable as declare, printf -v and read
// take it: NAME, NAME[KEY], NAME=VAL, NAME[KEY]+=VAL.
func varWord(s string) (name, key string, hasKey bool, val string, hasVal bool) {
	i := 0
	for i < len(s) && (s[i] == '_' || isOptByte(s[i])) {
		i++
	}
	name, rest := s[:i], s[i:]
	if strings.HasPrefix(rest, "[") {
		end := -1
		for _, op := range []string{"]=", "]+="} {
			if j := strings.Index(rest, op); j >= 0 && (end < 0 || j < end) {
				end = j
			}
		}
		switch {
		case end >= 0:
			key, rest, hasKey = rest[1:end], rest[end+1:], true
		case strings.HasSuffix(rest, "]"):
			return name, rest[1 : len(rest)-1], true, "", false
		}
	}
	rest = strings.TrimPrefix(rest, "+")
	if v, ok := strings.CutPrefix(rest, "="); ok {
		return name, key, hasKey, v, true
	}
	if rest != "" {
		name = s // not a variable name: reported as written at run time
	}
	return name, key, hasKey, "", false
}

// assignState judges an assignment in the shell's syntax (NAME=V,
// NAME[K]=V, NAME=(…), alone, before a command or in a declaration) to a
// variable of shellVars.
func (a *analyzer) assignState(sc *scope, cmd string, as *syntax.Assign) error {
	key := svVal{}
	if as.Index != nil {
		key = a.staticIndex(as.Index, sc)
	}
	name, key, hasKey, pending := a.refTarget(as.Name.Value, key, as.Index != nil)
	if pending {
		// declare -n r; r=NAME: the assignment names r's target
		v := a.staticWord(as.Value, sc)
		if !v.known || as.Array != nil {
			a.opaque(cmd, "name reference to a variable named at run time")
			return nil
		}
		if validRefTarget(v.s) { // else the assignment fails (namerefs.go)
			a.setNameref(sc, as.Name.Value, v.s)
		}
		return nil
	}
	if name != as.Name.Value {
		// the environment effect of a write through a reference, and
		// the binding of the variable it names (varstore.go)
		v := a.staticWord(as.Value, sc)
		sc.setVar(name, v.s, v.known && !hasKey && as.Array == nil && !as.Append)
		if err := a.dangerousEnv(sc, cmd, name, v.s, v.known && !hasKey && as.Array == nil && !as.Append); err != nil {
			return err
		}
	}
	if _, ok := shellVars.Get()[name]; !ok {
		return nil
	}
	if as.Array == nil {
		return a.stateWrite(sc, cmd, name, []svPair{{key: key, hasKey: hasKey, val: a.staticWord(as.Value, sc)}})
	}
	var ps []svPair
	var loose []svVal
	for _, el := range as.Array.Elems {
		v := a.staticWord(el.Value, sc)
		if el.Index != nil {
			ps = append(ps, svPair{key: a.staticIndex(el.Index, sc), hasKey: true, val: v})
		} else {
			loose = append(loose, v)
		}
	}
	if sv := shellVars.Get()[name]; sv.kind == svSearch || sv.kind == svHooks {
		for _, v := range loose {
			ps = append(ps, svPair{key: svVal{"", true}, hasKey: true, val: v})
		}
	} else {
		// NAME=(K V K V): an associative array's keys and values (zsh,
		// bash 5.1)
		for i := 0; i < len(loose); i += 2 {
			p := svPair{key: loose[i], hasKey: true, val: svVal{"", true}}
			if i+1 < len(loose) {
				p.val = loose[i+1]
			}
			ps = append(ps, p)
		}
	}
	return a.stateWrite(sc, cmd, name, ps)
}

// varWrite judges a write of v to the variable word f names by a builtin
// or construct that is not an assignment (printf -v, read, for, ${x:=v},
// arithmetic, {fd}>): its environment effect, then shellVars'.
func (a *analyzer) varWrite(sc *scope, cmd string, f field, v svVal) error {
	name, k, hasKey, _, _ := varWord(f.s)
	if !validName(name) {
		if f.dyn {
			a.opaque(cmd, "assignment to a variable named at run time: "+clip(f.s))
		}
		return nil
	}
	key := svVal{k, !f.dyn || !strings.ContainsAny(k, "$`")}
	target, key, hasKey, pending := a.refTarget(name, key, hasKey)
	if pending {
		if !v.known {
			a.opaque(cmd, "name reference to a variable named at run time")
			return nil
		}
		if validRefTarget(v.s) { // else the assignment fails (namerefs.go)
			a.setNameref(sc, name, v.s)
		}
		return nil
	}
	v.s, v.known = sc.attrValue(target, v.s, v.known) // as bound (varattrs.go)
	if err := a.dangerousEnv(sc, cmd, target, v.s, v.known && !hasKey); err != nil {
		return err
	}
	// the one store (varstore.go): $x, ~, ~+ and ~- read what any
	// route assigned (printf -v PWD, read OLDPWD, declare 'HOME=V')
	sc.setVar(target, v.s, v.known && !hasKey)
	if !v.known && (laterExpanded.Get()[target] || laterRun.Get()[target]) {
		a.opaque(cmd, "assignment to "+target+" of a value not known statically: the shell expands or runs it later")
	}
	if _, ok := shellVars.Get()[target]; !ok {
		return nil
	}
	return a.stateWrite(sc, cmd, target, []svPair{{key: key, hasKey: hasKey, val: v}})
}

// trackedVars are the variables analyzer.lookup answers from the
// analysis's own state (Options.Home, the tracked directories, the
// default IFS) while the line has not assigned them.
var trackedVars = map[string]bool{"HOME": true, "PWD": true, "OLDPWD": true, "IFS": true}

// envStateVar reports whether name is a variable of shellVars that is
// also read from the environment (by this shell or the shells and
// programs it starts): dangerousEnv judges every write of it, as a
// scalar, in every route, environment words (env NAME=V, sudo) included.
func envStateVar(name string) bool {
	sv, ok := shellVars.Get()[name]
	return ok && (sv.kind == svSearch || sv.kind == svOpaque) && strings.ToUpper(name) == name
}

// envState judges a write of v to name, an envStateVar.
func (a *analyzer) envState(cmd, name string, v svVal) {
	sv := shellVars.Get()[name]
	if sv.kind == svSearch {
		a.addSearchDirs(strings.Split(v.s, ":")...)
	}
	switch {
	case sv.kind == svSearch && searchPath(name, v):
	case name == "EXECIGNORE" && v.known && v.s == "":
	default:
		a.opaque(cmd, "assignment to "+name+" "+sv.why)
	}
}

// stateWrite judges the elements ps written to name, a variable of
// shellVars.
func (a *analyzer) stateWrite(sc *scope, cmd, name string, ps []svPair) error {
	sv := shellVars.Get()[name]
	if envStateVar(name) {
		return nil // dangerousEnv judged it
	}
	for _, p := range ps {
		key := p.key
		if !p.hasKey {
			key = svVal{"0", true} // NAME=V assigns element 0
		}
		via := name + "[" + key.s + "]"
		switch sv.kind {
		case svHash, svAlias:
			if !key.known || !p.val.known {
				a.opaque(cmd, "assignment to "+name+" not known statically: "+name+" "+sv.why)
			}
			a.addRename(sv.kind, key, p.val, via)
			if sv.kind == svAlias && p.val.known {
				if err := a.reparse(p.val.s, sc, via, false); err != nil {
					return err
				}
			}
		case svFunc:
			if !key.known || !p.val.known || !validName(key.s) {
				a.opaque(cmd, "assignment to "+name+" not known statically: "+name+" "+sv.why)
			}
			if !p.val.known {
				break
			}
			code := p.val.s
			if validName(key.s) {
				code = key.s + "() {\n" + code + "\n}"
			}
			if err := a.reparse(code, sc, via, false); err != nil {
				return err
			}
		case svHooks:
			if !p.val.known {
				a.opaque(cmd, "assignment to "+name+" not known statically: "+name+" "+sv.why)
			} else if err := a.reparse(p.val.s, sc, via, false); err != nil {
				return err
			}
		case svSearch:
			// (a zsh array is set by its array forms; a scalar path=x
			// is bash's ordinary variable, and in zsh runs what src/x
			// by its path would)
			if p.hasKey {
				a.addSearchDirs(p.val.s)
			}
			if p.hasKey && !searchDir(name, p.val) {
				a.opaque(cmd, "assignment to "+name+" "+sv.why)
			}
		case svOpaque:
			a.opaque(cmd, "assignment to "+name+" "+sv.why)
		}
	}
	return nil
}

// searchPath reports whether a search path's value (PATH=a:b) names only
// absolute directories known statically, or the inherited value.
func searchPath(name string, v svVal) bool {
	for _, d := range strings.Split(v.s, ":") {
		if !searchDir(name, svVal{d, v.known}) {
			return false
		}
	}
	return true
}

// searchDir reports whether one directory of a search path is known and
// absolute, or the inherited search path itself ($PATH, ${path[@]}).
func searchDir(name string, v svVal) bool {
	if strings.HasPrefix(v.s, "/") && !strings.ContainsAny(v.s, "$`") {
		return true
	}
	ref := strings.NewReplacer("$", "", "{", "", "}", "", "[@]", "", "[*]", "", `"`, "").Replace(v.s)
	return strings.EqualFold(ref, name) && !strings.ContainsAny(ref, "/:")
}

// staticWord is the value of an assignment's word when it is known without
// running anything (its source form otherwise). It reports nothing: the
// word is expanded where the assignment is analysed.
func (a *analyzer) staticWord(w *syntax.Word, sc *scope) svVal {
	if w == nil {
		return svVal{"", true}
	}
	if !isStaticWord(w) {
		return svVal{a.wordSource(w), false}
	}
	f, err := a.oneField(w, sc)
	if err != nil {
		return svVal{}
	}
	return svVal{f.s, !f.dyn && !f.glob}
}

// staticIndex is an array subscript's text when it is a word known
// statically (an associative array's key).
func (a *analyzer) staticIndex(x syntax.ArithmExpr, sc *scope) svVal {
	if w, ok := x.(*syntax.Word); ok {
		return a.staticWord(w, sc)
	}
	return svVal{"…", false}
}

// wordSource is w's text in the source being analysed, for messages.
func (a *analyzer) wordSource(w *syntax.Word) string {
	var b strings.Builder
	syntax.NewPrinter().Print(&b, w)
	return b.String()
}

// paramAssign judges ${NAME:=V} and ${NAME=V}, which assign V when NAME
// is unset (or empty).
func (a *analyzer) paramAssign(sc *scope, x *syntax.ParamExp, def []field) error {
	if x.Param == nil || x.Exp == nil || (x.Exp.Op != syntax.AssignUnset && x.Exp.Op != syntax.AssignUnsetOrNull) {
		return nil
	}
	f := field{s: x.Param.Value}
	if x.Index != nil {
		k := a.staticIndex(x.Index, sc)
		f = field{s: f.s + "[" + k.s + "]", dyn: !k.known}
	}
	v, ok := staticFields(def)
	cmd := "${" + x.Param.Value + ":=…}"
	// bash assigns only when NAME is unset (=), or unset or empty (:=):
	// a NAME the store knows to be set keeps its value, one known to be
	// empty takes V under := (red-team round 23, #22); one the line bound
	// to a value not known, or a word expanded maybe (${y:-${x:=V}}), is V
	// or what it was: V is judged, NAME is not known after. A name the
	// line never bound is the environment's, read as unset (lookup).
	maybe := a.condWord > 0
	if x.Index == nil {
		cur, known := a.lookup(sc, x.Param.Value)
		_, bound := sc.varEntry(x.Param.Value)
		switch {
		case known && (cur != "" || x.Exp.Op == syntax.AssignUnset):
			return nil
		case !known && (bound || sc.trackedStale(x.Param.Value)):
			maybe = true
		}
	}
	a.queueWriteMaybe(cmd, f, svVal{v, ok}, maybe)
	return nil
}

// condExpOp reports whether the word of a parameter expansion with op is
// expanded only when the parameter's state says so.
func condExpOp(op syntax.ParExpOperator) bool {
	switch op {
	case syntax.DefaultUnset, syntax.DefaultUnsetOrNull, syntax.AlternateUnset, syntax.AlternateUnsetOrNull,
		syntax.AssignUnset, syntax.AssignUnsetOrNull, syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
		return true
	}
	return false
}

// arithAssign judges an arithmetic assignment (NAME=…, NAME+=…, NAME++):
// its value is a number not known statically.
func (a *analyzer) arithAssign(lhs syntax.ArithmExpr, sc *scope) error {
	w, ok := lhs.(*syntax.Word)
	if !ok || len(w.Parts) != 1 {
		return nil
	}
	f := field{}
	switch p := w.Parts[0].(type) {
	case *syntax.Lit:
		f.s = p.Value
	case *syntax.ParamExp:
		if p.Param == nil {
			return nil
		}
		f.s = p.Param.Value
		if p.Index != nil {
			k := a.staticIndex(p.Index, sc)
			f = field{s: f.s + "[" + k.s + "]", dyn: !k.known}
		}
	default:
		return nil
	}
	a.queueWrite("arithmetic", f, svVal{"$((…))", false})
	return nil
}

// pendingWrite is a write found inside an expansion, judged when its
// statement ends (queueWrite, flushWrites): expansions do not hold on to
// their scope, so that it stays on the stack.
type pendingWrite struct {
	cmd string
	f   field
	v   svVal
	// maybe: the write may not happen (${x:=V} with x's state not
	// known): judged, the variable not known after
	maybe bool
}

func (a *analyzer) queueWrite(cmd string, f field, v svVal) {
	a.queueWriteMaybe(cmd, f, v, false)
}

// queueWriteMaybe queues a write that may not happen (maybe).
func (a *analyzer) queueWriteMaybe(cmd string, f field, v svVal, maybe bool) {
	if len(a.pendingWrites) < maxRenames {
		a.pendingWrites = append(a.pendingWrites, pendingWrite{cmd, f, v, maybe})
	} else if validName(f.s) {
		a.opaque(cmd, "too many assignments inside expansions to follow")
	}
}

// flushWrites judges the writes queued while a statement was analysed.
func (a *analyzer) flushWrites(sc *scope) error {
	for len(a.pendingWrites) > 0 {
		w := a.pendingWrites[0]
		a.pendingWrites = a.pendingWrites[1:]
		if n, _, _, _, _ := varWord(w.f.s); !w.f.dyn {
			a.roBinding(sc, n) // $((x=1)) of a readonly x (readonly.go)
		}
		if err := a.varWrite(sc, w.cmd, w.f, w.v); err != nil {
			return err
		}
		if name, _, _, _, _ := varWord(w.f.s); w.maybe && validName(name) {
			sc.setVar(name, "", false)
		}
	}
	a.pendingWrites = nil
	return nil
}

// unsetState judges unset NAME: an unset search path makes bash look
// programs up in the cwd.
func (a *analyzer) unsetState(cmd string, f field) {
	name, _, hasKey, _, _ := varWord(f.s)
	name, _, _, _ = a.refTarget(name, svVal{}, hasKey)
	if sv, ok := shellVars.Get()[name]; ok && sv.kind == svSearch && !hasKey {
		a.opaque(cmd, "unset "+name+" "+sv.why)
	}
}

// isArithAssign reports whether op assigns its left operand.
func isArithAssign(op syntax.BinAritOperator) bool {
	switch op {
	case syntax.Assgn, syntax.AddAssgn, syntax.SubAssgn, syntax.MulAssgn, syntax.QuoAssgn, syntax.RemAssgn,
		syntax.AndAssgn, syntax.OrAssgn, syntax.XorAssgn, syntax.ShlAssgn, syntax.ShrAssgn:
		return true
	}
	return false
}

// declWord judges a declaration's word that is not in assignment syntax
// (declare 'NAME[K]=V', declare "$n=V", declare -n 'r=NAME').
func (a *analyzer) declWord(sc *scope, cmd, opts string, f field) error {
	name, key, hasKey, val, hasVal := varWord(f.s)
	if !hasVal {
		if before, _, ok := strings.Cut(f.s, "="); ok && f.dyn && strings.ContainsAny(before, "$`") {
			a.opaque(cmd, "assignment to a variable named at run time: "+clip(f.s))
		}
		return nil
	}
	known := !f.dyn || !strings.ContainsAny(val, "$`")
	if strings.Contains(opts, "n") {
		if !known {
			a.opaque(cmd, "name reference to a variable named at run time")
		} else {
			a.setNameref(sc, name, val)
		}
		return nil
	}
	w := field{s: name, dyn: f.dyn}
	if hasKey {
		w.s += "[" + key + "]"
	}
	return a.varWrite(sc, cmd, w, svVal{val, known})
}

// printfValue is what printf -v NAME assigns, when its words are literal.
func (c *cmd) printfValue(o opts) svVal {
	args := make([]string, 0, len(o.pos))
	for _, k := range o.pos {
		if c.args[k].dyn || c.args[k].glob {
			return svVal{"$(printf …)", false}
		}
		args = append(args, c.s(k))
	}
	if s, ok := printfOutput(args); ok {
		return svVal{s, true}
	}
	return svVal{"$(printf …)", false}
}

// readValue is what read NAME assigns from a literal input (a here-string
// or here-document): its first line without surrounding blanks.
func (c *cmd) readValue(o opts, names []field) svVal {
	unknown := svVal{"$(" + c.name + ")", false}
	if c.name != "read" || len(names) != 1 || o.any("-a", "-d", "-n", "-N", "-u") {
		return unknown
	}
	f := c.sc.feed
	if v, ok := c.sc.fdLookup(0); ok && v.kind == fdDoc {
		f = nil
		if v.known {
			f = textFeed(v.doc)
		}
	}
	if f == nil || f.partial || f.text == "" {
		return unknown
	}
	line, _, _ := strings.Cut(f.text, "\n")
	if !o.is("-r") && strings.Contains(line, `\`) {
		return unknown
	}
	return svVal{strings.Trim(line, " \t"), true}
}

// setArray judges zsh's and ksh's set -A NAME VALUE… (and +A), which
// assigns an array.
func (c *cmd) setArray() error {
	if len(c.args) < 2 || c.s(0) != "-A" && c.s(0) != "+A" {
		return nil
	}
	name := c.args[1]
	if name.dyn || !validName(name.s) {
		c.opaque("set -A assigns a variable named at run time")
		return nil
	}
	target, _, _, _ := c.a.refTarget(name.s, svVal{}, false)
	vals := make([]svVal, 0, len(c.args)-2)
	for _, f := range c.args[2:] {
		vals = append(vals, svVal{f.s, !f.dyn && !f.glob})
	}
	first := svVal{"", true}
	if len(vals) > 0 {
		first = vals[0]
	}
	if err := c.a.dangerousEnv(c.sc, c.name, target, first.s, first.known && len(vals) == 1); err != nil {
		return err
	}
	sv, ok := shellVars.Get()[target]
	if !ok {
		return nil
	}
	var ps []svPair
	if sv.kind == svHash || sv.kind == svAlias || sv.kind == svFunc {
		for i := 0; i < len(vals); i += 2 {
			p := svPair{key: vals[i], hasKey: true, val: svVal{"", true}}
			if i+1 < len(vals) {
				p.val = vals[i+1]
			}
			ps = append(ps, p)
		}
	} else {
		for _, v := range vals {
			ps = append(ps, svPair{key: svVal{"", true}, hasKey: true, val: v})
		}
	}
	return c.a.stateWrite(c.sc, c.name, target, ps)
}

// printBuiltin: zsh's print -v NAME ARG… assigns the text it would print.
func (c *cmd) printBuiltin() error {
	for i := 0; i+1 < len(c.args); i++ {
		s := c.s(i)
		if s == "--" || !strings.HasPrefix(s, "-") {
			break
		}
		if strings.HasSuffix(s, "v") && !c.args[i].dyn {
			rest := c.args[i+2:]
			v := svVal{"$(print …)", false}
			if len(rest) > 0 {
				words := make([]string, len(rest))
				known := true
				for k, f := range rest {
					words[k], known = f.s, known && !f.dyn && !f.glob
				}
				v = svVal{strings.Join(words, " "), known && !strings.Contains(s, "f")}
			}
			return c.a.varWrite(c.sc, c.name, c.args[i+1], v)
		}
	}
	return nil
}

// zmodloadBuiltin: a zsh module adds builtins and special variables the
// analysis does not follow (zsh/mapfile writes and reads files through
// the mapfile array, zsh/system opens and writes files, zsh/net/tcp
// connects).
func (c *cmd) zmodloadBuiltin() {
	for i := range c.args {
		if !strings.HasPrefix(c.s(i), "-") {
			c.opaque("zmodload loads a zsh module whose builtins and variables are not analysed")
			return
		}
	}
}
