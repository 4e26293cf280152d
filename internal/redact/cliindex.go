package redact

import (
	"sort"
	"strings"
)

// cliIndex is a text's compound structure as cliEnclosing reads it, built
// once per text on the first reader (a pass over the text) and shared by
// the lexers over that text (shlex.compounds):
//
//   - fwd: the brackets ({ ( } )) and compound words (if for while until
//     case select, fi done esac) in offset order. From a reader, the
//     closers of the compounds enclosing it are the tokens where the
//     running depth first falls below the depth at the reader, then below
//     that, and so on; each token links to the first later one whose depth
//     after it is lower (a "next smaller" chain), so a reader walks only
//     the closers it emits.
//   - back: the brackets alone, and for each the nearest earlier '{' left
//     open at its depth (an open '(' is passed over), which is where
//     enclosingFunctionRef's backward scan stops.
//
// Both give what a scan of the window (maxCLIWindow) from the reader
// gives, a token outside the window unused (TestCLIIndexMatchesScan), but
// for a word the window's end cuts: it is read whole (find, not fi).
type cliIndex struct {
	src  string
	fwd  []cliTok
	back []cliTok // its last entry is a sentinel at len(src)
	// calls: for a function and a part, the offset from which on its
	// calls are masked already (cliEnclosing). The lexers sharing an
	// index share their emit too (one matcher's run over one text).
	calls map[cliCallKey]int
}

type cliCallKey struct {
	name string
	part byte
}

type cliTok struct {
	pos   int // the token's offset
	after int // fwd: where a closer's redirections start
	depth int // the running depth before the token
	link  int // fwd: the next lower token; back: the nearest open '{' before (-1: none)
	c     byte
}

// compounds is the compound index of lx's text, built on first use (into
// the holder lx.shareCompounds gave the lexers over the same text).
func (lx *shlex) compounds() *cliIndex {
	ix := lx.shareCompounds()
	if ix.fwd == nil {
		ix.build()
	}
	return ix
}

// shareCompounds is the index holder lexers over the same text pass on,
// built by whichever uses it first.
func (lx *shlex) shareCompounds() *cliIndex {
	if lx.ci == nil || lx.ci.src != lx.src {
		lx.ci = &cliIndex{src: lx.src}
	}
	return lx.ci
}

func (ix *cliIndex) build() {
	s := ix.src
	ix.fwd = []cliTok{}
	fd, bd := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' || c == '(':
			ix.fwd = append(ix.fwd, cliTok{pos: i, depth: fd, c: c})
			ix.back = append(ix.back, cliTok{pos: i, depth: bd, c: c})
			fd++
			bd++
		case c == '}' || c == ')':
			ix.fwd = append(ix.fwd, cliTok{pos: i, after: i + 1, depth: fd, c: c})
			ix.back = append(ix.back, cliTok{pos: i, depth: bd, c: c})
			fd--
			bd--
		case isLower(c) && (i == 0 || !isWordByte(s[i-1])):
			w := i + 1
			for w < len(s) && isWordByte(s[w]) {
				w++
			}
			switch s[i:w] {
			case "if", "for", "while", "until", "case", "select":
				ix.fwd = append(ix.fwd, cliTok{pos: i, depth: fd, c: 'w'})
				fd++
			case "fi", "done", "esac":
				ix.fwd = append(ix.fwd, cliTok{pos: i, after: w, depth: fd, c: 'e'})
				fd--
			}
			i = w - 1
		}
	}
	ix.back = append(ix.back, cliTok{pos: len(s), depth: bd})
	// fwd: link to the first later token whose depth after it is lower.
	var stack []int
	for k := len(ix.fwd) - 1; k >= 0; k-- {
		d := ix.fwd[k].depthAfter()
		for len(stack) > 0 && ix.fwd[stack[len(stack)-1]].depthAfter() >= d {
			stack = stack[:len(stack)-1]
		}
		ix.fwd[k].link = -1
		if len(stack) > 0 {
			ix.fwd[k].link = stack[len(stack)-1]
		}
		stack = append(stack, k)
	}
	// back: the last earlier bracket whose depth before it is lower is
	// the nearest opener left open; an open '(' is passed over.
	stack = stack[:0]
	for k := range ix.back {
		d := ix.back[k].depth
		for len(stack) > 0 && ix.back[stack[len(stack)-1]].depth >= d {
			stack = stack[:len(stack)-1]
		}
		ix.back[k].link = -1
		if len(stack) > 0 {
			if p := stack[len(stack)-1]; ix.back[p].c == '{' {
				ix.back[k].link = p
			} else {
				ix.back[k].link = ix.back[p].link
			}
		}
		stack = append(stack, k)
	}
}

func (t *cliTok) depthAfter() int {
	switch t.c {
	case '{', '(', 'w':
		return t.depth + 1
	}
	return t.depth - 1
}

// firstCloser is the index in fwd of the first closer at or after
// offset to that closes a compound open at to (-1: none).
func (ix *cliIndex) firstCloser(to int) int {
	t := sort.Search(len(ix.fwd), func(k int) bool { return ix.fwd[k].pos >= to })
	if t == len(ix.fwd) {
		return -1
	}
	if ix.fwd[t].depthAfter() < ix.fwd[t].depth {
		return t
	}
	// An opener: past its own closer (back at the depth at to), then
	// the next one lower.
	if k := ix.fwd[t].link; k >= 0 {
		return ix.fwd[k].link
	}
	return -1
}

// enclosingFunction is the name of the function whose body holds offset
// at (NAME() { … } or function NAME { … }), "" when none is seen (its
// '{' within maxCLIWindow before at).
func (ix *cliIndex) enclosingFunction(s string, at int) string {
	t := sort.Search(len(ix.back), func(k int) bool { return ix.back[k].pos >= at })
	i := ix.back[t].link
	lo := max(0, at-maxCLIWindow)
	if i < 0 || ix.back[i].pos < lo {
		return ""
	}
	return functionHeader(s[lo:ix.back[i].pos])
}

// functionHeader is NAME when t ends with NAME() or function NAME (before
// a body's '{'), "" otherwise.
func functionHeader(t string) string {
	t = strings.TrimRight(t, " \t\n")
	fn := strings.HasSuffix(t, "()")
	if fn {
		t = strings.TrimRight(t[:len(t)-2], " \t")
	}
	n := len(t)
	for n > 0 && isWordByte(t[n-1]) {
		n--
	}
	if n < len(t) && (fn || strings.HasSuffix(strings.TrimRight(t[:n], " \t"), "function")) {
		return t[n:]
	}
	return ""
}
