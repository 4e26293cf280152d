package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/mod/sumdb/note"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// The commands that read evidence (log, sessions, session show, report)
// read the local log, or with --bundle a bundle written by export, with
// the same code (evidence.Source). A bundle is verified as it is opened:
// one that cannot be read is exit 2 and nothing is shown; one that does
// not verify is shown, marked on stderr, and the command exits 1; one
// that verifies only against the key it carries is shown with a note.

// sourceFlags are --bundle, --key and --trust-bundled-key.
type sourceFlags struct {
	bundle, key  string
	trustBundled bool
}

// addFlags registers the flags in fs's "Input" group.
func (s *sourceFlags) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&s.bundle, "bundle", "", "read this bundle `FILE` (written by mandate export) instead of the local log ('-': standard input); it is verified first")
	fs.StringVar(&s.key, "key", "", "with --bundle: the log's verifier `KEY` (the key text, or a file holding it), obtained independently of the bundle")
	fs.BoolVar(&s.trustBundled, "trust-bundled-key", false, "with --bundle and no --key: trust the key the bundle carries (you compared it out of band)")
	setGroup(fs, "Input", "bundle", "key", "trust-bundled-key")
}

// check refuses flag combinations that make no sense, before anything
// is read.
func (s *sourceFlags) check(env *Env, keyWithoutBundle bool) (string, error) {
	if s.bundle == "" && s.trustBundled {
		return "", errors.New("--trust-bundled-key is for --bundle")
	}
	if s.bundle == "" && s.key != "" && !keyWithoutBundle {
		return "", errors.New("--key is for --bundle (the local log is read with its own key)")
	}
	if s.key != "" && s.trustBundled {
		return "", errors.New("--key and --trust-bundled-key: choose one (a pinned key needs no trust in the bundled one)")
	}
	return pinnedKey(env, s.key)
}

// pinnedKey reads a --key value (evKey) and checks that it is a verifier
// key, so that a typo is a usage error rather than a failed verification.
func pinnedKey(env *Env, s string) (string, error) {
	key, err := evKey(env, s)
	if err != nil {
		return "", fmt.Errorf("--key: %v", err)
	}
	if key != "" {
		if _, err := note.NewVerifier(key); err != nil {
			return "", fmt.Errorf("--key: %q is neither a verifier key (mandate.dev/evidence/…+…+…, as mandate init prints it) nor a file holding one", cell(s, 80))
		}
	}
	return key, nil
}

// evSource is an opened record source.
type evSource struct {
	src evidence.Source
	// dir is the state directory of the local log; "" for a bundle.
	dir string
	// bundle is the opened bundle (nil for the local log), and name the
	// file it was read from ("standard input" for -).
	bundle *evidence.Bundle
	name   string
	// failed is true when the bundle does not verify: the command shows
	// what it holds and exits 1.
	failed bool
}

// open opens the local log or the bundle the flags name, reporting
// on stderr what the bundle's verification says. ok false: the command
// ends with code (the reason printed).
func (s *sourceFlags) open(ctx context.Context, env *Env, cmd, key string) (es *evSource, code int, ok bool) {
	if s.bundle == "" {
		dir, code, ok := evStateDir(env, cmd)
		if !ok {
			return nil, code, false
		}
		return &evSource{src: evidence.LocalSource(dir), dir: dir, name: "the local evidence log"}, 0, true
	}
	opts := evidence.BundleOptions{Key: key, TrustBundledKey: s.trustBundled}
	var b *evidence.Bundle
	var err error
	name := s.bundle
	if s.bundle == "-" {
		name = "standard input"
		b, err = evidence.OpenBundle(ctx, env.Stdin, opts)
	} else {
		b, err = evidence.OpenBundleFile(ctx, absPath(env, s.bundle), opts)
	}
	if b == nil {
		return nil, errorf(env, ExitUsage, "%s: cannot read the bundle %s: %s", cmd, name, bundleProblem(err)), false
	}
	es = &evSource{src: b, bundle: b, name: name}
	switch {
	case errors.Is(err, evidence.ErrInvalid):
		es.failed = true
		errorf(env, ExitFail, "%s: the bundle %s does NOT verify: %s; what it holds is shown, but none of it is proven", cmd, name, b.Report.Problem)
	case errors.Is(err, evidence.ErrUntrusted):
		errorf(env, ExitOK, "%s: note: the bundle %s verifies only against the key it carries (%s): that proves it is self-consistent, not that it comes from your log; pass --key KEY, or --trust-bundled-key once you have compared that key out of band", cmd, name, b.Report.Key)
	case err != nil:
		return nil, errorf(env, ExitFail, "%s: %v", cmd, err), false
	}
	return es, 0, true
}

// bundleProblem is an ErrUnreadable error without its generic prefix.
func bundleProblem(err error) string {
	msg := err.Error()
	if p := evidence.ErrUnreadable.Error() + ": "; len(msg) > len(p) && msg[:len(p)] == p {
		return msg[len(p):]
	}
	return msg
}

// exit is the code a command that read es ends with when its own work
// succeeded: 1 when the bundle does not verify.
func (es *evSource) exit() error {
	if es != nil && es.failed {
		return exitError{ExitFail}
	}
	return nil
}

// title names the source for a header: "bundle FILE (verified against the
// pinned key)", "the local evidence log".
func (es *evSource) title() string {
	if es.bundle == nil {
		return es.name
	}
	base := es.name
	if es.name != "standard input" {
		base = filepath.Base(es.name)
	}
	return "bundle " + base + " (" + trustText(&es.bundle.Report) + ")"
}

// trustText says in a few words what a bundle's verification is worth.
func trustText(r *evidence.BundleReport) string {
	switch {
	case !r.OK:
		return "DOES NOT VERIFY: " + r.Problem
	case r.Trust == evidence.KeyPinned:
		return "verified against the pinned key"
	case r.Trust == evidence.KeyBundledTrusted:
		return "verified against the key it carries, trusted explicitly"
	}
	return "ONLY SELF-CONSISTENT: verified against the key it carries, which no one vouched for"
}

// evStateDir returns the state directory, requiring an existing log for
// commands that only read; without one it fails with code missing.
func evStateDir(env *Env, cmd string) (string, int, bool) {
	return evStateDirOr(env, cmd, ExitFail)
}

func evStateDirOr(env *Env, cmd string, missing int) (string, int, bool) {
	dir, err := StateDir(env)
	if err != nil {
		return "", errorf(env, missing, "%s: %v", cmd, err), false
	}
	if _, err := os.Stat(filepath.Join(dir, "evidence")); err != nil {
		return "", errorf(env, missing, "%s: no evidence log in %s (run 'mandate init', or set MANDATE_HOME)", cmd, dir), false
	}
	return dir, 0, true
}

// evKey reads a --key value: a file holding the key, or the key text.
func evKey(env *Env, s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if st, err := os.Stat(absPath(env, s)); err == nil && st.Mode().IsRegular() {
		if st.Size() > 4096 {
			return "", fmt.Errorf("key file %s is larger than a key", s)
		}
		b, err := os.ReadFile(absPath(env, s))
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	return strings.TrimSpace(s), nil
}
