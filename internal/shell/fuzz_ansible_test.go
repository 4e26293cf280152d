package shell

import "testing"

// FuzzAnsibleJinja: ansible's argument readers and the Jinja scan never
// panic and stay total on any text.
func FuzzAnsibleJinja(f *testing.F) {
	for _, s := range []string{"cmd=\"rm x\" chdir=/tmp", `{"argv": ["rm", "x"]}`, "msg={{ a }} var=x", "{{ q ('pipe','id') }}",
		"x['_'*2~'class']", "{% include 'x' %}", "'unclosed", "{{", "a=b c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ansibleArgs(s)
		ansibleCodeArgs(s)
		ansibleWordSpans(s)
		for _, seg := range jinjaSegments(s) {
			jinjaRisk(seg)
		}
		jinjaRisk(s)
		ansibleFactsEnv(s)
	})
}
