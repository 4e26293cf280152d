package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Grep-like recursive searchers beyond rg, ag, ack and grep -r: each
// walks the directories it is given (the working directory when none is)
// and reads every file it reaches, so that each is judged as a recursive
// read of its roots. What a searcher skips by default (hidden names) is
// in the table; a searcher the table does not describe as skipping reads
// everything.

type searcherSpec struct {
	short, long string // options taking a value
	skipHidden  bool   // hidden names are skipped by default
	hidden      string // flags that search hidden names too
	reads       string // options whose value is a file read
	programs    string // options whose value is a program run on files
	patterns    string // options giving the pattern (then no positional is)
	includes    string // options whose value is a glob of names searched
	noPattern   bool   // no pattern operand: every operand is a root (secret scanners, spell checkers)
	subs        string // subcommands that may come first (skipped)
	rootOpt     string // options whose value is a root
	fetches     string // options whose value may be a URL the searcher fetches (its hosts are reached)
}

var searchers = &lazy.Value[map[string]searcherSpec]{New: func() map[string]searcherSpec {
	m := map[string]searcherSpec{
		"ugrep": {short: "e f A B C m g O t M N d D J K",
			long: "--regexp --file --after-context --before-context --context --max-count --glob --iglob --file-extension " +
				"--file-type --file-magic --directories --devices --jobs --range --include --exclude --include-dir --exclude-dir " +
				"--include-from --exclude-from --filter --filter-magic-label --pager --view --config --format --replace --label " +
				"--color --colors --tag --separator --encoding --width --sort --max-files --depth --ignore-files --group-separator " +
				"--hexdump --index --fuzzy --not --and --andnot --neg-regexp",
			hidden: "-. --hidden", reads: "-f --file --include-from --exclude-from --config --ignore-files",
			programs: "--filter --pager --view", patterns: "-e --regexp -f --file --and --not --andnot --neg-regexp",
			includes: "--include -g --glob --iglob"},
		"pt": {short: "A B C G",
			long:       "--after --before --context --file-search-regexp --ignore --depth --color-line-number --color-match --color-path --output-encode --vcs-ignore",
			skipHidden: true, hidden: "--hidden"},
		"sift": {short: "A B C e f m t x",
			long: "--after-context --before-context --context --regexp --patterns --max-count --type --ext --exclude-dirs --exclude-files " +
				"--exclude-path --exclude-ipath --include-dirs --include-files --include-path --include-ipath --files --output " +
				"--output-limit --output-sep --replace --write-config --conf --limit --blocksize --cores --field-sep",
			reads: "-f --patterns --conf", patterns: "-e --regexp -f --patterns"},
		"rga": {short: "A B C E e f g j m M r t T d",
			long:       "--after-context --before-context --context --encoding --regexp --file --glob --iglob --threads --max-count --max-columns --replace --type --type-not --max-depth --rga-adapters --rga-cache-path --rga-config-file",
			skipHidden: true, hidden: "--hidden -. -uu -uuu", reads: "-f --file --rga-config-file", patterns: "-e --regexp -f --file",
			includes: "-g --glob --iglob"},
		// structural searchers, and scanners that print what they find in
		// the files (a secret scanner prints the secrets of .env)
		"ast-grep": {short: "p l r c", long: "--pattern --lang --rewrite --config --globs --selector --strictness --json --threads",
			skipHidden: true, hidden: "--no-ignore", patterns: "-p --pattern -r --rule --inline-rules", subs: "run scan", noPattern: true},
		"semgrep":        {short: "c e l o f", long: "--config --pattern --lang --output --include --exclude --severity --jobs --timeout --max-target-bytes --baseline-commit", subs: "scan ci", noPattern: true, fetches: "-c --config"},
		"codespell":      {short: "I S L D x e i", long: "--ignore-words --skip --ignore-words-list --dictionary --exclude-file --ignore-regex --builtin --interactive --count --uri-ignore-words-list", reads: "-I --ignore-words -D --dictionary -x --exclude-file", noPattern: true},
		"trufflehog":     {long: "--config --exclude-paths --include-paths --concurrency --results --exclude-detectors", subs: "filesystem", noPattern: true, reads: "--config --exclude-paths --include-paths"},
		"gitleaks":       {short: "s c f r b l", long: "--source --config --report-path --report-format --baseline-path --log-level --max-target-megabytes --gitleaks-ignore-path", subs: "detect dir directory protect", noPattern: true, rootOpt: "-s --source", reads: "-c --config -b --baseline-path"},
		"detect-secrets": {long: "--baseline --exclude-files --exclude-lines --exclude-secrets --word-list -c --cores", subs: "scan audit", noPattern: true},
	}
	m["ug"] = m["ugrep"]
	m["ugrep+"] = m["ugrep"]
	m["ug+"] = m["ugrep"]
	return m
}}

// searcher analyses a table searcher: its pattern, the files it reads by
// option, the programs it runs, and a recursive read of every root.
func (c *cmd) searcher(s searcherSpec) error {
	n := c.name
	sp := optSpec{short: strings.ReplaceAll(s.short, " ", ""), long: strings.Fields(s.long)}
	o := c.parse(sp)
	for _, f := range o.values(strings.Fields(s.programs)...) {
		if err := c.runProgramOption(f); err != nil {
			c.a.defer1(err)
		}
	}
	for _, f := range o.values(strings.Fields(s.reads)...) {
		c.read(f, n+" pattern, configuration or ignore file")
	}
	for _, f := range o.values(strings.Fields(s.fetches)...) {
		if f.dyn && strings.Contains(f.s, "://") {
			c.opaque(n + " fetches a configuration from a URL not known statically")
		}
		for _, h := range urlHosts(f.s) {
			c.host(h, n+" configuration URL")
		}
	}
	t := treeOpts{skipHidden: s.skipHidden && !o.any(strings.Fields(s.hidden)...) && !c.a.ignoreWritten}
	if n == "rga" && hasCount(o.has, "-u") >= 2 {
		t.skipHidden = false
	}
	var includes []string
	for _, f := range o.values(strings.Fields(s.includes)...) {
		if !strings.HasPrefix(f.s, "!") && !f.dyn {
			includes = append(includes, strings.TrimPrefix(f.s, "/"))
		}
	}
	pos := o.pos
	if len(pos) > 0 && s.subs != "" && slicesContains(strings.Fields(s.subs), c.s(pos[0])) {
		c.skip[pos[0]] = true
		pos = pos[1:]
	}
	if !s.noPattern && len(o.values(strings.Fields(s.patterns)...)) == 0 && len(pos) > 0 {
		c.skip[pos[0]] = true
		pos = pos[1:]
	}
	roots := c.fieldsAt(pos)
	for _, k := range pos {
		c.skip[k] = true
	}
	roots = append(roots, o.values(strings.Fields(s.rootOpt)...)...)
	if len(roots) == 0 {
		if f := c.sc.feed; f != nil && !f.file {
			return nil // searches its piped input
		}
		roots = []field{c.cwdField()}
	}
	for _, f := range roots {
		if isStdin(f) || strings.HasPrefix(f.s, "tcp://") {
			continue
		}
		if len(includes) == 0 {
			c.read(tree(f, t), n+" search")
			continue
		}
		c.read(f, n+" search")
		for _, g := range includes {
			c.read(filtered(f, g, t), n+" search filtered by name")
		}
	}
	return nil
}

func hasCount(has []string, flag string) int {
	n := 0
	for _, h := range has {
		if h == flag {
			n++
		}
	}
	return n
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// searchPrograms search and compare files: what they read, the programs
// some of them run.
func searchPrograms() []program {
	return []program{
		{"rg ag ack ack-grep fd fdfind", (*cmd).searchTool}, // reads.go
		{"ugrep ug ugrep+ ug+ pt sift rga ast-grep semgrep codespell trufflehog gitleaks detect-secrets",
			func(c *cmd) error { return c.searcher(searchers.Get()[c.name]) }},
		{"grep egrep fgrep zgrep rgrep", effects((*cmd).grepReads)}, // reads.go
		{"diff colordiff", effects((*cmd).diffReads)},               // reads.go
	}
}
