package shell

import "testing"

// TestLinksInLine: a link made earlier in the line is another name for
// its target; paths through it are reported through the target too.
func TestLinksInLine(t *testing.T) {
	const class = "link created earlier in the line"
	runW(t, []wc{
		{class: class, cmd: "ln -s ../x l && echo > l", writes: []string{"/home/dev/x"}},
		{class: class, cmd: "ln -s agent-policy.yaml src/l && echo > src/l", writes: []string{P + "/src/agent-policy.yaml"}},
		{class: class, cmd: "ln -s ../agent-policy.yaml src/l; echo > src/l", writes: []string{pol}},
		{class: class, cmd: "ln -sr agent-policy.yaml src/l; echo x > src/l", writes: []string{pol}},
		{class: class, cmd: "ln -sf /home/dev/project/agent-policy.yaml l; cp x l", writes: []string{pol}},
		{class: class, cmd: "ln -sT ../agent-policy.yaml src/l; truncate -s0 src/l", writes: []string{pol}},
		{class: class, cmd: "ln -s / r; cat r/home/dev/.ssh/id_rsa", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{class: class, cmd: "ln -s /home/dev r; rm -rf r/.ssh", deletes: []string{"/home/dev/.ssh"}},
		{class: class, cmd: "ln -s / r && ln -s r/home l && cat l/dev/.aws/credentials", reads: []string{"/home/dev/.aws/credentials"}},
		{class: class, cmd: "ln -t src agent-policy.yaml; echo > src/agent-policy.yaml", writes: []string{pol}},
		{class: class, cmd: "ln agent-policy.yaml src/p", writes: []string{pol, P + "/src/p"}},
		{class: class, cmd: "ln agent-policy.yaml src/p && echo x > src/p", writes: []string{pol}},
		{class: class, cmd: "cp -l agent-policy.yaml src/p; sed -i s/a/b/ src/p", writes: []string{pol}},
		{class: class, cmd: "cp -s /home/dev/project/agent-policy.yaml src/q; echo > src/q", writes: []string{pol}},
		{class: class, cmd: "(ln -s ../agent-policy.yaml src/l); echo > src/l", writes: []string{pol}},
		{class: class, cmd: "f() { echo > src/l; }; ln -s ../agent-policy.yaml src/l; f", writes: []string{pol}},
		{class: class, cmd: "if x; then ln -s ../agent-policy.yaml src/l; fi; echo > src/l", writes: []string{pol}},
		{class: class, cmd: "ln -s \"$T\" src/l; echo > src/l", opaque: []string{"write target not known statically"}},
		{class: class, cmd: "ln -s \"$T\" src/l; cat src/l/x", dyn: []string{P + "/src/$T/x"}},
		// making the link is not a write of its target
		{class: class, cmd: "ln -sf ../agent-policy.yaml src/l", noWrite: []string{pol}},
		{class: class, cmd: "ln -s /etc/passwd src/l; ln -sf /etc/hosts src/l", noWrite: []string{"/etc/passwd"}},
	})
}

// TestRepositoryCreation: every way the line makes a .git file or
// directory (or a bare repository) is a write of it.
func TestRepositoryCreation(t *testing.T) {
	const class = "creates a repository (.git) in the governed tree"
	runW(t, []wc{
		{class: class, cmd: "mkdir -p src/.git", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "mkdir -p src/.git/objects", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "touch src/.git", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "cp -r /tmp/r/.git src/.git", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "mv /tmp/g src/.git", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "ln -s /tmp/g src/.git", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "echo 'gitdir: /tmp/g' > src/.git", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "git init src", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "cd src && git init", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "git init --bare src/r", writes: []string{P + "/src/r"}},
		{class: class, cmd: "git init --separate-git-dir=/tmp/g src", writes: []string{P + "/src/.git", "/tmp/g"}},
		{class: class, cmd: "GIT_DIR=src/x git init", writes: []string{P + "/src/x"}},
		{class: class, cmd: "git --git-dir=src/x init", writes: []string{P + "/src/x"}},
		{class: class, cmd: "git -C src init", writes: []string{P + "/src/.git"}},
		{class: class, cmd: "git clone https://e.com/r.git src/r", writes: []string{P + "/src/r/.git"}},
		{class: class, cmd: "git worktree add src/wt", writes: []string{P + "/src/wt/.git"}},
		{class: class, cmd: "git worktree add -b b src/wt main", writes: []string{P + "/src/wt/.git"}},
		{class: class, cmd: "git submodule add https://e.com/lib.git src/lib", writes: []string{P + "/src/lib/.git", P + "/.gitmodules"}},
		{class: class, cmd: "git submodule add https://e.com/lib.git", writes: []string{P + "/lib/.git"}},
		{class: class, cmd: "install -D x src/.git/HEAD", writes: []string{P + "/src/.git/HEAD"}},
		{class: class, cmd: "tar -xf r.tar -C src", writes: []string{P + "/src"}},
	})
}

// TestProg: Command.Prog is the program word that runs, through wrappers
// and re-parsed code.
func TestProg(t *testing.T) {
	const class = "program identity through wrappers"
	runW(t, []wc{
		{class: class, cmd: "sudo ./mandate-engine uninstall", prog: map[string]string{"mandate-engine uninstall": "./mandate-engine"}},
		{class: class, cmd: "env A=1 /home/dev/bin/m uninstall", prog: map[string]string{"m uninstall": "/home/dev/bin/m"}},
		{class: class, cmd: "echo x | xargs ../bin/m prune", prog: map[string]string{"m prune x": "../bin/m"}},
		{class: class, cmd: "cat list | xargs ../bin/m prune", prog: map[string]string{"m prune " + xargsInput: "../bin/m"}},
		{class: class, cmd: "find . -exec /opt/m uninstall \\;", prog: map[string]string{"m uninstall": "/opt/m"}},
		{class: class, cmd: "bash -c '~/bin/m init'", prog: map[string]string{"m init": "/home/dev/bin/m"}},
		{class: class, cmd: "busybox sh -c true", prog: map[string]string{"sh -c true": "busybox", "true": "true"}},
		{class: class, cmd: "/bin/busybox rm x", prog: map[string]string{"rm x": "/bin/busybox"}},
		{class: class, cmd: "timeout 5 nice ./m", prog: map[string]string{"m": "./m"}},
		{class: class, cmd: "git -c alias.x='!./m uninstall' x", prog: map[string]string{"m uninstall": "./m"}},
	})
}
