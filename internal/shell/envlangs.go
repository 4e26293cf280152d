package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Programs whose own language reads the environment, as data (beyond
// awk's ENVIRON, jq's env and envsubst): Miller's ENV map, Go templates'
// .Env and env/getenv functions (gomplate, dockerize, consul-template),
// Scala's sys.env and Java's System.getenv (sbt eval, scala-cli),
// Maven's ${env.NAME} and its help:system goal, bazel info client-env,
// the jq front ends of other formats (xq, tomlq). A name given as a
// literal is a reference to that variable; the map read whole, or by a
// name not known statically, is a dump of the environment.

// envAccess is one way a language reads the environment: prefix starts
// it; a literal name follows (in quotes when quoted), or the access is
// the whole environment when whole is set and no name follows.
type envAccess struct {
	prefix string
	quoted bool // the name is a quoted string literal ("NAME" or 'NAME')
	bare   bool // the name follows as an identifier (.Env.NAME, env.NAME)
	whole  bool // the prefix alone reads every variable (emit ENV, sys.env)
}

var (
	millerEnv = []envAccess{{prefix: "ENV[", quoted: true, whole: true}, {prefix: "ENV", whole: true}}
	goTmplEnv = []envAccess{{prefix: ".Env.", bare: true}, {prefix: ".Env", whole: true}, {prefix: "env.Getenv", quoted: true, whole: true},
		{prefix: "getenv", quoted: true, whole: true}, {prefix: "env ", quoted: true, whole: true}, {prefix: "env.Env", whole: true},
		{prefix: "env.ExpandEnv", whole: true}, {prefix: "expandenv", whole: true}}
	jvmEnv = []envAccess{{prefix: "sys.env(", quoted: true, whole: true}, {prefix: "sys.env.get(", quoted: true, whole: true},
		{prefix: "sys.env.getOrElse(", quoted: true, whole: true}, {prefix: "sys.env", whole: true},
		{prefix: "System.getenv(", quoted: true, whole: true}, {prefix: "System.getenv", whole: true}, {prefix: "System.getenv()", whole: true}}
	mavenEnv = []envAccess{{prefix: "env.", bare: true}, {prefix: "help:system", whole: true}, {prefix: ":system", whole: true}}
)

var envLangs = &lazy.Value[map[string][]envAccess]{New: func() map[string][]envAccess {
	return map[string][]envAccess{
		"mlr": millerEnv, "miller": millerEnv,
		"gomplate": goTmplEnv, "dockerize": goTmplEnv, "consul-template": goTmplEnv, "envtpl": goTmplEnv, "sigil": goTmplEnv,
		"tpl": goTmplEnv, "gotpl": goTmplEnv, "render": goTmplEnv,
		"sbt": jvmEnv, "scala-cli": jvmEnv, "amm": jvmEnv, "mill": jvmEnv, "jbang": jvmEnv,
		"mvn": mavenEnv, "mvnw": mavenEnv, "mvnd": mavenEnv,
		"xq": nil, "tomlq": nil, "jqp": nil, // jq's language: jqEnv
		"bazel": {{prefix: "client-env", whole: true}}, "bazelisk": {{prefix: "client-env", whole: true}},
	}
}}

// envLanguage reports the environment a program of envLangs reads in its
// arguments.
func (c *cmd) envLanguage() {
	acc, ok := envLangs.Get()[c.name]
	if !ok {
		return
	}
	for _, f := range c.args {
		if f.dyn {
			continue
		}
		if acc == nil {
			// a jq front end: env and $ENV are the whole environment
			if strings.Contains(f.s, "$ENV") || jqEnv.Get().MatchString(f.s) {
				c.a.res.EnvDump = true
			}
			continue
		}
		c.envAccesses(f.s, acc)
	}
}

// envAccesses scans s for the accesses of acc.
func (c *cmd) envAccesses(s string, acc []envAccess) {
	for i := 0; i < len(s); i++ {
		if i > 0 && identByte(s[i-1]) && identByte(s[i]) {
			continue // inside a word
		}
		for _, a := range acc {
			if !strings.HasPrefix(s[i:], a.prefix) {
				continue
			}
			rest := s[i+len(a.prefix):]
			if !strings.HasSuffix(a.prefix, ".") && !strings.HasSuffix(a.prefix, "(") && !strings.HasSuffix(a.prefix, "[") &&
				!strings.HasSuffix(a.prefix, " ") && rest != "" && identByte(rest[0]) {
				continue // a longer word (ENVIRONMENT, environ, sys.envx)
			}
			if name, ok := envAccessName(rest, a); ok {
				c.a.envRef(c.sc, name)
				i += len(a.prefix) - 1
				break
			}
			if a.whole {
				c.a.res.EnvDump = true
				return
			}
		}
	}
}

// envAccessName returns the variable name that follows an access.
func envAccessName(rest string, a envAccess) (string, bool) {
	switch {
	case a.bare:
		j := 0
		for j < len(rest) && identByte(rest[j]) {
			j++
		}
		return rest[:j], j > 0 && validName(rest[:j])
	case a.quoted:
		rest = strings.TrimLeft(rest, " \t(")
		if rest == "" || (rest[0] != '"' && rest[0] != '\'' && rest[0] != '`') {
			return "", false
		}
		q := rest[0]
		lit := rest[1:]
		if len(lit) > maxEnvName {
			lit = lit[:maxEnvName] // a name is short: the scan stays linear
		}
		end := strings.IndexByte(lit, q)
		if end < 0 {
			return "", false
		}
		n := rest[1 : 1+end]
		return n, validName(n)
	}
	return "", false
}

// maxEnvName bounds the quoted name searched after an access.
const maxEnvName = 256

func identByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
