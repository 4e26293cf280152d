package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Env-file loaders: programs that read an environment file (.env) from
// the working directory, or one an option names, without the file
// appearing in the line: the dotenv CLIs (python-dotenv, dotenv-cli,
// dotenvx, godotenv), env-cmd, the Procfile runners (honcho, foreman,
// forego, heroku local), pipenv, Symfony's debug:dotenv, docker compose's
// config (it prints the interpolated configuration), bun, and the dev
// servers of Next.js, Nuxt, Netlify, Vercel and Cloudflare's wrangler.
// Their use is a read of that file, judged like any read: a default
// file is reported with PathRef.IfExists (the program reads it only when
// it is there), a file an option names outright is a plain read. Those
// that run a command (dotenv run, honcho run, env-cmd CMD, …) have it
// analysed like any other.

// envLoader describes one program. Option lists are space-separated;
// a word of one letter after "-" is a short option.
type envLoader struct {
	// subs are the subcommand paths (space-joined operands, "|"
	// between paths) whose call loads the files; "" is every call.
	// A word with ":" (Symfony's and heroku's commands) also matches
	// its abbreviations (deb:dot is debug:dotenv).
	subs string
	// files are the default files, relative to the directory; a
	// word with a glob metacharacter is a glob (.env.* for every
	// environment's file).
	files string
	// fileOpts name the file(s) read instead of the defaults; a value
	// may be a comma-separated list when list is set.
	fileOpts string
	list     bool
	// addOpts name files read besides the defaults (an rc file).
	addOpts string
	// dirOpts name the directory the default files are in.
	dirOpts string
	// fileDirOpts name a file whose directory holds the defaults
	// (compose -f: the project directory is the first file's).
	fileDirOpts string
	// off are options that turn the default load off.
	off string
	// valued are the other options that take a value.
	valued string
	// walkUp: the defaults are also looked for in the parents of the
	// directory, up to three (pipenv's project is found upwards).
	walkUp bool
	// runs is the subcommand after which a command follows ("-" for a
	// command right after the options); "" runs none.
	runs string
	// writes are the subcommands that also write the file (dotenv set
	// KEY VALUE, dotenvx encrypt): the named file, else the first
	// default, written whether or not it exists.
	writes string
	// fileVars are environment variables whose value names the file
	// loaded instead of the defaults (UV_ENV_FILE); offVars turn the
	// default load off when set to a non-empty value other than 0.
	fileVars, offVars string
}

var envLoaders = &lazy.Value[map[string]envLoader]{New: func() map[string]envLoader {
	compose := envLoader{subs: "config|convert", files: ".env", fileOpts: "--env-file", dirOpts: "--project-directory",
		fileDirOpts: "-f --file", valued: "-p --project-name --profile --ansi --parallel --progress --format -o --output --hash"}
	dockerCompose := compose
	dockerCompose.subs = "compose config|compose convert"
	dockerCompose.valued += " -H --host -c --context --config -l --log-level --tlscacert --tlscert --tlskey"
	dotenvFiles := ".env .env.local .env.development .env.development.local .env.production .env.production.local .env.test .env.test.local"
	return map[string]envLoader{
		// python-dotenv (dotenv [-f F] list|get|set|unset|run) and
		// dotenv-cli (dotenv [-e F] [-c [ENV]] -- CMD) share the name.
		"dotenv":  {files: ".env", fileOpts: "-f --file -e", valued: "-c -v -p --quote --export", runs: "run|-", writes: "set|unset"},
		"dotenvx": {subs: "run|get|set|encrypt|decrypt|keypair|rotate|genexample|ext", files: ".env .env.keys", fileOpts: "-f --env-file", addOpts: "-fk --env-keys-file", valued: "-fv --env-vars --convention -l --log-level -o --output", runs: "run", writes: "set|encrypt|decrypt|rotate"},
		// godotenv [-f a,b] [-o] CMD; env-cmd [-f F] [-r RC] [-e E] CMD.
		"godotenv": {files: ".env", fileOpts: "-f", list: true, runs: "-"},
		"env-cmd":  {files: ".env", fileOpts: "-f --file", addOpts: "-r --rc-file", valued: "-e --environments", runs: "-"},
		// Procfile runners: run CMD, start, export load the env file.
		"honcho":  {subs: "run|start|export", files: ".env", fileOpts: "-e --env", list: true, dirOpts: "-d --app-root", valued: "-f --procfile -p --port -c --concurrency -q --quiet -l --log-format", runs: "run"},
		"foreman": {subs: "run|start|export", files: ".env", fileOpts: "-e --env", list: true, dirOpts: "-d --root", valued: "-f --procfile -p --port -m --formation -t --timeout -c --concurrency", runs: "run"},
		"forego":  {subs: "run|start", files: ".env", fileOpts: "-e", valued: "-f -p -c -t -r", runs: "run"},
		"heroku":  {subs: "local|local:start|local:run|local:web", files: ".env", fileOpts: "-e --env", valued: "-f --procfile -p --port -a --app -r --remote", runs: "local:run"},
		// pipenv loads the .env beside its Pipfile into run and shell.
		"pipenv": {subs: "run|shell", files: ".env", walkUp: true, fileVars: "PIPENV_DOTENV_LOCATION", offVars: "PIPENV_DONT_LOAD_ENV", valued: "--python --pypi-mirror"},
		// Symfony's debug:dotenv prints .env, .env.local, .env.ENV
		// and .env.ENV.local with their values.
		"symfony": {subs: "console debug:dotenv", files: ".env .env.*"},
		"console": {subs: "debug:dotenv", files: ".env .env.*"},
		// compose interpolates the project directory's .env; config
		// prints the result (and --environment the variables).
		"docker":         dockerCompose,
		"podman":         dockerCompose,
		"docker-compose": compose,
		"podman-compose": compose,
		// uv run loads only the file it is given.
		"uv": {subs: "run", fileOpts: "--env-file", fileVars: "UV_ENV_FILE", valued: "--with --from --python -p --package --directory --project"},
		// bun and Next.js load .env, .env.local and .env.NODE_ENV
		// into the code they run.
		"bun":  {subs: "run|test|-", files: dotenvFiles, fileOpts: "--env-file", off: "--no-env-file", valued: "--cwd --preload -r --config -c --filter -F --elide-lines --timeout --rerun-each --test-name-pattern -t --coverage-reporter --coverage-dir --reporter --reporter-outfile"},
		"next": {subs: "dev|build|start", files: dotenvFiles, valued: "-p --port -H --hostname"},
		// Nuxt, Netlify's and Vercel's dev servers load the project's
		// .env files; wrangler dev loads .dev.vars and .env.
		"nuxi":     {subs: "dev|build|generate|preview|start", files: dotenvFiles, fileOpts: "--dotenv", valued: "--port -p --host --cwd"},
		"nuxt":     {subs: "dev|build|generate|preview|start", files: dotenvFiles, fileOpts: "--dotenv", valued: "--port -p --host --cwd"},
		"netlify":  {subs: "dev|functions:serve|serve", files: dotenvFiles, valued: "-c --command -p --port --context --dir -d --functions -f"},
		"vercel":   {subs: "dev", files: dotenvFiles, valued: "--listen -l --token -t --scope -S --cwd"},
		"wrangler": {subs: "dev|pages dev", files: ".dev.vars .env", fileOpts: "--env-file", valued: "-c --config -e --env --port --ip --local-protocol --persist-to"},
	}
}}

// envLoaderSpec parses c with loader l's options: the operands, the
// options. The parse does not change c.
func (c *cmd) envLoaderOpts(l envLoader, stopPos bool) opts {
	var short string
	var long []string
	for _, w := range strings.Fields(l.fileOpts + " " + l.addOpts + " " + l.dirOpts + " " + l.fileDirOpts + " " + l.valued) {
		if len(w) == 2 && w[0] == '-' {
			short += w[1:]
		} else {
			long = append(long, w)
		}
	}
	tmp := &cmd{a: c.a, sc: c.sc, name: c.name, args: c.args, skip: make([]bool, len(c.args))}
	return tmp.parseOpts(optSpec{short: short, long: long, stopPos: stopPos, dashLong: dashLongOf(long)})
}

// dashLongOf are the single-dash words of more than one letter (dotenvx
// -fk) among long: they take a value like the long options.
func dashLongOf(long []string) []string {
	var out []string
	for _, w := range long {
		if !strings.HasPrefix(w, "--") {
			out = append(out, w)
		}
	}
	return out
}

// envLoaderSub matches the operands of c at pos against l's
// subcommand paths: the path matched ("-" for a loader without
// subcommands, or a bare call where "-" is listed) and the number of
// operands it takes; ok is false when the call loads nothing.
func (c *cmd) envLoaderSub(l envLoader, pos []int) (sub string, n int, ok bool) {
	if l.subs == "" {
		return "-", 0, true
	}
	for _, p := range strings.Split(l.subs, "|") {
		if p == "-" {
			continue
		}
		words := strings.Fields(p)
		if len(pos) < len(words) {
			continue
		}
		match := true
		for i, w := range words {
			f := c.args[pos[i]]
			if f.dyn || !subWordMatches(f.s, w) {
				match = false
				break
			}
		}
		if match {
			return p, len(words), true
		}
	}
	if strings.Contains("|"+l.subs+"|", "|-|") && len(pos) > 0 && !c.args[pos[0]].dyn && !isKnownSubcommand(c.name, c.s(pos[0])) {
		return "-", 0, true
	}
	return "", 0, false
}

// subWordMatches reports whether the operand w names the subcommand t:
// equal, or, for a Symfony-style name with ":", each part a prefix of
// t's (Symfony's console takes unambiguous abbreviations).
func subWordMatches(w, t string) bool {
	if w == t {
		return true
	}
	if !strings.Contains(t, ":") {
		return false
	}
	wp, tp := strings.Split(w, ":"), strings.Split(t, ":")
	if len(wp) != len(tp) {
		return false
	}
	for i := range wp {
		if wp[i] == "" || !strings.HasPrefix(tp[i], wp[i]) {
			return false
		}
	}
	return true
}

// isKnownSubcommand reports whether s is a subcommand of a loader whose
// bare call runs code (bun FILE, bun run): bun's package-manager and
// tool subcommands load nothing.
func isKnownSubcommand(name, s string) bool {
	if name != "bun" {
		return false
	}
	switch s {
	case "x", "create", "exec", "install", "i", "add", "a", "remove", "rm", "update", "link", "unlink", "pm",
		"init", "outdated", "publish", "patch", "build", "upgrade", "repl", "info", "audit", "why", "completions":
		return true
	}
	return false
}

// envFileLoads reports the env files c loads: the files named by its
// options (plain reads) and, unless they replace them or an option turns
// the load off, the default files (reads if they exist).
func (c *cmd) envFileLoads() {
	name := c.name
	args := c.args
	if isPHP(name) && len(args) > 0 && !args[0].dyn && path.Base(args[0].s) == "console" {
		name, args = "console", args[1:] // php bin/console debug:dotenv
	}
	l, ok := envLoaders.Get()[name]
	if !ok && preloadsDotenv(name, args) {
		// node -r dotenv/config app.js: the preload loads ./.env, or
		// the file $DOTENV_CONFIG_PATH or a dotenv_config_path=F
		// argument names
		l, ok = envLoader{files: ".env", fileVars: "DOTENV_CONFIG_PATH"}, true
		for _, f := range args {
			if v, found := strings.CutPrefix(f.s, "dotenv_config_path="); found {
				g := f
				g.s = v
				c.read(g, name+" loads environment file (dotenv/config)")
				return
			}
		}
	}
	if !ok {
		return
	}
	lc := &cmd{a: c.a, sc: c.sc, name: name, args: args}
	o := lc.envLoaderOpts(l, false)
	if _, _, ok := lc.envLoaderSub(l, o.pos); !ok {
		return
	}
	why := name + " loads environment file"
	writes := l.writes != "" && len(o.pos) > 0 && !args[o.pos[0]].dyn && strings.Contains("|"+l.writes+"|", "|"+args[o.pos[0]].s+"|")
	var named bool
	for _, f := range o.values(strings.Fields(l.fileOpts)...) {
		named = true
		for _, g := range splitList(f, l.list) {
			lc.read(g, why)
			if writes {
				lc.write(g, name+" writes environment file")
			}
		}
	}
	if writes && !named {
		lc.write(field{s: strings.Fields(l.files)[0]}, name+" writes environment file")
	}
	for _, f := range o.values(strings.Fields(l.addOpts)...) {
		lc.read(f, why)
	}
	for _, v := range strings.Fields(l.fileVars) {
		if val, ok := lc.envVar(v); ok {
			named = true
			lc.read(field{s: val.val, dyn: !val.known}, why+" ($"+v+")")
		}
	}
	for _, v := range strings.Fields(l.offVars) {
		if val, ok := lc.envVar(v); ok && val.known && val.val != "" && val.val != "0" {
			named = true // the default load is off
		}
	}
	if named || l.files == "" || l.off != "" && o.anyOf(strings.Fields(l.off)...) {
		return
	}
	dir := field{s: "."}
	if ds := o.values(strings.Fields(l.fileDirOpts)...); len(ds) > 0 {
		dir = dirField(ds[0])
	}
	if ds := o.values(strings.Fields(l.dirOpts)...); len(ds) > 0 {
		dir = ds[len(ds)-1]
	}
	dirs := []field{dir}
	if l.walkUp && !dir.dyn {
		for _, up := range []string{"..", "../..", "../../.."} {
			dirs = append(dirs, joinField(dir, up))
		}
	}
	for _, d := range dirs {
		for _, file := range strings.Fields(l.files) {
			f := joinField(d, file)
			f.glob = f.glob || strings.ContainsAny(file, "*?[")
			lc.implicitRead(f, why+" by default")
		}
	}
}

// envVar returns the value the command's environment gives name: an
// assignment before it (NAME=v cmd) or a variable the line exported.
func (c *cmd) envVar(name string) (varVal, bool) {
	if v, ok := c.sc.cmdEnv[name]; ok {
		return v, true
	}
	if c.a.exported[name] {
		v, ok := c.sc.vars[name]
		return v, ok
	}
	return varVal{}, false
}

// preloadsDotenv reports whether a JavaScript runtime is told to preload
// the dotenv package's config module (-r dotenv/config, --require,
// --import, glued or with "="), which loads .env before the program.
func preloadsDotenv(name string, args []field) bool {
	switch name {
	case "node", "nodejs", "tsx", "ts-node", "bun", "deno":
	default:
		return false
	}
	for i, f := range args {
		s := f.s
		for _, o := range []string{"-r", "--require", "--import", "--loader"} {
			if s == o && i+1 < len(args) && isDotenvConfig(args[i+1].s) {
				return true
			}
			if v, ok := strings.CutPrefix(s, o+"="); ok && isDotenvConfig(v) {
				return true
			}
			if o == "-r" && strings.HasPrefix(s, "-r") && isDotenvConfig(s[2:]) {
				return true
			}
		}
	}
	return false
}

func isDotenvConfig(s string) bool {
	switch s {
	case "dotenv/config", "dotenv/config.js", "@dotenvx/dotenvx/config", "dotenv-flow/config", "dotenv-expand/config":
		return true
	}
	return false
}

// splitList splits a comma-separated option value (godotenv -f a,b).
func splitList(f field, list bool) []field {
	if !list || f.dyn || !strings.Contains(f.s, ",") {
		return []field{f}
	}
	var out []field
	for _, s := range strings.Split(f.s, ",") {
		if s != "" {
			g := f
			g.s = s
			out = append(out, g)
		}
	}
	return out
}

// implicitRead reports a read c makes only if the file is there: the
// policy counts it when the path exists at decision time. A path read
// outright in the line as well stays a plain read (mergeRead).
func (c *cmd) implicitRead(f field, why string) {
	n := len(c.a.res.Reads)
	c.read(f, why)
	if len(c.a.res.Reads) > n {
		c.a.res.Reads[n].IfExists = true
	}
}

// envLoaderRuns reports whether c is an env-file loader that runs a
// command (dotenv run CMD, honcho run CMD, env-cmd CMD, godotenv CMD).
func envLoaderRuns(c *cmd) bool {
	l, ok := envLoaders.Get()[c.name]
	return ok && l.runs != ""
}

// envLoaderRun analyses the command an env-file loader runs.
func (c *cmd) envLoaderRun() error {
	l := envLoaders.Get()[c.name]
	c.w.modelled = true
	o := c.envLoaderOpts(l, true)
	if len(o.pos) == 0 {
		return nil
	}
	k := o.pos[0]
	for _, r := range strings.Split(l.runs, "|") {
		switch {
		case r == "-" && c.s(k) == "--":
			c.skip[k] = true
			if k+1 < len(c.args) {
				return c.wrap(k+1, c.name)
			}
			return nil
		case r == "-" && !c.args[k].dyn && strings.Contains(l.runs, "|") && c.isEnvLoaderSub(l, c.s(k)):
			continue // dotenv list: python-dotenv's subcommand
		case r == "-":
			return c.wrap(k, c.name)
		case !c.args[k].dyn && subWordMatches(c.s(k), r):
			c.skip[k] = true
			rest := &cmd{a: c.a, sc: c.sc, name: c.name, args: c.args[k+1:], skip: c.skip[k+1:]}
			ro := rest.envLoaderOpts(l, true)
			if len(ro.pos) == 0 {
				return nil
			}
			j := ro.pos[0]
			if rest.s(j) == "--" {
				rest.skip[j] = true
				j++
			}
			if j < len(rest.args) {
				return rest.wrap(j, c.name+" "+r)
			}
			return nil
		}
	}
	return nil
}

// isEnvLoaderSub reports whether s is one of python-dotenv's
// subcommands (dotenv list, get, set, unset, run).
func (c *cmd) isEnvLoaderSub(_ envLoader, s string) bool {
	switch s {
	case "list", "get", "set", "unset", "run":
		return c.name == "dotenv"
	}
	return false
}
