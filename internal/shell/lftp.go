package shell

import (
	"path"
	"strings"
)

// lftp runs its own command language from -c CMDS, -e CMDS, -f FILE and
// standard input: "!CMD" and "shell CMD" run a shell command, get/pget/
// mget -o FILE and mirror write local files, lcd changes the local
// directory, source reads more commands. The commands the analysis reads
// are reported; a script it cannot read is opaque.

// lftpCommands analyses c's -c and -e command strings and -f script.
func (c *cmd) lftpCommands() error {
	if c.name != "lftp" {
		return nil
	}
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		switch {
		case (s == "-c" || s == "-e") && i+1 < len(c.args):
			i++
			c.skip[i] = true
			c.notCandidate(i)
			f := c.args[i]
			if f.dyn {
				c.opaque("lftp commands not known statically")
				continue
			}
			if err := c.lftpScript(f.s); err != nil {
				return err
			}
		case s == "-f" && i+1 < len(c.args):
			i++
			c.read(c.args[i], "lftp -f")
			c.opaque("lftp runs the commands of a script file")
		}
	}
	return nil
}

// lftpScript analyses lftp commands separated by ";" or newlines (and
// joined by && and ||).
func (c *cmd) lftpScript(script string) error {
	sc := c.sc
	for _, line := range splitLftp(script) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if code, ok := strings.CutPrefix(line, "!"); ok {
			if err := c.a.reparse(code, sc, "lftp !", false); err != nil {
				return err
			}
			continue
		}
		w := optWords(line)
		if len(w) == 0 {
			continue
		}
		switch w[0] {
		case "shell", "sh":
			if err := c.a.reparse(strings.Join(w[1:], " "), sc, "lftp shell", false); err != nil {
				return err
			}
		case "source", ".", "eval", "at", "cmd:default-protocol", "alias", "set", "queue", "repeat", "bg":
			// more commands, or settings that run programs (cmd:*,
			// xfer:*-command, ssh connect-program)
			c.opaque("lftp " + w[0] + " runs commands the line does not show")
		case "lcd":
			if len(w) > 1 {
				sub := &cmd{a: c.a, sc: c.a.child(sc), name: "cd", args: []field{{s: w[1]}}, skip: []bool{false}}
				sub.cd()
				sc = sub.sc
			}
		case "get", "get1", "pget", "mget", "xfer":
			lc := &cmd{a: c.a, sc: sc, name: "lftp"}
			outs := 0
			var remote []string
			for j := 1; j < len(w); j++ {
				switch {
				case (w[j] == "-o" || w[j] == "-O") && j+1 < len(w):
					j++
					lc.write(field{s: w[j]}, "lftp "+w[0]+" "+w[j-1])
					outs++
				case !strings.HasPrefix(w[j], "-"):
					remote = append(remote, w[j])
				}
			}
			if outs == 0 {
				// the remote file's name, in the local directory
				for _, r := range remote {
					b := path.Base(r)
					lc.write(field{s: b, glob: isGlobPattern(b)}, "lftp "+w[0]+" into the local directory")
				}
			}
		case "mirror":
			lc := &cmd{a: c.a, sc: sc, name: "lftp"}
			var ops []string
			reverse := false
			for _, x := range w[1:] {
				switch {
				case x == "-R" || x == "--reverse":
					reverse = true
				case !strings.HasPrefix(x, "-"):
					ops = append(ops, x)
				}
			}
			if reverse {
				c.opaque("lftp mirror -R uploads local files")
				continue
			}
			dir := "."
			if len(ops) > 1 {
				dir = ops[1]
			}
			lc.write(field{s: dir}, "lftp mirror target")
		}
	}
	return nil
}

// splitLftp splits lftp command text at ";", "&&", "||" and newlines
// outside quotes.
func splitLftp(s string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(s) && len(out) < maxEnvWords; i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '!' && strings.TrimSpace(s[start:i]) == "":
			// the rest of the command line is the shell's
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return append(out, s[start:])
			}
			out = append(out, s[start:i+j])
			start = i + j + 1
			i = i + j
		case ch == ';' || ch == '\n':
			out = append(out, s[start:i])
			start = i + 1
		case (ch == '&' || ch == '|') && i+1 < len(s) && s[i+1] == ch:
			out = append(out, s[start:i])
			start = i + 2
			i++
		}
	}
	return append(out, s[start:])
}
