package canonjson

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// Number vectors from RFC 8785 Appendix B (IEEE 754 bits → ES6 text).
func TestNumbersRFC8785AppendixB(t *testing.T) {
	tests := []struct {
		bits uint64
		want string
	}{
		{0x0000000000000000, "0"},
		{0x8000000000000000, "0"},
		{0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"},
		{0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"},
		{0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"},
		{0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"},
		{0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"},
		{0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"},
		{0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	}
	for _, tt := range tests {
		got, err := Marshal(math.Float64frombits(tt.bits))
		if err != nil {
			t.Errorf("%#x: %v", tt.bits, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%#x: got %s, want %s", tt.bits, got, tt.want)
		}
	}
	for _, bits := range []uint64{0x7fffffffffffffff, 0x7ff0000000000000, 0xfff0000000000000} {
		if _, err := Marshal(math.Float64frombits(bits)); err == nil {
			t.Errorf("%#x: want error for NaN/Infinity", bits)
		}
	}
}

func TestTransform(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{ // RFC 8785 section 3.2.2
			"rfc-3.2.2",
			`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`,
			`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
		},
		{ // RFC 8785 section 3.2.3: sorting by UTF-16 code units
			"rfc-3.2.3",
			`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`,
			"{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
		},
		{"nested", `{"b":[1,{"z":1,"a":2}],"a":{}}`, `{"a":{},"b":[1,{"a":2,"z":1}]}`},
		{"escapes", `"\u0000\u001f\b\f\t<>&\u2028"`, "\"\\u0000\\u001f\\b\\f\\t<>&\u2028\""},
		{"ints", `[1, -1, 10, 100e-2, 1e21, 5e-7, 0.1]`, `[1,-1,10,1,1e+21,5e-7,0.1]`},
		{"empty", `[]`, `[]`},
		{"scalars", ` true `, `true`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Transform([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestTransformRejects(t *testing.T) {
	for _, in := range []string{
		`{"a":1,"a":2}`,
		`[1,2`,
		`{"a":1} {}`,
		`1e400`,
		"\"\xff\"",
		`NaN`,
		``,
		strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2),
	} {
		if out, err := Transform([]byte(in)); err == nil {
			t.Errorf("Transform(%.40q) = %s, want error", in, out)
		}
	}
	if _, err := Marshal(map[string]any{"x": struct{}{}}); err == nil {
		t.Error("unsupported type: want error")
	}
	if _, err := Marshal("\xff"); err == nil {
		t.Error("invalid UTF-8: want error")
	}
}

// FuzzTransform checks that canonical output is valid JSON, is a fixed
// point of Transform, and decodes to the same value as the input.
func FuzzTransform(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x"],"b":null}`, `"\u20ac"`, `1e-7`, `{"\ud83d\ude00":1,"\ufb33":2}`, `[true,false]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Transform(in)
		if err != nil {
			return
		}
		if !json.Valid(out) || !utf8.Valid(out) {
			t.Fatalf("invalid output %q", out)
		}
		again, err := Transform(out)
		if err != nil || string(again) != string(out) {
			t.Fatalf("not a fixed point: %q → %q (%v)", out, again, err)
		}
		var a, b any
		if json.Unmarshal(in, &a) != nil || json.Unmarshal(out, &b) != nil {
			t.Fatal("decode failed")
		}
		if !reflect.DeepEqual(a, b) { // -0 == 0 here, as JCS writes -0 as 0
			t.Fatalf("value changed: %v vs %v", a, b)
		}
	})
}
