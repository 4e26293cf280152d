package redact

// tokenFormat is one row of tokenFormats (tokentable.go).
type tokenFormat struct {
	id, desc string
	keywords []string // lowercase anchors
	pattern  string   // RE2; group s is the secret
	before   int      // window ahead of a keyword (0: the token starts there)
	// random: the token's alphabet admits words, so the body after the
	// prefix must look generated (entropy, not an identifier of words).
	random bool
}

// tokenRules builds one rule per row of tokenFormats.
func tokenRules() []*rule {
	out := make([]*rule, 0, len(tokenFormats))
	for _, f := range tokenFormats {
		ru := &rule{id: f.id, desc: f.desc, keywords: f.keywords, pattern: f.pattern,
			before: f.before, after: tokenWindow, notGlued: f.before == 0}
		if f.random {
			ru.valid = randomTokenBody
		}
		out = append(out, ru)
	}
	return out
}

// tokenWindow bounds a vendor token's length past its keyword.
const tokenWindow = 2100

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
