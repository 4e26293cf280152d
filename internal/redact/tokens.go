package redact

// tokenFormat is one row of tokenFormats (tokentable.go).
type tokenFormat struct {
	id, desc string
	keywords []string // lowercase anchors
	pattern  string   // RE2; group s is the secret
	before   int      // window ahead of a keyword (0: the token starts there)
	size     int      // the longest token past its keyword (0: tokenWindow)
	// random: the token's alphabet admits words, so the body after the
	// prefix must look generated (entropy, not an identifier of words).
	random bool
	// valid, if set, is a further check on the token at s[a:b].
	valid func(s string, a, b int) bool
}

// tokenRules builds one rule per row of tokenFormats.
func tokenRules() []*rule {
	out := make([]*rule, 0, len(tokenFormats))
	for _, f := range tokenFormats {
		after := f.size
		if after == 0 {
			after = tokenWindow
		}
		ru := &rule{id: f.id, desc: f.desc, keywords: f.keywords, pattern: f.pattern,
			before: f.before, after: after, notGlued: f.before == 0}
		switch {
		case f.random && f.valid != nil:
			v := f.valid
			ru.valid = func(s string, a, b int) bool { return randomTokenBody(s, a, b) && v(s, a, b) }
		case f.random:
			ru.valid = randomTokenBody
		case f.valid != nil:
			ru.valid = f.valid
		}
		out = append(out, ru)
	}
	return out
}

// tokenWindow bounds a vendor token's length past its keyword, unless its
// row says more (size): the pattern runs in that window after each hit.
const tokenWindow = 160

// randomTokenBody: the part of a token after its prefix (the first run
// of letters ending at _ - . or ~) looks generated: not words, and
// random by the entropy test used for tokens (3.0 bits a byte).
func randomTokenBody(s string, a, b int) bool {
	v := s[a:b]
	for i := 0; i < len(v) && i < 16; i++ {
		if c := v[i]; c == '_' || c == '-' || c == '.' || c == '~' {
			if i+1 < len(v) {
				v = v[i+1:]
				break
			}
		}
	}
	return !isWordsLike(v) && entropy(v) >= 3.0
}
