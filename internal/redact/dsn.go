package redact

import "strings"

// dsnNets are the network words of a scheme-less DSN in the shape of Go's
// go-sql-driver/mysql, user:password@net(address)/db: tcp, unix, … and
// Cloud SQL's connectors; "@/" is the DSN with neither (<user>:<password>@/db).
var dsnNets = []string{"tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "unixgram", "unixpacket", "cloudsql", "cloudsql-mysql", "cloudsql-postgres"}

// dsnRule masks the password of such a DSN (url-credentials, as in a
// URL): the userinfo before the '@' runs back to a quote, blank, '=' or
// the text's start; its password is what follows the first ':'.
func dsnRule() *rule {
	kw := []string{"@/"}
	for _, n := range dsnNets {
		kw = append(kw, "@"+n+"(")
	}
	return &rule{id: "url-credentials", keywords: kw, match: matchDSN}
}

func matchDSN(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	for _, h := range hits {
		if h+2 < len(s) && s[h+1] == '/' && s[h+2] == '/' {
			continue // @//host: Oracle's EZConnect (jdbc:oracle:thin:@//h), not user:pw@/db
		}
		a := h
		for a > 0 && h-a < 256 && !isDSNStop(s[a-1]) {
			a--
		}
		if a > 0 && h-a >= 256 || strings.Contains(s[a:h], "://") {
			continue // too long for a userinfo, or a URL's (url-credentials)
		}
		c := strings.IndexByte(s[a:h], ':')
		if c <= 0 || a+c+1 >= h {
			continue
		}
		ps := a + c + 1
		pw := s[ps:h]
		if isPlaceholder(pw) || isFormatDirective(pw) || pwValueIsName(pw) || pw == "pw" || strings.Contains(pw, "[REDACTED:") {
			continue
		}
		emit(span{start: ps, end: h, id: "url-credentials"})
	}
}

func isDSNStop(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '`', '=', '<', '>', '(', '[', '{', ',':
		return true
	}
	return false
}
