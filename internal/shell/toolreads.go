package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Option values that name files a program reads, for programs whose own
// option parsing takes the value (so the generic argument reads skip
// it): dig -f BATCHFILE, ssh-keyscan -f FILE, jq -L DIR (modules are
// searched below it), … "R" marks a directory read below.
var toolReadOptions = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"dig":         "-f:r -k:r",
		"ssh-keyscan": "-f:r",
		"nsupdate":    "-k:r",
		"jq":          "-L:R --library-path:R",
		"gojq":        "-L:R",
		"jaq":         "-L:R --library-path:R",
		"mysql":       "--defaults-file:r --defaults-extra-file:r --ssl-key:r --ssl-cert:r",
		"mysqldump":   "--defaults-file:r --defaults-extra-file:r",
		"mariadb":     "--defaults-file:r --defaults-extra-file:r",
		"aria2c":      "-i:r --input-file:r --load-cookies:r --netrc-path:r --private-key:r --certificate:r",
		"gpg":         "--passphrase-file:r --keyring:r --secret-keyring:r",
		"gpg2":        "--passphrase-file:r --keyring:r --secret-keyring:r",
		"ftp":         "-N:r",
		"redis-cli":   "--cacert:r --cert:r --key:r",
		"kubectl":     "--kubeconfig:r --client-key:r --token-file:r",
		"helm":        "--kubeconfig:r -f:r --values:r",
		"sftp":        "-i:r -F:r",
	}
}}

// toolReads reports the option values of c that name files it reads.
func (c *cmd) toolReads() {
	spec, ok := toolReadOptions.Get()[c.name]
	if !ok {
		return
	}
	var long []string
	short := ""
	fx := map[string]string{}
	for _, w := range strings.Fields(spec) {
		k, v, _ := strings.Cut(w, ":")
		fx[k] = v
		if strings.HasPrefix(k, "--") {
			long = append(long, k)
		} else {
			short += k[1:]
		}
	}
	o := c.w.last
	if !c.w.parsed {
		o = c.parse(optSpec{short: short, long: long})
	}
	for _, v := range o.vals {
		switch fx[v.key] {
		case "r":
			c.read(v.f, c.name+" "+v.key)
		case "R":
			f := v.f
			f.rec = true
			c.read(f, c.name+" "+v.key)
		}
	}
}

// envDumpCommand reports the commands that print their (or a service
// manager's) whole environment beyond the program handlers' own: npm run env,
// php -i, cmake -E environment, strace -v of execve, systemctl
// show-environment, launchctl export.
func (c *cmd) envDumpCommand() {
	ops := make([]string, 0, 4)
	var opts []string
	for _, f := range c.args {
		if strings.HasPrefix(f.s, "-") && len(f.s) > 1 {
			opts = append(opts, f.s)
		} else if len(ops) < 4 {
			ops = append(ops, f.s)
		}
	}
	dump := false
	switch c.name {
	case "npm", "pnpm", "yarn", "bun":
		// npm's built-in env script (run env, run-script env)
		dump = len(ops) >= 2 && (ops[0] == "run" || ops[0] == "run-script" || ops[0] == "rum" || ops[0] == "urn") && ops[1] == "env" ||
			c.name == "yarn" && len(ops) >= 1 && ops[0] == "env"
	case "cmake":
		dump = len(ops) >= 1 && ops[0] == "environment" && contains(opts, "-E")
	case "strace":
		for _, o := range opts {
			if o == "-v" || strings.HasPrefix(o, "-v") && !strings.ContainsAny(o[1:], "eopsuEIPXbaAS") || strings.Contains(o, "verbose") {
				dump = true
			}
		}
		for i, f := range c.args {
			if (f.s == "-e" || f.s == "-X") && i+1 < len(c.args) && strings.Contains(c.s(i+1), "verbose") {
				dump = true
			}
		}
	case "ltrace":
		// every getenv the traced program makes, with its value
		dump = true
		for i, f := range c.args {
			if (f.s == "-e" || strings.HasPrefix(f.s, "-e")) && !strings.Contains(f.s+" "+nextArg(c, i), "env") {
				dump = false
			}
		}
	case "systemctl":
		dump = contains(ops, "show-environment")
	case "launchctl":
		dump = len(ops) > 0 && ops[0] == "export"
		if len(ops) > 1 && ops[0] == "getenv" {
			c.a.envRef(c.sc, ops[1])
		}
	case "initctl":
		dump = contains(ops, "list-env")
	case "envsubst":
		// substitutes the variables its format names, or every one its
		// input names: a literal input shows which
		text, known := "", false
		if len(ops) > 0 {
			text, known = ops[0], true
		} else {
			text, known = c.fedText()
		}
		if !known {
			dump = true
			break
		}
		for _, name := range varNames(text) {
			c.a.envRef(c.sc, name)
		}
	}
	if strings.HasPrefix(c.name, "php") && (contains(opts, "-i") || contains(opts, "--info")) {
		dump = true
	}
	if dump {
		c.a.res.EnvDump = true
	}
}

func nextArg(c *cmd, i int) string {
	if i+1 < len(c.args) {
		return c.s(i + 1)
	}
	return ""
}

// varNames returns the names of $NAME and ${NAME} references in text.
func varNames(text string) []string {
	var out []string
	for i := 0; i < len(text) && len(out) < 256; i++ {
		if text[i] != '$' || i+1 >= len(text) {
			continue
		}
		j := i + 1
		if text[j] == '{' {
			j++
		}
		k := j
		for k < len(text) && (text[k] == '_' || text[k] >= 'a' && text[k] <= 'z' || text[k] >= 'A' && text[k] <= 'Z' || k > j && text[k] >= '0' && text[k] <= '9') {
			k++
		}
		if k > j {
			out = append(out, text[j:k])
		}
		i = k - 1
	}
	return out
}
