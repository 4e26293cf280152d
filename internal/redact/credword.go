package redact

import "strings"

// The known-safe shapes of the credential window (credwindow.go): a
// token of none of them is secret-like and masked there.

// credSecretLike reports a token that may be a secret: not a word, an
// identifier, a path, a URL without userinfo, a number, a version, a
// host, a placeholder or a marker. Base64 and hex runs are secret-like.
func credSecretLike(t string) bool {
	n := len(t)
	for n > 0 && credClass[t[n-1]]&ccTrail != 0 {
		n--
	}
	t = t[:n]
	if len(t) < credMinLen || safeParts(t, "._-") || !hasAlnum([]byte(t)) {
		return false // the common case first: words and identifiers
	}
	if isPlaceholder(t) || isFormatDirective(t) || markerLen(t) > 0 ||
		strings.Contains(t, "[REDACTED") {
		return false
	}
	if i := strings.Index(t, "://"); i > 0 {
		rest := t[i+3:]
		if k := strings.IndexAny(rest, "/?#"); k >= 0 {
			rest = rest[:k]
		}
		return strings.IndexByte(rest, '@') >= 0 // userinfo: the URL rules judge it; mask
	}
	if t[0] == '/' || strings.HasPrefix(t, "./") || strings.HasPrefix(t, "../") || strings.HasPrefix(t, "~/") {
		return !safeParts(strings.TrimPrefix(t, "~"), "/._-")
	}
	if t[0] == '$' && safeParts(t[1:], "._") {
		return false // a reference ($cred.Password): a command line's value from elsewhere
	}
	if strings.ContainsAny(t, "${}%") && (strings.Contains(t, "${") || strings.Contains(t, "{{") || strings.Contains(t, "%s")) {
		return false // a template or format string
	}
	return !safeParts(t, "/._-:@+")
}

// safeParts reports a token whose parts between seps are all safe
// words: letters (an identifier's case, not random case), a number, or
// letters with a short digit suffix (sha256, db2, v1).
func safeParts(t, seps string) bool {
	parts, a := 0, 0
	for i := 0; i <= len(t); i++ {
		if i < len(t) && (credClass[t[i]]&ccAlnum != 0 || !sepIn(seps, t[i])) {
			continue
		}
		if i > a {
			parts++
			if !credSafeWord(t[a:i]) {
				return false
			}
		}
		a = i + 1
	}
	return parts > 0
}

// credSafeWord reports a word (lowercase, Capitalized, UPPER, camelCase), a
// number, or a word with a digit suffix of at most 3 (sha256, utf8).
func credSafeWord(w string) bool {
	if allDigits(w) {
		return len(w) < 12 || !strings.ContainsAny(w, "23456789")
	}
	if strings.HasPrefix(w, "v") && len(w) > 1 && isDigit(w[1]) && allDigitsDots(w[1:]) {
		return true
	}
	n := len(w)
	for n > 0 && isDigit(w[n-1]) {
		n--
	}
	if len(w)-n > 3 || n == 0 {
		return false
	}
	letters := w[:n]
	up, humps := 0, 0
	for i := 0; i < len(letters); i++ {
		switch credClass[letters[i]] & (ccUpper | ccLower) {
		case ccUpper:
			up++
			if i > 0 && credClass[letters[i-1]]&ccLower != 0 {
				humps++
			}
		case ccLower:
		default:
			return false
		}
	}
	if up == len(letters) || up == 0 {
		return true
	}
	// camelCase and PascalCase: humps every few letters at most, each
	// followed by lowercase (getElementById, HttpClient); random case
	// (QzvNpLxRk) is not.
	return humps*4 <= len(letters) && lowerRuns(letters)
}

// lowerRuns reports mixed-case letters where no two capitals touch a
// single lowercase letter between them (xY, aBcD are random; aBcd not).
func lowerRuns(w string) bool {
	run := 0
	for i := 0; i < len(w); i++ {
		if isUpper(w[i]) {
			if i > 0 && run == 1 && i > 1 && !camelPairs[w[i-2:i]] {
				return false
			}
			run = 0
			continue
		}
		run++
	}
	return true
}

// camelPairs are the two-letter words of identifiers (getUserById,
// isUpToDate, readIoStats): a capital and one lowercase letter that are
// not random case.
var camelPairs = map[string]bool{
	"By": true, "Id": true, "Of": true, "To": true, "At": true, "In": true, "On": true,
	"Or": true, "Is": true, "As": true, "Up": true, "My": true, "No": true, "Do": true,
	"If": true, "Go": true, "Io": true, "Os": true, "Db": true, "Ui": true, "Fs": true,
}

func allDigitsDots(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// sepIn is strings.IndexByte(seps, c) >= 0 for a short seps.
func sepIn(seps string, c byte) bool {
	for i := 0; i < len(seps); i++ {
		if seps[i] == c {
			return true
		}
	}
	return false
}
