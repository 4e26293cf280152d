package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Installed shell scripts that eval text built from their arguments, as
// data: that text is shell code, whatever the program looks like
// (xdg-user-dir '}; cat .env #' runs cat). Found by reading the scripts
// in /usr/bin of a Debian system for eval of "$1", "$@" or a variable
// set from an option:
//
//	xdg-user-dir NAME   eval echo \${XDG_${1}_DIR:-$HOME}
//	memusage -n NAME    add_env="$add_env MEMUSAGE_PROG_NAME=$progname"
//	                    … eval $add_env '"$@"' (also -d FILE, -b SIZE)
//
// Others eval only text they quote themselves (zgrep, xzgrep, xzdiff,
// lcf, ucf) or an option the tables already make opaque (fakeroot -l,
// ldd's LD_DEBUG: a loader variable). Each spliced value is analysed as
// the code the script builds from it; a value not known statically
// makes the line opaque.
type evalScript struct {
	operand int    // the operand ($N) spliced into the code; 0: none
	opts    string // the options whose values are spliced: "-n,--progname …"
	code    string // the text the script evals, %s the spliced value
}

var evalScripts = &lazy.Value[map[string]evalScript]{New: func() map[string]evalScript {
	return map[string]evalScript{
		"xdg-user-dir": {operand: 1, code: "echo ${XDG_%s_DIR:-$HOME}"},
		"memusage":     {opts: "-n,--progname -d,--data -b,--buffer", code: "MEMUSAGE_VALUE=%s :"},
	}
}}

// evalSplices analyses the values c's script (if it is one of
// evalScripts) splices into the code it evals.
func (c *cmd) evalSplices() error {
	es, ok := evalScripts.Get()[c.name]
	if !ok {
		return nil
	}
	var vals []field
	if es.operand > 0 && es.operand <= len(c.args) {
		vals = append(vals, c.args[es.operand-1])
	}
	if es.opts != "" {
		vals = append(vals, scriptOptValues(c.args, es.opts)...)
	}
	for _, f := range vals {
		switch {
		case f.dyn:
			c.opaque(c.name + " evals its argument as shell code, and it is not known statically")
		case strings.Trim(f.s, shellInert) != "":
			code := strings.Replace(es.code, "%s", f.s, 1)
			if err := c.a.reparse(code, c.sc, c.name+" eval", false); err != nil {
				return err
			}
		}
	}
	return nil
}

// shellInert are the bytes that mean nothing to the shell in an
// unquoted word.
const shellInert = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=,+-@%"

// scriptOptValues returns the values of the options names ("-n,--progname
// -d,--data") in args, read as a shell script's case loop reads them: a
// short option with its value in the next word, a long one abbreviated
// to any prefix of at least four bytes, with its value after = or in the
// next word; the options end at the first operand or "--".
func scriptOptValues(args []field, names string) []field {
	var out []field
	for i := 0; i < len(args); i++ {
		s := args[i].s
		if s == "--" || !strings.HasPrefix(s, "-") || args[i].dyn {
			return out
		}
		key, val, eq := strings.Cut(s, "=")
		for _, n := range strings.FieldsFunc(names, func(r rune) bool { return r == ',' || r == ' ' }) {
			long := strings.HasPrefix(n, "--")
			if key != n && !(long && len(key) >= 4 && strings.HasPrefix(n, key)) {
				continue
			}
			switch {
			case eq && long:
				f := args[i]
				f.s = val
				out = append(out, f)
			case i+1 < len(args):
				i++
				out = append(out, args[i])
			}
			break
		}
	}
	return out
}
