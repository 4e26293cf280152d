package shell

import "testing"

// TestAbbreviatedLongOptions: red-team round 4, #15/#16. The option
// parser resolves a --prefix to each modelled long option it may
// abbreviate, unless the program's parser takes long options in full.
func TestAbbreviatedLongOptions(t *testing.T) {
	mk := func(name string, args ...string) *cmd {
		c := &cmd{name: name, skip: make([]bool, len(args))}
		for _, s := range args {
			c.args = append(c.args, field{s: s})
		}
		return c
	}
	o := mk("sed", "--in-pl", "-e", "1d", "f").parseOpts(optSpec{short: "e"})
	if !o.is("--in-place") {
		t.Errorf("sed --in-pl is not --in-place")
	}
	o = mk("git", "--fil=p", "a.b", "c").parseOpts(optSpec{long: []string{"--file"}})
	if v := o.values("--file"); len(v) != 1 || v[0].s != "p" {
		t.Errorf("git config --fil=p: --file values %v", v)
	}
	// ambiguous: stands for every option it may abbreviate
	o = mk("tool", "--ex=x").parseOpts(optSpec{})
	if !o.is("--exec") || !o.is("--exclude") || o.is("--output") {
		t.Errorf("--ex: %v", o.has)
	}
	// a full option is no prefix of a longer one
	o = mk("grep", "--exclude=x").parseOpts(optSpec{long: []string{"--exclude", "--exclude-dir"}})
	if len(o.values("--exclude-dir")) != 0 {
		t.Errorf("--exclude taken for --exclude-dir")
	}
	// "--" ends options and abbreviates nothing; Go's flags take no prefix
	if o := mk("sed", "--", "x").parseOpts(optSpec{}); o.is("--in-place") {
		t.Errorf("-- taken for --in-place")
	}
	if o := mk("go", "--ex", "x").parseOpts(optSpec{}); o.is("--exec") {
		t.Errorf("go --ex taken for --exec")
	}
}
