package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Environment managers and secret injectors, as data: programs that set
// up an environment (a Nix or Guix shell, a virtualenv, a tool version,
// a Conda environment, a toolchain, a Kubernetes context, the secrets of
// a vault) and run a command in it. The command is analysed like any
// other: as a program and its arguments, or as shell code when the
// runner hands it to a shell. Secret injectors also read a credential
// store to fill the command's environment: credhelpers.go lists them, so
// that an environment dump under them is a read of the store (like op
// run -- env).
//
// A program not in any table whose arguments hold a shell with -c (foo
// run sh -c CODE), or "--" followed by a program the analysis knows (foo
// exec prod -- env), is read the same way (unknownRunner): the unknown is
// dangerous, and these are the shapes of a runner.

// envRunner says how a runner (a program, or a program's subcommand)
// finds the command it runs.
type envRunner struct {
	sub    string // the subcommand that runs ("" the program itself); found as the first word equal to it
	short  string // short options taking a value (before the command)
	long   string // long options taking a value, space-separated
	skip   int    // operands before the command (a profile, a context, an environment file)
	dash   bool   // the command follows "--"; operands before it are packages, tools or services
	dashOr bool   // the command follows "--" when there is one, else the operands after skip
	code   string // options whose value is shell code (nix-shell --run)
	argv   string // options after which the rest of the line is the command (nix develop -c)
	joined bool   // the command's words are joined and run by a shell
	plus   bool   // operands starting with + are packages, not the command (pkgx +node)
	ver    bool   // a first operand that reads as a version is not the command (nvm exec 20 node)
	noCmd  bool   // operands are never the command (flake references, shell.nix files): only code and argv options run one
	dump   bool   // with no command it prints the environment (asdf env TOOL)
	shell  bool   // with no command it starts a shell: what the agent types into it is unseen
	// cwd: options, before the subcommand or after it, whose value is
	// the directory the command starts in (mise -C DIR exec); they are
	// listed in short/long too when they may follow the subcommand
	cwd string
}

const (
	condaLong = "--name --prefix --cwd --attach --env --root-prefix"
	nixLong   = "--arg --argstr --include --option --override-input --extra-experimental-features --profile --expr --file --system --keep --unset --inputs-from --reference-lock-file --output-lock-file"
)

var envRunners = &lazy.Value[map[string][]envRunner]{New: func() map[string][]envRunner {
	versionMgr := []envRunner{{sub: "exec"}}
	conda := []envRunner{{sub: "run", short: "npa", long: condaLong, cwd: "--cwd"}}
	return map[string][]envRunner{
		// Nix and Guix environments.
		"nix-shell": {{short: "pIAEj", long: "--arg --argstr --attr --include --option --keep --packages", code: "--run --command", noCmd: true}},
		"nix": {{sub: "develop", short: "Ikf", long: nixLong, argv: "-c --command", noCmd: true}, {sub: "shell", short: "Ikf", long: nixLong, argv: "-c --command", noCmd: true},
			{sub: "env", short: "Ikf", long: nixLong, argv: "-c --command", noCmd: true}},
		"guix":         {{sub: "shell", short: "mflLrSe", long: "--manifest --file --load --root --system --expression", dash: true, shell: true}, {sub: "environment", short: "mlLrSe", dash: true, shell: true}},
		"flox":         {{sub: "activate", short: "dr", long: "--dir --remote --mode", dash: true, code: "-c --command", shell: true}},
		"devbox":       {{sub: "run", short: "ce", long: "--config --env --env-file --environment", joined: true}},
		"devenv":       {{sub: "shell", short: "o", long: "--option", dashOr: true, shell: true}},
		"pkgx":         {{plus: true, dashOr: true}},
		"scl":          {{sub: "enable", skip: 1, dashOr: true, joined: true}},
		"devcontainer": {{sub: "exec", long: "--workspace-folder --container-id --id-label --config --override-config --remote-env --docker-path --log-level --log-format --terminal-columns --terminal-rows --default-user-env-probe --mount-workspace-git-root --user-data-folder --container-data-folder --container-system-data-folder"}},

		// Python environments.
		"pipenv":     {{sub: "run"}},
		"conda":      conda,
		"mamba":      conda,
		"micromamba": conda,
		"pixi":       {{sub: "run", short: "e", long: "--environment --manifest-path --executable", joined: true}, {sub: "exec", short: "sc", long: "--spec --channel --platform"}},

		// Tool version managers.
		"pyenv": versionMgr, "rbenv": versionMgr, "nodenv": versionMgr, "goenv": versionMgr, "jenv": versionMgr,
		"plenv": versionMgr, "phpenv": versionMgr, "luaenv": versionMgr, "scalaenv": versionMgr, "swiftenv": versionMgr,
		"tfenv": versionMgr, "exenv": versionMgr, "crenv": versionMgr,
		"asdf":        {{sub: "exec"}, {sub: "env", skip: 1, dump: true}},
		"mise":        {{sub: "exec", short: "Cj", long: "--cd --jobs", dash: true, code: "-c --command", cwd: "-C --cd"}, {sub: "x", short: "Cj", long: "--cd --jobs", dash: true, code: "-c --command", cwd: "-C --cd"}},
		"rtx":         {{sub: "exec", short: "Cj", long: "--cd --jobs", dash: true, code: "-c --command", cwd: "-C --cd"}, {sub: "x", short: "Cj", long: "--cd --jobs", dash: true, code: "-c --command", cwd: "-C --cd"}},
		"volta":       {{sub: "run", long: "--node --npm --pnpm --yarn --env"}},
		"fnm":         {{sub: "exec", long: "--using --shell --arch --log-level --fnm-dir --node-dist-mirror --version-file-strategy"}},
		"nvm":         {{sub: "exec", ver: true}},
		"rustup":      {{sub: "run", long: "--install", skip: 1}},
		"chruby-exec": {{dash: true}},
		"rvm":         {{sub: "do"}},
		"opam":        {{sub: "exec", long: "--switch --root --cli", dashOr: true}},
		"stack":       {{sub: "exec", long: "--package --cwd --resolver --stack-yaml", dashOr: true, cwd: "--cwd"}},
		"cabal":       {{sub: "exec", dashOr: true}},
		"ghcup":       {{sub: "run", long: "--ghc --cabal --hls --stack --bindir", dashOr: true}},
		"elan":        {{sub: "run", skip: 1}},

		// Secret injectors (their credential stores are in credhelpers.go).
		"aws-vault": {{sub: "exec", short: "dt", long: "--duration --mfa-token --region --backend --keychain --prompt --ec2-server --ecs-server --lazy --stdout", skip: 1, dashOr: true, shell: true}},
		"aws-okta":  {{sub: "exec", short: "ta", long: "--mfa-provider --mfa-factor-type --assume-role-ttl --session-ttl --backend", skip: 1, dashOr: true}},
		"saml2aws":  {{sub: "exec", short: "ap", long: "--exec-profile --profile --idp-account --role --region", dashOr: true}},
		"aws-sso":   {{sub: "exec", short: "ARSp", long: "--arn --account --role --profile --sso", dashOr: true, shell: true}},
		"chamber":   {{sub: "exec", long: "--pristine --strict-value --backend", dash: true}},
		"envchain":  {{skip: 1}},
		"teller":    {{sub: "run", short: "c", long: "--config", dash: true}},
		"sops":      {{sub: "exec-env", short: "", long: "--user --same-process --pristine", skip: 1, joined: true}, {sub: "exec-file", long: "--user --filename --output-type --input-type", skip: 1, joined: true}},
		"summon":    {{short: "pfD", long: "--provider --yaml --environment"}},
		"berglas":   {{sub: "exec", long: "--local --project", dash: true}},
		"vals":      {{sub: "exec", short: "f", long: "--file", dash: true}},
		"bws":       {{sub: "run", long: "--project-id --access-token --server-url --shell", dashOr: true}},
		"op":        {{sub: "run", long: "--env-file --account --cache --config --encoding", dash: true}},
		"doppler":   {{sub: "run", short: "pc", long: "--project --config --token --command --mount --mount-format --mount-template --fallback", dash: true, code: "--command"}},
		"infisical": {{sub: "run", long: "--env --path --projectId --token --domain --command --watch-interval", dash: true, code: "--command"}},

		// Kubernetes contexts (kubecontexts.go reports the context).
		"kubie": {{sub: "exec", skip: 2}},
	}
}}

// isEnvRunner reports whether n is a program of envRunners.
func isEnvRunner(n string) bool {
	_, ok := envRunners.Get()[n]
	return ok
}

// envRun analyses the command an environment manager or secret
// injector runs.
func (c *cmd) envRun() error {
	rs := envRunners.Get()[c.name]
	for _, r := range rs {
		from := 0
		if r.sub != "" {
			from = -1
			for i := range c.args {
				if !c.args[i].dyn && c.s(i) == r.sub {
					from = i + 1
					break
				}
			}
			if from < 0 {
				continue
			}
		}
		for i := 0; i < from; i++ {
			c.skip[i] = true
		}
		rest := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: c.args[from:], skip: c.skip[from:]}
		if r.cwd != "" {
			// the directory options, before the subcommand (global) and
			// after it, up to the command
			_, dirs := c.cwdOptions(0, from, "", r.cwd, false)
			_, after := rest.cwdOptions(0, len(rest.args), r.long, r.cwd, !r.dash)
			rest.runIn(append(dirs, after...))
		}
		return rest.runEnv(r)
	}
	return nil
}

// runEnv finds and analyses the command of runner r in c's arguments
// (those after its subcommand).
func (c *cmd) runEnv(r envRunner) error {
	via := c.name
	if r.sub != "" {
		via += " " + r.sub
	}
	// an option after which the rest of the line is the command
	for i := range c.args {
		if c.s(i) == "--" {
			break
		}
		if inFields(r.argv, c.s(i)) {
			c.skip[i] = true
			return c.runEnvAt(r, i+1, via)
		}
	}
	o := c.parse(optSpec{short: r.short + codeShorts(r.code), long: append(strings.Fields(r.long), longOnly(r.code)...), stopPos: !r.dash && !r.dashOr && !r.noCmd})
	ran := false
	for _, f := range o.values(strings.Fields(r.code)...) {
		ran = true
		if err := c.code(f, via, false); err != nil {
			return err
		}
	}
	dash := -1
	if r.dash || r.dashOr {
		for i := range c.args {
			if c.s(i) == "--" && !c.args[i].dyn {
				dash = i
				break
			}
		}
	}
	switch {
	case dash >= 0:
		c.skip[dash] = true
		return c.runEnvAt(r, dash+1, via)
	case r.dash, r.noCmd:
		if !ran && r.shell {
			c.opaque(via + " starts a shell in the environment: what it runs is unseen")
		}
		return nil
	}
	pos := o.pos
	for len(pos) > 0 && r.plus && strings.HasPrefix(c.s(pos[0]), "+") {
		c.skip[pos[0]] = true
		pos = pos[1:]
	}
	if len(pos) > 1 && r.ver && looksVersion(c.s(pos[0])) {
		c.skip[pos[0]] = true
		pos = pos[1:]
	}
	if len(pos) <= r.skip {
		switch {
		case ran:
		case r.dump:
			c.a.res.EnvDump = true
		case r.shell:
			c.opaque(via + " starts a shell in the environment: what it runs is unseen")
		}
		return nil
	}
	for _, k := range pos[:r.skip] {
		c.skip[k] = true
	}
	return c.runEnvAt(r, pos[r.skip], via)
}

// runEnvAt analyses c.args[from:] as the command a runner runs.
func (c *cmd) runEnvAt(r envRunner, from int, via string) error {
	if from >= len(c.args) {
		if r.dump {
			c.a.res.EnvDump = true
		}
		return nil
	}
	if r.joined {
		// A shell runs the words joined; whether the runner quotes them
		// first is not known: both readings are analysed.
		ix := make([]int, 0, len(c.args)-from)
		for k := from; k < len(c.args); k++ {
			ix = append(ix, k)
		}
		if len(ix) > 1 {
			args := append([]field(nil), c.args...)
			argv := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: args, skip: make([]bool, len(args))}
			if err := argv.wrap(from, via); err != nil {
				return err
			}
		}
		return c.joinedCode(ix, via)
	}
	return c.wrap(from, via)
}

// looksVersion reports whether s reads as a version or a version alias
// (20, v20.1, lts/iron, system, stable).
func looksVersion(s string) bool {
	switch {
	case s == "system" || s == "stable" || s == "latest" || s == "nightly" || s == "default":
		return true
	case strings.HasPrefix(s, "lts/"):
		return true
	}
	s = strings.TrimPrefix(s, "v")
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// codeShorts returns the short letters of a space-separated option list.
func codeShorts(list string) string {
	var b strings.Builder
	for _, o := range strings.Fields(list) {
		if len(o) == 2 && o[0] == '-' && o[1] != '-' {
			b.WriteByte(o[1])
		}
	}
	return b.String()
}

// longOnly returns the long options of a space-separated option list.
func longOnly(list string) []string {
	var out []string
	for _, o := range strings.Fields(list) {
		if len(o) > 2 {
			out = append(out, o)
		}
	}
	return out
}

// unknownRunner reads a program no rule models as a runner when its
// arguments have a runner's shape: a shell with -c (foo run sh -c CODE),
// or "--" followed by a program the analysis knows (foo exec prod --
// env). The command found is analysed; the words before it stay the
// program's own arguments.
func (c *cmd) unknownRunner() error {
	if c.text || c.w.parsed || c.w.modelled || readOnlySet.Get()[c.name] || specFor(c.name) != nil || argvPassers.Get()[c.name] ||
		isTermEmu(c.name) || isInlineCoder(c.name) || isDSLTool(c.name) { // programs with a model of their own
		return nil
	}
	for i := range c.args {
		if c.skip[i] {
			return nil // a rule consumed some of its arguments: modelled
		}
	}
	for i := 0; i+1 < len(c.args); i++ {
		f := c.args[i]
		if f.dyn {
			continue
		}
		switch {
		case isShell(progName(f)) && shellCodeFlag(c.s(i+1)):
			return c.wrap(i, c.name)
		case f.s == "--" && !c.args[i+1].dyn && knownProgram(progName(c.args[i+1])):
			c.skip[i] = true
			return c.wrap(i+1, c.name+" --")
		case inFields(shellCodeOpts, f.s) && !c.args[i+1].dyn:
			// --exec CMD: a command line, most often run by
			// a shell; read as shell code when it parses as such
			v := c.args[i+1]
			if c.a.parses(v.s) {
				c.skip[i+1] = true
				return c.code(v, c.name+" "+f.s, false)
			}
			c.opaque(c.name + " " + f.s + " runs a command the analysis cannot read")
			return nil
		case inFields(inlineCodeOpts, f.s) && looksCode(c.args[i+1]):
			// python3 -c, lua -e, janet -e: a language not in any table
			c.opaque(c.name + " " + f.s + " runs inline code in a language the analysis does not know")
			return nil
		}
	}
	return nil
}

// inlineCodeOpts are the options interpreters take inline code with.
const inlineCodeOpts = "-c -e -E --eval --evaluate --execute --expr --expression --script"

// shellCodeOpts are the options that take a command line.
const shellCodeOpts = "--exec --shell-command" // not --command: a checker (mandate check --command) reads its value without running it

// looksCode reports whether an option's value reads as code rather than
// a file or a name: words with a call, a block, a statement separator or
// a string literal in them.
func looksCode(f field) bool {
	return f.dyn || strings.ContainsAny(f.s, "(;") || strings.ContainsAny(f.s, " \t\n") && strings.ContainsAny(f.s, "{}\"'`[]")
}

// argvPassers hand the words after "--" to a program they build or
// run as its arguments (cargo run -- ARGS), never as a command.
var argvPassers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields("cargo cross dotnet swift zig bazel bazelisk buck buck2 pants gradle gradlew mvn mvnw sbt lein dune mix rebar3 elm flutter dart deno") {
		m[n] = true
	}
	return m
}}

// shellCodeFlag reports whether s is a shell's option cluster holding -c.
func shellCodeFlag(s string) bool {
	return len(s) > 1 && s[0] == '-' && s[1] != '-' && strings.IndexByte(s, 'c') > 0 && isLetters(s[1:])
}

// knownProgram reports whether n is a program the analysis models: a
// shell, an interpreter, a launcher or runner, a program of the write
// tables or a read-only program.
func knownProgram(n string) bool {
	return isShell(n) || isInterpreter(n) || isLauncher(n) || isEnvRunner(n) || isInlineCoder(n) || isDSLTool(n) ||
		readOnlySet.Get()[n] || specFor(n) != nil || n == "env" || n == "sudo" || n == "nohup" || n == "timeout"
}
