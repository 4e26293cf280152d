package shell

import "strings"

// Simple commands: the cmd being analyzed, simple (what every command
// goes through: expansion, the program's model, the effects shared by
// all programs, the candidate reads of what is left), wrap for the
// command a wrapper runs, and dispatch to the program's model (the
// family files' catalogues, programs.go).

// cmd is one simple command being analyzed.
type cmd struct {
	a    *analyzer
	sc   *scope
	name string
	prog string // the program word as run (Command.Prog)
	args []field
	skip []bool // arguments that are not file names (code, patterns, hosts)
	text bool   // pure text command: no reads, no URLs
	rec  bool   // reads everything below directory arguments
	w    writeState
	// unlisted: no rule of dispatch names the program (candcmds.go)
	unlisted bool
	// handed: what the program runs is analysed on its own (a wrapped
	// command, shell code, a script the line wrote); later: it is judged
	// again at the line's end; seq0: the writes noted before it
	// (writtencode.go)
	handed, later bool
	seq0          int32
	// outer is c's scope before detach moved it for the command c runs
	// (wrappers.go): c's own arguments are judged in it
	outer *scope
	// recIdx is the index of this command's record in the analysis's
	// Commands.
	recIdx int
	// direct: the line's shell runs the command itself (not a wrapper
	// program: codeshells.go)
	direct bool
	// noFunc: the command is not looked up as a function (command,
	// exec, builtin, and any program that runs it: funcs.go)
	noFunc bool
	// argv0 is the name the command runs under (exec -a NAME, env
	// --argv0 NAME), when one is given (dialectstate.go)
	argv0 *field
	// asFunc is the state a call of a function that may not be defined
	// leaves (funcs.go callFunc): the program's or builtin's effects are
	// the other branch, merged with it once the command is analysed
	asFunc *scope
	// renamed is the merge of the states the programs the line made the
	// command's name or path run instead leave (renames.go), merged with
	// the command's own once it is analysed
	renamed *scope
	// privileged: a shell started with -p, which imports no functions
	// (childenv.go)
	privileged bool
	// allExport: a shell started with -a or -o allexport (allexport.go)
	allExport bool
	// prompts: an interactive shell reading its commands, which runs
	// PROMPT_COMMAND before each (childenv.go)
	prompts bool
}

func (c *cmd) s(i int) string { return c.args[i].s }

// runsScript records that the argument k is the script file the command
// runs (Command.Script).
func (c *cmd) runsScript(k int) {
	if c.recIdx < len(c.a.res.Commands) && len(c.args) == len(c.a.res.Commands[c.recIdx].Args) {
		c.a.res.Commands[c.recIdx].Script = k + 1
		c.a.noteCommand(c.recIdx)
	}
}

// newCmd returns a cmd with skip flags for n arguments. The handlers of
// programTable are called through a func value, so a cmd escapes to the
// heap: it and the flags of a command with few arguments are one
// allocation.
func newCmd(n int) *cmd {
	b := &struct {
		cmd
		skip [8]bool
	}{}
	if n <= len(b.skip) {
		b.cmd.skip = b.skip[:n:n]
	} else {
		b.cmd.skip = make([]bool, n)
	}
	return &b.cmd
}

// simple analyzes one simple command given its expanded fields.
func (a *analyzer) simple(fs []field, sc *scope) error {
	// run by the line's shell itself, not by a program (codeshells.go)
	direct, noFunc := a.shellRuns, a.noFunc
	a.shellRuns, a.noFunc = false, false
	a.ncmd++
	if a.ncmd > MaxCommands {
		return limitErr("more than %d commands", MaxCommands)
	}
	if len(fs) == 0 {
		return nil
	}
	if _, ok := toolEnvOptions.Get()[progName(fs[0])]; ok && !fs[0].dyn {
		fs = a.toolEnvArgs(fs, progName(fs[0]), sc)
	}
	args := fs[1:]
	strs := make([]string, len(args))
	dyn := fs[0].dyn
	for i, f := range args {
		strs[i] = f.s
		dyn = dyn || f.dyn
	}
	name := progName(fs[0])
	prog := fs[0].s
	if !fs[0].dyn {
		a.jumped |= jumpOf(name, args) // return, break, continue (inshell.go)
	}
	if sc.applet != "" {
		prog, sc.applet = sc.applet, "" // a busybox applet runs busybox
	}
	argv0 := sc.argv0
	sc.argv0 = nil
	a.record(name, prog, strs, sc, dyn)
	rec := len(a.res.Commands) - 1
	var renamed *scope
	if len(a.renames) > 0 || len(a.links) > 0 || len(a.written) > 0 {
		var err error
		if renamed, err = a.otherPrograms(fs, sc); err != nil { // renames.go
			return err
		}
	}
	last := fs[len(fs)-1]
	defer func() { sc.last, sc.lastKnown = last.s, !last.dyn && !last.glob }()
	c := newCmd(len(args))
	c.a, c.sc, c.name, c.prog, c.args, c.rec = a, sc, name, prog, args, recursiveReader(name, strs)
	c.argv0 = argv0
	c.renamed = renamed
	c.direct, c.noFunc = direct, noFunc
	c.seq0 = a.writeSeq
	c.recIdx = rec
	outer := a.product
	defer func() { a.product = outer }()
	if a.opt.PowerShell {
		c.name = psName(name) // powershell.go
	}
	if !fs[0].dyn {
		c.name = variantBase(c.name)        // progvariants.go: vim.tiny is vim
		c.name = prefixedName(c.name, prog) // candcmds.go: gtimeout is timeout
		c.keepEnding()                      // keptwrapper.go
	}
	if fs[0].dyn {
		a.opaque(name, "program name is not known statically")
	} else if fs[0].glob && isGlobPattern(fs[0].s) {
		a.opaque(name, "program name is a glob pattern, not known statically")
	} else if strings.Contains(fs[0].s, "/") && prog == fs[0].s {
		if _, err := c.runWritten(fs[0], name, false, true, runChild); err != nil {
			return err
		}
	}
	if !fs[0].dyn && !(fs[0].glob && isGlobPattern(fs[0].s)) {
		a.product = c.productOf() // writtencode.go
		err := a.dispatch(c)
		if c.outer != nil {
			c.sc = c.outer // the wrapped command's directory is its own
		}
		if err != nil {
			return err
		} else if err := c.applySpec(); err != nil {
			return err
		} else if err := c.vmShellRun(); err != nil { // vmshells.go
			return err
		} else if err := c.unknownRunner(); err != nil { // envrunners.go
			return err
		} else if err := c.candidateCommands(); err != nil { // candcmds.go
			return err
		} else if err := c.taskFiles(); err != nil { // taskfiles.go
			return err
		}
		c.writtenCode()     // writtencode.go
		c.inertConfigRuns() // inertconfig.go
		if err := c.cargoConfigArgs(); err != nil {
			return err
		}
		a.res.Commands[rec].Unlisted = c.unlistedProgram()
		a.noteCommand(rec)
		c.fileLists()
		c.toolReads()
		c.envFileLoads() // envloaders.go
		c.credentialHelper()
		c.virtualHosts() // vhosts.go
		c.envDumpCommand()
		c.envLanguage()                        // envlangs.go
		c.envPass()                            // envpass.go
		c.envByName()                          // envbyname.go
		if err := c.containers(); err != nil { // containers.go
			return err
		}
		c.pkgWrites()
		c.toolDirWrites() // tooldirs.go
		c.formatterWrites()
		c.unknownFormatterDirs() // formatters.go
		c.processControl()
		c.kubeconfigWrites()
		c.kubectlCanonical()
		if err := c.kubeContexts(); err != nil { // kubecontexts.go
			return err
		}
		c.configHome()
		if err := c.envStoreSets(); err != nil { // envstores.go
			return err
		}
		c.persistentSettings()                    // persist.go
		if err := c.gitEquivalent(); err != nil { // persisthooks.go
			return err
		}
		c.outputWrites()
		c.controlDeviceWrites()
		if err := c.sshClientArgs(); err != nil {
			return err
		}
	}
	c.hostFiles()    // hostfiles.go
	c.hostConfEnv()  // hostconfvars.go
	c.envFileReads() // envfiles.go
	a.generic(c)
	c.resolverEnv() // hostconfvars.go
	if c.asFunc != nil {
		// the function or the program ran: one of the two states (a
		// maybe-function named cd: red-team round 23, #21), the
		// function's first, as a branch's state before it is
		m := c.asFunc
		m.merge(sc)
		sc.flowFrom(m)
	}
	if m := c.renamed; m != nil {
		// what the line made the name run instead: one of the states
		// too (renames.go)
		m.merge(sc)
		sc.flowFrom(m)
	}
	return nil
}

// wrap analyzes args[from:] as the command run by wrapper c.
func (c *cmd) wrap(from int, via string) error {
	c.handed = true
	for i := from; i < len(c.args); i++ {
		c.skip[i] = true
	}
	if from >= len(c.args) {
		return nil
	}
	sc, err := c.a.enter(c.sc.withVia(via))
	if err != nil {
		return err
	}
	if c.w.applet {
		sc.applet = c.prog
	}
	sc.argv0 = c.w.argv0 // exec -a, env --argv0 (dialectstate.go)
	inner := c.args[from:]
	// Leading NAME=value words are environment assignments (sudo, env).
	for len(inner) > 0 && !inner[0].dyn && isAssignWord(inner[0].s) {
		n, v, _ := strings.Cut(inner[0].s, "=")
		sc.setEnv(n, v, true)
		if err := c.a.dangerousEnv(sc, c.name, n, v, true); err != nil {
			return err
		}
		inner = inner[1:]
	}
	// exec and command run it as the shell itself does (codeshells.go)
	c.a.shellRuns = c.direct && (c.name == "command" || c.name == "exec")
	// command, exec and builtin skip functions; a program that runs a
	// command runs the program (funcs.go)
	c.a.noFunc = true
	if err := c.a.simple(inner, sc); err != nil {
		return err
	}
	if (c.name == "command" || c.name == "builtin") && len(inner) == len(c.args)-from {
		// command and builtin run a builtin in this shell: its
		// bindings and cd flow back (varstore.go)
		c.sc.flowFrom(sc)
	}
	return nil
}

func isAssignWord(s string) bool {
	n, _, ok := strings.Cut(s, "=")
	return ok && (validName(n) || funcImport(n))
}

// funcImport reports whether an environment variable's name is one bash
// imports as a function (BASH_FUNC_name%%, or BASH_FUNC_name() before
// the Shellshock fixes).
func funcImport(name string) bool {
	rest, ok := strings.CutPrefix(name, "BASH_FUNC_")
	return ok && rest != "" && (strings.HasSuffix(rest, "%%") || strings.HasSuffix(rest, "()"))
}

// code analyzes a statically known string of shell code run by c in a
// new process, which starts from the exported environment (childenv.go).
func (c *cmd) code(f field, via string, remote bool) error {
	c.handed = true
	if f.dyn {
		c.a.opaque(c.name, "shell code not known statically: "+clip(f.s))
		return nil
	}
	sc := c.newProcess(c.sc)
	if _, other := codeShells[c.name]; other && !remote {
		// run by another shell than the line's (codeshells.go)
		c.codeDialect(sc)
	}
	return c.a.reparse(f.s, sc, via, remote)
}

// codeInShell analyzes a statically known string of shell code that
// this shell runs itself, later (alias, trap, emulate -c): with its
// state, not a new process's.
func (c *cmd) codeInShell(f field, via string) error {
	c.handed = true
	if f.dyn {
		c.a.opaque(c.name, "shell code not known statically: "+clip(f.s))
		return nil
	}
	return c.a.reparse(f.s, c.sc, via, false)
}

// newProcess returns the scope of the code the new process c starts runs
// in, from sc, the scope c runs in (childenv.go): with set -a on where
// the shell is started with it (allexport.go).
func (c *cmd) newProcess(sc *scope) *scope {
	child := c.a.newProcess(sc, c.imports())
	if c.allExport {
		child.allExport = expSure
	}
	return child
}

// imports is how the new process c starts imports exported functions.
func (c *cmd) imports() importKind {
	if c.privileged {
		return importNone // bash -p
	}
	return childImports(c.name)
}

// codeMaybe analyzes a statically known string of shell code that c
// runs in this shell maybe, or at a point not known (inshell.go).
func (c *cmd) codeMaybe(f field, via string) error {
	c.handed = true
	if f.dyn {
		c.a.opaque(c.name, "shell code not known statically: "+clip(f.s))
		return nil
	}
	return c.a.reparseMaybe(f.s, c.sc, via)
}

func (c *cmd) write(f field, why string) { c.a.path(c.sc, kWrite, f, c.name, why) }
func (c *cmd) del(f field, why string)   { c.a.path(c.sc, kDelete, f, c.name, why) }
func (c *cmd) read(f field, why string)  { c.a.path(c.sc, kRead, f, c.name, why) }
func (c *cmd) host(h, why string)        { c.a.host(c.sc, h, c.name, why) }
func (c *cmd) opaque(reason string)      { c.a.opaque(c.name, reason) }
func (c *cmd) cwdField() field           { return field{s: "."} }
func (c *cmd) posFields(o opts) []field  { return c.fieldsAt(o.pos) }
func (c *cmd) fieldsAt(ix []int) []field {
	out := make([]field, len(ix))
	for i, k := range ix {
		out[i] = c.args[k]
	}
	return out
}

// dispatch runs the model of c's program: first the programs recognised
// by a predicate, or matched before a function the line defines, then the
// programs by name (programTable, programs.go).
func (a *analyzer) dispatch(c *cmd) error {
	n := c.name
	if a.opt.PowerShell {
		c.powerShellHosts() // powershell.go
	}
	c.replStdin()                           // replstdin.go
	if err := c.evalSplices(); err != nil { // evalscripts.go
		return err
	}
	if err := c.toolConfig(); err != nil { // toolconfig.go
		return err
	}
	if ei, i, ok := c.hostSub(); ok { // hostsubs.go
		return c.inheritRun(ei, i)
	}
	switch {
	case a.opt.PowerShell && c.psPropertyOnly(): // psstmt.go
		return nil
	case a.opt.PowerShell && psEvalCommands.Get()[n] != "": // powershell.go
		return c.powerShellEval()
	case a.opt.PowerShell && c.psCmdletOnly(): // psbind.go
		return nil
	case isApplyPatch(c): // applypatch.go
		return c.applyPatch()
	case isShell(n):
		return c.shell()
	case isInterpreter(n) && !c.bunManager():
		return c.interpreter()
	case isEnvInheritor(n): // containerenv.go
		return c.envInherit()
	case isLauncher(n):
		return c.launch()
	case envLoaderRuns(c): // envloaders.go
		return c.envLoaderRun()
	case isEnvRunner(n): // envrunners.go
		return c.envRun()
	case isTermEmu(n): // termemus.go
		return c.termEmu()
	case isDeviceWriter(n):
		c.deviceWrites()
		return nil
	case isDSLTool(n): // dsltools.go
		return c.dslTool()
	case isInlineCoder(n):
		c.inlineCode()
		return nil
	case n == "cmake":
		return c.cmakeE()
	case n == "ansible":
		return c.ansibleAdhoc() // ansible.go
	case n == "ansible-playbook":
		return c.ansiblePlaybook()
	case n == "ansible-pull":
		return c.ansiblePull()
	case gitFrontends.Get()[n]:
		return c.gitFrontend()
	case isExtractor(n):
		c.extract()
		return nil
	case c.sc.funcs[n].body != nil:
		if ok, err := c.callFunc(); ok || err != nil {
			c.w.modelled = true // its arguments are the function's
			c.handed = true
			return err
		}
	case c.nestedAgent():
		c.w.modelled = true // its prompt is text, its writes its own actions
		c.handed = true
		return nil
	case strings.HasPrefix(n, "git-") && specFor("git "+n[4:]) != nil:
		// git-push by its path under git-core is git push
		c.w.modelled = true
		for i := range c.args {
			c.skip[i] = true
		}
		sc, err := c.a.enter(c.sc.withVia(n))
		if err != nil {
			return err
		}
		return c.a.simple(append([]field{{s: "git"}, {s: n[4:]}}, c.args...), sc)
	case isPyModule(n) && len(c.sc.via) > 0 && strings.HasSuffix(c.sc.via[len(c.sc.via)-1], " -m"):
		c.pyModule()
		return nil
	}
	c.toolHosts()
	if dc, ok := dbClients.Get()[n]; ok {
		c.dbConnection(dc)
	}
	c.netClientHosts() // netclients.go
	if run := programTable.Get()[n]; run != nil {
		return run(c)
	}
	c.unlisted = true
	return nil
}

func anyPrefix(fs []field, p string) bool {
	for _, f := range fs {
		if strings.HasPrefix(f.s, p) && !f.dyn {
			return true
		}
	}
	return false
}

// recursiveReader reports whether a command with these arguments reads the
// whole tree below its directory arguments.
func recursiveReader(name string, args []string) bool {
	flag := func(long []string, letters string) bool {
		for _, a := range args {
			if a == "--" {
				return false
			}
			for _, l := range long {
				if a == l || strings.HasPrefix(a, l+"=") {
					return true
				}
			}
			if len(a) > 1 && a[0] == '-' && a[1] != '-' && isLetters(a[1:]) && strings.ContainsAny(a[1:], letters) {
				return true
			}
		}
		return false
	}
	switch name {
	case "grep", "egrep", "fgrep", "zgrep":
		if flag([]string{"--recursive", "--dereference-recursive", "--directories=recurse"}, "rR") {
			return true
		}
		for i, a := range args {
			if a == "-d" && i+1 < len(args) && args[i+1] == "recurse" {
				return true
			}
		}
	case "cp", "scp":
		return flag([]string{"--recursive", "--archive"}, "rRa")
	case "rsync":
		return flag([]string{"--recursive", "--archive"}, "ra")
	case "zip":
		return flag([]string{"--recurse-paths"}, "r")
	case "tar", "bsdtar":
		if len(args) > 0 && isLetters(strings.TrimPrefix(args[0], "-")) && strings.Contains(args[0], "c") {
			return true
		}
		return flag([]string{"--create"}, "c")
	case "rg":
		// ripgrep skips hidden files unless told otherwise.
		if flag([]string{"--hidden"}, ".") {
			return true
		}
		for _, a := range args {
			if a == "-uu" || a == "-uuu" {
				return true
			}
		}
	}
	return false
}

// dynMarked reports whether s holds a part not known statically, which
// the expansion keeps in source form ($X, $(…), `…`) or as xargs' input.
func dynMarked(s string) bool {
	return strings.ContainsAny(s, "$`") || strings.Contains(s, xargsInput)
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.') {
			return false
		}
	}
	return true
}

// generic reports candidate reads and URL hosts for every argument not
// consumed by a specific rule.
func (a *analyzer) generic(c *cmd) {
	if c.text {
		return
	}
	end := false
	candHosts := !c.reachModelled() // candhosts.go
	if candHosts {
		a.envCandidateHosts(c)
	}
	a.inputCandidateHosts(c)
	for i, f := range c.args {
		if c.skip[i] || f.s == "" || f.proc {
			continue
		}
		if paramFileTools.Get()[c.name] && a.paramFileRead(c, f) { // paramfiles.go
			continue
		}
		if candHosts {
			a.candidateHosts(c, f.s)
		}
		for _, h := range urlHosts(f.s) {
			a.host(c.sc, h, c.name, "url")
		}
		a.relayHosts(c, f.s) // relayhosts.go
		for _, g := range fileURLPaths(f.s) {
			// file:///path reads a local file
			g.dyn = g.dyn || f.dyn
			a.path(c.sc, kRead, g, c.name, "file URL")
		}
		if strings.Contains(f.s, "://") || strings.ContainsRune(f.s, '\n') {
			continue
		}
		s := f.s
		if !end && s == "--" {
			end = true
			continue
		}
		if c.mayWrite(i) {
			a.candidates(c, f, end)
		}
		var cands []string
		if !end && strings.HasPrefix(s, "-") && len(s) > 1 {
			if k, v, ok := strings.Cut(s, "="); ok && !c.patternOption(k) {
				cands = append(cands, v)
			} else if !strings.HasPrefix(s, "--") && len(s) > 2 && strings.ContainsAny(s[2:], "./~") {
				cands = append(cands, s[2:])
			}
		} else {
			cands = append(cands, s)
			if _, v, ok := strings.Cut(s, "="); ok {
				cands = append(cands, v)
			}
		}
		for _, p := range cands {
			if strings.ContainsAny(p, ":,") {
				// bind mounts and lists: ~/.ssh:/k, source=/x,target=/y
				for _, piece := range strings.FieldsFunc(p, func(r rune) bool { return r == ':' || r == ',' }) {
					if _, v, ok := strings.Cut(piece, "="); ok {
						piece = v
					}
					if piece != p && piece != "" {
						cands = append(cands, piece)
					}
				}
			}
		}
		for _, p := range cands {
			if p == "" || p == "-" {
				continue
			}
			g := f
			g.s = p
			g.rec = c.rec || f.rec
			// a piece of a dynamic word is static when the parts not
			// known are elsewhere in the word (their source form is kept)
			g.dyn = f.dyn && (p == f.s || dynMarked(p))
			a.path(c.sc, kRead, g, c.name, "argument")
			if q := strings.TrimLeft(p, "@<"); q != p && q != "" {
				g.s = q
				a.path(c.sc, kRead, g, c.name, "argument")
			}
		}
	}
}
