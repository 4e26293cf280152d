package gate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Options tell Open where things are.
type Options struct {
	// StateDir is Mandate's state directory (see StateDir).
	StateDir string
	// PolicyPath is an explicit policy file (the --policy flag); empty means
	// policy.Locate from Cwd, else the built-in default.
	PolicyPath string
	// Cwd is the working directory of the agent (the payload's cwd).
	Cwd    string
	Getenv func(string) string
	Now    func() time.Time
}

// Open loads the policy, opens the evidence log, and returns a Gate ready
// for one event. The caller must Close it.
func Open(ctx context.Context, o Options) (*Gate, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.StateDir == "" {
		d, err := StateDir(o.Getenv)
		if err != nil {
			return nil, err
		}
		o.StateDir = d
	}
	p, err := LoadPolicy(o.PolicyPath, o.Cwd, o.Getenv)
	if err != nil {
		return nil, err
	}
	red, err := evidence.NewRedactor(o.StateDir, p.RedactPII())
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	log, err := evidence.Open(o.StateDir, evidence.Options{Now: o.Now, Redactor: red})
	if err != nil {
		return nil, err
	}
	g, err := New(Config{
		Policy:   p,
		Log:      log,
		StateDir: o.StateDir,
		Identity: LocalIdentity{Getenv: o.Getenv},
		Now:      o.Now,
	})
	if err != nil {
		log.Close()
		return nil, err
	}
	g.closer = log
	return g, nil
}

// Close releases the evidence log.
func (g *Gate) Close() error {
	if g.closer == nil {
		return nil
	}
	return g.closer.Close()
}

var _ io.Closer = (*Gate)(nil)

// LoadPolicy finds and loads the policy: path if given, else
// $MANDATE_POLICY, else agent-policy.yaml at the root of the git
// repository containing cwd, else the built-in default. The policy is
// bound to Mandate's state directories so self-protection covers them.
func LoadPolicy(path, cwd string, getenv func(string) string) (*policy.Policy, error) {
	if path == "" {
		var err error
		if path, err = policy.Locate(cwd, getenv); err != nil {
			return nil, err
		}
	}
	var p *policy.Policy
	if path == "" {
		p = policy.Default()
	} else {
		if !filepath.IsAbs(path) && cwd != "" {
			path = filepath.Join(cwd, path)
		}
		var err error
		if p, err = policy.Load(path); err != nil {
			return nil, err
		}
	}
	return p.WithOptions(policy.Options{StateDirs: StateDirs(getenv)}), nil
}

// StateDir is Mandate's state directory (evidence, keys, caches):
// $MANDATE_HOME if set, else $XDG_STATE_HOME/mandate, else
// ~/.local/state/mandate.
func StateDir(getenv func(string) string) (string, error) {
	if d := getenv("MANDATE_HOME"); d != "" {
		return filepath.Abs(d)
	}
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mandate"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("cannot find the state directory: set MANDATE_HOME or HOME")
		}
		home = h
	}
	return filepath.Join(home, ".local", "state", "mandate"), nil
}

// StateDirs lists every directory that is or could be Mandate's state
// directory, for self-protection: an agent that sets MANDATE_HOME for its
// own commands must not thereby expose the real one.
func StateDirs(getenv func(string) string) []string {
	var out []string
	if d := getenv("MANDATE_HOME"); d != "" {
		if a, err := filepath.Abs(d); err == nil {
			out = append(out, a)
		}
	}
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		out = append(out, filepath.Join(d, "mandate"))
	}
	if h := getenv("HOME"); h != "" {
		out = append(out, filepath.Join(h, ".local", "state", "mandate"))
	}
	return out
}
