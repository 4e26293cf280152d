package shell

import (
	"errors"
	"strings"
	"testing"
)

// TestOperandFacts: operands that were misread (chmod's option-like
// modes, git's tree-ish before --, mktemp -p's directory), devices
// destructive programs write, git plumbing entries, find -name -exec.
func TestOperandFacts(t *testing.T) {
	const (
		binary   = "self-protection/binary"
		optVal   = "write/option-value"
		rewrite  = "write/git-worktree-rewrite"
		plumbing = "write/git-plumbing"
		destruct = "default/destructive"
		everyday = "benign/everyday"
		procCtl  = "self-protection/process-control"
		gitObj   = "read/git-object"
		push     = "push/plumbing"
		scheme   = "host/scheme"
		P        = "/home/dev/project/"
	)
	runW(t, []wc{
		{class: binary, cmd: "chmod -x ~/bin/mandate", writes: []string{"/home/dev/bin/mandate"}},
		{class: binary, cmd: "chmod -rwx,u+r ~/bin/mandate", writes: []string{"/home/dev/bin/mandate"}},
		{class: binary, cmd: "chmod -R -w src", writes: []string{P + "src"}},
		{class: binary, cmd: "chattr -i agent-policy.yaml", writes: []string{P + "agent-policy.yaml"}},
		{class: binary, cmd: "chmod -R 755 src", writes: []string{P + "src"}, noWrite: []string{P + "755"}},
		{class: optVal, cmd: "mktemp -p src t.XXXX", writes: []string{P + "src/t.????"}, noWrite: []string{P + "src"}},
		{class: rewrite, cmd: "git checkout feature -- src/app.go", writes: []string{P + "src/app.go"}, noWrite: []string{P + "feature"}},
		{class: rewrite, cmd: "git restore --source feature src/app.go", writes: []string{P + "src/app.go"}},
		{class: plumbing, cmd: "git update-index --add --cacheinfo 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 src/.git", writes: []string{P + "src/.git"}},
		{class: plumbing, cmd: "git update-index --cacheinfo 100644,e69de29bb2d1d6434b8b29ae775ad8c2e48c5391,agent-policy.yaml", writes: []string{P + "agent-policy.yaml"}},
		{class: plumbing, cmd: "git update-index --index-info < /tmp/forged", opaque: []string{"not known statically"}},
		{class: plumbing, cmd: "printf '100644 blob e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\\tagent-policy.yaml\\n' | git mktree", writes: []string{P + "agent-policy.yaml"}},
		{class: plumbing, cmd: "git symbolic-ref HEAD refs/heads/feature", opaque: []string{"moves a branch"}},
		{class: plumbing, cmd: "git update-index --add src/app.go", noWrite: []string{P + "src/app.go"}, clear: true},
		{class: destruct, cmd: "wipefs -a /dev/sda", writes: []string{"/dev/sda"}},
		{class: destruct, cmd: "blkdiscard /dev/nvme0n1", writes: []string{"/dev/nvme0n1"}},
		{class: destruct, cmd: "sgdisk --zap-all /dev/sda", writes: []string{"/dev/sda"}},
		{class: destruct, cmd: "mkfs.ext4 /dev/sdb1", writes: []string{"/dev/sdb1"}},
		{class: destruct, cmd: "mkswap /dev/sdb2", writes: []string{"/dev/sdb2"}},
		{class: destruct, cmd: "parted -s /dev/sda mklabel gpt", writes: []string{"/dev/sda"}},
		{class: destruct, cmd: "mdadm --zero-superblock /dev/sdc", writes: []string{"/dev/sdc"}},
		{class: destruct, cmd: "fdisk -l /dev/sda", noWrite: []string{"/dev/sda"}},
		{class: destruct, cmd: "cryptsetup luksFormat /dev/sdb", writes: []string{"/dev/sdb"}},
		{class: destruct, cmd: "nvme format /dev/nvme0n1", writes: []string{"/dev/nvme0n1"}},
		{class: destruct, cmd: "cryptsetup status vol", noWrite: []string{P + "vol"}, noCand: true},
		{class: destruct, cmd: "badblocks /dev/sda", noWrite: []string{"/dev/sda"}},
		{class: everyday, cmd: "find src -name '*.go' -exec sed -i 's/foo/bar/' {} +", writes: []string{P + "src/**/*.go"}, noWrite: []string{P + "src/*"}},
		{class: everyday, cmd: "find src -name '*.go' -o -name '*.md' -exec rm {} +", deletes: []string{P + "src/*"}},
		{class: procCtl, cmd: "cat /proc/$(pgrep -f mandate-engine)/root/home/dev/.local/state/mandate/evidence/signer.key", reads: []string{"/home/dev/.local/state/mandate/evidence/signer.key"}},
		{class: procCtl, cmd: "echo x > /proc/$(pgrep x)/root/home/dev/project/a", opaque: []string{"not known statically"}},
		{class: gitObj, cmd: "git show $(git rev-parse HEAD):.env", reads: []string{P + ".env"}},
		{class: gitObj, cmd: "git cat-file --batch < /tmp/names", opaque: []string{"not known statically"}},
		{class: push, cmd: "/usr/lib/git-core/git-push origin HEAD:main", lines: []string{"git push origin HEAD:main"}, noCand: true},
		{class: scheme, cmd: "psql -d 'postgresql://db.production.company.com/app'"},
	})
	an, _ := Analyze("psql -d 'postgresql://db.production.company.com/app'", testOpt)
	if len(an.Hosts) == 0 || an.Hosts[0].Host != "db.production.company.com" {
		t.Errorf("host/scheme: psql -d URL: hosts %+v", an.Hosts)
	}
	for _, line := range []string{"ln -s l2 src/l2 && cat src/l2", "ln -s a b; ln -s b a; cat a/x", "cd src; ln -s ../src/l l; echo > l"} {
		if _, err := Analyze(line, testOpt); !errors.Is(err, ErrLinkLoop) {
			t.Errorf("bad-input/fs-shape: %q: err = %v, want ErrLinkLoop", line, err)
		}
	}
	if _, err := Analyze("ln -s x y && cat y", testOpt); err != nil {
		t.Errorf("bad-input/fs-shape: a link that is no loop: %v", err)
	}
}

// TestPatternOptionsAndProcesses: pattern options are no reads, tar's
// --exclude narrows its walk; a kubeconfig switch is a write; acting on a
// running process is opaque.
func TestPatternOptionsAndProcesses(t *testing.T) {
	const P = "/home/dev/project"
	for _, c := range []struct {
		class, cmd string
		path       string
		exclude    []string
		noRead     string
	}{
		{"read/recursive-tool", "tar czf src/all.tgz --exclude='.env*' --exclude=.github .", P, []string{"**/.env*", "**/.env*/**", "**/.github", "**/.github/**"}, P + "/.env*"},
		{"read/recursive-tool", "grep -r --exclude='.env*' --exclude-dir=infrastructure TODO .", P, []string{"**/.env*", "**/infrastructure/**"}, P + "/.env*"},
		{"read/recursive-tool", "tar -C ~ -czf src/h.tgz --exclude=.ssh .config", "/home/dev/.config", []string{"**/.ssh", "**/.ssh/**"}, ""},
	} {
		an, err := Analyze(c.cmd, testOpt)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range an.Reads {
			if r.Path == c.noRead && c.noRead != "" {
				t.Errorf("%s: %q: reads the pattern %s", c.class, c.cmd, r.Path)
			}
			if r.Path == c.path && r.Recursive {
				found = true
				if strings.Join(r.Exclude, " ") != strings.Join(c.exclude, " ") {
					t.Errorf("%s: %q: Exclude = %q, want %q", c.class, c.cmd, r.Exclude, c.exclude)
				}
			}
		}
		if !found {
			t.Errorf("%s: %q: no recursive read of %s in %+v", c.class, c.cmd, c.path, an.Reads)
		}
	}
	runW(t, []wc{
		{class: "block-command/option-spelling", cmd: "kubectl config use-context production", writes: []string{"/home/dev/.kube/config"}},
		{class: "block-command/option-spelling", cmd: "KUBECONFIG=/tmp/k kubectl config set-context x", writes: []string{"/tmp/k"}},
		{class: "block-command/option-spelling", cmd: "kubectl config get-contexts", noWrite: []string{"/home/dev/.kube/config"}},
		{class: "block-command/option-spelling", cmd: "kubectl --context production get pods", lines: []string{"kubectl --context production get pods", "kubectl --context=production get pods"}},
		{class: "block-command/option-spelling", cmd: "kubectl get secrets -n x --context 'production'", lines: []string{"kubectl get secrets -n=x --context=production"}},
		{class: "self-protection/process-control", cmd: "prlimit --pid $(pgrep -f mandate-engine) --nofile=0:0", opaque: []string{"running process"}},
		{class: "self-protection/process-control", cmd: "renice -n 19 -p $(pgrep mandate)", opaque: []string{"running process"}},
		{class: "self-protection/process-control", cmd: "strace -p $(pidof x)", opaque: []string{"running process"}},
		{class: "self-protection/process-control", cmd: "gcore $PID", opaque: []string{"running process"}},
		{class: "self-protection/process-control", cmd: "strace -p 1234", clear: true},
		{class: "self-protection/process-control", cmd: "prlimit --nofile=10 ls", clear: true},
	})
}
