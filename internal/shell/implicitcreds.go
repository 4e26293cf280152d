package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Options that make a client read a credential store it does not name:
// curl -n reads ~/.netrc and sends its password, and -v prints it back
// (curl --netrc-file ~/.netrc names the file and is judged as a read of
// it). Such a run is reported as a read of the store, home-relative, and
// the policy's credential-store rule decides, as for the named file.
//
// A line matches a program when one of when is given (none listed: always)
// and none of unless. An option is matched as given alone, as --long=VALUE,
// or, for a one-letter option, inside a cluster of one-letter flags
// (curl -sn) up to the first letter of shortVal, which takes a value. An
// entry NAME~CHARS matches option NAME only when its value holds one of
// CHARS (httpie --print=H: the request's headers).

type implicitStore struct {
	progs    []string
	when     []string
	unless   []string
	shortVal string // one-letter options that take a value
	store    string // home-relative
	what     string // for the reason
}

var implicitStores = &lazy.Value[map[string][]implicitStore]{New: func() map[string][]implicitStore {
	table := []implicitStore{
		{progs: []string{"curl"}, when: []string{"-n", "--netrc", "--netrc-optional"},
			shortVal: "odHXuAebcFTwxmKErCDUQYyztP", store: ".netrc", what: "reads ~/.netrc and sends its password"},
		// httpie and xh send ~/.netrc's password by default; a verbose or
		// offline run prints the request with its Authorization header
		{progs: []string{"http", "https", "httpie", "xh", "xhs"}, when: []string{"-v", "--verbose", "-vv", "--offline", "-p~H", "--print~H"},
			unless: []string{"--ignore-netrc", "-a", "--auth"}, shortVal: "pPaAbo", store: ".netrc",
			what: "sends ~/.netrc's password and prints the request"},
		// wget sends ~/.netrc's password by default; --debug logs the
		// request (-nd, -nv, -nc are wget's two-letter options: n is read
		// as taking a value)
		{progs: []string{"wget"}, when: []string{"-d", "--debug"}, unless: []string{"--user", "--http-user", "--password", "--http-password"},
			shortVal: "OoaPUetTwiQlARDIXBn", store: ".netrc", what: "sends ~/.netrc's password and logs the request"},
	}
	m := map[string][]implicitStore{}
	for _, e := range table {
		for _, p := range e.progs {
			m[p] = append(m[p], e)
		}
	}
	return m
}}

// implicitCredentials reports the credential stores c's options make it
// read without naming them.
func (c *cmd) implicitCredentials() {
	entries, ok := implicitStores.Get()[c.name]
	if !ok {
		return
	}
	for _, e := range entries {
		if (len(e.when) > 0 && !c.givesAny(e.when, e.shortVal)) || c.givesAny(e.unless, e.shortVal) {
			continue
		}
		c.read(c.homeField(e.store), c.name+" "+e.what)
	}
}

// givesAny reports whether one of opts is among c's arguments (before "--").
func (c *cmd) givesAny(opts []string, shortVal string) bool {
	for _, o := range opts {
		name, chars, _ := strings.Cut(o, "~")
		for i := 0; i < len(c.args); i++ {
			a := c.s(i)
			if a == "--" {
				break
			}
			v, ok := gluedOptionValue(a, name, shortVal)
			if !ok {
				continue
			}
			if chars == "" {
				return true
			}
			if v == "" && i+1 < len(c.args) {
				v = c.s(i + 1)
			}
			if strings.ContainsAny(v, chars) {
				return true
			}
		}
	}
	return false
}

// gluedOptionValue reports whether argument a gives option name, and the value
// glued to it ("" when none or when it is the next argument).
func gluedOptionValue(a, name, shortVal string) (string, bool) {
	if a == name {
		return "", true
	}
	if strings.HasPrefix(name, "--") || len(name) != 2 || name[0] != '-' {
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
		return "", false
	}
	if len(a) < 2 || a[0] != '-' || a[1] == '-' {
		return "", false
	}
	for j := 1; j < len(a); j++ {
		if a[j] == name[1] {
			return a[j+1:], true
		}
		if strings.IndexByte(shortVal, a[j]) >= 0 {
			return "", false
		}
	}
	return "", false
}
