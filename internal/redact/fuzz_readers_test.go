package redact

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
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

// FuzzArgvRender: the rendered line maps every byte of every element
// exactly once, and the shell lexer reads the line back as the elements.
func FuzzArgvRender(f *testing.F) {
	for _, s := range []string{"mysql\x00-uroot\x00-pab'c\"d e$f", "a\x00\x00b c", "'\x00''\x00\\", "x\ny\x00#z\x00~u"} {
		f.Add(s, false)
	}
	f.Add("docker exec db mysql\x00-p'x", true)
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string, raw bool) {
		items := strings.Split(s, "\x00")
		idx := make([]int, len(items))
		for i := range idx {
			idx[i] = i
		}
		line, pieces := renderArgv(items, idx, raw, true)
		if l2, _ := renderArgv(items, idx, raw, false); l2 != line {
			t.Fatalf("unmapped render %q != %q", l2, line)
		}
		seen := make([][]bool, len(items))
		for i, it := range items {
			seen[i] = make([]bool, len(it))
		}
		for _, p := range pieces {
			if line[p.t:p.t+p.n] != items[p.item][p.off:p.off+p.n] {
				t.Fatalf("piece %+v maps %q to %q", p, line[p.t:p.t+p.n], items[p.item][p.off:p.off+p.n])
			}
			for k := p.off; k < p.off+p.n; k++ {
				if seen[p.item][k] {
					t.Fatalf("byte %d of %d mapped twice", k, p.item)
				}
				seen[p.item][k] = true
			}
		}
		for i := range seen {
			for k, ok := range seen[i] {
				if !ok {
					t.Fatalf("byte %d of element %d unmapped in %q", k, i, line)
				}
			}
		}
		if !raw && len(line) < maxQuote {
			lx := &shlex{src: line, out: &view{}, end: len(line)}
			var got []string
			for {
				tok, ok := lx.next()
				if !ok {
					break
				}
				if tok.op == "" && tok.t1 > tok.t0 {
					got = append(got, lx.text(tok))
				}
			}
			var want []string
			for _, it := range items {
				if it != "" {
					want = append(want, it)
				}
			}
			if !reflect.DeepEqual(got, want) && !strings.ContainsAny(s, "\n\r") {
				t.Fatalf("line %q lexes as %q, want %q", line, got, want)
			}
		}
		for i, sps := range r.argvSpans(items, raw) {
			for _, sp := range sps {
				if sp.start < 0 || sp.end > len(items[i]) || sp.start >= sp.end {
					t.Fatalf("span %+v out of element %d (%q)", sp, i, items[i])
				}
			}
		}
	})
}

// FuzzListView: the list view never panics, maps every byte it renders
// from the input to the input, and redaction through it stays idempotent.
func FuzzListView(f *testing.F) {
	for _, s := range []string{`CMD ["mysql", "-p'x", 'y\'z']`, "a:\n  - -p\n  - x\n", `[a, -b, "c\"d"]`,
		`{\"a\": [\"-p\", \"x\\\"y\"]}`, `"\`, `'a", "b`, "- \"x\n- y"} {
		f.Add(s)
	}
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		if v := listView(s); v != nil {
			for _, g := range v.segs {
				if g.s < 0 || g.e > len(s) || g.s > g.e || g.t+g.n > len(v.buf) {
					t.Fatalf("seg %+v out of range", g)
				}
				if !g.block && string(v.buf[g.t:g.t+g.n]) != s[g.s:g.e] {
					t.Fatalf("seg %+v maps %q to %q", g, v.buf[g.t:g.t+g.n], s[g.s:g.e])
				}
			}
		}
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

// FuzzCmdSubst: the end of a command substitution is found within
// bounds, and rendering one binds nothing outside the input.
func FuzzCmdSubst(f *testing.F) {
	for _, s := range []string{
		"$(echo PW)", "$(printf %s PW)", "$(cat <<EOF\nPW\nEOF\n)", "$(cat <<< PW)", "`echo PW`",
		"$(echo $(echo PW))", "$(echo ')' PW)", "$(", "`", "$(cat <<E\n)\n", "$((1+2))", "$(a (b) c)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		if c := substClose(s, min(2, len(s)), len(s)); c >= 0 && (c < min(2, len(s)) || c >= len(s) || s[c] != ')') {
			t.Fatalf("%q: close at %d", s, c)
		}
		lx := &shlex{src: s, end: len(s), out: &view{}, vars: map[string]shvar{}, budget: 4096, scan: 4096}
		for {
			tk, ok := lx.next()
			if !ok {
				break
			}
			if tk.start < 0 || tk.end > len(s) && tk.op != "" {
				t.Fatalf("%q: token %+v", s, tk)
			}
		}
		for _, g := range lx.out.segs {
			if g.s < 0 || g.e > len(s) || g.s > g.e {
				t.Fatalf("%q: seg %+v", s, g)
			}
		}
	})
}

// FuzzParamEnd: a ${…} operator's end is a "}" within bounds, and a
// known X under any operator that keeps its value (everything but
// +WORD, /PAT/REP and # % removals) masks X's literal.
func FuzzParamEnd(f *testing.F) {
	for _, s := range []string{",,}", "^^}", ":0:12}", "%%.*}", "@Q}", ":+$X}", ":-${Y:-'}'}}", "'", "\\", "{{}"} {
		f.Add(s)
	}
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		c, _ := paramEnd(s, 0, len(s))
		if c >= 0 && (c >= len(s) || s[c] != '}') {
			t.Fatalf("%q: end %d", s, c)
		}
		const pw = "Xk9vQ2mLp7Rt"
		in := "X=" + pw + "; sshpass -p \"${X" + s + "\" ssh h"
		out, _ := r.Text(in)
		op, _, ok := strings.Cut(s, "}")
		keeps := ok && op != "" && !strings.ContainsAny(op, "\"'\\\n{[$`") && strings.IndexByte("+/#%", op[0]) < 0 && !strings.HasPrefix(op, ":+") && !isAlnum(op[0]) && op[0] != '_'
		if keeps && strings.Contains(out, pw) {
			t.Fatalf("%q: secret in clear: %q", in, out)
		}
	})
}

// FuzzDriverLogons: driver call names and logon keywords are read within
// bounds, and what credential-pair and oracle-logon mask is in bounds.
func FuzzDriverLogons(f *testing.F) {
	for _, s := range []string{
		`oracledb.connect("scott", "PW", "db")`, `DBI->connect("dbi:Oracle:db", "u", "PW")`, `dsn="scott/PW@db"`,
		`connectString: "hr/PW@h/s"`, `dsn=`, `DBI->`, `dsn="a/`, `pdo(`, `"dsn": 'u/p@d'`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lower := asciiLower(s)
		for h := range min(len(s), 8) {
			if name, e := driverCallName(s, h); e < h || e > len(s) || len(name) != e-h {
				t.Fatalf("%q at %d: %q %d", s, h, name, e)
			}
			if p, ok := logonKeyValue(s, lower, h); ok && (p < h || p > len(s)) {
				t.Fatalf("%q at %d: value at %d", s, h, p)
			}
		}
		check := func(sp span) {
			if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end {
				t.Fatalf("span %+v of %q", sp, s)
			}
		}
		matchOracle(nil, s, lower, keywordOffsets(lower, []string{"conn", "userid", "jdbc:oracle:", "dsn"}), check)
		matchCredPairs(nil, s, lower, keywordOffsets(lower, credPairRule().keywords), check)
	})
}

// FuzzShellFeeds: eval, source, xargs, assigning expansions and unknown
// substitutions lex within bounds and bind nothing outside the input.
func FuzzShellFeeds(f *testing.F) {
	for _, s := range []string{
		"eval X=PW; mysql -p\"$X\"", "source <(echo X=PW)", ". /dev/stdin <<< 'X=PW'",
		"echo PW | xargs -I % mysql -p%", "xargs -i -- x {} <<< a", "echo a | xargs --replace",
		": ${X:=PW}", ": ${X:=\"PW\"}", "${X=${Y:=a}}", "X=$(tr -d x <<< PW)", "X=$(a <<E\nb\nE\n)",
		"bash <<< 'X=1'", "sh -c 'echo $0' a", "eval \"$(echo X=1)\"", "X=$(", ": ${X:=",
	} {
		f.Add(s)
	}
	r, err := New(Config{Key: testKey})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2048 {
			return
		}
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("%q: not idempotent: %q -> %q", s, out, again)
		}
	})
}

// FuzzShapedLogon: the argument shape of a logon call is read within
// the input and masks only a string literal's content.
func FuzzShapedLogon(f *testing.F) {
	for _, s := range []string{`"h", 22, "u", "PW")`, `"h", 6379, 0, "PW")`, `s, "cn=a", "PW")`, `"a\"b", 1, "c`, `(`, `"PW")`} {
		f.Add(s, ".nsP")
	}
	f.Add(`"PW")`, "P")
	f.Fuzz(func(t *testing.T, s, shape string) {
		if len(s) > 4096 || len(shape) > 8 {
			return
		}
		sp, ok := shapedLogon(s, 0, shape)
		if !ok {
			return
		}
		if sp.start < 1 || sp.end >= len(s) || sp.start >= sp.end || s[sp.start-1] != '"' && s[sp.start-1] != '\'' {
			t.Fatalf("%q %q: span %v", s, shape, sp)
		}
	})
}

// FuzzBindText: the rendered-text reader (shrender.go) never panics and
// binds only names with values mapped inside the view.
func FuzzBindText(f *testing.F) {
	for _, s := range []string{`X=PW`, `export X='P W'; Y="a\"b" Z=\`, `declare -x A=1 B=2 | c`, `'`, `"\`, `=x a= ;;&&(`} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, decl bool) {
		if len(s) > 4096 {
			return
		}
		lx := &shlex{src: s, end: len(s), out: &view{}, vars: map[string]shvar{}}
		b := &shBuilder{lx: lx}
		var v view
		v.lit(s, 0, len(s))
		b.bindText(&v, 0, len(v.buf), decl)
		for n, val := range lx.vars {
			if !isIdent(n) || len(val.v.buf) > len(s) {
				t.Fatalf("bound %q=%q from %q", n, val.v.buf, s)
			}
		}
	})
}

// FuzzStdinReaders: the stage lexer (groups, descriptors, here-documents
// before a stdin reader), printf's mapped rendering and the written-file
// lines never panic, and redaction stays idempotent.
func FuzzStdinReaders(f *testing.F) {
	for _, s := range []string{
		`echo PW | tr -d x | docker login --password-stdin`, `{ echo PW; } | passwd --stdin`, `(echo PW) | sudo -S id`,
		`exec 3<<< PW; docker login --password-stdin <&3`, `exec 3< <(echo PW); sudo -S id 0<&3`, `exec <<< PW; sudo -S id`,
		"exec 4<<EOF\nPW\nEOF\nsudo -S id <&4", "{\n echo PW\n} | sudo -S id", `} | sudo -S id`, `) | sudo -S id`,
		`( ( | sudo -S`, `exec 3<<<`, `<&`, `exec 9<&`, `| |& sudo -S`, `if x; then echo PW; fi | sudo -S id`,
		`printf 'root:%s\n' PW | chpasswd`, `printf '%s:%s' | chpasswd`, `printf 'password=%s\n' PW | git credential approve`,
		`printf '%' PW | chpasswd`, `printf -v | chpasswd`, `printf -- | chpasswd`, `echo PW | kubectl create secret x --from-file=k=/dev/stdin`,
		"cat > s.sh <<'EOF'\nmysql -p\"$1\"\nEOF\nbash s.sh PW", "cat > s <<E\nE\n./s PW", "> s\n./s", `echo > ; ./`,
	} {
		f.Add(s)
	}
	r, err := New(Config{Key: testKey})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

// FuzzShellScripts: the round 15 shell readers (the shell option parser
// and script operands, files the line wrote, trap actions, the pipe's
// text, flags past the argument bound) never panic, and redaction stays
// idempotent.
func FuzzShellScripts(f *testing.F) {
	for _, s := range []string{
		`{ X=PW; mysql -p"$X"; }`, `bash /dev/stdin PW <<< 'mysql -p"$1"'`, `bash <(echo 'a "$1"') PW`,
		`bash <(echo`, `printf 'x "$1"' > s; sh s PW`, `echo > ; sh`, `trap 'a "$X"' EXIT; X=PW`, `trap`, `trap --`,
		`env $(echo X=PW) sh -c 'a "$X"'`, `xargs -0a <(echo PW) sshpass -p`, `xargs -a`, `bash -O`, `bash -o -s`,
		"sh -s PW <<'EOF'\na \"$1\"\nEOF", "sh <<", `echo PW | mysql -p"$(cat)"`, `| $(cat)`, `echo a |`,
		"unzip " + strings.Repeat("-q ", 70) + "-P PW a.zip", strings.Repeat("mysql ", 100) + "-p",
		`eval $'read X <<< PW'; a "$X"`, `eval "$(printf 'for X in %s; do a "$X"; done' PW)"`, `eval $'\x27'`,
		`source <(printf 'read X <<< %s\n' PW)`, `eval $'eval $\'set -- PW\''; a "$1"`,
	} {
		f.Add(s)
	}
	r, err := New(Config{Key: testKey})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

// FuzzFailClosed: the probe and the literal scan never panic, stay
// within their bounds, and the spans are inside the input.
func FuzzFailClosed(f *testing.F) {
	for _, s := range []string{
		`eval 'eval "eval \"X=PW\""'; mysql -p"$X" db`, "$(${`", "x -u a -p $(echo ", `%A% ${{ env.B }} $(C)`,
		"cat > s <<EOF\nmysql -p\"$1\"\nEOF\nsh s PW", "xargs -a /dev/stdin sshpass -p <<< PW", "C='a\"$X\"'; trap \"$C\" EXIT",
	} {
		f.Add(s)
	}
	r, _ := New(Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		p, refs := sinkProbe(s)
		if len(p) > 2*len(s)+len(probeWord)*(len(s)+2)+len(s)+8 {
			t.Fatalf("probe too long: %d for %d", len(p), len(s))
		}
		for _, ref := range refs {
			if ref.at < 0 || ref.at+len(probeWord) > len(p) || p[ref.at:ref.at+len(probeWord)] != probeWord {
				t.Fatalf("bad probe offset %d", ref.at)
			}
		}
		for _, sp := range literalSpans(s) {
			if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end {
				t.Fatalf("bad span %v", sp)
			}
		}
		// (Idempotence is FuzzText's; a pre-existing case of the CLI
		// rule, "CAt 0<<0\nmYsql -p\"0\"0\n0\"0", is left to it.)
		if out, _ := r.Text(s); utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of valid input: %q", s)
		}
	})
}

// FuzzLiteralSpans runs literalSpans (here-document bodies) and the
// enclosing-compound scan (clienclose.go) on any input: no panic, spans
// within the input.
func FuzzLiteralSpans(f *testing.F) {
	f.Add("{ docker login --password-stdin; } <<< x")
	f.Add("f() { docker login --password-stdin; }; f <<EOF\nx\nEOF")
	f.Add("cat <<-A <<B\n\tx\n\tA\ny\nB")
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range literalSpans(s) {
			if sp.start < 0 || sp.end > len(s) || sp.start > sp.end {
				t.Fatalf("span %v out of %d", sp, len(s))
			}
		}
		_, _ = r.Text(s)
	})
}

// FuzzTemplateRefs runs the allow-list (literalSpans with braces as
// words), the probe's template references and the rest masking on any
// input: no panic, spans within the input.
func FuzzTemplateRefs(f *testing.F) {
	f.Add(": {x,} > f; ls | docker login --password-stdin <&$FD")
	f.Add("x := \"a\"\nall:\n\tmysql -p{{ x | q }} {{.Y}} {{- z -}}")
	f.Add("mysql " + strings.Repeat("-v ", 3000) + "| wpa_passphrase s p")
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range literalSpans(s) {
			if sp.start < 0 || sp.end > len(s) || sp.start > sp.end {
				t.Fatalf("span %v out of %d", sp, len(s))
			}
		}
		if n, name := templateRef(s); n > len(s) || n > 0 && name == "" {
			t.Fatalf("templateRef %d %q of %d", n, name, len(s))
		}
		p, refs := sinkProbe(s)
		for _, ref := range refs {
			if ref.at < 0 || ref.at+len(probeWord) > len(p) {
				t.Fatalf("probe ref %v out of %d", ref, len(p))
			}
		}
		_, _ = r.Text(s)
	})
}

// FuzzLiteralWords: the quoting-aware allow-list never panics,
// its spans lie inside the input, and a masked word never holds a
// separator of the line outside quotes.
func FuzzLiteralWords(f *testing.F) {
	for _, s := range []string{`: '$PW'; x "$Y" \$Z $'\'$W'`, "cat <<PW\nPW\n", `a "$(b '$c')" $d`, `-Q -p"$X" ~+ 2>&1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, short := range []bool{false, true} {
			for _, sp := range literalWords(s, false, short) {
				if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end {
					t.Fatalf("%q: span %d-%d", s, sp.start, sp.end)
				}
			}
		}
		sinkProbe(s)
	})
}

func fuzzMatcher(t *testing.T, s string, kws []string, match func(*Redactor, string, []byte, []int, func(span))) []span {
	lower := asciiLower(s)
	var out []span
	match(nil, s, lower, keywordOffsets(lower, kws), func(sp span) {
		if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end || sp.id == "" {
			t.Fatalf("span %+v of %q", sp, s)
		}
		out = append(out, sp)
	})
	return out
}

// FuzzKeyFiles: armoured blocks and header lines (keyfiles.go).
func FuzzKeyFiles(f *testing.F) {
	for _, s := range []string{
		"-----BEGIN OpenVPN Static key V1-----\nabc\n-----END OpenVPN Static key V1-----",
		"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nx\n---- END SSH2", "-----BEGIN KEY-----", "---- begin ",
		"Private-Lines: 3\nAAAA\n", "Private-Lines: 99999999999\\nA", "untrusted comment: secret key\\nRW",
		`-----BEGIN PRIVATE KEY-----\n\/\u00-----END`, "------BEGIN X KEY------",
	} {
		f.Add(s)
	}
	kws := []string{"-----begin", "---- begin"}
	for _, k := range keyLineFormats {
		kws = append(kws, k.keyword)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range fuzzMatcher(t, s, kws, matchKeyFiles) {
			if sp.id != "private-key" {
				t.Fatalf("id %q", sp.id)
			}
		}
	})
}

// FuzzJWK: a key object's private members (jwk.go) are masked inside it.
func FuzzJWK(f *testing.F) {
	for _, s := range []string{
		`{"kty":"EC","d":"abc"}`, `{\"kty\":\"oct\",\"k\":\"x\"}`, `{'kty':'RSA','p':'q'}`, `"kty"`, `{"kty"`,
		`}}{"kty":"x","oth":[{"r":"1","d":"2"}]}`, `{"d":"` + strings.Repeat("{", 40) + `","kty":"EC"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range fuzzMatcher(t, s, []string{"kty"}, matchJWK) {
			if strings.ContainsAny(s[sp.start:sp.end], "\"' \n") {
				t.Fatalf("value %q of %q", s[sp.start:sp.end], s)
			}
		}
	})
}

// FuzzBracedValue: a braced connection-string value lies inside its
// braces, on one line.
func FuzzBracedValue(f *testing.F) {
	for _, s := range []string{"Pwd={a}}b};", "x;Pwd={", "Pwd={{ .V }}", "Pwd={ 0, 1 };", "Pwd={}}", "Pwd={a\nb}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := strings.IndexByte(s, '{')
		if p < 0 {
			return
		}
		vs, ve, ok := bracedValue(s, 0, p)
		if !ok {
			return
		}
		if vs != p+1 || ve <= vs || ve > len(s) || strings.ContainsAny(s[vs:ve], "\n\r") {
			t.Fatalf("braced %q at %d: %d:%d", s, p, vs, ve)
		}
	})
}

// FuzzDSN: a DSN's password ends at its '@' (dsn.go).
func FuzzDSN(f *testing.F) {
	for _, s := range []string{"u:p@tcp(h)/d", ":@/", "a:b:c@unix(/s)/d", `"u:${P}@tcp(h)/"`, "@tcp(", "x://u:p@tcp("} {
		f.Add(s)
	}
	kws := []string{"@/"}
	for _, n := range dsnNets {
		kws = append(kws, "@"+n+"(")
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range fuzzMatcher(t, s, kws, matchDSN) {
			if s[sp.end] != '@' {
				t.Fatalf("password %d:%d of %q does not end at '@'", sp.start, sp.end, s)
			}
		}
	})
}

// FuzzNetrc: an entry's secrets are whole tokens (netrc.go).
func FuzzNetrc(f *testing.F) {
	for _, s := range []string{
		"machine h.x login u password p account a", "default login x macdef m\nbody\n\n", "machine", "machine h\n",
		"machine h.x macdef", "machine a.b password", "\"machine h.x login u password p\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range fuzzMatcher(t, s, []string{"machine", "default"}, matchNetrc) {
			if sp.id != ruleAssignPassword && sp.id != ruleAssignCred {
				t.Fatalf("id %q", sp.id)
			}
		}
	})
}

// FuzzCredWindow: the credential window's token splitter (credwindow.go)
// does not panic, emits tokens inside the window that are secret-like
// by its own judge and of no known-safe shape, and is idempotent: with
// its tokens masked, the same window finds nothing more.
func FuzzCredWindow(f *testing.F) {
	for _, s := range []string{
		"password = 'Qz7vN2pLx9Rk4TmW8sYb'\n",
		"dsn = 'postgres://%s:%s@db/x' % ('app', 'Qz7vN2pLx9Rk')\n",
		"token: [REDACTED:jwt:0123456789ab] abc=Qz7vN2pLx9== /usr/bin/x v1.2.3\n",
		"secret <<EOF\nQz7vN2pLx9Rk4TmW8sYb\nEOF\n", "x://{}:{}@h", "a=b=c=d", "::::====",
		// round 23 (b) #12: padding the window does not count
		"password = (\n# a\n\n// b\n/*\nc\n*/\n-- d\n%Qz7vN2pLx9Rk4\n'Qz7vN2pLx9Rk4TmW8sYb'\n)\n",
	} {
		f.Add(s, 0)
	}
	const mark = "[REDACTED:unresolved-secret-source:0123456789ab]"
	f.Fuzz(func(t *testing.T, s string, start int) {
		if start < 0 || start > len(s) {
			start = 0
		}
		if h := strings.Index(s, "://"); h >= 0 {
			if e := placeholderURLEnd(s, h); e > len(s) || e >= 0 && e < h {
				t.Fatalf("URL end %d of %q", e, s)
			}
		}
		var spans []span
		end := credWindow(s, start, 0, credWindowLines, len(s), func(sp span) { spans = append(spans, sp) })
		if end < start || end > len(s) {
			t.Fatalf("window end %d outside [%d, %d]", end, start, len(s))
		}
		var b strings.Builder
		prev := 0
		for _, sp := range spans {
			if sp.start < max(start, prev) || sp.end > end || sp.end <= sp.start {
				t.Fatalf("span %d:%d out of order or outside %d:%d in %q", sp.start, sp.end, start, end, s)
			}
			tok := s[sp.start:sp.end]
			// A URL's userinfo password is masked whatever its shape
			// but a template; a list run (credlist.go) spans its items.
			userinfo := sp.end < len(s) && s[sp.end] == '@'
			list := strings.ContainsAny(tok, ", '\"")
			if userinfo || list {
				if credTemplate(tok) || markerLen(tok) > 0 {
					t.Fatalf("masked a template or marker %q", tok)
				}
			} else if !credSecretLike(tok) || safeParts(tok, "._-") || isPlaceholder(tok) || markerLen(tok) > 0 {
				t.Fatalf("masked a known-safe shape %q", tok)
			}
			b.WriteString(s[prev:sp.start])
			b.WriteString(mark)
			prev = sp.end
		}
		if len(spans) == 0 {
			return
		}
		b.WriteString(s[prev:])
		out := b.String()
		var again []span
		credWindow(out, start, 0, credWindowLines, len(out), func(sp span) { again = append(again, sp) })
		if len(again) > 0 {
			t.Fatalf("not idempotent: %q masked again in %q (from %q)", out[again[0].start:again[0].end], out, s)
		}
	})
}
