package shell

import "testing"

// TestArithInjection: text bash evaluates as arithmetic runs the $(…) of
// an array subscript in it; where the text is known, that code is
// analysed (class parser-differential/arith-injection).
func TestArithInjection(t *testing.T) {
	const cl = "parser-differential/arith-injection"
	home := "/home/dev"
	runW(t, []wc{
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; echo $((x))", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; echo $(($x))", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(cat .env)]'; [[ $x -eq 0 ]]", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "[[ 'a[$(rm -rf ~)]' -eq 0 ]]", deletes: []string{home}},
		{class: cl, cmd: "[[ 1 -lt 'a[`rm -rf ~`]' ]]", deletes: []string{home}},
		{class: cl, cmd: "declare -i n; n='b[$(rm -rf ~)]'", deletes: []string{home}},
		{class: cl, cmd: "local -i n='b[$(rm -rf ~)]'", deletes: []string{home}},
		{class: cl, cmd: "typeset -ia n; n='b[$(rm -rf ~)]' true", deletes: []string{home}},
		{class: cl, cmd: "let 'x=a[$(rm -rf ~)]'", deletes: []string{home}},
		{class: cl, cmd: "printf -v 'a[$(rm -rf ~)]' x", deletes: []string{home}},
		{class: cl, cmd: "read 'a[$(rm -rf ~)]' <<< x", deletes: []string{home}},
		{class: cl, cmd: "read -a 'a[$(rm -rf ~)]' <<< x", deletes: []string{home}},
		{class: cl, cmd: "mapfile 'a[$(rm -rf ~)]' < README.md", deletes: []string{home}},
		{class: cl, cmd: "getopts ab 'o[$(rm -rf ~)]'", deletes: []string{home}},
		{class: cl, cmd: "wait -p 'o[$(rm -rf ~)]'", deletes: []string{home}},
		{class: cl, cmd: "unset 'a[$(rm -rf ~)]'", deletes: []string{home}},
		{class: cl, cmd: "test -v 'a[$(rm -rf ~)]'", deletes: []string{home}},
		{class: cl, cmd: "[ -v 'a[$(rm -rf ~)]' ]", deletes: []string{home}},
		{class: cl, cmd: "declare 'a[$(rm -rf ~)]=1'", deletes: []string{home}},
		{class: cl, cmd: "for ((i='a[$(rm -rf ~)]';0;)); do :; done", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; z=(1 2); echo ${z[x]}", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; z[x]=1", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; ((x))", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; [[ -v $x ]]", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; echo ${@:x}", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; declare -i y=$x", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(rm -rf ~)]'; echo ${!x}", deletes: []string{home}},
		{class: cl, cmd: "declare -n r='a[$(rm -rf ~)]'; echo $r", deletes: []string{home}},
		{class: cl, cmd: "y='a[$(rm -rf ~)]'; x=y; echo $((x+1))", deletes: []string{home}},
		{class: cl, cmd: "x='a[$(cat $F)]'; echo $((x))", opaque: []string{}, lines: []string{"cat $F"}},
		{class: cl, cmd: "x='a[$(rm -rf ~)'; echo $((x))", opaque: []string{"evaluated as arithmetic"}},
		{class: cl, cmd: "x='x+b[1]'; echo $((x))", opaque: []string{"nest too deeply"}},
		{class: cl, cmd: "x=x; echo $((x))", clear: true},
		// ordinary arithmetic stays clear
		{class: cl, cmd: "n=3; echo $((n*2)); ((n++)); [[ $n -gt 2 ]]", clear: true},
		{class: cl, cmd: "declare -i k=4; k=k+1; let k+=1", clear: true},
		{class: cl, cmd: "read -r a b <<< '1 2'; echo $((a+b))", clear: true},
	})
}
