package policy

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Mandate fronts by another name. A Mandate binary is recognised by its
// name and by identity (mandate.go: the same file as a protected binary,
// a copy of one, go run of Mandate's packages). Anything else that is
// given arguments that would make Mandate change something
// (mandateChanges, mandateargs.go: uninstall claude, prune --before 30d,
// tamper ack, …) may be a front made by an earlier call — a Mandate build
// under another name, a script that runs one — and must show that it is
// not. Its content cannot show that: a script can name Mandate through a
// glob (exec mand?te-engine "$@"), a variable or an encoded string, a
// build can be compressed (gzexe, upx). So content only ever convicts,
// and where the file lies decides how sure Mandate must be:
//
//   - taken for Mandate (deny, as Mandate run by name): its program word
//     is a path that does not exist when the line is decided and that
//     the line does not write (whatever runs there was made outside this
//     decision); its content names Mandate (a build's Go build info, a
//     script's exec mandate-engine), carries a payload that cannot be read
//     as what runs (packedFront: gzexe, upx, a self-extracting script), or
//     cannot be read; or the file lies where the agent writes without a
//     person — inside the governed repository or a temporary directory
//     (agentPlace) — and is not a program that takes the word itself
//     (frontEveryday);
//   - asked: such a file in the agent's places given a word an everyday
//     tool takes there (.venv/bin/mkdocs serve, ./gradlew init), a word
//     not known statically given to one, or, elsewhere, a program the
//     analysis does not model at all (shell.Command.Unlisted) that is not
//     known to take the word (brew install, ollama serve are);
//   - otherwise (a modelled program on $PATH outside those places: make
//     install, docker export, git init are judged by their own rules) no
//     finding here. A file outside the agent's places exists because a
//     person put it there or approved the write that made it.
//
// Knowing a program's name vouches for nothing by itself: the name is the
// agent's to choose (src/npm). A bare name not found on PATH is left
// alone (npm install on a machine without npm fails by itself).
//
// Arguments remapped by the front (a script that runs mandate-engine
// "$2", or one that runs prune whatever it is given) are beyond what any
// reading of the arguments can see: such a script is code the agent
// wrote, run later. What stops it is outside this file — integrity
// pinning of every file Mandate's commands change (a tamper lock), and
// the person-only commands' own refusal when run by an agent
// (internal/cli personcmds.go).

// mandateMarker is the byte string every Mandate build and every script
// that runs one by name contains.
const mandateMarker = "mandate"

// maxFrontScan bounds the bytes of a program file scanned.
const maxFrontScan = 256 << 20

// frontScan is what a program file's content says.
type frontScan uint8

const (
	scanPlain  frontScan = iota
	scanNames            // names Mandate
	scanPacked           // carries a payload that runs but cannot be read
)

// frontCache remembers scanned files by identity, size and times.
var frontCache struct {
	mu sync.Mutex
	m  map[hashKey]frontScan
}

// frontEveryday are programs that take, as their own subcommand, a word
// that is also one of Mandate's subcommands that change something, with
// arguments Mandate would accept (serve with no argument, init, install
// NAME): program names by word. Data, not a verdict: in the agent's places
// a listed name still asks, since the name is the agent's to choose.
var frontEveryday = &lazy.Value[map[string]map[string]bool]{New: func() map[string]map[string]bool {
	table := map[string]string{
		"serve": "hugo jekyll mkdocs zola ng vue ember hexo gatsby docusaurus vitepress vite webpack parcel " +
			"ollama firebase mdbook gitbook honkit docsify nikola quasar ionic cordova polymer bentoml vllm openllm " +
			"deno workerd tailscale quarto jupyter-book sphinx-autobuild mlflow wrangler netlify serve",
		"init": "terraform tofu terragrunt packer vagrant dvc dbt prisma firebase supabase amplify sam cdk wrangler " +
			"netlify nx lerna rush jest eslint tsc husky ansible-galaxy kubeadm kubebuilder operator-sdk skaffold " +
			"devbox devenv hermit aqua opam stack cabal elm spago zig nimble dune west repo gcloud pass gopass vault " +
			"restic borg dolt hg sl fossil bzr conda mamba micromamba pixi uv poetry pdm hatch gradle gradlew " +
			"pulumi flux atlantis tflint pre-commit lefthook zoxide starship atuin rbenv pyenv nodenv goenv jenv " +
			"mise direnv podman colima lima",
		"install": "brew port apt apt-get aptitude dnf yum zypper snap flatpak choco scoop winget pkg mas pipx " +
			"poetry pipenv pdm conda mamba micromamba pixi helm asdf mise rtx pyenv rbenv nodenv goenv sdk nvm fnm " +
			"volta n tfenv pre-commit husky lefthook overcommit mvn mvnw gradle gradlew meson ninja vcpkg conan " +
			"spack guix nix ansible-galaxy istioctl linkerd velero flux k3sup devbox hermit proto aqua arkade " +
			"rustup cpanm luarocks dotnet code krew",
		"uninstall": "brew port snap flatpak choco scoop winget pkg mas pipx helm asdf mise pyenv rbenv nodenv goenv " +
			"sdk nvm fnm volta n tfenv pre-commit husky lefthook istioctl linkerd velero flux hermit proto rustup " +
			"dotnet code krew",
		"export": "docker podman nerdctl ctr conda mamba poetry pdm uv kind pulumi bw lpass hg fossil svn " +
			"vboxmanage incus lxc joplin task flux",
		"prune":      "docker podman nerdctl buildah restic borg npm pnpm",
		"checkpoint": "docker podman criu",
		"hook":       "direnv",
		"policy":     "vault consul nomad boundary az",
	}
	out := map[string]map[string]bool{}
	for word, names := range table {
		m := map[string]bool{}
		for _, n := range strings.Fields(names) {
			m[n] = true
		}
		out[word] = m
	}
	return out
}}

// everydayWord reports whether the program name takes sub's first word
// itself (frontEveryday).
func everydayWord(name, sub string) bool {
	w, _, _ := strings.Cut(sub, " ")
	return frontEveryday.Get()[w][name]
}

// mandateFront decides whether c runs Mandate: Deny when it does or is
// taken for it (args are Mandate's arguments, how says why), Ask when it
// may, Allow when it is not judged here. See the comment at the top.
func (ev *evaluation) mandateFront(c *shell.Command) (args []string, how string, eff Effect) {
	if mandateNames.Get()[c.Name] {
		return c.Args, "named " + c.Name, Deny
	}
	if c.Name == "go" {
		if args, pkg, ok := goRunMandate(c); ok {
			return args, "go run " + pkg, Deny
		}
	}
	if len(ev.p.opt.Protected) == 0 || !staticWord(c.Name) {
		return nil, "", Allow
	}
	script := false
	if k := c.Script - 1; k >= 0 && k < len(c.Args) && staticWord(c.Args[k]) {
		// sh FILE ARGS, python3 FILE ARGS: the script is the program
		// given the arguments after it.
		inner := shell.Command{Name: path.Base(c.Args[k]), Prog: c.Args[k], Args: c.Args[k+1:], Cwd: c.Cwd, Unlisted: true}
		if !strings.Contains(inner.Prog, "/") {
			inner.Prog = "./" + inner.Prog // a shell opens a bare name in its directory
		}
		c, script = &inner, true
	} else if m := ev.cwdModule(c); m != "" {
		// python3 -m MODULE ARGS runs ./MODULE.py or ./MODULE/__main__.py
		// when the working directory holds it: a script of the
		// directory.
		inner := shell.Command{Name: c.Name, Prog: m, Args: c.Args, Cwd: c.Cwd, Unlisted: true}
		c, script = &inner, true
	}
	// Mandate reads its subcommand from the words eachSubcommand
	// finds: only one of its subcommands that change something (or a
	// word not known statically) there makes the program's identity
	// matter, and worth the file-system questions.
	word := mandateWordAt(c.Args)
	if word == "" {
		return nil, "", Allow
	}
	sub, governs := mandateChanges(c.Args) // "" when Mandate would change nothing
	dyn := sub != "" && !staticWord(sub)
	p, info, found := ev.progFile(c)
	if script {
		p, info, found = ev.scriptFile(c)
	} else if !found && len(c.Via) > 0 && !strings.Contains(c.Prog, "/") {
		p, info, found = ev.projectBin(c)
	}
	if !found {
		// A program that does not exist when the line is decided can only
		// run if the line makes it (ln -s ~/bin/mandate-engine /tmp/m &&
		// /tmp/m uninstall): given Mandate's subcommand, it is taken for
		// Mandate, as a link to it would be.
		if by := ev.madeByLine(c); by != "" {
			if !staticWord(word) {
				return nil, "", Allow
			}
			return c.Args, fmt.Sprintf("%s is made by %s in the same line and is given Mandate's subcommand %q", c.Prog, by, word), Deny
		}
		if sub == "" || dyn {
			return nil, "", Allow
		}
		if why := ev.absentFront(c, sub); why != "" {
			return c.Args, why, Deny
		}
		return nil, "", Allow
	}
	if why := ev.mandateFile(p, info); why != "" {
		return c.Args, fmt.Sprintf("%s is %s", p, why), Deny
	}
	if staticWord(word) {
		if why := ev.namesMandate(p, info); why != "" {
			return c.Args, fmt.Sprintf("%s is %s", p, why), Deny
		}
	}
	if sub == "" {
		return nil, "", Allow
	}
	return ev.frontByPlace(c, p, sub, governs)
}

// scriptFile returns the script file c.Prog names (a regular file, its
// symlinks followed; it need not be executable).
func (ev *evaluation) scriptFile(c *shell.Command) (string, fsview.Info, bool) {
	if !staticWord(c.Prog) {
		return "", fsview.Info{}, false
	}
	p := absIn(c.Cwd, ev.cwd, c.Prog)
	info, ok := ev.stat(p)
	return p, info, ok && info.Mode.IsRegular()
}

// cwdModule returns the file (relative to its directory) of the module
// python -m runs for c when that directory holds it, or "".
func (ev *evaluation) cwdModule(c *shell.Command) string {
	n := len(c.Via)
	if n == 0 || !strings.HasSuffix(c.Via[n-1], " -m") || strings.Contains(c.Prog, "/") || !staticWord(c.Name) ||
		mandateWordAt(c.Args) == "" {
		return ""
	}
	mod := "./" + strings.ReplaceAll(c.Name, ".", "/")
	for _, f := range []string{mod + ".py", mod + "/__main__.py"} {
		if info, ok := ev.stat(absIn(c.Cwd, ev.cwd, f)); ok && info.Mode.IsRegular() {
			return f
		}
	}
	return ""
}

// projectBins are the directories of a project that package runners
// (npx, npm exec, pnpm dlx, bunx, uv run, poetry run, bundle exec) look a
// program up in before, or instead of, $PATH.
var projectBins = []string{"node_modules/.bin", ".venv/bin", "venv/bin", "bin"}

// projectBin returns the executable file named c.Name in the project's
// bin directories (projectBins below the command's directory or the
// repository root), for a bare name run through a wrapper that $PATH
// does not hold.
func (ev *evaluation) projectBin(c *shell.Command) (string, fsview.Info, bool) {
	if !staticWord(c.Name) || c.Name == "" {
		return "", fsview.Info{}, false
	}
	for _, base := range []string{absIn(c.Cwd, ev.cwd, "."), ev.root} {
		if base == "" {
			continue
		}
		for _, d := range projectBins {
			p := path.Join(base, d, c.Name)
			if info, ok := ev.stat(p); ok && info.Mode.IsRegular() && info.Mode.Perm()&0o111 != 0 {
				return p, info, true
			}
		}
	}
	return "", fsview.Info{}, false
}

// mandateWordAt returns the first of the words Mandate could take for
// its subcommand that is one that changes something, or not known
// statically; "" if none.
func mandateWordAt(args []string) string {
	word := ""
	eachSubcommand(args, func(i int) bool {
		if w := args[i]; mandateOnly.Get()[w] || !staticWord(w) {
			word = w
			return false
		}
		return true
	})
	return word
}

// frontByPlace judges c, whose program file p is not known to be
// Mandate, given sub, by where p lies (see the comment at the top).
func (ev *evaluation) frontByPlace(c *shell.Command, p, sub string, governs bool) ([]string, string, Effect) {
	res := p
	if r, err := ev.resolve(p); err == nil {
		res = path.Clean(r)
	}
	shown := p
	if res != p {
		shown = fmt.Sprintf("%s (%s)", p, res)
	}
	dyn := !staticWord(sub)
	place := ev.agentPlace(res)
	switch {
	case place != "" && dyn:
		return c.Args, fmt.Sprintf("%s lies %s, where the agent writes without a person, and is given %q, which may be a subcommand of Mandate that changes something: it may be a Mandate front made by an earlier call", shown, place, sub), Ask
	case place != "" && everydayWord(c.Name, sub):
		return c.Args, fmt.Sprintf("%s lies %s, where the agent writes without a person, and is given %q, which would make Mandate change something: a %s that takes it may be a Mandate front under that name", shown, place, sub, c.Name), Ask
	case place != "":
		return c.Args, fmt.Sprintf("%s lies %s, where the agent writes without a person, and is given %q, which would make Mandate change something: it is taken for a Mandate front made by an earlier call (its content cannot show it is not: a script can name Mandate through a glob or a variable, a build can be compressed)", shown, place, sub), Deny
	case dyn:
		return nil, "", Allow
	case c.Unlisted && governs && !everydayWord(c.Name, sub):
		return c.Args, fmt.Sprintf("%s is a program Mandate does not model, given %q, which would make Mandate change something: it may be a Mandate front", shown, sub), Ask
	}
	return nil, "", Allow
}

// agentPlace says where the resolved path p lies when that is a place
// the agent writes without a person under the built-in default: inside
// the governed repository, or a temporary directory. "" otherwise.
func (ev *evaluation) agentPlace(p string) string {
	for _, r := range []string{ev.root, ev.rootR} {
		if _, in := underFold(p, r); in && r != "" && r != "/" {
			return "inside the governed repository"
		}
	}
	for _, d := range append(ev.tempDirs(), "/tmp", "/var/tmp", "/dev/shm", "/private/tmp", "/private/var/tmp") {
		if _, in := under(p, d); in {
			return "in a temporary directory"
		}
	}
	return ""
}

// absentFront reports why c, whose program file is not found, is taken
// for Mandate, or "". A program the line itself writes (a build tool's
// output, judged by madeByLine) is not absent.
func (ev *evaluation) absentFront(c *shell.Command, sub string) string {
	if !strings.Contains(c.Prog, "/") || ev.lineWriter(absIn(c.Cwd, ev.cwd, c.Prog)) != "" {
		return ""
	}
	state := "does not exist"
	if _, ok := ev.stat(absIn(c.Cwd, ev.cwd, c.Prog)); ok {
		state = "is not an executable file"
	}
	return fmt.Sprintf("%s %s when the line is decided and is given %q, which would make Mandate change something: whatever runs there was made outside this decision (a Mandate front built by an earlier call)", c.Prog, state, sub)
}

// namesMandate reports why the program file p is taken for Mandate by its
// content, or "".
func (ev *evaluation) namesMandate(p string, info fsview.Info) string {
	key := hashKey{info.Dev, info.Ino, info.Size, info.Mtime, info.Ctime}
	frontCache.mu.Lock()
	hit, ok := frontCache.m[key]
	frontCache.mu.Unlock()
	if !ok || info.Ino == 0 {
		f, err := ev.open(p)
		if err != nil {
			return fmt.Sprintf("a program given Mandate's subcommand that cannot be read to tell whether it is Mandate (%v)", err)
		}
		hit, err = scanFront(io.LimitReader(f, maxFrontScan))
		f.Close()
		if err != nil {
			return fmt.Sprintf("a program given Mandate's subcommand that cannot be read to tell whether it is Mandate (%v)", err)
		}
		if info.Ino != 0 {
			frontCache.mu.Lock()
			if frontCache.m == nil || len(frontCache.m) >= hashCacheMax {
				frontCache.m = map[hashKey]frontScan{}
			}
			frontCache.m[key] = hit
			frontCache.mu.Unlock()
		}
	}
	switch hit {
	case scanNames:
		return "a program whose content names Mandate (a Mandate build, or a script that runs it), given Mandate's subcommand"
	case scanPacked:
		return "a packed program (a compressed or self-extracting executable: gzexe, upx, a script carrying binary data) given Mandate's subcommand: what it runs cannot be read"
	}
	return ""
}

// packers are the signatures of executables that unpack what they run:
// UPX's magic in a binary's first block.
var packers = [][]byte{[]byte("UPX!")}

// scanFront scans r for mandateMarker, in chunks that overlap by the
// marker's length, and for a packed program: a script (#!) holding a NUL
// byte carries a binary payload (gzexe, makeself, shar), a binary with a
// packer's signature in its first block unpacks itself.
func scanFront(r io.Reader) (frontScan, error) {
	buf := make([]byte, 64<<10)
	keep, first, script, packed := 0, true, false, false
	for {
		n, err := r.Read(buf[keep:])
		chunk := buf[:keep+n]
		if bytes.Contains(chunk, []byte(mandateMarker)) {
			return scanNames, nil
		}
		if first && n > 0 {
			first = false
			script = bytes.HasPrefix(chunk, []byte("#!"))
			for _, sig := range packers {
				if !script && bytes.Contains(chunk, sig) {
					packed = true
				}
			}
		}
		if script && bytes.IndexByte(chunk, 0) >= 0 {
			packed = true
		}
		if err == io.EOF {
			if packed {
				return scanPacked, nil
			}
			return scanPlain, nil
		}
		if err != nil {
			return scanPlain, err
		}
		total := keep + n
		keep = min(len(mandateMarker)-1, total)
		copy(buf, buf[total-keep:total])
	}
}
