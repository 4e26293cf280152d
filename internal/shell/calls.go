package shell

import (
	"sort"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Declarations, assignments and simple commands: what a call expression
// expands to, and the Command it records.

func (a *analyzer) decl(c *syntax.DeclClause, sc *scope) (string, error) {
	variant := c.Variant.Value
	args := []string{}
	var opts string
	names := 0
	dynWord := false // a word not known statically: any name, or an option
	defer func() {
		if dynWord {
			sc.exportsMaybe() // childenv.go
		}
	}()
	for _, as := range c.Args {
		switch {
		case as.Name == nil && as.Value != nil: // option or dynamic name
			// brace expansion first: declare {PWD,x}=V declares both
			fs, err := a.wordFields(as.Value, sc, true)
			if err != nil {
				return "", err
			}
			for _, f := range fs {
				args = append(args, f.s)
				if strings.HasPrefix(f.s, "-") || strings.HasPrefix(f.s, "+") {
					opts += f.s
					continue
				}
				names++
				if err := a.declArg(sc, variant, opts, f); err != nil {
					return "", err
				}
				dynWord = dynWord || f.dyn
			}
		case as.Name != nil:
			names++
			name := as.Name.Value
			a.envRef(sc, name)
			role := sc.localRole(variant, opts, name) // locals.go
			if role == declNone {
				// local outside a function binds nothing (red-team
				// round 23, #12); its value is still expanded
				args = append(args, name)
				if !as.Naked {
					val, known, err := a.assignValue(as, sc)
					if err == nil && known && intOpt(opts) {
						err = a.arithText(val, sc) // judged all the same
					}
					if err != nil {
						return "", err
					}
				}
				continue
			}
			if intOpt(opts) && variant != "export" {
				a.intDecl(name)
			}
			a.declAttrs(sc, variant, opts, name, false, role) // before its value (varattrs.go)
			if as.Naked {
				args = append(args, name)
				if sc.funcBody && variant != "export" && variant != "readonly" && role == declBind && !strings.ContainsAny(opts, "pfFng") {
					// local NAME: a new local, unset (not the value
					// it had outside)
					sc.setVar(name, "", false)
				}
				if strings.Contains(opts, "n") {
					a.setNameref(sc, name, "") // its first assignment names the target
				}
				a.declRO(sc, variant, opts, field{s: name}) // readonly.go
				continue
			}
			val, known, err := a.assignValue(as, sc)
			if err != nil {
				return "", err
			}
			if err := a.intAssign(name, val, known, sc); err != nil {
				return "", err
			}
			args = append(args, name+"="+val)
			val, known = sc.attrValue(name, val, known) // as bound, judged so (varattrs.go)
			if strings.Contains(opts, "n") {
				// nameref: $name reads the variable named by val
				if known {
					a.envRef(sc, val)
					if err := a.varNameArg(field{s: val}, sc); err != nil {
						return "", err
					}
					a.setNameref(sc, name, val)
				} else {
					a.opaque(variant, "name reference to a variable named at run time")
				}
				known = false
			}
			if role == declHidden || role == declUnknown {
				// declare -g under a local: the global is set, the local
				// still hides it (red-team round 23, #13)
				if role == declUnknown {
					sc.setVar(name, "", false)
				}
				if err := a.dangerousEnv(sc, variant, name, val, known); err != nil {
					return "", err
				}
				continue
			}
			// (a function's local too: it is bound in the body's scope,
			// which the caller's does not share: varstore.go)
			sc.setVar(name, val, known)
			a.assignExported(name, val, known, variant == "export" || strings.Contains(opts, "x"))
			if a.lastElems != nil {
				sc.setArray(name, a.lastElems)
			}
			if err := a.dangerousEnv(sc, variant, name, val, known); err != nil {
				return "", err
			}
			if !strings.Contains(opts, "n") {
				if err := a.assignState(sc, variant, as); err != nil { // shellvars.go
					return "", err
				}
			}
			// after the value, which a reference binds to its target
			a.declRO(sc, variant, opts, field{s: name}) // readonly.go
		}
	}
	a.record(variant, variant, args, sc, false)
	_, shadowed := sc.funcs[variant] // export() { :; }: the function runs, not the builtin
	for _, as := range c.Args {
		switch {
		case as.Name == nil:
			if as.Value != nil && as.Value.Lit() == "" {
				// a word not known statically: any name, any option (keptstate.go)
				sc.keep(variant + " of a name not known statically")
			}
		case shadowed:
			sc.setExported(as.Name.Value, false) // not surely exported (childenv.go)
		default:
			a.noteExportRef(sc, variant, opts, as.Name.Value, !as.Naked) // namerefs.go
		}
	}
	if variant == "export" || strings.Contains(opts, "x") {
		for _, as := range c.Args {
			if as.Name != nil {
				a.export(as.Name.Value)
			} else if as.Value != nil {
				if n, _, _ := strings.Cut(as.Value.Lit(), "="); validName(n) {
					a.export(n)
				}
			}
		}
	}
	if names == 0 {
		switch variant {
		case "export", "declare", "typeset", "readonly":
			// export / export -p / declare -x / declare -p / typeset -x / declare alone
			if opts == "" || strings.ContainsAny(opts, "px") {
				a.res.EnvDump = true
			}
		}
	}
	return variant, nil
}

// declArg binds a declaration's word that is not in assignment syntax
// (a quoted, brace-expanded or substituted NAME=V, or a name alone).
func (a *analyzer) declArg(sc *scope, variant, opts string, f field) error {
	a.envRef(sc, f.s)
	if err := a.varNameArg(f, sc); err != nil {
		return err
	}
	// locals (locals.go): local outside a function binds nothing;
	// declare -g under a local leaves what the name reads
	n, v, _ := strings.Cut(f.s, "=")
	switch {
	case variant == "local" && !sc.funcBody:
		return nil
	case f.dyn && (variant == "declare" || variant == "typeset") && strings.Contains(opts, "g") && sc.funcBody && len(sc.locals) > 0:
		a.opaque(variant, "declare -g of a variable named at run time in a function with locals")
		return nil
	case f.dyn:
		a.declAttrs(sc, variant, opts, n, true, declBind) // varattrs.go
	default:
		role := sc.localRole(variant, opts, n)
		a.declAttrs(sc, variant, opts, n, false, role) // before its value (varattrs.go)
		switch role {
		case declHidden:
			return a.dangerousEnv(sc, variant, n, v, true)
		case declUnknown:
			sc.setVar(n, "", false)
			return a.dangerousEnv(sc, variant, n, v, true)
		}
	}
	if n, v, ok := strings.Cut(f.s, "="); ok && !f.dyn {
		if intOpt(opts) {
			a.intDecl(n)
		}
		if err := a.intAssign(n, v, true, sc); err != nil {
			return err
		}
	}
	if err := a.declWord(sc, variant, opts, f); err != nil { // shellvars.go
		return err
	}
	a.declRO(sc, variant, opts, f) // readonly.go
	// after expansion: export {MANDATE_HOME,x}=V exports both (round 19 #67)
	// (a word not known statically: the caller's exportsMaybe)
	if n, _, hasVal := strings.Cut(f.s, "="); validName(n) && !f.dyn {
		a.noteExportRef(sc, variant, opts, n, hasVal) // namerefs.go
	}
	if variant == "export" || strings.Contains(opts, "x") {
		n, v, hasVal := strings.Cut(f.s, "=")
		if validName(n) {
			a.export(n)
			if hasVal {
				a.assignExported(n, v, !f.dyn, true)
			}
		}
	}
	return nil
}

func (a *analyzer) assignValue(as *syntax.Assign, sc *scope) (string, bool, error) {
	a.lastElems = nil
	if as.Array != nil {
		elems := []string{}
		for _, el := range as.Array.Elems {
			if el.Index != nil {
				elems = nil // a sparse array
				if err := a.arith(el.Index, sc); err != nil {
					return "", false, err
				}
			}
			if el.Value != nil {
				fs, err := a.fields([]*syntax.Word{el.Value}, sc, true)
				if err != nil {
					return "", false, err
				}
				// without brace expansion (set +B): the elements
				// are not known (expandopts.go)
				nb, err := a.noBraceFields([]*syntax.Word{el.Value}, fs, sc)
				if err != nil {
					return "", false, err
				}
				if nb != nil {
					elems = nil
					fs = append(fs, nb...)
				}
				for _, f := range fs {
					a.noteStackDir(as.Name, f) // dirstackvar.go
					if f.dyn || f.glob {
						elems = nil
					}
					if elems != nil {
						elems = append(elems, f.s)
					}
				}
			}
		}
		if !as.Append && as.Index == nil {
			a.lastElems = elems
		}
		return "(…)", false, nil
	}
	if as.Index != nil {
		if err := a.arith(as.Index, sc); err != nil {
			return "", false, err
		}
	}
	if as.Value == nil {
		return "", true, nil
	}
	a.assignNext = true
	f, err := a.oneField(as.Value, sc)
	if err != nil {
		return "", false, err
	}
	a.noteStackDir(as.Name, f) // dirstackvar.go
	known := !f.dyn
	if as.Append || as.Index != nil {
		known = false
	}
	return f.s, known, nil
}

func (a *analyzer) call(c *syntax.CallExpr, sc *scope) (string, error) {
	// Assignments alone change the shell; before a command they only
	// change its environment (and are expanded first, in order).
	type pending struct {
		name, val string
		known     bool
	}
	var envs []pending
	for _, as := range c.Assigns {
		if as.Name == nil {
			continue
		}
		val, known, err := a.assignValue(as, sc)
		if err != nil {
			return "", err
		}
		if err := a.intAssign(as.Name.Value, val, known, sc); err != nil {
			return "", err
		}
		if len(c.Args) == 0 {
			// before assignState: r=NAME of a nameref without a target
			// names it, and binds nothing (readonly.go)
			a.roBinding(sc, as.Name.Value)
		}
		if err := a.assignState(sc, "assignment", as); err != nil { // shellvars.go
			return "", err
		}
		if len(c.Args) == 0 {
			// as bound (a prefix assignment is not transformed: varattrs.go)
			val, known = sc.attrValue(as.Name.Value, val, known)
			sc.setVar(as.Name.Value, val, known)
			a.assignExported(as.Name.Value, val, known, false)
			if a.lastElems != nil {
				sc.setArray(as.Name.Value, a.lastElems)
			}
			if as.Name.Value == "PWD" || as.Name.Value == "HOME" {
				continue
			}
		}
		envs = append(envs, pending{as.Name.Value, val, known})
	}
	if len(c.Args) == 0 {
		for _, e := range envs {
			if err := a.dangerousEnv(sc, "assignment", e.name, e.val, e.known); err != nil {
				return "", err
			}
		}
		return "", nil
	}
	outer, outerAlt := a.sawDefault, a.echoAlt
	a.sawDefault, a.echoAlt = false, true
	fs, err := a.fields(c.Args, sc, true)
	a.echoAlt = outerAlt
	if err != nil {
		return "", err
	}
	var alt []field
	if a.sawDefault && !a.defaultMode {
		n := len(a.res.Commands)
		if alt, err = a.defaultFields(c.Args, sc); err != nil {
			return "", err
		}
		// the substitutions walked again were recorded the first time
		a.res.Commands = a.res.Commands[:n]
		if sameFields(alt, fs) {
			alt = nil
		}
	}
	a.sawDefault = outer
	if len(fs) == 0 {
		return "", nil
	}
	name := progName(fs[0])
	kn, kv, kk := a.keywordAssigns(fs, sc) // set -k (keyword.go)
	for i := range kn {
		envs = append(envs, pending{kn[i], kv[i], kk[i]})
	}
	var env map[string]varVal
	for _, e := range envs {
		if env == nil {
			env = make(map[string]varVal, len(envs)+len(sc.cmdEnv))
			for k, v := range sc.cmdEnv {
				env[k] = v
			}
		}
		env[e.name] = varVal{val: e.val, known: e.known}
	}
	old := sc.cmdEnv
	if env != nil {
		sc.cmdEnv = env
	}
	for _, e := range envs {
		if err = a.dangerousEnv(sc, name, e.name, e.val, e.known); err != nil {
			break
		}
	}
	if err == nil {
		run := func(fs []field, s *scope) error {
			a.shellRuns = true // the shell runs it (codeshells.go)
			return a.simple(fs, s)
		}
		words := func(fs []field, sc *scope) error {
			if idx := a.vanishing(fs, sc); idx != nil {
				// globs that may match nothing under nullglob (nullglob.go)
				return a.nullGlobCall(fs, idx, sc, run, func(s *scope) {
					for _, e := range envs {
						a.roBinding(s, e.name)
						s.setVar(e.name, e.val, e.known)
						a.assignExported(e.name, e.val, e.known, false)
					}
				})
			}
			if idx := a.keywordWords(fs, sc); idx != nil {
				// set -k may take NAME=V words out of the arguments:
				// both (keyword.go)
				return a.altCall(fs, idx, []uint{1<<len(idx) - 1, 0}, "set -k: ", sc, run, nil)
			}
			return run(fs, sc)
		}
		// set +B and set -f: the words read otherwise (expandopts.go)
		var alts [][]field
		var vias []string
		if alts, vias, err = a.expandReadings(c.Args, fs, sc); err == nil {
			if alts != nil {
				err = a.eachReading(alts, vias, sc, words)
			} else {
				err = words(fs, sc)
			}
		}
	}
	if err == nil && len(alt) > 0 {
		err = a.simple(alt, sc.withVia("${…:-default} / XSI echo"))
	}
	if err == nil && len(envs) > 0 && len(a.traps) > 0 && !a.inTrap {
		err = a.trapsInEnv(sc)
	}
	sc.cmdEnv = old
	for _, e := range envs {
		if e.name == "BASH_ARGV0" && sc.log != nil {
			sc.log.note(e.name) // sets $0 for good, as a prefix too (inshell.go)
		}
	}
	if err == nil && len(envs) > 0 && a.posixMode(sc) != posixOff {
		names, vals, known := make([]string, len(envs)), make([]string, len(envs)), make([]bool, len(envs))
		for i, e := range envs {
			names[i], vals[i], known[i] = e.name, e.val, e.known
		}
		a.persistAssigns(sc, fs[0], names, vals, known) // posixspecial.go
	}
	return name, err
}

func progName(f field) string {
	if f.dyn {
		return f.s
	}
	s := f.s
	if i := strings.LastIndexByte(s, '/'); i >= 0 && i < len(s)-1 {
		s = s[i+1:]
	}
	return s
}

// record adds one Command to the analysis; prog is the program word as
// run (a name or a path), "" for shell keywords and declarations.
func (a *analyzer) record(name, prog string, args []string, sc *scope, dyn bool) {
	line := joinLine(name, args)
	cwd := sc.cwd
	if !sc.cwdKnown {
		cwd = ""
	}
	a.res.Commands = append(a.res.Commands, Command{
		Name:    name,
		Prog:    prog,
		Args:    args,
		Line:    line,
		Cwd:     cwd,
		Via:     append([]string(nil), sc.via...),
		Dynamic: dyn,
		Env:     a.commandEnv(sc),
	})
}

// joinLine is name + " " + strings.Join(args, " "), or name without
// args, built in one allocation instead of two (TestJoinLine).
func joinLine(name string, args []string) string {
	if len(args) == 0 {
		return name
	}
	n := len(name) + len(args)
	for _, s := range args {
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(name)
	for _, s := range args {
		b.WriteByte(' ')
		b.WriteString(s)
	}
	return b.String()
}

// commandEnv lists the environment assignments in effect in sc.
func (a *analyzer) commandEnv(sc *scope) []string {
	if len(sc.cmdEnv) == 0 && len(a.exported) == 0 {
		return nil
	}
	var env []string
	for k, v := range sc.cmdEnv {
		env = append(env, k+"="+v.val)
	}
	for k := range a.exported {
		if _, ok := sc.cmdEnv[k]; ok {
			continue
		}
		if v, ok := sc.vars[k]; ok {
			env = append(env, k+"="+v.val)
		}
	}
	n := 0
	for _, e := range env {
		n += len(e)
	}
	if !a.expandedBytes(n) {
		return nil
	}
	sort.Strings(env)
	return env
}

// export notes that the line exports name.
func (a *analyzer) export(name string) {
	if a.exported == nil {
		a.exported = make(map[string]bool)
	}
	a.exported[name] = true
}

// intOpt reports whether declaration options give the integer
// attribute (-i, -ia, -ix…).
func intOpt(opts string) bool {
	for _, o := range strings.Fields(strings.ReplaceAll(opts, "-", " -")) {
		if strings.HasPrefix(o, "-") && strings.Contains(o, "i") {
			return true
		}
	}
	return false
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}

// trapsInEnv analyses the trap texts in force again with the prefix
// assignments of the command being analysed in force (sc.cmdEnv): a
// RETURN trap fires as source or a traced function returns, DEBUG before
// each command, ERR and EXIT inside one, each in the command's temporary
// environment (red-team round 18, #7; traps.go).
func (a *analyzer) trapsInEnv(sc *scope) error {
	return a.fireTraps(sc, "trap (in a command's temporary environment)")
}
