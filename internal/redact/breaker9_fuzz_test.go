package redact

import (
	"strings"
	"testing"
)

// FuzzOracleLogon: the logon parser stays in bounds and finds a password
// only between a slash and what ends it.
func FuzzOracleLogon(f *testing.F) {
	for _, s := range []string{
		"scott/tiger@db", "sys/pw as sysdba", `scott/"p@ss"@//h:1521/s`, `'sys/pw@db as sysdba'`,
		`"scott"/x@y`, `\"u\"/\"p\"@d`, "app[scott]/pw@db", "/", "/@alias", "scott/&pw@db", "a/", `u/"`,
		"u/p@q@r", "2024/12@x", "src/main@v2", `"`, `\"`, "u[", "u/p\n@x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i <= len(s) && i < 4; i++ {
			ps, pe, next, ok := oracleLogon(s, i, len(s))
			if !ok {
				continue
			}
			if ps <= i || ps > pe || pe > len(s) || next < pe || next > len(s) {
				t.Fatalf("logon %q from %d: password %d:%d next %d", s, i, ps, pe, next)
			}
			if !strings.Contains(s[i:ps], "/") || strings.Contains(s[ps:pe], "\n") {
				t.Fatalf("logon %q from %d: password %q", s, i, s[ps:pe])
			}
		}
		lower := asciiLower(s)
		matchOracle(nil, s, lower, keywordOffsets(lower, []string{"conn", "userid", "jdbc:oracle:"}), func(sp span) {
			if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end || sp.id != ruleOracleLogon {
				t.Fatalf("span %+v of %q", sp, s)
			}
		})
	})
}

// keywordOffsets lists the offsets of the keywords in lower, sorted.
func keywordOffsets(lower []byte, kws []string) []int {
	var hits []int
	for i := range lower {
		for _, k := range kws {
			if strings.HasPrefix(string(lower[i:min(len(lower), i+len(k))]), k) {
				hits = append(hits, i)
			}
		}
	}
	return hits
}

// FuzzDollarQuote: $'…' and $"…" are read within bounds and decoded
// without panicking; decoding is the identity without backslashes.
func FuzzDollarQuote(f *testing.F) {
	for _, s := range []string{
		`$'abc'`, `$'a\'b'`, `$'\x41\u00e9\101\cA\c?'`, `$"a\"b"`, `$'`, `$"`, `$'\`, `$'\x'`, `$'\u'`,
		"$'a\nb'", `$'\U0010FFFF\U00110000'`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vs, ve, next, ansi, ok := dollarQuote(s, 0, len(s))
		if !ok {
			return
		}
		if vs != 2 || ve < vs || next < ve || next > len(s) {
			t.Fatalf("%q: %d:%d next %d", s, vs, ve, next)
		}
		v := bashUnquote(s[vs:ve], ansi)
		if !strings.Contains(s[vs:ve], `\`) && v != s[vs:ve] {
			t.Fatalf("%q decoded to %q", s, v)
		}
	})
}

// FuzzShellBindings: whatever the shell text around a bound secret
// (set, read, for, functions, sh -c, arrays), lexing it again for calls
// neither panics nor makes Text lose idempotence.
func FuzzShellBindings(f *testing.F) {
	for _, s := range []string{
		"set -- {}; mysql -p\"$1\"", "read -r p <<< {}; sshpass -p \"$p\" ssh h", "for p in {}; do mysql -p$p; done",
		"f() { mysql -p\"$1\"; }; f {}", "bash -c 'mysql -p\"$1\"' _ {}", "a=(x {}); mysql -p\"${a[1]}\"",
		"set -- x {}; shift; mysql -p\"$1\"", "while read -r p; do mysql -p\"$p\"; done <<< {}",
	} {
		f.Add(s)
	}
	r := mustNew(f, Config{Key: testKey})
	const pw = "Pl41nQ7xZk9w"
	f.Fuzz(func(t *testing.T, tmpl string) {
		in := strings.ReplaceAll(tmpl, "{}", pw)
		out, _ := r.Text(in)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
	})
}
