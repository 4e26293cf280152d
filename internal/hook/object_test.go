package hook

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

var objectCases = []string{
	`{}`, ` { } `, "\t{\n}\r\n", `{"a":1}`, `{"a" : 1 , "b":"x"}`, `{"a":1,"a":2}`,
	`{"a":-1.5e+10,"b":true,"c":false,"d":null}`, `{"a":[1,[2,{"x":"]}"}],3],"b":{"c":{"d":[]}}}`,
	`{"a":"q\"uote\\","b":"\u00e9\ud83d\ude00"}`, `{"é":1}`, `{"a\u0062":1}`, `{"a\\b":1}`, `{"a":"\xff\xfe"}`,
	`{"\xff":1}`, `{"a":1}{}`, `{"a":1} x`, `{"a":1}}`, `{"a":1,}`, `{"a"}`, `{"a":}`, `[]`, `null`, `"x"`, `1`,
	``, ` `, `{`, `{"a":1`, `{"a":01}`, `{"a":"` + "\x01" + `"}`, `{"a":[1,2,]}`, `{"a":1 }  `, `{"a":{}}`,
	`{"a":[]}`, `{"":""}`, `{"a":"}"}`, `{"a":"\\"}`, `{"a":123 , "b" :[ 1 , 2 ] }`, "\ufeff{}", `{"a":1e}`,
	`{"session_id":"d2eda41b","cwd":"/home/dev/project","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status --short","description":"x"},"tool_use_id":"toolu_01"}`,
}

// objectsAgree checks that Object answers for data exactly as the
// reference decoder does.
func objectsAgree(t *testing.T, data []byte) {
	t.Helper()
	want, werr := objectDecode(data)
	got, gerr := Object(data)
	if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
		t.Fatalf("%q: error %v, want %v", data, gerr, werr)
	}
	if werr != nil {
		if !errors.Is(gerr, ErrPayload) {
			t.Fatalf("%q: error %v is not ErrPayload", data, gerr)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: got %q, want %q", data, got, want)
	}
	if f, ok := objectFast(data); ok && !reflect.DeepEqual(f, want) {
		t.Fatalf("%q: fast %q, want %q", data, f, want)
	}
}

func TestObjectFastAgrees(t *testing.T) {
	fast := 0
	for _, c := range objectCases {
		objectsAgree(t, []byte(c))
		if _, ok := objectFast([]byte(c)); ok {
			fast++
		}
	}
	if fast < 15 {
		t.Fatalf("only %d cases took the fast path", fast)
	}
	// The values do not share the caller's buffer (a worker reuses it).
	data := []byte(`{"a":"x"}`)
	f, err := Object(data)
	if err != nil {
		t.Fatal(err)
	}
	copy(data, bytes.Repeat([]byte{'z'}, len(data)))
	if string(f["a"]) != `"x"` {
		t.Fatalf("value changed with the input buffer: %q", f["a"])
	}
}

func FuzzObject(f *testing.F) {
	for _, c := range objectCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) { objectsAgree(t, data) })
}

func BenchmarkObject(b *testing.B) {
	data := []byte(objectCases[len(objectCases)-1])
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := Object(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := objectDecode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
