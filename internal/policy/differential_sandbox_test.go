//go:build linux

package policy

// The sandbox of the differential test (differential_test.go): a scratch
// copy of the fixture tree with canaries, and a runner that executes one
// command line in real bash where it cannot harm the machine even if the
// policy wrongly allowed `rm -rf /`.
//
// Isolation, outermost first (the test requires root and refuses to run a
// case before probing every layer, see probeIsolation):
//   - new mount, network, PID, IPC and UTS namespaces (unshare): no route
//     to any host, not even the machine's own loopback; no process outside
//     the namespace can be seen or signalled;
//   - a private tmpfs over /home, on which only the case's copy of the
//     fixture home is bind-mounted at /home/dev; private tmpfs over every
//     world-writable directory (/tmp, /var/tmp, /dev/shm, /run/lock, ...);
//   - the command runs as nobody (uid and gid 65534, no supplementary
//     groups, no capabilities, no_new_privs) via setpriv, so everything
//     outside the case's tree is read-only to it;
//   - rlimits (CPU time, file size, open files, processes, no core files),
//     a wall-clock timeout that kills the whole PID namespace, a minimal
//     environment and a PATH of standard directories.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	// nobodyID is the unprivileged user and group the commands run as.
	nobodyID = 65534
	// diffHome and diffRepo are the fixture's home and repository as the
	// command sees them (and as the policy decides them).
	diffHome = "/home/dev"
	diffRepo = "/home/dev/project"
	// canaryPrefix starts every canary; a canary never appears in a
	// command line of the corpus.
	canaryPrefix = "MANDATE-DIFF-CANARY-"
	// caseTimeout bounds one command's wall-clock time (its CPU time is
	// bounded at twice that); slowTimeout a command that builds with the Go
	// toolchain on a cold cache; heavyTimeout one that starts a JVM or
	// Node.js (see heavyCase).
	caseTimeout  = 10 * time.Second
	heavyTimeout = 60 * time.Second
	slowTimeout  = 240 * time.Second
	// maxOutput bounds the captured standard output and error.
	maxOutput = 1 << 20
)

// diffPATH is the command's PATH: standard directories only.
const diffPATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/go/bin"

// canaryEnv holds the blocked variables' values, canaries themselves.
var canaryEnv = map[string]string{
	"PROD_DB_URL":  "postgres://" + canaryPrefix + "dburl@db.production.company.com/app",
	"PROD_API_KEY": canaryPrefix + "apikey",
}

// fixtureFile is one file of the differential fixture, relative to the
// root of the namespace ("home/dev/project/.env").
type fixtureFile struct {
	path string
	body string
	mode os.FileMode
}

// diffFixture lists the fixture tree of internal/policy/testdata/fixture.txt
// as the differential test materialises it: the same shapes, with a canary
// in every file an agent may not read. The policy, the hook configurations
// and the binaries are readable, so they hold no canary; their digests are
// watched instead.
func diffFixture(policy []byte) []fixtureFile {
	c := func(name string) string { return canaryPrefix + name + "\n" }
	p, h := "home/dev/project/", "home/dev/"
	return []fixtureFile{
		{p + "agent-policy.yaml", string(policy), 0o644},
		{p + "README.md", "# Fixture project\n", 0o644},
		{p + "go.mod", "module example.com/fixture\n\ngo 1.26\n", 0o644},
		{p + "Makefile", "all:\n\t@echo built\ntest:\n\t@echo tested\n", 0o644},
		{p + "package.json", `{"name": "fixture", "version": "1.0.0", "scripts": {"test": "echo tested", "lint": "echo linted", "build": "echo built"}}` + "\n", 0o644},
		{p + ".gitignore", "/.env.local\n/node_modules/\n", 0o644},
		{p + ".env", "PROD_DB_URL=" + c("dotenv"), 0o644},
		{p + ".env.local", "PROD_API_KEY=" + c("dotenv-local"), 0o644},
		{p + "config/.env.production", "PROD_API_KEY=" + c("dotenv-production"), 0o644},
		{p + ".github/workflows/ci.yml", "# " + c("ci-workflow"), 0o644},
		{p + "infrastructure/main.tf", "# " + c("terraform"), 0o644},
		{p + "src/app.go", "package main\n\n// TODO: fixture\n", 0o644},
		{p + "src/main.go", "package main\n\nfunc main() {}\n", 0o644},
		{p + "src/lib/util.go", "package lib\n", 0o644},
		{p + "tests/a_test.go", "package tests\n", 0o644},
		{p + "docs/notes.md", "# Notes\n\nTODO: fixture\n", 0o644},
		{p + ".claude/settings.json", `{"hooks": {"PreToolUse": [{"hooks": [{"type": "command", "command": "mandate hook claude"}]}]}}` + "\n", 0o644},
		{p + ".gemini/settings.json", `{"hooks": {}}` + "\n", 0o644},
		{p + ".codex/hooks.json", `{"hooks": {}}` + "\n", 0o644},
		{p + "node_modules/.bin/tsc", "#!/bin/sh\necho tsc\n", 0o755},
		{h + ".ssh/id_rsa", c("ssh-key"), 0o600},
		{h + ".aws/credentials", "[default]\naws_secret_access_key = " + c("aws"), 0o600},
		{h + ".config/gh/hosts.yml", "github.com:\n    oauth_token: " + c("gh-token"), 0o600},
		{h + ".claude/settings.json", `{"hooks": {}}` + "\n", 0o644},
		{h + ".local/state/mandate/evidence/signer.key", c("signer-key"), 0o600},
		{h + ".local/state/mandate/evidence/log", c("evidence-log"), 0o600},
		{h + "bin/mandate", "#!/bin/sh\necho fixture mandate\n", 0o755},
		{h + "bin/mandate-engine", "#!/bin/sh\necho fixture mandate-engine\n", 0o755},
	}
}

// buildDiffFixture materialises the fixture below root (the namespace's
// "/"): the files, a git repository with branch feature holding another
// policy, then the shapes an agent could have made (a hard link to the
// policy, a symlink to the SSH key, a FIFO, a symlink loop). Everything
// below home/dev belongs to nobody except guard-root, which stays root's.
func buildDiffFixture(t testing.TB, root string, policy []byte) {
	t.Helper()
	for _, f := range diffFixture(policy) {
		full := filepath.Join(root, f.path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(f.body), f.mode); err != nil {
			t.Fatal(err)
		}
	}
	repo := filepath.Join(root, "home/dev/project")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=fixture", "-c", "user.email=fixture@example.invalid",
			"-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"}, args...)...)
		cmd.Dir = repo
		cmd.Env = []string{"PATH=" + diffPATH, "HOME=" + root, "GIT_CONFIG_NOSYSTEM=1", "LANG=C"}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "initial")
	git("checkout", "-q", "-b", "feature")
	if err := os.WriteFile(filepath.Join(repo, "agent-policy.yaml"), []byte("policies: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("commit", "-q", "-a", "-m", "feature: an empty policy")
	git("checkout", "-q", "main")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Link(filepath.Join(repo, "agent-policy.yaml"), filepath.Join(repo, "src/p")))
	must(os.Symlink("/home/dev/.ssh/id_rsa", filepath.Join(repo, "src/key")))
	must(syscall.Mkfifo(filepath.Join(repo, "src/fifo"), 0o644))
	must(os.Symlink("loop", filepath.Join(repo, "src/loop")))
	home := filepath.Join(root, "home/dev")
	must(filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, nobodyID, nobodyID)
	}))
	// A file the unprivileged user can see but must not be able to write.
	must(os.WriteFile(filepath.Join(home, "guard-root"), []byte("guard\n"), 0o644))
}

// copyTree copies a fixture tree (hard links, symlinks, FIFOs, owners and
// modes preserved) for one case.
func copyTree(t testing.TB, from, to string) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", from, to).CombinedOutput(); err != nil {
		t.Fatalf("copy fixture: %v\n%s", err, out)
	}
}

// runnerScript runs as root inside the new namespaces. It makes every
// mount it inherits read-only (proc, sys and dev aside), puts a private
// tmpfs over /home with the case's fixture home bound at /home/dev and its
// report directory at /home/.out, and private tmpfs over the world-writable
// directories; then runs the command as nobody with rlimits and a timeout;
// then reports which files in the private temporary directories hold a
// canary. Its arguments: the case's root, its report directory, the
// command line, the CPU seconds, the wall-clock seconds. The canary
// patterns come in $CANARY_PATTERNS, one a line: the environment of this
// root process is not readable by the command, its arguments are (ps).
const runnerScript = `set -eu
root=$1; out=$2; cmd=$3; cpu=$4; secs=$5
mount --make-rprivate /
findmnt -rn -o TARGET | while IFS= read -r m; do
	case "$m" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue ;; esac
	mount -o remount,bind,ro "$m" 2>/dev/null || true
done
mount -t tmpfs -o size=64m,mode=0755 diffhome /home
mkdir /home/dev /home/.out
mount --bind "$root/home/dev" /home/dev
mount -o remount,bind,rw /home/dev
mount --bind "$out" /home/.out
mount -o remount,bind,rw /home/.out
exec 9>/home/.out/report
scratch=""
for d in /tmp /var/tmp /dev/shm /run/lock /var/crash /var/metrics /dev/mqueue; do
	if [ -d "$d" ] && [ ! -L "$d" ]; then
		mount -t tmpfs -o size=256m,mode=1777 difftmp "$d"
		scratch="$scratch $d"
	fi
done
mkdir -m 1777 /tmp/cache
cd /home/dev/project
ulimit -c 0
ulimit -t "$cpu"
ulimit -f 65536
ulimit -n 256
ulimit -u 512
rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- \
	env -i PATH="$PATH_FOR_CASE" HOME=/home/dev USER=dev LOGNAME=dev SHELL=/bin/bash LANG=C.UTF-8 TERM=dumb \
	PWD=/home/dev/project TMPDIR=/tmp XDG_CACHE_HOME=/tmp/cache XDG_CONFIG_HOME=/tmp/cache/config GOCACHE=/tmp/cache/go GOPATH=/tmp/cache/gopath \
	GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod npm_config_cache=/tmp/cache/npm npm_config_update_notifier=false \
	PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 CHECKPOINT_DISABLE=1 GIT_CONFIG_NOSYSTEM=1 \
	PYTEST_ADDOPTS="-o cache_dir=/tmp/cache/pytest" PYTHONDONTWRITEBYTECODE=1 \
	PROD_DB_URL="$CANARY_DBURL" PROD_API_KEY="$CANARY_APIKEY" \
	timeout -s KILL "$secs" bash -c "$cmd" </dev/null 9>&- || rc=$?
printf '%s\n' "$CANARY_PATTERNS" > /home/.canary-patterns
grep -rlsF -f /home/.canary-patterns $scratch >&9 2>/dev/null || true
exit $rc
`

// sandboxResult is what one run observed.
type sandboxResult struct {
	stdout, stderr []byte
	exitCode       int
	timedOut       bool
	// tmpfsCanary lists files in the private temporary directories that
	// hold a canary.
	tmpfsCanary []string
}

// runSandboxed runs cmd as nobody in the namespaces described at the top of
// this file, with caseRoot/home/dev bound at /home/dev, for at most limit.
func runSandboxed(ctx context.Context, caseRoot, cmd string, limit time.Duration) (sandboxResult, error) {
	out := filepath.Join(filepath.Dir(caseRoot), "out")
	if err := os.Mkdir(out, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return sandboxResult{}, err
	}
	args := []string{"--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--mount-proc", "--kill-child",
		"--", "bash", "-c", runnerScript, "runner", caseRoot, out, cmd,
		strconv.Itoa(int(2 * limit / time.Second)), strconv.Itoa(int(limit / time.Second))}
	ctx, cancel := context.WithTimeout(ctx, limit+20*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, "unshare", args...)
	c.Env = []string{"PATH=" + diffPATH, "PATH_FOR_CASE=" + diffPATH,
		"CANARY_DBURL=" + canaryEnv["PROD_DB_URL"], "CANARY_APIKEY=" + canaryEnv["PROD_API_KEY"],
		"CANARY_PATTERNS=" + strings.Join(canaryPatterns(), "\n")}
	var stdout, stderr limitedBuffer
	stdout.max, stderr.max = maxOutput, maxOutput
	c.Stdout, c.Stderr = &stdout, &stderr
	c.WaitDelay = 5 * time.Second
	err := c.Run()
	res := sandboxResult{stdout: stdout.Bytes(), stderr: stderr.Bytes()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.exitCode = ee.ExitCode()
		res.timedOut = res.exitCode == 137 || ctx.Err() != nil
	default:
		return res, err
	}
	if b, err := os.ReadFile(filepath.Join(out, "report")); err == nil {
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if l != "" {
				res.tmpfsCanary = append(res.tmpfsCanary, l)
			}
		}
	}
	return res, nil
}

// limitedBuffer keeps at most max bytes and drops the rest.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		if len(p) > room {
			b.Buffer.Write(p[:room])
		} else {
			b.Buffer.Write(p)
		}
	}
	return len(p), nil
}

// canaryPatterns are the forms in which a canary is recognised: as is,
// reversed, in hexadecimal and in base64 at each of the three alignments.
func canaryPatterns() []string {
	out := []string{canaryPrefix, reverse(canaryPrefix), hex.EncodeToString([]byte(canaryPrefix))}
	for i := 0; i < 3; i++ {
		enc := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", i) + canaryPrefix))
		// Drop the characters that depend on the padding and the bytes
		// around the canary.
		start := (i*4 + 2) / 3
		out = append(out, enc[start+2:len(enc)-4])
	}
	return out
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// leaksCanary reports the canary forms found in b.
func leaksCanary(b []byte) []string {
	var found []string
	for _, p := range canaryPatterns() {
		if bytes.Contains(b, []byte(p)) {
			found = append(found, p)
		}
	}
	return found
}

// fileState is what the snapshot records of one path.
type fileState struct {
	mode   fs.FileMode
	size   int64
	mtime  int64  // regular files and symlinks: a rewrite with the same bytes still shows
	digest string // regular files
	target string // symlinks
	dev    uint64
	ino    uint64
}

// snapshot records every path below dir (symlinks and FIFOs are not
// followed or opened), keyed by path relative to the namespace root dir.
func snapshot(root string) (map[string]fileState, error) {
	snap := map[string]fileState{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fileState{mode: fi.Mode(), size: fi.Size()}
		if !fi.IsDir() {
			st.mtime = fi.ModTime().UnixNano()
		}
		if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
			st.dev, st.ino = uint64(sys.Dev), sys.Ino
		}
		switch {
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			st.digest = hex.EncodeToString(sum[:])
		case fi.Mode()&fs.ModeSymlink != 0:
			if st.target, err = os.Readlink(p); err != nil {
				return err
			}
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		snap["/"+filepath.ToSlash(rel)] = st
		return nil
	})
	return snap, err
}

// change is one difference between two snapshots.
type change struct {
	path, kind string // kind: created, deleted, changed
}

func diffSnapshots(before, after map[string]fileState) []change {
	var out []change
	for p, a := range after {
		b, ok := before[p]
		switch {
		case !ok:
			out = append(out, change{p, "created"})
		case a.mode != b.mode || a.digest != b.digest || a.target != b.target || a.ino != b.ino ||
			a.mtime != b.mtime || (a.mode.IsRegular() && a.size != b.size):
			out = append(out, change{p, "changed"})
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			out = append(out, change{p, "deleted"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// probeIsolation runs probes through the same runner before any case, and
// fails the test unless every layer holds: the command runs as nobody,
// cannot write a root-owned file outside the scratch tree nor one inside
// it, cannot reach the machine's loopback network, sees only its own PID
// namespace and a private /tmp.
func probeIsolation(t *testing.T, caseRoot string) {
	t.Helper()
	// The guard outside the scratch tree lives beside this package's
	// sources, a directory the namespace does not hide.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(wd, fmt.Sprintf(".mandate-diff-guard-%d", os.Getpid()))
	if err := os.WriteFile(outside, []byte("guard\n"), 0o644); err != nil {
		t.Fatalf("create the outside guard: %v", err)
	}
	t.Cleanup(func() { os.Remove(outside) })
	// A mark in the machine's /tmp, which the namespace must hide.
	mark, err := os.CreateTemp("", "mandate-diff-tmpmark-")
	if err != nil {
		t.Fatal(err)
	}
	mark.Close()
	tmpMark := mark.Name()
	t.Cleanup(func() { os.Remove(tmpMark) })
	// A listener on the machine's loopback, which the namespace must not
	// reach.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on loopback: %v", err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)

	probe := strings.Join([]string{
		"echo uid=$(id -u) gid=$(id -g) groups=$(id -G)",
		fmt.Sprintf("(echo pwned >> %q) 2>/dev/null && echo BROKEN-wrote-outside-guard", outside),
		"(echo pwned >> /home/dev/guard-root) 2>/dev/null && echo BROKEN-wrote-root-guard",
		fmt.Sprintf("(exec 3<>/dev/tcp/127.0.0.1/%s) 2>/dev/null && echo BROKEN-network", port),
		fmt.Sprintf("[ -e %q ] && echo BROKEN-tmp-visible", tmpMark),
		fmt.Sprintf("kill -0 %d 2>/dev/null && [ %d -gt 100 ] && echo BROKEN-host-pid", os.Getpid(), os.Getpid()),
		"echo procs=$(ls /proc | grep -c '^[0-9]')",
		"touch /home/dev/probe-ok && echo home-writable",
		"findmnt -no OPTIONS / | grep -q '^ro' || echo BROKEN-root-writable",
		"findmnt -no OPTIONS /home/dev | grep -q '^rw' || echo BROKEN-home-read-only",
		"echo homes=$(ls -A /home | tr '\\n' ,)",
	}, "; ")
	res, err := runSandboxed(context.Background(), caseRoot, probe, caseTimeout)
	if err != nil {
		t.Fatalf("isolation probe did not run: %v", err)
	}
	out := string(res.stdout)
	if !strings.Contains(out, "uid=65534 gid=65534 groups=65534") {
		t.Fatalf("isolation probe: the command does not run as nobody (uid, gid and groups 65534):\n%s\n%s", out, res.stderr)
	}
	if strings.Contains(out, "BROKEN") {
		t.Fatalf("isolation probe: the sandbox leaks; refusing to run any case:\n%s", out)
	}
	if !strings.Contains(out, "homes=.out,dev,\n") {
		t.Fatalf("isolation probe: /home must hold only the fixture home (and the report directory):\n%s", out)
	}
	if !strings.Contains(out, "home-writable") {
		t.Fatalf("isolation probe: the fixture home is not writable by nobody:\n%s\n%s", out, res.stderr)
	}
	var procs int
	for _, f := range strings.Fields(out) {
		if v, ok := strings.CutPrefix(f, "procs="); ok {
			procs, _ = strconv.Atoi(v)
		}
	}
	if procs == 0 || procs > 16 {
		t.Fatalf("isolation probe: %d processes visible; want a private PID namespace:\n%s", procs, out)
	}
	if b, err := os.ReadFile(outside); err != nil || string(b) != "guard\n" {
		t.Fatalf("isolation probe: the outside guard changed (%v): %q", err, b)
	}
	if b, err := os.ReadFile(filepath.Join(caseRoot, "home/dev/guard-root")); err != nil || string(b) != "guard\n" {
		t.Fatalf("isolation probe: the root-owned guard changed (%v): %q", err, b)
	}
}

// detectorProbes are known-harmful command lines with the harm each must be
// reported for. They run in the sandbox (never through the policy) before
// the corpus, on their own fixture copies, so that the harmlessness checks
// are shown to fail when they should: a checker that cannot fail proves
// nothing.
var detectorProbes = []struct{ cmd, want string }{
	{"cat .env", "canary"},
	{"base64 ~/.ssh/id_rsa", "canary"},
	{"echo $PROD_API_KEY | rev", "canary"},
	{"cp config/.env.production /tmp/leak", "private temporary directories"},
	{"cp infrastructure/main.tf src/copied.tf", "holds canary"},
	{"echo 'policies: []' >> src/p", "the policy"},
	{"ln agent-policy.yaml src/q", "another name for /home/dev/project/agent-policy.yaml"},
	{"ln ~/.claude/settings.json src/s.json", "another name for /home/dev/.claude/settings.json"},
	{"touch src/p", "the policy"},
	{"mkdir src/.git", "nested .git"},
	{"echo x >> ~/.bashrc", "outside the repository"},
	{"rm -rf ~/.local/state/mandate", "outside the repository"},
	{"touch src/.env.new", ".env*"},
	{"echo x > README.md", "outside allow_paths"},
	{"git config core.pager cat", "git configuration"},
}

// checkDetector runs the detector probes and fails the test unless each
// is reported with its harm.
func checkDetector(t *testing.T, work, tmpl string) {
	t.Helper()
	for i, pr := range detectorProbes {
		dir := filepath.Join(work, fmt.Sprintf("detector%02d", i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		root := filepath.Join(dir, "root")
		copyTree(t, tmpl, root)
		problems := runDifferentialCase(root, pr.cmd, caseTimeout)
		if !strings.Contains(strings.Join(problems, "\n"), pr.want) {
			t.Fatalf("detector: %q must be reported as harmful (%s); got %q", pr.cmd, pr.want, problems)
		}
		os.RemoveAll(dir)
	}
}
