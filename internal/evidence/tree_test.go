package evidence

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/redact"
)

// viaJSON is what prepare did before recordTree: the encoding/json round
// trip, timestamp removed. recordTree must give exactly the same tree.
func viaJSON(r Record) (map[string]any, error) {
	r.Timestamp = time.Time{}
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var obj map[string]any
	if err := d.Decode(&obj); err != nil {
		return nil, err
	}
	delete(obj, "timestamp")
	return obj, nil
}

func checkTree(t *testing.T, name string, r Record) {
	t.Helper()
	want, werr := viaJSON(r)
	got, gerr := recordTree(&r)
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%s: error %v, want %v", name, gerr, werr)
	}
	if werr != nil {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: tree differs from the encoding/json round trip:\ngot  %#v\nwant %#v", name, got, want)
	}
}

func TestRecordTreeMatchesJSON(t *testing.T) {
	code := 3
	type point struct {
		X int `json:"x"`
		Y string
	}
	var nilMap map[string]any
	var nilSlice []any
	cases := map[string]Record{
		"empty":    {},
		"decision": decision("s", 7, "allow"),
		"typical": {Type: TypeDecision, SessionID: "s", Params: map[string]any{"command": "ls", "description": "list"},
			PolicyChecks: []policy.Check{{Policy: "p", Result: "pass"}, {Policy: "q", Result: "fail", Rule: "r", Reason: "why"}},
			Extra:        map[string]any{"event": "PreToolUse"}, ExitCode: &code},
		"invalid utf-8": {Type: "t\xff", User: "a\xc3", Tool: "\xe2\x82", Params: map[string]any{"k": "v\xffw", "n": []any{"\xfe", map[string]any{"x": "\xff"}}},
			PolicyChecks: []policy.Check{{Policy: "\xff", Result: "x", Reason: "\xff\xfe"}}, Redactions: []redact.Finding{{Path: "\xff", Rule: "r"}}},
		"invalid key":  {Type: "t", Params: map[string]any{"a\xff": 1, "a\xfe": 2, "b": "c"}},
		"numbers":      {Type: "t", Params: map[string]any{"f": 1.5e-7, "i": 42, "u": uint8(7), "n": json.Number("12.50"), "e": json.Number(""), "bad": json.Number("1e")}},
		"go types":     {Type: "t", Params: map[string]any{"ss": map[string]string{"a": "b"}, "sl": []string{"x"}, "st": point{1, "y"}, "p": &point{}, "ip": (*int)(nil)}},
		"nil values":   {Type: "t", Params: map[string]any{"m": nilMap, "s": nilSlice, "z": nil, "e": map[string]any{}, "es": []any{}}},
		"empty params": {Type: "t", Params: map[string]any{}, Extra: map[string]any{}, PolicyChecks: []policy.Check{}},
		"outcome": {Type: TypeOutcome, Extra: map[string]any{"error": "boom", "files": []any{map[string]any{"path": "/a", "sha256": "sha256:00"}}},
			DiffHash: "sha256:00", Result: "failure"},
		"prune":    {Type: TypePrune, Extra: map[string]any{"before": "2026-01-01T00:00:00Z", "through_index": int64(9)}},
		"html":     {Type: "t", Reason: "<a href='x'>&</a>\u2028", Params: map[string]any{"<k>": "\u2029"}},
		"deep":     {Type: "t", Params: deepMap(maxTreeDepth + 10)},
		"nan":      {Type: "t", Params: map[string]any{"x": math.NaN()}},
		"chan":     {Type: "t", Extra: map[string]any{"c": make(chan int)}},
		"shared":   {Type: "t", Params: map[string]any{"a": []any{"x", "y\xff"}, "b": map[string]any{"c": []any{}}}},
		"all bool": {Type: "t", Params: map[string]any{"t": true, "f": false}},
	}
	for name, r := range cases {
		checkTree(t, name, r)
	}
}

func deepMap(n int) map[string]any {
	m := map[string]any{"leaf": "x"}
	for i := 0; i < n; i++ {
		m = map[string]any{"k": m}
	}
	return m
}

// Every field of Record, set, must reach the tree exactly as encoding/json
// writes it: a field added to Record without recordTree learning it fails
// here.
func TestRecordTreeCoversEveryField(t *testing.T) {
	var r Record
	v := reflect.ValueOf(&r).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("v" + v.Type().Field(i).Name)
		case reflect.Map:
			f.Set(reflect.ValueOf(map[string]any{"k": v.Type().Field(i).Name}))
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
			e := f.Index(0)
			for j := 0; j < e.NumField(); j++ {
				e.Field(j).SetString("x" + e.Type().Field(j).Name)
			}
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Struct: // the timestamp
			f.Set(reflect.ValueOf(time.Unix(1, 0)))
		default:
			t.Fatalf("field %s has kind %s, which this test does not fill", v.Type().Field(i).Name, f.Kind())
		}
	}
	checkTree(t, "every field", r)
}

// A map that holds itself is an error, as in encoding/json, not a crash.
func TestRecordTreeCycle(t *testing.T) {
	m := map[string]any{}
	m["self"] = m
	if _, err := recordTree(&Record{Type: "t", Params: m}); err == nil {
		t.Fatal("no error for a cyclic map")
	}
}

// recordTree shares unchanged values with the record instead of copying
// them, and never writes to them.
func TestRecordTreeDoesNotMutate(t *testing.T) {
	p := map[string]any{"a": "x\xff", "b": []any{"ok", "bad\xfe"}, "c": map[string]any{"d": "e"}}
	r := Record{Type: "t", Params: p}
	if _, err := recordTree(&r); err != nil {
		t.Fatal(err)
	}
	if p["a"] != "x\xff" || p["b"].([]any)[1] != "bad\xfe" {
		t.Fatalf("input mutated: %#v", p)
	}
}

func FuzzRecordTree(f *testing.F) {
	f.Add(`{"command":"ls","n":1}`, "tool", "reason")
	f.Add(`{"a":[1,2,{"b":null}],"c":true}`, "\xff", "x\xfe")
	f.Fuzz(func(t *testing.T, params, tool, reason string) {
		var m map[string]any
		d := json.NewDecoder(bytes.NewReader([]byte(params)))
		d.UseNumber()
		if d.Decode(&m) != nil {
			m = map[string]any{"raw": params}
		}
		checkTree(t, "fuzz", Record{Type: "t", Tool: tool, Reason: reason, Params: m, Extra: map[string]any{"p": params}})
	})
}

func TestBufferedRand(t *testing.T) {
	var b bufferedRand
	seen := map[[16]byte]bool{}
	for i := 0; i < 200; i++ { // several refills
		var s [16]byte
		if _, err := io.ReadFull(&b, s[:]); err != nil {
			t.Fatal(err)
		}
		if s == ([16]byte{}) || seen[s] {
			t.Fatalf("salt %d repeats or is zero: %x", i, s)
		}
		seen[s] = true
	}
	big := make([]byte, 2000)
	if n, err := b.Read(big); n != len(big) || err != nil {
		t.Fatalf("read %d, %v", n, err)
	}
}
