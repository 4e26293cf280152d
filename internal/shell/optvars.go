package shell

import (
	"sort"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Option variables (red-team round 10 #7): a variable whose value a
// program splits into its own options is that program's command line
// written elsewhere. GOFLAGS=-o=FILE is go build -o=FILE, PYTEST_ADDOPTS=
// --junitxml=FILE is pytest --junitxml=FILE, MAVEN_OPTS=-XX:OnError=CMD is
// the JVM's -XX:OnError=CMD. The tables here say which program reads
// which variable and as whose options; the program's own model (its
// option table, its family file) then judges the words as if they were
// on its command line, so an option that writes, reads or runs is found
// whatever variable carries it.
//
//   - toolEnvOptions (toolenv.go): the program inserts the words into its
//     own arguments (TAR_OPTIONS, MAKEFLAGS, GOFLAGS after go's
//     subcommand, PYTEST_ADDOPTS, MAVEN_ARGS, TF_CLI_ARGS, …); a value not
//     known statically makes the program's effect unknown.
//   - optionFamilies: every variable PREFIX_KEY is the option --key
//     (npm_config_logs_dir=D is npm --logs-dir=D, PIP_REPORT=F is pip
//     --report=F).
//   - foreignOptionVars: the words are the options of another program the
//     reader starts (MAVEN_OPTS, GRADLE_OPTS, JAVA_OPTS: the JVM's;
//     RUSTFLAGS: rustc's; CGO_CFLAGS: the C compiler's).
//
// An option variable assigned anywhere else than before a program that
// reads it (export, a plain assignment, another command's environment:
// GOFLAGS=-o=FILE make, which runs go) reaches programs the line does
// not show: its words are judged alone, as the options of the program
// that reads them (optionVarAssign), and a value not known statically
// is opaque.

// foreignOptionVars maps a variable to the program whose options its
// words are.
var foreignOptionVars = &lazy.Value[map[string]string]{New: func() map[string]string {
	m := map[string]string{
		"RUSTFLAGS": "rustc", "CARGO_BUILD_RUSTFLAGS": "rustc", "CARGO_ENCODED_RUSTFLAGS": "rustc",
		"RUSTDOCFLAGS": "rustdoc", "CARGO_BUILD_RUSTDOCFLAGS": "rustdoc", "CARGO_ENCODED_RUSTDOCFLAGS": "rustdoc",
	}
	for _, n := range strings.Fields("MAVEN_OPTS GRADLE_OPTS JAVA_OPTS SBT_OPTS ANT_OPTS JAVA_OPTIONS KOTLIN_DAEMON_OPTS") {
		m[n] = "java"
	}
	for _, n := range strings.Fields("CGO_CFLAGS CGO_CPPFLAGS CGO_CXXFLAGS CGO_FFLAGS CGO_LDFLAGS CFLAGS CPPFLAGS CXXFLAGS LDFLAGS") {
		m[n] = "cc"
	}
	return m
}}

// optionFamily is a prefix of variables each of which is one option.
type optionFamily struct {
	prefix string // the variables' common prefix, upper case
	progs  string // the programs that read them
	sub    bool   // the options go after the subcommand
}

// optionFamilies are the variables read as one option each: npm and its
// kin read npm_config_KEY in any case, pip reads PIP_KEY.
var optionFamilies = []optionFamily{
	{prefix: "NPM_CONFIG_", progs: "npm npx pnpm pnpx yarn"},
	{prefix: "PIP_", progs: "pip pip3", sub: true},
}

// optionFamilyOf returns the family of variable name and the option it
// stands for (--key-name).
func optionFamilyOf(name string) (optionFamily, string, bool) {
	u := strings.ToUpper(name)
	for _, f := range optionFamilies {
		if k, ok := strings.CutPrefix(u, f.prefix); ok && k != "" {
			return f, "--" + strings.ToLower(strings.ReplaceAll(k, "_", "-")), true
		}
	}
	return optionFamily{}, "", false
}

// optionVarReaders returns the programs that insert variable name's
// words into their own arguments (toolEnvOptions), or "".
func optionVarReader(name string) string {
	if r, ok := optionVarReaders.Get()[name]; ok {
		return r
	}
	if strings.HasPrefix(name, "TF_CLI_ARGS_") {
		return "terraform"
	}
	return ""
}

// optionVarReaders maps each variable of toolEnvOptions to the first
// program that reads it.
var optionVarReaders = &lazy.Value[map[string]string]{New: func() map[string]string {
	m := map[string]string{}
	progs := make([]string, 0, len(toolEnvOptions.Get()))
	for p := range toolEnvOptions.Get() {
		progs = append(progs, p)
	}
	sort.Strings(progs)
	for _, p := range progs {
		for _, v := range toolEnvOptions.Get()[p] {
			if _, ok := m[v]; !ok {
				m[v] = p
			}
		}
	}
	// the program named where several read it
	m["TAR_OPTIONS"], m["GREP_OPTIONS"], m["GZIP"], m["XZ_OPT"], m["XZ_DEFAULTS"] = "tar", "grep", "gzip", "xz", "xz"
	m["BZIP2"], m["BZIP"], m["MAKEFLAGS"], m["GNUMAKEFLAGS"], m["MFLAGS"] = "bzip2", "bzip2", "make", "make", "make"
	m["UNZIP"], m["ZIPINFO"], m["PYTEST_ADDOPTS"], m["MAVEN_ARGS"], m["TF_CLI_ARGS"] = "unzip", "zipinfo", "pytest", "mvn", "terraform"
	return m
}}

// readsOptionVar reports whether program prog reads variable name as
// options inserted into its own arguments.
func readsOptionVar(prog, name string) bool {
	for _, v := range toolEnvOptions.Get()[prog] {
		if v == name {
			return true
		}
	}
	if strings.HasPrefix(name, "TF_CLI_ARGS_") && (prog == "terraform" || prog == "tofu") {
		return true
	}
	if f, _, ok := optionFamilyOf(name); ok {
		return strings.Contains(" "+f.progs+" ", " "+prog+" ")
	}
	return false
}

// optionVarAssign judges an assignment of val to option variable name
// made for cmdName: where cmdName is not a program that inserts the
// words into its own arguments (toolEnvArgs does that), the words are
// judged alone as the options of the program that reads them.
func (a *analyzer) optionVarAssign(sc *scope, cmdName, name, val string, known bool) error {
	prog, sub := "", ""
	switch fam, opt, isFam := optionFamilyOf(name); {
	case foreignOptionVars.Get()[name] != "":
		prog = foreignOptionVars.Get()[name]
	case isFam:
		if loaderEnv(name) || readsOptionVar(progName(field{s: cmdName}), name) {
			return nil
		}
		prog = strings.Fields(fam.progs)[0]
		if known {
			val = opt + "=" + val
			if strings.ContainsAny(val, " \t\n'\"\\") {
				val = "'" + strings.ReplaceAll(val, "'", `'\''`) + "'"
			}
		}
	default:
		prog = optionVarReader(name)
		if prog == "" || readsOptionVar(progName(field{s: cmdName}), name) {
			return nil
		}
		if prog == "go" {
			sub = "test" // GOFLAGS reach every subcommand: go test's flags include build's
		}
	}
	if !known {
		a.opaque(cmdName, name+" hands "+prog+" options not known statically")
		return nil
	}
	if strings.TrimSpace(val) == "" || !a.mark(markKey{'O', name, val}) {
		return nil
	}
	text := val
	if prog == "make" && name != "MFLAGS" && strings.Contains(text, "$") {
		exp, ok, err := a.makeEnvText(text, sc, name)
		if err != nil || !ok {
			return err
		}
		text = exp
	}
	words := optWords(strings.ReplaceAll(text, "\x1f", " "))
	if prog == "make" {
		words = makeflagWords(words)
	}
	fs := make([]field, 0, len(words)+2)
	fs = append(fs, field{s: prog})
	if sub != "" {
		fs = append(fs, field{s: sub})
	}
	key := strings.TrimSpace(prog + " " + sub)
	for _, w := range words {
		if toolDirWord(name, w) {
			continue
		}
		fs = append(fs, field{s: w})
		a.envProgramFile(prog, key, name, w) // toolenv.go
	}
	inner, err := a.enter(sc.withVia(name + "="))
	if err != nil {
		return err
	}
	// the words alone: the variable is not read a second time
	inner.cmdEnv = withoutVar(sc.cmdEnv, name)
	if _, ok := inner.vars[name]; ok {
		inner.vars = withoutVar(inner.vars, name)
	}
	// recorded as a command (Via NAME=): the policy judges its
	// possible writes by the words they came from
	return a.simple(fs, inner)
}

// toolDirWord reports whether word, read from variable name, is one
// that tooldirs.go models as the directory the program fills
// (MAVEN_OPTS@-Dmaven.repo.local=: the program's own layout below it),
// so it is not judged a second time as an ordinary option.
func toolDirWord(name, word string) bool {
	for _, ds := range toolDirs.Get() {
		for _, d := range ds {
			for _, e := range d.envW {
				v, prefix, ok := strings.Cut(e, "@")
				if ok && v == name && strings.HasPrefix(word, prefix) {
					return true
				}
			}
		}
	}
	return false
}

// withoutVar returns m without name (m itself when it lacks it).
func withoutVar(m map[string]varVal, name string) map[string]varVal {
	if _, ok := m[name]; !ok {
		return m
	}
	out := make(map[string]varVal, len(m))
	for k, v := range m {
		if k != name {
			out[k] = v
		}
	}
	return out
}

// optionFamilyArgs returns the options the variables of the families
// program name reads stand for, from the command's environment and the
// line's variables, in name order.
func (a *analyzer) optionFamilyArgs(name string, sc *scope) (words []field, sub bool) {
	var fam *optionFamily
	for i := range optionFamilies {
		if strings.Contains(" "+optionFamilies[i].progs+" ", " "+name+" ") {
			fam = &optionFamilies[i]
		}
	}
	if fam == nil {
		return nil, false
	}
	var names []string
	for _, m := range []map[string]varVal{sc.cmdEnv, sc.vars} {
		for k := range m {
			if f, _, ok := optionFamilyOf(k); ok && f.prefix == fam.prefix && !loaderEnv(k) {
				// (a key that names code to run is opaque already: toolenv.go)
				names = append(names, k)
			}
		}
	}
	sort.Strings(names)
	for i, k := range names {
		if i > 0 && names[i-1] == k {
			continue
		}
		v, _ := a.envOrVar(sc, k)
		_, opt, _ := optionFamilyOf(k)
		if !v.known {
			a.opaque(name, k+" hands "+name+" an option not known statically")
			continue
		}
		words = append(words, field{s: opt + "=" + v.val})
		if len(words) >= maxEnvWords {
			a.opaque(name, "more option variables than the analysis reads")
			break
		}
	}
	return words, fam.sub
}
