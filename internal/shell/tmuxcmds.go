package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// tmux's commands, as data (red-team round 7 #5): for each command, what
// its options' values and its operands are — a name, a format (whose #()
// runs a shell command in the tmux server and whose #{NAME} reads the
// server's environment), shell code, a tmux command list, keys typed
// into a pane, a file — so that every argument of every command is
// judged by what tmux does with it (multiplexers.go, tmuxopts.go,
// tmuxfmt.go). tmux takes a command by its name, its alias or a unique
// prefix of its name (cmd.c cmd_find): tmuxLookup resolves the same way.
// Taken from tmux's cmd-*.c entries (3.3a and the development tree).

// tmuxKind says what one argument of a tmux command is.
type tmuxKind byte

const (
	tkName    tmuxKind = 'n' // a name, a target, a number: nothing tmux expands
	tkFormat  tmuxKind = 'f' // a format: expanded when the command runs
	tkShell   tmuxKind = 's' // shell code tmux hands to /bin/sh
	tkArgv    tmuxKind = 'S' // a new pane's shell command (one operand code, more argv): opaque only (the last operand kind only)
	tkRunArgv tmuxKind = 'R' // a shell command run now: one operand is code, more are argv (the last operand kind only)
	tkCmds    tmuxKind = 'c' // a tmux command list, as one string
	tkCmdArgv tmuxKind = 'C' // a tmux command list: one string, or the rest as one command's words (the last operand kind only)
	tkKeys    tmuxKind = 'k' // keys typed into a pane
	tkBuffer  tmuxKind = 'K' // text a paste types into a pane later
	tkEnv     tmuxKind = 'e' // NAME=VALUE for the environment of what the command starts
	tkRead    tmuxKind = 'r' // a file read
	tkWrite   tmuxKind = 'w' // a file written
	tkSource  tmuxKind = 'x' // a file of tmux commands, read and run
	tkMenu    tmuxKind = 'm' // display-menu's items: name (a format), key, command (the last operand kind only)
	tkOption  tmuxKind = 'o' // set-option's operands (tmuxopts.go)
	tkHook    tmuxKind = 'h' // set-hook's operands (tmuxopts.go)
	tkSetEnv  tmuxKind = 'v' // set-environment's operands (tmuxopts.go)
)

// tmuxSpec is one tmux command.
type tmuxSpec struct {
	name  string // the command's name
	alias string // its alias ("" none)
	short string // option letters taking a value
	opts  string // option values that are more than names: letter and kind pairs, space-separated ("Ff cf ee")
	ops   string // the kinds of the operands in order; the last repeats
	alt   string // an option letter and the kind it gives the first operand ("Cc": run-shell -C takes a command list)
	runs  bool   // starts a shell, a process or typed input whose later effect the line does not show
	dump  bool   // prints the environment, or the variable it names
}

// tmuxCommandTable lists the commands; the default command-alias entries
// (split-pane, splitp, server-info, info, choose-window, choose-session)
// are aliases here.
var tmuxCommandTable = &lazy.Value[[]tmuxSpec]{New: func() []tmuxSpec {
	return []tmuxSpec{
		{name: "attach-session", alias: "attach", short: "cft", opts: "cf"},
		{name: "bind-key", alias: "bind", short: "NT", ops: "nC"},
		{name: "break-pane", alias: "breakp", short: "FnstxXyY", opts: "Ff nf xf yf Xf Yf"},
		{name: "capture-pane", alias: "capturep", short: "bESt"},
		{name: "choose-buffer", short: "FfKOt", opts: "Ff ff Kf", ops: "c"},
		{name: "choose-client", short: "FfKOt", opts: "Ff ff Kf", ops: "c"},
		{name: "choose-tree", short: "FfKOt", opts: "Ff ff Kf", ops: "c"},
		{name: "clear-history", alias: "clearhist", short: "t"},
		{name: "clear-prompt-history", alias: "clearphist", short: "T"},
		{name: "clock-mode", short: "t"},
		{name: "command-prompt", short: "IptT", opts: "If pf", ops: "c"},
		{name: "confirm-before", alias: "confirm", short: "cpt", opts: "pf", ops: "c"},
		{name: "copy-mode", short: "st"},
		{name: "customize-mode", short: "Fft", opts: "Ff ff"},
		{name: "delete-buffer", alias: "deleteb", short: "b"},
		{name: "detach-client", alias: "detach", short: "Est", opts: "Es", runs: true},
		{name: "display-menu", alias: "menu", short: "bcCHsStTxy", opts: "Tf xf yf", ops: "m"},
		{name: "display-message", alias: "display", short: "cdtF", opts: "Ff", ops: "f"},
		{name: "display-panes", alias: "displayp", short: "dst", ops: "c"},
		{name: "display-popup", alias: "popup", short: "bcdehsStTwxy", opts: "df ee Tf hf wf xf yf", ops: "R", runs: true},
		{name: "find-window", alias: "findw", short: "t"},
		{name: "has-session", alias: "has", short: "t"},
		{name: "if-shell", alias: "if", short: "t", ops: "scc", alt: "Ff", runs: true},
		{name: "join-pane", alias: "joinp", short: "lpst", opts: "lf pf"},
		{name: "kill-pane", alias: "killp", short: "ft", opts: "ff"},
		{name: "kill-server"},
		{name: "kill-session", short: "ft", opts: "ff"},
		{name: "kill-window", alias: "killw", short: "ft", opts: "ff"},
		{name: "last-pane", alias: "lastp", short: "t"},
		{name: "last-window", alias: "last", short: "t"},
		{name: "link-window", alias: "linkw", short: "st"},
		{name: "list-buffers", alias: "lsb", short: "FfO", opts: "Ff ff"},
		{name: "list-clients", alias: "lsc", short: "FfOt", opts: "Ff ff"},
		{name: "list-commands", alias: "lscm", short: "F", opts: "Ff"},
		{name: "list-keys", alias: "lsk", short: "FOPT", opts: "Ff Pf"},
		{name: "list-panes", alias: "lsp", short: "FfOt", opts: "Ff ff"},
		{name: "list-sessions", alias: "ls", short: "FfO", opts: "Ff ff"},
		{name: "list-windows", alias: "lsw", short: "FfOt", opts: "Ff ff"},
		{name: "load-buffer", alias: "loadb", short: "bt", ops: "r"},
		{name: "lock-client", alias: "lockc", short: "t"},
		{name: "lock-server", alias: "lock"},
		{name: "lock-session", alias: "locks", short: "t"},
		{name: "move-pane", alias: "movep", short: "lpstPXYz", opts: "lf pf"},
		{name: "move-window", alias: "movew", short: "st"},
		{name: "new-pane", alias: "newp", short: "BcelmpRsStTxXyY", opts: "cf ee lf pf Tf xf yf Xf Yf", ops: "S", runs: true},
		{name: "new-session", alias: "new", short: "ceFfnstxy", opts: "cf ee Ff nf sf xf yf", ops: "S", runs: true},
		{name: "new-window", alias: "neww", short: "ceFnt", opts: "cf ee Ff nf", ops: "S", runs: true},
		{name: "next-layout", alias: "nextl", short: "t"},
		{name: "next-window", alias: "next", short: "t"},
		{name: "paste-buffer", alias: "pasteb", short: "bst", runs: true},
		{name: "pipe-pane", alias: "pipep", short: "t", ops: "s", runs: true},
		{name: "previous-layout", alias: "prevl", short: "t"},
		{name: "previous-window", alias: "prev", short: "t"},
		{name: "refresh-client", alias: "refresh", short: "ABCfrFt", opts: "Bf"},
		{name: "rename-session", alias: "rename", short: "t", ops: "f"},
		{name: "rename-window", alias: "renamew", short: "t", ops: "f"},
		{name: "resize-pane", alias: "resizep", short: "txy", opts: "xf yf"},
		{name: "resize-window", alias: "resizew", short: "txy", opts: "xf yf"},
		{name: "respawn-pane", alias: "respawnp", short: "cet", opts: "cf ee", ops: "S", runs: true},
		{name: "respawn-window", alias: "respawnw", short: "cet", opts: "cf ee", ops: "S", runs: true},
		{name: "rotate-window", alias: "rotatew", short: "t"},
		{name: "run-shell", alias: "run", short: "cdst", opts: "cf", ops: "s", alt: "Cc", runs: true},
		{name: "save-buffer", alias: "saveb", short: "b", ops: "w"},
		{name: "select-layout", alias: "selectl", short: "t"},
		{name: "select-pane", alias: "selectp", short: "PTt", opts: "Tf"},
		{name: "select-window", alias: "selectw", short: "t"},
		{name: "send-keys", alias: "send", short: "cNt", ops: "k", runs: true},
		{name: "send-prefix", short: "t"},
		{name: "server-access", ops: "f"},
		{name: "set-buffer", alias: "setb", short: "bnt", ops: "K"},
		{name: "set-environment", alias: "setenv", short: "t", ops: "v"},
		{name: "set-hook", short: "Bt", opts: "Bf", ops: "h"},
		{name: "set-option", alias: "set", short: "t", ops: "o"},
		{name: "set-window-option", alias: "setw", short: "t", ops: "o"},
		{name: "show-buffer", alias: "showb", short: "b"},
		{name: "show-environment", alias: "showenv", short: "t", dump: true},
		{name: "show-hooks", short: "Ft", opts: "Ff"},
		{name: "show-messages", alias: "showmsgs", short: "t"},
		{name: "show-options", alias: "show", short: "Ft", opts: "Ff", ops: "f"},
		{name: "show-prompt-history", alias: "showphist", short: "T"},
		{name: "show-window-options", alias: "showw", short: "Ft", opts: "Ff", ops: "f"},
		{name: "source-file", alias: "source", short: "t", ops: "x", runs: true},
		{name: "split-window", alias: "splitw", short: "BcelFmpRsStT", opts: "cf ee Ff lf pf Tf", ops: "S", runs: true},
		{name: "start-server", alias: "start"},
		{name: "suspend-client", alias: "suspendc", short: "t"},
		{name: "swap-pane", alias: "swapp", short: "st"},
		{name: "swap-window", alias: "swapw", short: "st"},
		{name: "switch-client", alias: "switchc", short: "cOtT"},
		{name: "switch-mode", short: "Ft", opts: "Ff", ops: "c"},
		{name: "unbind-key", alias: "unbind", short: "T"},
		{name: "unlink-window", alias: "unlinkw", short: "t"},
		{name: "wait-for", alias: "wait", short: "Fw", opts: "Ff"},
		// tmux's default command-alias entries
		{name: "split-window", alias: "split-pane", short: "BcelFmpRsStT", opts: "cf ee Ff lf pf Tf", ops: "S", runs: true},
		{name: "split-window", alias: "splitp", short: "BcelFmpRsStT", opts: "cf ee Ff lf pf Tf", ops: "S", runs: true},
		{name: "show-messages", alias: "server-info", short: "t"},
		{name: "show-messages", alias: "info", short: "t"},
		{name: "choose-tree", alias: "choose-window", short: "FfKOt", opts: "Ff ff Kf", ops: "c"},
		{name: "choose-tree", alias: "choose-session", short: "FfKOt", opts: "Ff ff Kf", ops: "c"},
	}
}}

// tmuxAliases maps every alias to its entry.
var tmuxAliases = &lazy.Value[map[string]*tmuxSpec]{New: func() map[string]*tmuxSpec {
	t := tmuxCommandTable.Get()
	m := make(map[string]*tmuxSpec, len(t))
	for i := range t {
		if t[i].alias != "" {
			m[t[i].alias] = &t[i]
		}
	}
	return m
}}

// tmuxLookup resolves a command name as tmux does: an alias exactly, a
// name exactly, else the one name it is a prefix of. ambiguous says it is
// a prefix of several (tmux refuses the command).
func tmuxLookup(name string) (spec *tmuxSpec, ambiguous bool) {
	if name == "" {
		return nil, false
	}
	if s, ok := tmuxAliases.Get()[name]; ok {
		return s, false
	}
	t := tmuxCommandTable.Get()
	var found *tmuxSpec
	for i := range t {
		s := &t[i]
		if s.name == name {
			return s, false
		}
		if strings.HasPrefix(s.name, name) && (found == nil || found.name != s.name) {
			if found != nil {
				ambiguous = true
			}
			found = s
		}
	}
	if ambiguous {
		return nil, true
	}
	return found, false
}

// optKind is the kind of the value of option letter l ('n' when the
// table says nothing).
func (s *tmuxSpec) optKind(l byte) tmuxKind {
	for i := 0; i+1 < len(s.opts); i += 3 {
		if s.opts[i] == l {
			return tmuxKind(s.opts[i+1])
		}
	}
	return tkName
}

// opKind is the kind of operand k (0-based): the last kind repeats.
func (s *tmuxSpec) opKind(k int) tmuxKind {
	if s.ops == "" {
		return tkName
	}
	if k >= len(s.ops) {
		k = len(s.ops) - 1
	}
	return tmuxKind(s.ops[k])
}
