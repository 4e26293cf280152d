package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Dependency changes. block_dependency_changes and
// require_approval_dependency_changes name package ecosystems; a command
// of any package manager of that ecosystem that changes which packages a
// project or the machine has — adds one, removes one, upgrades one or
// all, installs one globally — hits them, however the manager spells it
// (npm i, npm add, pnpm add, yarn add, bun a, pip3 install,
// python -m pip install, uv add, uv pip install, poetry add, cargo add,
// go get, go install pkg@v, gem install, bundle add, composer require,
// dotnet add package, mvn dependency:get, apt install, …).
//
// Not a change: installing what the manifest or lock file already records
// (npm ci, npm install with no package, pip install -r requirements.txt,
// poetry install, uv sync, bundle install, composer install, cargo build,
// go mod download, go mod tidy, dotnet restore), downloading without
// installing (pip download), running a package (npx, uvx). A change to the
// manifest itself is a file write, which the path rules govern.

// ecosystems are the words of the dependency rules, besides "*".
var ecosystems = []string{"npm", "pypi", "cargo", "go", "rubygems", "composer", "nuget", "maven", "conda", "system"}

// ecosystemAliases name the ecosystem of words authors are likely to try.
var ecosystemAliases = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"pip": "pypi", "pip3": "pypi", "python": "pypi", "uv": "pypi", "poetry": "pypi", "pipenv": "pypi", "pdm": "pypi",
		"yarn": "npm", "pnpm": "npm", "bun": "npm", "node": "npm", "nodejs": "npm", "javascript": "npm", "js": "npm",
		"gem": "rubygems", "gems": "rubygems", "bundler": "rubygems", "bundle": "rubygems", "ruby": "rubygems",
		"crates": "cargo", "crates.io": "cargo", "rust": "cargo", "golang": "go", "gomod": "go",
		"dotnet": "nuget", "mvn": "maven", "gradle": "maven", "java": "maven",
		"apt": "system", "apt-get": "system", "brew": "system", "homebrew": "system", "dnf": "system", "yum": "system",
		"packagist": "composer", "php": "composer", "mamba": "conda",
	}
}}

func ecosystemWord(s string) (string, error) {
	return vocabularyWord(s, "package ecosystem", ecosystems, ecosystemAliases.Get())
}

// pmVerb is what a package manager's subcommand does to dependencies.
type pmVerb int

const (
	vNone    pmVerb = iota // installs what is recorded, builds, runs, lists
	vAdd                   // adds or upgrades the packages it names (a change only when it names one)
	vRemove                // removes packages
	vUpgrade               // upgrades named packages or all of them
	vGlobal                // installs or removes packages outside the project
)

// pkgManager describes one package manager's command line.
type pkgManager struct {
	eco   string
	verbs map[string]pmVerb
	// preVal are the options before the subcommand that take a value.
	preVal []string
	// postVal are the options after it that take a value (so that their
	// value is not taken for a package).
	postVal []string
	// post is postVal as parseOpts reads it (longNames and shortNames of
	// it), worked out once when pkgManagers is built instead of on every
	// command (TestPkgManagerPost)
	post optSet
	// global are the options that make the change global (npm -g).
	global []string
	// upgrade are the options that make any install an upgrade (pip -U,
	// uv sync --upgrade).
	upgrade []string
	// special reads the forms a verb table cannot: ok with a description
	// is a change, ok with "" is decided as no change, !ok falls back to
	// the verb table.
	special func(args []string) (what string, ok bool)
}

var (
	npmVerbs = &lazy.Value[map[string]pmVerb]{New: func() map[string]pmVerb {
		return map[string]pmVerb{
			"install": vAdd, "i": vAdd, "in": vAdd, "ins": vAdd, "inst": vAdd, "insta": vAdd, "instal": vAdd,
			"isnt": vAdd, "isnta": vAdd, "isntal": vAdd, "isntall": vAdd, "add": vAdd, "install-test": vAdd, "it": vAdd,
			"link": vAdd, "ln": vAdd,
			"uninstall": vRemove, "unlink": vRemove, "remove": vRemove, "rm": vRemove, "r": vRemove, "un": vRemove, "uni": vRemove,
			"update": vUpgrade, "up": vUpgrade, "upgrade": vUpgrade, "udpate": vUpgrade,
		}
	}}
	npmPreVal    = []string{"--prefix", "--registry", "--cache", "--userconfig", "--globalconfig", "-w", "--workspace", "--loglevel", "-C"}
	poetryPreVal = []string{"-C", "--directory", "-P", "--project"}
	cargoPreVal  = []string{"-Z", "--config", "-C", "--color"}
	pipVerbs     = &lazy.Value[map[string]pmVerb]{New: func() map[string]pmVerb {
		return map[string]pmVerb{"install": vAdd, "uninstall": vRemove}
	}}
	pipPostVal    = []string{"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--python-version", "--platform", "--implementation", "--abi", "--src", "--upgrade-strategy", "--progress-bar", "--log", "--cache-dir", "--proxy", "--retries", "--timeout", "--trusted-host", "--cert", "--client-cert", "--python", "--exists-action", "--global-option", "--config-settings", "-C", "--report", "--no-binary", "--only-binary", "--group"}
	pipPreVal     = []string{"--log", "--cache-dir", "--proxy", "--retries", "--timeout", "--trusted-host", "--cert", "--client-cert", "--python", "--exists-action"}
	systemInstall = &lazy.Value[map[string]pmVerb]{New: func() map[string]pmVerb {
		return map[string]pmVerb{"install": vGlobal, "in": vGlobal, "reinstall": vGlobal, "add": vGlobal, "remove": vGlobal, "rm": vGlobal, "erase": vGlobal, "purge": vGlobal, "del": vGlobal, "uninstall": vGlobal, "autoremove": vGlobal, "upgrade": vGlobal, "update": vGlobal, "up": vGlobal, "full-upgrade": vGlobal, "dist-upgrade": vGlobal, "dup": vGlobal, "downgrade": vGlobal, "distro-sync": vGlobal, "swap": vGlobal, "build-dep": vGlobal, "refresh": vGlobal, "fix": vGlobal, "groupinstall": vGlobal, "localinstall": vGlobal}
	}}
)

// pkgManagers maps a program name to its description.
var pkgManagers = &lazy.Value[map[string]*pkgManager]{New: func() map[string]*pkgManager {
	m := pkgManagerTable()
	for _, pm := range m {
		pm.post = postOptSet(pm.postVal)
	}
	return m
}}

// postOptSet is the optSet of a package manager's options after its
// subcommand that take a value.
func postOptSet(postVal []string) optSet {
	return optSet{longVal: longNames(postVal), shortVal: shortNames(postVal)}
}

// pipPost is postOptSet(pipPostVal), for pip run through another tool.
var pipPost = &lazy.Value[optSet]{New: func() optSet { return postOptSet(pipPostVal) }}

// pkgManagerTable builds pkgManagers' map, without the option sets.
func pkgManagerTable() map[string]*pkgManager {
	return map[string]*pkgManager{
		"npm": {eco: "npm", verbs: npmVerbs.Get(),
			preVal:  npmPreVal,
			postVal: []string{"--prefix", "--registry", "--tag", "-w", "--workspace", "--omit", "--include", "--install-strategy", "--location"},
			global:  []string{"-g", "--global", "--location=global"}, special: npmSpecial},
		"pnpm": {eco: "npm", verbs: map[string]pmVerb{"add": vAdd, "install": vAdd, "i": vAdd, "link": vAdd, "ln": vAdd,
			"remove": vRemove, "rm": vRemove, "uninstall": vRemove, "un": vRemove, "uni": vRemove, "unlink": vRemove,
			"update": vUpgrade, "up": vUpgrade, "upgrade": vUpgrade},
			preVal: []string{"-C", "--dir", "--filter", "-F", "--reporter", "--loglevel"}, postVal: []string{"--filter", "-F", "--reporter"},
			global: []string{"-g", "--global"}},
		"yarn": {eco: "npm", verbs: map[string]pmVerb{"add": vAdd, "install": vAdd, "link": vAdd,
			"remove": vRemove, "unlink": vRemove, "upgrade": vUpgrade, "up": vUpgrade, "upgrade-interactive": vUpgrade, "global": vGlobal},
			preVal: []string{"--cwd", "--modules-folder", "--cache-folder"}},
		"bun": {eco: "npm", verbs: map[string]pmVerb{"add": vAdd, "a": vAdd, "install": vAdd, "i": vAdd, "link": vAdd,
			"remove": vRemove, "rm": vRemove, "unlink": vRemove, "update": vUpgrade, "upgrade": vNone},
			preVal: []string{"--cwd"}, global: []string{"-g", "--global"}},
		"pip":    {eco: "pypi", verbs: pipVerbs.Get(), preVal: pipPreVal, postVal: pipPostVal, global: []string{"--user"}, upgrade: []string{"-U", "--upgrade"}},
		"uv":     {eco: "pypi", special: uvSpecial},
		"poetry": {eco: "pypi", verbs: map[string]pmVerb{"add": vAdd, "remove": vRemove, "rm": vRemove, "update": vUpgrade, "up": vUpgrade, "self": vNone, "lock": vNone}, preVal: poetryPreVal, postVal: []string{"-G", "--group", "-E", "--extras", "--source", "--python", "--platform", "--markers"}, special: poetrySpecial},
		"pipenv": {eco: "pypi", verbs: map[string]pmVerb{"install": vAdd, "uninstall": vRemove, "update": vUpgrade, "upgrade": vUpgrade}, postVal: []string{"--python", "-i", "--index", "--categories", "-r", "--requirements"}},
		"pdm":    {eco: "pypi", verbs: map[string]pmVerb{"add": vAdd, "remove": vRemove, "update": vUpgrade}, preVal: []string{"-p", "--project"}, postVal: []string{"-G", "--group", "-p", "--project"}},
		"pipx": {eco: "pypi", verbs: map[string]pmVerb{"install": vGlobal, "inject": vGlobal, "upgrade": vGlobal, "upgrade-all": vGlobal,
			"uninstall": vGlobal, "uninstall-all": vGlobal, "reinstall": vGlobal, "reinstall-all": vGlobal, "upgrade-shared": vGlobal}},
		"easy_install": {eco: "pypi", special: func(args []string) (string, bool) { return "installs " + strings.Join(args, " "), len(args) > 0 }},
		"conda":        condaPM,
		"mamba":        condaPM,
		"micromamba":   condaPM,
		"cargo": {eco: "cargo", verbs: map[string]pmVerb{"add": vAdd, "remove": vRemove, "rm": vRemove, "install": vGlobal, "binstall": vGlobal, "uninstall": vGlobal, "update": vUpgrade},
			preVal: cargoPreVal, special: cargoSpecial},
		"go":       {eco: "go", special: goSpecial},
		"gem":      {eco: "rubygems", verbs: map[string]pmVerb{"install": vGlobal, "i": vGlobal, "uninstall": vGlobal, "update": vGlobal}},
		"bundle":   {eco: "rubygems", verbs: map[string]pmVerb{"add": vAdd, "remove": vRemove, "update": vUpgrade, "lock": vNone}, special: bundleSpecial},
		"bundler":  {eco: "rubygems", verbs: map[string]pmVerb{"add": vAdd, "remove": vRemove, "update": vUpgrade, "lock": vNone}, special: bundleSpecial},
		"composer": {eco: "composer", special: composerSpecial},
		"dotnet":   {eco: "nuget", special: dotnetSpecial},
		"nuget":    {eco: "nuget", verbs: map[string]pmVerb{"install": vAdd, "update": vUpgrade, "delete": vRemove}},
		"paket":    {eco: "nuget", verbs: map[string]pmVerb{"add": vAdd, "remove": vRemove, "update": vUpgrade}},
		"mvn":      {eco: "maven", special: mavenSpecial},
		"mvnw":     {eco: "maven", special: mavenSpecial},
		"apt":      {eco: "system", verbs: systemInstall.Get(), postVal: []string{"-o", "-t", "--target-release", "-c"}},
		"apt-get":  {eco: "system", verbs: systemInstall.Get(), postVal: []string{"-o", "-t", "--target-release", "-c"}},
		"aptitude": {eco: "system", verbs: systemInstall.Get()},
		"brew":     {eco: "system", verbs: map[string]pmVerb{"install": vGlobal, "reinstall": vGlobal, "uninstall": vGlobal, "remove": vGlobal, "rm": vGlobal, "upgrade": vGlobal, "tap": vGlobal, "link": vGlobal}},
		"dnf":      {eco: "system", verbs: systemInstall.Get()},
		"yum":      {eco: "system", verbs: systemInstall.Get()},
		"microdnf": {eco: "system", verbs: systemInstall.Get()},
		"tdnf":     {eco: "system", verbs: systemInstall.Get()},
		"zypper":   {eco: "system", verbs: systemInstall.Get()},
		"apk":      {eco: "system", verbs: systemInstall.Get()},
		"port":     {eco: "system", verbs: systemInstall.Get()},
		"snap":     {eco: "system", verbs: systemInstall.Get()},
		"flatpak":  {eco: "system", verbs: systemInstall.Get()},
		"winget":   {eco: "system", verbs: systemInstall.Get()},
		"choco":    {eco: "system", verbs: systemInstall.Get()},
		"scoop":    {eco: "system", verbs: systemInstall.Get()},
		"pacman":   {eco: "system", special: pacmanSpecial},
		"yay":      {eco: "system", special: pacmanSpecial},
		"paru":     {eco: "system", special: pacmanSpecial},
		"dpkg":     {eco: "system", special: dpkgSpecial},
		"nix-env":  {eco: "system", special: nixEnvSpecial},
		"nix":      {eco: "system", special: nixSpecial},
	}
}

// condaPM is conda's command line, and mamba's and micromamba's (its
// reimplementations).
var condaPM = &pkgManager{eco: "conda", verbs: map[string]pmVerb{"install": vAdd, "remove": vRemove, "uninstall": vRemove, "update": vUpgrade, "upgrade": vUpgrade, "create": vAdd},
	postVal: []string{"-n", "--name", "-p", "--prefix", "-c", "--channel", "--file", "--override-channels", "-r", "--root-prefix"}}

// versionedTool matches the names of versioned package-manager binaries
// (pip3, pip3.12) and interpreters (python3.12).
var versionedTool = &lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^(pip|python|py)[0-9.]*$`) }}

// versionedToolMatch is versionedTool's FindStringSubmatch for name, nil
// without the search for a name that does not start with "p".
func versionedToolMatch(name string) []string {
	if !strings.HasPrefix(name, "p") {
		return nil
	}
	return versionedTool.Get().FindStringSubmatch(name)
}

// depChange is a dependency change a command makes.
type depChange struct {
	eco    string
	what   string // "adds left-pad", "removes x", "upgrades every dependency", …
	dyn    bool   // the command only could be a change (a part not known statically)
	global bool   // outside the project: for the user or the machine
}

// dependencyChange reports whether c changes dependencies, and how.
func dependencyChange(c *shell.Command) (depChange, bool) {
	name, args := c.Name, c.Args
	// Runners that start a package manager: corepack pnpm …, npx npm …,
	// node …/npm-cli.js …, python -m uv ….
	for hop := 0; hop < 3; hop++ {
		switch {
		case (name == "corepack" || name == "npx" || name == "bunx" || name == "pnpx") && len(args) > 0:
			rest := args
			for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
				rest = rest[1:]
			}
			if len(rest) == 0 {
				return depChange{}, false
			}
			n, _, _ := strings.Cut(path.Base(rest[0]), "@")
			if pkgManagers.Get()[n] == nil {
				return depChange{}, false
			}
			name, args = n, rest[1:]
			continue
		case name == "node" && len(args) > 0 && strings.HasSuffix(args[0], "npm-cli.js"):
			name, args = "npm", args[1:]
			continue
		}
		break
	}
	if m := versionedToolMatch(name); m != nil && m[1] != "pip" {
		for _, mod := range []string{"pip", "pipx", "uv", "poetry", "pdm", "pipenv", "conda"} {
			if rest, ok := pythonModule(args, mod); ok {
				return dependencyChange(&shell.Command{Name: mod, Args: rest, Dynamic: c.Dynamic})
			}
		}
		return depChange{}, false
	}
	if strings.HasPrefix(name, "p") && versionedTool.Get().MatchString(name) {
		name = "pip" // pip3, pip3.12
	}
	pm, ok := pkgManagers.Get()[name]
	if !ok {
		return depChange{}, false
	}
	if pm.special != nil {
		what, ok := pm.special(args)
		if ok {
			if what == "" {
				return depChange{}, false
			}
			return depChange{eco: pm.eco, what: what, dyn: c.Dynamic && strings.ContainsAny(what, "$`")}, true
		}
		if pm.verbs == nil {
			return depChange{}, false
		}
	}
	verb, rest, dyn := pmVerbOf(args, pm.preVal)
	if dyn {
		return depChange{eco: pm.eco, what: fmt.Sprintf("runs %s subcommand %q, not known before the line runs", name, verb), dyn: true}, true
	}
	v, ok := pm.verbs[verb]
	if !ok {
		return depChange{}, false
	}
	opts, pkgs := parseOpts(rest, pm.post)
	global := false
	for _, g := range pm.global {
		if strings.Contains(g, "=") {
			for _, o := range opts {
				if o.name+"="+o.val == g {
					global = true
				}
			}
		} else if hasOpt(opts, g) {
			global = true
		}
	}
	upgrade := len(pm.upgrade) > 0 && hasOpt(opts, pm.upgrade...)
	if name == "pip" {
		pkgs = pipPackages(opts, pkgs)
	}
	list := strings.Join(pkgs, " ")
	switch {
	case v == vNone && !upgrade:
		return depChange{}, false
	case v == vGlobal:
		return depChange{eco: pm.eco, what: fmt.Sprintf("changes packages installed for the whole machine or user: %s %s", name, verb), global: true}, true
	case v == vRemove:
		return depChange{eco: pm.eco, what: "removes " + orAll(list)}, true
	case v == vUpgrade:
		return depChange{eco: pm.eco, what: "upgrades " + orAll(list)}, true
	case upgrade:
		return depChange{eco: pm.eco, what: "upgrades " + orAll(list)}, true
	case len(pkgs) == 0:
		return depChange{}, false // installs what the manifest records
	case global:
		return depChange{eco: pm.eco, what: "installs " + list + " globally", global: true}, true
	}
	return depChange{eco: pm.eco, what: "adds " + list}, true
}

func orAll(list string) string {
	if list == "" {
		return "every dependency"
	}
	return list
}

// pmVerbOf skips the options before a package manager's subcommand and
// returns it, the arguments after it, and whether it is not static.
func pmVerbOf(args, preVal []string) (verb string, rest []string, dyn bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			continue
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			if !strings.Contains(a, "=") && slicesContains(preVal, a) {
				i++
			}
			continue
		}
		if strings.HasPrefix(a, "+") { // cargo +nightly
			continue
		}
		return a, args[i+1:], dynamicWord(a)
	}
	return "", nil, false
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func longNames(opts []string) []string {
	var out []string
	for _, o := range opts {
		if strings.HasPrefix(o, "--") {
			out = append(out, o[2:])
		}
	}
	return out
}

func shortNames(opts []string) string {
	var b strings.Builder
	for _, o := range opts {
		if len(o) == 2 && o[0] == '-' && o[1] != '-' {
			b.WriteByte(o[1])
		}
	}
	return b.String()
}

// pythonModule returns the arguments of `python [opts] -m MODULE args`.
func pythonModule(args []string, module string) ([]string, bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-m" && i+1 < len(args):
			return args[i+2:], args[i+1] == module
		case strings.HasPrefix(a, "-m") && len(a) > 2:
			return args[i+1:], a[2:] == module
		case a == "-X" || a == "-W":
			i++
		case a == "-c" || !strings.HasPrefix(a, "-"):
			return nil, false
		}
	}
	return nil, false
}

// pipPackages keeps the requirements pip installs from the index or a
// URL: local paths (the project itself, ".", "./x") are not dependencies
// from a registry; -e VCS-URL is.
func pipPackages(opts []parsedOpt, pos []string) []string {
	var out []string
	local := func(s string) bool {
		return s == "." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "/")
	}
	for _, p := range pos {
		if !local(p) {
			out = append(out, p)
		}
	}
	for _, e := range optVals(opts, "-e", "--editable") {
		if !local(e) {
			out = append(out, e)
		}
	}
	return out
}

// ---- the managers whose command lines need more than a verb table ------

func npmSpecial(args []string) (string, bool) {
	verb, rest, _ := pmVerbOf(args, npmPreVal)
	switch verb {
	case "audit":
		for _, a := range rest {
			if a == "fix" {
				return "upgrades dependencies (npm audit fix)", true
			}
		}
	case "pkg":
		if len(rest) > 1 && (rest[0] == "set" || rest[0] == "delete") {
			for _, kv := range rest[1:] {
				k := strings.ToLower(kv)
				if strings.HasPrefix(k, "dependencies") || strings.HasPrefix(k, "devdependencies") ||
					strings.HasPrefix(k, "peerdependencies") || strings.HasPrefix(k, "optionaldependencies") ||
					strings.HasPrefix(k, "bundledependencies") || strings.HasPrefix(k, "overrides") {
					return "edits the dependencies in package.json (npm pkg " + rest[0] + ")", true
				}
			}
		}
	}
	return "", false
}

func uvSpecial(args []string) (string, bool) {
	verb, rest, dyn := pmVerbOf(args, []string{"--directory", "--project", "-p", "--python", "--cache-dir", "--config-file", "--color"})
	if dyn {
		return "runs uv " + verb + ", not known before the line runs", true
	}
	has := func(names ...string) bool {
		for _, a := range rest {
			n, _, _ := strings.Cut(a, "=")
			if slicesContains(names, n) {
				return true
			}
		}
		return false
	}
	switch verb {
	case "add":
		if len(positionals(rest)) == 0 {
			return "", true
		}
		return "adds " + strings.Join(positionals(rest), " "), true
	case "remove":
		return "removes " + strings.Join(positionals(rest), " "), true
	case "pip":
		if len(rest) > 0 {
			sub, pargs := rest[0], rest[1:]
			opts, pos := parseOpts(pargs, pipPost.Get())
			pkgs := pipPackages(opts, pos)
			switch {
			case sub == "uninstall":
				return "removes " + strings.Join(pkgs, " "), true
			case sub == "install" && (len(pkgs) > 0 || hasOpt(opts, "-U", "--upgrade")):
				return "adds or upgrades " + orAll(strings.Join(pkgs, " ")), true
			}
		}
	case "lock", "sync":
		if has("-U", "--upgrade", "-P", "--upgrade-package") {
			return "upgrades dependencies (uv " + verb + " --upgrade)", true
		}
	case "tool":
		if len(rest) > 0 {
			switch rest[0] {
			case "install", "upgrade", "uninstall":
				return "changes packages installed for the user (uv tool " + rest[0] + ")", true
			}
		}
	}
	return "", false
}

func poetrySpecial(args []string) (string, bool) {
	verb, rest, _ := pmVerbOf(args, poetryPreVal)
	switch verb {
	case "self":
		if len(rest) > 0 && (rest[0] == "add" || rest[0] == "remove" || rest[0] == "update") {
			return "changes Poetry's own packages (poetry self " + rest[0] + ")", true
		}
	case "lock":
		for _, a := range rest {
			if a == "--regenerate" {
				return "re-resolves every dependency (poetry lock --regenerate)", true
			}
		}
	}
	return "", false
}

func cargoSpecial(args []string) (string, bool) {
	verb, rest, _ := pmVerbOf(args, cargoPreVal)
	if verb == "install" {
		for _, a := range rest {
			if a == "--path" || strings.HasPrefix(a, "--path=") {
				return "", true // installs the local crate itself
			}
		}
	}
	return "", false
}

func goSpecial(args []string) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	switch args[0] {
	case "get":
		return "changes module requirements (go get " + strings.Join(positionals(args[1:]), " ") + ")", true
	case "install":
		for _, a := range positionals(args[1:]) {
			if strings.Contains(a, "@") {
				return "installs " + a + " for the user", true
			}
		}
	case "mod":
		if len(args) > 1 && args[1] == "edit" {
			for _, a := range args[2:] {
				for _, f := range []string{"-require", "-droprequire", "-replace", "-dropreplace", "-exclude", "-dropexclude", "-go", "-toolchain", "-tool", "-droptool"} {
					if a == f || strings.HasPrefix(a, f+"=") {
						return "edits module requirements (go mod edit " + a + ")", true
					}
				}
			}
		}
	}
	return "", false
}

func bundleSpecial(args []string) (string, bool) {
	if len(args) > 0 && args[0] == "lock" {
		for _, a := range args[1:] {
			if a == "--update" || strings.HasPrefix(a, "--update=") {
				return "upgrades gems (bundle lock --update)", true
			}
		}
	}
	return "", false
}

// composerSpecial: Symfony console accepts any unambiguous prefix of a
// command name.
func composerSpecial(args []string) (string, bool) {
	verb, rest, dyn := pmVerbOf(args, []string{"-d", "--working-dir"})
	if dyn {
		return "runs composer " + verb + ", not known before the line runs", true
	}
	global := false
	if verb == "global" || verb == "g" {
		global = true
		verb, rest, _ = pmVerbOf(rest, nil)
	}
	kind := ""
	switch {
	case verb == "u" || verb == "up" || verb == "upgrade" || len(verb) >= 3 && strings.HasPrefix("update", verb):
		kind = "upgrades"
	case len(verb) >= 3 && strings.HasPrefix("require", verb):
		kind = "adds"
	case len(verb) >= 3 && strings.HasPrefix("remove", verb):
		kind = "removes"
	case len(verb) >= 3 && strings.HasPrefix("reinstall", verb), verb == "bump":
		kind = "changes"
	default:
		return "", false
	}
	what := kind + " " + orAll(strings.Join(positionals(rest), " "))
	if global {
		what += " globally"
	}
	return what, true
}

func dotnetSpecial(args []string) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	switch args[0] {
	case "add", "remove":
		for _, a := range args[1:] {
			if a == "package" {
				return args[0] + "s a NuGet package (dotnet " + args[0] + " package)", true
			}
		}
	case "package":
		if len(args) > 1 && (args[1] == "add" || args[1] == "remove" || args[1] == "update") {
			return args[1] + "s a NuGet package (dotnet package " + args[1] + ")", true
		}
	case "tool":
		if len(args) > 1 && (args[1] == "install" || args[1] == "update" || args[1] == "uninstall") {
			return "changes .NET tools (dotnet tool " + args[1] + ")", true
		}
	}
	return "", false
}

func mavenSpecial(args []string) (string, bool) {
	for _, a := range args {
		l := strings.ToLower(a)
		switch {
		case l == "dependency:get" || strings.Contains(l, "maven-dependency-plugin") && strings.HasSuffix(l, ":get"):
			return "downloads and installs an artifact (" + a + ")", true
		case strings.HasPrefix(l, "versions:use-") || strings.HasPrefix(l, "versions:update-") || strings.HasPrefix(l, "versions:force-"):
			return "changes dependency versions (" + a + ")", true
		case l == "install:install-file":
			return "installs an artifact into the local repository (" + a + ")", true
		}
	}
	return "", false
}

func pacmanSpecial(args []string) (string, bool) {
	for _, a := range args {
		switch {
		case a == "--sync" || strings.HasPrefix(a, "-S") && !strings.ContainsAny(a[2:], "silgpc"):
			return "changes system packages (" + a + ")", true
		case a == "--remove" || a == "--upgrade" || strings.HasPrefix(a, "-R") || strings.HasPrefix(a, "-U"):
			return "changes system packages (" + a + ")", true
		}
	}
	return "", false
}

func dpkgSpecial(args []string) (string, bool) {
	for _, a := range args {
		switch a {
		case "-i", "--install", "-r", "--remove", "-P", "--purge", "--unpack", "--configure", "-a":
			return "changes system packages (dpkg " + a + ")", true
		}
	}
	return "", false
}

func nixEnvSpecial(args []string) (string, bool) {
	for _, a := range args {
		if a == "--install" || a == "--uninstall" || a == "--upgrade" || a == "--set" ||
			strings.HasPrefix(a, "-i") || strings.HasPrefix(a, "-e") || strings.HasPrefix(a, "-u") {
			return "changes the user's Nix packages (" + a + ")", true
		}
	}
	return "", false
}

func nixSpecial(args []string) (string, bool) {
	if len(args) > 1 && args[0] == "profile" {
		switch args[1] {
		case "install", "add", "remove", "upgrade":
			return "changes the user's Nix profile (nix profile " + args[1] + ")", true
		}
	}
	return "", false
}

// dependencyRules applies the dependency-change rules to one command.
func (ev *evaluation) dependencyRules(c *shell.Command) {
	x := &ev.p.idx.ext
	if len(x.blockDeps)+len(x.approveDeps) == 0 {
		return
	}
	ch, ok := dependencyChange(c)
	if !ok {
		return
	}
	eff := Deny
	if ch.dyn {
		eff = Ask
	}
	// What the command does, written only for a rule that matches.
	how := func() string {
		if ch.dyn {
			return fmt.Sprintf("command %q could change %s dependencies: it %s", c.Line, ch.eco, ch.what)
		}
		return fmt.Sprintf("command %q %s (%s dependencies)", c.Line, ch.what, ch.eco)
	}
	for _, rf := range x.blockDeps {
		if w := ev.p.entry(rf).word; w == "*" || w == ch.eco {
			ev.user(rf, eff, c.Line, fmt.Sprintf("%s, which block_dependency_changes %q forbids", how(), ev.p.entry(rf).text))
		}
	}
	for _, rf := range x.approveDeps {
		if w := ev.p.entry(rf).word; w == "*" || w == ch.eco {
			ev.user(rf, Ask, c.Line, fmt.Sprintf("%s, which require_approval_dependency_changes %q puts to a human", how(), ev.p.entry(rf).text))
		}
	}
}
