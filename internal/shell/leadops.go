package shell

import "strings"

// Leading operands a launcher or wrapper skips before the command it
// runs (setarch's ARCH, runcon's CONTEXT, chrt's PRIORITY) are optional
// for some programs: they take the word only when it has the shape they
// expect, else the word is the command. Skipping a word the program
// itself does not skip would hide the command (setarch -R rm FILE runs
// rm; reading rm as the architecture makes FILE the program).

// leadRule says when a skipped leading operand is there.
type leadRule int

const (
	leadAlways   leadRule = iota // the operand is required
	leadFirst                    // only as the program's first word (util-linux setarch: ARCH, unless the line starts with an option)
	leadNoOpts                   // only when none of the launcher's leadOpts is given (runcon CONTEXT, unless -c/-u/-r/-t/-l)
	leadPriority                 // only when it is a number (busybox chrt [PRIO] PROG; util-linux rejects a word there)
)

// leadTaken reports whether the operand at args index k (the first
// operand) is the skipped leading word under rule r, given the parsed
// options o and the options that replace the word (leadNoOpts).
func (c *cmd) leadTaken(r leadRule, k int, o opts, replaced []string) bool {
	switch r {
	case leadFirst:
		return k == 0
	case leadNoOpts:
		return !o.anyOf(replaced...) && len(o.values(replaced...)) == 0
	case leadPriority:
		f := c.args[k]
		return f.dyn || f.s != "" && strings.Trim(f.s, "0123456789") == "" || strings.HasPrefix(f.s, "-") && len(f.s) > 1 && strings.Trim(f.s[1:], "0123456789") == ""
	}
	return true
}
