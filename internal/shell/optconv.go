package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Option conventions, as data. A program whose writes are not modelled
// has candidate writes (PathRef.Candidate) for the values its option words
// may carry. Which parts of a word can be a value depends on how the
// program reads its options:
//
//   - getopt (the default, and the rule for every program not listed
//     here): single letters cluster, and the first letter that takes a
//     value takes the rest of the word, so any tail after a run of
//     letters can be a value (-xvfFILE, -oFILE);
//   - single-dash long options (dashLongPrograms): a single-dash word is
//     one option (-version, -Wall, -no-color, -DskipTests, -readonly);
//     its value is after "=" or ":", or attached to one of the option
//     names listed for the program (gcc -oFILE, -MFFILE, -Wl,-o,FILE).
//     A letter inside a word is never the start of a value there:
//     -Wall is no -W -a -l -l.
//
// A program not listed keeps the getopt reading, which reports more
// values, never fewer: knowing a convention makes the analysis more
// precise and never hides a value the program could take. A program is
// listed only when it reads no getopt-style short options with attached
// values beyond the names given (pflag and cobra tools such as dlv or
// gotestsum take -oFILE: they are not listed), and never a program that
// runs another with its arguments (xcrun clang -oFILE).

// dashLongPrograms maps a program (or a family: see convName) to the
// names of its options whose value may be attached to the option word
// (without the dash). A name ending in "," takes a comma-separated list
// of arguments passed on to another tool (gcc -Wl,-o,FILE), each of which
// is looked at as a word of its own.
var dashLongPrograms = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		// C compilers (GCC's and clang's drivers).
		"gcc": "o I L l D U B F T MF MT MQ MJ Wl, Wa, Wp, iquote isystem idirafter imacros include iprefix iwithprefix " +
			"iwithprefixbefore isysroot imultilib iframework aux-info dumpdir dumpbase specs wrapper",
		// The JVM and its tools: -Dk=v, -Xloggc:FILE, -XX:K=FILE, -javaagent:JAR.
		"java": "D X XX: javaagent: agentpath: agentlib: splash: Xloggc: Xlog:",
		// Go's flag package (-name, -name=value, -name value) and programs
		// built with it.
		"terraform": "", "tofu": "", "packer": "", "vault": "", "consul": "", "nomad": "",
		"staticcheck": "", "govulncheck": "", "gosec": "", "errcheck": "", "ineffassign": "", "revive": "",
		"deadcode": "", "gocyclo": "", "golint": "", "gopls": "", "benchstat": "", "grpcurl": "",
		// OpenSSL's commands (-in, -out, -hex, -connect).
		"openssl": "",
		// Maven: -Dk=v, -Pprofile, -Tthreads, -ffile, -ssettings.
		"mvn": "D P T f s gs t l e", "mvnw": "D P T f s gs t l e",
		// Apple's build tool (not xcrun, which runs another tool with its
		// arguments).
		"xcodebuild": "",
		// SQLite's shell (-readonly, -cmd, -init, -header).
		"sqlite3": "",
		// X11 tools.
		"xterm": "", "xrandr": "", "xset": "", "xdpyinfo": "", "xprop": "", "xwininfo": "",
		// GNU getopt_long_only: gdb -batch, -ex CMD, -eval-command=CMD.
		"gdb": "",
		// find and friends take their primaries as words (modelled apart).
		"find": "", "bfs": "",
	}
}}

// convName is the program name a convention is looked up by: a compiler
// driver's versions and cross-compiler prefixes are its family
// (gcc-13, x86_64-linux-gnu-gcc, clang++-17 are gcc; javac, jshell,
// keytool read their options as java does).
func convName(n string) string {
	if i := strings.LastIndexByte(n, '-'); i > 0 && versionSuffix(n[i+1:]) {
		n = n[:i]
	}
	switch {
	case n == "cc" || n == "c++" || n == "cpp" || n == "clang" || n == "clang++" || n == "g++" ||
		strings.HasSuffix(n, "-gcc") || strings.HasSuffix(n, "-g++") || strings.HasSuffix(n, "-clang") ||
		strings.HasSuffix(n, "-clang++"):
		return "gcc"
	case n == "javac" || n == "javaw" || n == "jshell" || n == "keytool" || n == "jar" || n == "jarsigner" ||
		n == "javadoc" || n == "jlink" || n == "jpackage":
		return "java"
	}
	return n
}

// versionSuffix reports whether s is a version: digits and dots.
func versionSuffix(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}

// dashLongJoined returns the attached-value option names of program n and
// whether n reads single-dash long options.
func dashLongJoined(n string) (string, bool) {
	j, ok := dashLongPrograms.Get()[convName(n)]
	return j, ok
}

// CandidateValues returns the strings argument arg of program prog may
// name a file by, as the analysis reports candidate writes for a program
// whose writes are not modelled (PathRef.Candidate): the argument itself,
// NAME=VALUE's value, the values option words may carry under the
// program's option convention, the parts of a:b and a,b lists, without
// a leading @ or <. The policy uses it to tell which argument a candidate
// came from.
func CandidateValues(prog, arg string) []string {
	out := candidateValues(prog, arg, false, nil)
	if strings.HasPrefix(arg, "-") {
		out = candidateValues(prog, arg, true, out) // after "--"
	}
	return out
}

// candidateValues appends to list the strings argument s of program prog
// may name a file by (see CandidateValues); end is set after "--".
func candidateValues(prog, s string, end bool, list []string) []string {
	if s == "" || strings.Contains(s, "://") || strings.ContainsRune(s, '\n') {
		return list
	}
	start := len(list)
	if !end && len(s) > 1 && s[0] == '-' {
		switch joined, dashLong := dashLongJoined(prog); {
		case strings.HasPrefix(s, "--"):
			if _, v, ok := strings.Cut(s, "="); ok {
				list = append(list, v)
			}
		case dashLong:
			list = dashLongValues(s, joined, list)
		default:
			if n, v, ok := strings.Cut(s[1:], "="); ok && len(n) > 1 && optionName(n) {
				list = append(list, v) // -name=VALUE (Go, Java, find-style options)
				break
			}
			// The first letter that takes a value takes the rest of
			// the word, so a value starts after the first occurrence
			// of a letter: one candidate per distinct letter (at most
			// 62), however long the cluster (-vvvvvvvvvvoFILE).
			var seen [128]bool
			for k := 2; k < len(s); k++ {
				b := s[k-1]
				if !isOptByte(b) {
					break
				}
				if !seen[b] {
					seen[b] = true
					list = append(list, s[k:])
				}
			}
		}
	} else {
		list = append(list, s)
		if n, v, ok := strings.Cut(s, "="); ok && n != "" {
			list = append(list, v)
		}
	}
	for i := start; i < len(list); i++ {
		p := list[i]
		if strings.ContainsAny(p, ":,") {
			for _, piece := range strings.FieldsFunc(p, func(r rune) bool { return r == ':' || r == ',' }) {
				if _, v, ok := strings.Cut(piece, "="); ok {
					piece = v
				}
				// a piece of a list is a path where it looks like one
				// (~/.ssh:/k, .env:/x); a bare word (npm:pkg) is not.
				// Every piece: they are disjoint parts of the word, so
				// the work is linear in it (a bound would drop the
				// 33rd piece, --x=1.x,…,agent-policy.yaml).
				if piece != p && strings.ContainsAny(piece, "/.~") {
					list = append(list, piece)
				}
			}
		}
	}
	for i, n := start, len(list); i < n; i++ {
		if q := strings.TrimLeft(list[i], "@<"); q != list[i] {
			list = append(list, q)
		}
	}
	return list
}

// dashLongValues appends the values single-dash long option word s may
// carry: after "=" and after ":", and attached to one of the names in
// joined (the longest that matches).
func dashLongValues(s, joined string, list []string) []string {
	if _, v, ok := strings.Cut(s, "="); ok {
		list = append(list, v)
	}
	if _, v, ok := strings.Cut(s, ":"); ok {
		list = append(list, v)
	}
	best := ""
	for _, name := range strings.Fields(joined) {
		if len(name) > len(best) && strings.HasPrefix(s[1:], name) && len(s) > 1+len(name) {
			best = name
		}
	}
	if best == "" {
		return list
	}
	v := s[1+len(best):]
	if !strings.HasSuffix(best, ",") {
		return append(list, v)
	}
	for _, piece := range strings.Split(v, ",") {
		if piece == "" {
			continue
		}
		list = append(list, piece)
		if len(piece) > 2 && piece[0] == '-' && piece[1] != '-' {
			list = append(list, piece[2:]) // ld -oFILE
		}
		if _, pv, ok := strings.Cut(piece, "="); ok {
			list = append(list, pv) // ld --output=FILE, -Map=FILE
		}
	}
	return list
}

// gccOptionsWriting are the options of a C compiler driver whose value is
// a file written, as the next word or attached (-oFILE, -MFFILE).
var gccOptionsWriting = []string{"-o", "-MF", "-aux-info", "--output"}

// gccOutputs reports what a C compiler driver writes through its options.
// Its options are single-dash words (-Wall, -fno-omit-frame-pointer):
// a word is an output option only when it starts with one of
// gccOptionsWriting, never because an "o" appears inside it.
func (c *cmd) gccOutputs() {
	why := c.name + " output"
	for i := 0; i < len(c.args); i++ {
		s := c.args[i].s
		if s == "--" {
			return
		}
		if c.args[i].dyn && strings.HasPrefix(s, "$") {
			continue
		}
		for _, o := range gccOptionsWriting {
			switch {
			case s == o && i+1 < len(c.args):
				i++
				c.skip[i] = true
				if c.args[i].s != "-" || c.args[i].dyn {
					c.write(c.args[i], why) // (-o - is standard output)
				}
			case strings.HasPrefix(s, o) && len(s) > len(o):
				f := c.args[i]
				f.s = strings.TrimPrefix(s[len(o):], "=")
				c.write(f, why)
			default:
				continue
			}
			break
		}
	}
}

// isPHP reports whether n is the PHP interpreter: php, a versioned php
// (php8, php8.3, php-8.3) or php-cgi. Tools written in PHP (phpunit,
// phpstan, phpcs) are programs of their own, not the interpreter.
func isPHP(n string) bool {
	rest, ok := strings.CutPrefix(n, "php")
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, "-")
	return rest == "" || rest == "cgi" || versionSuffix(rest)
}

// goPatternPrograms take Go package patterns as operands (./...,
// example.com/m/...): a pattern with a "..." element names packages,
// which they read, never a file they write. Their other arguments stay
// candidate writes.
var goPatternPrograms = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"staticcheck": true, "govulncheck": true, "gosec": true, "errcheck": true, "ineffassign": true, "revive": true,
		"deadcode": true, "gocyclo": true, "golint": true, "gotestsum": true, "nilaway": true, "gocritic": true,
		"unparam": true, "unconvert": true, "exhaustive": true, "fieldalignment": true, "shadow": true,
	}
}}

// goPattern reports whether s is a Go package pattern with a "..."
// element: "...", "./...", "x/.../y", "example.com/m/...".
func goPattern(s string) bool {
	if strings.HasPrefix(s, "-") {
		return false
	}
	return s == "..." || strings.HasSuffix(s, "/...") || strings.HasPrefix(s, ".../") || strings.Contains(s, "/.../")
}

// grpcurlValued are grpcurl's options that take a value (Go's flag
// package: -name value or -name=value); grpcurlFiles are those whose
// value is a file read, or written (-protoset-out).
var (
	grpcurlValued = append([]string{"-d", "-H", "-rpc-header", "-reflect-header", "-servername", "-authority", "-format",
		"-connect-timeout", "-keepalive-time", "-max-time", "-max-msg-sz", "-user-agent", "-alts-handshaker-service",
		"-alts-target-service-account", "-protoset-out"}, grpcurlFiles...)
	grpcurlFiles = []string{"-proto", "-protoset", "-import-path", "-cert", "-key", "-cacert"}
)

// goFlagSpec is the option spec of a program using Go's flag package
// with the value options valued: -name value, -name=value, and the same
// with two dashes.
func goFlagSpec(valued []string) optSpec {
	return optSpec{noCluster: true, dashLong: valued, long: dashDash(valued)}
}

// grpcurlOps reports grpcurl's files and host: the first operand is
// host:port (the others name services and methods).
func (c *cmd) grpcurlOps(o opts) {
	for _, f := range o.values(append(grpcurlFiles, dashDash(grpcurlFiles)...)...) {
		c.read(f, "grpcurl option")
	}
	for _, f := range o.values("-protoset-out", "--protoset-out") {
		c.write(f, "grpcurl -protoset-out")
	}
	if k, ok := c.pos(o, 0); ok {
		c.skip[k] = true
		c.target(c.args[k])
	}
}

// dashDash returns the names with a second dash (--name for -name).
func dashDash(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "-" + n
	}
	return out
}

// debuggerEnv reports an environment dump when a debugger is told to show
// the environment its program runs with: gdb -ex 'show environment'
// (any abbreviation: sho env), lldb -o 'settings show target.env-vars'.
func (c *cmd) debuggerEnv() {
	for _, f := range c.args {
		for _, line := range strings.FieldsFunc(f.s, func(r rune) bool { return r == '\n' || r == ';' }) {
			w := strings.Fields(strings.ToLower(line))
			if len(w) >= 2 && len(w[0]) >= 3 && strings.HasPrefix("show", w[0]) &&
				(strings.HasPrefix(w[1], "env") || strings.HasPrefix(w[1], "target.env")) ||
				len(w) >= 3 && w[0] == "settings" && w[1] == "show" && strings.HasPrefix(w[2], "target.env") {
				c.a.res.EnvDump = true
				return
			}
		}
	}
}
