package evidence

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/mandate-dev/mandate/internal/canonjson"
)

// BundleFormat is the first field of a bundle's manifest.
const BundleFormat = "mandate evidence bundle v1"

// Bundle limits: VerifyBundle refuses anything larger, compressed or not.
const (
	MaxBundleSize = 1 << 30  // the whole bundle, compressed and uncompressed
	maxSmallPart  = 16 << 20 // every member but records.jsonl and proofs.jsonl
)

// Bundle member names, in the order Export writes them.
const (
	memberManifest    = "bundle.json"
	memberKey         = "verifier.key"
	memberCheckpoints = "checkpoints.jsonl"
	memberConsistency = "consistency.jsonl"
	memberRecords     = "records.jsonl"
	memberProofs      = "proofs.jsonl"
)

var bundleMembers = []string{memberManifest, memberKey, memberCheckpoints, memberConsistency, memberRecords, memberProofs}

// Selection chooses the records Export writes; zero fields select all.
// Since is inclusive, Until exclusive.
type Selection struct {
	Session      string    `json:"session,omitempty"`
	Since, Until time.Time `json:"-"`
}

// manifest is bundle.json. It claims only what VerifyBundle checks: how
// the bundle was selected is not a claim (completeness of a selection
// cannot be proven without the whole log); the report lists what the
// records cover instead.
type manifest struct {
	Format   string `json:"format"`
	Origin   string `json:"origin"`
	Records  int64  `json:"records"`
	TreeSize int64  `json:"tree_size"`
}

type proofLine struct {
	Index int64    `json:"index"`
	Proof []string `json:"proof"`
}

type consistencyLine struct {
	Seq   int64    `json:"seq"`
	Proof []string `json:"proof"`
}

// Export writes a bundle of the records in sel (up to the latest
// checkpoint) to out: a gzip-compressed tar holding the manifest, the
// verifier key, every checkpoint, consistency proofs from each older
// checkpoint to the latest, the selected records plus the policy.load
// records whose policy they reference and every prune record, and an
// inclusion proof of each record in the latest checkpoint. The log must
// verify first; the redaction key is never included.
func Export(ctx context.Context, dir string, out io.Writer, sel Selection) error {
	rep, vs, err := verifyDir(ctx, dir, "")
	if err != nil {
		return fmt.Errorf("evidence: refusing to export: %w", err)
	}
	if len(vs.cps) == 0 {
		return errors.New("evidence: the log has no checkpoint yet: run mandate checkpoint first")
	}
	anchor := vs.cps[len(vs.cps)-1]
	n := anchor.Tree.N
	lines, err := selectLines(ctx, dir, n, sel)
	if err != nil {
		return err
	}
	m := manifest{Format: BundleFormat, Origin: anchor.Origin, TreeSize: n, Records: int64(len(lines))}
	var recs, proofs, cps, cons bytes.Buffer
	for _, l := range lines {
		p, err := tlog.ProveRecord(n, l.index, vs.mem)
		if err != nil {
			return fmt.Errorf("evidence: proving record %d: %w", l.index, err)
		}
		recs.Write(l.raw)
		recs.WriteByte('\n')
		if err := writeJSONLine(&proofs, proofLine{Index: l.index, Proof: encodeHashes(p)}); err != nil {
			return err
		}
	}
	for _, cp := range vs.cps {
		if err := writeJSONLine(&cps, map[string]any{"note": string(cp.Note)}); err != nil {
			return err
		}
		if cp.Seq == anchor.Seq {
			continue
		}
		p, err := tlog.ProveTree(n, cp.Tree.N, vs.mem)
		if err != nil {
			return fmt.Errorf("evidence: consistency proof: %w", err)
		}
		if err := writeJSONLine(&cons, consistencyLine{Seq: cp.Seq, Proof: encodeHashes(p)}); err != nil {
			return err
		}
	}
	mb, err := canonjson.Marshal(toAny(m))
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	parts := map[string][]byte{
		memberManifest: append(mb, '\n'), memberKey: []byte(rep.Key + "\n"), memberCheckpoints: cps.Bytes(),
		memberConsistency: cons.Bytes(), memberRecords: recs.Bytes(), memberProofs: proofs.Bytes(),
	}
	for _, name := range bundleMembers {
		b := parts[name]
		hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("evidence: writing bundle: %w", err)
		}
		if _, err := tw.Write(b); err != nil {
			return fmt.Errorf("evidence: writing bundle: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("evidence: writing bundle: %w", err)
	}
	if err := gz.Close(); err != nil {
		return fmt.Errorf("evidence: writing bundle: %w", err)
	}
	return nil
}

type rawLine struct {
	index int64
	raw   []byte
}

// selectLines returns the lines to export, in index order.
func selectLines(ctx context.Context, dir string, n int64, sel Selection) ([]rawLine, error) {
	f, err := os.Open(filepath.Join(dir, subdir, recordsFile))
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	defer f.Close()
	var chosen []rawLine
	policies := map[string]rawLine{} // policy digest → its policy.load record
	var prunes []rawLine
	wanted := map[string]bool{}
	since, until := "", ""
	if !sel.Since.IsZero() {
		since = sel.Since.UTC().Format(timeFormat)
	}
	if !sel.Until.IsZero() {
		until = sel.Until.UTC().Format(timeFormat)
	}
	var i int64
	err = readLines(f, maxLine, 1<<20, func(b []byte, complete bool) error {
		if i >= n || !complete {
			return errStop
		}
		l, err := parseLine(b)
		if err != nil || l.env.Index != i {
			return fmt.Errorf("%w: record %d changed during export", ErrDamaged, i)
		}
		i++
		raw := rawLine{index: l.env.Index, raw: bytes.Clone(b)}
		if l.env.Type == TypePrune {
			prunes = append(prunes, raw)
		}
		var digest string
		if l.payload != nil && (l.env.Type == TypePolicyLoad || bytes.Contains(l.payload, []byte(`"policy_digest"`))) {
			e, err := l.entry()
			if err != nil {
				return err
			}
			digest = e.Record.PolicyDigest
			if l.env.Type == TypePolicyLoad && digest != "" {
				if _, seen := policies[digest]; !seen {
					policies[digest] = raw
				}
			}
		}
		if (sel.Session != "" && l.env.SessionID != sel.Session) ||
			(since != "" && l.env.Timestamp < since) || (until != "" && l.env.Timestamp >= until) {
			return nil
		}
		chosen = append(chosen, raw)
		if digest != "" {
			wanted[digest] = true
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	byIndex := map[int64]rawLine{}
	for _, l := range chosen {
		byIndex[l.index] = l
	}
	for d := range wanted {
		if l, ok := policies[d]; ok {
			byIndex[l.index] = l
		}
	}
	for _, l := range prunes {
		byIndex[l.index] = l
	}
	out := make([]rawLine, 0, len(byIndex))
	for _, l := range byIndex {
		out = append(out, l)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].index < out[b].index })
	return out, nil
}

func encodeHashes(hs []tlog.Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return out
}

func decodeHashes(ss []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ss))
	for i, s := range ss {
		b, err := base64.StdEncoding.Strict().DecodeString(s)
		if err != nil || len(b) != tlog.HashSize {
			return nil, fmt.Errorf("bad hash %q", s)
		}
		copy(out[i][:], b)
	}
	return out, nil
}

func toAny(v any) any {
	b, _ := json.Marshal(v)
	var out any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	_ = d.Decode(&out)
	return out
}

func writeJSONLine(w *bytes.Buffer, v any) error {
	b, err := canonjson.Marshal(toAny(v))
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	w.Write(b)
	w.WriteByte('\n')
	return nil
}

// BundleReport is the outcome of VerifyBundle.
type BundleReport struct {
	OK       bool   `json:"ok"`
	FirstBad int64  `json:"first_bad"` // index of the first bad record, -1 if none or not a record
	Problem  string `json:"problem,omitempty"`

	Origin string `json:"origin"`
	Key    string `json:"key"`
	// KeySelfAsserted is true when no key was pinned: the bundle proves it
	// was signed by the key it carries, not that this key is the log's.
	// Compare the key with one obtained independently.
	KeySelfAsserted bool      `json:"key_self_asserted"`
	TreeSize        int64     `json:"tree_size"`
	RootHash        string    `json:"root_hash"`
	CheckpointTime  time.Time `json:"checkpoint_time"`
	Checkpoints     int       `json:"checkpoints"`
	Records         int64     `json:"records"`
	Pruned          int64     `json:"pruned"`
	Policies        int       `json:"policies"` // policy texts included (by digest)
	Sessions        []string  `json:"sessions,omitempty"`
	First           time.Time `json:"first"` // earliest record timestamp
	Last            time.Time `json:"last"`  // latest record timestamp
	Warnings        []string  `json:"warnings,omitempty"`
}

// VerifyBundle verifies a bundle written by Export using nothing but the
// bundle and, optionally, a pinned verifier key text. It reads at most
// MaxBundleSize bytes, compressed and uncompressed. A bundle that fails
// returns a report saying why and an error wrapping ErrInvalid; a bundle
// that cannot be read (truncated, oversized, not a bundle) returns an
// error wrapping ErrInvalid too.
func VerifyBundle(ctx context.Context, r io.Reader, key string) (BundleReport, error) {
	return verifyBundle(ctx, r, key, MaxBundleSize)
}

func verifyBundle(ctx context.Context, r io.Reader, key string, limit int64) (BundleReport, error) {
	rep := BundleReport{FirstBad: -1}
	parts, err := readBundle(r, limit)
	if err != nil {
		rep.Problem = err.Error()
		return rep, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	bv := &bundleVerifier{rep: &rep, parts: parts}
	bv.verify(ctx, key)
	if rep.Problem != "" {
		if rep.FirstBad >= 0 {
			rep.Problem = fmt.Sprintf("record %d: %s", rep.FirstBad, rep.Problem)
		}
		return rep, fmt.Errorf("%w: %s", ErrInvalid, rep.Problem)
	}
	rep.OK = true
	return rep, nil
}

// readBundle reads the members of a bundle within the limits.
func readBundle(r io.Reader, limit int64) (map[string][]byte, error) {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	gz, err := gzip.NewReader(lr)
	if err != nil {
		return nil, fmt.Errorf("not a bundle (gzip): %v", err)
	}
	// Count decompressed bytes: a zip bomb stops at the limit.
	dr := &io.LimitedReader{R: gz, N: limit + 1}
	tr := tar.NewReader(dr)
	parts := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bundleReadError(lr, dr, limit, err)
		}
		known := false
		for _, n := range bundleMembers {
			known = known || hdr.Name == n
		}
		if !known {
			return nil, fmt.Errorf("unexpected member %q", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("member %q is not a regular file", hdr.Name)
		}
		if _, dup := parts[hdr.Name]; dup {
			return nil, fmt.Errorf("member %q appears twice", hdr.Name)
		}
		max := int64(maxSmallPart)
		if hdr.Name == memberRecords || hdr.Name == memberProofs {
			max = limit
		}
		if hdr.Size < 0 || hdr.Size > max || hdr.Size > limit {
			return nil, fmt.Errorf("member %q is %d bytes, over the %d-byte limit", hdr.Name, hdr.Size, max)
		}
		b, err := io.ReadAll(io.LimitReader(tr, hdr.Size))
		if err != nil {
			return nil, bundleReadError(lr, dr, limit, err)
		}
		if int64(len(b)) != hdr.Size {
			return nil, fmt.Errorf("bundle is truncated (member %q)", hdr.Name)
		}
		parts[hdr.Name] = b
	}
	// Read to the end of the gzip stream so its checksum is checked.
	if _, err := io.Copy(io.Discard, dr); err != nil {
		return nil, bundleReadError(lr, dr, limit, err)
	}
	if dr.N <= 0 || lr.N <= 0 {
		return nil, fmt.Errorf("bundle exceeds the %d-byte limit", limit)
	}
	for _, n := range bundleMembers {
		if _, ok := parts[n]; !ok {
			return nil, fmt.Errorf("bundle has no %s", n)
		}
	}
	return parts, nil
}

func bundleReadError(lr, dr *io.LimitedReader, limit int64, err error) error {
	if lr.N <= 0 || dr.N <= 0 {
		return fmt.Errorf("bundle exceeds the %d-byte limit (uncompressed or compressed)", limit)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("bundle is truncated")
	}
	return fmt.Errorf("bundle is corrupt: %v", err)
}

type bundleVerifier struct {
	rep   *BundleReport
	parts map[string][]byte
}

func (bv *bundleVerifier) fail(index int64, format string, args ...any) {
	if bv.rep.Problem == "" {
		bv.rep.FirstBad = index
		bv.rep.Problem = fmt.Sprintf(format, args...)
	}
}

func (bv *bundleVerifier) verify(ctx context.Context, pinned string) {
	rep := bv.rep
	var m manifest
	if err := strictJSON(bytes.TrimSuffix(bv.parts[memberManifest], []byte("\n")), &m); err != nil || m.Format != BundleFormat {
		bv.fail(-1, "manifest: not a canonical %q manifest", BundleFormat)
		return
	}
	bundleKey := string(bytes.TrimSpace(bv.parts[memberKey]))
	keyText := bundleKey
	rep.KeySelfAsserted = pinned == ""
	if pinned != "" {
		keyText = pinned
		if strings.TrimSpace(pinned) != bundleKey {
			bv.fail(-1, "the bundle carries verifier key %q, not the pinned key", bundleKey)
			return
		}
	}
	v, err := parseVerifier(keyText)
	if err != nil {
		bv.fail(-1, "%v", err)
		return
	}
	rep.Key = keyText
	rep.Origin = v.Name()
	if m.Origin != v.Name() {
		bv.fail(-1, "manifest origin %q is not the key's %q", m.Origin, v.Name())
		return
	}
	// Checkpoints: each signed, in sequence, growing.
	var cps []Checkpoint
	err = readLines(bytes.NewReader(bv.parts[memberCheckpoints]), maxSmallPart, 0, func(b []byte, complete bool) error {
		if !complete {
			return fmt.Errorf("unterminated line")
		}
		cp, err := parseCheckpointLine(b, v)
		if err != nil {
			return err
		}
		if k := len(cps); k > 0 && (cp.Seq <= cps[k-1].Seq || cp.Tree.N <= cps[k-1].Tree.N || cp.Time.Before(cps[k-1].Time)) {
			return fmt.Errorf("checkpoint seq %d does not follow seq %d", cp.Seq, cps[k-1].Seq)
		}
		cps = append(cps, cp)
		return nil
	})
	if err != nil {
		bv.fail(-1, "checkpoints: %v", err)
		return
	}
	if len(cps) == 0 {
		bv.fail(-1, "the bundle has no checkpoint")
		return
	}
	anchor := cps[len(cps)-1]
	rep.Checkpoints = len(cps)
	rep.TreeSize, rep.RootHash, rep.CheckpointTime = anchor.Tree.N, anchor.Tree.Hash.String(), anchor.Time
	if m.TreeSize != anchor.Tree.N {
		bv.fail(-1, "manifest tree size %d is not the latest checkpoint's %d", m.TreeSize, anchor.Tree.N)
		return
	}
	// Consistency of every older checkpoint with the latest.
	older := map[int64]Checkpoint{}
	for _, cp := range cps[:len(cps)-1] {
		older[cp.Seq] = cp
	}
	err = readLines(bytes.NewReader(bv.parts[memberConsistency]), maxSmallPart, 0, func(b []byte, complete bool) error {
		var c consistencyLine
		if !complete || strictJSON(b, &c) != nil {
			return errors.New("malformed line")
		}
		cp, ok := older[c.Seq]
		if !ok {
			return fmt.Errorf("proof for unknown or repeated checkpoint %d", c.Seq)
		}
		delete(older, c.Seq)
		p, err := decodeHashes(c.Proof)
		if err != nil {
			return err
		}
		if err := tlog.CheckTree(p, anchor.Tree.N, anchor.Tree.Hash, cp.Tree.N, cp.Tree.Hash); err != nil {
			return fmt.Errorf("checkpoint %d is not consistent with the latest checkpoint (the log was rewritten): %v", c.Seq, err)
		}
		return nil
	})
	if err != nil {
		bv.fail(-1, "consistency: %v", err)
		return
	}
	if len(older) > 0 {
		bv.fail(-1, "consistency: %d checkpoints have no consistency proof", len(older))
		return
	}
	bv.records(ctx, anchor, m)
}

// records checks every record's inclusion in the latest checkpoint, and
// the prune and policy cross-references.
func (bv *bundleVerifier) records(ctx context.Context, anchor Checkpoint, m manifest) {
	rep := bv.rep
	var proofs []proofLine
	err := readLines(bytes.NewReader(bv.parts[memberProofs]), maxLine, int64(len(bv.parts[memberProofs])), func(b []byte, complete bool) error {
		var p proofLine
		if !complete || strictJSON(b, &p) != nil {
			return errors.New("malformed proof line")
		}
		proofs = append(proofs, p)
		return nil
	})
	if err != nil {
		bv.fail(-1, "proofs: %v", err)
		return
	}
	var pruned []prunedRec
	var prunes []pruneRec
	policyTexts := map[string]bool{}
	wanted := map[string]int64{}
	sessions := map[string]bool{}
	k := 0
	prev := int64(-1)
	err = readLines(bytes.NewReader(bv.parts[memberRecords]), maxLine, int64(len(bv.parts[memberRecords])), func(b []byte, complete bool) error {
		if k&0xfff == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if !complete {
			bv.fail(-1, "records: unterminated last line")
			return errStop
		}
		l, err := parseLine(b)
		if err != nil {
			bv.fail(prev+1, "%v", err)
			return errStop
		}
		i := l.env.Index
		if k >= len(proofs) || proofs[k].Index != i {
			bv.fail(i, "no inclusion proof")
			return errStop
		}
		if i <= prev || i >= anchor.Tree.N {
			bv.fail(i, "index out of order or beyond the checkpoint's %d records", anchor.Tree.N)
			return errStop
		}
		p, err := decodeHashes(proofs[k].Proof)
		if err != nil {
			bv.fail(i, "inclusion proof: %v", err)
			return errStop
		}
		if err := tlog.CheckRecord(p, anchor.Tree.N, anchor.Tree.Hash, i, tlog.RecordHash(l.envText)); err != nil {
			bv.fail(i, "not included in the signed checkpoint (altered, or not from this log): %v", err)
			return errStop
		}
		prev = i
		k++
		ts, _ := time.Parse(timeFormat, l.env.Timestamp)
		if rep.First.IsZero() || ts.Before(rep.First) {
			rep.First = ts
		}
		if ts.After(rep.Last) {
			rep.Last = ts
		}
		if l.env.SessionID != "" && !sessions[l.env.SessionID] {
			sessions[l.env.SessionID] = true
			rep.Sessions = append(rep.Sessions, l.env.SessionID)
		}
		if l.payload == nil {
			pruned = append(pruned, prunedRec{index: i, ts: l.env.Timestamp})
			return nil
		}
		e, err := l.entry()
		if err != nil {
			bv.fail(i, "%v", err)
			return errStop
		}
		switch l.env.Type {
		case TypePrune:
			through, ok := e.Record.extraInt("through_index")
			if !ok {
				bv.fail(i, "malformed prune record")
				return errStop
			}
			prunes = append(prunes, pruneRec{index: i, through: through, before: e.Record.extraString("before")})
		case TypePolicyLoad:
			sum := sha256.Sum256([]byte(e.Record.PolicyText))
			got := "sha256:" + hex.EncodeToString(sum[:])
			if e.Record.PolicyText != "" {
				policyTexts[e.Record.PolicyDigest] = true
				if got != e.Record.PolicyDigest {
					rep.Warnings = append(rep.Warnings, fmt.Sprintf("record %d: the stored policy text does not hash to its digest %s (redacted before storage?)", i, e.Record.PolicyDigest))
				}
			}
		}
		if e.Record.PolicyDigest != "" {
			if _, ok := wanted[e.Record.PolicyDigest]; !ok {
				wanted[e.Record.PolicyDigest] = i
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		bv.fail(-1, "records: %v", err)
		return
	}
	if rep.Problem != "" {
		return
	}
	if k != len(proofs) {
		bv.fail(-1, "proofs: %d proofs for %d records", len(proofs), k)
		return
	}
	if int64(k) != m.Records {
		bv.fail(-1, "the manifest lists %d records but the bundle holds %d", m.Records, k)
		return
	}
	for _, p := range pruned {
		ok := false
		for _, pr := range prunes {
			if pr.index > p.index && pr.through >= p.index && p.ts < pr.before {
				ok = true
				break
			}
		}
		if !ok {
			bv.fail(p.index, "payload erased but no prune record in the bundle covers it")
			return
		}
	}
	rep.Records, rep.Pruned, rep.Policies = int64(k), int64(len(pruned)), len(policyTexts)
	var missing []string
	for d := range wanted {
		if !policyTexts[d] {
			missing = append(missing, d)
		}
	}
	sort.Strings(missing)
	for _, d := range missing {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("policy text for %s is not in the bundle (first referenced by record %d)", d, wanted[d]))
	}
}

// strictJSON decodes b into v and requires b to be exactly the canonical
// encoding of v: no unknown, duplicate or differently spelled members.
func strictJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	again, err := canonjson.Marshal(toAny(v))
	if err != nil {
		return err
	}
	if !bytes.Equal(again, b) {
		return errors.New("not in canonical form")
	}
	return nil
}
