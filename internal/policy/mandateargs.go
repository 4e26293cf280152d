package policy

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Mandate's command line as Mandate reads it. A program that is not
// known to be Mandate is judged as a possible Mandate front by what its
// arguments would make Mandate do (mandatefront.go): mandateRuns answers
// that, with Mandate's own parser's rules (cobra, internal/cli).
//
// Where the subcommand is. cobra looks for it among the words that are
// not options, skipping options in any position before it: --flag=value,
// -h=false, --help=false (the help flag every command has: mandate
// --help=false prune runs prune). An option without "=" that cobra does
// not know as a flag without a value (-h, --help, -v, --version) takes
// the next word as its value: mandate --before 2030-01-01 prune runs
// prune with --before. "--" ends the search: no subcommand after it.
// mandateSubcommands returns every word that could be the subcommand
// under these rules — a word that an unknown option may or may not take
// as its value counts both ways — so a front whose flags differ is not
// missed.
//
// What must follow it. Each subcommand that changes something is run only
// with the arguments it accepts; with others Mandate prints a usage error
// and changes nothing (mandateChanges, keep in step with internal/cli):
// install, uninstall and hook take one of the agents' names; prune takes
// --before or --subject; export takes --out FILE (not "-", which writes
// to standard output); init, checkpoint, demo and serve take no
// argument; serve stop, tamper ack and policy init are the changing
// commands of their groups. A word not known statically may be anything
// and counts as what Mandate needs. So pip install requests, ./mvnw
// install or docker export app, given to any program, are not Mandate
// commands that change something; install claude, prune --before 30d,
// tamper ack are.

// mutating describes what a subcommand of Mandate that changes something
// needs after it.
type mutating struct {
	// governs: it can switch governance off, lift a lock, erase or forge
	// what is recorded, or rewrite a governance file. The others (init,
	// checkpoint, demo, serve) do what the running installation does
	// anyway: init is idempotent, a checkpoint signs what is recorded, an
	// engine started by a binary that is not the installed engine is not
	// used (the front checks its peer's executable).
	governs bool
	agent   bool   // one of the agents' names (install claude)
	noArgs  bool   // no positional argument
	flags   string // one of these options (names without dashes)
	out     bool   // flags' value is a file, not "-"
	subs    string // or: one of these subcommands (serve stop)
	// subsOnly: only with one of subs (tamper ack, policy init)
	subsOnly bool
}

var mandateMutating = &lazy.Value[map[string]mutating]{New: func() map[string]mutating {
	return map[string]mutating{
		"install":    {governs: true, agent: true},
		"uninstall":  {governs: true, agent: true},
		"hook":       {governs: true, agent: true},
		"prune":      {governs: true, noArgs: true, flags: "before subject"},
		"export":     {governs: true, noArgs: true, flags: "out o", out: true},
		"tamper":     {governs: true, subs: "ack", subsOnly: true},
		"policy":     {governs: true, subs: "init", subsOnly: true},
		"init":       {noArgs: true},
		"checkpoint": {noArgs: true},
		"demo":       {noArgs: true},
		"serve":      {noArgs: true, subs: "stop"},
	}
}}

// mandateAgentNames are the agents Mandate installs its hook for (the
// registered ones are added by ProtectAgent).
var mandateAgentNames = map[string]bool{
	"claude": true, "codex": true, "gemini": true, "copilot": true, "cursor": true, "hermes": true,
}

// isOption reports whether cobra reads w as an option (not "-" alone).
func isOption(w string) bool { return len(w) > 1 && w[0] == '-' }

// optionTakesNext reports whether cobra's search for the subcommand takes
// the word after the option w as its value: w has no "=" and is not one
// of the flags every Mandate command has without a value.
func optionTakesNext(w string) bool {
	if strings.Contains(w, "=") {
		return false
	}
	switch w {
	case "-h", "--help", "-v", "--version":
		return false
	}
	return strings.HasPrefix(w, "--") || len(w) == 2
}

// mandateSubcommands returns the indexes in args of the words Mandate's
// parser could take for its subcommand (see above).
func mandateSubcommands(args []string) []int {
	var out []int
	eachSubcommand(args, func(i int) bool { out = append(out, i); return true })
	return out
}

// eachSubcommand calls f with the index of each word Mandate's parser
// could take for its subcommand, in order, until f returns false.
func eachSubcommand(args []string, f func(int) bool) {
	for i := 0; i < len(args); i++ {
		w := args[i]
		switch {
		case w == "--":
			return
		case isOption(w):
			if optionTakesNext(w) && i+1 < len(args) {
				i++
				if !isOption(args[i]) && !f(i) { // a value, or the subcommand
					return
				}
			}
		case w == "":
		default:
			f(i)
			return
		}
	}
}

// mandateChanges returns the Mandate subcommand (with its second word for
// a group) that args would run and that changes something, or "";
// governs says whether it is one that can switch governance off (see
// mutating). A word not known statically is returned as it is, and
// governs.
func mandateChanges(args []string) (sub string, governs bool) {
	eachSubcommand(args, func(i int) bool {
		w := args[i]
		if !staticWord(w) {
			sub, governs = w, true
			return false
		}
		m, ok := mandateMutating.Get()[w]
		if !ok {
			return true
		}
		// cobra parses the options before the subcommand as the
		// subcommand's (mm --before 30d prune runs prune --before 30d).
		switch second := changesWith(m, args, i); second {
		case "":
			return true
		case ".":
			sub, governs = w, m.governs
		default:
			sub, governs = w+" "+second, m.governs
		}
		return false
	})
	return sub, governs
}

// changesWith reports whether args, Mandate's arguments with the
// subcommand described by m at index at, make Mandate run it: "." for the
// subcommand itself, the second word for a group's, "" for no. A group's
// subcommand is the first argument after it that is not an option (or
// one an unknown option may take as its value).
func changesWith(m mutating, args []string, at int) string {
	type word struct {
		s     string
		maybe bool // may be the value of the option before it
		after bool // after the subcommand
	}
	var buf [8]word
	pos := buf[:0]
	flagged, dynamic := false, false
	// rest is args without the subcommand; indexes from at on are after it
	rest := func(i int) string {
		if i >= at {
			return args[i+1]
		}
		return args[i]
	}
	n := len(args) - 1
	for i := 0; i < n; i++ {
		w := rest(i)
		if !staticWord(w) {
			dynamic = true
		}
		switch {
		case w == "--":
			for j := i + 1; j < n; j++ {
				pos = append(pos, word{s: rest(j), after: j >= at})
			}
			i = n
		case isOption(w):
			name, val, hasVal := strings.Cut(strings.TrimLeft(w, "-"), "=")
			hit := m.flags != "" && inWords(m.flags, name)
			if !hit && m.flags != "" && w[1] != '-' && len(name) > 1 && inWords(m.flags, w[1:2]) {
				hit, val, hasVal = true, w[2:], true // -oFILE
			}
			if !hasVal && optionTakesNext(w) && i+1 < n {
				i++
				val, hasVal = rest(i), true
				if !isOption(val) {
					pos = append(pos, word{s: val, maybe: true, after: i >= at})
				}
			}
			if hit && (!m.out || !hasVal || val != "-") {
				flagged = true
			}
		case w == "":
		default:
			pos = append(pos, word{s: w, after: i >= at})
		}
	}
	if m.subs != "" {
		for _, p := range pos {
			if !p.after {
				continue
			}
			if inWords(m.subs, p.s) || !staticWord(p.s) {
				return p.s
			}
			if !p.maybe {
				break
			}
		}
	}
	definite := false
	for _, p := range pos {
		definite = definite || !p.maybe
	}
	switch {
	case m.subsOnly:
		return ""
	case dynamic:
		return "."
	case m.agent:
		for _, p := range pos {
			if mandateAgentNames[p.s] {
				return "."
			}
		}
		return ""
	case m.flags != "" && !flagged:
		return ""
	case m.noArgs && definite:
		return ""
	}
	return "."
}

// inWords reports whether w is one of the space-separated words of list.
func inWords(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}
