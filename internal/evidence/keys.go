package evidence

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/mandate-dev/mandate/internal/atomicfile"
	"github.com/mandate-dev/mandate/internal/redact"
)

// Files inside the state directory.
const (
	subdir          = "evidence"
	recordsFile     = "records.jsonl"
	hashesFile      = "hashes"
	checkpointsFile = "checkpoints.jsonl"
	lockFile        = "lock"
	signerFile      = "signer.key"
	verifierFile    = "verifier.key"
	redactKeyFile   = "redact.key"
)

// OriginPrefix starts the origin line of every checkpoint (and the name of
// every log key); the log ID follows.
const OriginPrefix = "mandate.dev/evidence/"

// ErrDamaged is wrapped by errors about a log whose files exist but are
// inconsistent in a way no crash can produce. Such a log is never
// recreated or repaired automatically; run Verify.
var ErrDamaged = errors.New("evidence: log is damaged")

// Init creates the state directory (0700), its evidence subdirectory and
// the keys: an Ed25519 note signer and verifier named
// "mandate.dev/evidence/<log-id>" and a 32-byte redaction HMAC key, all
// 0600. It is idempotent: existing complete keys are kept; a partial set
// (a signer without its verifier, say) is an error, never overwritten.
func Init(dir string) error {
	return initDir(dir, rand.Reader)
}

func initDir(dir string, rnd io.Reader) error {
	ed := filepath.Join(dir, subdir)
	if err := os.MkdirAll(ed, 0o700); err != nil {
		return fmt.Errorf("evidence: creating state directory: %w", err)
	}
	// Many hook processes may start at once on a fresh machine: create the
	// keys under the log's lock so they cannot mix two generations.
	lk, err := openLock(ed)
	if err != nil {
		return err
	}
	defer lk.Close()
	if err := lk.lock(); err != nil {
		return err
	}
	defer lk.unlock()
	sp, vp, rp := filepath.Join(ed, signerFile), filepath.Join(ed, verifierFile), filepath.Join(ed, redactKeyFile)
	have := 0
	for _, p := range []string{sp, vp} {
		if _, err := os.Lstat(p); err == nil {
			have++
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("evidence: %w", err)
		}
	}
	switch have {
	case 1:
		return fmt.Errorf("%w: only one of %s and %s exists in %s", ErrDamaged, signerFile, verifierFile, ed)
	case 0:
		var id [8]byte
		if _, err := io.ReadFull(rnd, id[:]); err != nil {
			return fmt.Errorf("evidence: generating log id: %w", err)
		}
		skey, vkey, err := note.GenerateKey(rnd, OriginPrefix+hex.EncodeToString(id[:]))
		if err != nil {
			return fmt.Errorf("evidence: generating signing key: %w", err)
		}
		// Verifier first: a crash between the two leaves a verifier
		// without a signer, reported above rather than silently replaced.
		if err := writeFileDurable(vp, []byte(vkey+"\n"), 0o600); err != nil {
			return err
		}
		if err := writeFileDurable(sp, []byte(skey+"\n"), 0o600); err != nil {
			return err
		}
	}
	if _, err := os.Lstat(rp); errors.Is(err, fs.ErrNotExist) {
		var k [32]byte
		if _, err := io.ReadFull(rnd, k[:]); err != nil {
			return fmt.Errorf("evidence: generating redaction key: %w", err)
		}
		if err := writeFileDurable(rp, []byte(hex.EncodeToString(k[:])+"\n"), 0o600); err != nil {
			return err
		}
	} else if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	// The key pair is checked when the signer is first needed (a
	// checkpoint), not here: deriving an Ed25519 signer costs more than a
	// whole hook call's decision, and every hook process opens the log.
	return nil
}

// loadKeys reads the signer and verifier and checks that they are a pair.
func loadKeys(dir string) (note.Signer, note.Verifier, error) {
	ed := filepath.Join(dir, subdir)
	sb, err := readSmall(filepath.Join(ed, signerFile))
	if err != nil {
		return nil, nil, err
	}
	signer, err := note.NewSigner(strings.TrimSpace(string(sb)))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %v", ErrDamaged, signerFile, err)
	}
	verifier, err := loadVerifier(dir)
	if err != nil {
		return nil, nil, err
	}
	if signer.Name() != verifier.Name() || signer.KeyHash() != verifier.KeyHash() {
		return nil, nil, fmt.Errorf("%w: %s and %s are not a key pair", ErrDamaged, signerFile, verifierFile)
	}
	return signer, verifier, nil
}

func loadVerifier(dir string) (note.Verifier, error) {
	text, err := VerifierKey(dir)
	if err != nil {
		return nil, err
	}
	return parseVerifier(text)
}

func parseVerifier(text string) (note.Verifier, error) {
	v, err := note.NewVerifier(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("evidence: verifier key: %w", err)
	}
	if !strings.HasPrefix(v.Name(), OriginPrefix) {
		return nil, fmt.Errorf("evidence: verifier key %q is not a Mandate evidence key", v.Name())
	}
	return v, nil
}

// VerifierKey returns the log's public verifier key text (the line an
// auditor pins), e.g. "mandate.dev/evidence/0123abcd…+1a2b3c4d+AQ…".
func VerifierKey(dir string) (string, error) {
	b, err := readSmall(filepath.Join(dir, subdir, verifierFile))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// RedactKeyPath is the file RedactKey reads.
func RedactKeyPath(dir string) string { return filepath.Join(dir, subdir, redactKeyFile) }

// RedactKey returns the installation's redaction HMAC key, creating the
// state directory and keys first if needed.
func RedactKey(dir string) ([]byte, error) {
	p := RedactKeyPath(dir)
	b, err := readSmall(p)
	if errors.Is(err, fs.ErrNotExist) {
		if err := Init(dir); err != nil {
			return nil, err
		}
		b, err = readSmall(p)
	}
	if err != nil {
		return nil, err
	}
	k, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(k) < redact.MinKeyLen {
		return nil, fmt.Errorf("%w: %s is not a hex key of at least %d bytes", ErrDamaged, redactKeyFile, redact.MinKeyLen)
	}
	return k, nil
}

// NewRedactor returns a Redactor keyed with the installation's redaction
// key (see RedactKey); pii switches on the personal-data detectors.
func NewRedactor(dir string, pii bool) (*redact.Redactor, error) {
	k, err := RedactKey(dir)
	if err != nil {
		return nil, err
	}
	r, err := redact.New(redact.Config{Key: k, PII: pii})
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	return r, nil
}

// writeFileDurable writes data to path atomically and durably.
func writeFileDurable(path string, data []byte, perm os.FileMode) error {
	if err := atomicfile.WriteFile(path, data, perm); err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	if err := atomicfile.SyncDir(dir); err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	return nil
}
