package policy

import (
	"bytes"
	"fmt"
	"os"
	"os/user"
	"path"
	"strings"
	"unicode"

	"github.com/mandate-dev/mandate/internal/action"
)

// The readings of a path a file tool opens. An agent's own file tool and
// an MCP server open a path with code that is not Mandate's, and the
// languages they are written in read one string in different ways. Every
// path such a tool is handed (an agent tool's path, an MCP argument's
// value or key, a URI's path, a Windows spelling, a patch's file name, a
// name joined to a base directory: mcpbase.go) goes through toolPaths,
// which returns each reading, and the strictest judgement wins:
//
//   - the path as written;
//   - a NUL ends the name for a server written in C (open(2) stops
//     there; Node and Python refuse such a path): the name up to the NUL
//     is a reading, and the NUL itself is denied, as no honest path holds
//     one and the agents' own tools deny it;
//   - white space around it removed, as a server that trims does
//     (str.strip, String.prototype.trim);
//   - ~NAME and ~NAME/REST are NAME's home to Python's os.path.expanduser
//     and pathlib, which MCP servers and Python agents (Hermes) call on a
//     path, and to a shell: the home the passwd database gives
//     (Options.UserHome), or, for a user it does not know, where homes
//     sit (beside ours, /root), asked about (deny at read_only); another
//     user's home holds what ours does, so ~/REST is a reading too (the
//     credential stores of a home in /srv or /var/lib);
//   - each of those through the links of the tool's own process
//     (/proc/self/cwd, /dev/fd/N: proclinks.go).
//
// Relative readings stay relative: the caller makes them absolute
// (absPath) against the directory the tool runs in.

// toolPaths appends the readings of p to out and returns it; p comes
// first. It records the findings a reading makes by itself (a NUL, an
// unknown user, a process link that cannot be known).
func (ev *evaluation) toolPaths(p string, out []string) []string {
	start := len(out)
	out = append(out, p)
	if p == "" {
		return out
	}
	if i := strings.IndexByte(p, 0); i >= 0 {
		ev.deny(groupAnalysis, "path", oneLine(p, 120), fmt.Sprintf("path %q contains a NUL byte: a program written in C opens %q", oneLine(p, 120), oneLine(p[:i], 120)))
		out[start] = p[:i]
	}
	if q := strings.TrimFunc(out[start], anySpace); q != out[start] && q != "" {
		out = append(out, q)
	}
	for i, n := start, len(out); i < n; i++ {
		if strings.HasPrefix(out[i], "~") {
			out = ev.tildeUser(out[i], out)
		}
	}
	for i, n := start, len(out); i < n; i++ {
		if ps, ok := ev.processPaths(out[i]); ok { // proclinks.go
			// The link itself is no reading (an fd gives none): only
			// what processPaths says it may be.
			out[i] = ""
			out = append(out, ps...)
		}
	}
	// Drop the readings emptied above, keeping the order.
	w := start
	for _, q := range out[start:] {
		if q != "" {
			out[w] = q
			w++
		}
	}
	return out[:w]
}

// anySpace is the union of the white-space sets of the languages tools
// are written in: Go's and Rust's (Unicode White_Space), JavaScript's
// (plus the byte order mark) and Python's (plus U+001C to U+001F).
func anySpace(r rune) bool {
	return unicode.IsSpace(r) || r == 0xFEFF || r >= 0x1C && r <= 0x1F
}

// tildeUser appends the readings of ~NAME[/REST] (p) to out: NAME's home
// joined to REST. ~ and ~/ are absPath's; a NAME that is no user name
// (~$lock.docx) gives no reading.
func (ev *evaluation) tildeUser(p string, out []string) []string {
	name, rest, _ := strings.Cut(p[1:], "/")
	if name == "" || !userName(name) {
		return out
	}
	join := func(home string) string {
		if rest == "" {
			return home
		}
		return strings.TrimSuffix(home, "/") + "/" + rest
	}
	if home, ok := ev.userHome(name); ok && path.IsAbs(home) {
		if out = append(out, join(home)); path.Clean(home) != ev.home {
			out = append(out, "~/"+rest)
		}
		return out
	}
	// Not in the passwd database Mandate reads: the server's may know
	// the user (a directory service, another machine's). Judged where
	// homes sit, and asked about.
	base := "/home"
	if ev.home != "" {
		base = path.Dir(ev.home)
	}
	out = append(out, join(path.Join(base, name)), "~/"+rest)
	if name == "root" {
		out = append(out, join("/root"))
	}
	why := fmt.Sprintf("%q is the home of the user %q to Python's expanduser (and a shell), a user Mandate does not find in the passwd database: where that home is cannot be known", oneLine(p, 120), name)
	if ev.trust == action.ReadOnly {
		ev.deny(groupAnalysis, "tilde-user", oneLine(p, 120), why+" (trust level read_only)")
	} else {
		ev.builtin(groupAnalysis, Ask, "tilde-user", oneLine(p, 120), why)
	}
	return out
}

// userName reports whether s may be a user's login name: the portable
// set (letters, digits, ".", "_", "-"), not starting with "-", and a
// final "$" (Samba's machine accounts).
func userName(s string) bool {
	s = strings.TrimSuffix(s, "$")
	if s == "" || len(s) > 64 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// userHome is the home directory of the user name: Options.UserHome, or
// /etc/passwd, or the system's user database (a directory service).
func (ev *evaluation) userHome(name string) (string, bool) {
	if f := ev.p.opt.UserHome; f != nil {
		return f(name)
	}
	if data, err := os.ReadFile("/etc/passwd"); err == nil {
		if home, ok := PasswdHome(data, name); ok {
			return home, true
		}
	}
	if u, err := user.Lookup(name); err == nil && u.HomeDir != "" {
		return u.HomeDir, true
	}
	return "", false
}

// PasswdHome returns the home directory of the user name in a passwd
// file's text (name:password:uid:gid:gecos:home:shell lines).
func PasswdHome(data []byte, name string) (string, bool) {
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if len(line) <= len(name) || line[len(name)] != ':' || string(line[:len(name)]) != name {
			continue
		}
		f := strings.Split(strings.TrimRight(string(line), "\r"), ":")
		if len(f) >= 6 && f[5] != "" {
			return f[5], true
		}
	}
	return "", false
}
