package hookwire

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	reqs := []*Request{
		{},
		{ID: "4f1c0a9e2b7d4c31a8e5f60718293a4b", Args: []string{"hook", "claude"}, Cwd: "/home/dev/project", Env: []string{"HOME=/home/dev", "PATH=/usr/bin"}, Ppid: 4242, Stdin: []byte(`{"tool_name":"Bash"}`)},
		{Args: []string{"hook", "copilot", "preToolUse"}, Env: []string{"A="}, Stdin: bytes.Repeat([]byte("x"), 3<<20+17)},
		{Args: []string{""}, Cwd: "/", Ppid: 1<<31 - 1},
		{Args: []string{"check"}, Context: &ExecContext{Keys: [len(ContextEntries)]FileKey{{1, 1 << 62}, {2, 3}, {4, 5}, {6, 7}}, Host: "dev.example"}},
	}
	for i, r := range reqs {
		got, err := ReadRequest(bytes.NewReader(AppendRequest(nil, r)))
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		norm := func(r *Request) *Request {
			c := *r
			if c.Stdin == nil {
				c.Stdin = []byte{}
			}
			return &c
		}
		if !reflect.DeepEqual(norm(got), norm(r)) {
			t.Errorf("%d: round trip changed the request:\n got %+v\nwant %+v", i, got, r)
		}
	}
	resps := []*Response{
		{},
		{Code: 2, Stdout: []byte(`{"decision":"block"}`), Stderr: []byte("denied\n")},
		{Code: -1},
	}
	for i, r := range resps {
		got, err := ReadResponse(bytes.NewReader(AppendResponse(nil, r)))
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if got.Code != r.Code || !bytes.Equal(got.Stdout, r.Stdout) || !bytes.Equal(got.Stderr, r.Stderr) {
			t.Errorf("%d: got %+v, want %+v", i, got, r)
		}
	}
}

// Every truncation of a valid frame is an error, never a shorter request.
func TestTruncated(t *testing.T) {
	full := AppendRequest(nil, &Request{ID: "00ff", Args: []string{"hook", "codex"}, Cwd: "/r", Env: []string{"X=1"}, Ppid: 7, Stdin: []byte("{}"),
		Context: &ExecContext{Keys: [len(ContextEntries)]FileKey{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, Host: "h"}})
	for n := 0; n < len(full); n++ {
		if _, err := ReadRequest(bytes.NewReader(full[:n])); !errors.Is(err, ErrFrame) {
			t.Fatalf("prefix of %d bytes: err = %v, want ErrFrame", n, err)
		}
	}
	resp := AppendResponse(nil, &Response{Code: 2, Stdout: []byte("{}"), Stderr: []byte("no")})
	for n := 0; n < len(resp); n++ {
		if _, err := ReadResponse(bytes.NewReader(resp[:n])); !errors.Is(err, ErrFrame) {
			t.Fatalf("response prefix of %d bytes: err = %v, want ErrFrame", n, err)
		}
	}
}

func TestLimits(t *testing.T) {
	u32 := func(v uint32) string { return string(appendU32(nil, v)) }
	tests := []struct {
		name, frame, want string
	}{
		{"wrong magic", "MDR\x01", "wrong magic"},
		{"old version", "MDQ\x00", "wrong magic"},
		{"too many args", requestMagic + u32(0) + u32(0) + u32(MaxArgs+1), "too many arguments"},
		{"long arg", requestMagic + u32(0) + u32(0) + u32(1) + u32(MaxArg+1), "argument too large"},
		{"huge stdin claim", requestMagic + u32(0) + u32(0) + u32(0) + u32(0) + u32(0) + u32(MaxStdin+1), "stdin too large"},
		{"stdin claim larger than data", requestMagic + u32(0) + u32(0) + u32(0) + u32(0) + u32(0) + u32(MaxStdin) + "abc", "truncated"},
		{"too many env", requestMagic + u32(0) + u32(0) + u32(0) + u32(0) + u32(MaxEnv+1), "too many environment"},
		{"long request id", requestMagic + u32(MaxID+1), "request id too large"},
		{"v1 too many args", requestMagicV1 + u32(0) + u32(MaxArgs+1), "too many arguments"},
	}
	for _, tc := range tests {
		_, err := ReadRequest(strings.NewReader(tc.frame))
		if !errors.Is(err, ErrFrame) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want ErrFrame mentioning %q", tc.name, err, tc.want)
		}
	}
	// The environment is bounded in total, not only per variable.
	var env []string
	for total := 0; total <= MaxEnvBytes; total += MaxArg {
		env = append(env, strings.Repeat("e", MaxArg))
	}
	if _, err := ReadRequest(bytes.NewReader(AppendRequest(nil, &Request{Env: env}))); !errors.Is(err, ErrFrame) {
		t.Errorf("environment over %d bytes: err = %v, want ErrFrame", MaxEnvBytes, err)
	}
	if _, err := ReadResponse(strings.NewReader(responseMagic + u32(0) + u32(MaxOutput+1))); !errors.Is(err, ErrFrame) {
		t.Errorf("oversized stdout: err = %v", err)
	}
}

// appendRequestV1 is how a front of version 1 encoded a request: no
// request id.
func appendRequestV1(b []byte, r *Request) []byte {
	b = append(b, requestMagicV1...)
	b = appendU32(b, uint32(r.Ppid))
	b = appendU32(b, uint32(len(r.Args)))
	for _, a := range r.Args {
		b = appendBytes(b, a)
	}
	b = appendBytes(b, r.Cwd)
	b = appendU32(b, uint32(len(r.Env)))
	for _, e := range r.Env {
		b = appendBytes(b, e)
	}
	return appendBytes(b, string(r.Stdin))
}

// An engine reads what an older front sends: the same request, without an
// id (such a call is simply not idempotent).
func TestReadsVersion1(t *testing.T) {
	r := &Request{Args: []string{"hook", "claude"}, Cwd: "/r", Env: []string{"A=b"}, Ppid: 9, Stdin: []byte("{}")}
	got, err := ReadRequest(bytes.NewReader(appendRequestV1(nil, r)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("got %+v, want %+v", got, r)
	}
}

func FuzzReadRequest(f *testing.F) {
	f.Add(AppendRequest(nil, &Request{Args: []string{"hook", "claude"}, Cwd: "/r", Env: []string{"HOME=/h"}, Ppid: 3, Stdin: []byte("{}")}))
	f.Add([]byte(requestMagic))
	f.Add(appendRequestV1(nil, &Request{Args: []string{"hook", "codex"}, Stdin: []byte("{}")}))
	f.Add(AppendResponse(nil, &Response{Code: 2, Stderr: []byte("x")}))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ReadRequest(bytes.NewReader(b))
		if err != nil {
			if r != nil {
				t.Fatal("error with a request")
			}
			return
		}
		// What decodes re-encodes to the bytes it was read from.
		again := AppendRequest(nil, r)
		switch {
		case bytes.HasPrefix(b, []byte(requestMagicV1)):
			again = appendRequestV1(nil, r)
		case bytes.HasPrefix(b, []byte(requestMagicV2)):
			// version 2 is version 3 without the context, which it
			// decodes to none (a count of 0)
			again = append([]byte(requestMagicV2), again[len(requestMagic):len(again)-4]...)
		}
		if !bytes.Equal(again, b[:len(again)]) {
			t.Fatalf("re-encoding differs")
		}
		if _, err := ReadResponse(bytes.NewReader(b)); err == nil {
			t.Fatal("a request frame decoded as a response")
		}
	})
}

func FuzzReadResponse(f *testing.F) {
	f.Add(AppendResponse(nil, &Response{Code: 2, Stdout: []byte("{}"), Stderr: []byte("x")}))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ReadResponse(bytes.NewReader(b))
		if err != nil {
			return
		}
		again := AppendResponse(nil, r)
		if !bytes.Equal(again, b[:len(again)]) {
			t.Fatalf("re-encoding differs")
		}
	})
}

// A request read through a reused buffer is the request sent, whatever the
// buffer's size, and nothing in it changes when the buffer is reused.
func TestReadRequestBuffer(t *testing.T) {
	reqs := []*Request{
		{ID: "4f1c0a9e2b7d4c31a8e5f60718293a4b", Args: []string{"hook", "claude"}, Cwd: "/home/dev/project", Env: []string{"HOME=/home/dev", "PATH=/usr/bin"}, Ppid: 4242, Stdin: []byte(`{"tool_name":"Bash"}`)},
		{Args: []string{"check", "--command", "ls"}, Cwd: "/r", Env: []string{strings.Repeat("A", 40<<10) + "=1", "B=2"}, Stdin: bytes.Repeat([]byte("x"), 70<<10)},
		{Args: []string{""}, Cwd: "/", Ppid: 1<<31 - 1},
		{Args: []string{"check"}, Context: &ExecContext{Keys: [len(ContextEntries)]FileKey{{1, 1 << 62}, {2, 3}, {4, 5}, {6, 7}}, Host: "dev.example"}},
	}
	for _, size := range []int{5, 64, 4 << 10, RequestBufferSize} {
		buf := make([]byte, size)
		for i, r := range reqs {
			got, err := ReadRequestBuffer(bytes.NewReader(AppendRequest(nil, r)), buf)
			if err != nil {
				t.Fatalf("buffer %d, request %d: %v", size, i, err)
			}
			want, _ := ReadRequest(bytes.NewReader(AppendRequest(nil, r)))
			for j := range buf {
				buf[j] = 0xff // the next call's bytes
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("buffer %d, request %d: got %+v, want %+v", size, i, got, want)
			}
		}
	}
}
