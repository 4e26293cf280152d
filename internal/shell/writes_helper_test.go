package shell

import (
	"slices"
	"strings"
	"testing"
)

// wc is one case of the write, exec and link analysis tests. Every list is
// a subset that must be reported, except where a field says otherwise.
type wc struct {
	class   string   // the class of bypass the case closes
	cmd     string   // the command line
	writes  []string // certain writes
	cands   []string // candidate writes (PathRef.Candidate)
	noWrite []string // paths that must not be written, certainly or as candidates
	noCand  bool     // no candidate write at all
	deletes []string
	reads   []string
	noRead  []string
	lines   []string // commands that must be found (Command.Line)
	opaque  []string // substrings of opaque reasons that must be present
	clear   bool     // no opaque part at all
	dyn     []string // paths that must be reported as Dynamic (any kind)
	prog    map[string]string
	unless  []string // an opaque part must carry these UnlessExists paths
}

func runW(t *testing.T, cases []wc) {
	t.Helper()
	for _, c := range cases {
		name := c.class + ": " + c.cmd
		t.Run(name, func(t *testing.T) {
			an, err := Analyze(c.cmd, testOpt)
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			checkW(t, c, an)
		})
	}
}

func refPaths(refs []PathRef, cand bool) []string {
	var out []string
	for _, r := range refs {
		if r.Candidate == cand {
			out = append(out, r.Path)
		}
	}
	return out
}

func checkW(t *testing.T, c wc, an *Analysis) {
	t.Helper()
	certain, cands := refPaths(an.Writes, false), refPaths(an.Writes, true)
	for _, w := range c.writes {
		if !slices.Contains(certain, w) {
			t.Errorf("writes = %q (candidates %q), missing %q", certain, cands, w)
		}
	}
	for _, w := range c.cands {
		if !slices.Contains(cands, w) && !slices.Contains(certain, w) {
			t.Errorf("candidate writes = %q (certain %q), missing %q", cands, certain, w)
		}
	}
	for _, w := range c.noWrite {
		if slices.Contains(certain, w) || slices.Contains(cands, w) {
			t.Errorf("writes = %q, candidates = %q: must not contain %q", certain, cands, w)
		}
	}
	if c.noCand && len(cands) > 0 {
		t.Errorf("candidate writes = %q, want none", cands)
	}
	for _, d := range c.deletes {
		if !slices.Contains(paths(an.Deletes), d) {
			t.Errorf("deletes = %q, missing %q", paths(an.Deletes), d)
		}
	}
	for _, r := range c.reads {
		if !slices.Contains(paths(an.Reads), r) {
			t.Errorf("reads = %q, missing %q", paths(an.Reads), r)
		}
	}
	for _, r := range c.noRead {
		if slices.Contains(paths(an.Reads), r) {
			t.Errorf("reads = %q, must not contain %q", paths(an.Reads), r)
		}
	}
	var lines []string
	for _, cm := range an.Commands {
		lines = append(lines, cm.Line)
	}
	for _, l := range c.lines {
		if !slices.Contains(lines, l) {
			t.Errorf("commands = %q, missing %q", lines, l)
		}
	}
	var reasons []string
	for _, o := range an.Opaque {
		reasons = append(reasons, o.Cmd+": "+o.Reason)
	}
	if c.clear && len(reasons) > 0 {
		t.Errorf("unexpected opaque: %q", reasons)
	}
	for _, want := range c.opaque {
		if !slices.ContainsFunc(reasons, func(r string) bool { return strings.Contains(r, want) }) {
			t.Errorf("opaque = %q, missing %q", reasons, want)
		}
	}
	for _, d := range c.dyn {
		found := false
		for _, refs := range [][]PathRef{an.Reads, an.Writes, an.Deletes} {
			for _, r := range refs {
				if r.Path == d && r.Dynamic {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no dynamic path %q in reads %q writes %q deletes %q", d, paths(an.Reads), paths(an.Writes), paths(an.Deletes))
		}
	}
	for line, prog := range c.prog {
		found := false
		for _, cm := range an.Commands {
			if cm.Line == line {
				found = true
				if cm.Prog != prog {
					t.Errorf("command %q: Prog = %q, want %q", line, cm.Prog, prog)
				}
			}
		}
		if !found {
			t.Errorf("command %q not found in %q", line, lines)
		}
	}
	if c.unless != nil {
		ok := false
		for _, o := range an.Opaque {
			if slices.Equal(o.UnlessExists, c.unless) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("no opaque part with UnlessExists %q: %+v", c.unless, an.Opaque)
		}
	}
}
