// Package hookwire is what mandate, the small front an agent spawns on
// every tool call (internal/front), and the engine (mandate-engine, and
// its resident form mandate-engine serve) that decides and records the
// call agree on: the framing of a forwarded call, and the facts both sides
// act on (shared.go): the engine binary's name, the socket and
// failure-file names, which calls are forwarded, the exit-code rewrite
// and the state-directory rule.
//
// # Contract
//
// One connection carries one Request and one Response. A Request is the
// whole invocation of the front: a random request id, its arguments (hook
// or check), working directory, environment, parent process id, standard
// input and execution context (context.go); a Response is what that process would have written and
// its exit code. The request id makes the invocation idempotent: the
// engine puts it on the evidence record, and when the front has to decide
// in its own process after the engine failed, it uses the same id (passed
// in the environment as RequestIDEnv), so the log never holds one
// invocation's decision twice. The resident
// engine runs exactly the code path `mandate-engine hook` (or check) runs
// in its own process, with these inputs, so the two answer byte for byte
// alike.
//
// The encoding is versioned and length-prefixed (big-endian uint32), with a
// bound on every field: a reader never allocates more than the limits below
// allow, and any malformed, truncated or oversized frame is an error. The
// package imports nothing heavier than io and time (TestImportsStayCheap),
// so that the front stays as cheap to start as an empty program.
package hookwire

import (
	"errors"
	"io"
	"strconv"
)

// Magic numbers start every frame; the last byte is the version. Version
// 2 of the request adds the request id, version 3 the execution context
// (after stdin); a request of version 1 or 2 (from an older front) is
// still read, with no id or no context (which the engine refuses).
const (
	requestMagic   = "MDQ\x03"
	requestMagicV2 = "MDQ\x02"
	requestMagicV1 = "MDQ\x01"
	responseMagic  = "MDR\x01"
)

// RequestIDEnv is the environment variable that carries the request id to
// mandate-engine when the front runs it in its own process.
const RequestIDEnv = "MANDATE_REQUEST_ID"

// Limits on a frame. MaxStdin is one byte more than the hook's payload
// bound (32 MiB), so that the engine, not the framing, answers an oversized
// payload with the agent's deny.
const (
	MaxArgs     = 16
	MaxArg      = 4 << 10
	MaxCwd      = 64 << 10
	MaxEnv      = 8192
	MaxEnvBytes = 4 << 20
	MaxStdin    = 32<<20 + 1
	MaxOutput   = 64 << 20
	MaxID       = 128
)

// ErrFrame wraps every decoding error.
var ErrFrame = errors.New("hookwire: bad frame")

// Request is one hook invocation.
type Request struct {
	// ID is the invocation's random request id (hex); empty from a front
	// that sends none.
	ID    string
	Args  []string // the arguments after the program name: "hook", "claude", …
	Cwd   string
	Env   []string // KEY=value, as os.Environ returns them
	Ppid  int      // the hook process's parent: the agent, as the front says
	Stdin []byte
	// Context is the sender's execution context, as the front read it
	// for itself (context.go); nil from a front that sends none.
	Context *ExecContext
	// Peer is the process that sent the request, as the kernel reports
	// it to the server (SO_PEERCRED), 0 when unknown. It is not on the
	// wire: the server sets it, so that who sent a call does not rest on
	// what the call says.
	Peer int
	// PeerParent, when the server sets it, asks the kernel for Peer's
	// parent over the connection (the server's own means, such as a
	// pidfd); ok is false when it cannot say. It is not on the wire and
	// is valid only while the request is being answered.
	PeerParent func() (ppid int, ok bool)
}

// Response is the answer to a Request.
type Response struct {
	Code   int
	Stdout []byte
	Stderr []byte
}

// AppendRequest appends the encoding of r to b.
func AppendRequest(b []byte, r *Request) []byte {
	b = append(b, requestMagic...)
	b = appendBytes(b, r.ID)
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
	b = appendBytes(b, string(r.Stdin))
	// The context: a count of entries (0: none), each entry's device and
	// inode, and the host name.
	if r.Context == nil {
		return appendU32(b, 0)
	}
	b = appendU32(b, uint32(len(r.Context.Keys)))
	for _, k := range r.Context.Keys {
		b = appendU32(appendU32(appendU32(appendU32(b, uint32(k.Dev>>32)), uint32(k.Dev)), uint32(k.Ino>>32)), uint32(k.Ino))
	}
	return appendBytes(b, r.Context.Host)
}

// AppendResponse appends the encoding of r to b.
func AppendResponse(b []byte, r *Response) []byte {
	b = append(b, responseMagic...)
	b = appendU32(b, uint32(int32(r.Code)))
	b = appendBytes(b, string(r.Stdout))
	return appendBytes(b, string(r.Stderr))
}

// RequestBufferSize is the read buffer ReadRequest allocates: large, for
// the environment is dozens of fields.
const RequestBufferSize = 32 << 10

// ReadRequest reads one Request from rd, enforcing the limits. It may read
// past the end of the frame (one frame per connection).
func ReadRequest(rd io.Reader) (*Request, error) {
	return ReadRequestBuffer(rd, nil)
}

// ReadRequestBuffer is ReadRequest reading through buf, when it is not
// empty, instead of a buffer of its own: a server that reads one request
// at a time per worker reuses one buffer instead of allocating (and
// zeroing) RequestBufferSize bytes per call. Nothing in the Request refers
// to buf: every field is copied out of it.
func ReadRequestBuffer(rd io.Reader, buf []byte) (*Request, error) {
	d := decoder{r: rd, bufSize: RequestBufferSize}
	if len(buf) > 0 {
		d.rbuf, d.bufSize = buf[:0:len(buf)], len(buf)
	}
	r := &Request{}
	version := d.magic(requestMagic, requestMagicV2, requestMagicV1)
	if version != requestMagicV1 {
		r.ID = d.str(MaxID, "request id")
	}
	r.Ppid = int(d.u32())
	n := d.count(MaxArgs, "arguments")
	if n > 0 {
		r.Args = make([]string, 0, n)
	}
	for i := 0; i < n && d.err == nil; i++ {
		r.Args = append(r.Args, d.str(MaxArg, "argument"))
	}
	r.Cwd = d.str(MaxCwd, "cwd")
	n = d.count(MaxEnv, "environment variables")
	if n > 0 {
		r.Env = make([]string, 0, min(n, 256)) // a lying count grows it only as fields arrive
	}
	total := 0
	for i := 0; i < n && d.err == nil; i++ {
		e := d.str(MaxEnvBytes-total, "environment")
		total += len(e)
		r.Env = append(r.Env, e)
	}
	r.Stdin = d.bytes(MaxStdin, "stdin")
	if version == requestMagic {
		r.Context = d.context()
	}
	if d.err != nil {
		return nil, d.err
	}
	return r, nil
}

// context reads a request's execution context: none, or exactly the
// entries of ContextEntries and a host name.
func (d *decoder) context() *ExecContext {
	switch n := d.u32(); {
	case d.err != nil || n == 0:
		return nil
	case n != uint32(len(ContextEntries)):
		d.fail("context of " + strconv.Itoa(int(n)) + " entries")
		return nil
	}
	c := &ExecContext{}
	for i := range c.Keys {
		c.Keys[i].Dev = uint64(d.u32())<<32 | uint64(d.u32())
		c.Keys[i].Ino = uint64(d.u32())<<32 | uint64(d.u32())
	}
	c.Host = d.str(MaxHost, "host name")
	return c
}

// ReadResponse reads one Response from rd, enforcing the limits.
func ReadResponse(rd io.Reader) (*Response, error) {
	d := decoder{r: rd, bufSize: 4 << 10}
	d.magic(responseMagic)
	r := &Response{Code: int(int32(d.u32()))}
	r.Stdout = d.bytes(MaxOutput, "stdout")
	r.Stderr = d.bytes(MaxOutput, "stderr")
	if d.err != nil {
		return nil, d.err
	}
	return r, nil
}

func appendU32(b []byte, v uint32) []byte {
	return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func appendBytes(b []byte, s string) []byte {
	return append(appendU32(b, uint32(len(s))), s...)
}

// decoder reads fields until the first error, which it keeps. It buffers
// its reads: a frame has dozens of small fields, and each read from a
// socket is a system call.
type decoder struct {
	r    io.Reader
	err  error
	buf  [4]byte
	rbuf []byte // buffered bytes not yet consumed: rbuf[pos:]
	pos  int
	// bufSize is the buffer's size: large for requests (the environment
	// is dozens of fields), small for answers (three fields; every page a
	// client touches is start-up time).
	bufSize int
}

// fill reads p from the buffer, refilling it from r as needed.
func (d *decoder) fill(p []byte) error {
	for len(p) > 0 {
		if d.pos == len(d.rbuf) {
			if len(p) >= d.bufSize {
				// Large fields bypass the buffer.
				_, err := io.ReadFull(d.r, p)
				return err
			}
			if d.rbuf == nil {
				d.rbuf = make([]byte, d.bufSize)
			}
			n, err := d.r.Read(d.rbuf[:cap(d.rbuf)])
			d.rbuf, d.pos = d.rbuf[:n], 0
			if n == 0 {
				if err == nil {
					err = io.ErrNoProgress
				}
				return err
			}
		}
		n := copy(p, d.rbuf[d.pos:])
		d.pos += n
		p = p[n:]
	}
	return nil
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = &frameError{msg: what}
	}
}

func (d *decoder) read(p []byte) bool {
	if d.err != nil {
		return false
	}
	if err := d.fill(p); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			d.fail("truncated")
		} else {
			d.err = err
		}
		return false
	}
	return true
}

// magic reads the frame's magic, which must be one of want, and returns
// it.
func (d *decoder) magic(want ...string) string {
	if !d.read(d.buf[:4]) {
		return ""
	}
	got := d.buf[:4]
	for _, w := range want {
		if string(got) == w {
			return w
		}
	}
	d.fail("wrong magic or version " + strconv.Quote(string(got)))
	return ""
}

func (d *decoder) u32() uint32 {
	if !d.read(d.buf[:4]) {
		return 0
	}
	b := d.buf
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func (d *decoder) count(max int, what string) int {
	n := d.u32()
	if d.err == nil && n > uint32(max) {
		d.fail("too many " + what)
		return 0
	}
	return int(n)
}

// bytes reads a length-prefixed field of at most max bytes. Large fields are
// read in chunks, so a lying length costs at most what actually arrives.
func (d *decoder) bytes(max int, what string) []byte {
	n := d.u32()
	if d.err != nil {
		return nil
	}
	if max < 0 || n > uint32(max) {
		d.fail(what + " too large")
		return nil
	}
	const chunk = 1 << 20
	if n <= chunk {
		p := make([]byte, n)
		d.read(p)
		return p
	}
	p := make([]byte, 0, chunk)
	for rest := int(n); rest > 0 && d.err == nil; {
		k := min(rest, chunk)
		p = append(p, make([]byte, k)...)
		d.read(p[len(p)-k:])
		rest -= k
	}
	return p
}

// str is bytes as a string, copied once: straight from the buffer when
// the field is already in it (an environment is dozens of short fields).
func (d *decoder) str(max int, what string) string {
	if d.err == nil && len(d.rbuf)-d.pos >= 4 {
		b := d.rbuf[d.pos:]
		n := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		if max >= 0 && n <= uint32(max) && uint32(len(b)-4) >= n {
			d.pos += 4 + int(n)
			return string(b[4 : 4+n])
		}
	}
	return string(d.bytes(max, what))
}

// frameError is a decoding error; it matches ErrFrame with errors.Is.
type frameError struct{ msg string }

func (e *frameError) Error() string        { return ErrFrame.Error() + ": " + e.msg }
func (e *frameError) Is(target error) bool { return target == ErrFrame }
