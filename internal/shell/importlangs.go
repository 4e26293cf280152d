package shell

import (
	"path"
	"strings"
)

// The scanners of importtools.go's languages. Each finds the constructs
// that import: a literal name is reported as the read, write, variable
// or host it is; a computed one makes the code opaque.

// gomplateFileFuncs are gomplate's file namespace functions: true for
// the one that writes.
var gomplateFileFuncs = map[string]bool{"file.Read": false, "file.ReadDir": false, "file.Stat": false,
	"file.Exists": false, "file.IsDir": false, "file.Walk": false, "file.Write": true}

// gomplateSourceFuncs take a datasource URL as their second argument
// (defineDatasource NAME URL).
var gomplateSourceFuncs = []string{"defineDatasource"}

// scanGomplate scans a Go template of gomplate's.
func scanGomplate(t string) *dslScan {
	s := &dslScan{}
	for i := 0; i < len(t) && len(s.reads)+len(s.writes) < maxDSLItems; i++ {
		if i > 0 && (identByte(t[i-1]) || t[i-1] == '.') {
			continue
		}
		rest := t[i:]
		for fn, w := range gomplateFileFuncs {
			if !strings.HasPrefix(rest, fn) || len(rest) > len(fn) && identByte(rest[len(fn)]) {
				continue
			}
			name, ok := goTmplString(rest[len(fn):])
			switch {
			case !ok:
				s.unknown("gomplate " + fn + " of a name not known statically")
			case w:
				s.write(name)
			default:
				s.read(name)
			}
		}
		for _, fn := range gomplateSourceFuncs {
			if !strings.HasPrefix(rest, fn) || len(rest) > len(fn) && identByte(rest[len(fn)]) {
				continue
			}
			r := rest[len(fn):]
			if _, ok := goTmplString(r); ok {
				r = strings.TrimLeft(r, " \t")
				r = r[strings.IndexAny(r[1:], "\"`")+2:]
				if u, ok := goTmplString(r); ok {
					gomplateSource(s, u)
					continue
				}
			}
			s.unknown("gomplate " + fn + " of a source not known statically")
		}
	}
	return s
}

// goTmplString reads the literal string argument that starts s (after
// blanks): "…" or `…`; ok is false when the argument is anything else
// (a variable, a pipeline, a call).
func goTmplString(s string) (string, bool) {
	s = strings.TrimLeft(s, " \t\n")
	if s == "" || s[0] != '"' && s[0] != '`' {
		return "", false
	}
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == q:
			return b.String(), true
		case s[i] == '\\' && q == '"':
			if i+1 >= len(s) || !strings.ContainsRune(`"\/`, rune(s[i+1])) {
				return "", false // an escape builds the name
			}
			i++
		}
		b.WriteByte(s[i])
	}
	return "", false
}

// gomplateSource judges one datasource URL: a file (file:///P or a bare
// name), an env: variable, a network source (http, https, vault, consul,
// aws+…, git, s3, gs); stdin: and merge: are opaque.
func gomplateSource(s *dslScan, u string) {
	scheme, rest, ok := strings.Cut(u, ":")
	if !ok || len(scheme) == 1 || strings.ContainsAny(scheme, "/.") {
		s.read(u) // a path (C:\ is a drive)
		return
	}
	switch scheme {
	case "file":
		p := strings.TrimPrefix(rest, "//")
		if i := strings.IndexAny(p, "?#"); i >= 0 {
			p = p[:i]
		}
		s.read(p)
	case "env":
		s.env = append(s.env, strings.TrimLeft(strings.SplitN(rest, "?", 2)[0], "/"))
	case "stdin", "merge", "boltdb", "aws+sm", "aws+smp":
		s.unknown("gomplate datasource " + clip(u))
	default:
		s.hosts = append(s.hosts, u)
	}
}

// scanDhall scans Dhall code for its imports: local paths (./, ../, ~/,
// /), env:NAME and URLs. Comments are skipped; a path in a string is
// read as one too (an import may sit in an interpolation).
func scanDhall(t string) *dslScan {
	s := &dslScan{}
	for i := 0; i < len(t) && len(s.reads)+len(s.env)+len(s.hosts) < maxDSLItems; i++ {
		switch {
		case strings.HasPrefix(t[i:], "--"):
			for i < len(t) && t[i] != '\n' {
				i++
			}
			continue
		case strings.HasPrefix(t[i:], "{-"):
			if j := strings.Index(t[i:], "-}"); j >= 0 {
				i += j + 1
				continue
			}
			return s
		}
		if i > 0 && !strings.ContainsRune(" \t\r\n([{,=:?", rune(t[i-1])) && !strings.HasSuffix(t[:i], "${") {
			continue
		}
		rest := t[i:]
		switch {
		case strings.HasPrefix(rest, "env:"):
			n := dhallToken(rest[4:])
			s.env = append(s.env, strings.Trim(n, `"`))
		case strings.HasPrefix(rest, "https://") || strings.HasPrefix(rest, "http://"):
			s.hosts = append(s.hosts, dhallToken(rest))
		case strings.HasPrefix(rest, "./") || strings.HasPrefix(rest, "../") || strings.HasPrefix(rest, "~/") ||
			rest[0] == '/' && len(rest) > 1 && (identByte(rest[1]) || strings.ContainsRune(`."~-`, rune(rest[1]))):
			s.read(strings.ReplaceAll(dhallToken(rest), `"`, ""))
		}
	}
	return s
}

// dhallToken is the import that starts s: up to a blank or a closing
// bracket or comma.
func dhallToken(s string) string {
	for i := 0; i < len(s); i++ {
		if strings.ContainsRune(" \t\r\n)]},", rune(s[i])) {
			return s[:i]
		}
	}
	return s
}

// pklImporters are Pkl's constructs that name a module or a resource by
// a string literal.
var pklImporters = []string{"read?(", "read*(", "read(", "import*", "import", "amends", "extends"}

// scanPkl scans Pkl code for read() resources and module imports.
func scanPkl(t string) *dslScan {
	s := &dslScan{}
	for i := 0; i < len(t) && len(s.reads)+len(s.env)+len(s.hosts) < maxDSLItems; i++ {
		if strings.HasPrefix(t[i:], "//") {
			for i < len(t) && t[i] != '\n' {
				i++
			}
			continue
		}
		if i > 0 && (identByte(t[i-1]) || t[i-1] == '.') {
			continue
		}
		for _, k := range pklImporters {
			rest := t[i:]
			if !strings.HasPrefix(rest, k) || k[len(k)-1] != '(' && len(rest) > len(k) && (identByte(rest[len(k)]) || rest[len(k)] == '*') {
				continue
			}
			r := strings.TrimLeft(rest[len(k):], " \t\n")
			if !strings.HasPrefix(r, `"`) || strings.HasPrefix(r, `"""`) {
				s.unknown("Pkl " + strings.TrimSuffix(k, "(") + " of a name not known statically")
				break
			}
			end := strings.IndexByte(r[1:], '"')
			if end < 0 || strings.Contains(r[1:1+end], `\`) {
				s.unknown("Pkl " + strings.TrimSuffix(k, "(") + " of a name not known statically")
				break
			}
			pklResource(s, r[1:1+end])
			break
		}
	}
	return s
}

// pklResource judges one Pkl module or resource URI.
func pklResource(s *dslScan, u string) {
	scheme, rest, ok := strings.Cut(u, ":")
	if !ok || len(scheme) == 1 || strings.ContainsAny(scheme, "/.") {
		s.read(u)
		return
	}
	switch scheme {
	case "env":
		if strings.ContainsAny(rest, "*?[") {
			s.dump = true
		} else {
			s.env = append(s.env, rest)
		}
	case "prop", "pkl", "modulepath", "repl":
	case "file":
		s.read(strings.TrimPrefix(rest, "//"))
	case "http", "https", "package", "projectpackage":
		s.hosts = append(s.hosts, strings.Replace(u, "package://", "https://", 1))
	default:
		s.unknown("Pkl resource " + clip(u))
	}
}

// scanAsciidoc scans an AsciiDoc document for include:: directives (a
// file or a URL) and python asciidoc's system macros (sys::[CMD],
// {sys:CMD}, run unless --safe) and eval (Python).
func scanAsciidoc(t string) *dslScan {
	s := &dslScan{}
	for _, line := range strings.Split(t, "\n") {
		if len(s.reads)+len(s.hosts)+len(s.code) >= maxDSLItems {
			break
		}
		l := strings.TrimLeft(line, " \t")
		for _, k := range []string{"include::", "include1::"} {
			if !strings.HasPrefix(l, k) {
				continue
			}
			target, _, ok := strings.Cut(l[len(k):], "[")
			switch {
			case !ok:
			case strings.Contains(target, "{"):
				s.unknown("AsciiDoc include:: of a target built from attributes")
			case strings.Contains(target, "://"):
				s.hosts = append(s.hosts, target)
			default:
				s.read(target)
			}
		}
		for _, k := range []string{"sys::[", "sys2::[", "sys3::[", "{sys:", "{sys2:", "{sys3:"} {
			if j := strings.Index(l, k); j >= 0 {
				c := l[j+len(k):]
				if e := strings.LastIndexAny(c, "]}"); e >= 0 {
					c = c[:e]
				}
				s.run(c)
			}
		}
		if strings.Contains(l, "eval::[") || strings.Contains(l, "{eval:") {
			s.unknown("asciidoc eval runs Python")
		}
	}
	return s
}

// jailed is what an AsciiDoc scan reads in asciidoctor's safe modes:
// include:: is confined to the base directory (absolute and .. names
// are resolved inside it), which is the project's.
func jailed(s *dslScan) *dslScan {
	var in []string
	for _, r := range s.reads {
		if !path.IsAbs(r) && !strings.HasPrefix(path.Clean(r), "..") {
			in = append(in, r)
		}
	}
	s.reads, s.code, s.opaque = in, nil, nil // --safe: no sys:: or eval::
	return s
}
