package gate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A manifest is read on every hook call a process without the resident
// engine answers, so it is stored in a line format that decodes without
// reflection (JSON took about 80 µs per manifest):
//
//	mandate-pins 1 SCOPE ROOT
//	PATH KIND FORMAT MISSING L T CHECKED SEEN SEEN_GOV PINNED PINNED_GOV PERM LAST_POLICY PROGRAM...
//	PATH policy FORMAT MISSING L T CHECKED SEEN SEEN_GOV PINNED PINNED_GOV PERM LAST_POLICY SINCE...
//
// one entry per line: a hook configuration lists the programs it
// registers, a policy the texts its file held since a person last
// accepted it (pending.go; a manifest written before lists none).
// Strings (ROOT, PATH, the digests, LAST_POLICY, each PROGRAM and SINCE)
// are Go-quoted; L and T are "dev,ino,mode,size,mtime,ctime" (T
// is "-" for a path that is not a symlink); MISSING is 0 or 1; the rest
// are decimal. Anything else is a corrupt manifest, which denies.

const manifestMagic = "mandate-pins"

var errManifest = errors.New("malformed manifest")

func encodeManifest(m *manifest) []byte {
	var b strings.Builder
	b.WriteString(manifestMagic)
	b.WriteString(" 1 ")
	b.WriteString(m.Scope)
	b.WriteByte(' ')
	b.WriteString(strconv.Quote(m.Root))
	b.WriteByte('\n')
	for i := range m.Entries {
		e := &m.Entries[i]
		b.WriteString(strconv.Quote(e.Path))
		fmt.Fprintf(&b, " %s %d %d %s ", e.Kind, e.Format, boolInt(e.Missing), identText(&e.L))
		if e.T != nil {
			b.WriteString(identText(e.T))
		} else {
			b.WriteByte('-')
		}
		fmt.Fprintf(&b, " %d", e.Checked)
		for _, s := range []string{e.Seen, e.SeenGov, e.Pinned, e.PinnedGov} {
			b.WriteByte(' ')
			b.WriteString(strconv.Quote(s))
		}
		fmt.Fprintf(&b, " %d %s", e.Perm, strconv.Quote(e.LastPolicy))
		tail := e.Programs
		if e.Kind == kindPolicy {
			tail = e.Since
		}
		for _, p := range tail {
			b.WriteByte(' ')
			b.WriteString(strconv.Quote(p))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func identText(id *ident) string {
	return fmt.Sprintf("%d,%d,%d,%d,%d,%d", id.Dev, id.Ino, id.Mode, id.Size, id.Mtime, id.Ctime)
}

// decodeManifest parses what encodeManifest wrote.
func decodeManifest(b []byte) (*manifest, error) {
	s := string(b)
	line, rest, ok := strings.Cut(s, "\n")
	if !ok {
		return nil, fmt.Errorf("%w: no header", errManifest)
	}
	t := tokens{s: line}
	if t.word() != manifestMagic || t.word() != "1" {
		return nil, fmt.Errorf("%w: not a version 1 manifest", errManifest)
	}
	m := &manifest{V: manifestVersion, Scope: t.word()}
	if n := strings.Count(rest, "\n"); n > 0 {
		m.Entries = make([]pinEntry, 0, n)
	}
	m.Root = t.quoted()
	if t.err != nil || !t.done() || (m.Scope != "global" && m.Scope != "repo") {
		return nil, fmt.Errorf("%w: header", errManifest)
	}
	for n := 2; rest != ""; n++ {
		line, rest, ok = strings.Cut(rest, "\n")
		if !ok {
			return nil, fmt.Errorf("%w: line %d is not terminated", errManifest, n)
		}
		t := tokens{s: line}
		var e pinEntry
		e.Path = t.quoted()
		e.Kind = t.word()
		e.Format = configFormat(t.int())
		e.Missing = t.int() == 1
		e.L = t.ident()
		if t.peek() == '-' {
			t.word()
		} else {
			id := t.ident()
			e.T = &id
		}
		e.Checked = t.int()
		e.Seen, e.SeenGov, e.Pinned, e.PinnedGov = t.quoted(), t.quoted(), t.quoted(), t.quoted()
		e.Perm = uint32(t.int())
		e.LastPolicy = t.quoted()
		var tail []string
		for t.err == nil && !t.done() {
			tail = append(tail, t.quoted())
		}
		if e.Kind == kindPolicy {
			e.Since = tail
		} else {
			e.Programs = tail
		}
		switch e.Kind {
		case kindPolicy, kindHook, kindHookDir, kindHookTree, kindPluginTree, kindScriptDir, kindTreeDigest, kindBinary:
		default:
			t.fail()
		}
		if t.err != nil || e.Path == "" {
			return nil, fmt.Errorf("%w: line %d", errManifest, n)
		}
		m.Entries = append(m.Entries, e)
	}
	return m, nil
}

// tokens reads the space-separated fields of one line.
type tokens struct {
	s   string
	err error
}

func (t *tokens) fail() {
	if t.err == nil {
		t.err = errManifest
	}
}

func (t *tokens) done() bool { return t.s == "" }

func (t *tokens) peek() byte {
	if t.s == "" {
		return 0
	}
	return t.s[0]
}

// next ends the current field: a single space, or the end of the line.
func (t *tokens) next(n int) {
	t.s = t.s[n:]
	if t.s == "" {
		return
	}
	if t.s[0] != ' ' || len(t.s) == 1 {
		t.fail()
		t.s = ""
		return
	}
	t.s = t.s[1:]
}

func (t *tokens) word() string {
	if t.err != nil || t.s == "" {
		t.fail()
		return ""
	}
	i := strings.IndexByte(t.s, ' ')
	if i < 0 {
		i = len(t.s)
	}
	w := t.s[:i]
	t.next(i)
	return w
}

func (t *tokens) quoted() string {
	if t.err != nil || t.peek() != '"' {
		t.fail()
		return ""
	}
	q, err := strconv.QuotedPrefix(t.s)
	if err != nil {
		t.fail()
		return ""
	}
	v, err := strconv.Unquote(q)
	if err != nil {
		t.fail()
		return ""
	}
	t.next(len(q))
	return v
}

func (t *tokens) int() int64 {
	v, err := strconv.ParseInt(t.word(), 10, 64)
	if err != nil {
		t.fail()
	}
	return v
}

func (t *tokens) ident() ident {
	var id ident
	f := strings.Split(t.word(), ",")
	if len(f) != 6 {
		t.fail()
		return id
	}
	var u [3]uint64
	var v [3]int64
	var err error
	for i := 0; i < 3 && err == nil; i++ {
		bits := 64
		if i == 2 {
			bits = 32
		}
		u[i], err = strconv.ParseUint(f[i], 10, bits)
	}
	for i := 0; i < 3 && err == nil; i++ {
		v[i], err = strconv.ParseInt(f[3+i], 10, 64)
	}
	if err != nil {
		t.fail()
		return id
	}
	return ident{Dev: u[0], Ino: u[1], Mode: uint32(u[2]), Size: v[0], Mtime: v[1], Ctime: v[2]}
}
