package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Parameter files: the AWS CLI (and the tools built on its argument
// processing) loads a parameter value written file://PATH or
// fileb://PATH from PATH, a path of this machine relative to the
// working directory, with ~ and $VAR expanded (awscli paramfile.py:
// os.path.expandvars(os.path.expanduser(path))). It is not a URL: there
// is no host, so file://.env reads ./.env and file://~/.ssh/id_rsa the
// key. The value is sent to the service (a read and an exfiltration).
var paramFileTools = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"aws": true, "aws2": true, "awslocal": true, // the CLI and LocalStack's wrapper
		"sam": true, "samlocal": true, // the SAM CLI
		"cdk": true, "cdklocal": true,
		"aws-shell": true, "saws": true,
	}
}}

// paramFilePrefixes are the value prefixes that load a local file.
var paramFilePrefixes = []string{"file://", "fileb://"}

// paramFileRead reports the file an argument of c (a paramFileTools
// program) loads, when it is a parameter file: the whole argument or the
// value of --opt=VALUE. It returns false for any other argument.
func (a *analyzer) paramFileRead(c *cmd, f field) bool {
	v := f.s
	if strings.HasPrefix(v, "-") {
		_, after, ok := strings.Cut(v, "=")
		if !ok {
			return false
		}
		v = after
	}
	for _, p := range paramFilePrefixes {
		rest, ok := strings.CutPrefix(v, p)
		if !ok {
			continue
		}
		g := field{s: rest, dyn: f.dyn || rest == ""}
		if strings.HasPrefix(rest, "~") {
			user, tail, _ := strings.Cut(rest[1:], "/")
			var home string
			ok := true
			if user == "" {
				home, ok = a.opt.Home, a.opt.Home != ""
			} else {
				home, ok = a.userHome(&field{s: user})
			}
			if ok {
				g.s = strings.TrimSuffix(home, "/") + "/" + tail
			} else {
				g.dyn = true
			}
		}
		if strings.Contains(g.s, "$") {
			var known bool
			g.s, known = a.expandVars(c.sc, g.s)
			g.dyn = g.dyn || !known
		}
		a.path(c.sc, kRead, g, c.name, p+" parameter file")
		return true
	}
	return false
}

// expandVars expands $NAME and ${NAME} in s as Python's
// os.path.expandvars does, with the values the line gives them; known
// is false when one is not known statically.
func (a *analyzer) expandVars(sc *scope, s string) (string, bool) {
	var b strings.Builder
	known := true
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		j, brace := i+1, false
		if j < len(s) && s[j] == '{' {
			j, brace = j+1, true
		}
		k := j
		for k < len(s) && (s[k] == '_' || isDigit(s[k]) || s[k]|0x20 >= 'a' && s[k]|0x20 <= 'z') {
			k++
		}
		if k == j || brace && (k >= len(s) || s[k] != '}') {
			b.WriteByte(s[i]) // not a variable: kept as it is
			continue
		}
		v, ok := a.lookup(sc, s[j:k])
		known = known && ok
		b.WriteString(v)
		if brace {
			k++
		}
		i = k - 1
	}
	return b.String(), known
}
