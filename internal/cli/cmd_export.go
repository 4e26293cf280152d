package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
)

type exportOptions struct {
	out, session, since, until string
	json                       bool
}

// exportResult is `mandate export --json`.
type exportResult struct {
	Path     string `json:"path"`
	Records  int64  `json:"records"`
	TreeSize int64  `json:"tree_size"`
	RootHash string `json:"root_hash"`
	Key      string `json:"key"`
}

func newExportCmd(env *Env) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use: "export --out FILE|- [flags]",
		// --out - writes the bundle, a gzip file, to standard output.
		Annotations: map[string]string{rawOutput: "true"},
		Short:       "Write a portable, offline-verifiable evidence bundle",
		Long: `Write a bundle of the evidence (records, Merkle proofs, signed checkpoints,
the policy texts that decided) that 'mandate verify --bundle' checks anywhere,
offline. The current head is signed first, so the bundle covers everything
recorded so far, and the bundle is verified before it is handed over: a
bundle that does not verify is never written.`,
		Example: `  mandate export --out evidence.bundle --since 2026-01-01
  mandate export --out - --session 01a1fef9 | ssh auditor 'cat > s.bundle'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runExport(cmd, env, &o) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.session, "session", "", "only the session `ID` (or a unique prefix of it)")
	fs.StringVar(&o.since, "since", "", "records at or after `T` ("+timeHelp+")")
	fs.StringVar(&o.until, "until", "", "records before `T`")
	setGroup(fs, "Filter", "session", "since", "until")
	fs.StringVarP(&o.out, "out", "o", "", "write the bundle to `FILE` ('-': standard output) (required)")
	fs.BoolVar(&o.json, "json", false, "print what was written as JSON (not with --out -)")
	setGroup(fs, "Output", "out", "json")
	cmd.RegisterFlagCompletionFunc("session", completeSessions(env))
	return cmd
}

func runExport(cmd *cobra.Command, env *Env, o *exportOptions) error {
	ctx := cmd.Context()
	if o.out == "" {
		return usagef(cmd, "--out FILE is required ('-' for standard output)")
	}
	toStdout := o.out == "-"
	if toStdout && o.json {
		return usagef(cmd, "--json prints to standard output, where --out - writes the bundle: choose one")
	}
	if toStdout && stdoutIsTerminal(env) {
		return usagef(cmd, "--out -: standard output is a terminal; redirect it to a file or a pipe")
	}
	var sel evidence.Selection
	var err error
	if sel.Since, err = evTime(o.since, env.Now()); err != nil {
		return usagef(cmd, "--since: %v", err)
	}
	if sel.Until, err = evTime(o.until, env.Now()); err != nil {
		return usagef(cmd, "--until: %v", err)
	}
	dir, code, ok := evStateDir(env, "export")
	if !ok {
		return exitError{code}
	}
	if sel.Session, err = resolveSession(ctx, evidence.LocalSource(dir), o.session); err != nil {
		return usagef(cmd, "--session: %v", err)
	}
	// Sign the current head first so the bundle covers everything so far.
	if code, ok := evCheckpoint(ctx, env, dir, "export", nil); !ok {
		return exitError{code}
	}
	path := absPath(env, o.out)
	tmpDir := filepath.Dir(path)
	if toStdout {
		tmpDir = ""
	}
	tmp, err := os.CreateTemp(tmpDir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := evidence.Export(ctx, dir, tmp, sel); err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	if err := tmp.Sync(); err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	// Check what was written before handing it over.
	key, err := evidence.VerifierKey(dir)
	if err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	rep, err := evidence.VerifyBundle(ctx, tmp, key)
	if err != nil {
		return exitError{errorf(env, ExitFail, "export: the written bundle does not verify: %v", err)}
	}
	msg := env.Stdout
	if toStdout {
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return exitError{errorf(env, ExitFail, "export: %v", err)}
		}
		if _, err := io.Copy(env.Stdout, tmp); err != nil {
			return exitError{errorf(env, ExitFail, "export: writing the bundle to standard output: %v", err)}
		}
		msg = env.Stderr
	} else {
		if err := tmp.Close(); err != nil {
			return exitError{errorf(env, ExitFail, "export: %v", err)}
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			return exitError{errorf(env, ExitFail, "export: %v", err)}
		}
	}
	if o.json {
		return exitWith(printJSON(env, exportResult{Path: path, Records: rep.Records, TreeSize: rep.TreeSize, RootHash: rep.RootHash, Key: key}))
	}
	name := o.out
	if toStdout {
		name = "standard output"
	}
	fmt.Fprintf(msg, "wrote %s: %d records, checkpoint of %d records, root %s\n", name, rep.Records, rep.TreeSize, rep.RootHash)
	file := filepath.Base(o.out)
	if toStdout {
		file = "FILE"
	}
	fmt.Fprintf(msg, "verify anywhere with: mandate verify --bundle %s --key '%s'\n", file, key)
	return nil
}
