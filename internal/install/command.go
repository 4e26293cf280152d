package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// The binaries of an installation (see internal/front): agents and people
// run the front, mandate, which needs mandate-engine beside it or on PATH.
// Versions before the front registered legacyClient, which took the agent
// without "hook"; such entries are still recognised, to be replaced.
const (
	FrontName    = "mandate"
	EngineName   = hookwire.EngineName
	legacyClient = "mandate-hook"
)

// HookCommand is the command line an agent runs for Mandate's hook at
// scope: a project install (a file the team commits) names the bare
// front, mandate, which every machine finds on its own PATH; a user
// install names exe, the absolute path of the program on this machine
// (quoted for a POSIX shell when needed). Then "hook" and the agent (and,
// in Copilot's handler, the event, which its payload does not name).
func HookCommand(scope Scope, exe, agent string) string {
	if scope == Project {
		exe = FrontName
	}
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

// IsMandateCommand reports whether cmd runs Mandate's hook for agent, and
// returns the program it names. Recognised, so that uninstall and doctor
// find every generation of Mandate's entries:
//
//	mandate hook <agent>              project installs (the bare front, on PATH)
//	/abs/path/mandate hook <agent>    user installs, and project installs before issue 10
//	/abs/path/mandate-engine hook <agent>
//	/abs/path/mandate-hook <agent>    before the front existed
//
// (any program whose base name starts with "mandate"; Copilot's handler
// adds the event after the agent).
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

// isBare reports whether a hook's program is a bare name, which the shell
// looks up on PATH.
func isBare(exe string) bool { return !strings.ContainsRune(exe, '/') }

func isExecutableFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}

// ErrNotMandate is a program that is not Mandate where Mandate's hook
// must run.
var ErrNotMandate = errors.New("not Mandate")

// VerifyTimeout bounds `<program> version` when CheckMandate runs it.
const VerifyTimeout = 10 * time.Second

// CheckMandate reports whether exe (an absolute path) can run Mandate's
// hook: it exists, is an executable regular file named mandate… (the name
// uninstall and doctor recognise), and is Mandate. A file that is, or has
// the same content as, one of known (the running mandate-engine and the
// front beside it) is Mandate; any other program must answer `version`
// with Mandate's version line ("mandate <version> <go version>
// <os>/<arch>") within VerifyTimeout. That line can be imitated: the check
// catches a wrong path or a different program, not a deliberate forgery.
// The front answers `version` through mandate-engine, so a front without
// its engine fails the check too. Errors wrap ErrNotMandate.
func CheckMandate(exe string, known ...string) error {
	if !filepath.IsAbs(exe) {
		return fmt.Errorf("%w: %q is not an absolute path", ErrNotMandate, exe)
	}
	if !strings.HasPrefix(filepath.Base(exe), "mandate") {
		return fmt.Errorf("%w: %s is not named mandate (Mandate recognises its hooks by the program's name)", ErrNotMandate, exe)
	}
	st, err := os.Stat(exe)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %s does not exist", ErrNotMandate, exe)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%w: %s is not a regular file", ErrNotMandate, exe)
	case st.Mode().Perm()&0o111 == 0:
		return fmt.Errorf("%w: %s is not executable (mode %04o)", ErrNotMandate, exe, st.Mode().Perm())
	}
	for _, k := range known {
		if k != "" && sameProgram(exe, k) {
			return nil
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), VerifyTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "version")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &limitedBuffer{&out, 4096}, &limitedBuffer{&errb, 4096}
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		reason := err.Error()
		if ctx.Err() != nil {
			reason = "no answer within " + VerifyTimeout.String()
		}
		if line := firstLine(errb.String()); line != "" {
			reason += ": " + line
		}
		return fmt.Errorf("%w: %s version failed (%s)", ErrNotMandate, exe, reason)
	}
	line := firstLine(out.String())
	if f := strings.Fields(line); len(f) != 4 || f[0] != "mandate" || !strings.HasPrefix(f[2], "go") || !strings.Contains(f[3], "/") {
		return fmt.Errorf("%w: %s version answered %q, not Mandate's version line", ErrNotMandate, exe, line)
	}
	return nil
}

// sameProgram reports whether a and b are the same file, or files with the
// same content.
func sameProgram(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return false
	}
	if os.SameFile(sa, sb) {
		return true
	}
	if sa.Size() != sb.Size() || sa.Size() > 512<<20 {
		return false
	}
	x, err1 := os.ReadFile(a)
	y, err2 := os.ReadFile(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(s)
}

// limitedBuffer keeps the first n bytes written to it and discards the
// rest (without failing the writer).
type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
