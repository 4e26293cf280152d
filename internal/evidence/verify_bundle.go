package evidence

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/mandate-dev/mandate/internal/canonjson"
)

// verifyBundle checks the members of a bundle read by readBundle
// (docs/evidence-format.md, section 8) and fills rep with what they
// hold; the first problem is vs's. vs is a bundle's (newVerifyState(nil,
// true)): its verifier is the key opts names or trusts.
func (vs *verifyState) verifyBundle(ctx context.Context, parts map[string][]byte, opts BundleOptions, rep *BundleReport) {
	var m manifest
	if err := strictJSON(bytes.TrimSuffix(parts[memberManifest], []byte("\n")), &m); err != nil || m.Format != BundleFormat {
		vs.fail(-1, "manifest: not a canonical %q manifest", BundleFormat)
		return
	}
	bundleKey := string(bytes.TrimSpace(parts[memberKey]))
	keyText := bundleKey
	switch {
	case opts.Key != "":
		rep.Trust = KeyPinned
		keyText = strings.TrimSpace(opts.Key)
		if keyText != bundleKey {
			vs.fail(-1, "the bundle carries verifier key %q, not the pinned key", bundleKey)
			return
		}
	case opts.TrustBundledKey:
		rep.Trust = KeyBundledTrusted
	default:
		rep.Trust = KeyNone
	}
	rep.KeySelfAsserted = rep.Trust == KeyNone
	v, err := parseVerifier(keyText)
	if err != nil {
		vs.fail(-1, "%v", err)
		return
	}
	rep.Key = keyText
	rep.Origin = v.Name()
	if m.Origin != v.Name() {
		vs.fail(-1, "manifest origin %q is not the key's %q", m.Origin, v.Name())
		return
	}
	// Checkpoints: each signed, in sequence, growing, as in the log.
	vs.v = v
	cpLines := parts[memberCheckpoints]
	vs.checkpointsFile(bytes.NewReader(cpLines), maxSmallPart, int64(len(cpLines)))
	if vs.problem != "" {
		return
	}
	cps := vs.cps
	if len(cps) == 0 {
		vs.fail(-1, "the bundle has no checkpoint")
		return
	}
	anchor := cps[len(cps)-1]
	rep.Checkpoints = len(cps)
	rep.TreeSize, rep.RootHash, rep.CheckpointTime = anchor.Tree.N, anchor.Tree.Hash.String(), anchor.Time
	if m.TreeSize != anchor.Tree.N {
		vs.fail(-1, "manifest tree size %d is not the latest checkpoint's %d", m.TreeSize, anchor.Tree.N)
		return
	}
	if !vs.consistency(parts[memberConsistency]) {
		return
	}
	vs.bundleRecords(ctx, parts, anchor, m, rep)
	vs.checkpointRecords(cps, 0, false)
	vs.finish()
	rep.Warnings = vs.warnings
}

// consistency checks every older checkpoint against the latest, by the
// consistency proofs in the member lines.
func (vs *verifyState) consistency(lines []byte) bool {
	cps := vs.cps
	anchor := cps[len(cps)-1]
	older := map[int64]Checkpoint{}
	for _, cp := range cps[:len(cps)-1] {
		older[cp.Seq] = cp
	}
	err := readLines(bytes.NewReader(lines), maxSmallPart, 0, func(b []byte, complete bool) error {
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
		vs.fail(-1, "consistency: %v", err)
		return false
	}
	if len(older) > 0 {
		vs.fail(-1, "consistency: %d checkpoints have no consistency proof", len(older))
		return false
	}
	return true
}

// bundleRecords checks every record's inclusion in the latest
// checkpoint, and feeds the records to the shared checks (recordChecks).
func (vs *verifyState) bundleRecords(ctx context.Context, parts map[string][]byte, anchor Checkpoint, m manifest, rep *BundleReport) {
	var proofs []proofLine
	err := readLines(bytes.NewReader(parts[memberProofs]), maxLine, int64(len(parts[memberProofs])), func(b []byte, complete bool) error {
		var p proofLine
		if !complete || strictJSON(b, &p) != nil {
			return errors.New("malformed proof line")
		}
		proofs = append(proofs, p)
		return nil
	})
	if err != nil {
		vs.fail(-1, "proofs: %v", err)
		return
	}
	sessions := map[string]bool{}
	k := 0
	prev := int64(-1)
	err = readLines(bytes.NewReader(parts[memberRecords]), maxLine, int64(len(parts[memberRecords])), func(b []byte, complete bool) error {
		if k&0xfff == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if !complete {
			vs.fail(-1, "records: unterminated last line")
			return errStop
		}
		l, err := parseLine(b)
		if err != nil {
			vs.fail(prev+1, "%v", err)
			return errStop
		}
		i := l.env.Index
		if k >= len(proofs) || proofs[k].Index != i {
			vs.fail(i, "no inclusion proof")
			return errStop
		}
		if i <= prev || i >= anchor.Tree.N {
			vs.fail(i, "index out of order or beyond the checkpoint's %d records", anchor.Tree.N)
			return errStop
		}
		p, err := decodeHashes(proofs[k].Proof)
		if err != nil {
			vs.fail(i, "inclusion proof: %v", err)
			return errStop
		}
		if err := tlog.CheckRecord(p, anchor.Tree.N, anchor.Tree.Hash, i, tlog.RecordHash(l.envText)); err != nil {
			vs.fail(i, "not included in the signed checkpoint (altered, or not from this log): %v", err)
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
		if !vs.add(&l) {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		vs.fail(-1, "records: %v", err)
		return
	}
	if vs.problem != "" {
		return
	}
	if k != len(proofs) {
		vs.fail(-1, "proofs: %d proofs for %d records", len(proofs), k)
		return
	}
	if int64(k) != m.Records {
		vs.fail(-1, "the manifest lists %d records but the bundle holds %d", m.Records, k)
		return
	}
	rep.Records, rep.Pruned, rep.Pseudonymized, rep.Policies = int64(k), int64(len(vs.pruned)), int64(len(vs.pseud)), len(vs.texts)
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
