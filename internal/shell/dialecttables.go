package shell

// Tables of the shell dialects (dialectstate.go): which shell a name
// runs, the builtins beyond POSIX's special builtins whose prefix
// assignments a shell keeps in POSIX mode, the zsh options the analysis
// follows, and the zsh-only word shapes.

// dialects of scope.dialect.
const (
	dialBash uint8 = iota // bash: the line itself runs as bash -c LINE
	dialSh                // a POSIX sh not known: dash, ash, bash, ksh, … (sh, yash, posh)
	dialDash
	dialAsh // busybox ash, hush
	dialKsh // ksh93, mksh, pdksh, oksh
	dialZsh
	// dialAny: a shell not known at all, the one $SHELL names when the
	// line does not bind it (flock -c, script -c, su -c: codeshells.go):
	// any of the others, read through zsh's same-meaning rules and ksh's
	// builtins, with every shell's kept assignments
	dialAny
	nDialects
)

// mayZsh reports whether the shell of dialect d may be zsh.
func mayZsh(d uint8) bool { return d == dialZsh || d == dialAny }

// dialectByName is the dialect of a shell's name (without a version:
// shellBase).
var dialectByName = map[string]uint8{
	"bash": dialBash, "rbash": dialBash,
	"sh": dialSh, "yash": dialSh, "posh": dialSh, "bosh": dialSh, "jsh": dialSh, "msh": dialSh,
	"dash": dialDash,
	"ash":  dialAsh, "hush": dialAsh,
	"ksh": dialKsh, "mksh": dialKsh, "lksh": dialKsh, "oksh": dialKsh, "pdksh": dialKsh, "rksh": dialKsh,
	"zsh": dialZsh, "rzsh": dialZsh,
}

// keptAssignBuiltins are, per dialect, the builtins other than POSIX's
// special builtins (posixSpecialBuiltins) whose prefix assignments stay
// in the shell after they run in POSIX mode (red-team round 18, #3):
// bash --posix treats source as .; dash keeps local's; busybox ash and
// mksh source's, local's and typeset's; zsh with POSIX_BUILTINS also
// declare's. dialSh (a sh not known) is the union: such a builtin's
// assignment may or may not persist.
var keptAssignBuiltins = [nDialects]string{
	dialBash: "source",
	dialDash: "local",
	dialAsh:  "source local typeset",
	dialKsh:  "source local typeset",
	dialZsh:  "source local typeset declare",
	dialSh:   "source local typeset declare",
	dialAny:  "source local typeset declare",
}

// zshParamOps are the characters that, after an unbraced $, make a zsh
// expansion bash reads as a literal $ (red-team round 18, #5): $~x
// (GLOB_SUBST), $^x (RC_EXPAND_PARAM), $=x (SH_WORD_SPLIT), $+x (set or
// not), $#x (bash: $# then x), and zsh's parameter flags in ${(…)x}.
const zshParamOps = "~^=+"

// zshParamSuffixes are the characters that, right after an unbraced
// $NAME, continue the expansion in zsh and are literal text to bash:
// a subscript $x[2] and a history modifier $x:h, $x:s/a/b/.
const zshParamSuffixes = "[:"
