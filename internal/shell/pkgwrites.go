package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// What package managers write when they change a project's dependencies,
// as data. npm i lodash, npm add, npm isntall, pnpm add, yarn add, pip3
// install, uv pip install, cargo +nightly add … rewrite the project's
// manifest and lock file (package.json and package-lock.json, Cargo.toml
// and Cargo.lock, go.mod and go.sum, …) or install outside the project
// (npm -g, pip, cargo install, gem install): those writes are reported,
// whatever the spelling, so that the path rules judge a dependency change.
// Installing what the lock file already says (npm ci, pnpm install with
// no package, composer install) changes no manifest and is not reported.
//
// The project is the directory named by the manager's directory option
// (--prefix, -C, --cwd, --dir, --manifest-path, --project), else the cwd;
// managers that look for their manifest in the directories above use the
// nearest one that has it, so the same files in every directory from the
// cwd up to the repository root are reported as candidate writes.

// pkgManager describes one package manager.
type pkgManager struct {
	valued  string // global options taking a value as the next word
	dirOpts string // options naming the project directory
	cwdOpts string // options that make the commands it runs start in their directory
	global  string // options that make it install for the user, not the project
	walkUp  bool   // finds its manifest in the directories above the cwd
	ops     []pkgOp
}

// pkgOp is a group of subcommands and what they write.
type pkgOp struct {
	subs  string // subcommand names and aliases
	names bool   // writes only when given package names (not for a plain install)
	files string // project files written
	home  string // home-relative paths written (installs outside the project)
	globl string // home-relative paths written with a global option
}

const npmValued = "--prefix -C --registry --cache --userconfig --globalconfig --workspace -w --loglevel --tag --otp --scope --before --omit --include --install-strategy --cpu --os --libc --location --auth-type --access --script-shell --node-options"

var pkgManagers = &lazy.Value[map[string]pkgManager]{New: func() map[string]pkgManager {
	return map[string]pkgManager{
		"npm": {valued: npmValued, dirOpts: "--prefix -C", global: "-g --global --location=global", walkUp: true, ops: []pkgOp{
			{subs: "install i in ins inst insta instal isnt isnta isntal isntall add install-test it", names: true,
				files: "package.json package-lock.json", globl: ".npm-global .local/lib/node_modules"},
			{subs: "uninstall un unlink remove rm r", files: "package.json package-lock.json", globl: ".npm-global .local/lib/node_modules"},
			{subs: "update up upgrade udpate dedupe ddp prune", files: "package-lock.json"},
			{subs: "link ln", names: true, files: "package.json package-lock.json"},
			{subs: "pkg", names: true, files: "package.json"},
			{subs: "version", names: true, files: "package.json package-lock.json"},
			{subs: "init create innit", files: "package.json"},
		}},
		"pnpm": {valued: "--dir -C --filter -F --reporter --store-dir --virtual-store-dir --workspace-dir --loglevel --registry", dirOpts: "--dir -C", cwdOpts: "--dir -C", global: "-g --global", walkUp: true, ops: []pkgOp{
			{subs: "add", files: "package.json pnpm-lock.yaml", globl: ".local/share/pnpm"},
			{subs: "install i", names: true, files: "package.json pnpm-lock.yaml", globl: ".local/share/pnpm"},
			{subs: "remove rm uninstall un", files: "package.json pnpm-lock.yaml", globl: ".local/share/pnpm"},
			{subs: "update up upgrade", files: "package.json pnpm-lock.yaml"},
			{subs: "link ln import dedupe", files: "package.json pnpm-lock.yaml"},
			{subs: "init", files: "package.json"},
		}},
		"yarn": {valued: "--cwd --modules-folder --cache-folder --registry --network-timeout", dirOpts: "--cwd", cwdOpts: "--cwd", walkUp: true, ops: []pkgOp{
			{subs: "add", files: "package.json yarn.lock"},
			{subs: "remove upgrade up upgrade-interactive dedupe import link unlink", files: "package.json yarn.lock"},
			{subs: "global-add global-remove global-upgrade", home: ".config/yarn/global .yarn/bin"},
			{subs: "init", files: "package.json"},
		}},
		"bun": {valued: "--cwd --registry --backend --cache-dir", dirOpts: "--cwd", cwdOpts: "--cwd", global: "-g --global", walkUp: true, ops: []pkgOp{
			{subs: "add a", files: "package.json bun.lockb bun.lock", globl: ".bun/install/global .bun/bin"},
			{subs: "install i", names: true, files: "package.json bun.lockb bun.lock", globl: ".bun/install/global .bun/bin"},
			{subs: "remove rm update upgrade link", files: "package.json bun.lockb bun.lock"},
			{subs: "init", files: "package.json"},
		}},
		"deno": {valued: "--config -c", ops: []pkgOp{
			{subs: "add remove", files: "deno.json deno.jsonc deno.lock package.json"},
			{subs: "install i", names: true, files: "deno.json deno.lock", globl: ".deno/bin"},
		}, global: "-g --global"},
		"pip": {valued: "--python --log --cache-dir --proxy --retries --timeout --exists-action --trusted-host --cert --client-cert --src --prefix --root --target -t --upgrade-strategy --index-url -i --extra-index-url -f --find-links -c --constraint -r --requirement", ops: []pkgOp{
			{subs: "install", names: true, home: ".local/lib .local/bin"},
			{subs: "uninstall", home: ".local/lib .local/bin"},
		}},
		"uv": {valued: "--directory --project --python -p --cache-dir --config-file --index --default-index --index-url --extra-index-url --color", dirOpts: "--directory --project", cwdOpts: "--directory", walkUp: true, ops: []pkgOp{
			{subs: "add remove", files: "pyproject.toml uv.lock"},
			{subs: "lock", files: "uv.lock"},
			{subs: "tool-install tool-upgrade tool-uninstall", home: ".local/share/uv/tools .local/bin"},
		}},
		"poetry": {valued: "--directory -C --project -P", dirOpts: "--directory -C --project -P", cwdOpts: "--directory -C", walkUp: true, ops: []pkgOp{
			{subs: "add remove", files: "pyproject.toml poetry.lock"},
			{subs: "lock update", files: "poetry.lock"},
		}},
		"pdm": {valued: "--project -p", dirOpts: "--project -p", walkUp: true, ops: []pkgOp{
			{subs: "add remove", files: "pyproject.toml pdm.lock"},
			{subs: "lock update", files: "pdm.lock"},
		}},
		"rye": {valued: "--pyproject", walkUp: true, ops: []pkgOp{
			{subs: "add remove", files: "pyproject.toml requirements.lock requirements-dev.lock"},
			{subs: "lock", files: "requirements.lock requirements-dev.lock"},
		}},
		"pipenv": {walkUp: true, ops: []pkgOp{
			{subs: "install", names: true, files: "Pipfile Pipfile.lock"},
			{subs: "uninstall update upgrade lock", files: "Pipfile Pipfile.lock"},
		}},
		"cargo": {valued: "--color -Z --config -C --manifest-path --target-dir --package -p", dirOpts: "-C", walkUp: true, ops: []pkgOp{
			{subs: "add remove rm", files: "Cargo.toml Cargo.lock"},
			{subs: "update generate-lockfile", files: "Cargo.lock"},
			{subs: "install binstall", names: true, home: ".cargo/bin .cargo/.crates.toml .cargo/.crates2.json"},
			{subs: "uninstall", home: ".cargo/bin .cargo/.crates.toml .cargo/.crates2.json"},
		}},
		"composer": {valued: "--working-dir -d", dirOpts: "--working-dir -d", walkUp: true, ops: []pkgOp{
			{subs: "require req remove rm", files: "composer.json composer.lock"},
			{subs: "update u upgrade", files: "composer.lock"},
			{subs: "global-require global-remove global-update", home: ".config/composer .composer"},
		}},
		"gem": {valued: "--install-dir -i --bindir -n --source --platform -v --version", ops: []pkgOp{
			{subs: "install i update", names: true, home: ".gem .local/share/gem"},
			{subs: "uninstall", home: ".gem .local/share/gem"},
		}},
		"bundle": {valued: "--gemfile --path", walkUp: true, ops: []pkgOp{
			{subs: "add remove", files: "Gemfile Gemfile.lock"},
			{subs: "update lock", files: "Gemfile.lock"},
		}},
		"go": {valued: "-C -modfile", dirOpts: "-C", walkUp: true, ops: []pkgOp{
			{subs: "get", files: "go.mod go.sum"},
		}},
		"dotnet": {ops: []pkgOp{{subs: "add remove", files: "*.csproj *.fsproj *.vbproj packages.lock.json"}}},
		// conda and its reimplementations install into an environment below
		// the user's conda root (or the one -p names)
		"conda":      condaManager,
		"mamba":      condaManager,
		"micromamba": condaManager,
		"mix":        {ops: []pkgOp{{subs: "deps.get deps.update deps.unlock", files: "mix.lock"}}},
	}
}}

// condaManager is conda's, mamba's and micromamba's command line.
var condaManager = pkgManager{valued: "-n --name -p --prefix -c --channel --file -r --root-prefix --override-channels", dirOpts: "-p --prefix", ops: []pkgOp{
	{subs: "install update upgrade remove uninstall create", home: ".conda miniconda3 anaconda3 miniforge3 mambaforge micromamba .local/share/mamba"},
}}

// systemManagers install into the system's directories.
var systemManagers = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{"apt": "install remove purge autoremove upgrade full-upgrade dist-upgrade reinstall",
		"apt-get": "install remove purge autoremove upgrade dist-upgrade reinstall", "dnf": "install remove erase upgrade update reinstall",
		"yum": "install remove erase update upgrade reinstall", "apk": "add del upgrade", "pacman": "-S -R -U -Sy -Syu -Su",
		"zypper": "install in remove rm update up dup", "snap": "install remove refresh", "flatpak": "install uninstall update",
		"port": "install uninstall upgrade"}
}}

// pkgWrites reports what package manager c (name: pip3, pip3.12 and
// python -m pip are pip) writes for its subcommand.
func (c *cmd) pkgWrites() {
	name := c.name
	if isPip(name) {
		name = "pip"
	}
	if subs, ok := systemManagers.Get()[name]; ok {
		c.systemInstall(subs)
		return
	}
	pm, ok := pkgManagers.Get()[name]
	if name == "easy_install" {
		ok = true
	}
	if !ok || len(c.args) == 0 {
		return
	}
	// The option lists are read as fields where asked (hasField), not
	// split on every call.
	valued, dirOpts := pm.valued, pm.dirOpts
	var ops []field
	var flags []string
	var dir *field
	args := c.args
	if name == "easy_install" {
		// setuptools' installer: pip install by another name
		pm = pkgManagers.Get()["pip"]
		valued = pm.valued
		args = append([]field{{s: "install"}}, args...)
		name = "pip"
	}
	if name == "uv" && len(args) > 0 && c.s(0) == "pip" && !args[0].dyn {
		// uv pip … is pip, into the project's environment
		pm = pkgManagers.Get()["pip"]
		valued = pm.valued
		args = args[1:]
		name = "uv pip"
	}
	for i := 0; i < len(args); i++ {
		f := args[i]
		s := f.s
		switch {
		case f.dyn && len(ops) == 0:
			return // the subcommand is not known statically
		case strings.HasPrefix(s, "+") && len(ops) == 0 && name == "cargo":
			continue // cargo +toolchain
		case s == "--":
			ops = append(ops, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(s, "-") && len(s) > 1:
			k, v, eq := strings.Cut(s, "=")
			flags = append(flags, k)
			if eq && hasField(dirOpts, k) {
				d := f
				d.s = v
				dir = &d
			}
			if !eq && hasField(valued, k) && i+1 < len(args) {
				i++
				if hasField(dirOpts, k) {
					d := args[i]
					dir = &d
				}
			}
		default:
			ops = append(ops, f)
		}
	}
	if len(ops) == 0 {
		return
	}
	sub := ops[0].s
	if name == "npm" && !pm.hasSub(sub) {
		sub = npmCommand(sub) // an alias first, then an abbreviation
	}
	if (sub == "tool" || sub == "global") && len(ops) > 1 {
		sub += "-" + ops[1].s // uv tool install, yarn global add
	}
	for _, op := range pm.ops {
		if !hasField(op.subs, sub) {
			continue
		}
		// what a dependency change writes is modelled: its package
		// arguments are no candidate writes
		c.w.modelled = true
		global := false
		for g := range strings.FieldsSeq(pm.global) {
			if contains(flags, g) || strings.Contains(g, "=") && contains(c.strs(), g) {
				global = true
			}
		}
		named := len(ops) > 1
		if name == "pip" || name == "uv pip" {
			named = named || anyFlag(flags, "-r", "--requirement", "-e", "--editable")
		}
		if op.names && !named && !global {
			return // installs what the manifest and lock already say
		}
		why := name + " " + sub + " changes dependencies"
		if global && op.globl != "" {
			c.homeWrites(op.globl, why)
			return
		}
		if name == "uv pip" {
			c.projectWrites(dir, ".venv", pm.walkUp, why)
			return
		}
		if name == "pip" && c.pipTarget(flags, why) {
			return
		}
		c.homeWrites(op.home, why)
		c.projectWrites(dir, op.files, pm.walkUp || name == "pip", why)
		return
	}
}

// hasField reports whether s is one of the fields of list, as
// contains(strings.Fields(list), s) does, without making the list.
func hasField(list, s string) bool {
	for w := range strings.FieldsSeq(list) {
		if w == s {
			return true
		}
	}
	return false
}

func (pm pkgManager) hasSub(s string) bool {
	for _, op := range pm.ops {
		if hasField(op.subs, s) {
			return true
		}
	}
	return false
}

// npmCommand resolves npm's abbreviations of its commands (npm accepts
// any unique prefix: inst is install).
func npmCommand(s string) string {
	const cmds = "access adduser audit bugs cache ci completion config dedupe deprecate diff dist-tag docs doctor edit exec explain explore find-dupes fund get help help-search hook init install install-ci-test install-test link ll login logout ls org outdated owner pack ping pkg prefix profile prune publish query rebuild repo restart root run-script sbom search set shrinkwrap star stars start stop team test token uninstall unpublish unstar update version view whoami"
	if strings.Contains(" "+cmds+" ", " "+s+" ") || len(s) < 2 {
		return s
	}
	match := ""
	for _, c := range strings.Fields(cmds) {
		if strings.HasPrefix(c, s) {
			if match != "" {
				return s // ambiguous
			}
			match = c
		}
	}
	if match != "" {
		return match
	}
	return s
}

func anyFlag(flags []string, keys ...string) bool {
	for _, k := range keys {
		if contains(flags, k) {
			return true
		}
	}
	return false
}

func (c *cmd) strs() []string {
	out := make([]string, len(c.args))
	for i, f := range c.args {
		out[i] = f.s
	}
	return out
}

// pipTarget reports pip's --target/--prefix/--root/--user installs.
func (c *cmd) pipTarget(flags []string, why string) bool {
	o := c.parse(optSpec{short: "t", long: []string{"--target", "--prefix", "--root"}})
	for _, f := range o.values("-t", "--target", "--prefix", "--root") {
		c.write(f, why)
	}
	return len(o.values("-t", "--target", "--prefix", "--root")) > 0
}

// homeWrites reports writes of home-relative paths.
func (c *cmd) homeWrites(list, why string) {
	for _, p := range strings.Fields(list) {
		c.write(c.homeField(p), why)
	}
}

// projectWrites reports writes of the project files: certain in the
// project directory, candidates in the directories above it up to the
// repository root (the manager uses the nearest that has its manifest).
func (c *cmd) projectWrites(dir *field, files string, walkUp bool, why string) {
	base := c.cwdField()
	if dir != nil {
		base = *dir
	}
	for _, name := range strings.Fields(files) {
		f := joinField(base, name)
		if strings.Contains(name, "*") {
			f.glob = true
		}
		c.write(f, why)
	}
	if !walkUp || dir != nil && path.IsAbs(dir.s) || !c.sc.cwdKnown {
		return
	}
	root := cleanAbs(c.a.opt.Root)
	for d := c.sc.cwd; d != "/" && d != "." && d != ""; {
		up := path.Dir(d)
		if root == "" || !strings.HasPrefix(d, root+"/") {
			break
		}
		for _, name := range strings.Fields(files) {
			c.write(field{s: path.Join(up, name), cand: true, glob: strings.Contains(name, "*")}, why)
		}
		d = up
	}
}

// systemInstall: a system package manager installing or removing
// packages writes the system's directories.
func (c *cmd) systemInstall(subs string) {
	for _, f := range c.args {
		if contains(strings.Fields(subs), f.s) {
			c.write(field{s: "/usr"}, c.name+" "+f.s+" changes system packages")
			return
		}
	}
}

func isPip(n string) bool {
	if n == "pip" || n == "pip3" {
		return true
	}
	if rest, ok := strings.CutPrefix(n, "pip3."); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
		return true
	}
	return false
}
