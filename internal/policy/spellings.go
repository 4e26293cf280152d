package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Other spellings of a command line that block_commands and
// require_approval_commands patterns are matched against as well, because
// the program reads them as the same command:
//
//   - a dependency change in its manager's own words (canonVerbs): npm i
//     x, npm --save install x and npx npm@latest install x are npm
//     install x; pip3 -q install x and uv pip install x are pip install x;
//   - a program word with a version (npm@latest run through npx, pnpm
//     dlx, bunx): the package's program, without "@…";
//   - "--opt VALUE" as "--opt=VALUE": a pattern written with "=" (kubectl
//     .*--context=production) means the option's value, however it is
//     passed. A word after a long option is only joined when it is not an
//     option itself.
//
// A pattern that matches one of them matches the command (deny for
// block_commands); the line with unknown parts read as empty (eval.go)
// only could match (ask).

// respellings returns the other spellings of c's line, or nil.
func respellings(c *shell.Command) []string {
	var out []string
	if d := depRespelling(c); d != "" {
		out = append(out, d)
	}
	line := c.Line
	if i := strings.IndexByte(c.Name, '@'); i > 0 && strings.HasPrefix(line, c.Name) {
		line = c.Name[:i] + line[len(c.Name):]
		out = append(out, line)
	}
	joined := false
	for i := 0; i+1 < len(c.Args); i++ {
		a := c.Args[i]
		if len(a) > 2 && strings.HasPrefix(a, "--") && !strings.Contains(a, "=") && !strings.HasPrefix(c.Args[i+1], "-") {
			joined = true
			break
		}
		if a == "--" {
			break
		}
	}
	if !joined {
		return out
	}
	var b strings.Builder
	name := c.Name
	if i := strings.IndexByte(name, '@'); i > 0 {
		name = name[:i]
	}
	b.WriteString(name)
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i]
		b.WriteByte(' ')
		b.WriteString(a)
		if a == "--" {
			for _, rest := range c.Args[i+1:] {
				b.WriteByte(' ')
				b.WriteString(rest)
			}
			break
		}
		if len(a) > 2 && strings.HasPrefix(a, "--") && !strings.Contains(a, "=") && i+1 < len(c.Args) && !strings.HasPrefix(c.Args[i+1], "-") {
			b.WriteByte('=')
			b.WriteString(c.Args[i+1])
			i++
		}
	}
	if s := b.String(); s != c.Line && s != line {
		out = append(out, s)
	}
	return out
}

// canonVerbs are the verbs a package manager's own documentation uses
// for each kind of dependency change: a command that changes dependencies
// is matched as well in the form "MANAGER VERB ARGS…" with that verb and
// no option before it (npm i x, npm --save install x, npm inst x are npm
// install x; pip3 -q install x, python3 -m pip install x and uv pip
// install x are pip install x; cargo +nightly add x is cargo add x).
var canonVerbs = &lazy.Value[map[string]map[pmVerb]string]{New: func() map[string]map[pmVerb]string {
	return map[string]map[pmVerb]string{
		"npm":    {vAdd: "install", vRemove: "uninstall", vUpgrade: "update", vGlobal: "install"},
		"pnpm":   {vAdd: "add", vRemove: "remove", vUpgrade: "update"},
		"yarn":   {vAdd: "add", vRemove: "remove", vUpgrade: "upgrade"},
		"bun":    {vAdd: "add", vRemove: "remove", vUpgrade: "update"},
		"pip":    {vAdd: "install", vRemove: "uninstall"},
		"pipenv": {vAdd: "install", vRemove: "uninstall", vUpgrade: "update"},
		"poetry": {vAdd: "add", vRemove: "remove", vUpgrade: "update"},
		"pdm":    {vAdd: "add", vRemove: "remove", vUpgrade: "update"},
		"cargo":  {vAdd: "add", vRemove: "remove", vUpgrade: "update", vGlobal: "install"},
		"gem":    {vGlobal: "install"},
		"bundle": {vAdd: "add", vRemove: "remove", vUpgrade: "update"},
		"conda":  {vAdd: "install", vRemove: "remove", vUpgrade: "update"},
	}
}}

// depRespelling returns c as "MANAGER VERB ARGS…" when c runs one of a
// package manager's dependency verbs spelled otherwise (npm i is npm
// install, with or without packages, as the regular expression "npm
// install" means it), or "".
func depRespelling(c *shell.Command) string {
	if c.Dynamic {
		return ""
	}
	name, args := depProgram(c)
	pm, verbs := pkgManagers.Get()[name], canonVerbs.Get()[name]
	if pm == nil || pm.verbs == nil || verbs == nil {
		return ""
	}
	verb, rest, dyn := pmVerbOf(args, pm.preVal)
	if dyn {
		return ""
	}
	canon := verbs[pm.verbs[verb]]
	if canon == "" {
		return ""
	}
	s := name + " " + canon
	if len(rest) > 0 {
		s += " " + strings.Join(rest, " ")
	}
	if s == c.Line {
		return ""
	}
	return s
}

// depProgram returns the package manager c runs and its arguments,
// through the runners that start one (npx npm@latest, uv pip, python -m
// pip) and the versioned names (pip3.12 is pip).
func depProgram(c *shell.Command) (string, []string) {
	name, args := c.Name, c.Args
	for hop := 0; hop < 4; hop++ {
		switch {
		case name == "npx" || name == "bunx" || name == "pnpx" || name == "corepack":
			for len(args) > 0 && strings.HasPrefix(args[0], "-") {
				args = args[1:]
			}
			if len(args) == 0 {
				return name, args
			}
			name, _, _ = strings.Cut(args[0], "@")
			args = args[1:]
			continue
		case name == "uv" && len(args) > 0 && args[0] == "pip":
			name, args = "pip", args[1:]
			continue
		case !strings.HasPrefix(name, "p"): // pip*, python*, py*: below
		case versionedTool.Get().MatchString(name) && !strings.HasPrefix(name, "pip"):
			for _, mod := range []string{"pip", "pipenv", "poetry", "pdm", "conda"} {
				if rest, ok := pythonModule(args, mod); ok {
					name, args = mod, rest
				}
			}
		case versionedTool.Get().MatchString(name):
			name = "pip"
		}
		break
	}
	return name, args
}
