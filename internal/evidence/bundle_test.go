package evidence

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bundleFixture returns a state dir with sessions s1 and s2, a policy load,
// two checkpoints and a pruned record, and a bundle of session s2.
func bundleFixture(t *testing.T) (dir string, bundle []byte) {
	dir = t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	text := "version: 1\n"
	if _, err := l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: sha256Text(text), PolicyText: text}); err != nil {
		t.Fatal(err)
	}
	appendN(t, l, "s1", 3)
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		r := decision("s2", i, "deny")
		r.PolicyDigest = sha256Text(text)
		if _, err := l.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	opt := testOptions(t)
	opt.Now = func() time.Time { return t0.Add(time.Hour) }
	if _, err := Prune(ctx, dir, t0.Add(2500*time.Millisecond), opt); err != nil { // erases s1's first record
		t.Fatal(err)
	}
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Export(ctx, dir, &buf, Selection{}); err != nil {
		t.Fatal(err)
	}
	return dir, buf.Bytes()
}

func sha256Text(s string) string { return payloadDigest([]byte(s)) }

func TestBundleRoundTrip(t *testing.T) {
	dir, all := bundleFixture(t)
	key, _ := VerifierKey(dir)
	rep, err := VerifyBundle(context.Background(), bytes.NewReader(all), key)
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if !rep.OK || rep.KeySelfAsserted || rep.Trust != KeyPinned || !rep.Trusted() || rep.Records != 9 || rep.Pruned != 1 ||
		rep.Checkpoints != 2 || rep.Policies != 1 || len(rep.Warnings) != 0 || len(rep.Sessions) != 2 {
		t.Errorf("report %+v", rep)
	}
	// Without a key, VerifyBundle reports the bundle self-consistent only;
	// VerifyBundleWith refuses it unless the bundled key is trusted.
	rep, err = VerifyBundle(context.Background(), bytes.NewReader(all), "")
	if err != nil || !rep.KeySelfAsserted || rep.Trust != KeyNone || rep.Trusted() {
		t.Errorf("unpinned: %v %+v", err, rep)
	}
	rep, err = VerifyBundleWith(context.Background(), bytes.NewReader(all), BundleOptions{})
	if !errors.Is(err, ErrUntrusted) || errors.Is(err, ErrInvalid) || !rep.OK || rep.Trusted() {
		t.Errorf("no key, strict: %v %+v", err, rep)
	}
	rep, err = VerifyBundleWith(context.Background(), bytes.NewReader(all), BundleOptions{TrustBundledKey: true})
	if err != nil || rep.Trust != KeyBundledTrusted || !rep.Trusted() {
		t.Errorf("bundled key trusted: %v %+v", err, rep)
	}
	// A session bundle holds that session, its policy and the prune record.
	var buf bytes.Buffer
	if err := Export(context.Background(), dir, &buf, Selection{Session: "s2"}); err != nil {
		t.Fatal(err)
	}
	rep, err = VerifyBundle(context.Background(), &buf, key)
	// s2's three records, the policy.load they reference, the prune record.
	if err != nil || rep.Records != 5 || len(rep.Sessions) != 1 || rep.Sessions[0] != "s2" || rep.Policies != 1 {
		t.Errorf("session bundle: %v %+v", err, rep)
	}
}

func readParts(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	parts, err := readBundle(bytes.NewReader(b), MaxBundleSize)
	if err != nil {
		t.Fatal(err)
	}
	return parts
}

func writeParts(parts map[string][]byte, order []string) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, name := range order {
		b := parts[name]
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg})
		tw.Write(b)
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func TestBundleTamper(t *testing.T) {
	dir, all := bundleFixture(t)
	key, _ := VerifierKey(dir)
	parts := readParts(t, all)
	check := func(what string, b []byte) {
		t.Helper()
		if rep, err := VerifyBundle(context.Background(), bytes.NewReader(b), key); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: not detected (%v, %+v)", what, err, rep)
		}
	}
	unreadable := func(what string, b []byte) {
		t.Helper()
		if rep, err := VerifyBundle(context.Background(), bytes.NewReader(b), key); !errors.Is(err, ErrUnreadable) || !rep.Unreadable {
			t.Errorf("%s: not refused as unreadable (%v, %+v)", what, err, rep)
		}
	}
	flips := 0
	for _, name := range []string{memberRecords, memberProofs, memberCheckpoints, memberConsistency, memberManifest, memberKey} {
		orig := parts[name]
		step := flipStep()
		if len(orig) > 1000 && !*exhaustive {
			step = 13 // every 13th byte of the big members keeps this fast
		}
		for i := 0; i < len(orig); i += step {
			if name == memberKey && i == len(orig)-1 {
				continue // the trailing newline is not part of the key
			}
			p := map[string][]byte{}
			for k, v := range parts {
				p[k] = v
			}
			b := bytes.Clone(orig)
			b[i] ^= 0x01
			p[name] = b
			check(name+" byte flip", writeParts(p, bundleMembers))
			flips++
		}
	}
	t.Logf("%d bundle byte flips, every one detected", flips)
	// Structural tampering.
	lines := splitLines(parts[memberRecords])
	plines := splitLines(parts[memberProofs])
	for i := range lines {
		p := map[string][]byte{}
		for k, v := range parts {
			p[k] = v
		}
		p[memberRecords] = bytes.Join(append(append([][]byte{}, lines[:i]...), lines[i+1:]...), nil)
		check("record removed", writeParts(p, bundleMembers))
		p[memberProofs] = bytes.Join(append(append([][]byte{}, plines[:i]...), plines[i+1:]...), nil)
		check("record and proof removed (manifest count)", writeParts(p, bundleMembers))
	}
	// A missing member, an extra member, a duplicated member.
	unreadable("no proofs", writeParts(parts, bundleMembers[:5]))
	p := map[string][]byte{"evil": []byte("x")}
	for k, v := range parts {
		p[k] = v
	}
	unreadable("extra member", writeParts(p, append(append([]string{}, bundleMembers...), "evil")))
	unreadable("duplicated member", writeParts(parts, append(append([]string{}, bundleMembers...), memberRecords)))
	// Signed by another key, with that key pinned or not.
	other := t.TempDir()
	if err := Init(other); err != nil {
		t.Fatal(err)
	}
	otherKey, _ := VerifierKey(other)
	if _, err := VerifyBundle(context.Background(), bytes.NewReader(all), otherKey); !errors.Is(err, ErrInvalid) {
		t.Errorf("pinned other key: %v", err)
	}
	p = map[string][]byte{}
	for k, v := range parts {
		p[k] = v
	}
	p[memberKey] = []byte(otherKey + "\n")
	if _, err := VerifyBundle(context.Background(), bytes.NewReader(writeParts(p, bundleMembers)), ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("checkpoints signed by a key other than the bundle's: %v", err)
	}
}

func TestBundleBadInput(t *testing.T) {
	_, all := bundleFixture(t)
	ctx := context.Background()
	for _, cut := range []int{0, 1, 10, len(all) / 3, len(all) / 2, len(all) - 9, len(all) - 1} {
		_, err := VerifyBundle(ctx, bytes.NewReader(all[:cut]), "")
		if !errors.Is(err, ErrUnreadable) {
			t.Errorf("truncated to %d: %v", cut, err)
		}
	}
	if _, err := VerifyBundleWith(ctx, bytes.NewReader(all), BundleOptions{TrustBundledKey: true, MaxSize: int64(len(all) / 2)}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("oversized: %v", err)
	}
	// A zip bomb: a small gzip stream that inflates to 64 MiB of zeros
	// inside a tar member, checked against a 1 MiB limit.
	var bomb bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Name: memberRecords, Size: 64 << 20, Mode: 0o644, Typeflag: tar.TypeReg})
	io.CopyN(tw, zeros{}, 64<<20)
	tw.Close()
	gz.Close()
	t.Logf("zip bomb: %d bytes compressed", bomb.Len())
	start := time.Now()
	if _, err := VerifyBundleWith(ctx, bytes.NewReader(bomb.Bytes()), BundleOptions{TrustBundledKey: true, MaxSize: 1 << 20}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("zip bomb: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("zip bomb took %v", d)
	}
	if _, err := VerifyBundle(ctx, strings.NewReader("not a bundle at all"), ""); !errors.Is(err, ErrUnreadable) {
		t.Errorf("garbage: %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func FuzzVerifyBundle(f *testing.F) {
	dir := f.TempDir()
	l, err := Open(dir, testOptions(f))
	if err != nil {
		f.Fatal(err)
	}
	appendN(f, l, "s", 3)
	if _, err := l.Checkpoint(context.Background()); err != nil {
		f.Fatal(err)
	}
	l.Close()
	var buf bytes.Buffer
	if err := Export(context.Background(), dir, &buf, Selection{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := VerifyBundleWith(context.Background(), bytes.NewReader(b), BundleOptions{TrustBundledKey: true, MaxSize: 1 << 20})
		if err == nil && !rep.OK {
			t.Fatal("nil error with a failed report")
		}
		if err != nil && rep.OK {
			t.Fatal("error with an OK report")
		}
	})
}

func FuzzParseLine(f *testing.F) {
	dir := f.TempDir()
	l, err := Open(dir, testOptions(f))
	if err != nil {
		f.Fatal(err)
	}
	appendN(f, l, "s", 2)
	l.Close()
	b, err := readEvFile(dir, recordsFile)
	if err != nil {
		f.Fatal(err)
	}
	for _, ln := range splitLines(b) {
		f.Add(bytes.TrimSuffix(ln, []byte("\n")))
	}
	f.Add([]byte("{}\t{}"))
	for _, name := range []string{"records-erased.golden", "v1log/records.jsonl"} { // pseudonyms, erasures, v1 lines
		g, _ := os.ReadFile(filepath.Join("testdata", name))
		for _, ln := range splitLines(g) {
			f.Add(bytes.TrimSuffix(ln, []byte("\n")))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := parseLine(b)
		if err != nil {
			return
		}
		if l.identity != nil && l.pseudonym == "" && payloadDigest(l.identity) != l.env.Identity {
			t.Fatal("identity digest not checked")
		}
		if l.pseudonym != "" && !validPseudonym(l.pseudonym) {
			t.Fatal("a malformed pseudonym accepted")
		}
		// Whatever parses re-encodes to the same leaf and payload digest.
		again, err := l.env.encode()
		if err != nil || !bytes.Equal(again, l.envText) {
			t.Fatalf("envelope does not round-trip: %q", l.envText)
		}
		if l.payload != nil && payloadDigest(l.payload) != l.env.Digest {
			t.Fatal("digest not checked")
		}
		_, _ = l.entry()
	})
}

func readEvFile(dir, name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(dir, subdir, name))
}

// gunzip returns the decompressed bytes of a bundle.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// "Cannot read" is not "does not verify": a missing file, a directory, an
// empty, truncated or 10 GB file are ErrUnreadable, refused in bounded
// time and memory; a tampered one is ErrInvalid.
func TestBundleUnreadable(t *testing.T) {
	_, all := bundleFixture(t)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	huge := filepath.Join(dir, "huge.bundle")
	f, _ := os.Create(huge)
	f.Truncate(10 << 30) // sparse: 10 GB that cost nothing
	f.Close()
	fifo := filepath.Join(dir, "fifo")
	cases := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope.bundle"), "no such file"},
		{"directory", dir, "is a directory"},
		{"empty", write("empty.bundle", nil), "is empty"},
		{"truncated", write("trunc.bundle", all[:len(all)*2/3]), "truncated"},
		{"10 GB", huge, "over the 1073741824-byte limit"},
		{"not gzip", write("text.bundle", []byte("hello")), "not a bundle"},
		{"device", "/dev/zero", "not a regular file"},
	}
	_ = fifo
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			rep, err := VerifyBundleFile(context.Background(), tc.path, BundleOptions{TrustBundledKey: true})
			if !errors.Is(err, ErrUnreadable) || errors.Is(err, ErrInvalid) || !rep.Unreadable || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v (%+v), want unreadable: %q", err, rep, tc.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	// A 10 GB stream (not a file) stops at the limit.
	start := time.Now()
	_, err := VerifyBundleWith(context.Background(), io.MultiReader(bytes.NewReader(all[:10]), zeros{}), BundleOptions{MaxSize: 1 << 20})
	if !errors.Is(err, ErrUnreadable) || time.Since(start) > 2*time.Second {
		t.Errorf("endless stream: %v after %v", err, time.Since(start))
	}
	// Tampered content is the other error.
	parts := readParts(t, all)
	parts[memberRecords] = bytes.Replace(parts[memberRecords], []byte("pkg1"), []byte("pkg9"), 1)
	p := write("tampered.bundle", writeParts(parts, bundleMembers))
	if _, err := VerifyBundleFile(context.Background(), p, BundleOptions{TrustBundledKey: true}); !errors.Is(err, ErrInvalid) || errors.Is(err, ErrUnreadable) {
		t.Errorf("tampered: %v", err)
	}
}

// FuzzOpenBundle feeds arbitrary bytes to the bundle reader and, when it
// yields a bundle (verified or not), to the code that lists, summarizes
// and tells its sessions: nothing may panic or run unbounded.
func FuzzOpenBundle(f *testing.F) {
	_, b := sourceFixtureF(f)
	f.Add(b)
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		ctx := context.Background()
		bn, err := OpenBundle(ctx, bytes.NewReader(in), BundleOptions{TrustBundledKey: true, MaxSize: 1 << 20})
		if bn == nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("no bundle and not unreadable: %v", err)
			}
			return
		}
		if (err == nil) != bn.Report.OK {
			t.Fatalf("error %v with report OK %v", err, bn.Report.OK)
		}
		RecordsFrom(ctx, bn, Filter{})
		ss, _ := SessionsFrom(ctx, bn, Filter{})
		for _, s := range ss {
			SessionTimeline(ctx, bn, s.ID)
			ResolveSession(ctx, bn, s.ID[:len(s.ID)/2+1])
		}
	})
}

// sourceFixtureF is sourceFixture's bundle bytes for a fuzz target.
func sourceFixtureF(f *testing.F) (string, []byte) {
	dir := f.TempDir()
	l, err := Open(dir, testOptions(f))
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	text := "version: 1\n"
	l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: sha256Text(text), PolicyText: text})
	for i, eff := range []string{"allow", "deny", "ask"} {
		r := decision("s", i, eff)
		r.PolicyDigest, r.User = sha256Text(text), "dev@example.com"
		l.Append(ctx, r)
	}
	code := 0
	l.Append(ctx, Record{Type: TypeOutcome, SessionID: "s", ToolUseID: "toolu_0", Result: "success", ExitCode: &code})
	if _, err := l.Checkpoint(ctx); err != nil {
		f.Fatal(err)
	}
	l.Close()
	var buf bytes.Buffer
	if err := Export(ctx, dir, &buf, Selection{}); err != nil {
		f.Fatal(err)
	}
	return dir, buf.Bytes()
}

// FuzzBundleParts fuzzes the members of a valid bundle (decompressed, so
// the fuzzer reaches the record, proof and checkpoint parsers and the
// shared record checks) and the readers of a bundle that opens.
func FuzzBundleParts(f *testing.F) {
	_, b := sourceFixtureF(f)
	parts, err := readBundle(bytes.NewReader(b), MaxBundleSize)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(parts[memberRecords], parts[memberProofs], parts[memberCheckpoints])
	erasure := []byte(`{"digest":"sha256:` + strings.Repeat("0", 64) + `","index":5,"timestamp":"2026-03-07T14:32:16.123Z","type":"erasure","v":"mandate evidence v2"}` + "\t\t" +
		`{"extra":{"identities":[[1,3]],"payloads":[[2,2]],"pseudonym":"pseudonym:` + strings.Repeat("a", 32) + `","through_index":4},"salt":"00"}` + "\n")
	f.Add(append(bytes.Clone(parts[memberRecords]), erasure...), parts[memberProofs], parts[memberCheckpoints])
	f.Fuzz(func(t *testing.T, records, proofs, cps []byte) {
		p := map[string][]byte{}
		for k, v := range parts {
			p[k] = v
		}
		p[memberRecords], p[memberProofs], p[memberCheckpoints] = records, proofs, cps
		ctx := context.Background()
		bn, err := openParts(ctx, p, BundleOptions{TrustBundledKey: true})
		if bn == nil || (err == nil) != bn.Report.OK {
			t.Fatalf("bundle %v, error %v", bn, err)
		}
		RecordsFrom(ctx, bn, Filter{})
		ss, _ := SessionsFrom(ctx, bn, Filter{})
		for _, s := range ss {
			SessionTimeline(ctx, bn, s.ID)
		}
	})
}
