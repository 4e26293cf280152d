package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Formatters and fixers rewrite the files they are given in place, and
// every file below a directory they are given: their operands are writes
// (a directory written means anything below it), as data. Some write
// only with a flag (prettier --write, eslint --fix, clang-format -i),
// some unless a flag says to check only (black, ruff format, terraform
// fmt); some format the current directory when given no operand. A
// directory operand is reported as the glob of what the formatter
// formats below it (src/**/*.py), one glob for a single-language
// formatter: the policy judges a lone glob by the files on disk.

type formatter struct {
	sub    string // the subcommand that formats ("" for the program itself)
	write  string // flags that make it write; "" means it writes by default
	check  string // flags that make it only check (no write)
	valued string // options taking a value as the next word
	cwd    bool   // with no operand, formats the current directory
	// root: with no operand, formats the tree of the configuration file it
	// finds walking up (treefmt, dprint): the repository, when known
	root    bool
	outputs string // options whose value is a file written
	// exts: the files it formats below a directory, by extension ("" for
	// any file)
	exts string
	// hidden: it formats files below hidden directories too, and its
	// formats can be configuration (JSON, YAML, TOML): a formatter of
	// source code only is taken to leave .claude/, .codex/, … alone
	hidden bool
}

var formatters = &lazy.Value[map[string][]formatter]{New: func() map[string][]formatter {
	return map[string][]formatter{
		"prettier":           {{hidden: true, exts: "js jsx ts tsx mjs cjs mts cts json json5 jsonc css scss less html htm vue md mdx markdown yaml yml graphql gql hbs handlebars", write: "--write -w", valued: "--config --ignore-path --log-level --plugin --parser --stdin-filepath", outputs: "--cache-location"}},
		"black":              {{exts: "py", check: "--check --diff -c --code", valued: "-l --line-length -t --target-version --include --exclude --extend-exclude --force-exclude --config -W --workers --stdin-filename"}},
		"ruff":               {{sub: "format", exts: "py", check: "--check --diff", valued: "--config --line-length --target-version --exclude --extend-exclude --stdin-filename", cwd: true}, {sub: "check", exts: "py", write: "--fix --unsafe-fixes --fix-only", valued: "--config --select --ignore --extend-select --exclude --output-file -o --target-version", cwd: true, outputs: "--output-file -o"}},
		"eslint":             {{exts: "js jsx ts tsx mjs cjs mts cts vue", write: "--fix", check: "--fix-dry-run", valued: "-c --config --ext --ignore-path --ignore-pattern --parser --plugin --rule --rulesdir -f --format --resolve-plugins-relative-to --max-warnings", outputs: "-o --output-file --cache-location"}},
		"clang-format":       {{exts: "c h cc cpp cxx hpp hh m mm cs java js proto", write: "-i", valued: "--style --assume-filename --lines --offset --length --fallback-style"}},
		"terraform":          {{sub: "fmt", exts: "tf tfvars tftest.hcl", check: "-check -write=false", cwd: true}},
		"tofu":               {{sub: "fmt", exts: "tf tfvars tofu", check: "-check -write=false", cwd: true}},
		"shfmt":              {{exts: "sh bash", write: "-w --write", valued: "-i --indent -ln --language-dialect --filename"}},
		"isort":              {{exts: "py", check: "--check-only --check -c --diff", valued: "--settings-path --sp -l --line-length --profile --skip --filter-files"}},
		"autopep8":           {{exts: "py", write: "-i --in-place", valued: "--max-line-length --select --ignore --aggressive"}},
		"yapf":               {{exts: "py", write: "-i --in-place", valued: "--style -e --exclude"}},
		"stylua":             {{exts: "lua", check: "--check", valued: "--config-path -f --glob"}},
		"rubocop":            {{exts: "rb rake gemspec", write: "-a -A --autocorrect --autocorrect-all --auto-correct --auto-correct-all -x --fix-layout", valued: "-c --config --format -f --only --except", outputs: "-o --out"}},
		"standard":           {{exts: "js jsx mjs cjs", write: "--fix"}},
		"xo":                 {{exts: "js jsx ts tsx mjs cjs", write: "--fix"}},
		"biome":              {{sub: "format", hidden: true, exts: "js jsx ts tsx mjs cjs json jsonc css graphql", write: "--write --apply", cwd: false}, {sub: "check", hidden: true, exts: "js jsx ts tsx mjs cjs json jsonc css graphql", write: "--write --apply --fix"}, {sub: "lint", hidden: true, exts: "js jsx ts tsx mjs cjs json jsonc css graphql", write: "--write --apply --fix"}},
		"dprint":             {{sub: "fmt", cwd: true, root: true, valued: "--config -c --excludes"}},
		"deno":               {{sub: "fmt", hidden: true, exts: "js jsx ts tsx mjs cjs json jsonc md markdown css scss less html yaml yml ipynb", check: "--check", cwd: true}, {sub: "lint", exts: "js jsx ts tsx mjs cjs", write: "--fix", cwd: true}},
		"swiftformat":        {{exts: "swift", check: "--lint --dryrun", cwd: false}},
		"swift-format":       {{exts: "swift", write: "-i --in-place"}},
		"ktlint":             {{exts: "kt kts", write: "-F --format"}},
		"google-java-format": {{exts: "java", write: "-i --replace"}},
		"scalafmt":           {{exts: "scala sbt sc", check: "--test --list", cwd: true}},
		"mix":                {{sub: "format", exts: "ex exs heex", check: "--check-formatted --dry-run", cwd: true}},
		"cargo":              {{sub: "fmt", exts: "rs", check: "--check", cwd: true}, {sub: "fix", exts: "rs", cwd: true}, {sub: "clippy", exts: "rs", write: "--fix", cwd: true}},
		"dotnet":             {{sub: "format", exts: "cs vb fs", check: "--verify-no-changes", cwd: true}},
		"php-cs-fixer":       {{exts: "php", sub: "fix", check: "--dry-run", cwd: true}},
		"djlint":             {{exts: "html htm jinja j2 njk", write: "--reformat"}},
		"sqlfluff":           {{exts: "sql", sub: "fix", cwd: true}, {sub: "format", exts: "sql", cwd: true}},
		"markdownlint":       {{exts: "md markdown", write: "--fix"}},
		"markdownlint-cli2":  {{exts: "md markdown", write: "--fix"}},
		"stylelint":          {{exts: "css scss less sass", write: "--fix"}},
		"nixfmt":             {{exts: "nix", check: "--check -c"}},
		"alejandra":          {{exts: "nix", check: "--check -c", cwd: true}},
		"ormolu":             {{exts: "hs", write: "-i --mode=inplace"}},
		"fourmolu":           {{exts: "hs", write: "-i --mode=inplace"}},
		"elm-format":         {{exts: "elm", write: "--yes"}},
		"zig":                {{sub: "fmt", exts: "zig zon", check: "--check"}},
		"dart":               {{sub: "format", exts: "dart", check: "--output=none -o none --set-exit-if-changed"}, {sub: "fix", exts: "dart", write: "--apply"}},
		"clang-tidy":         {{exts: "c cc cpp cxx h hpp", write: "--fix --fix-errors -fix -fix-errors"}},
		"buildifier":         {{exts: "bzl bazel", check: "-mode=check --mode=check -lint=warn"}},
		"taplo":              {{sub: "fmt", hidden: true, exts: "toml", check: "--check", cwd: true}, {sub: "format", hidden: true, exts: "toml", check: "--check", cwd: true}},
		"jsonnetfmt":         {{exts: "jsonnet libsonnet", write: "-i --in-place"}},
		"cmake-format":       {{exts: "cmake", write: "-i --in-place", outputs: "-o --outfile-path"}},
		"latexindent":        {{exts: "tex sty cls", write: "-w --overwrite -o"}},
		"tidy":               {{exts: "html htm xml", write: "-m -modify", outputs: "-o -output -f -file"}},
		"pyupgrade":          {{exts: "py"}},
		"docformatter":       {{exts: "py", write: "-i --in-place"}},
		"gofumpt":            {{exts: "go", write: "-w"}},
		"golines":            {{exts: "go", write: "-w --write-output"}},
		"golangci-lint":      {{sub: "run", exts: "go", write: "--fix", cwd: true}, {sub: "fmt", exts: "go", cwd: true}},
		"pre-commit":         {{sub: "run", cwd: true}},
		// configuration and documentation formatters (red-team round 7):
		// a directory they are given holds the policy, workflows and
		// agents' configuration
		"yamlfmt":     {{hidden: true, exts: "yaml yml", check: "-lint -dry -in", valued: "-conf -global_conf -gitignore_path -match_type -formatter", cwd: true}},
		"yamlfix":     {{hidden: true, exts: "yaml yml", check: "--check", valued: "-c --config-file --env-prefix --exclude"}},
		"mdformat":    {{hidden: true, exts: "md markdown", check: "--check", valued: "--wrap --end-of-line --extensions --codeformatters --exclude"}},
		"rumdl":       {{sub: "fmt", hidden: true, exts: "md markdown", check: "--check --diff", cwd: true}, {sub: "check", hidden: true, exts: "md markdown", write: "--fix", cwd: true}},
		"mdsf":        {{sub: "format", hidden: true, exts: "md markdown", cwd: true}},
		"oxfmt":       {{hidden: true, exts: "js jsx ts tsx mjs cjs mts cts json jsonc json5 yaml yml toml md markdown css scss less html vue graphql", check: "--check --list-different", cwd: true}},
		"rome":        {{sub: "format", hidden: true, exts: "js jsx ts tsx mjs cjs json jsonc", write: "--write --apply"}, {sub: "check", hidden: true, exts: "js jsx ts tsx mjs cjs json jsonc", write: "--apply --apply-unsafe"}},
		"tombi":       {{sub: "format", hidden: true, exts: "toml", check: "--check", cwd: true}},
		"toml-sort":   {{hidden: true, exts: "toml", write: "-i --in-place", outputs: "-o --output"}},
		"fixjson":     {{hidden: true, exts: "json json5", write: "-w --write"}},
		"jsonlint":    {{hidden: true, exts: "json", write: "-i --in-place"}},
		"codespell":   {{write: "-w --write-changes", valued: "-I --ignore-words -L --ignore-words-list -S --skip -D --dictionary -x --exclude-file --builtin -i --interactive -A -B -C --context --regex --uri-regex --count", cwd: true}},
		"typos":       {{write: "-w --write-changes", valued: "-c --config --exclude --locale --format --color --file-list -j --threads", cwd: true}},
		"oxlint":      {{exts: "js jsx ts tsx mjs cjs mts cts vue", write: "--fix --fix-suggestions --fix-dangerously", valued: "-c --config -A -D -W --allow --deny --warn --ignore-path --ignore-pattern", cwd: true}},
		"eslint_d":    {{exts: "js jsx ts tsx mjs cjs mts cts vue", write: "--fix", outputs: "-o --output-file"}},
		"nixpkgs-fmt": {{exts: "nix", check: "--check"}},
		"beautysh":    {{exts: "sh bash", check: "--check"}},
		"js-beautify": {{exts: "js css html", write: "-r --replace"}},
		"autoflake":   {{exts: "py", write: "-i --in-place"}},
		"pycln":       {{exts: "py", check: "--check --diff"}},
		"ssort":       {{exts: "py", check: "--check --diff"}},
		"csharpier":   {{sub: "format", exts: "cs csx", check: "--check"}},
		"gersemi":     {{exts: "cmake", write: "-i --in-place"}},
		"ocamlformat": {{exts: "ml mli", write: "-i --inplace"}},
		"dune":        {{sub: "fmt", exts: "ml mli dune", cwd: true}},
		"cue":         {{sub: "fmt", exts: "cue", cwd: true}},
		"buf":         {{sub: "format", exts: "proto", write: "-w --write", cwd: true}},
		"packer":      {{sub: "fmt", exts: "pkr.hcl pkrvars.hcl", check: "-check"}},
		"hclfmt":      {{exts: "hcl", write: "-w"}},
		"terragrunt":  {{sub: "hclfmt", exts: "hcl", cwd: true}},
		"tflint":      {{exts: "tf", write: "--fix", cwd: true}},
		"pint":        {{exts: "php", check: "--test", cwd: true}},
		"phpcbf":      {{exts: "php inc"}},
		"standardrb":  {{exts: "rb rake gemspec", write: "--fix"}},
		"erb_lint":    {{exts: "erb", write: "-a --autocorrect"}},
		"erblint":     {{exts: "erb", write: "-a --autocorrect"}},
		"sqlfmt":      {{exts: "sql", check: "--check --diff", cwd: true}},
		"treefmt":     {{root: true, hidden: true, check: "--stdin", valued: "--config-file --tree-root --tree-root-file -C --working-dir -f --formatters --excludes --walk -u --on-unmatched", cwd: true}},
	}
}}

// unknownFormatter reports whether n is named as a formatter or fixer no
// table knows (xyzfmt, sqlformat, foo-fixer, html-beautify): given a
// directory, it may rewrite any file below it.
func unknownFormatter(n string) bool {
	for _, s := range [...]string{"fmt", "format", "formatter", "fixer", "beautify", "beautifier", "prettify"} {
		if strings.HasSuffix(n, s) && len(n) > len(s) {
			return true
		}
	}
	return false
}

// unknownFormatterDirs makes a formatter no table knows opaque when an
// operand may be a directory (., a path with no extension, a trailing /):
// which files below it it rewrites is not known, and one may be
// protected. Its file operands are candidate writes already.
func (c *cmd) unknownFormatterDirs() {
	if !unknownFormatter(c.name) || !c.unlistedProgram() {
		return
	}
	for _, f := range c.args {
		if f.dyn || f.s == "" {
			continue
		}
		switch f.s {
		case "--check", "-check", "--diff", "--dry-run", "--list-different", "-l", "--lint", "-lint", "--verify", "--help", "-h", "--version":
			return // checks only
		}
	}
	for i, f := range c.args {
		s := f.s
		if c.skip[i] || strings.HasPrefix(s, "-") || f.dyn {
			continue
		}
		// a word after a long option may be its value (--indent 2,
		// -style google): a directory only when spelled as a path (a
		// formatter's one-letter options are mostly flags: -w, -i, -r)
		prev := ""
		if i > 0 {
			prev = c.s(i - 1)
		}
		afterOpt := len(prev) > 2 && prev[0] == '-' && !strings.Contains(prev, "=")
		pathy := s == "." || s == ".." || strings.HasSuffix(s, "/") || strings.Contains(s, "/") && !strings.Contains(path.Base(s), ".")
		if pathy || !afterOpt && !strings.Contains(path.Base(s), ".") && strings.Trim(s, "0123456789") != "" {
			c.opaque(c.name + " may rewrite the files below " + clip(s) + ", which no table knows")
			return
		}
	}
}

// formatterWrites reports the writes of a formatter; false when c is no
// formatter (or not one of its formatting subcommands).
func (c *cmd) formatterWrites() bool {
	list, ok := formatters.Get()[c.name]
	if !ok {
		return false
	}
	args := c.args
	var fm *formatter
	sub := -1
	for i := range list {
		f := &list[i]
		if f.sub == "" {
			fm = f
			break
		}
		for j, a := range args {
			if !strings.HasPrefix(a.s, "-") {
				if a.s == f.sub {
					fm, sub = f, j
				}
				break
			}
		}
		if fm != nil {
			break
		}
	}
	if fm == nil {
		return false
	}
	var ops []field
	var flags []string
	valued := strings.Fields(fm.valued)
	outputs := strings.Fields(fm.outputs)
	for i := sub + 1; i < len(args); i++ {
		s := args[i].s
		if s == "--" {
			ops = append(ops, args[i+1:]...)
			break
		}
		if strings.HasPrefix(s, "-") && len(s) > 1 && !args[i].dyn {
			k, v, eq := strings.Cut(s, "=")
			flags = append(flags, s, k)
			flags = clusterFlags(flags, s, valued)
			if contains(outputs, k) {
				val := args[i]
				if eq {
					val.s = v
				} else if i+1 < len(args) {
					i++
					val = args[i]
				}
				c.write(val, c.name+" "+k)
				c.notCandidate(i)
				continue
			}
			if !eq && (contains(valued, k) || contains(outputs, k)) {
				i++
			}
			continue
		}
		ops = append(ops, args[i])
	}
	if sub >= 0 {
		c.skip[sub] = true
	}
	c.w.modelled = true
	for _, ck := range strings.Fields(fm.check) {
		if contains(flags, ck) {
			return true // checks only
		}
	}
	if fm.write != "" {
		w := false
		for _, f := range strings.Fields(fm.write) {
			if contains(flags, f) {
				w = true
			}
		}
		if !w {
			return true // prints the result
		}
	}
	why := c.name + " rewrites its files in place"
	if len(ops) == 0 && fm.cwd {
		tree := c.cwdField()
		if r := c.a.opt.Root; fm.root && r != "" && c.sc.cwdKnown && strings.HasPrefix(c.sc.cwd+"/", strings.TrimSuffix(r, "/")+"/") {
			tree = field{s: r}
		}
		c.formatTree(tree, fm.exts, fm.hidden, why)
	}
	for _, f := range ops {
		if f.s == "-" {
			continue // standard input
		}
		c.formatTree(f, fm.exts, fm.hidden, why)
	}
	return true
}

// formatTree reports what a formatter writes for operand f: f itself
// when it names a file it formats, else the files below it it formats
// (at any depth, below hidden directories too when hidden is set, with
// one of exts). A file named explicitly without such an extension is
// taken to fail to parse (it is not written).
func (c *cmd) formatTree(f field, exts string, hidden bool, why string) {
	list := strings.Fields(exts)
	if len(list) == 0 || f.dyn || f.glob {
		c.write(f, why)
		return
	}
	for _, e := range list {
		if strings.HasSuffix(f.s, "."+e) {
			c.write(f, why)
			return
		}
	}
	for _, e := range list {
		c.rewrite(filtered(f, "*."+e, treeOpts{skipHidden: !hidden}), why)
	}
}

// rewrite reports a write of files that exist, none created (a
// formatter's tree of files): PathRef.IfExists, so that the policy can
// judge the line's other globs below the same directory by the disk
// (one glob per extension of a formatter's would otherwise make each
// other unanswerable, and a glob judged as a pattern can match any
// protected name).
func (c *cmd) rewrite(f field, why string) {
	c.a.rewriting = true
	c.write(f, why)
	c.a.rewriting = false
}

// clusterFlags adds the letters of a single-dash cluster (autopep8 -ri is
// -r -i) to flags, up to a letter that takes a value.
func clusterFlags(flags []string, s string, valued []string) []string {
	if len(s) < 3 || s[1] == '-' || strings.Contains(s, "=") {
		return flags
	}
	for j := 1; j < len(s); j++ {
		k := shortOpt(s[j])
		flags = append(flags, k)
		if contains(valued, k) {
			break
		}
	}
	return flags
}

// mergeWrite notes a second write of abs: a write that may create it
// outweighs a rewrite of what exists (IfExists), and a write of the line's
// own outweighs a container's mount of it (Mount).
func (a *analyzer) mergeWrite(abs string, rewrite, mount bool) {
	for i := range a.res.Writes {
		if w := &a.res.Writes[i]; w.Path == abs {
			w.IfExists = w.IfExists && rewrite
			w.Mount = w.Mount && mount
		}
	}
}
