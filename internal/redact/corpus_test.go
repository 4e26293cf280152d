package redact

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The corpus (testdata/corpus.txt) keeps live-looking secrets out of the
// repository twice over: each entry line is stored ROT13-ed and reversed
// (so even prefixes like the GitHub or PEM ones do not appear in clear), and
// the secret bodies are not in the file at all: they are generated at test
// time by a seeded generator with the right alphabet and length.
//
// Decoded, an entry line is
//
//	P <rule>\t<template>   positive, default Config: <rule> must fire and every «…» vanish
//	N\t<template>          negative, default Config: output == input
//	PP <rule>\t<template>  positive with Config.PII
//	NP\t<template>         negative with Config.PII
//
// In a template, «part|part|…» is a secret that must not survive and ‹…› a
// generated value that must survive unchanged. A part is =literal, a
// class:length (an, AN, lo, alpha, hex, HEX, b64, b64u, up32, dig, d29, pw),
// card:<prefix>:<len> (Luhn-valid), cardsp:<prefix>:<len> (grouped by 4),
// ssn, or &N (the N-th secret of the line again). \n and \\ are escapes.
//
// go test -run TestCorpus -corpus.decode prints the decoded templates;
// go test -run TestCorpus -corpus.encode=plain.txt rewrites testdata/corpus.txt.
var (
	corpusDecode = flag.Bool("corpus.decode", false, "print the decoded corpus templates")
	corpusEncode = flag.String("corpus.encode", "", "encode this plain corpus file into testdata/corpus.txt")
)

const corpusPath = "testdata/corpus.txt"

type corpusEntry struct {
	line    int
	kind    string // P, N, PP, NP
	rule    string
	text    string
	secrets []string
	keep    []string
}

func rot13(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		}
	}
	return string(b)
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// obfuscate and deobfuscate are inverses (ROT13 is an involution).
func obfuscate(s string) string   { return rot13(reverse(s)) }
func deobfuscate(s string) string { return reverse(rot13(s)) }

const (
	alNum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	alUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	alLower = "abcdefghijklmnopqrstuvwxyz0123456789"
	alAlpha = "abcdefghijklmnopqrstuvwxyz"
	alHex   = "0123456789abcdef"
	alHEX   = "0123456789ABCDEF"
	alB64   = alNum + "+/"
	alB64u  = alNum + "_-"
	alUp32  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	alDig   = "0123456789"
	alD29   = "23456789"
	alPw    = alNum + "!%^*_+=.~-"
)

var alphabets = map[string]string{"an": alNum, "AN": alUpper, "lo": alLower, "alpha": alAlpha,
	"hex": alHex, "HEX": alHEX, "b64": alB64, "b64u": alB64u, "up32": alUp32, "dig": alDig, "d29": alD29, "pw": alPw}

func randFrom(rng *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// luhnComplete returns prefix + random digits + check digit, n digits long.
func luhnComplete(rng *rand.Rand, prefix string, n int) string {
	for {
		d := prefix + randFrom(rng, alDig, n-len(prefix)-1)
		for c := byte('0'); c <= '9'; c++ {
			if luhn(d + string(c)) {
				if allSameByte(d + string(c)) {
					break
				}
				return d + string(c)
			}
		}
	}
}

func genPart(t testing.TB, rng *rand.Rand, part string, prev []string) string {
	switch {
	case strings.HasPrefix(part, "="):
		return part[1:]
	case strings.HasPrefix(part, "&"):
		i, err := strconv.Atoi(part[1:])
		if err != nil || i < 1 || i > len(prev) {
			t.Fatalf("corpus: bad back-reference %q", part)
		}
		return prev[i-1]
	case part == "ssn":
		for {
			a := 1 + rng.IntN(899)
			if a == 666 {
				continue
			}
			return fmt.Sprintf("%03d-%02d-%04d", a, 1+rng.IntN(99), 1+rng.IntN(9999))
		}
	case strings.HasPrefix(part, "card:") || strings.HasPrefix(part, "cardsp:"):
		f := strings.Split(part, ":")
		n, _ := strconv.Atoi(f[2])
		d := luhnComplete(rng, f[1], n)
		if f[0] == "cardsp" {
			var g []string
			for len(d) > 4 {
				g = append(g, d[:4])
				d = d[4:]
			}
			d = strings.Join(append(g, d), " ")
		}
		return d
	}
	cls, ln, ok := strings.Cut(part, ":")
	alphabet, known := alphabets[cls]
	n, err := strconv.Atoi(ln)
	if !ok || !known || err != nil {
		t.Fatalf("corpus: bad generator part %q", part)
	}
	return randFrom(rng, alphabet, n)
}

// expand renders a template: the text, the secrets («») and kept values (‹›).
func expand(t testing.TB, rng *rand.Rand, tmpl string) (string, []string, []string) {
	tmpl = strings.NewReplacer(`\\`, `\`, `\n`, "\n").Replace(tmpl)
	var b strings.Builder
	var secrets, keep []string
	for {
		i := strings.IndexAny(tmpl, "«‹")
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		open, closing := "«", "»"
		if strings.HasPrefix(tmpl[i:], "‹") {
			open, closing = "‹", "›"
		}
		rest := tmpl[i+len(open):]
		j := strings.Index(rest, closing)
		if j < 0 {
			t.Fatalf("corpus: unclosed %s in %q", open, tmpl)
		}
		var v strings.Builder
		for _, part := range strings.Split(rest[:j], "|") {
			v.WriteString(genPart(t, rng, part, secrets))
		}
		if open == "«" {
			secrets = append(secrets, v.String())
		} else {
			keep = append(keep, v.String())
		}
		b.WriteString(v.String())
		tmpl = rest[j+len(closing):]
	}
	return b.String(), secrets, keep
}

func loadCorpus(t testing.TB) []corpusEntry {
	if *corpusEncode != "" {
		encodeCorpus(t, *corpusEncode)
	}
	f, err := os.Open(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		raw := sc.Text()
		if raw == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		line := deobfuscate(raw)
		if *corpusDecode {
			fmt.Println(line)
		}
		head, tmpl, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s:%d: no tab", corpusPath, ln)
		}
		kind, rule, _ := strings.Cut(head, " ")
		switch kind {
		case "P", "PP":
			if rule == "" {
				t.Fatalf("%s:%d: positive without rule", corpusPath, ln)
			}
		case "N", "NP":
		default:
			t.Fatalf("%s:%d: bad kind %q", corpusPath, ln, kind)
		}
		rng := rand.New(rand.NewPCG(uint64(ln), 0x6d616e64617465))
		text, secrets, keep := expand(t, rng, tmpl)
		if (kind == "P" || kind == "PP") && len(secrets) == 0 {
			t.Fatalf("%s:%d: positive without «secret»", corpusPath, ln)
		}
		out = append(out, corpusEntry{line: ln, kind: kind, rule: rule, text: text, secrets: secrets, keep: keep})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func encodeCorpus(t testing.TB, plain string) {
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			b.WriteString(line + "\n")
			continue
		}
		if strings.HasSuffix(line, "#") {
			t.Fatalf("corpus: entry line may not end in '#': %q", line)
		}
		b.WriteString(obfuscate(line) + "\n")
	}
	if err := os.WriteFile(corpusPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mask replaces the secrets in s for safe logging.
func mask(s string, secrets []string) string {
	for i, v := range secrets {
		s = strings.ReplaceAll(s, v, "<SECRET#"+strconv.Itoa(i+1)+">")
	}
	return s
}

func TestCorpus(t *testing.T) {
	entries := loadCorpus(t)
	def := mustNew(t, Config{Key: testKey})
	pii := mustNew(t, Config{Key: testKey, PII: true})
	var pos, tp, neg, fp int
	covered := map[string]bool{}
	for _, e := range entries {
		r := def
		if e.kind == "PP" || e.kind == "NP" {
			r = pii
		}
		out, ids := r.Text(e.text)
		switch e.kind {
		case "P", "PP":
			pos++
			ok := contains(ids, e.rule)
			for _, v := range e.secrets {
				if strings.Contains(out, v) {
					ok = false
				}
			}
			for _, v := range e.keep {
				if !strings.Contains(out, v) {
					ok = false
				}
			}
			if ok {
				tp++
				covered[e.rule] = true
			} else {
				t.Errorf("line %d: missed (want %s, fired %v): %q", e.line, e.rule, ids, mask(out, e.secrets))
			}
		default:
			neg++
			if out != e.text {
				fp++
				t.Errorf("line %d: false positive (fired %v): %q -> %q", e.line, ids, e.text, out)
			}
		}
		// Idempotent: a second pass changes nothing.
		if again, _ := r.Text(out); again != out {
			t.Errorf("line %d: not idempotent: %q", e.line, mask(again, e.secrets))
		}
	}
	t.Logf("corpus: detection %d/%d = %.1f%%, false positives %d/%d = %.1f%%",
		tp, pos, 100*float64(tp)/float64(max(pos, 1)), fp, neg, 100*float64(fp)/float64(max(neg, 1)))
	if pos < 60 || neg < 50 {
		t.Errorf("corpus too small: %d positives, %d negatives", pos, neg)
	}
	// Every text rule has at least one positive in the corpus.
	for _, in := range pii.Rules() {
		if in.ID == ruleSensitiveKey || in.ID == ruleUnsupported {
			continue
		}
		if !covered[in.ID] {
			t.Errorf("rule %s has no passing positive in the corpus", in.ID)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
