package shell

import (
	"strconv"
	"strings"
)

// printfOutput returns what printf FORMAT ARG… prints when every part is
// literal: the format's backslash escapes, %s %b %c %d %i %u %x %o %%
// directives without flags or widths, the format reused while arguments
// remain (as bash does). ok is false for anything else.
func printfOutput(args []string) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	format, rest := args[0], args[1:]
	var out strings.Builder
	for {
		used := 0
		for i := 0; i < len(format); i++ {
			c := format[i]
			switch {
			case c == '\\':
				n, s := printfEscape(format[i:], false)
				out.WriteString(s)
				i += n - 1
			case c == '%':
				if i+1 >= len(format) {
					return "", false
				}
				i++
				d := format[i]
				if d == '%' {
					out.WriteByte('%')
					continue
				}
				arg := ""
				if used < len(rest) {
					arg = rest[used]
				}
				used++
				switch d {
				case 's':
					out.WriteString(arg)
				case 'b':
					for j := 0; j < len(arg); j++ {
						if arg[j] == '\\' {
							n, s := printfEscape(arg[j:], true)
							out.WriteString(s)
							j += n - 1
							continue
						}
						out.WriteByte(arg[j])
					}
				case 'c':
					if arg != "" {
						out.WriteString(arg[:1])
					}
				case 'd', 'i', 'u', 'x', 'o':
					if arg == "" {
						arg = "0"
					}
					n, err := strconv.ParseInt(arg, 0, 64)
					if err != nil {
						return "", false
					}
					base := map[byte]int{'d': 10, 'i': 10, 'u': 10, 'x': 16, 'o': 8}[d]
					out.WriteString(strconv.FormatInt(n, base))
				default:
					return "", false
				}
			default:
				out.WriteByte(c)
			}
			if out.Len() > maxExpandBytes/8 {
				return "", false
			}
		}
		if used == 0 || used >= len(rest) {
			break
		}
		rest = rest[used:]
	}
	return out.String(), true
}

// printfEscape decodes the backslash escape at the start of s (printf's
// format, or a %b argument when b is set: \0NNN octal, \c stops). It
// returns the bytes consumed and the text.
func printfEscape(s string, b bool) (int, string) {
	if len(s) < 2 {
		return len(s), s
	}
	switch e := s[1]; e {
	case 'a':
		return 2, "\a"
	case 'b':
		return 2, "\b"
	case 'e', 'E':
		return 2, "\x1b"
	case 'f':
		return 2, "\f"
	case 'n':
		return 2, "\n"
	case 'r':
		return 2, "\r"
	case 't':
		return 2, "\t"
	case 'v':
		return 2, "\v"
	case '\\':
		return 2, "\\"
	case '"', '\'', '?':
		return 2, string(e)
	case 'x':
		j := 2
		for j < len(s) && j < 4 && isHex(s[j]) {
			j++
		}
		if j == 2 {
			return 2, `\x`
		}
		n, _ := strconv.ParseUint(s[2:j], 16, 8)
		return j, string([]byte{byte(n)})
	case '0', '1', '2', '3', '4', '5', '6', '7':
		start, max := 1, 3
		if b && e == '0' {
			start, max = 2, 3 // %b: \0NNN
		}
		j := start
		for j < len(s) && j-start < max && s[j] >= '0' && s[j] <= '7' {
			j++
		}
		n, _ := strconv.ParseUint("0"+s[start:j], 8, 16)
		return j, string([]byte{byte(n)})
	}
	return 2, s[:2]
}
