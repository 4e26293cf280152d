package shell

import "strings"

// PowerShell's environment, read from the raw line: $env:NAME and
// ${env:NAME} (bash's grammar reads "$env" and text), the env: drive and
// its provider-qualified spelling (Get-Content env:NAME, Get-ChildItem
// Env:, Environment::NAME) wherever a word names it, and .NET's
// [Environment]::GetEnvironmentVariable(s). One name is a reference to that
// variable; the drive itself, a wildcard, or a name the line does not
// show is every variable (an environment dump). Over-reporting is the
// intended error: the text of a quoted string counts too.

// psEnvMethods are .NET's environment readers, lower-cased: the first reads
// the variable its argument names, the second all of them.
const (
	psGetEnvVar  = "getenvironmentvariable("
	psGetEnvVars = "getenvironmentvariables("
)

// powerShellEnv reports the environment the raw line src reads.
func (a *analyzer) powerShellEnv(src string, sc *scope) {
	low := strings.ToLower(src)
	for i := 0; i < len(low); {
		j := strings.Index(low[i:], "env:")
		if j < 0 {
			break
		}
		at := i + j
		i = at + 4
		start := at
		if strings.HasSuffix(low[:at], "environm") {
			continue // "environment:" is not env:, "environment::" below
		}
		if at > 0 && psEnvWordByte(low[at-1]) {
			continue
		}
		rest := src[at+4:]
		if strings.HasPrefix(rest, ":") {
			continue // env:: is no drive
		}
		dollar := start > 0 && low[start-1] == '$' || start > 1 && low[start-2:start] == "${"
		a.psEnvName(rest, dollar, sc)
	}
	for i := 0; i < len(low); {
		j := strings.Index(low[i:], "environment::")
		if j < 0 {
			break
		}
		at := i + j
		i = at + len("environment::")
		if at > 0 && psEnvWordByte(low[at-1]) && !strings.HasSuffix(low[:at], "core/") && !strings.HasSuffix(low[:at], `core\`) {
			continue
		}
		a.psEnvName(src[i:], false, sc)
	}
	if strings.Contains(low, psGetEnvVars) {
		a.res.EnvDump = true
	}
	for i := 0; i < len(low); {
		j := strings.Index(low[i:], psGetEnvVar)
		if j < 0 {
			break
		}
		i += j + len(psGetEnvVar)
		arg := strings.TrimLeft(src[i:], " ")
		q := byte(0)
		if arg != "" && (arg[0] == '\'' || arg[0] == '"') {
			q = arg[0]
			arg = arg[1:]
		}
		end := strings.IndexAny(arg, "'\"), ")
		if q == 0 || end <= 0 || arg[end] != q || strings.ContainsAny(arg[:end], "$`") {
			a.res.EnvDump = true // a name the line does not show
			continue
		}
		a.envRef(sc, arg[:end])
	}
}

// psEnvName reports the variable named at the start of rest (after
// "env:"): a variable's name ($env:NAME) is made of word characters, a
// path's (env:NAME) runs to the end of the word.
func (a *analyzer) psEnvName(rest string, variable bool, sc *scope) {
	rest = strings.TrimLeft(rest, `/\`)
	end := 0
	for end < len(rest) {
		b := rest[end]
		if variable && !(psEnvWordByte(b) && b != '-' && b != '.') {
			break
		}
		if !variable && strings.IndexByte(" \t\n'\";|&)}],", b) >= 0 {
			break
		}
		end++
	}
	name := rest[:end]
	if strings.HasPrefix(rest, "{") || name == "" && !variable || strings.ContainsAny(name, "*?[$`(") {
		a.res.EnvDump = true
		return
	}
	if name != "" {
		a.envRef(sc, name)
	}
}

func psEnvWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.'
}
