package install

import (
	"os"
	"path/filepath"
	"strings"
)

// The binaries of an installation (see internal/front): agents and people
// run the front, mandate, which needs mandate-engine beside it or on PATH.
// Versions before the front registered legacyClient, which took the agent
// without "hook"; such entries are still recognised, to be replaced.
const (
	FrontName    = "mandate"
	EngineName   = "mandate-engine"
	legacyClient = "mandate-hook"
)

// HookCommand is the command line an agent runs for Mandate's hook: the
// binary's path (quoted for a POSIX shell when needed), "hook", then the
// agent (and, in Copilot's handler, the event, which its payload does not
// name).
func HookCommand(exe, agent string) string {
	return shellQuote(exe) + " hook " + agent
}

func isLegacyClient(exe string) bool { return strings.HasPrefix(filepath.Base(exe), legacyClient) }

// FrontBeside returns mandate in the directory of exe (mandate-engine)
// when an executable one is there, else "".
func FrontBeside(exe string) string {
	if c := filepath.Join(filepath.Dir(exe), FrontName); isExecutableFile(c) {
		return c
	}
	return ""
}

func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,=", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellFields splits a command line the way a POSIX shell would for plain
// words and quotes (no expansions).
func shellFields(s string) []string {
	var out []string
	var cur strings.Builder
	in := false
	var q rune
	for i := 0; i < len(s); i++ {
		c := rune(s[i])
		switch {
		case q == '\'':
			if c == '\'' {
				q = 0
			} else {
				cur.WriteRune(c)
			}
		case q == '"':
			if c == '"' {
				q = 0
			} else if c == '\\' && i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else {
				cur.WriteRune(c)
			}
		case c == '\'' || c == '"':
			q, in = c, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			in = true
		case c == ' ' || c == '\t' || c == '\n':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(c)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// IsMandateCommand reports whether cmd runs "mandate hook <agent>" (any
// path to a binary whose name starts with "mandate", which includes
// mandate-engine) or an earlier version's "mandate-hook <agent>", and
// returns the binary's path.
func IsMandateCommand(cmd, agent string) (exe string, ok bool) {
	f := shellFields(cmd)
	switch {
	case len(f) >= 2 && isLegacyClient(f[0]) && f[1] == agent:
		return f[0], true
	case len(f) >= 3 && f[1] == "hook" && f[2] == agent && strings.HasPrefix(filepath.Base(f[0]), "mandate") && !isLegacyClient(f[0]):
		return f[0], true
	}
	return "", false
}

func isExecutableFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}
