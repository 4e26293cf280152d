package hookwire

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// ReadContext names a context only when every entry can be read: an
// unreadable or missing entry, or a zero key, is an error.
func TestReadContext(t *testing.T) {
	fake := func(missing, failing string) func(string) (FileKey, bool, error) {
		return func(p string) (FileKey, bool, error) {
			switch {
			case failing != "" && p == EntryPath("/proc/self", failing):
				return FileKey{}, false, errors.New("permission denied")
			case missing != "" && p == EntryPath("/proc/self", missing):
				return FileKey{}, true, nil
			}
			return FileKey{Dev: 1, Ino: uint64(len(p))}, false, nil
		}
	}
	if _, err := ReadContext("/proc/self", fake("", "")); err != nil {
		t.Fatal(err)
	}
	for _, e := range ContextEntries {
		if _, err := ReadContext("/proc/self", fake("", e)); err == nil {
			t.Errorf("%s unreadable: no error", e)
		}
		if _, err := ReadContext("/proc/self", fake(e, "")); err == nil {
			t.Errorf("%s missing: no error", e)
		}
	}
	zero := func(string) (FileKey, bool, error) { return FileKey{}, false, nil }
	if _, err := ReadContext("/proc/self", zero); err == nil {
		t.Error("a zero key is a context")
	}
}

// The engine's comparison (the decision table is internal/resident's
// contextRefusal): every entry and the host name must be the engine's; a
// request that names no context, misses an entry or a host name differs.
func TestDiffers(t *testing.T) {
	own := ExecContext{Host: "dev1"}
	for i := range own.Keys {
		own.Keys[i] = FileKey{Dev: 4, Ino: uint64(4026531840 + i)}
	}
	same := own
	if d := own.Differs(&same); d != "" {
		t.Errorf("the same context differs: %q", d)
	}
	if d := own.Differs(nil); d == "" {
		t.Error("no context is the same")
	}
	for i, what := range contextWhat {
		c := own
		c.Keys[i].Ino++
		if d := own.Differs(&c); d != "its "+what {
			t.Errorf("%s differs: %q", what, d)
		}
		c = own
		c.Keys[i] = FileKey{}
		if d := own.Differs(&c); !strings.Contains(d, what) || !strings.Contains(d, "missing") {
			t.Errorf("%s missing: %q", what, d)
		}
	}
	for _, host := range []string{"", "dev2", "DEV1"} {
		c := own
		c.Host = host
		if d := own.Differs(&c); !strings.Contains(d, "host name") {
			t.Errorf("host %q: %q", host, d)
		}
	}
}

// A request carries its context through the wire; one of version 2 (an
// older front) is read with none; a context of another size is a bad frame.
func TestContextOnTheWire(t *testing.T) {
	c := &ExecContext{Host: "h"}
	for i := range c.Keys {
		c.Keys[i] = FileKey{Dev: 1<<40 + uint64(i), Ino: 1<<63 | uint64(i)}
	}
	r := &Request{ID: "ab", Args: []string{"hook", "claude"}, Cwd: "/r", Stdin: []byte("{}"), Context: c}
	b := AppendRequest(nil, r)
	got, err := ReadRequest(bytes.NewReader(b))
	if err != nil || !reflect.DeepEqual(got, r) {
		t.Fatalf("got %+v %v, want %+v", got, err, r)
	}
	v2 := append([]byte(requestMagicV2), AppendRequest(nil, &Request{ID: "ab", Cwd: "/r"})[4:]...)
	v2 = v2[:len(v2)-4] // version 2 ends with stdin
	if got, err := ReadRequest(bytes.NewReader(v2)); err != nil || got.Context != nil || got.ID != "ab" {
		t.Errorf("version 2: %+v %v", got, err)
	}
	head := AppendRequest(nil, &Request{})
	head = head[:len(head)-4]
	for _, n := range []uint32{1, 3, 5, 1 << 31} {
		frame := appendU32(bytes.Clone(head), n)
		for range n % 8 {
			frame = appendU32(appendU32(appendU32(appendU32(frame, 0), 1), 0), 1)
		}
		frame = appendBytes(frame, "h")
		if _, err := ReadRequest(bytes.NewReader(frame)); !errors.Is(err, ErrFrame) {
			t.Errorf("a context of %d entries: %v", n, err)
		}
	}
	long := appendBytes(appendU32(bytes.Clone(head), uint32(len(ContextEntries))), "")
	long = append(long[:len(long)-4], make([]byte, 16*len(ContextEntries))...)
	long = appendBytes(long, strings.Repeat("h", MaxHost+1))
	if _, err := ReadRequest(bytes.NewReader(long)); !errors.Is(err, ErrFrame) {
		t.Errorf("a host name of %d bytes: %v", MaxHost+1, err)
	}
}

// An older front exits with the refusal's code: modulo 256 it is 2,
// which blocks in every agent.
func TestCodeRefusedBlocks(t *testing.T) {
	if CodeRefused&0xff != 2 || CodeRefused == 2 {
		t.Errorf("CodeRefused = %d", CodeRefused)
	}
}
