package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// trustRank orders trust levels, least capable first.
func trustRank(t string) int {
	return slices.Index(action.TrustLevels, t)
}

// trustFor derives the trust level of the session and says how.
//
// An explicit Actor.TrustLevel wins over roles. Otherwise every role whose
// groups intersect Actor.Groups matches and the LEAST capable matching role
// decides (least agency: membership in a restricted group is never
// overridden by a broader one). With no match, default_trust_level applies.
// max_trust_level, when set, caps the result whatever its source.
func (p *Policy) trustFor(a *action.Actor) (level, why string, err error) {
	switch {
	case a.TrustLevel != "":
		if !action.ValidTrust(a.TrustLevel) {
			return "", "", fmt.Errorf("unknown trust level %q", a.TrustLevel)
		}
		level, why = a.TrustLevel, "set explicitly for the session (actor.trust_level)"
	default:
		var matched []string
		for _, r := range p.roles {
			for _, g := range r.groups {
				if slices.Contains(a.Groups, g) {
					if level == "" || trustRank(r.trust) < trustRank(level) {
						level = r.trust
					}
					matched = append(matched, fmt.Sprintf("%s (group %s → %s)", r.name, g, r.trust))
					break
				}
			}
		}
		switch {
		case len(matched) == 1:
			why = "from role " + matched[0]
		case len(matched) > 1:
			why = "least capable of the matching roles: " + strings.Join(matched, ", ")
		default:
			level = p.defaultTrust
			if len(a.Groups) > 0 {
				why = fmt.Sprintf("policy default_trust_level (no role matches groups %s)", strings.Join(a.Groups, ", "))
			} else {
				why = "policy default_trust_level (no groups, no explicit level)"
			}
		}
	}
	if p.maxTrust != "" && trustRank(level) > trustRank(p.maxTrust) {
		why = fmt.Sprintf("%s, capped by max_trust_level %s (was %s)", why, p.maxTrust, level)
		level = p.maxTrust
	}
	return level, why, nil
}

// readOnlyCommands is the built-in list of commands a read_only session may
// run. Each entry may refuse some arguments: the function returns a reason
// when the arguments make the command write, execute or reach the network.
var readOnlyCommands = &lazy.Value[map[string]func(args []string) string]{New: func() map[string]func(args []string) string {
	return map[string]func(args []string) string{
		"ls": nil, "cat": nil, "head": nil, "tail": nil, "wc": nil, "grep": nil,
		"egrep": nil, "fgrep": nil, "pwd": nil, "echo": nil, "printf": nil,
		"stat": nil, "diff": nil, "cut": nil, "which": nil, "basename": nil,
		"dirname": nil, "realpath": nil, "readlink": nil, "true": nil,
		"false": nil, "test": nil, "[": nil, "cd": nil, "pushd": nil, "popd": nil,
		"whoami": nil, "id": nil, "uname": nil, "nl": nil, "tac": nil, "tr": nil,
		"md5sum": nil, "sha1sum": nil, "sha256sum": nil, "cmp": nil, "comm": nil,
		"du": nil, "df": nil, "type": nil, "jq": nil,
		"rg": func(args []string) string {
			return refuseFlags(args, "--pre", "--pre-glob")
		},
		"tree": func(args []string) string { return refuseFlags(args, "-o", "-R") },
		"file": func(args []string) string { return refuseFlags(args, "-C", "--compile") },
		"uniq": func(args []string) string {
			if len(positionals(args)) > 1 {
				return "uniq with a second file argument writes that file"
			}
			return ""
		},
		"sort": func(args []string) string {
			return refuseFlags(args, "-o", "--output", "--compress-program")
		},
		"find": func(args []string) string {
			for _, a := range args {
				switch {
				case a == "-exec", a == "-execdir", a == "-ok", a == "-okdir", a == "-delete",
					strings.HasPrefix(a, "-fprint"), a == "-fls":
					return "find " + a + " executes, deletes or writes"
				}
			}
			return ""
		},
		"git": readOnlyGit,
	}
}}

// readOnlyGitSub lists the git subcommands a read_only session may run.
var readOnlyGitSub = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"status": true, "log": true, "diff": true, "show": true, "branch": true,
		"blame": true, "grep": true, "rev-parse": true, "ls-files": true,
	}
}}

func readOnlyGit(args []string) string {
	sub, rest, why := gitSubcommand(args)
	if why != "" {
		return why
	}
	if !readOnlyGitSub.Get()[sub] {
		if sub == "" {
			return "git without a subcommand"
		}
		return fmt.Sprintf("git %s is not a read-only git subcommand", sub)
	}
	if r := refuseFlags(rest, "--output", "--ext-diff", "-O", "--open-files-in-pager"); r != "" {
		return r
	}
	if sub == "branch" {
		return readOnlyGitBranch(rest)
	}
	return ""
}

// readOnlyGitBranch accepts only the listing forms of git branch: any
// positional argument is a new branch name unless --list/-l/-a/-r makes it
// a pattern.
func readOnlyGitBranch(args []string) string {
	list := false
	for _, a := range args {
		if a == "--" {
			break
		}
		for _, f := range []string{"--delete", "--move", "--copy", "--force", "--unset-upstream",
			"--edit-description", "--set-upstream-to", "--track", "--no-track", "--create-reflog", "--recurse-submodules"} {
			if longFlagIs(a, f) {
				return "git branch " + a + " changes branches"
			}
		}
		for _, f := range []string{"-d", "-D", "-m", "-M", "-c", "-C", "-f", "-u", "-t"} {
			if shortFlagIn(a, f) {
				return "git branch " + a + " changes branches"
			}
		}
		for _, f := range []string{"--list", "--all", "--remotes", "--contains", "--no-contains", "--merged", "--no-merged", "--points-at"} {
			if longFlagIs(a, f) {
				list = true
			}
		}
		for _, f := range []string{"-l", "-a", "-r"} {
			if shortFlagIn(a, f) {
				list = true
			}
		}
	}
	if !list && len(positionals(args)) > 0 {
		return "git branch NAME creates a branch"
	}
	return ""
}

// refuseFlags returns a reason when args contain one of the flags: a long
// flag alone, as --flag=value, or abbreviated (GNU getopt and git accept
// any unambiguous prefix, so --out is --output); a short flag alone, with
// its value attached (-ofile), or inside a bundle (-ao).
func refuseFlags(args []string, flags ...string) string {
	for _, a := range args {
		if a == "--" {
			return ""
		}
		for _, f := range flags {
			if longFlagIs(a, f) || shortFlagIn(a, f) {
				return fmt.Sprintf("%s can write files or run programs", f)
			}
		}
	}
	return ""
}

// longFlagIs reports whether argument a is the long flag full, possibly
// abbreviated to at least "--" and one letter, possibly with =value.
func longFlagIs(a, full string) bool {
	if !strings.HasPrefix(full, "--") || !strings.HasPrefix(a, "--") {
		return false
	}
	name, _, _ := strings.Cut(a, "=")
	return len(name) >= 3 && strings.HasPrefix(full, name)
}

// shortFlagIn reports whether argument a holds the short flag f ("-o"):
// alone, with a value attached, or in a bundle of short flags.
func shortFlagIn(a, f string) bool {
	if len(f) != 2 || f[0] != '-' || f[1] == '-' || len(a) < 2 || a[0] != '-' || a[1] == '-' {
		return false
	}
	return strings.IndexByte(a[1:], f[1]) >= 0
}

func positionals(args []string) []string {
	var out []string
	dd := false
	for _, a := range args {
		if !dd && a == "--" {
			dd = true
			continue
		}
		if dd || !strings.HasPrefix(a, "-") || a == "-" {
			out = append(out, a)
		}
	}
	return out
}

// gitSubcommand skips git's global options and returns the subcommand and
// its arguments. Options that let git run arbitrary programs (-c, --exec-path,
// --config-env) return a reason instead.
func gitSubcommand(args []string) (sub string, rest []string, why string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-C" || a == "--git-dir" || a == "--work-tree" || a == "--namespace" || a == "--super-prefix":
			i++
		case a == "-c" || strings.HasPrefix(a, "--config-env") || strings.HasPrefix(a, "--exec-path") ||
			(strings.HasPrefix(a, "-c") && len(a) > 2 && !strings.HasPrefix(a, "--")):
			return "", nil, "git " + a + " can change git's configuration and run programs"
		case strings.HasPrefix(a, "-"):
			// --no-pager, -P, --bare, --git-dir=..., --work-tree=..., ...
		default:
			return a, args[i+1:], ""
		}
	}
	return "", nil, ""
}

// gitConfigAlias reports whether a git command line defines an alias (with
// -c alias.X=... or git config alias.X ...), which hides the real subcommand.
func gitConfigAlias(args []string) bool {
	for i, a := range args {
		if (a == "-c" && i+1 < len(args) && strings.HasPrefix(strings.ToLower(args[i+1]), "alias.")) ||
			(strings.HasPrefix(a, "-c") && strings.HasPrefix(strings.ToLower(a[2:]), "alias.")) {
			return true
		}
	}
	sub, rest, _ := gitSubcommand(args)
	if sub == "config" {
		for _, a := range rest {
			if strings.HasPrefix(strings.ToLower(a), "alias.") {
				return true
			}
		}
	}
	return false
}

// readOnlyVerdict returns "" when c may run at read_only, or why not.
func readOnlyVerdict(c *shell.Command) string {
	check, ok := readOnlyCommands.Get()[c.Name]
	if !ok {
		return fmt.Sprintf("%q is not on the read-only command list", c.Name)
	}
	if c.Name == "git" {
		return readOnlyGit(c.Args)
	}
	if check != nil {
		return check(c.Args)
	}
	return ""
}

func (p *Policy) protectedBranch(b string) bool {
	for _, g := range p.protectedBranches {
		if matchGlob(g, b) {
			return true
		}
	}
	return false
}

// TrustLevel is the trust level a has under p (explicit level, else roles,
// else default_trust_level, capped by max_trust_level), or "" when a names
// an unknown level. Evaluate derives the same level for every decision.
func (p *Policy) TrustLevel(a action.Actor) string {
	level, _, err := p.trustFor(&a)
	if err != nil {
		return ""
	}
	return level
}
