package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/report"
)

type reportOptions struct {
	source      sourceFlags
	format, out string
	json        bool
	clock       clock
}

// reportResult is report --json: what was written, and what it says.
type reportResult struct {
	Path      string `json:"path"`
	Format    string `json:"format"`
	OK        bool   `json:"ok"`      // the evidence verifies
	Trusted   bool   `json:"trusted"` // against a pinned or explicitly trusted key
	Records   int64  `json:"records"`
	Sessions  int    `json:"sessions"`
	Decisions int    `json:"decisions"`
	Denied    int    `json:"denied"`
	Asked     int    `json:"asked"`
}

// reportFormats are the formats of mandate report, by name and by the
// extension of --out.
var reportFormats = map[string]func(*bytes.Buffer, *report.Report) error{
	"html": func(b *bytes.Buffer, r *report.Report) error { return report.WriteHTML(b, r) },
	"md":   func(b *bytes.Buffer, r *report.Report) error { return report.WriteMarkdown(b, r) },
	"csv":  func(b *bytes.Buffer, r *report.Report) error { return report.WriteCSV(b, r) },
}

func newReportCmd(env *Env) *cobra.Command {
	var o reportOptions
	cmd := &cobra.Command{
		Use:   "report [--bundle FILE|-] --format html|md|csv [--out FILE|-] [flags]",
		Short: "Write a self-contained report of a bundle (or the local log) for people who will not use a terminal",
		Long: `Write a report of the evidence for people who will not use a terminal: the
verification result first (and against whose key), then the sessions,
decisions over time (a chart in HTML), every denial and ask with its reason,
and the policy versions that decided. HTML is one file with nothing to fetch
and no script; Markdown renders on any Git host; CSV opens in a spreadsheet.

With --bundle the report is of a bundle written by 'mandate export',
verified first (--key pins the log's key); without it, of the local log,
verified with its own key. The report is written even when the evidence
does not verify, or verifies only against the key a bundle carries: it says
so at the top, and the exit code is 1.`,
		Example: `  mandate report --bundle evidence.bundle --key mandate.pub --format html --out report.html
  mandate report --bundle - --key mandate.pub --format md < evidence.bundle
  mandate report --format csv --out evidence.csv     # the local log`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runReport(cmd, env, &o) },
	}
	fs := cmd.Flags()
	o.source.addFlags(fs)
	fs.StringVar(&o.format, "format", "", "the report's `FORMAT`: html, md or csv (default: from --out's extension)")
	fs.StringVarP(&o.out, "out", "o", "-", "write the report to `FILE` ('-': standard output)")
	fs.BoolVar(&o.json, "json", false, "with --out FILE: print what was written as JSON (see docs/cli.md)")
	o.clock.addFlags(fs)
	setGroup(fs, "Output", "format", "out", "json")
	cmd.RegisterFlagCompletionFunc("format", fixedCompletions("html", "md", "csv"))
	return cmd
}

func runReport(cmd *cobra.Command, env *Env, o *reportOptions) error {
	ctx := cmd.Context()
	format := strings.ToLower(o.format)
	if format == "" && o.out != "-" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(o.out)), ".")
		if format == "markdown" {
			format = "md"
		}
	}
	write, ok := reportFormats[format]
	if !ok {
		if o.format == "" {
			return usagef(cmd, "--format html, md or csv is required (or an --out FILE ending in .html, .md or .csv)")
		}
		return usagef(cmd, "--format %q: want html, md or csv", o.format)
	}
	if o.json && o.out == "-" {
		return usagef(cmd, "--json prints to standard output, where --out - writes the report: choose one")
	}
	key, err := o.source.check(env, true)
	if err != nil {
		return usagef(cmd, "%v", err)
	}
	c := o.clock.in(env)
	opts := report.Options{Location: c.loc, Now: env.Now}
	var rep *report.Report
	if o.source.bundle != "" {
		es, code, ok := o.source.open(ctx, env, "report", key)
		if !ok {
			return exitError{code}
		}
		opts.Source = es.name
		if es.name != "standard input" {
			opts.Source = filepath.Base(es.name)
		}
		if rep, err = report.FromBundle(ctx, es.bundle, opts); err != nil {
			return exitError{errorf(env, ExitFail, "report: %v", err)}
		}
	} else {
		dir, code, ok := evStateDir(env, "report")
		if !ok {
			return exitError{code}
		}
		vr, verr := evidence.VerifyWithKey(ctx, dir, key)
		if verr != nil && !errors.Is(verr, evidence.ErrInvalid) {
			return exitError{errorf(env, ExitFail, "report: cannot read the evidence log: %v", verr)}
		}
		if verr != nil {
			errorf(env, ExitFail, "report: the evidence log does NOT verify: %s; the report says so", vr.Problem)
		}
		opts.Source = "the local evidence log (" + dir + ")"
		if rep, err = report.Build(ctx, evidence.LocalSource(dir), report.LogVerification(vr), opts); err != nil {
			return exitError{errorf(env, ExitFail, "report: %v", err)}
		}
	}
	var b bytes.Buffer
	if err := write(&b, rep); err != nil {
		return exitError{errorf(env, ExitFail, "report: %v", err)}
	}
	if o.out == "-" {
		if _, err := env.Stdout.Write(b.Bytes()); err != nil {
			return exitError{errorf(env, ExitFail, "report: %v", err)}
		}
	} else if err := writeFileAtomic(absPath(env, o.out), b.Bytes()); err != nil {
		return exitError{errorf(env, ExitFail, "report: %v", err)}
	}
	v := rep.Verification
	if o.json {
		res := reportResult{Path: o.out, Format: format, OK: v.OK, Trusted: v.Trusted, Records: v.Records, Sessions: len(rep.Sessions),
			Decisions: rep.Totals.Decisions, Denied: rep.Totals.Denied, Asked: rep.Totals.Asked}
		if code := printJSON(env, res); code != ExitOK {
			return exitError{code}
		}
	}
	switch {
	case !v.OK:
		return exitError{ExitFail} // said when the evidence was opened
	case !v.Trusted:
		return exitError{errorf(env, ExitFail, "report: written, but the bundle is only self-consistent (no --key, and its own key not trusted): the report says so at the top")}
	}
	if o.out != "-" && !o.json {
		fmt.Fprintf(env.Stdout, "wrote %s (%s): %s\n", o.out, format, firstLine(rep))
	}
	return nil
}

// firstLine is the report's verdict, as its first line says it.
func firstLine(r *report.Report) string {
	v := r.Verification
	return fmt.Sprintf("%d records, %d sessions, %d decisions (%d denied, %d asked), verified", v.Records, len(r.Sessions), r.Totals.Decisions, r.Totals.Denied, r.Totals.Asked)
}

// writeFileAtomic writes b to path through a temporary file in the same
// directory: a failure leaves no partial report.
func writeFileAtomic(path string, b []byte) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
