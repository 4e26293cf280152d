package shell

import "mvdan.cc/sh/v3/syntax"

// selfSpawning reports whether the body of function name runs the
// function itself in the background or on both ends of a pipeline — each
// call starting more than one copy of itself, without a bound Mandate can
// see: a fork bomb (":(){ :|:& };:"), which exhausts the machine's process
// table whatever its name.
func selfSpawning(name string, body *syntax.Stmt) bool {
	calls := func(n syntax.Node) bool {
		found := false
		syntax.Walk(n, func(n syntax.Node) bool {
			if found {
				return false
			}
			if c, ok := n.(*syntax.CallExpr); ok && len(c.Args) > 0 && c.Args[0].Lit() == name {
				found = true
				return false
			}
			return true
		})
		return found
	}
	spawns := false
	syntax.Walk(body, func(n syntax.Node) bool {
		if spawns {
			return false
		}
		switch x := n.(type) {
		case *syntax.Stmt:
			if x.Background && x.Cmd != nil && calls(x.Cmd) {
				spawns = true
			}
		case *syntax.BinaryCmd:
			if (x.Op == syntax.Pipe || x.Op == syntax.PipeAll) && calls(x.X) && calls(x.Y) {
				spawns = true
			}
		}
		return !spawns
	})
	return spawns
}
