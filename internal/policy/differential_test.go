//go:build linux

package policy

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestDifferentialBash checks the corpus against real bash (issue 9 item
// 10): every case of internal/shell/testdata/evasion.yaml that expects
// allow, and that the policy allows on the fixture tree, runs in real bash
// on a fresh copy of that tree, and must be harmless:
//
//   - no canary (the text of a blocked file or of a blocked variable, as is,
//     reversed, in hex or base64) in its output or in any file it creates or
//     changes, here or in the private temporary directories;
//   - no file created, changed or deleted outside allow_paths (src/,
//     tests/, docs/; git's own metadata aside, but not .git/config or
//     .git/hooks), nor any protected file: the policy under both its names,
//     hook configurations, the state directory, the binaries;
//   - no new name for the policy's inode, no nested .git, no .env* file;
//   - done within the time bound.
//
// A case the policy does not allow never runs. Every case runs in the
// sandbox of differential_sandbox_test.go, whose isolation is probed, and
// whose harm detector is shown to catch known-harmful lines, before any
// case runs. The test needs root (to enter the namespaces and drop to nobody)
// and is skipped otherwise, and under -short. Cases that build with the Go
// toolchain are slow (a cold build cache); they run when
// MANDATE_DIFF_ALL=1.
func TestDifferentialBash(t *testing.T) {
	if testing.Short() {
		t.Skip("differential bash test skipped in -short mode")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the differential bash test needs Linux namespaces")
	}
	if os.Geteuid() != 0 {
		t.Skip("the differential bash test needs root to create namespaces and drop to uid 65534 (CI runs it as root); not running any case unprivileged")
	}
	for _, tool := range []string{"unshare", "setpriv", "bash", "git", "timeout", "cp", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the differential bash test needs %s on PATH (util-linux, coreutils, git): %v", tool, err)
		}
	}
	policySrc, err := os.ReadFile("../shell/testdata/example-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if err := os.Chmod(work, 0o755); err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join(work, "template", "root")
	buildDiffFixture(t, tmpl, policySrc)

	probeRoot := filepath.Join(work, "probe", "root")
	if err := os.MkdirAll(filepath.Dir(probeRoot), 0o755); err != nil {
		t.Fatal(err)
	}
	copyTree(t, tmpl, probeRoot)
	probeIsolation(t, probeRoot)
	checkDetector(t, work, tmpl)

	p := diffPolicy(t, tmpl)
	_, cases := loadRedteamCorpus(t)
	all := os.Getenv("MANDATE_DIFF_ALL") == "1"
	sem := make(chan struct{}, max(1, runtime.NumCPU()))
	var mu sync.Mutex
	ran, skipped := 0, map[string]int{}
	t.Run("cases", func(t *testing.T) {
		for i, c := range cases {
			if c.Expect != string(Allow) {
				continue
			}
			trust := c.Trust
			if trust == "" {
				trust = action.WriteLocal
			}
			if d := p.Evaluate(execAction(c.Cmd, trust)); d.Decision != Allow {
				skipped["the policy does not allow it"]++
				continue
			}
			if !all && slowCase.MatchString(c.Cmd) {
				skipped["slow (MANDATE_DIFF_ALL=1 runs it)"]++
				continue
			}
			ran++
			t.Run(fmt.Sprintf("%d/%s", i, c.Class), func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				dir := filepath.Join(work, fmt.Sprintf("case%04d", i))
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				root := filepath.Join(dir, "root")
				copyTree(t, tmpl, root)
				limit := caseTimeout
				switch {
				case slowCase.MatchString(c.Cmd):
					limit = slowTimeout
				case heavyCase.MatchString(c.Cmd):
					limit = heavyTimeout
				}
				if problems := runDifferentialCase(root, c.Cmd, limit); len(problems) > 0 {
					mu.Lock()
					defer mu.Unlock()
					t.Errorf("allowed case is not harmless in bash: %q (class %s, %s)\n    %s", c.Cmd, c.Class, c.Why, strings.Join(problems, "\n    "))
				}
				os.RemoveAll(dir)
			})
		}
	})
	t.Logf("differential: %d allowed cases ran in bash; not run: %v", ran, skipped)
	if ran < 100 {
		t.Errorf("only %d cases ran in bash; want at least 100 of the corpus's allowed cases", ran)
	}
}

// slowCase matches command lines that build with the Go toolchain.
var slowCase = regexp.MustCompile(`\bgo (test|vet|build|run|install|mod|generate|get)\b`)

// heavyCase matches command lines whose program starts a JVM or Node.js,
// which alone can take longer than caseTimeout on a loaded machine; they
// always run, with heavyTimeout.
var heavyCase = regexp.MustCompile(`(^|[\s;&|(])(mvn|gradle|sbt|java|npm|npx|pnpm|yarn|node)\b`)

// diffPolicy is the corpus's policy deciding on the template tree with the
// options the evasion corpus is decided with (corpusOptions): paths
// resolved, globbed and walked inside it, and the real git query runner
// on its repository. git refuses a repository owned by another user (the
// template's home belongs to nobody, for the sandbox), so git is asked
// about a copy owned by the test's user; the queries read only the
// repository's objects, index and configuration, which the copy shares.
func diffPolicy(t testing.TB, tmpl string) *Policy {
	t.Helper()
	gitView := filepath.Join(filepath.Dir(filepath.Dir(tmpl)), "gitview")
	if err := os.MkdirAll(gitView, 0o755); err != nil {
		t.Fatal(err)
	}
	copyTree(t, tmpl, filepath.Join(gitView, "root"))
	uid, gid := os.Getuid(), os.Getgid()
	if err := filepath.WalkDir(filepath.Join(gitView, "root"), func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	}); err != nil {
		t.Fatal(err)
	}
	return corpusPolicy(t, corpusOptions(fsview.Rooted(tmpl), fixture.GitQuery(filepath.Join(gitView, "root"))))
}

// runDifferentialCase runs one allowed command line on a fresh copy of the
// fixture and returns what makes it harmful, if anything.
func runDifferentialCase(root, cmd string, limit time.Duration) []string {
	before, err := snapshot(root)
	if err != nil {
		return []string{"snapshot before: " + err.Error()}
	}
	res, err := runSandboxed(context.Background(), root, cmd, limit)
	if err != nil {
		return []string{"sandbox: " + err.Error()}
	}
	after, err := snapshot(root)
	if err != nil {
		return []string{"snapshot after: " + err.Error()}
	}
	var problems []string
	if f := leaksCanary(res.stdout); len(f) > 0 {
		problems = append(problems, fmt.Sprintf("canary %q in standard output", f))
	}
	if f := leaksCanary(res.stderr); len(f) > 0 {
		problems = append(problems, fmt.Sprintf("canary %q in standard error", f))
	}
	for _, f := range res.tmpfsCanary {
		problems = append(problems, "canary in a file of the private temporary directories: "+f)
	}
	if res.timedOut {
		problems = append(problems, fmt.Sprintf("did not finish within %s", limit))
	}
	// Files no new name may point to: the policy, the hook configurations,
	// the binaries, the state, the blocked and credential files.
	guarded := map[[2]uint64]string{}
	for p, st := range before {
		id := [2]uint64{st.dev, st.ino}
		if of, ok := guarded[id]; st.mode.IsRegular() && harmfulChange(change{p, "changed"}) != "" && (!ok || p < of) {
			guarded[id] = p
		}
	}
	for _, ch := range diffSnapshots(before, after) {
		if why := harmfulChange(ch); why != "" {
			problems = append(problems, fmt.Sprintf("%s %s: %s", ch.kind, ch.path, why))
		}
		if ch.kind == "deleted" {
			continue
		}
		st := after[ch.path]
		// Another name: the guarded file still holds that inode (an
		// inode freed by a rename and reused is not a link).
		if of, ok := guarded[[2]uint64{st.dev, st.ino}]; ok && ch.kind == "created" && st.ino != 0 &&
			after[of].ino == st.ino && after[of].dev == st.dev {
			problems = append(problems, fmt.Sprintf("created %s: another name for %s", ch.path, of))
		}
		if st.mode.IsRegular() {
			b, err := os.ReadFile(filepath.Join(root, ch.path))
			if err == nil {
				if f := leaksCanary(b); len(f) > 0 {
					problems = append(problems, fmt.Sprintf("%s %s holds canary %q", ch.kind, ch.path, f))
				}
			}
		}
	}
	if len(problems) > 0 {
		problems = append(problems, fmt.Sprintf("exit %d; stdout %q; stderr %q", res.exitCode, clip(res.stdout), clip(res.stderr)))
	}
	return problems
}

// harmfulChange says why a change to the fixture is harmful, or "".
func harmfulChange(ch change) string {
	p := ch.path
	rel, inRepo := strings.CutPrefix(p, diffRepo+"/")
	base := strings.ToLower(path.Base(p))
	switch {
	case strings.HasPrefix(base, ".env"):
		return "a .env* path is blocked"
	case p == diffRepo+"/agent-policy.yaml" || p == diffRepo+"/src/p":
		return "the policy (under one of its names) is protected"
	case strings.Contains(p+"/", "/.git/") && !strings.HasPrefix(p, diffRepo+"/.git/") && p != diffRepo+"/.git":
		return "a nested .git inside the repository"
	case !inRepo:
		return "outside the repository: outside allow_paths (home, credentials, state, binaries)"
	case rel == ".git/config" || strings.HasPrefix(rel, ".git/hooks/"):
		return "git configuration and hooks run programs"
	case strings.HasPrefix(rel, ".git/"):
		return "" // git's own metadata: objects, refs, index, logs
	case rel == "src", rel == "tests", rel == "docs",
		strings.HasPrefix(rel, "src/"), strings.HasPrefix(rel, "tests/"), strings.HasPrefix(rel, "docs/"):
		return ""
	}
	return "outside allow_paths"
}

func clip(b []byte) string {
	s := string(b)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
