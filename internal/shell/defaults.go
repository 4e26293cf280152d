package shell

import "mvdan.cc/sh/v3/syntax"

// ${x:-WORD} and ${x-WORD} of a variable not known statically are either
// x's value or WORD. The analysis keeps the first reading (not known
// statically: dynamic, opaque where it matters) and, when a command's
// words hold such a default, analyses the command a second time with
// every unknown default in place: "${x-rm} -rf ~" also runs rm -rf ~.

// defaultFields expands words reading every unknown ${x:-WORD} as WORD;
// nil when that reading is the same as the first or still not static in
// its program name.
func (a *analyzer) defaultFields(words []*syntax.Word, sc *scope) ([]field, error) {
	a.defaultMode = true
	fs, err := a.fields(words, sc, true)
	a.defaultMode = false
	if err != nil || len(fs) == 0 {
		return nil, err
	}
	return fs, nil
}

// sameFields reports whether two expansions are the same words.
func sameFields(a, b []field) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].s != b[i].s || a[i].dyn != b[i].dyn {
			return false
		}
	}
	return true
}
