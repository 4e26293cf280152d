package redact

import "strings"

// A password can reach a program's standard input through a file the
// same input wrote a moment before (red-team round 2, finding 33):
//
//	echo pw > /tmp/pw && sudo -S id < /tmp/pw
//	printf '%s\n' pw >/tmp/p; cat /tmp/p | passwd
//	echo pw | tee /tmp/p >/dev/null; chpasswd < /tmp/p
//	cat > /tmp/p <<EOF … EOF
//
// When a program that reads a secret on its standard input is fed a file
// (< FILE, or cat FILE |), the writes of that file shortly before it are
// looked up and what they write is masked like a pipeline's data.

// Bounds: how far before the reading command a write is looked for, and
// how many occurrences of the file name are examined.
const (
	maxFileLookback = 4096
	maxFileWrites   = 8
	maxWriterLen    = 1024
)

// commandStart is where the pipeline holding offset q starts: after the
// nearest separator of pipelines before q that is outside quotes (counted
// from there to q), not before lo.
func commandStart(s string, lo, q int) int {
	single, double := 0, 0
	for i := q - 1; i >= lo; i-- {
		switch s[i] {
		case '\'':
			single++
		case '"':
			double++
		case '\n', ';', '&', '(':
			if s[i] == '&' && i > lo && (s[i-1] == '>' || s[i-1] == '<') {
				continue // 2>&1
			}
			if single%2 == 0 && double%2 == 0 {
				return i + 1
			}
		}
	}
	return lo
}

// cliRedirect records a redirection's file on the command.
func cliRedirect(c *cliCmd, op string, f shtok) {
	switch op {
	case "<", "<>":
		c.inFiles = append(c.inFiles, f)
	case ">", ">>", "&>", ">|":
		c.outFiles = append(c.outFiles, f)
	}
}

// cliFileWrites masks the data that commands before offset at write to
// the file name: echo/printf/cat sources redirected to it, or piped into
// tee naming it.
func cliFileWrites(s, name string, at int, part byte, emit func(span)) {
	if name == "" || name == "-" || strings.HasPrefix(name, "/dev/") {
		return
	}
	lo := max(0, at-maxFileLookback)
	hi := at
	for n := 0; n < maxFileWrites; n++ {
		q := strings.LastIndex(s[lo:hi], name)
		if q < 0 {
			return
		}
		q += lo
		hi = q
		if !writesFile(s, lo, q) {
			continue
		}
		cliWriters(s, commandStart(s, max(lo, q-maxWriterLen), q), at, q, name, part, emit)
	}
}

// writesFile reports whether the name at q follows an output redirection
// or a tee (possibly quoted).
func writesFile(s string, lo, q int) bool {
	j := q
	for j > lo && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
	}
	for j > lo && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j > lo && s[j-1] == '>' {
		return true
	}
	// tee [-a] NAME
	w := s[max(lo, j-16):j]
	return strings.HasSuffix(w, "tee") || strings.HasSuffix(w, "tee -a") || strings.HasSuffix(w, "tee --append")
}

// cliWriters lexes the pipelines from start on until one reaches offset
// q, and masks the data of each source of it that writes the file.
func cliWriters(s string, start, end, q int, name string, part byte, emit func(span)) {
	lx := &shlex{src: s, out: &view{}, pos: start, end: end}
	for lx.pos <= q && lx.pos < lx.end {
		from := lx.pos
		lx.out.buf, lx.out.segs = lx.out.buf[:0], lx.out.segs[:0]
		cmds := lexPipeline(lx)
		if lx.pos <= from {
			return
		}
		for k := range cmds {
			c := &cmds[k]
			for _, f := range c.outFiles {
				if lx.text(f) == name {
					cliSourceData(lx, c, part, emit)
				}
			}
			if k > 0 && len(c.words) > 1 && progName(lx.text(c.words[0])) == "tee" {
				for _, w := range c.words[1:] {
					if lx.text(w) == name {
						cliSourceData(lx, &cmds[k-1], part, emit)
					}
				}
			}
		}
	}
}
