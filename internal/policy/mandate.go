package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// mandateNames are the names Mandate's programs are installed under: a
// command of one of these names is Mandate whatever file it runs.
var mandateNames = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"mandate": true, "mandate-engine": true, "mandate-hook": true}
}}

// mandateReadOnly is every subcommand of Mandate an agent may run: the
// ones that only read (decide an action, list or verify the evidence,
// check a policy, report the installation). A nil list accepts any
// arguments; otherwise the next word must be one of the list (or a help
// flag). Everything else — uninstall, prune, init, serve, checkpoint,
// install, export, hook, demo, tamper ack, an unknown word, no word —
// could switch Mandate off, forge evidence or change what governs the
// agent, and is denied.
var mandateReadOnly = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"check":    nil,
		"log":      nil,
		"sessions": nil,
		"verify":   nil,
		"doctor":   nil,
		"version":  nil,
		"help":     nil,
		"policy":   {"validate", "test", "explain"},
		"session":  {"show"},
		"tamper":   {"status"},
	}
}}

// mandateOnly are Mandate's subcommands that change something (or hold
// one: tamper ack, policy init), by which a program of another name is
// judged as a possible Mandate binary (mandatefront.go).
var mandateOnly = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"uninstall": true, "prune": true, "init": true, "serve": true, "checkpoint": true, "install": true,
		"export": true, "hook": true, "demo": true, "tamper": true, "policy": true,
	}
}}

// mandateHelp are the flags that only print help or the version.
var mandateHelp = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"-h": true, "-help": true, "--help": true, "-version": true, "--version": true}
}}

// readOnlySubcommands lists mandateReadOnly for messages.
func readOnlySubcommands() string {
	var out []string
	for k, v := range mandateReadOnly.Get() {
		if v == nil {
			out = append(out, k)
			continue
		}
		out = append(out, k+" "+strings.Join(v, "|"))
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// staticWord reports whether a command word is known exactly before the
// line runs: no expansion left in it, no glob the shell would expand.
func staticWord(s string) bool {
	return !strings.ContainsAny(s, "$`*?[") && !strings.Contains(s, "{xargs-input}")
}

// mandateVerdict returns "" when args (after the program) run a read-only
// subcommand of Mandate, or why not. Options before the subcommand do not
// hide it: only help flags may come first.
func mandateVerdict(args []string) string {
	i := 0
	for ; i < len(args) && strings.HasPrefix(args[i], "-"); i++ {
		if !mandateHelp.Get()[args[i]] {
			return fmt.Sprintf("option %q comes before the subcommand", args[i])
		}
	}
	if i == len(args) {
		if i == 0 {
			return "no subcommand"
		}
		return ""
	}
	sub := args[i]
	if !staticWord(sub) {
		return fmt.Sprintf("the subcommand %q is not known before the line runs", sub)
	}
	subs, ok := mandateReadOnly.Get()[sub]
	if !ok {
		return fmt.Sprintf("%q is not a read-only subcommand", sub)
	}
	if subs == nil {
		return ""
	}
	if i+1 == len(args) {
		return fmt.Sprintf("%q without its subcommand", sub)
	}
	next := args[i+1]
	if mandateHelp.Get()[next] || next == "help" {
		return ""
	}
	if !staticWord(next) {
		return fmt.Sprintf("the subcommand %q is not known before the line runs", sub+" "+next)
	}
	if !slices.Contains(subs, next) {
		return fmt.Sprintf("%q is not a read-only subcommand", sub+" "+next)
	}
	return ""
}

// mandateCommands denies every invocation of Mandate in the line that
// runs something other than a read-only subcommand, and asks for a
// program that may be Mandate given a subcommand that changes something
// (mandatefront.go).
func (ev *evaluation) mandateCommands(an *shell.Analysis) {
	for i := range an.Commands {
		c := &an.Commands[i]
		args, how, eff := ev.mandateFront(c)
		switch eff {
		case Deny:
			if why := mandateVerdict(args); why != "" {
				ev.deny(groupSelf, "no-disable", c.Line, fmt.Sprintf("%q runs Mandate (%s): %s; an agent may run only Mandate's read-only subcommands (%s)", c.Line, how, why, readOnlySubcommands()))
			} else {
				ev.mandateEnv(c) // mandateenv.go
			}
		case Ask:
			detail := fmt.Sprintf("%q may run Mandate (%s); an agent may run only Mandate's read-only subcommands (%s)", c.Line, how, readOnlySubcommands())
			if ev.trust == action.ReadOnly {
				ev.deny(groupSelf, "no-disable", c.Line, detail+" (trust level read_only)")
			} else {
				ev.builtin(groupSelf, Ask, "no-disable", c.Line, detail)
			}
		}
	}
}

// mandateInvocation reports whether c runs Mandate: by name, by being the
// same file as a protected binary (another name, a hard link, a symlink),
// by being a copy of one (same size and SHA-256), as `go run` of
// Mandate's own command packages, or as a front taken for Mandate
// (mandatefront.go). args are Mandate's arguments.
func (ev *evaluation) mandateInvocation(c *shell.Command) (args []string, how string, ok bool) {
	args, how, eff := ev.mandateFront(c)
	return args, how, eff == Deny
}

// absIn makes p absolute against the command's directory, else the
// action's.
func absIn(cwd, fallback, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	if cwd == "" {
		cwd = fallback
	}
	return path.Join(cwd, p)
}

// lineWriter returns the program that writes (or links, copies, moves
// onto) the absolute path p in the line being decided, or "".
func (ev *evaluation) lineWriter(p string) string {
	if len(ev.analyses) == 0 {
		return ""
	}
	for _, w := range ev.analyses[len(ev.analyses)-1].Writes {
		if w.Path == p {
			return w.Cmd
		}
	}
	return ""
}

// madeByLine returns the program that writes c's program file earlier in
// the line being decided (cp, ln -s, mv, install, a redirection, …), or
// "". Build tools (go, cargo, make, compilers) make programs of their own
// and are not counted; go build of Mandate's packages is, as go run is.
func (ev *evaluation) madeByLine(c *shell.Command) string {
	if len(ev.analyses) == 0 {
		return ""
	}
	an := ev.analyses[len(ev.analyses)-1]
	prog := c.Prog
	if prog == "" {
		prog = c.Name
	}
	cwd := c.Cwd
	if cwd == "" {
		cwd = ev.cwd
	}
	matches := func(p string) bool {
		if strings.Contains(prog, "/") {
			q := prog
			if !path.IsAbs(q) {
				q = path.Join(cwd, q)
			}
			return p == q
		}
		if path.Base(p) != prog {
			return false
		}
		for _, dir := range strings.Split(ev.p.opt.PathEnv, ":") {
			if dir != "" && path.Join(dir) == path.Dir(p) {
				return true
			}
		}
		return false
	}
	for _, w := range an.Writes {
		if !matches(w.Path) {
			continue
		}
		switch w.Cmd {
		case "go", "cargo", "rustc", "make", "gmake", "cc", "gcc", "clang", "c++", "g++", "ld", "javac", "tsc", "zig", "swiftc":
			if w.Cmd == "go" && ev.buildsMandate(an) {
				return "go build of Mandate's own packages"
			}
			continue
		}
		return w.Cmd
	}
	return ""
}

// buildsMandate reports whether the line runs go build of one of
// Mandate's command packages.
func (ev *evaluation) buildsMandate(an *shell.Analysis) bool {
	for i := range an.Commands {
		c := an.Commands[i]
		if c.Name != "go" || len(c.Args) == 0 || c.Args[0] != "build" {
			continue
		}
		c.Args = append([]string{"run"}, c.Args[1:]...)
		for len(c.Args) > 1 {
			if _, _, ok := goRunMandate(&c); ok {
				return true
			}
			c.Args = append(c.Args[:1], c.Args[2:]...)
		}
	}
	return false
}

// mandateFile says why the file p (described by info, symlinks resolved)
// is a Mandate binary, or "".
func (ev *evaluation) mandateFile(p string, info fsview.Info) string {
	id, hasID := info.ID()
	for _, b := range ev.binaries() {
		if bid, ok := b.info.ID(); ok && hasID && bid == id {
			return "the same file as Mandate's binary " + b.path
		}
	}
	for _, b := range ev.binaries() {
		if info.Size == 0 || info.Size != b.info.Size {
			continue
		}
		want, err := ev.fileSHA256(b.path, b.info)
		if err != nil {
			return fmt.Sprintf("the size of Mandate's binary %s and cannot be compared with it (%v)", b.path, err)
		}
		got, err := ev.fileSHA256(p, info)
		if err != nil {
			return fmt.Sprintf("the size of Mandate's binary %s and cannot be read to compare (%v)", b.path, err)
		}
		if got == want {
			return "a copy of Mandate's binary " + b.path
		}
	}
	return ""
}

type progAnswer struct {
	path  string
	info  fsview.Info
	found bool
}

// progFile returns the file c runs: its program word as a path (relative
// to the command's directory), or a bare name looked up in
// Options.PathEnv as the shell would (the first executable regular file).
// Shell builtins and keywords run no file.
func (ev *evaluation) progFile(c *shell.Command) (string, fsview.Info, bool) {
	prog := c.Prog
	if prog == "" {
		prog = c.Name
	}
	if !staticWord(prog) || prog == "" {
		return "", fsview.Info{}, false
	}
	cwd := c.Cwd
	if cwd == "" {
		cwd = ev.cwd
	}
	fx := ev.facts()
	key := prog + "\x00" + cwd
	if a, ok := fx.progs[key]; ok {
		return a.path, a.info, a.found
	}
	a := ev.lookProg(prog, cwd)
	if fx.progs == nil {
		fx.progs = map[string]progAnswer{}
	}
	fx.progs[key] = a
	return a.path, a.info, a.found
}

func (ev *evaluation) lookProg(prog, cwd string) progAnswer {
	fsys := ev.fsys()
	exe := func(p string) (fsview.Info, bool) {
		info, err := fsys.Lstat(p)
		if err != nil {
			return info, false
		}
		if info.Mode&fs.ModeSymlink != 0 {
			if info, err = fsview.Stat(fsys, p); err != nil {
				return info, false
			}
		}
		return info, info.Mode.IsRegular() && info.Mode.Perm()&0o111 != 0
	}
	if strings.Contains(prog, "/") {
		p := prog
		if !path.IsAbs(p) {
			if cwd == "" {
				return progAnswer{}
			}
			p = path.Join(cwd, p)
		}
		info, ok := exe(p)
		return progAnswer{p, info, ok}
	}
	if shellBuiltins.Get()[prog] || ev.p.opt.PathEnv == "" {
		return progAnswer{}
	}
	for _, dir := range strings.Split(ev.p.opt.PathEnv, ":") {
		if dir == "" {
			dir = "."
		}
		if !path.IsAbs(dir) {
			if cwd == "" {
				continue
			}
			dir = path.Join(cwd, dir)
		}
		p := path.Join(dir, prog)
		if info, ok := exe(p); ok {
			return progAnswer{p, info, true}
		}
	}
	return progAnswer{}
}

// shellBuiltins run inside the shell: no file on $PATH is looked up.
var shellBuiltins = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"cd": true, "echo": true, "printf": true, "test": true, "[": true, "[[": true, "true": true,
		"false": true, "export": true, "set": true, "unset": true, "source": true, ".": true, "eval": true,
		"read": true, "pwd": true, "type": true, "command": true, "builtin": true, "local": true,
		"declare": true, "typeset": true, "alias": true, "unalias": true, "shift": true, "return": true,
		"exit": true, "wait": true, "jobs": true, "fg": true, "bg": true, "kill": true, "trap": true,
		"umask": true, "ulimit": true, "getopts": true, "hash": true, "help": true, "let": true,
		"readonly": true, "times": true, "shopt": true, "pushd": true, "popd": true, "dirs": true,
		"history": true, "fc": true, "disown": true, "suspend": true, "enable": true, "mapfile": true,
		"readarray": true, "caller": true, "compgen": true, "complete": true, "logout": true, ":": true,
		"if": true, "then": true, "else": true, "fi": true, "for": true, "while": true, "until": true,
		"do": true, "done": true, "case": true, "esac": true, "function": true, "select": true,
	}
}}

// goValueFlags are the go build flags that take a value as the next word.
var goValueFlags = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"-C": true, "-p": true, "-tags": true, "-ldflags": true, "-gcflags": true, "-asmflags": true,
		"-mod": true, "-modfile": true, "-overlay": true, "-pkgdir": true, "-toolexec": true,
		"-exec": true, "-compiler": true, "-installsuffix": true, "-coverpkg": true, "-covermode": true,
		"-pgo": true, "-buildmode": true, "-gccgoflags": true, "-o": true,
	}
}}

// goRunMandate recognises `go run` of one of Mandate's command packages
// (…/cmd/mandate, …/cmd/mandate-engine, a module path ending so, or "."
// inside such a directory): Mandate built and run from source.
func goRunMandate(c *shell.Command) (args []string, pkg string, ok bool) {
	a := c.Args
	if len(a) == 0 || a[0] != "run" {
		return nil, "", false
	}
	dir := c.Cwd
	i := 1
	for ; i < len(a); i++ {
		s := a[i]
		if s == "--" {
			i++
			break
		}
		if !strings.HasPrefix(s, "-") {
			break
		}
		name, _, hasVal := strings.Cut(strings.TrimPrefix(s, "-"), "=")
		if !hasVal && goValueFlags.Get()["-"+name] {
			if name == "C" && i+1 < len(a) {
				dir = path.Join(dir, a[i+1])
			}
			i++
		}
	}
	if i >= len(a) {
		return nil, "", false
	}
	pkg = a[i]
	rest := a[i+1:]
	if strings.HasSuffix(pkg, ".go") {
		// go run a.go b.go args: the files' directory is the package.
		j := i
		for j < len(a) && strings.HasSuffix(a[j], ".go") {
			j++
		}
		rest = a[j:]
		pkg = path.Dir(pkg)
	}
	p, _, _ := strings.Cut(pkg, "@")
	p = strings.TrimSuffix(p, "/")
	base := path.Base(p)
	if (p == "." || p == "") && dir != "" {
		base = path.Base(dir)
	} else if !path.IsAbs(p) && strings.HasPrefix(p, ".") && dir != "" {
		base = path.Base(path.Join(dir, p))
	}
	if mandateNames.Get()[base] {
		return rest, pkg, true
	}
	return nil, "", false
}
