package shell

import (
	"strconv"
	"strings"
)

// The arguments of a D-Bus method call as each generic bus client writes
// them (dbus.go): busctl's signature and words ("as 2 A=1 B=2", "a{ss} 1
// K V"), GVariant text for gdbus ("['A=1']", "{'K': 'V'}", or a bare
// word for a string), dbus-send's typed words ("array:string:A=1,B=2",
// "dict:string:string:K,V"), qdbus's plain words. Each is read into the
// strings of each argument, in order (an array's or a dictionary's
// strings flattened: keys and values alternate). ok is false where the
// text does not read as the client would read it; the caller then takes
// the call's effect for unknown.

// busMaxDepth bounds the nesting of signatures and values read.
const busMaxDepth = 32

// busMaxItems bounds the elements read from one call.
const busMaxItems = 4096

// busctlArgs reads busctl call's SIGNATURE ARGUMENT… words.
func busctlArgs(sig string, words []string) (args [][]string, ok bool) {
	r := &busctlReader{words: words}
	for i := 0; i < len(sig); {
		end, ok := sigEnd(sig, i, 0)
		if !ok {
			return nil, false
		}
		var vals []string
		if !r.value(sig[i:end], &vals, 0) {
			return nil, false
		}
		args = append(args, vals)
		i = end
	}
	return args, r.next == len(words)
}

// sigEnd returns the end of the one complete type starting at sig[i].
func sigEnd(sig string, i, depth int) (int, bool) {
	if i >= len(sig) || depth > busMaxDepth {
		return 0, false
	}
	switch sig[i] {
	case 'y', 'b', 'n', 'q', 'i', 'u', 'x', 't', 'd', 'h', 's', 'o', 'g', 'v':
		return i + 1, true
	case 'a':
		return sigEnd(sig, i+1, depth+1)
	case '(', '{':
		closer := byte(')')
		if sig[i] == '{' {
			closer = '}'
		}
		j := i + 1
		for j < len(sig) && sig[j] != closer {
			end, ok := sigEnd(sig, j, depth+1)
			if !ok {
				return 0, false
			}
			j = end
		}
		if j >= len(sig) || j == i+1 {
			return 0, false
		}
		return j + 1, true
	}
	return 0, false
}

type busctlReader struct {
	words []string
	next  int
	items int
}

func (r *busctlReader) word() (string, bool) {
	if r.next >= len(r.words) || r.items >= busMaxItems {
		return "", false
	}
	r.items++
	r.next++
	return r.words[r.next-1], true
}

// value reads one value of the complete type t into vals.
func (r *busctlReader) value(t string, vals *[]string, depth int) bool {
	if depth > busMaxDepth || t == "" {
		return false
	}
	switch t[0] {
	case 's', 'o', 'g':
		w, ok := r.word()
		*vals = append(*vals, w)
		return ok
	case 'y', 'b', 'n', 'q', 'i', 'u', 'x', 't', 'd', 'h':
		_, ok := r.word()
		return ok
	case 'v':
		s, ok := r.word()
		if !ok {
			return false
		}
		if end, ok := sigEnd(s, 0, depth+1); !ok || end != len(s) {
			return false
		}
		return r.value(s, vals, depth+1)
	case 'a':
		w, ok := r.word()
		if !ok {
			return false
		}
		n, err := strconv.Atoi(w)
		if err != nil || n < 0 || n > len(r.words)-r.next {
			return false
		}
		for k := 0; k < n; k++ {
			if !r.value(t[1:], vals, depth+1) {
				return false
			}
		}
		return true
	case '(', '{':
		inner := t[1 : len(t)-1]
		for i := 0; i < len(inner); {
			end, ok := sigEnd(inner, i, depth+1)
			if !ok || !r.value(inner[i:end], vals, depth+1) {
				return false
			}
			i = end
		}
		return true
	}
	return false
}

// gvariantStrings reads the strings of one GVariant text argument of
// gdbus call: its string literals in order, or the whole word when it
// holds no GVariant syntax (gdbus takes a word that does not parse as
// a string).
func gvariantStrings(s string) ([]string, bool) {
	t := strings.TrimSpace(s)
	if t == "" || !strings.ContainsAny(t, "'\"[]{}()<>@") {
		return []string{s}, true
	}
	var out []string
	depth := 0
	for i := 0; i < len(t); i++ {
		switch ch := t[i]; ch {
		case '\'', '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(t) && t[j] != ch; j++ {
				if t[j] == '\\' && j+1 < len(t) {
					j++
					switch t[j] {
					case 'n':
						b.WriteByte('\n')
					case 't':
						b.WriteByte('\t')
					case 'r':
						b.WriteByte('\r')
					case 'u', 'U', 'x':
						return nil, false // escapes the analysis does not decode
					default:
						b.WriteByte(t[j])
					}
					continue
				}
				b.WriteByte(t[j])
			}
			if j >= len(t) || len(out) >= busMaxItems {
				return nil, false
			}
			out = append(out, b.String())
			i = j
		case '[', '{', '(', '<':
			depth++
			if depth > busMaxDepth {
				return nil, false
			}
		case ']', '}', ')', '>':
			depth--
			if depth < 0 {
				return nil, false
			}
		}
	}
	return out, depth == 0
}

// dbusSendStrings reads the strings of one dbus-send argument:
// TYPE:VALUE, array:TYPE:V,V…, dict:KTYPE:VTYPE:K,V,… and variant:TYPE:V.
func dbusSendStrings(s string) ([]string, bool) {
	kind, rest, ok := strings.Cut(s, ":")
	if !ok {
		return nil, false
	}
	stringy := func(t string) bool { return t == "string" || t == "objpath" || t == "signature" }
	switch kind {
	case "array":
		t, vals, ok := strings.Cut(rest, ":")
		if !ok {
			return nil, false
		}
		if !stringy(t) {
			return nil, true
		}
		return strings.Split(vals, ","), true
	case "dict":
		kt, rest2, ok1 := strings.Cut(rest, ":")
		vt, vals, ok2 := strings.Cut(rest2, ":")
		if !ok1 || !ok2 {
			return nil, false
		}
		parts := strings.Split(vals, ",")
		if len(parts)%2 != 0 {
			return nil, false
		}
		if !stringy(kt) || !stringy(vt) {
			var out []string
			for i := 0; i+1 < len(parts); i += 2 {
				if stringy(kt) {
					out = append(out, parts[i])
				}
				if stringy(vt) {
					out = append(out, parts[i+1])
				}
			}
			return out, true
		}
		return parts, true
	case "variant":
		return dbusSendStrings(rest)
	}
	if stringy(kind) {
		return []string{rest}, true
	}
	return nil, true
}

// unitFromPath returns the unit an object path of systemd names
// (/org/freedesktop/systemd1/unit/foo_2eservice is foo.service).
func unitFromPath(p string) (string, bool) {
	i := strings.LastIndex(p, "/unit/")
	if i < 0 {
		return "", false
	}
	s := p[i+len("/unit/"):]
	var b strings.Builder
	for j := 0; j < len(s); j++ {
		if s[j] == '_' && j+2 < len(s) {
			if v, err := strconv.ParseUint(s[j+1:j+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				j += 2
				continue
			}
		}
		b.WriteByte(s[j])
	}
	return b.String(), b.Len() > 0
}
