package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Small operand facts: chmod's and chattr's modes that look like options,
// the arguments after git's "--".

// modeOperand rewrites a mode of chmod or chattr that starts with "-"
// (chmod -x FILE, chmod -rwx FILE, chattr -i FILE) so that option parsing
// takes it for the mode operand it is, not for an option.
func (c *cmd) modeOperand() {
	letters, must, opts := "rwxXstugoa+-=,01234567", "rwxXstugoa", "cfvR"
	if c.name == "chattr" {
		letters, must, opts = "aAcCdDeFijmPsStTux", "aAcCdDeFijmPsStTux", "RVf"
	}
	for i, f := range c.args {
		s := f.s
		if f.dyn || s == "--" {
			return
		}
		if !strings.HasPrefix(s, "-") {
			return // the mode came first, or no mode that looks like an option
		}
		body := s[1:]
		if body == "" || strings.HasPrefix(body, "-") || strings.Trim(body, letters) != "" {
			continue
		}
		if strings.Trim(body, opts) == "" || !strings.ContainsAny(body, must) {
			continue // -R, -v, -f: options (chmod -R is recursive)
		}
		// a mode: make it a positional operand
		c.args[i].s = "./" + s
		c.args[i].dyn = false
		return
	}
}

// afterDashDash returns the operands of pos that follow "--".
func afterDashDash(c *cmd, pos []int) []int {
	dd := -1
	for i, f := range c.args {
		if f.s == "--" {
			dd = i
			break
		}
	}
	var out []int
	for _, k := range pos {
		if k > dd {
			out = append(out, k)
		}
	}
	return out
}

// patternOptions are long options whose value is a pattern, a format or
// a message, never a file read (--exclude='.env*' names what is not
// read).
var patternOptions = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"--exclude": true, "--exclude-dir": true, "--include": true, "--include-dir": true,
		"--exclude-tag": true, "--exclude-tag-all": true, "--exclude-tag-under": true, "--exclude-ignore": true,
		"--exclude-ignore-recursive": true, "--ignore": true, "--ignore-dir": true, "--glob": true, "--iglob": true,
		"--type": true, "--type-not": true, "--filter": true, "--transform": true, "--xform": true, "--regexp": true,
		"--grep": true, "--format": true, "--pretty": true, "--color": true, "--colour": true, "--message": true,
		"--exclude-standard": true, "--excludes": true, "--ignore-pattern": true}
}}

// patternOption reports whether the value of option name is no file: a
// pattern option, or one c's table says takes a value that is not a file.
func (c *cmd) patternOption(name string) bool {
	if patternOptions.Get()[name] {
		return true
	}
	if cs := c.spec(); cs != nil {
		if fx, ok := cs.fx[name]; ok && fx == "-" {
			return true
		}
	}
	return false
}
