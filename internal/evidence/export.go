package evidence

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/mandate-dev/mandate/internal/canonjson"
)

// Selection chooses the records Export writes; zero fields select all.
// Since is inclusive, Until exclusive.
type Selection struct {
	Session      string    `json:"session,omitempty"`
	Since, Until time.Time `json:"-"`
}

// Export writes a bundle of the records in sel (up to the latest
// checkpoint) to out: a gzip-compressed tar holding the manifest, the
// verifier key, every checkpoint, consistency proofs from each older
// checkpoint to the latest, the selected records plus the policy.load
// records whose policy they reference and every prune record, and an
// inclusion proof of each record in the latest checkpoint. The log must
// verify first; the redaction key is never included. (The selection also
// carries every erasure record; see selectLines.)
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

// selectLines returns the lines to export, in index order: the selected
// records, the policy.load record holding the text of every policy they
// name, and every prune and erasure record (so erased payloads and
// pseudonyms can be shown to be lawful).
func selectLines(ctx context.Context, dir string, n int64, sel Selection) ([]rawLine, error) {
	f, err := os.Open(filepath.Join(dir, subdir, recordsFile))
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	defer f.Close()
	var chosen, always []rawLine
	policies := map[string]rawLine{} // policy digest → the first policy.load record with its text
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
		if i&0xfff == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		l, err := parseLine(b)
		if err != nil || l.env.Index != i {
			return fmt.Errorf("%w: record %d changed during export", ErrDamaged, i)
		}
		i++
		raw := rawLine{index: l.env.Index, raw: bytes.Clone(b)}
		if l.env.Type == TypePrune || l.env.Type == TypeErasure {
			always = append(always, raw)
		}
		digests := []string{l.env.PolicyDigest, l.env.PinnedPolicyDigest}
		if l.payload != nil && (l.env.Type == TypePolicyLoad || (l.env.V == RecordFormatV1 && containsDigestMember(l.payload))) {
			e, err := l.entry()
			if err != nil {
				return err
			}
			r := &e.Record
			digests = append(digests, r.PolicyDigest, r.PinnedPolicyDigest)
			if l.env.Type == TypePolicyLoad && r.PolicyDigest != "" && r.PolicyText != "" {
				if _, seen := policies[r.PolicyDigest]; !seen {
					policies[r.PolicyDigest] = raw
				}
			}
		}
		if (sel.Session != "" && l.env.SessionID != sel.Session) ||
			(since != "" && l.env.Timestamp < since) || (until != "" && l.env.Timestamp >= until) {
			return nil
		}
		chosen = append(chosen, raw)
		for _, d := range digests {
			if d != "" {
				wanted[d] = true
			}
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
	for _, l := range always {
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
