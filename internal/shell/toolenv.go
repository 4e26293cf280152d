package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Environment variables that hand a program options or code: TAR_OPTIONS
// is read by tar as if its words were written first on the command line
// (--to-command, --checkpoint-action=exec run programs), and so are the
// others of toolEnvOptions. A value known statically is inserted before
// the program's arguments and analysed with them; one not known makes the
// program's effect unknown. loaderEnv lists the variables that make a
// program load or run code the line does not show.

// toolEnvOptions maps a program to the variables whose words it reads
// as options, in the order it reads them.
var toolEnvOptions = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"tar": {"TAR_OPTIONS"}, "gtar": {"TAR_OPTIONS"},
		"grep": {"GREP_OPTIONS"}, "egrep": {"GREP_OPTIONS"}, "fgrep": {"GREP_OPTIONS"},
		"zip": {"ZIPOPT"}, "unzip": {"UNZIP", "UNZIPOPT"}, "zipinfo": {"ZIPINFO", "ZIPINFOOPT"},
		"gzip": {"GZIP"}, "gunzip": {"GZIP"},
		"xz": {"XZ_DEFAULTS", "XZ_OPT"}, "unxz": {"XZ_DEFAULTS", "XZ_OPT"}, "xzcat": {"XZ_DEFAULTS", "XZ_OPT"},
		"bzip2": {"BZIP2", "BZIP"}, "bunzip2": {"BZIP2", "BZIP"},
		"parallel": {"PARALLEL"},
		"make":     {"GNUMAKEFLAGS", "MAKEFLAGS", "MFLAGS"}, "gmake": {"GNUMAKEFLAGS", "MAKEFLAGS", "MFLAGS"},
		"man":   {"MANOPT"},
		"less":  {"LESS"},
		"rsync": {}, // RSYNC_RSH: progopts.go
		// after the subcommand (toolEnvAt)
		"go":        {"GOFLAGS"},
		"terraform": {"TF_CLI_ARGS"}, "tofu": {"TF_CLI_ARGS"},
		"pytest": {"PYTEST_ADDOPTS"}, "py.test": {"PYTEST_ADDOPTS"},
		"mvn": {"MAVEN_ARGS"}, "mvnw": {"MAVEN_ARGS"},
		"bun": {"BUN_OPTIONS"},
		"fzf": {"FZF_DEFAULT_OPTS"},
		// one variable per option (optvars.go)
		"npm": {}, "npx": {}, "pnpm": {}, "pnpx": {}, "yarn": {}, "pip": {}, "pip3": {},
	}
}}

// toolEnvAfterSub are the programs that read their option variables
// after the subcommand (GOFLAGS applies to go build's flags).
var toolEnvAfterSub = map[string]bool{"go": true, "terraform": true, "tofu": true}

// toolEnvSub returns the index in fs of the subcommand (the first word
// after the program that is no option, past go's -C DIR), or 0.
func toolEnvSub(fs []field) int {
	for i := 1; i < len(fs) && i <= 4; i++ {
		s := fs[i].s
		switch {
		case s == "-C" && fs[0].s == "go":
			i++
		case strings.HasPrefix(s, "-") && !fs[i].dyn:
		default:
			return i
		}
	}
	return 0
}

// tarKeyValued are the letters of a tar old-style key that take the
// next word as their value (as archives.go's archive parses them).
const tarKeyValued = "fCIKLNTXbgV"

// maxEnvWords bounds the words taken from one option variable.
const maxEnvWords = 64

// toolEnvArgs returns fs with the option words of the variables of
// toolEnvOptions inserted after the program; opaque parts are reported.
func (a *analyzer) toolEnvArgs(fs []field, name string, sc *scope) []field {
	vars := toolEnvOptions.Get()[name]
	var extra []field
	fam, famSub := a.optionFamilyArgs(name, sc) // optvars.go
	extra = append(extra, fam...)
	sub := 0
	if toolEnvAfterSub[name] {
		sub = toolEnvSub(fs)
	}
	if (name == "terraform" || name == "tofu") && sub > 0 && !fs[sub].dyn {
		vars = append(vars[:len(vars):len(vars)], "TF_CLI_ARGS_"+fs[sub].s)
	}
	for _, v := range vars {
		val, set := a.envOrVar(sc, v)
		if !set {
			continue
		}
		key := name // the spec the words are options of
		if sub > 0 && !fs[sub].dyn {
			key = name + " " + fs[sub].s
		}
		if !val.known {
			a.opaque(name, v+" hands "+name+" options not known statically")
			continue
		}
		text := val.val
		if (name == "make" || name == "gmake") && v != "MFLAGS" && strings.Contains(text, "$") {
			// make expands it as makefile text first (makefile.go)
			exp, ok, err := a.makeEnvText(text, sc, v)
			if err != nil {
				a.fail(err)
				return fs
			}
			if !ok {
				continue
			}
			text = exp
		}
		words := optWords(text)
		if len(words) >= maxEnvWords {
			// the words past the bound are not read
			a.opaque(name, v+" hands "+name+" more options than the analysis reads")
		}
		if name == "make" || name == "gmake" {
			words = makeflagWords(words)
		}
		for _, w := range words {
			if toolDirWord(v, w) {
				continue // the program's own directory (tooldirs.go)
			}
			extra = append(extra, field{s: w})
			a.envProgramFile(name, key, v, w)
		}
	}
	if len(extra) == 0 {
		return fs
	}
	at := 1
	if sub := toolEnvSub(fs); (toolEnvAfterSub[name] || famSub) && sub > 0 {
		at = sub + 1 // GOFLAGS: go build -o=…; PIP_X: pip install --x=…
	}
	if (name == "tar" || name == "gtar") && len(fs) > 1 && !fs[1].dyn && fs[1].s != "" && !strings.HasPrefix(fs[1].s, "-") {
		// tar expands an old-style key and its values (tar xf A)
		// before it reads TAR_OPTIONS: the options go after them
		at = 2
		for _, ch := range fs[1].s {
			if strings.ContainsRune(tarKeyValued, ch) && at < len(fs) {
				at++
			}
		}
	}
	out := make([]field, 0, len(fs)+len(extra))
	out = append(out, fs[:at]...)
	out = append(out, extra...)
	return append(out, fs[at:]...)
}

// envProgramFile reports an option word from variable v that names a
// program file for name to run (TAR_OPTIONS=--to-command=src/x): as
// with GIT_SSH=src/x, what the file does is not in the line.
func (a *analyzer) envProgramFile(name, key, v, w string) {
	opt, val, ok := strings.Cut(w, "=")
	cs := specFor(key)
	if !ok || cs == nil {
		return
	}
	if fx := cs.fx[opt]; fx != "c" && fx != "x" {
		return
	}
	if f := strings.Fields(val); len(f) > 0 && strings.Contains(f[0], "/") && !systemProgram(f[0]) {
		a.opaque(name, v+" names a program file, "+clip(f[0]))
	}
}

// optWords splits an option variable's value into words at blanks, with
// backslash escapes and quotes, as tar and the others do.
func optWords(s string) []string {
	var out []string
	var cur strings.Builder
	has := false
	var quote byte
	for i := 0; i < len(s) && len(out) < maxEnvWords; i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			} else if ch == '\\' && quote == '"' && i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else {
				cur.WriteByte(ch)
			}
		case ch == '\'' || ch == '"':
			quote, has = ch, true
		case ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			has = true
		case ch == ' ' || ch == '\t' || ch == '\n':
			if has || cur.Len() > 0 {
				out = append(out, cur.String())
			}
			cur.Reset()
			has = false
		default:
			cur.WriteByte(ch)
			has = true
		}
	}
	if (has || cur.Len() > 0) && len(out) < maxEnvWords {
		out = append(out, cur.String())
	}
	return out
}

// makeflagWords turns MAKEFLAGS words into options: a first word of
// letters only is a cluster of single-letter flags ("ik" is -ik).
func makeflagWords(ws []string) []string {
	if len(ws) > 0 && ws[0] != "" && !strings.HasPrefix(ws[0], "-") && !strings.Contains(ws[0], "=") {
		ws[0] = "-" + ws[0]
	}
	return ws
}

// loaderEnv reports whether an assignment to name makes programs load or
// run code the line does not show, beyond dangerousEnv's own list: the
// loaders' and runtimes' injection variables and package managers'
// script shells.
func loaderEnv(name string) bool {
	switch name {
	case "GCONV_PATH", "GLIBC_TUNABLES", "LD_DEBUG_OUTPUT", "LD_PROFILE", "MALLOC_CHECK_", "NLSPATH", "LOCPATH",
		"PYTHONHOME", "PYTHONINSPECT", "PYTHONEXECUTABLE", "PERLLIB", "PERL5DB", "PERL_MB_OPT", "PERL_MM_OPT", "RUBYLIB",
		"NODE_PATH", "NODE_REPL_EXTERNAL_MODULE", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
		"DOTNET_STARTUP_HOOKS", "CORECLR_PROFILER_PATH", "CORECLR_ENABLE_PROFILING", "OPENSSL_CONF", "OPENSSL_ENGINES",
		"VIMINIT", "EXINIT", "MYVIMRC", "GVIMINIT", "EMACSLOADPATH", "R_PROFILE", "R_PROFILE_USER", "LUA_INIT", "LUA_PATH",
		"LUA_CPATH", "TCLLIBPATH", "GEM_PATH", "RUBYGEMS_GEMDEPS", "BUNDLE_GEMFILE", "CURL_HOME", "WGETRC", "GNUPGHOME",
		"SSH_AUTH_SOCK_PROGRAM", "GIT_SSH", "GIT_EXEC_PATH", "GIT_TEMPLATE_DIR", "GIT_DIR", "GIT_WORK_TREE",
		"PAGER_PROGRAM", "MAKEFILES", "SHELL", "CONFIG_SHELL", "GDBINIT", "INPUTRC", "LESSKEY", "LESSKEYIN", "SCREENRC", "TMUX_TMPDIR":
		return name != "SHELL" && name != "INPUTRC" && name != "TMUX_TMPDIR" && name != "GIT_DIR" && name != "GIT_WORK_TREE"
	}
	if strings.HasPrefix(name, "LD_") && name != "LD_BIND_NOW" && name != "LD_WARN" {
		return true
	}
	// npm, pnpm and yarn read npm_config_* (in any case): a script shell,
	// a node option, a user configuration with its own settings
	l := strings.ToLower(name)
	for _, p := range []string{"npm_config_", "pnpm_config_", "yarn_"} {
		if k, ok := strings.CutPrefix(l, p); ok {
			switch k {
			case "script_shell", "script-shell", "shell", "node_options", "node-options", "userconfig", "globalconfig",
				"onload_script", "onload-script", "git", "init_module", "init-module", "prefix", "node_gyp", "node-gyp",
				"rc_filename", "plugins", "yarn_path", "yarnpath":
				return true
			}
		}
	}
	return false
}
