package shell

import "mvdan.cc/sh/v3/syntax"

// zsh's NULLCMD and READNULLCMD (red-team round 23, #11). In zsh a
// command made of redirections only runs $NULLCMD (default cat) with
// them, or $READNULLCMD (default a pager) when its one redirection reads:
// NULLCMD=sh; >&2 <<< 'cat .env' runs sh on the here-string. An
// assignment of either inside zsh code is opaque (foreigntables.go), but
// zsh also takes them from its environment (NULLCMD=sh zsh -c …, export
// NULLCMD=sh, env NULLCMD=sh …): where the shell may be zsh and the
// line bound one, the redirection-only command is analysed as that
// command run with the redirections; a value not known is opaque.

// nullCmdVars are the parameters a redirection-only command runs.
var nullCmdVars = [...]string{"NULLCMD", "READNULLCMD"}

// nullCmd analyses the command zsh runs for s, a redirection-only
// command, when the line bound NULLCMD or READNULLCMD; s's redirections
// are in force in sc.
func (a *analyzer) nullCmd(s *syntax.Stmt, sc *scope) error {
	if !mayZsh(sc.dialect) || len(s.Redirs) == 0 {
		return nil
	}
	if x, ok := s.Cmd.(*syntax.CallExpr); s.Cmd != nil && (!ok || len(x.Args) > 0) {
		return nil
	}
	for _, n := range nullCmdVars {
		v, ok := sc.cmdVar(n)
		if !ok {
			continue // zsh's default: cat, a pager
		}
		if !v.known {
			a.opaque(n, "zsh runs $"+n+" for a command of redirections only, and its value is not known statically")
			continue
		}
		if v.val == "" {
			continue
		}
		// zsh runs the value as one command word, with the redirections
		if err := a.simple([]field{{s: v.val}}, sc.withVia("zsh "+n)); err != nil {
			return err
		}
	}
	return nil
}
