package redact

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// probeCorpus is realistic text, random strings of the bytes the probe
// and the rules react to, and every test input of the corpora.
func probeCorpus(tb testing.TB) []string {
	rng := rand.New(rand.NewPCG(12, 12))
	inputs := []string{realisticText(256 << 10), "", "x", "$", "`", "%", "xargs", "a=$(b", "${x", "<<", "<<<"}
	words := []string{"$X", "${X}", "$(cat f)", "`id`", "%PW%", "$1", "$@", "xargs", "xargs -I{}", " ", "\n", "'", "\"", "\\",
		"<<EOF", "<<<", "|", "||", ";", "&&", ">", "<", ")", "(", "{", "}", "=", "mysql", "-p", "--password", "PW=", "curl -u",
		"Authorization: Bearer ", "https://u:", "@h/db", "docker login --password-stdin", "echo", "x", "sshpass -p", "env -S"}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(40) {
			if rng.IntN(4) == 0 {
				b.WriteByte(byte(rng.IntN(128)))
			} else {
				b.WriteString(words[rng.IntN(len(words))])
			}
		}
		inputs = append(inputs, b.String())
	}
	return append(inputs, corpusLines(tb)...)
}

func TestSinkProbeMatchesReference(t *testing.T) {
	for _, s := range probeCorpus(t) {
		p, refs := sinkProbe(s)
		q, want := sinkProbeWith(s, false) // every byte through the cases
		if p != q || len(refs) != len(want) {
			t.Fatalf("%q: probe %q (%d refs), reference %q (%d refs)", s, p, len(refs), q, len(want))
		}
		for i := range refs {
			if refs[i] != want[i] {
				t.Fatalf("%q: ref %d is %+v, reference %+v", s, i, refs[i], want[i])
			}
		}
	}
}

// corpusLines are the texts of the corpus and every string literal of
// eight bytes or more in the package's tests (the red-team cases, the
// fuzz seeds, the everyday lines), each whole and line by line.
func corpusLines(tb testing.TB) []string {
	var out []string
	for _, e := range loadCorpus(tb) {
		out = append(out, e.text)
	}
	out = append(out, redteamInputs(tb)...)
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		tb.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			tb.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if v, err := strconv.Unquote(lit.Value); err == nil && len(v) >= 8 {
					out = append(out, v)
					if strings.Contains(v, "\n") {
						out = append(out, strings.Split(v, "\n")...)
					}
				}
			}
			return true
		})
	}
	return out
}

// naiveHits is every occurrence of every keyword of t in s, ASCII case
// folded, overlapping ones included, sorted by rule and offset.
func naiveHits(t *kwTable, s string) []kwHit {
	lower := string(asciiLower(s))
	var out []kwHit
	for ki, kw := range t.keywords {
		for off := 0; off < len(lower); {
			i := strings.Index(lower[off:], kw.text)
			if i < 0 {
				break
			}
			out = t.addHits(out, ki, off+i)
			off += i + 1
		}
	}
	sortHits(out)
	return out
}

func sortHits(h []kwHit) {
	slices.SortFunc(h, func(a, b kwHit) int {
		if a.rule != b.rule {
			return a.rule - b.rule
		}
		return a.pos - b.pos
	})
}

// TestKeywordHitsMatchNaive: the one-pass scan (pair tables, eight-byte
// prefixes) finds exactly the
// occurrences a search for each keyword finds, for the full keyword
// table and the probe's, on random, realistic and every test input, and
// on each keyword itself at the end of a text and in mixed case.
func TestKeywordHitsMatchNaive(t *testing.T) {
	r := mustNew(t, Config{Key: testKey, PII: true})
	inputs := probeCorpus(t)
	rng := rand.New(rand.NewPCG(5, 5))
	for _, kw := range r.keywords {
		pad := strings.Repeat("x", inPlaceScan+rng.IntN(300))
		inputs = append(inputs, kw.text, pad+kw.text, pad+strings.ToUpper(kw.text), pad+kw.text+kw.text[:len(kw.text)/2])
	}
	pad := strings.Repeat(" ", inPlaceScan)
	for _, tab := range []*kwTable{&r.kwTable, r.sinkTable()} {
		for _, s := range inputs {
			// The scan of the lowered copy; the in-place scan of short
			// strings (unchanged here) folds only each rune's first byte
			// of a non-ASCII keyword (equalFoldLower ranges over runes),
			// so it may find more than the naive search.
			for _, s := range []string{s, s + pad} {
				if len(s) < inPlaceScan {
					continue
				}
				got, _ := tab.keywordHits(s)
				sortHits(got)
				want := naiveHits(tab, s)
				if !slices.Equal(got, want) {
					t.Fatalf("%.200q: %d hits, naive search %d", s, len(got), len(want))
				}
			}
		}
	}
}

// TestASCIILowerWordwise: the eight-bytes-at-a-time lowering agrees with
// lowering byte by byte, for every byte value in every lane.
func TestASCIILowerWordwise(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	for shift := range 9 {
		s := strings.Repeat("x", shift) + string(all) + string(all[:shift])
		got := asciiLower(s)
		for i := range len(s) {
			if want := lowerASCII(s[i]); got[i] != want {
				t.Fatalf("byte %#x at %d: %#x, want %#x", s[i], i, got[i], want)
			}
		}
	}
}

// TestHitsByRuleMatchesSort: grouping hits by rule gives each rule the
// offsets sorting the hits by rule and offset gives it, repeats included.
func TestHitsByRuleMatchesSort(t *testing.T) {
	r := mustNew(t, Config{Key: testKey, PII: true})
	rng := rand.New(rand.NewPCG(3, 4))
	var cases [][]kwHit
	for _, s := range probeCorpus(t) {
		found, _ := r.keywordHits(s)
		cases = append(cases, found)
	}
	for range 500 {
		var h []kwHit
		for range rng.IntN(50) {
			h = append(h, kwHit{rule: rng.IntN(len(r.rules)), pos: rng.IntN(20)})
		}
		cases = append(cases, h)
	}
	for _, found := range cases {
		sorted := slices.Clone(found)
		sortHits(sorted)
		g := hitsByRule(found, len(r.rules))
		var got []kwHit
		for ri := range r.rules {
			for _, p := range g.of(ri) {
				got = append(got, kwHit{ri, p})
			}
		}
		if !slices.Equal(got, sorted) {
			t.Fatalf("grouped %v, sorted %v", got, sorted)
		}
	}
}

// inStringRef is pwStrings.inString before the twelfth pass (byte by
// byte through one switch): the reference the skipping one must agree with.
func inStringRef(st *pwStrings, s string, ns int) bool {
	for i := st.pos; i < ns; i++ {
		c := s[i]
		switch {
		case c == '\n':
			st.q = 0
		case st.q != 0:
			if c == '\\' && st.q != '\'' && i+1 < ns && s[i+1] != '\n' {
				i++
			} else if c == st.q {
				st.q = 0
			}
		case c == '"' || c == '`':
			st.q = c
		case c == '\'' && !pwApostrophe(s, i):
			st.q = c
		}
	}
	st.pos = max(st.pos, ns)
	return st.q != 0
}

// TestInStringMatchesReference: the same answers, and the same state
// after each, as the old inString, asked at increasing offsets of random,
// realistic and every test input (every offset of short ones).
func TestInStringMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	inputs := probeCorpus(t)
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteByte("ab '\"`\\\n\\r("[rng.IntN(11)])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		var a, b pwStrings
		for ns := 0; ns <= len(s); ns += 1 + rng.IntN(1+len(s)/64) {
			if got, want := a.inString(s, ns), inStringRef(&b, s, ns); got != want || a != b {
				t.Fatalf("%.200q at %d: %v %+v, reference %v %+v", s, ns, got, a, want, b)
			}
		}
	}
}

// TestLiteralStartsMatchFindAll: for every rule whose matches start at
// known literals (litstart.go), finding the literals and matching there
// gives exactly FindAllStringSubmatchIndex's matches, on realistic text,
// every test input, and random texts dense in the literals in both cases,
// glued to word bytes and cut at any length.
func TestLiteralStartsMatchFindAll(t *testing.T) {
	r := mustNew(t, Config{Key: testKey, PII: true})
	rng := rand.New(rand.NewPCG(21, 12))
	base := append(corpusLines(t), realisticText(32<<10))
	n := 0
	for _, ru := range r.rules {
		if ru.match != nil || ru.pattern == "" {
			continue
		}
		re := ru.regexp()
		if ru.starts == nil {
			continue
		}
		n++
		inputs := slices.Clone(base)
		for range 800 {
			var b strings.Builder
			for range rng.IntN(12) {
				switch rng.IntN(6) {
				case 0:
					l := ru.starts.lits[rng.IntN(len(ru.starts.lits))]
					if rng.IntN(2) == 0 {
						l = strings.ToUpper(l)
					}
					b.WriteString(l)
				case 1:
					b.WriteString(randFrom(rng, alNum, rng.IntN(80)))
				case 2:
					b.WriteString(randFrom(rng, alB64u, rng.IntN(50)))
				case 3:
					b.WriteByte(" \t\n=:_-./'\"é"[rng.IntN(13)])
				case 4:
					b.WriteString("x" + ru.starts.lits[0])
				default:
					b.WriteString(randFrom(rng, alHex, rng.IntN(70)))
				}
			}
			s := b.String()
			inputs = append(inputs, s, s[:rng.IntN(len(s)+1)])
		}
		for _, s := range inputs {
			got, want := ru.starts.findAll(s), re.FindAllStringSubmatchIndex(s, -1)
			if len(got) != len(want) {
				t.Fatalf("%s on %.300q: %v, FindAll %v", ru.id, s, got, want)
			}
			for i := range got {
				if !slices.Equal(got[i], want[i]) {
					t.Fatalf("%s on %.300q: %v, FindAll %v", ru.id, s, got, want)
				}
			}
		}
	}
	if n < 5 {
		t.Fatalf("only %d rules have literal starts", n)
	}
}
