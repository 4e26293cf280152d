package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/mandate-dev/mandate/internal/termsafe"
)

// printJSON writes v as indented JSON (HTML characters unescaped; the
// characters a terminal acts on as \u escapes, see termsafe.JSON).
func printJSON(env *Env, v any) int {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return errorf(env, ExitFail, "%v", err)
	}
	if _, err := env.Stdout.Write(termsafe.JSON(b.Bytes())); err != nil {
		return errorf(env, ExitFail, "%v", err)
	}
	return ExitOK
}

// jsonLines writes each value as one line of JSON (JSON Lines), escaped
// as printJSON does.
func jsonLines[T any](env *Env, vs []T) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for i := range vs {
		if err := enc.Encode(vs[i]); err != nil {
			return err
		}
		if b.Len() > 64<<10 || i == len(vs)-1 {
			if _, err := env.Stdout.Write(termsafe.JSON(b.Bytes())); err != nil {
				return err
			}
			b.Reset()
		}
	}
	return nil
}

// clock formats times for human output: in env's zone (the local one by
// default), or UTC with --utc. JSON output is always UTC (RFC 3339).
type clock struct {
	loc *time.Location
	utc bool
}

// addFlags registers --utc in fs's "Output" group.
func (c *clock) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&c.utc, "utc", false, "show times in UTC (default: the local time zone)")
	setGroup(fs, "Output", "utc")
}

func (c *clock) in(env *Env) *clock {
	c.loc = env.Loc
	if c.loc == nil {
		c.loc = time.Local
	}
	if c.utc {
		c.loc = time.UTC
	}
	return c
}

// zone names the zone of the times shown, for a column header: "UTC",
// "CET".
func (c *clock) zone(at time.Time) string {
	return at.In(c.loc).Format("MST")
}

// format formats t in the clock's zone; a time whose zone abbreviation
// differs from the column header's (across a daylight-saving change)
// carries its own. header "" is for layouts that show the offset.
func (c *clock) format(t time.Time, layout, header string) string {
	if t.IsZero() {
		return "-"
	}
	t = t.In(c.loc)
	s := t.Format(layout)
	if z := t.Format("MST"); header != "" && z != header {
		s += " " + z
	}
	return s
}

// cell makes s one table cell: one line, at most n runes (0: no limit),
// whitespace runs as one space and every other character a terminal
// would act on escaped (termsafe): cells show what agents sent.
func cell(s string, n int) string {
	s = termsafe.Line(strings.Join(strings.Fields(s), " "))
	if s == "" {
		return "-"
	}
	if r := []rune(s); n > 0 && len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// safe is s from the evidence, or from a file an agent could write,
// for a line of human output: characters a terminal acts on escaped,
// whitespace kept (as escapes where it would break the line).
func safe(s string) string { return termsafe.Line(s) }

// openIn opens a file argument for reading; "-" is standard input. A
// file that cannot be opened, or is a directory, is an input error.
func openIn(env *Env, path string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(env.Stdin), nil
	}
	path = absPath(env, path)
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	return os.Open(path)
}

// absPath resolves a path argument against the working directory.
func absPath(env *Env, p string) string {
	if p == "" || p == "-" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(env.Cwd, p)
}

// stdoutIsTerminal reports whether env's standard output is a terminal.
func stdoutIsTerminal(env *Env) bool {
	f, ok := env.Stdout.(*os.File)
	return ok && isTerminal(int(f.Fd()))
}
