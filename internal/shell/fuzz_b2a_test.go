package shell

import (
	"strings"
	"testing"
	"time"
)

// FuzzCommandLanguages feeds arbitrary text to the languages read in
// dbshells.go, lftp.go and hostclients.go: sqlite3/duckdb dot-commands
// and SQL, psql backslash commands, mysql client commands, lftp command
// strings, curl --expand-* templates. The analysis must end, quickly,
// with no panic.
func FuzzCommandLanguages(f *testing.F) {
	for _, s := range []string{
		".cd /x\nselect readfile('a')", ".sys cat x", ".read '|rm x'", "select edit('x','rm y')", `\o f \\ select 1`,
		`\copy t to 'x'`, `\copy t from program 'rm x'`, "tee x; source y; \\. z", "open -e 'get -o x y' h; !ls | sh",
		"mirror -R a b", "repeat -d 1 at now -- put x", "{{h}}{{", "'", `\`, "!",
	} {
		f.Add(s)
	}
	prefixes := []string{"sqlite3 x.db ", "duckdb -c ", "psql -c ", "mysql -e ", "lftp -c ", "cqlsh -e ",
		"curl --variable h=x --expand-url "}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2048 {
			return
		}
		q := "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		for _, p := range prefixes {
			start := time.Now()
			_, _ = Analyze(p+q, testOpt)
			if d := time.Since(start); d > time.Second {
				t.Fatalf("%s%s took %v", p, q, d)
			}
		}
	})
}
