package policy

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Flow collections that are not JSON: YAML's flow style ({path: a.yaml,
// content: 'x'}), a TOML inline table or array ({ path = "a.yaml" }),
// JSON with unquoted keys, single quotes or trailing commas. mcpFlow reads
// them strictly enough that text with braces (a code block, a template, a
// regular expression) does not decode: every entry of a mapping is a key,
// ":" or "=", and a value; a plain scalar holds none of ,{}[] and no line
// break; the whole string is one collection. Scalars are strings.

// flowParser reads one flow value.
type flowParser struct {
	s       string
	i       int
	depth   int
	tooDeep bool
}

// mcpFlow decodes s as one flow mapping or sequence.
func mcpFlow(s string) (any, mcpDecodeResult) {
	p := &flowParser{s: s}
	v, ok := p.value()
	p.blank()
	if p.tooDeep {
		return nil, mcpDecOver
	}
	if !ok || p.i != len(p.s) {
		return nil, mcpDecNone
	}
	if _, scalar := v.(string); scalar {
		return nil, mcpDecNone
	}
	return v, mcpDecOK
}

// blank skips white space and line breaks.
func (p *flowParser) blank() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *flowParser) value() (any, bool) {
	p.blank()
	if p.i >= len(p.s) {
		return nil, false
	}
	switch p.s[p.i] {
	case '{':
		return p.collection('}')
	case '[':
		return p.collection(']')
	case '"', '\'':
		return p.quoted()
	}
	s, ok := p.plain(false)
	return s, ok && s != ""
}

// collection reads a mapping (close '}') or a sequence (close ']').
func (p *flowParser) collection(close byte) (any, bool) {
	if p.depth++; p.depth > mcpMaxDepth {
		p.tooDeep = true
		return nil, false
	}
	defer func() { p.depth-- }()
	p.i++
	var m map[string]any
	var list []any
	if close == '}' {
		m = map[string]any{}
	} else {
		list = []any{}
	}
	for {
		p.blank()
		if p.i >= len(p.s) {
			return nil, false
		}
		if p.s[p.i] == close {
			p.i++
			if m != nil {
				return m, true
			}
			return list, true
		}
		if m == nil {
			v, ok := p.value()
			if !ok {
				return nil, false
			}
			list = append(list, v)
		} else {
			k, ok := p.key()
			if !ok {
				return nil, false
			}
			p.blank()
			if p.i >= len(p.s) || p.s[p.i] != ':' && p.s[p.i] != '=' {
				return nil, false
			}
			p.i++
			p.blank()
			var v any = ""
			if p.i < len(p.s) && p.s[p.i] != ',' && p.s[p.i] != '}' {
				if v, ok = p.value(); !ok {
					return nil, false
				}
			}
			if old, dup := m[k]; dup {
				v = []any{old, v} // a key given twice: both are read
			}
			m[k] = v
		}
		p.blank()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
		} else if p.i >= len(p.s) || p.s[p.i] != close {
			return nil, false
		}
	}
}

// key reads a mapping's key: quoted, or plain up to ":" or "=".
func (p *flowParser) key() (string, bool) {
	if c := p.s[p.i]; c == '"' || c == '\'' {
		v, ok := p.quoted()
		s, _ := v.(string)
		return s, ok
	}
	s, ok := p.plain(true)
	return s, ok && s != ""
}

// plain reads a plain scalar; a key's ends at ":" or "=" as well.
func (p *flowParser) plain(key bool) (string, bool) {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if strings.IndexByte(",{}[]\n\r", c) >= 0 || key && (c == ':' || c == '=') {
			break
		}
		if key && (c == '"' || c == '\'') {
			return "", false
		}
		p.i++
	}
	return strings.TrimSpace(p.s[start:p.i]), true
}

// quoted reads a double-quoted (JSON, TOML basic, YAML) or single-quoted
// (YAML, a quote doubled for one; TOML literal) string on one line.
func (p *flowParser) quoted() (any, bool) {
	q := p.s[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '\n' || c == '\r':
			return nil, false
		case c == q && q == '\'' && p.i+1 < len(p.s) && p.s[p.i+1] == '\'':
			b.WriteByte('\'')
			p.i += 2
		case c == q:
			p.i++
			return b.String(), true
		case c == '\\' && q == '"':
			if !p.escape(&b) {
				return nil, false
			}
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return nil, false
}

// escape decodes the escape sequence at p.i into b.
func (p *flowParser) escape(b *strings.Builder) bool {
	if p.i+1 >= len(p.s) {
		return false
	}
	c := p.s[p.i+1]
	p.i += 2
	switch c {
	case '"', '\\', '/', '\'':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case '0':
		b.WriteByte(0)
	case 'e':
		b.WriteByte(0x1b)
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		r, ok := p.hex(n)
		if !ok {
			return false
		}
		if utf16.IsSurrogate(r) {
			hi := r
			r = utf8.RuneError
			if p.i+6 <= len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
				save := p.i
				p.i += 2
				if lo, ok := p.hex(4); ok && utf16.DecodeRune(hi, lo) != utf8.RuneError {
					r = utf16.DecodeRune(hi, lo)
				} else {
					p.i = save
				}
			}
		}
		b.WriteRune(r)
	default:
		return false
	}
	return true
}

// hex reads n hexadecimal digits at p.i.
func (p *flowParser) hex(n int) (rune, bool) {
	if p.i+n > len(p.s) {
		return 0, false
	}
	v, err := strconv.ParseUint(p.s[p.i:p.i+n], 16, 32)
	if err != nil || v > utf8.MaxRune {
		return 0, false
	}
	p.i += n
	return rune(v), true
}
