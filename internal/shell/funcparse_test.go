package shell

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// defShape describes the and-or tree of a statement: F for a function
// definition (its body a compound command), C for a call, ! and the
// operators as written.
func defShape(s *syntax.Stmt) string {
	neg := ""
	if s.Negated {
		neg = "!"
	}
	switch c := s.Cmd.(type) {
	case *syntax.BinaryCmd:
		return neg + "(" + defShape(c.X) + " " + c.Op.String() + " " + defShape(c.Y) + ")"
	case *syntax.FuncDecl:
		if misparsedDef(c) {
			return neg + "F{" + defShape(c.Body) + "}"
		}
		return neg + "F"
	}
	return neg + "C"
}

// TestFixFuncDefs: a definition followed by &&, || or a pipeline is one
// operand, as bash reads it (red-team round 23, #2).
func TestFixFuncDefs(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"f() { :; } && cd ..", "(F && C)"},
		{"f() { :; } && a && b", "((F && C) && C)"},
		{"f() { :; } | true", "(F | C)"},
		{"f() { :; } |& true", "(F |& C)"},
		{"f() { :; } > x && y", "(F && C)"},
		{"x && f() { :; } && y", "((C && F) && C)"},
		{"x | f() { :; } && y", "((C | F) && C)"},
		{"f() { :; } | g() { :; } && y", "((F | F) && C)"},
		{"f() ( : ) || y", "(F || C)"},
		{"! f() { :; } && y", "(!F && C)"},
		{"x || ! f() { :; } | y && z", "((C || !(F | C)) && C)"},
		{"f() { :; } && y | z", "(F && (C | C))"},
		{"function f { :; } | y | z", "((F | C) | C)"},
		{"f() if true; then :; fi && y", "(F && C)"},
		{"f() { :; }", "F"},
		{"a && b || c | d", "((C && C) || (C | C))"},
	} {
		f, err := syntax.NewParser().Parse(strings.NewReader(tc.src), "")
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		if !mayDefine(tc.src) && strings.Contains(tc.want, "F") {
			t.Errorf("mayDefine(%q) = false", tc.src)
		}
		fixFuncDefs(f)
		if got := defShape(f.Stmts[0]); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.src, got, tc.want)
		}
	}
	for _, src := range []string{"ls -la", "echo $(date)", "go test ./... && git status"} {
		if mayDefine(src) {
			t.Errorf("mayDefine(%q) = true: the tree walk runs for nothing", src)
		}
	}
}
