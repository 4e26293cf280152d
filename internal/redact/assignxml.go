package redact

import "strings"

// Name/value forms the assignment scanner reads besides name=value
// (red-team round 2, finding 33): XML elements whose name, or key= or
// name= attribute, is a credential name (<password>pw</password>,
// <DbPassword><![CDATA[pw]]></DbPassword>, <entry key="password">pw</entry>,
// the plist pair <key>Password</key><string>pw</string>), and "pwd" alone
// (ODBC and ADO connection strings: Uid=sa;Pwd=pw), which the shell's
// working directory shares a name with.

// maxXMLTag bounds how far attributes of an element may extend.
const maxXMLTag = 200

// xmlElementValue reads the text of the element the name s[ks:ke] opens
// (or, for a plist <key>, of the <string> that follows).
func xmlElementValue(s string, ks, ke int, cls keyClass) (span, bool) {
	if ks == 0 || ke >= len(s) {
		return span{}, false
	}
	var p int
	switch {
	case s[ks-1] == '<' && (s[ke] == '>' || s[ke] == ' '):
		gt := strings.IndexByte(s[ke:min(len(s), ke+maxXMLTag)], '>')
		if gt < 0 || strings.IndexByte(s[ke:ke+gt], '<') >= 0 || (gt > 0 && s[ke+gt-1] == '/') {
			return span{}, false
		}
		p = ke + gt + 1
	case s[ks-1] == '>' && ks >= 5 && strings.EqualFold(s[ks-5:ks], "<key>") && strings.HasPrefix(s[ke:], "</key>"):
		q := ke + len("</key>")
		for q < len(s) && q-ke < 64 && isSpace(s[q]) {
			q++
		}
		if !strings.HasPrefix(s[q:], "<string>") {
			return span{}, false
		}
		p = q + len("<string>")
	case (s[ks-1] == '"' || s[ks-1] == '\'') && s[ke] == s[ks-1] && ke+1 < len(s) && s[ke+1] == '>' && xmlNameAttr(s, ks-1):
		// <entry key="password">pw</entry>, <property name="db.password">pw</property>
		p = ke + 2
	default:
		return span{}, false
	}
	limit := min(len(s), p+maxValueLen)
	vs, ve := p, p
	if strings.HasPrefix(s[p:limit], "<![CDATA[") {
		vs = p + len("<![CDATA[")
		e := strings.Index(s[vs:limit], "]]>")
		if e < 0 {
			return span{}, false
		}
		ve = vs + e
	} else {
		e := strings.IndexByte(s[p:limit], '<')
		if e < 0 {
			return span{}, false
		}
		ve = p + e
	}
	for vs < ve && isSpace(s[vs]) {
		vs++
	}
	for ve > vs && isSpace(s[ve-1]) {
		ve--
	}
	if ve <= vs || isPlaceholder(s[vs:ve]) {
		return span{}, false
	}
	// <token>word</token> is also how NLP tools mark up words: a bare
	// "token" element needs a random-looking value.
	if cls == keyStrong && strings.EqualFold(s[ks:ke], "token") {
		cls = keyWeak
	}
	switch cls {
	case keyPassword:
		return span{start: vs, end: ve, id: ruleAssignPassword}, true
	case keyStrong, keyAuthz:
		return span{start: vs, end: ve, id: ruleAssignCred}, true
	}
	if highEntropy(s[vs:ve]) {
		return span{start: vs, end: ve, id: ruleAssignEntropy}, true
	}
	return span{}, false
}

// xmlNameAttr reports the quote at q as opening the value of a key= or
// name= attribute of an element.
func xmlNameAttr(s string, q int) bool {
	if q < 5 || s[q-1] != '=' {
		return false
	}
	a := q - 1
	for a > 0 && isAlnum(s[a-1]) {
		a--
	}
	if name := strings.ToLower(s[a : q-1]); name != "key" && name != "name" {
		return false
	}
	lt := strings.LastIndexByte(s[max(0, a-maxXMLTag):a], '<')
	return lt >= 0 && strings.IndexByte(s[max(0, a-maxXMLTag)+lt:a], '>') < 0
}

// isPwdName reports "pwd" and "pw" alone, in any case.
func isPwdName(name string) bool {
	return strings.EqualFold(name, "pwd") || strings.EqualFold(name, "pw")
}

// isPathLike reports a value that names a directory (PWD=/home/bob,
// PWD=~, PWD=., PWD=C:\work) rather than a password.
func isPathLike(v string) bool {
	if v == "" {
		return true
	}
	switch v[0] {
	case '/', '~', '.', '\\', '$':
		return true
	}
	return len(v) >= 2 && v[1] == ':' && (isUpper(v[0]) || isLower(v[0])) && (len(v) == 2 || v[2] == '\\' || v[2] == '/')
}

// isFormatDirective reports a printf or format-string field standing for
// the value (token="%s", password={}, pw={0}), not a value.
func isFormatDirective(v string) bool {
	if len(v) >= 2 && v[0] == '%' {
		i := 1
		for i < len(v)-1 && strings.IndexByte("-+ #0123456789.*", v[i]) >= 0 {
			i++
		}
		return i == len(v)-1 && strings.IndexByte("sdrvqxfgi", v[i]) >= 0
	}
	return v == "{}" || len(v) == 3 && v[0] == '{' && isDigit(v[1]) && v[2] == '}'
}
