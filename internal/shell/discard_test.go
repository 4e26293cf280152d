package shell

import (
	"slices"
	"testing"
)

// TestDiscardLine: a statement whose expansion may fail (or that assigns
// a readonly variable) may discard the rest of its line, so the cd after
// it on the line may not run and the next line reads x in the cwd the
// line started in too; one that surely succeeds leaves the cd sure
// (discard.go, red-team round 25, #3, #4).
func TestDiscardLine(t *testing.T) {
	const p = "/home/dev/project"
	cases := []struct {
		stmt  string
		maybe bool // the rest of the first line may not run
	}{
		// arithmetic
		{": $((1/0))", true},
		{": $((1%0))", true},
		{": $((2**-1))", true},
		{": $((08))", true},
		{": $((0xg))", true},
		{": $((2#2))", true},
		{": $((65#1))", true},
		{": $[1/0]", true},
		{": $((y))", true},             // y not known: may be 1/0
		{": $((1/y))", true},           // a divisor not a constant
		{"y=1/0; : $((y))", true},      // the value is evaluated in turn
		{"y=z; z=y; : $((y))", true},   // recursion
		{"y=0 z=$((1/y))", true},       // y is the statement's own
		{"v=$(cat f); : $((v))", true}, // an output may be any text
		{"((1/y))", true},
		{"let z=1/y", true},
		{"(( i < n ))", true},
		{"[[ $n -lt 3 ]]", true},
		{"declare -i k; k=$y", true},
		{": $((1+2*3-4/2))", false},
		{": $((0x1f + 010 + 2#101 + 36#z))", false},
		{": $((2**10))", false},
		{"y=5; : $((y*2))", false},
		{"y=' 5 '; : $((y/5))", false},
		{"y=2+3; : $((y))", false},
		{": $((RANDOM % 10)) $((LINENO)) $(($#)) $((${#PWD}))", false},
		{"(( i = 0, i < 3, i++ ))", false},
		{"(( n = 1 + 2 ))", false},
		{"y=7; [[ $y -lt 3 ]]", false},
		// subscripts
		{"a=(); a[-5]=1", true},
		{"a[y]=1", true},
		{"a[$y]=1", true},
		{"a[2]=1", false},
		{"i=3; a[i]=1 a[$i]=2", false},
		{": ${a[y]}", true},
		{": ${a[1]} ${a[@]} ${#a[*]} ${!a[@]}", false},
		{"read 'a[y]' < f", true},
		{"unset 'a[y]'", true},
		{"printf -v 'a[y]' %s x", true},
		{"read -r -p '[y/n] ' ans < f", false},
		{"printf '[%s]\\n' x", false},
		// parameter operators
		{": ${y?}", true},
		{": ${y:?no}", true},
		{": ${HOME:?}", false},
		{"y=; : ${y?}", false},
		{"y=; : ${y:?}", true},
		{": ${1:=x}", true},
		{": ${!y}", true},
		{"y='a b'; : ${!y}", true},
		{"y=HOME; : ${!y}", false},
		{"s=abc; : ${s:0:-5}", true},
		{"s=abc; : ${s:1:2} ${s: -1}", false},
		{": $(echo $((1/0)))", false}, // the error ends the substitution
		{": $((1/0)) & wait", false},  // and a background job
		// readonly
		{"UID=0", true},
		{"EUID=0", true},
		{"PPID=1", true},
		{"SHELLOPTS=x", true},
		{"BASHOPTS=x", true},
		{"BASH_VERSINFO=1", true},
		{"declare -n r=UID; r=0", true},
		{"declare -n r; r=UID", false},
		{"readonly y; y=1", true},
		{"readonly y; : ${y:=1}", true},
		{"for UID in 1; do :; done", true},
		{"USER=me", false},
	}
	for _, tc := range cases {
		res, err := Analyze(tc.stmt+"; cd src\ncat x", Options{Cwd: p, Home: "/home/dev"})
		if err != nil {
			t.Errorf("%q: %v", tc.stmt, err)
			continue
		}
		var reads []string
		for _, r := range res.Reads {
			if r.Cmd == "cat" {
				reads = append(reads, r.Path)
			}
		}
		maybe := slices.Contains(reads, p+"/x")
		if !slices.Contains(reads, p+"/src/x") || maybe != tc.maybe {
			t.Errorf("%q: cat x reads %q, want the rest of the line maybe skipped: %v", tc.stmt, reads, tc.maybe)
		}
	}
}

// TestArithNumber: the constants bash's arithmetic accepts.
func TestArithNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "7": true, "10": true, "017": true, "0x1f": true, "0X1F": true, "0x": true,
		"2#101": true, "16#ff": true, "36#zz": true,
		"08": false, "09": false, "0xg": false, "1e3": false, "0b1": false, "2#2": false,
		"1#1": false, "65#1": false, "08#1": false, "10#": false, "": false, "-1": false, "a": false,
	} {
		if got := arithNumber(s); got != want {
			t.Errorf("arithNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
