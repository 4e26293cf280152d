package gate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mandate-dev/mandate/internal/atomicfile"
	"github.com/mandate-dev/mandate/internal/evidence"
)

// SubjectErasure is what EraseSubject changed (or, for a dry run, would).
type SubjectErasure struct {
	Evidence evidence.SubjectReport `json:"evidence"`
	// Sessions is the number of open sessions' files whose user became
	// the pseudonym (and whose host was cleared): their next records name
	// the pseudonym.
	Sessions int `json:"sessions"`
	// Residual lists the other files of the state directory that still
	// name the subject (pinned copies of governance files, tamper locks),
	// relative to it: nothing there is evidence, and nothing is changed.
	Residual []string `json:"residual,omitempty"`
}

// maxScan bounds each file EraseSubject searches for residual mentions.
const maxScan = 64 << 20

// EraseSubject erases a person's identity from the state directory (GDPR
// Article 17): evidence.PruneSubject on the log (their identity replaced
// by a keyed pseudonym in every record, payloads naming them erased, the
// erasure recorded), then the same pseudonym in the files of their open
// sessions, then a search of every other file of the state directory for
// what still names them. A subject no record names is
// evidence.ErrNoSubject, and nothing changes.
func EraseSubject(ctx context.Context, stateDir string, req evidence.SubjectRequest, opt evidence.Options) (SubjectErasure, error) {
	var out SubjectErasure
	rep, err := evidence.PruneSubject(ctx, stateDir, req, opt)
	out.Evidence = rep
	if err != nil {
		return out, err
	}
	subject := strings.TrimSpace(req.Subject)
	if out.Sessions, err = pseudonymizeSessions(stateDir, subject, rep.Pseudonym, req.DryRun); err != nil {
		return out, err
	}
	if !req.DryRun {
		out.Residual, err = residual(ctx, stateDir, subject)
	}
	return out, err
}

// pseudonymizeSessions replaces subject by pseudonym in the session files.
func pseudonymizeSessions(stateDir, subject, pseudonym string, dry bool) (int, error) {
	dir := filepath.Join(stateDir, "sessions")
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".json") || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		s, err := readSession(path)
		if err != nil || !strings.EqualFold(s.User, subject) {
			continue
		}
		n++
		if dry {
			continue
		}
		s.User, s.Host, s.UserSource = pseudonym, "", "erased (GDPR Art. 17)"
		b, err := json.Marshal(s)
		if err != nil {
			return n, err
		}
		if err := atomicfile.WriteFile(path, b, 0o600); err != nil {
			return n, err
		}
	}
	return n, nil
}

// residual lists the files below stateDir, other than the evidence log,
// that contain subject (case-insensitively).
func residual(ctx context.Context, stateDir, subject string) ([]string, error) {
	needle := bytes.ToLower([]byte(subject))
	var out []string
	err := filepath.WalkDir(stateDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: nothing to report from it
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rel, _ := filepath.Rel(stateDir, p)
		if d.IsDir() {
			if rel == "evidence" {
				return filepath.SkipDir // PruneSubject's, and reported by it
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > maxScan {
			return nil
		}
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(bytes.ToLower(b), needle) {
			out = append(out, rel)
		}
		return nil
	})
	return out, err
}
