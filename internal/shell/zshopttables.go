package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// The zsh options the analysis of a line run by zsh knows (red-team
// round 21, #2, #3; dialectstate.go reads every spelling through them:
// setopt, unsetopt, set -o/+o and set's letters, emulate MODE and its
// flags, zsh -o NAME, +o NAME, --NAME and zsh's letters). An option not
// in this table is opaque: its meaning there is not known to be bash's.
// Names are as zsh's optlookup reads them: lower case, no underscores,
// a "no" prefix inverting (zshOptName); bash's names zsh accepts
// (dotglob, braceexpand, …) are its aliases.

// zshOptEffect is what a zsh option does to the analysis.
type zshOptEffect uint8

const (
	// zshOptSame: changes nothing the same-meaning rules let through
	// (error handling, tracing, interactive editing and history, glob
	// syntax the word rules already refuse, globs that match less).
	zshOptSame      zshOptEffect = iota + 1
	zshOptPosix                  // POSIX_BUILTINS: special builtins keep prefix assignments
	zshOptGlobs                  // an option of globopts.go (flag)
	zshOptAllExport              // ALL_EXPORT
	zshOptState                  // an expansion option tracked in scope.zopts (bit)
)

type zshOpt struct {
	effect zshOptEffect
	flag   globFlags
	bit    uint8 // zshOptState: the scope.zopts bit
	// inv: the option being on turns the flag off (CASE_GLOB on is
	// case-sensitive globbing)
	inv bool
}

// zsh's expansion options, as bits of scope.zopts that may be on. zsh's
// startup files (.zshenv runs even for zsh -c) may set any of them, so a
// zsh starts with all of them maybe on; emulate zsh and a static unsetopt
// turn them off, emulate sh|ksh on (they are OPT_EMULATE options).
const (
	// zGlobSubst: GLOB_SUBST, an unquoted value is a pattern (and its
	// ~ and leading = expand): a value holding a pattern character is
	// not the same (sameParam)
	zGlobSubst uint8 = 1 << iota
	// zWordSplit: SH_WORD_SPLIT, an unquoted value is split on zsh's IFS;
	// off, it is not split at all. Either way a value holding a
	// character of the IFS bash splits on is not the same (sameParam).
	zWordSplit
	// zKshArrays: KSH_ARRAYS, $x of an array is its first element and
	// subscripts start at 0; arrays and subscripts are never the same
	// (sameParam), with it or without it.
	zKshArrays
	// zShLetters: SH_OPTION_LETTERS, set's and zsh's letters are ksh's
	// (zshKshLetters), else zsh's (zshLetters); while not known, a
	// letter is read both ways.
	zShLetters
	zAllOpts = zGlobSubst | zWordSplit | zKshArrays | zShLetters
)

// zshOptions are the zsh options the analysis knows, by their name as
// zshOptName normalises it.
var zshOptions = &lazy.Value[map[string]zshOpt]{New: func() map[string]zshOpt {
	m := map[string]zshOpt{
		"posixbuiltins":   {effect: zshOptPosix},
		"cdablevars":      {effect: zshOptGlobs, flag: optCdableVars},
		"globdots":        {effect: zshOptGlobs, flag: globDot},
		"dotglob":         {effect: zshOptGlobs, flag: globDot},
		"caseglob":        {effect: zshOptGlobs, flag: globNoCase, inv: true},
		"nullglob":        {effect: zshOptGlobs, flag: globNull},
		"cshnullglob":     {effect: zshOptGlobs, flag: globNull},
		"allexport":       {effect: zshOptAllExport},
		"globsubst":       {effect: zshOptState, bit: zGlobSubst},
		"shwordsplit":     {effect: zshOptState, bit: zWordSplit},
		"ksharrays":       {effect: zshOptState, bit: zKshArrays},
		"shoptionletters": {effect: zshOptState, bit: zShLetters},
	}
	for _, n := range []string{
		// errors and tracing
		"errexit", "errreturn", "pipefail", "xtrace", "verbose", "unset", "exec", "printexitvalue",
		"warncreateglobal", "warnnestedvar", "typesetsilent", "evallineno", "debugbeforecmd",
		// globs that match less or the same, glob syntax the word rules refuse
		"extendedglob", "nomatch", "glob", "badpattern", "shglob", "markdirs", "numericglobsort",
		"rcexpandparam", "ignorebraces", "braceexpand", "bareglobqual",
		// scoping, writes that fail more, echo as bash's
		"localoptions", "localtraps", "localpatterns", "localloops", "clobber", "clobberempty", "bsdecho",
		"multios", "equals", "shnullcmd", "interactivecomments", "functionargzero", "globalexport",
		// jobs, startup files, interactive editing and history
		"notify", "monitor", "bgnice", "hup", "checkjobs", "checkrunningjobs", "longlistjobs", "autoresume",
		"rcs", "globalrcs", "interactive", "login", "privileged", "restricted", "shinstdin", "stdin",
		"singlecommand", "onecmd", "trapsasync", "multibyte", "hashcmds", "hashdirs", "hashall", "trackall",
		"hashlistall", "beep", "histbeep", "listbeep", "ignoreeof", "correct", "correctall", "zle", "vi",
		"emacs", "sunkeyboardhack", "singlelinezle", "promptcr", "promptsp", "mailwarning", "mailwarn", "autolist", "automenu", "menucomplete",
		"listtypes", "listambiguous", "listpacked", "listrowsfirst", "recexact", "alwaystoend",
		"alwayslastprompt", "completeinword", "completealiases", "globcomplete", "autoparamkeys",
		"autoparamslash", "autoremoveslash", "autonamedirs", "banghist", "histexpand", "appendhistory",
		"histappend", "extendedhistory", "sharehistory", "incappendhistory", "histignorespace",
		"histignoredups", "histignorealldups", "histnostore", "histnofunctions", "log", "histreduceblanks",
		"histverify", "histsavenodups", "histfindnodups", "histexpiredupsfirst", "histsavebycopy",
		"histallowclobber", "flowcontrol", "printeightbit", "transientrprompt", "overstrike", "rmstarsilent",
		"rmstarwait", "pushdsilent", "dvorak", "kshoptionprint",
		// (not promptsubst, promptbang, promptpercent: PS4's text may then
		// run code under xtrace)
	} {
		m[n] = zshOpt{effect: zshOptSame}
	}
	return m
}}

// zshLetters are zsh's option letters (zsh -y, set -4), as the option
// name with "no" for an inverted one; "" is no option. zshKshLetters are
// the letters with SH_OPTION_LETTERS on (emulate sh|ksh). From zsh's
// Src/options.c (zshletters, kshletters).
var zshLetters = map[byte]string{
	'0': "correct", '1': "printexitvalue", '2': "nobadpattern", '3': "nonomatch", '4': "globdots", '5': "notify",
	'6': "bgnice", '7': "ignoreeof", '8': "markdirs", '9': "autolist", 'B': "nobeep", 'C': "noclobber",
	'D': "pushdtohome", 'E': "pushdsilent", 'F': "noglob", 'G': "nullglob", 'H': "rmstarsilent", 'I': "ignorebraces",
	'J': "autocd", 'K': "nobanghist", 'L': "sunkeyboardhack", 'M': "singlelinezle", 'N': "autopushd",
	'O': "correctall", 'P': "rcexpandparam", 'Q': "pathdirs", 'R': "longlistjobs", 'S': "recexact", 'T': "cdablevars",
	'U': "mailwarning", 'V': "nopromptcr", 'W': "autoresume", 'X': "listtypes", 'Y': "menucomplete", 'Z': "zle",
	'a': "allexport", 'd': "noglobalrcs", 'e': "errexit", 'f': "norcs", 'g': "histignorespace", 'h': "histignoredups",
	'i': "interactive", 'k': "interactivecomments", 'l': "login", 'm': "monitor", 'n': "noexec", 'p': "privileged",
	'r': "restricted", 's': "shinstdin", 't': "singlecommand", 'u': "nounset", 'v': "verbose", 'w': "chaselinks",
	'x': "xtrace", 'y': "shwordsplit",
}

var zshKshLetters = map[byte]string{
	'C': "noclobber", 'T': "trapsasync", 'X': "markdirs", 'a': "allexport", 'b': "notify", 'e': "errexit",
	'f': "noglob", 'i': "interactive", 'l': "login", 'm': "monitor", 'n': "noexec", 'p': "privileged",
	'r': "restricted", 's': "shinstdin", 't': "singlecommand", 'u': "nounset", 'v': "verbose", 'x': "xtrace",
}

// zshSubstSpecial are the characters that make an unquoted value a
// pattern, or a path to expand, when GLOB_SUBST may be on: globs,
// EXTENDED_GLOB's ^ # ~, KSH_GLOB's and zsh's groups, <N-M> ranges, ~
// (a leading = is EQUALS: sameParam).
const zshSubstSpecial = "*?[^#~()|<"
