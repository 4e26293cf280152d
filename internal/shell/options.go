package shell

import "strings"

// Option parsing: an optSpec says which options of a program take a value,
// and cmd.parse splits its arguments into options and operands.

// opts is the result of option parsing.
type opts struct {
	pos  []int      // indexes of positional arguments
	vals []optValue // option values, in order
	has  []string   // options present
	// abbrev: the program takes a unique prefix of a long option
	// (getopt_long, git's parse-options, argparse): a "--pre" present
	// stands for every modelled long option it may abbreviate.
	abbrev bool
	long   []string // the value options parsed: given in full, never a prefix
	flags  []string // the same for options without a value
}

type optValue struct {
	key string
	f   field
}

// optSpec describes the options of a command: short letters taking a
// value, long names taking a value ("--name"), and whether option parsing
// stops at the first positional argument (wrappers).
type optSpec struct {
	short   string
	long    []string
	stopPos bool
	// dashLong: single-dash long options taking a value (find-like, ssh -o is short)
	dashLong []string
	// plus: arguments starting with + are options too (sh +x, +o opt)
	plus bool
	// glued: short letters whose value is only ever attached (mysql
	// -pSECRET): alone they take nothing, so "-p -h HOST" keeps -h.
	glued string
	// noCluster: a single-dash word is one option (Go's flags: -cover is
	// not -c -o ver); the short letters are its one-letter options
	noCluster bool
	// flags: long options taking no value that are also prefixes of
	// modelled ones (--batch, --batch-all-objects): given in full, they
	// abbreviate nothing
	flags []string
}

func (c *cmd) parse(sp optSpec) opts {
	o := c.parseOpts(c.withSpec(sp))
	c.w.last, c.w.parsed = o, true
	return o
}

func (c *cmd) parseOpts(sp optSpec) opts {
	var o opts
	o.abbrev = !sp.noCluster && !noAbbrev.Get()[c.name]
	o.long, o.flags = sp.long, sp.flags
	end := false
	for i := 0; i < len(c.args); i++ {
		a := c.s(i)
		if sp.plus && !end && len(a) > 1 && a[0] == '+' {
			a = "-" + a[1:]
		}
		if end || a == "-" || !strings.HasPrefix(a, "-") || c.args[i].dyn && !strings.HasPrefix(a, "-") {
			o.pos = append(o.pos, i)
			if sp.stopPos {
				for j := i + 1; j < len(c.args); j++ {
					o.pos = append(o.pos, j)
				}
				return o
			}
			continue
		}
		if a == "--" {
			end = true
			o.has = append(o.has, "--")
			continue
		}
		if contains(sp.dashLong, a) {
			o.has = append(o.has, a)
			if i+1 < len(c.args) {
				i++
				o.vals = append(o.vals, optValue{a, c.args[i]})
				c.skip[i] = true
			}
			continue
		}
		if name, v, ok := strings.Cut(a, "="); ok && !strings.HasPrefix(a, "--") && contains(sp.dashLong, name) {
			f := c.args[i]
			f.s = v
			o.has = append(o.has, name)
			o.vals = append(o.vals, optValue{name, f})
			continue
		}
		if strings.HasPrefix(a, "--") {
			name, v, hasEq := strings.Cut(a, "=")
			o.has = append(o.has, name)
			if hasEq {
				f := c.args[i]
				f.s = v
				o.vals = append(o.vals, optValue{name, f})
			} else if contains(sp.long, name) && i+1 < len(c.args) {
				i++
				o.vals = append(o.vals, optValue{name, c.args[i]})
				c.skip[i] = true
			} else if i+1 < len(c.args) && abbreviates(sp.long, name) {
				// GNU getopt_long takes a unique prefix of an option:
				// the next word is its value, or an operand if name is
				// an option not listed; it is reported as both.
				o.vals = append(o.vals, optValue{name, c.args[i+1]})
			}
			continue
		}
		if sp.noCluster {
			name, v, eq := strings.Cut(a, "=")
			o.has = append(o.has, name)
			valued := len(name) == 2 && strings.IndexByte(sp.short, name[1]) >= 0
			switch {
			case eq:
				f := c.args[i]
				f.s = v
				o.vals = append(o.vals, optValue{name, f})
			case valued && i+1 < len(c.args):
				i++
				o.vals = append(o.vals, optValue{name, c.args[i]})
				c.skip[i] = true
			}
			continue
		}
		for j := 1; j < len(a); j++ {
			k := shortOpt(a[j])
			o.has = append(o.has, k)
			if strings.IndexByte(sp.glued, a[j]) >= 0 {
				if j+1 < len(a) {
					f := c.args[i]
					f.s = a[j+1:]
					o.vals = append(o.vals, optValue{k, f})
				}
				break
			}
			if strings.IndexByte(sp.short, a[j]) >= 0 {
				if j+1 < len(a) {
					f := c.args[i]
					f.s = a[j+1:]
					o.vals = append(o.vals, optValue{k, f})
				} else if i+1 < len(c.args) {
					i++
					o.vals = append(o.vals, optValue{k, c.args[i]})
					c.skip[i] = true
				}
				break
			}
		}
	}
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shortOpt returns "-x" for the byte x without allocating for ASCII.
func shortOpt(b byte) string {
	const letters = "-a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-A-B-C-D-E-F-G-H-I-J-K-L-M-N-O-P-Q-R-S-T-U-V-W-X-Y-Z-0-1-2-3-4-5-6-7-8-9"
	if i := strings.IndexByte(letters, b); i > 0 && letters[i-1] == '-' {
		return letters[i-1 : i+1]
	}
	return "-" + string(rune(b))
}

// is reports whether option k is present.
func (o opts) is(k string) bool {
	for _, h := range o.has {
		if o.names(h, k) {
			return true
		}
	}
	return false
}

func (o opts) any(keys ...string) bool {
	for _, k := range keys {
		if o.is(k) {
			return true
		}
	}
	return false
}

func (o opts) values(keys ...string) []field {
	var out []field
	for _, v := range o.vals {
		for _, k := range keys {
			if o.names(v.key, k) {
				out = append(out, v.f)
				break
			}
		}
	}
	return out
}

// names reports whether option h, as given, names the modelled option k:
// spelled in full, or, where the program takes abbreviations, as a
// prefix of it ("--in-pl" for "--in-place"). A prefix of several
// modelled options names each of them: the analysis assumes the worst.
func (o opts) names(h, k string) bool {
	if h == k {
		return true
	}
	return o.abbrev && len(h) >= 3 && len(h) < len(k) && h[0] == '-' && h[1] == '-' && h[2] != '-' &&
		k[len(h)-1] == h[len(h)-1] && strings.HasPrefix(k, h) && !contains(o.long, h) && !contains(o.flags, h)
}

func (c *cmd) pos(o opts, k int) (int, bool) {
	if k < len(o.pos) {
		return o.pos[k], true
	}
	return 0, false
}
