package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// yq (mikefarah's, and kislyuk's jq wrapper) prints what it reads unless
// told to rewrite its files (-i, --inplace, --in-place) or to split its
// output into files named by an expression (-s, --split-exp; kislyuk's -s
// is --slurp, which is asked about too). Its other options are modelled
// in knowledge.go, so yq is modelled completely: yq EXPR FILE reads FILE.

// yqSubcommands are mikefarah yq's subcommands that evaluate an
// expression.
var yqSubcommands = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"eval": true, "e": true, "eval-all": true, "ea": true}
}}

// yqWrites reports what yq writes: with -i, each file operand. The first
// operand is the expression unless it comes from an option (--from-file,
// --expression, kislyuk's -f): it is then a candidate write, so that a
// protected path there is never missed.
func (c *cmd) yqWrites(o opts, pos []field) {
	if len(pos) > 0 && !pos[0].dyn && yqSubcommands.Get()[pos[0].s] {
		pos = pos[1:]
	}
	if !o.anyOf("-i", "--inplace", "--in-place") || len(pos) == 0 {
		return
	}
	first := pos[0]
	if o.anyOf("--from-file", "--expression", "-f") {
		first.cand = true
		c.write(first, "yq -i")
	}
	for _, f := range pos[1:] {
		c.write(f, "yq -i")
	}
}
