// Package canonjson encodes JSON values in the JSON Canonicalization Scheme
// (JCS, RFC 8785): the one byte sequence that Mandate hashes and signs.
//
// # Contract
//
// Marshal accepts the values encoding/json decodes into (nil, bool,
// float64, json.Number, string, []any, map[string]any) plus Go integers, and
// writes them with object members sorted by the UTF-16 code units of their
// names, no insignificant whitespace, strings escaped only where RFC 8785
// requires it, and numbers in the ECMAScript (ES6) shortest round-trip form.
// Transform parses JSON text and re-encodes it canonically.
//
// Anything JCS cannot represent exactly is an error, never a guess: NaN and
// infinities, numbers that overflow a double, invalid UTF-8, duplicate
// object member names, trailing data, nesting deeper than MaxDepth, and Go
// types outside the list above. Integers beyond ±2^53 are encoded as the
// nearest double, as RFC 8785 requires.
package canonjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of arrays and objects.
const MaxDepth = 1000

// Marshal returns the canonical JSON encoding of v.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := encode(&b, v, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Transform parses the JSON text in data and returns its canonical encoding.
func Transform(data []byte) ([]byte, error) {
	v, err := Parse(data)
	if err != nil {
		return nil, err
	}
	return Marshal(v)
}

// Parse decodes JSON text into nil, bool, json.Number, string, []any and
// map[string]any values, rejecting duplicate member names, invalid UTF-8
// and trailing data.
func Parse(data []byte) (any, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("canonjson: invalid UTF-8")
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := parseValue(d, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("canonjson: trailing data after JSON value")
	}
	return v, nil
}

func parseValue(d *json.Decoder, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("canonjson: nesting deeper than %d", MaxDepth)
	}
	tok, err := d.Token()
	if err != nil {
		return nil, fmt.Errorf("canonjson: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			arr := []any{}
			for d.More() {
				v, err := parseValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := d.Token(); err != nil {
				return nil, fmt.Errorf("canonjson: %w", err)
			}
			return arr, nil
		case '{':
			obj := map[string]any{}
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, fmt.Errorf("canonjson: %w", err)
				}
				k, ok := kt.(string)
				if !ok {
					return nil, errors.New("canonjson: object member name is not a string")
				}
				if _, dup := obj[k]; dup {
					return nil, fmt.Errorf("canonjson: duplicate member name %q", k)
				}
				v, err := parseValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				obj[k] = v
			}
			if _, err := d.Token(); err != nil {
				return nil, fmt.Errorf("canonjson: %w", err)
			}
			return obj, nil
		}
		return nil, fmt.Errorf("canonjson: unexpected %q", rune(t))
	default:
		return t, nil // nil, bool, json.Number, string
	}
}

func encode(b *bytes.Buffer, v any, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("canonjson: nesting deeper than %d", MaxDepth)
	}
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case string:
		return encodeString(b, t)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return fmt.Errorf("canonjson: number %q: %w", string(t), err)
		}
		return encodeFloat(b, f)
	case float64:
		return encodeFloat(b, t)
	case float32:
		return encodeFloat(b, float64(t))
	case int:
		return encodeFloat(b, float64(t))
	case int64:
		return encodeFloat(b, float64(t))
	case int32:
		return encodeFloat(b, float64(t))
	case uint64:
		return encodeFloat(b, float64(t))
	case uint32:
		return encodeFloat(b, float64(t))
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encode(b, e, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case []string:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeString(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sortUTF16(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeString(b, k); err != nil {
				return err
			}
			b.WriteByte(':')
			if err := encode(b, t[k], depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case map[string]string:
		m := make(map[string]any, len(t))
		for k, s := range t {
			m[k] = s
		}
		return encode(b, m, depth)
	default:
		return fmt.Errorf("canonjson: unsupported type %T", v)
	}
	return nil
}

// sortUTF16 sorts names by their UTF-16 code units (RFC 8785 section 3.2.3).
func sortUTF16(keys []string) {
	slices.SortFunc(keys, compareUTF16)
}

// compareUTF16 is lessUTF16 as a three-way comparison, without decoding
// the common prefix: where the first differing bytes are both ASCII they
// start runes (a continuation byte is not ASCII), the runes before them
// are equal, and byte order is code-unit order. Anything else is
// lessUTF16's.
func compareUTF16(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	switch {
	case i == n:
		return len(a) - len(b) // one is a prefix of the other (or equal)
	case a[i] < utf8.RuneSelf && b[i] < utf8.RuneSelf:
		return int(a[i]) - int(b[i])
	case lessUTF16(a, b):
		return -1
	default:
		return 1 // a and b differ
	}
}

func lessUTF16(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return utf16Units(ra) < utf16Units(rb)
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b != ""
}

// utf16Units returns r's UTF-16 code units packed into one integer, first
// unit in the high half, so that integer order is code-unit order. (UTF-8
// byte order is code point order, which differs from UTF-16 order when a
// supplementary character meets one in U+E000..U+FFFF.)
func utf16Units(r rune) uint32 {
	if r >= 0x10000 {
		hi, lo := utf16.EncodeRune(r)
		return uint32(hi)<<16 | uint32(lo)
	}
	return uint32(r) << 16
}

const hexDigits = "0123456789abcdef"

// WriteString writes the canonical encoding of the string s to b, as
// Marshal encodes a string value or a member name.
func WriteString(b *bytes.Buffer, s string) error { return encodeString(b, s) }

func encodeString(b *bytes.Buffer, s string) error {
	if !utf8.ValidString(s) {
		return errors.New("canonjson: invalid UTF-8 in string")
	}
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		}
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
	return nil
}

// encodeFloat writes f as ECMAScript's Number.prototype.toString would
// (ECMA-262 section 7.1.12.1, "Number::toString"), which RFC 8785 adopts.
func encodeFloat(b *bytes.Buffer, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return errors.New("canonjson: NaN and Infinity have no JSON form")
	}
	if f == 0 {
		b.WriteByte('0') // also for -0
		return nil
	}
	if f < 0 {
		b.WriteByte('-')
		f = -f
	}
	// Shortest round-trip digits: "d.ddde±x".
	e := strconv.FormatFloat(f, 'e', -1, 64)
	epos := bytes.IndexByte([]byte(e), 'e')
	mant, exp := e[:epos], e[epos+1:]
	digits := mant[:1]
	if len(mant) > 2 {
		digits += mant[2:]
	}
	x, err := strconv.Atoi(exp)
	if err != nil {
		return fmt.Errorf("canonjson: formatting %v: %w", f, err)
	}
	k := len(digits)
	n := x + 1 // the decimal point sits after n digits
	switch {
	case k <= n && n <= 21:
		b.WriteString(digits)
		for i := 0; i < n-k; i++ {
			b.WriteByte('0')
		}
	case 0 < n && n <= 21:
		b.WriteString(digits[:n])
		b.WriteByte('.')
		b.WriteString(digits[n:])
	case -6 < n && n <= 0:
		b.WriteString("0.")
		for i := 0; i < -n; i++ {
			b.WriteByte('0')
		}
		b.WriteString(digits)
	default:
		b.WriteString(digits[:1])
		if k > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if n-1 >= 0 {
			b.WriteByte('+')
		} else {
			b.WriteByte('-')
		}
		b.WriteString(strconv.Itoa(abs(n - 1)))
	}
	return nil
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
