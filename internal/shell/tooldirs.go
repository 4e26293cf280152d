package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Directories a program deletes or fills, named by an option or by an
// environment variable, as data: cargo clean deletes its target
// directory, --target-dir DIR or CARGO_TARGET_DIR=DIR alike
// (CARGO_TARGET_DIR=. cargo clean deletes the repository). Each entry is
// a program and the subcommand words that act on the directory, the
// options that name it and the variables that do, in the order the
// program reads them; the first one given is the directory. A value not
// known statically is opaque. A default (no option, no variable) is not
// reported here: the program's own model does that where it matters
// (golang.go's go clean), and an unmodelled program's default directory
// is its own business (cargo clean deleting ./target).

// toolDir is one entry. Of the entries of a program that apply, the
// first names what happens to a directory: the deleting ones are listed
// before the writing ones with the same options and variables.
type toolDir struct {
	prog string
	// sub: the subcommand words, in order among the first operands
	// ("cache clean"); "" for every subcommand.
	sub string
	// flags: one of them must be given as well (go clean -modcache);
	// "" for none.
	flags string
	// opts: the options that name the directory: "--target-dir" takes
	// the next word or =VALUE; a name ending in "=" is a prefix the value
	// is glued to (-Dmaven.repo.local=DIR).
	opts string
	// env: the variables, in the order read. "NAME+sub/dir" is the
	// variable's value (its first element when a list) joined with
	// sub/dir; "NAME@-opt=" an option word inside the variable's words
	// (MAVEN_OPTS).
	env string
	del bool // the directory is deleted (else written into)
	// own: the program names what it writes there (a cache's own
	// layout, a build's target tree), not the line or a package: the
	// names, space-separated ("*": any), are candidate globs NAME* below
	// the directory, judged against protected, blocked and credential
	// paths only. GOCACHE=/tmp/c is no write outside allow_paths;
	// GOCACHE=~/.local/state/mandate is one into Mandate's state
	// directory; CARGO_HOME=~/.cargo writes registry*, git*, …, not
	// the credentials beside them.
	own string

	// the lists above split into words, on first use
	subW, flagW, optW, envW, ownW []string
}

var toolDirs = &lazy.Value[map[string][]toolDir]{New: func() map[string][]toolDir {
	list := []toolDir{
		// cargo: clean deletes the target directory; every other
		// subcommand may build into it and download into CARGO_HOME.
		{prog: "cargo", sub: "clean", opts: "--target-dir", env: "CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR", del: true},
		{prog: "cargo", opts: "--target-dir", env: "CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR", own: "*"},
		{prog: "cargo", env: "CARGO_HOME", own: cargoHomeLayout},
		{prog: "cargo", sub: "install", opts: "--root", env: "CARGO_INSTALL_ROOT CARGO_HOME"},
		{prog: "rustup", sub: "self uninstall", env: "RUSTUP_HOME", del: true},
		{prog: "rustup", sub: "self uninstall", env: "CARGO_HOME", del: true},
		{prog: "rustup", env: "RUSTUP_HOME", own: "toolchains downloads tmp update-hashes settings.toml"},
		{prog: "rustup", env: "CARGO_HOME", own: "bin env"},
		// go: clean -cache/-testcache/-fuzzcache and -modcache delete the
		// caches; every subcommand may fill them (golang.go reports the
		// defaults).
		{prog: "go", sub: "clean", flags: "-cache -testcache -fuzzcache", env: "GOCACHE XDG_CACHE_HOME+go-build", del: true},
		{prog: "go", sub: "clean", flags: "-modcache", env: "GOMODCACHE GOPATH+pkg/mod", del: true},
		{prog: "go", env: "GOCACHE", own: "*"},
		{prog: "go", env: "GOMODCACHE GOPATH+pkg/mod", own: "*"},
		{prog: "go", env: "GOTMPDIR", own: "go-build"},
		{prog: "go", sub: "install", env: "GOBIN GOPATH+bin"},
		// Python.
		{prog: "uv", sub: "cache clean", opts: "--cache-dir", env: "UV_CACHE_DIR XDG_CACHE_HOME+uv", del: true},
		{prog: "uv", sub: "cache prune", opts: "--cache-dir", env: "UV_CACHE_DIR XDG_CACHE_HOME+uv", del: true},
		{prog: "uv", opts: "--cache-dir", env: "UV_CACHE_DIR", own: "*"},
		{prog: "uv", sub: "tool", env: "UV_TOOL_DIR"},
		{prog: "uv", sub: "tool", env: "UV_TOOL_BIN_DIR"},
		{prog: "uv", sub: "python", opts: "--install-dir", env: "UV_PYTHON_INSTALL_DIR"},
		{prog: "uv", sub: "sync", env: "UV_PROJECT_ENVIRONMENT"},
		{prog: "uv", sub: "venv", env: "UV_PROJECT_ENVIRONMENT"},
		{prog: "pip", sub: "cache purge", opts: "--cache-dir", env: "PIP_CACHE_DIR XDG_CACHE_HOME+pip", del: true},
		{prog: "pip", sub: "cache remove", opts: "--cache-dir", env: "PIP_CACHE_DIR XDG_CACHE_HOME+pip", del: true},
		{prog: "pip", sub: "install", env: "PIP_TARGET"},
		{prog: "pip", sub: "install", env: "PIP_PREFIX"},
		{prog: "pip", sub: "install", env: "PIP_ROOT"},
		{prog: "pip", sub: "install", env: "PYTHONUSERBASE"},
		{prog: "poetry", sub: "cache clear", env: "POETRY_CACHE_DIR", del: true},
		{prog: "pre-commit", sub: "clean", env: "PRE_COMMIT_HOME", del: true},
		{prog: "pre-commit", sub: "gc", env: "PRE_COMMIT_HOME", del: true},
		{prog: "ruff", sub: "clean", opts: "--cache-dir", env: "RUFF_CACHE_DIR", del: true},
		// pytest deletes an existing --basetemp before a run (also from
		// PYTEST_ADDOPTS: toolenv.go), clears its cache directory (-o
		// cache_dir=DIR) with --cache-clear and writes its layout there;
		// the default .pytest_cache of the root directory is its own.
		{prog: "pytest", opts: "--basetemp", del: true},
		{prog: "pytest", flags: "--cache-clear", opts: "cache_dir= --override-ini=cache_dir=", del: true},
		{prog: "pytest", opts: "cache_dir= --override-ini=cache_dir=", own: pytestCacheLayout},
		{prog: "py.test", opts: "--basetemp", del: true},
		{prog: "py.test", flags: "--cache-clear", opts: "cache_dir= --override-ini=cache_dir=", del: true},
		{prog: "py.test", opts: "cache_dir= --override-ini=cache_dir=", own: pytestCacheLayout},
		// JavaScript.
		{prog: "npm", sub: "cache clean", opts: "--cache", env: "npm_config_cache NPM_CONFIG_CACHE", del: true},
		{prog: "npm", opts: "--cache", env: "npm_config_cache NPM_CONFIG_CACHE", own: "_cacache _logs _npx _update-notifier-last-checked"},
		{prog: "npm", flags: "-g --global", opts: "--prefix", env: "npm_config_prefix NPM_CONFIG_PREFIX PREFIX"},
		{prog: "yarn", sub: "cache clean", opts: "--cache-folder", env: "YARN_CACHE_FOLDER", del: true},
		{prog: "pnpm", sub: "store prune", opts: "--store-dir", env: "npm_config_store_dir NPM_CONFIG_STORE_DIR", del: true},
		{prog: "bun", sub: "pm cache rm", env: "BUN_INSTALL_CACHE_DIR", del: true},
		{prog: "deno", sub: "clean", env: "DENO_DIR", del: true},
		// Others.
		{prog: "composer", sub: "clear-cache", env: "COMPOSER_CACHE_DIR", del: true},
		{prog: "composer", sub: "clearcache", env: "COMPOSER_CACHE_DIR", del: true},
		{prog: "bundle", sub: "clean", opts: "--path", env: "BUNDLE_PATH", del: true},
		{prog: "gem", sub: "uninstall", opts: "-i --install-dir", env: "GEM_HOME", del: true},
		{prog: "gem", sub: "install", opts: "-i --install-dir", env: "GEM_HOME"},
		{prog: "ccache", flags: "-C --clear -c --cleanup", env: "CCACHE_DIR", del: true},
		{prog: "bazel", sub: "clean", opts: "--output_base --output_user_root", env: "TEST_TMPDIR XDG_CACHE_HOME+bazel", del: true},
		{prog: "bazelisk", sub: "clean", opts: "--output_base --output_user_root", env: "TEST_TMPDIR XDG_CACHE_HOME+bazel", del: true},
		{prog: "gradle", env: "GRADLE_USER_HOME", own: gradleHomeLayout},
		{prog: "gradlew", env: "GRADLE_USER_HOME", own: gradleHomeLayout},
		{prog: "mvn", opts: "-Dmaven.repo.local=", env: "MAVEN_ARGS@-Dmaven.repo.local= MAVEN_OPTS@-Dmaven.repo.local=", own: "*"},
		{prog: "mvnw", opts: "-Dmaven.repo.local=", env: "MAVEN_ARGS@-Dmaven.repo.local= MAVEN_OPTS@-Dmaven.repo.local=", own: "*"},
		{prog: "dotnet", sub: "nuget locals", env: "NUGET_PACKAGES", del: true},
		// make install/uninstall: the Makefile installs below DESTDIR
		// (and PREFIX), taken from the environment as from the line.
		{prog: "make", sub: "install", opts: "DESTDIR= PREFIX= prefix=", env: "DESTDIR PREFIX prefix"},
		{prog: "make", sub: "uninstall", opts: "DESTDIR= PREFIX= prefix=", env: "DESTDIR PREFIX prefix", del: true},
		{prog: "gmake", sub: "install", opts: "DESTDIR= PREFIX= prefix=", env: "DESTDIR PREFIX prefix"},
		{prog: "gmake", sub: "uninstall", opts: "DESTDIR= PREFIX= prefix=", env: "DESTDIR PREFIX prefix", del: true},
	}
	m := map[string][]toolDir{}
	for _, d := range list {
		d.subW, d.flagW, d.optW = strings.Fields(d.sub), strings.Fields(d.flags), strings.Fields(d.opts)
		d.envW, d.ownW = strings.Fields(d.env), strings.Fields(d.own)
		m[d.prog] = append(m[d.prog], d)
	}
	return m
}}

// The layouts of homes that hold more than the program's own files
// (credentials, configuration).
const (
	cargoHomeLayout  = "registry git .package-cache .package-cache-mutate .global-cache bin .crates.toml .crates2.json"
	gradleHomeLayout = "caches wrapper daemon native notifications .tmp jdks kotlin-profile"
	// pytest's cache directory holds these, README.md among them
	pytestCacheLayout = "README.md .gitignore CACHEDIR.TAG v"
)

// maxSubWords bounds the operands searched for an entry's subcommand.
const maxSubWords = 4

// toolDirWrites reports the directories of toolDirs c acts on.
func (c *cmd) toolDirWrites() {
	ds := toolDirs.Get()[c.name]
	if len(ds) == 0 {
		return
	}
	var buf [maxSubWords]string
	ops := buf[:0]
	for _, f := range c.args {
		if f.s == "--" || len(ops) >= maxSubWords {
			break
		}
		if !strings.HasPrefix(f.s, "-") && !strings.Contains(f.s, "=") {
			ops = append(ops, f.s)
		}
	}
	var doneBuf [8]int
	done := doneBuf[:0] // the entries applied: a delete comes before the write of the same directory
	for k, d := range ds {
		if d.sub != "" && !wordsInOrder(ops, d.subW) {
			continue
		}
		if d.flags != "" && !c.hasFlag(d.flagW) {
			continue
		}
		if sameDirDone(ds, done, d) {
			continue
		}
		done = append(done, k)
		what := c.name
		if d.sub != "" {
			what += " " + d.sub
		}
		f, by, ok := c.toolDir(d)
		switch {
		case !ok:
			continue
		case f.dyn:
			c.opaque(by + " names the directory " + what + " acts on, not known statically")
		case d.del:
			c.del(f, what+" deletes the directory "+by+" names")
		case d.own != "":
			for _, name := range d.ownW {
				if name == "*" {
					name = ""
				}
				g := prefixGlob(field{s: strings.TrimSuffix(f.s, "/") + "/" + name}, "")
				g.cand = true
				c.write(g, what+" writes its own files into the directory "+by+" names")
			}
		default:
			c.write(f, what+" writes into the directory "+by+" names")
		}
	}
}

// sameDirDone reports whether an entry of ds applied already (done)
// names its directory as d does.
func sameDirDone(ds []toolDir, done []int, d toolDir) bool {
	for _, k := range done {
		if ds[k].opts == d.opts && ds[k].env == d.env {
			return true
		}
	}
	return false
}

// hasFlag reports whether one of flags is given (alone or as flag=V).
func (c *cmd) hasFlag(flags []string) bool {
	for _, a := range c.args {
		if a.s == "--" {
			return false
		}
		k, _, _ := strings.Cut(a.s, "=")
		if contains(flags, k) {
			return true
		}
	}
	return false
}

// toolDir returns the directory entry d names for c: an option's value,
// else the first of its variables that is set; by names where it came
// from. ok is false when none is given.
func (c *cmd) toolDir(d toolDir) (f field, by string, ok bool) {
	for _, o := range d.optW {
		for i, a := range c.args {
			if a.s == "--" {
				break
			}
			switch {
			case strings.HasSuffix(o, "="):
				if v, ok := strings.CutPrefix(a.s, o); ok {
					a.s = v
					return a, o, true
				}
			case a.s == o && i+1 < len(c.args):
				return c.args[i+1], o, true
			case strings.HasPrefix(a.s, o+"="):
				a.s = a.s[len(o)+1:]
				return a, o, true
			}
		}
	}
	for _, e := range d.envW {
		name, join, _ := strings.Cut(e, "+")
		name, opt, inWords := strings.Cut(name, "@")
		v, set := c.a.envOrVar(c.sc, name)
		if !set {
			continue
		}
		if !v.known {
			return field{s: "$" + name, dyn: true}, name, true
		}
		s := v.val
		if inWords {
			found := false
			for _, w := range optWords(s) {
				if rest, ok := strings.CutPrefix(w, opt); ok {
					s, found = rest, true
				}
			}
			if !found {
				continue
			}
		}
		if join != "" {
			s, _, _ = strings.Cut(s, ":")
			if s == "" {
				continue
			}
			s = path.Join(s, join)
		}
		if s == "" {
			continue
		}
		return field{s: s}, name, true
	}
	return field{}, "", false
}

// wordsInOrder reports whether words occur in ops one after the other.
func wordsInOrder(ops, words []string) bool {
	for i := 0; i+len(words) <= len(ops); i++ {
		j := 0
		for j < len(words) && ops[i+j] == words[j] {
			j++
		}
		if j == len(words) {
			return true
		}
	}
	return false
}

// envGiven reports whether the line gives c one of the variables.
func (c *cmd) envGiven(names ...string) bool {
	for _, n := range names {
		if _, set := c.a.envOrVar(c.sc, n); set {
			return true
		}
	}
	return false
}
