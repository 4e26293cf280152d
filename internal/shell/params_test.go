package shell

import "testing"

// TestExpansionDifferentials: expansions bash resolves from the line
// alone are resolved statically (class parser-differential/expansion).
func TestExpansionDifferentials(t *testing.T) {
	const cl = "parser-differential/expansion"
	const key = "/home/dev/.ssh/id_rsa"
	runW(t, []wc{
		// tilde after = and : in assignments and assignment-like words
		{class: cl, cmd: "dd if=~/.ssh/id_rsa", reads: []string{key}},
		{class: cl, cmd: "k=a:~/.aws/credentials; cat ${k#a:}", reads: []string{"/home/dev/.aws/credentials"}},
		{class: cl, cmd: "P=/x:~/.ssh/id_rsa; cat ${P##*:}", reads: []string{key}},
		{class: cl, cmd: "cp src/app.go --target-directory=~/x", noWrite: []string{"/home/dev/x"}},
		// pattern operators on known values
		{class: cl, cmd: "cat ${PWD%/*}/.ssh/id_rsa", reads: []string{key}},
		{class: cl, cmd: "x=/home/dev/.ssh/id_rsa.pub; cat ${x%.pub}", reads: []string{key}},
		{class: cl, cmd: "x=~/.ssh/XX; cat ${x/XX/id_rsa}", reads: []string{key}},
		{class: cl, cmd: "x=~/.SSH/ID_RSA; cat ${x,,}", reads: []string{key}},
		{class: cl, cmd: "x=aa~/.ssh/id_rsa; cat ${x:2}", reads: []string{"/home/dev/project/~/.ssh/id_rsa"}},
		// positional parameters and arrays
		{class: cl, cmd: "\"${@:-rm}\" -rf ~", deletes: []string{"/home/dev"}},
		{class: cl, cmd: "set -- cat .env; \"$@\"", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "set -- x cat .env; shift; $@", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "set -- .env; cat \"$1\"", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "sh -c '\"$0\" -rf ~' rm", deletes: []string{"/home/dev"}},
		{class: cl, cmd: "bash -c 'cat \"$1\"' _ .env", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "a=(rm -rf ~); \"${a[@]}\"", deletes: []string{"/home/dev"}},
		{class: cl, cmd: "a=(x .env); cat ${a[1]}", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "declare -a a=(cat .env); ${a[*]}", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "f() { cat \"$1\"; }", dyn: []string{"/**"}},
		{class: cl, cmd: "if x; then set -- .env; fi; cat $1", dyn: []string{"/**"}},
		// $_ is the last argument of the previous command
		{class: cl, cmd: ": ~/.ssh/id_rsa; cat $_", reads: []string{key}},
		{class: cl, cmd: "ls ~/.ssh/id_rsa >/dev/null && cat \"$_\"", reads: []string{key}},
		// printf of literals is as static as echo
		{class: cl, cmd: "eval \"$(printf 'rm -rf ~')\"", deletes: []string{"/home/dev"}},
		{class: cl, cmd: "$(printf '\\x72\\x6d') -rf ~", deletes: []string{"/home/dev"}},
		{class: cl, cmd: "cat $(printf '%s/%s' ~/.ssh id_rsa)", reads: []string{key}},
		{class: cl, cmd: "bash <(printf '%s\\n' 'rm -rf ~')", deletes: []string{"/home/dev"}},
		// an unknown ${x-WORD} may be WORD
		{class: cl, cmd: "${x-rm} -rf ~", deletes: []string{"/home/dev"}, opaque: []string{"program name is not known statically"}},
		{class: cl, cmd: "cat ${F:-.env}", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "X=1; echo ${X:-.env}", noRead: []string{"/home/dev/project/.env"}},
	})
}

func TestShellMatch(t *testing.T) {
	for _, c := range []struct {
		pat, s string
		want   bool
	}{
		{"*", "", true}, {"*/", "a/b/", true}, {"a*b", "axxb", true}, {"a*b", "axxbc", false},
		{"?", "a", true}, {"?", "", false}, {"[a-c]x", "bx", true}, {"[!a-c]x", "bx", false},
		{`\*`, "*", true}, {`\*`, "a", false}, {"*.go", "dir/x.go", true}, {"[", "[", true},
	} {
		if got := shellMatch(c.pat, c.s); got != c.want {
			t.Errorf("shellMatch(%q, %q) = %v, want %v", c.pat, c.s, got, c.want)
		}
	}
}

func TestPrintfOutput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
		ok   bool
	}{
		{[]string{`\x72\x6d`}, "rm", true},
		{[]string{`%s-%s\n`, "a", "b", "c"}, "a-b\nc-\n", true},
		{[]string{`%b`, `a\0101`}, "aA", true},
		{[]string{`%5s`, "a"}, "", false},
		{[]string{`%d%%`, "7"}, "7%", true},
		{[]string{`\101`}, "A", true},
	} {
		got, ok := printfOutput(c.args)
		if got != c.want || ok != c.ok {
			t.Errorf("printfOutput(%q) = %q, %v; want %q, %v", c.args, got, ok, c.want, c.ok)
		}
	}
}

// TestFunctionCallsAndTee: a function called with known arguments runs
// its body with them; printf in double quotes is static; tee of a
// literal writes a script's text (classes parser-differential/expansion,
// exec/script-written-in-line).
func TestFunctionCallsAndTee(t *testing.T) {
	runW(t, []wc{
		{class: "parser-differential/expansion", cmd: "f() { \"$@\"; }; f rm -rf ~", deletes: []string{"/home/dev"}},
		{class: "parser-differential/expansion", cmd: "g() { cat \"$1\"; }; g .env", reads: []string{"/home/dev/project/.env"}},
		{class: "parser-differential/expansion", cmd: "f() { f x; }; f y", lines: []string{"f y"}},
		{class: "parser-differential/expansion", cmd: "eval 'x=$(printf \"\\x72\\x6d\") && $x -rf ~'", deletes: []string{"/home/dev"}},
		{class: "exec/script-written-in-line", cmd: "tee src/x.sh <<< 'rm -rf ~' >/dev/null; bash src/x.sh", deletes: []string{"/home/dev"}},
		{class: "exec/script-written-in-line", cmd: "echo 'cat .env' | tee -a s.sh; bash s.sh", opaque: []string{"content not known statically"}},
	})
}
