package shell

import (
	"strings"
	"testing"
)

const (
	pol    = P + "/agent-policy.yaml"
	classC = "unmodelled program writes its argument" // candidate writes
	classW = "write-capable option of a modelled program"
)

// TestCandidateWrites: the arguments of a program whose writes are not
// modelled are candidate writes, in every spelling an option value can
// take; read-only programs and programs modelled completely have none.
func TestCandidateWrites(t *testing.T) {
	runW(t, []wc{
		{class: classC, cmd: "mytool agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "mytool --out=agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "mytool -oagent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "mytool -vqoagent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "mytool -o agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "mytool -out=agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "mytool dest=agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "mytool --map src:agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "mytool x,target=agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "./build.sh ../project/agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "python3 gen.py agent-policy.yaml", cands: []string{pol}, noWrite: []string{P + "/gen.py"}},
		{class: classC, cmd: "bash -c 'echo x > \"$1\"' _ agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "sudo mytool agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "find . -exec mytool agent-policy.yaml \\;", cands: []string{pol}},
		{class: classC, cmd: "$TOOL agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "git lfs track agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "make agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "kubectl cp pod:/x agent-policy.yaml", cands: []string{pol}},
		{class: classC, cmd: "docker run -v $PWD:/w alpine sh -c 'echo > /w/agent-policy.yaml'", cands: []string{P}},
		{class: classC, cmd: "sqlite3 agent-policy.yaml 'select 1'", cands: []string{pol}},
		// not paths: numbers, URLs
		{class: classC, cmd: "mytool 42 3.5 https://e.com/agent-policy.yaml", noWrite: []string{P + "/42", P + "/3.5"}, noCand: true},
		// read-only and completely modelled programs: reads only
		{class: classC, cmd: "cat agent-policy.yaml", noCand: true, reads: []string{pol}},
		{class: classC, cmd: "grep -l TODO *", noCand: true},
		{class: classC, cmd: "wc -l * && du -sh * && ls *", noCand: true},
		{class: classC, cmd: "diff agent-policy.yaml src/p", noCand: true},
		{class: classC, cmd: "jq . agent-policy.yaml", noCand: true},
		{class: classC, cmd: "sha256sum agent-policy.yaml; stat agent-policy.yaml; file agent-policy.yaml", noCand: true},
		{class: classC, cmd: "[ -f agent-policy.yaml ] && echo ok", noCand: true},
		{class: classC, cmd: "for f in src/*.go; do gofmt -l \"$f\"; done", noCand: true},
		{class: classC, cmd: "find src -name '*.go' | xargs wc -l", noCand: true},
		{class: classC, cmd: "git log --oneline agent-policy.yaml", noCand: true},
		{class: classC, cmd: "git diff HEAD~1 -- agent-policy.yaml", noCand: true},
		{class: classC, cmd: "cp src/a src/b", noCand: true},
		{class: classC, cmd: "rg -n TODO src", noCand: true},
		{class: classC, cmd: "curl -s https://e.com/x", noCand: true},
		{class: classC, cmd: "tar -tzf a.tgz", noCand: true},
	})
}

// TestWriteOptions: every write-capable option of the programs Mandate
// models is a write of its value.
func TestWriteOptions(t *testing.T) {
	runW(t, []wc{
		// git: --output and friends
		{class: classW, cmd: "git log -1 --format='tformat:policies: []' --output=agent-policy.yaml", writes: []string{pol}, noCand: true},
		{class: classW, cmd: "git log --output agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "git -C src diff --output=../agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "git show HEAD:agent-policy.yaml --output=src/p", writes: []string{P + "/src/p"}},
		{class: classW, cmd: "git diff-tree -p HEAD --output=agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "git format-patch -1 -o patches", writes: []string{P + "/patches/[0-9]*"}},
		{class: classW, cmd: "git format-patch -1", writes: []string{P + "/[0-9]*"}},
		{class: classW, cmd: "git format-patch -1 --stdout > x.patch", writes: []string{P + "/x.patch"}, noWrite: []string{P + "/[0-9]*"}},
		{class: classW, cmd: "git archive -o agent-policy.yaml HEAD", writes: []string{pol}},
		{class: classW, cmd: "git archive --output=agent-policy.yaml HEAD", writes: []string{pol}},
		{class: classW, cmd: "git bundle create agent-policy.yaml HEAD", writes: []string{pol}},
		{class: classW, cmd: "git checkout-index --prefix=../x/ -a", writes: []string{"/home/dev/x/*"}},
		{class: classW, cmd: "git checkout-index -f -- agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "git read-tree --index-output=agent-policy.yaml HEAD", writes: []string{pol}},
		{class: classW, cmd: "git merge-file agent-policy.yaml base other", writes: []string{pol}},
		{class: classW, cmd: "git merge-file -p agent-policy.yaml base other", noWrite: []string{pol}},
		{class: classW, cmd: "git mailinfo agent-policy.yaml p < mbox", writes: []string{pol}},
		{class: classW, cmd: "git fast-export --export-marks=agent-policy.yaml HEAD", writes: []string{pol}},
		{class: classW, cmd: "git apply --build-fake-ancestor=agent-policy.yaml x.patch", writes: []string{pol}},
		{class: classW, cmd: "git interpret-trailers --in-place agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "git config --global alias.x status", writes: []string{"/home/dev/.gitconfig"}},
		// rsync
		{class: classW, cmd: "rsync -a src/ /tmp/b --log-file=agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "rsync -a src/ /tmp/b --write-batch=agent-policy.yaml", writes: []string{P + "/agent-policy.yaml*"}},
		{class: classW, cmd: "rsync -a src/ /tmp/b --only-write-batch=agent", writes: []string{P + "/agent*"}},
		{class: classW, cmd: "rsync -a --backup-dir=.claude -b src/ /tmp/b", writes: []string{P + "/.claude"}},
		{class: classW, cmd: "rsync -a --partial-dir=.p src/ dst", writes: []string{P + "/.p", P + "/dst/.p"}},
		{class: classW, cmd: "rsync -a --temp-dir ../x src/ dst", writes: []string{"/home/dev/x"}},
		// curl
		{class: classW, cmd: "curl --libcurl agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl --etag-save agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl --hsts agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl --alt-svc agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl -c agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl --cookie-j agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl -Dagent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl --trace-ascii agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl --stderr agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "curl -O --output-dir src https://e.com/agent-policy.yaml", writes: []string{P + "/src/agent-policy.yaml"}},
		{class: classW, cmd: "curl --remote-name-all https://e.com/agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "curl -OJ https://e.com/x", writes: []string{P + "/*"}},
		{class: classW, cmd: "curl -w '%output{agent-policy.yaml}%{http_code}' https://e.com", writes: []string{pol}},
		// wget
		{class: classW, cmd: "wget -o agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "wget -a agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "wget --save-cookies agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "wget --warc-file=agent https://e.com", writes: []string{P + "/agent*"}},
		{class: classW, cmd: "wget -P src https://e.com/x", writes: []string{P + "/src"}},
		{class: classW, cmd: "wget -e output_document=agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: classW, cmd: "wget -r -nd https://e.com/", writes: []string{P}},
		// split, csplit, mktemp, shuf, xxd
		{class: classW, cmd: "split -b 1k in agent-policy.ya", writes: []string{P + "/agent-policy.ya*"}},
		{class: classW, cmd: "split in", writes: []string{P + "/x*"}},
		{class: classW, cmd: "split --additional-suffix=/../../x in p", opaque: []string{"split output names"}},
		{class: classW, cmd: "split --filter='cat > $FILE' in", opaque: []string{"write target not known statically"}},
		{class: classW, cmd: "csplit -f agent-policy.ya in '/x/'", writes: []string{P + "/agent-policy.ya*"}, noRead: []string{"/x"}},
		{class: classW, cmd: "csplit in 5", writes: []string{P + "/xx*"}},
		{class: classW, cmd: "mktemp -p src agentXXX", writes: []string{P + "/src/agent???"}},
		{class: classW, cmd: "mktemp -u -p src agentXXX", noWrite: []string{P + "/src/agent???"}},
		{class: classW, cmd: "mktemp", writes: []string{"/tmp/tmp.??????????"}},
		{class: classW, cmd: "shuf -o agent-policy.yaml in", writes: []string{pol}},
		{class: classW, cmd: "shuf --output=agent-policy.yaml in", writes: []string{pol}},
		{class: classW, cmd: "xxd -r dump agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "xxd -c 16 in agent-policy.yaml", writes: []string{pol}},
		// ar, patch
		{class: classW, cmd: "ar x lib.a", writes: []string{P}},
		{class: classW, cmd: "ar x lib.a agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "ar rcs agent-policy.yaml a.o", writes: []string{pol}},
		{class: classW, cmd: "ar t lib.a", noCand: true, noWrite: []string{P + "/lib.a"}},
		{class: classW, cmd: "patch agent-policy.yaml fix.diff", writes: []string{pol}},
		{class: classW, cmd: "patch -p1 < fix.diff", writes: []string{P}},
		{class: classW, cmd: "patch --dry-run -p1 < fix.diff", noWrite: []string{P}, noCand: true},
		{class: classW, cmd: "patch -o agent-policy.yaml src/a fix.diff", writes: []string{pol}},
		{class: classW, cmd: "patch -r agent-policy.yaml src/a fix.diff", writes: []string{pol}},
		{class: classW, cmd: "patch --reject-file=agent-policy.yaml -p1 < d", writes: []string{pol}},
		{class: classW, cmd: "patch -B agent-policy.ya src/a d", writes: []string{P + "/agent-policy.ya*"}},
		{class: classW, cmd: "patch -d src -p1 < d", writes: []string{P + "/src"}},
		// tee, install -D, ln/cp/mv -t, unzip -d, tar
		{class: classW, cmd: "echo x | tee -a agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "install -D src/a .claude/settings.json", writes: []string{P + "/.claude/settings.json"}},
		{class: classW, cmd: "cp -t . src/agent-policy.yaml", writes: []string{P}},
		{class: classW, cmd: "mv --target-directory=. src/agent-policy.yaml", writes: []string{P}},
		{class: classW, cmd: "cp --backup src/x agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "mv --exchange src/a agent-policy.yaml", writes: []string{pol, P + "/src/a"}},
		{class: classW, cmd: "unzip -o a.zip -d .claude", writes: []string{P + "/.claude"}},
		{class: classW, cmd: "tar -xf a.tar -C .", writes: []string{P}},
		{class: classW, cmd: "tar -cf agent-policy.yaml src", writes: []string{pol}},
		{class: classW, cmd: "tar -xf a.tar --to-command='cat > agent-policy.yaml'", writes: []string{pol}},
		{class: classW, cmd: "tar -I 'gzip -d' -cf a.tgz src", clear: true},
		{class: classW, cmd: "tar -g agent-policy.yaml -cf /tmp/a.tar src", writes: []string{pol}},
		// cpio, pax
		{class: classW, cmd: "cpio -i < a.cpio", writes: []string{P}},
		{class: classW, cmd: "cpio -id -D .claude < a.cpio", writes: []string{P + "/.claude"}},
		{class: classW, cmd: "cpio -it < a.cpio", noWrite: []string{P}},
		{class: classW, cmd: "ls | cpio -o -F agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "ls | cpio -p .claude", writes: []string{P + "/.claude"}},
		{class: classW, cmd: "pax -r -f a.pax", writes: []string{P}},
		{class: classW, cmd: "pax -w -f agent-policy.yaml src", writes: []string{pol}},
		{class: classW, cmd: "pax -rw src .claude", writes: []string{P + "/.claude"}},
		{class: classW, cmd: "pax -r -s ',^,../,' -f a.pax", opaque: []string{"pax -s"}},
		// rename
		{class: classW, cmd: "rename 's/x/agent-policy.yaml/' x", writes: []string{pol}, deletes: []string{P + "/x"}},
		{class: classW, cmd: "rename x agent-policy.yaml x", writes: []string{pol}},
		{class: classW, cmd: "prename 's/.*/agent-policy.yaml/' src/a", writes: []string{P + "/src"}, opaque: []string{"perl code"}},
		{class: classW, cmd: "rename -n 's/x/y/' x", noWrite: []string{P + "/y"}},
		// compressors
		{class: classW, cmd: "gunzip agent-policy.yaml.gz", writes: []string{pol}, deletes: []string{pol + ".gz"}},
		{class: classW, cmd: "gzip -d agent-policy.yaml.gz", writes: []string{pol}},
		{class: classW, cmd: "zstd -d agent-policy.yaml.zst", writes: []string{pol}},
		{class: classW, cmd: "zstd -o agent-policy.yaml x", writes: []string{pol}},
		{class: classW, cmd: "xz -dk agent-policy.yaml.xz", writes: []string{pol}},
		{class: classW, cmd: "bunzip2 -c agent-policy.yaml.bz2 > out", noWrite: []string{pol}},
		{class: classW, cmd: "lz4 -d x.lz4 agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "gzip agent-policy.yaml", writes: []string{pol + ".gz"}, deletes: []string{pol}},
		{class: classW, cmd: "gzip -S .yaml agent-policy", writes: []string{pol}},
		// others
		{class: classW, cmd: "sort -o agent-policy.yaml x", writes: []string{pol}},
		{class: classW, cmd: "sort --compress-program='rm agent-policy.yaml' x", deletes: []string{pol}},
		{class: classW, cmd: "uniq in agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "sed -i.bak 's/a/b/' src/a", writes: []string{P + "/src/a", P + "/src/a.bak"}},
		{class: classW, cmd: "sed -i'../*' 's/a/b/' src/agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "gofmt -w agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "gofmt -l src", noWrite: []string{P + "/src"}, noCand: true},
		{class: classW, cmd: "rustfmt src/main.rs", writes: []string{P + "/src/main.rs"}},
		{class: classW, cmd: "rustfmt --check src/main.rs", noWrite: []string{P + "/src/main.rs"}},
		{class: classW, cmd: "less -o agent-policy.yaml x", writes: []string{pol}},
		{class: classW, cmd: "sdiff -o agent-policy.yaml a b", writes: []string{pol}},
		{class: classW, cmd: "tree -o agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "history -w agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "ssh -E agent-policy.yaml host true", writes: []string{pol}},
		{class: classW, cmd: "script -O agent-policy.yaml -c true", writes: []string{pol}},
		{class: classW, cmd: "fakeroot -s agent-policy.yaml true", writes: []string{pol}},
		{class: classW, cmd: "nmap -oN agent-policy.yaml h", writes: []string{pol}},
		{class: classW, cmd: "openssl req -new -keyout agent-policy.yaml", writes: []string{pol}},
		{class: classW, cmd: "pg_dump -f agent-policy.yaml db", writes: []string{pol}},
		{class: classW, cmd: "gawk --dump-variables=agent-policy.yaml 1 x", writes: []string{pol}},
		{class: classW, cmd: "go test -coverprofile=agent-policy.yaml ./...", writes: []string{pol}},
		{class: classW, cmd: "go build -toolexec 'rm agent-policy.yaml' .", deletes: []string{pol}},
		{class: classW, cmd: "rg --pre 'rm agent-policy.yaml' x", deletes: []string{pol}},
		{class: classW, cmd: "link agent-policy.yaml src/p", writes: []string{pol, P + "/src/p"}},
		{class: classW, cmd: "yq -i '.a=1' agent-policy.yaml", writes: []string{pol}},
	})
}

// TestWriteTables checks the tables themselves: every option has an
// effect, every operand rule named exists.
func TestWriteTables(t *testing.T) {
	known := map[string]bool{"w": true, "d": true, "p": true, "r": true, "rw": true, "c": true, "x": true, "o": true, "s": true, "-": true, "?": true, "w|": true, "sh": true, "cwd": true, "ld": true}
	checkOpts := func(name, opts string) {
		for _, word := range strings.Fields(opts) {
			_, fx, ok := strings.Cut(word, ":")
			if !ok || !known[fx] {
				t.Errorf("%s: option %q has no known effect", name, word)
			}
		}
	}
	for name, l := range launchers.Get() {
		checkOpts(name, l.opts)
	}
	checkOpts("ld.so", dynLoaderOpts)
	for name, s := range progSpecTable.Get() {
		checkOpts(name, s.opts)
		if s.ops == "" {
			continue
		}
		c := &cmd{a: &analyzer{res: &Analysis{}}, sc: &scope{cwd: P, cwdKnown: true}, name: name}
		if err := c.operands(s.ops, opts{}, false); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, n := range strings.Fields(readOnlyPrograms) {
		if s, ok := progSpecTable.Get()[n]; ok && s.ops != "" {
			t.Errorf("%s is read-only but has an operand rule %q", n, s.ops)
		}
	}
	if specFor("no such program") != nil {
		t.Error("spec for an unknown program")
	}
}
