package redact

import (
	"regexp"
	"testing"
)

// isFlagValue and pwOnlyFormat are plain code for two regexps; they must
// agree with them on every input.
func TestPlainPatternsAgree(t *testing.T) {
	flag := regexp.MustCompile(`^--?[A-Za-z][A-Za-z0-9-]*$`)
	directive := regexp.MustCompile(`%[-+ #0-9.*]*[sdrvqxfgi]|\{[A-Za-z0-9_.]*\}`)
	onlyFormat := func(v string) bool {
		rest := directive.ReplaceAllString(v, "")
		if len(rest) == len(v) {
			return false
		}
		for i := 0; i < len(rest); i++ {
			if isAlnum(rest[i]) {
				return false
			}
		}
		return true
	}
	inputs := []string{"", "-", "--", "---", "-p", "--password", "---x", "-x-", "--a-b9", "-9", "--9", "-p ", "x-p", "-é", "--pass_word",
		"%s", "%s:%s", "{}:{}", "{0}", "{a.b_c}", "{a-b}", "%", "%%", "%-08.3f", "%*d", "% s", "%z", "%-", "{", "}", "{}",
		"%s%s", "a%s", "%sa", "{x}{y}", "%s-{}", "{%s}", "%{s}", "%\x80s", "é%s", "%s\xff", "{\xff}", "%5", "%.*s/%s",
		"user:%s@host", "{user}:{pw}", "%d.%d", "%#x", "%+v", "{{}}", "%s }", "{ }"}
	for _, a := range []string{"", "-", "%", "{", "}", "s", "9", "é", " ", ".", "_"} {
		for _, b := range []string{"", "-", "%", "{", "}", "s", "9", "x", ".", "*", "#"} {
			for _, c := range []string{"", "s", "}", "-", "a", "%s"} {
				inputs = append(inputs, a+b+c)
			}
		}
	}
	for _, v := range inputs {
		if got, want := isFlagValue(v), flag.MatchString(v); got != want {
			t.Errorf("isFlagValue(%q) = %v, the regexp says %v", v, got, want)
		}
		if got, want := pwOnlyFormat(v), onlyFormat(v); got != want {
			t.Errorf("pwOnlyFormat(%q) = %v, the regexp says %v", v, got, want)
		}
	}
}

func FuzzPlainPatternsAgree(f *testing.F) {
	flag := regexp.MustCompile(`^--?[A-Za-z][A-Za-z0-9-]*$`)
	directive := regexp.MustCompile(`%[-+ #0-9.*]*[sdrvqxfgi]|\{[A-Za-z0-9_.]*\}`)
	f.Add("%s:{a}")
	f.Add("--pw")
	f.Fuzz(func(t *testing.T, v string) {
		if isFlagValue(v) != flag.MatchString(v) {
			t.Errorf("isFlagValue(%q)", v)
		}
		rest := directive.ReplaceAllString(v, "")
		want := len(rest) != len(v)
		for i := 0; want && i < len(rest); i++ {
			want = !isAlnum(rest[i])
		}
		if pwOnlyFormat(v) != want {
			t.Errorf("pwOnlyFormat(%q)", v)
		}
	})
}
