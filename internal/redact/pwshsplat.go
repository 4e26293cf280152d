package redact

import (
	"bytes"
	"strings"
)

// Red-team round 4 (finding 11): PowerShell's splatting passes a
// hashtable's entries as a cmdlet's parameters, so the name and the
// value of Set-Variable or Set-Item stand in the table, not on the
// command:
//
//	$a = @{Name='password'; Value='PW'}; Set-Variable @a
//	$p = @{Path='Env:API_KEY'}; $p.Value = 'PW'; Set-Item @p
//
// A hashtable literal (@{…}, anchored at "@{") whose Name, or whose
// Path/LiteralPath in the env: drive, names a credential has its Value
// masked. The entries are also gathered from what the input does to the
// variable it is assigned to a little further on ($a.Value = V,
// $a['Value'] = V, $a.Add('Value', V)). When the value cannot be tied to
// a literal there, every literal given to the table that is not a
// parameter known to hold no secret is masked, and a Value that is a
// variable ($v) masks the literal last assigned to it before.

// maxPwshSplat bounds how far after a hashtable its variable's uses are
// read, and how far back a variable's literal is looked for.
const maxPwshSplat = 2048

// maxPwshRefs bounds how many references to the variable are examined.
const maxPwshRefs = 16

// pwshEntry is a key and its value in a hashtable or a member
// assignment.
type pwshEntry struct {
	key string // lowercased
	val pwshTok
}

// pwshSplat reads the hashtable literal whose "@{" is at h and returns
// the offset it read to.
func pwshSplat(s string, lower []byte, h int, emit func(span)) int {
	end := min(len(s), h+maxPwshStatement)
	entries, close := pwshTable(s, h+2, end)
	if close < 0 {
		return h
	}
	done := close + 1
	// The variable it is assigned to: $a = @{…}, $a = [ordered]@{…}.
	if v := pwshAssignedVar(s, h); v != "" {
		entries = append(entries, pwshMembers(s, lower, v, done, min(len(s), done+maxPwshSplat))...)
	}
	var name *pwshTok
	for i, e := range entries {
		switch e.key {
		case "name":
			if secretVarName(s[e.val.start:e.val.end]) {
				name = &entries[i].val
			}
		case "path", "literalpath", "pspath":
			v := s[e.val.start:e.val.end]
			if len(v) > 4 && strings.EqualFold(v[:4], "env:") {
				n := pwshTok{start: e.val.start + 4, end: e.val.end}
				if n.start < n.end && (s[n.start] == '\\' || s[n.start] == '/') {
					n.start++
				}
				if secretVarName(s[n.start:n.end]) {
					name = &n
				}
			}
		}
	}
	if name == nil {
		return done
	}
	tied := false
	for _, e := range entries {
		if e.key != "value" {
			continue
		}
		v := s[e.val.start:e.val.end]
		if v != "" && v[0] == '$' {
			tied = pwshVarLiteral(s, lower, v[1:], h, *name, emit) || tied
			continue
		}
		if v != "" && v[0] != '(' && v[0] != '@' && v[0] != '[' {
			pwshEmit(s, *name, e.val, emit)
			tied = true
		}
	}
	if tied {
		return done
	}
	// Not tied: every literal that could be the value.
	for _, e := range entries {
		switch e.key {
		case "name", "path", "literalpath", "pspath", "scope", "option", "description", "visibility", "force", "passthru", "itemtype", "type", "whatif", "confirm", "erroraction":
			continue
		}
		if v := s[e.val.start:e.val.end]; v != "" && v[0] != '$' && v[0] != '(' && v[0] != '@' && v[0] != '[' {
			pwshEmit(s, *name, e.val, emit)
		}
	}
	return done
}

// pwshTable reads the entries of a hashtable from p (after "@{") and
// returns them with the offset of its closing brace (-1 when it is not
// closed before end, or holds a nested block).
func pwshTable(s string, p, end int) ([]pwshEntry, int) {
	var out []pwshEntry
	for len(out) < 32 {
		for p < end && (isSpace(s[p]) || s[p] == ';') {
			p++
		}
		if p >= end {
			return nil, -1
		}
		if s[p] == '}' {
			return out, p
		}
		k := pwshValue(s, p, end, "=;}\n")
		p = skipPwshSpace(s, k.end, end)
		if k.end < end && k.end > k.start && (s[k.end] == '\'' || s[k.end] == '"') {
			p = skipPwshSpace(s, k.end+1, end)
		}
		if p >= end || s[p] != '=' {
			return nil, -1
		}
		p = skipPwshSpace(s, p+1, end)
		v := pwshValue(s, p, end, ";}\n")
		if v.start == v.end && (p >= end || s[p] != '\'' && s[p] != '"') {
			return nil, -1
		}
		out = append(out, pwshEntry{key: strings.ToLower(s[k.start:k.end]), val: v})
		p = v.end
		if p < end && (s[p] == '\'' || s[p] == '"') {
			p++
		}
	}
	return nil, -1
}

// pwshValue reads one key or value at p: a quoted string (its contents)
// or a bare word up to a blank or a byte of stops.
func pwshValue(s string, p, end int, stops string) pwshTok {
	if p < end && (s[p] == '\'' || s[p] == '"') {
		q := s[p]
		e := p + 1
		for e < end && s[e] != q {
			if s[e] == '`' && q == '"' {
				e++
			}
			e++
		}
		return pwshTok{start: p + 1, end: min(e, end)}
	}
	e := p
	for e < end && !isSpace(s[e]) && strings.IndexByte(stops, s[e]) < 0 {
		e++
	}
	return pwshTok{start: p, end: e}
}

// pwshAssignedVar is the name of the variable the hashtable at h is
// assigned to ($a = @{, $a=[ordered]@{), or "".
func pwshAssignedVar(s string, h int) string {
	p := h
	if p >= len("[ordered]") && strings.EqualFold(s[p-len("[ordered]"):p], "[ordered]") {
		p -= len("[ordered]")
	}
	for p > 0 && (s[p-1] == ' ' || s[p-1] == '\t') {
		p--
	}
	if p == 0 || s[p-1] != '=' {
		return ""
	}
	p--
	for p > 0 && (s[p-1] == ' ' || s[p-1] == '\t') {
		p--
	}
	e := p
	for p > 0 && (isAlnum(s[p-1]) || s[p-1] == '_') {
		p--
	}
	if p == e || p == 0 || s[p-1] != '$' {
		return ""
	}
	return s[p:e]
}

// pwshMembers gathers the entries set on variable v in s[p:end]:
// $v.KEY = V, $v['KEY'] = V, $v["KEY"] = V, $v.Add('KEY', V).
func pwshMembers(s string, lower []byte, v string, p, end int) []pwshEntry {
	var out []pwshEntry
	ref := []byte("$" + strings.ToLower(v))
	for n := 0; n < maxPwshRefs && len(out) < 16; n++ {
		i := bytes.Index(lower[p:end], ref)
		if i < 0 {
			return out
		}
		q := p + i + len(ref)
		p = q
		if q < end && (isAlnum(s[q]) || s[q] == '_') {
			continue // $vx, another variable
		}
		var key pwshTok
		switch {
		case q < end && s[q] == '.':
			key = pwshValue(s, q+1, end, ".=([;}\n")
			q = key.end
			if q+4 <= end && strings.EqualFold(s[key.start:key.end], "add") && s[q] == '(' {
				k := pwshValue(s, skipPwshSpace(s, q+1, end), end, ",)")
				r := k.end
				if r < end && (s[r] == '\'' || s[r] == '"') {
					r++
				}
				r = skipPwshSpace(s, r, end)
				if r >= end || s[r] != ',' {
					continue
				}
				val := pwshValue(s, skipPwshSpace(s, r+1, end), end, ",)")
				out = append(out, pwshEntry{key: strings.ToLower(s[k.start:k.end]), val: val})
				continue
			}
		case q < end && s[q] == '[':
			key = pwshValue(s, q+1, end, "]")
			q = key.end
			if q < end && (s[q] == '\'' || s[q] == '"') {
				q++
			}
			if q >= end || s[q] != ']' {
				continue
			}
			q++
		default:
			continue
		}
		q = skipPwshSpace(s, q, end)
		if q+1 >= end || s[q] != '=' || s[q+1] == '=' {
			continue
		}
		val := pwshValue(s, skipPwshSpace(s, q+1, end), end, ";}\n")
		out = append(out, pwshEntry{key: strings.ToLower(s[key.start:key.end]), val: val})
	}
	return out
}

// pwshVarLiteral masks the literal last assigned to $v before offset at
// ($v = 'lit'), as the value of name; it reports whether there was one.
func pwshVarLiteral(s string, lower []byte, v string, at int, name pwshTok, emit func(span)) bool {
	lo := max(0, at-maxPwshSplat)
	ref := []byte("$" + strings.ToLower(v))
	for n, hi := 0, at; n < maxPwshRefs; n++ {
		i := bytes.LastIndex(lower[lo:hi], ref)
		if i < 0 {
			return false
		}
		q := lo + i + len(ref)
		hi = lo + i
		if q < at && (isAlnum(s[q]) || s[q] == '_') {
			continue
		}
		q = skipPwshSpace(s, q, at)
		if q+1 >= at || s[q] != '=' || s[q+1] == '=' {
			continue
		}
		val := pwshValue(s, skipPwshSpace(s, q+1, at), at, ";}\n")
		if t := s[val.start:val.end]; t == "" || val.start == 0 || (s[val.start-1] != '\'' && s[val.start-1] != '"' && !allDigits(t)) {
			return false // a bare word runs a command ($k = Get-Secret)
		}
		pwshEmit(s, name, val, emit)
		return true
	}
	return false
}
