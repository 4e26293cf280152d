package redact

import "strings"

// digitRuns returns the [start, end) of every run of digits and number
// separators (space, '-', '.', '(', ')', '+') that holds at least 8 digits:
// the only places a card number, SSN or phone number can be. One linear
// pass, so the PII number rules cost nothing on text without long numbers.
func digitRuns(s string) []digitRun {
	var out []digitRun
	start, digits := -1, 0
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		switch {
		case i < len(s) && isDigit(c):
			if start < 0 {
				start = i
			}
			digits++
		case i < len(s) && start >= 0 && (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+'):
			// separator inside a run
		case i < len(s) && start < 0 && (c == '+' || c == '('):
			start = i
		default:
			if start >= 0 && digits >= 8 {
				out = append(out, digitRun{start, i, digits})
			}
			start, digits = -1, 0
		}
	}
	return out
}

// digitRun is a run of digits and separators holding digits digits.
type digitRun struct{ start, end, digits int }

// digitsOnly returns the digits of s and the set of separators used.
func digitsOnly(s string) (string, string) {
	var d, sep strings.Builder
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			d.WriteByte(s[i])
		} else if !strings.ContainsRune(sep.String(), rune(s[i])) {
			sep.WriteByte(s[i])
		}
	}
	return d.String(), sep.String()
}

// luhn reports whether the digit string passes the Luhn checksum.
func luhn(d string) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

// cardPrefixOK checks the issuer prefix and length of a card number:
// Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro.
func cardPrefixOK(d string) bool {
	n := len(d)
	p2 := atoi(d[:2])
	p3 := atoi(d[:3])
	p4 := atoi(d[:4])
	switch {
	case d[0] == '4':
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return n == 16
	case p2 == 34 || p2 == 37:
		return n == 15
	case p4 == 6011 || p2 == 65 || p3 >= 644 && p3 <= 649:
		return n >= 16 && n <= 19
	case p4 >= 3528 && p4 <= 3589:
		return n >= 16 && n <= 19
	case p2 == 36 || p2 == 38 || p2 == 39 || p3 >= 300 && p3 <= 305:
		return n >= 14 && n <= 19
	case p2 == 62:
		return n >= 16 && n <= 19
	case p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759 || p4 == 6761 || p4 == 6762 || p4 == 6763:
		return n >= 12 && n <= 19
	}
	return false
}

func atoi(d string) int {
	n := 0
	for i := 0; i < len(d); i++ {
		n = n*10 + int(d[i]-'0')
	}
	return n
}

func validCard(s string, a, b int) bool {
	d, sep := digitsOnly(s[a:b])
	if len(d) < 13 || len(d) > 19 || len(sep) > 1 {
		return false // mixed separators: not one number
	}
	if sep != "" {
		// Grouped numbers use groups of 4 (or Amex 4-6-5 / Diners 4-6-4).
		groups := strings.Split(s[a:b], sep)
		if len(groups) < 3 || len(groups) > 5 {
			return false
		}
		for _, g := range groups {
			if len(g) < 4 || len(g) > 6 {
				return false
			}
		}
	}
	if allSameByte(d) {
		return false
	}
	return cardPrefixOK(d) && luhn(d)
}

func allSameByte(d string) bool {
	for i := 1; i < len(d); i++ {
		if d[i] != d[0] {
			return false
		}
	}
	return true
}

// validSSN excludes area 000, 666 and 900-999, group 00, serial 0000, mixed
// separators, and the well-known advertising numbers.
func validSSN(s string, a, b int) bool {
	v := s[a:b]
	if len(v) != 11 || v[3] != v[6] {
		return false
	}
	area, group, serial := atoi(v[0:3]), atoi(v[4:6]), atoi(v[7:11])
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return false
	}
	d := v[0:3] + v[4:6] + v[7:11]
	if d == "078051120" || d == "219099999" || d == "123456789" {
		return false
	}
	return true
}

func validPhone(s string, a, b int) bool {
	d, _ := digitsOnly(s[a:b])
	if len(d) < 8 || len(d) > 15 || allSameByte(d) {
		return false
	}
	// A dotted run with 4 groups of up to 3 digits is an IPv4 address.
	v := s[a:b]
	if strings.Count(v, ".") == 3 && !strings.ContainsAny(v, " -()+") {
		return false
	}
	return true
}

func validEmail(s string, a, b int) bool {
	// user:password@host is url-credentials, not an address; but mailto: is.
	if a > 0 && (s[a-1] == ':' || s[a-1] == '/') && !strings.HasSuffix(strings.ToLower(s[max(0, a-7):a]), "mailto:") {
		return false
	}
	if b < len(s) && s[b] == ':' {
		return false // git@github.com:org/repo (scp-style host:path)
	}
	at := strings.IndexByte(s[a:b], '@')
	local := s[a : a+at]
	return local != "" && local[0] != '.' && !strings.Contains(local, "..")
}
