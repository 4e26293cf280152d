package shell

import "testing"

// TestWrapperDirectory: a wrapper that starts its command in another
// directory moves the command's relative paths there (or makes them
// unknown), instead of leaving them in the line's directory.
func TestWrapperDirectory(t *testing.T) {
	const class = "wrapper runs the command in another directory"
	runW(t, []wc{
		{class: class, cmd: "sudo -D / rm home/dev/project/agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "sudo --chdir=/home/dev rm project/agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "sudo -u root -D src rm ../agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "sudo -i rm project/agent-policy.yaml", opaque: []string{"working directory not known statically"}},
		{class: class, cmd: "su - dev -c 'rm project/agent-policy.yaml'", opaque: []string{"working directory not known statically"}},
		{class: class, cmd: "su -l -c 'rm x' dev", opaque: []string{"working directory not known statically"}},
		{class: class, cmd: "runuser -l dev -c 'rm x'", opaque: []string{"working directory not known statically"}},
		{class: class, cmd: "pkexec rm x", opaque: []string{"working directory not known statically"}},
		{class: class, cmd: "nsenter -t 1 --wd=/home/dev rm project/agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "nsenter -t 1 -w rm x", opaque: []string{"working directory not known statically"}, lines: []string{"rm x"}},
		{class: class, cmd: "nsenter -t 1 -r rm x", opaque: []string{"another root"}},
		{class: class, cmd: "unshare --wd=/home/dev rm project/agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "systemd-run --user rm x", opaque: []string{"working directory not known statically"}},
		{class: class, cmd: "systemd-run --same-dir rm x", deletes: []string{P + "/x"}, clear: true},
		{class: class, cmd: "sudo rm x", deletes: []string{P + "/x"}, clear: true},
		// the line's own directory is unchanged afterwards
		{class: class, cmd: "sudo -D / true; rm x", deletes: []string{P + "/x"}, clear: true},
	})
}

// TestMoreWriteClasses: backups named by a suffix, archives with
// absolute member names, ssh's file options, links moved or copied as
// links, inline interpreter code naming a file, and the other write
// spellings found while red-teaming the tables.
func TestMoreWriteClasses(t *testing.T) {
	const (
		backup  = "backup named from the destination and a suffix"
		archive = "archive members with absolute names"
		sshOpt  = "ssh option writes a file or loads code"
		linkMv  = "link moved or copied as a link"
		inline  = "inline interpreter code names a file"
		misc    = "write-capable option of a modelled program"
	)
	runW(t, []wc{
		{class: backup, cmd: "cp -b -S .yaml src/x agent-policy", writes: []string{P + "/agent-policy*"}},
		{class: backup, cmd: "mv --backup --suffix=.yaml src/x agent-policy", writes: []string{P + "/agent-policy*"}},
		{class: backup, cmd: "ln -f -b -S .yaml src/x agent-policy", writes: []string{P + "/agent-policy*"}},
		{class: backup, cmd: "install -b -S .yaml src/x agent-policy", writes: []string{P + "/agent-policy*"}},
		{class: backup, cmd: "cp --backup=numbered -t . src/agent-policy.yaml", writes: []string{P + "/agent-policy.yaml*"}},
		{class: backup, cmd: "rsync -b --suffix=.yaml src/x agent-policy", writes: []string{P + "/agent-policy*"}},

		{class: archive, cmd: "tar -xPf a.tar", writes: []string{"/"}},
		{class: archive, cmd: "tar xPf a.tar", writes: []string{"/"}},
		{class: archive, cmd: "tar --absolute-names -x -f a.tar", writes: []string{"/"}},
		{class: archive, cmd: "tar -xf a.tar", noWrite: []string{"/"}},
		{class: archive, cmd: "tar --delete -f agent-policy.yaml x", writes: []string{pol}},
		{class: archive, cmd: "tar -Af agent-policy.yaml b.tar", writes: []string{pol}},
		{class: archive, cmd: "cpio -id < a.cpio", writes: []string{"/"}},
		{class: archive, cmd: "cpio -id --no-absolute-filenames < a.cpio", writes: []string{P}, noWrite: []string{"/"}},
		{class: archive, cmd: "pax -r -f a.pax", writes: []string{"/"}},
		{class: archive, cmd: "unzip -: a.zip", writes: []string{"/"}},
		{class: archive, cmd: "7z x -spf a.7z", writes: []string{"/"}},
		{class: archive, cmd: "7z d agent-policy.yaml x", writes: []string{pol}},
		{class: archive, cmd: "gunzip -N x.gz", writes: []string{P + "/*"}},

		{class: sshOpt, cmd: "ssh -o UserKnownHostsFile=agent-policy.yaml h true", writes: []string{pol}},
		{class: sshOpt, cmd: "ssh -o 'ControlPath agent-policy.yaml' -M h true", writes: []string{pol}},
		{class: sshOpt, cmd: "ssh -L /home/dev/project/agent-policy.yaml:localhost:80 h", writes: []string{pol}},
		{class: sshOpt, cmd: "ssh -o PKCS11Provider=/tmp/x.so h true", opaque: []string{"loads a library"}},
		{class: sshOpt, cmd: "ssh -I /tmp/x.so h true", opaque: []string{"ssh -I"}},
		{class: sshOpt, cmd: "ssh -o XAuthLocation='rm agent-policy.yaml' -X h true", deletes: []string{pol}},
		{class: sshOpt, cmd: "scp -o UserKnownHostsFile=agent-policy.yaml a h:b", writes: []string{pol}},

		{class: linkMv, cmd: "ln -s /home/dev/project/agent-policy.yaml /tmp/l; mv /tmp/l src/l; echo > src/l", writes: []string{pol}},
		{class: linkMv, cmd: "ln -s /home/dev/project/agent-policy.yaml /tmp/l; cp -P /tmp/l src/l; echo > src/l", writes: []string{pol}},
		{class: linkMv, cmd: "ln -s /home/dev/project/agent-policy.yaml /tmp/l; cp /tmp/l src/l; echo > src/l", noWrite: []string{pol}},

		// inline code is opaque (a human decides); a literal file name in
		// it is a read, judged against the blocked paths (the corpus
		// decides these ask: exec/inline-interpreter, write/inline-edit)
		{class: inline, cmd: `python3 -c "open('agent-policy.yaml','w').write('')"`, reads: []string{pol}, noCand: true, opaque: []string{"inline python3 code"}},
		{class: inline, cmd: `node -e 'require("fs").writeFileSync("agent-policy.yaml", "")'`, reads: []string{pol}, noCand: true, opaque: []string{"inline node code"}},
		{class: inline, cmd: `perl -e 'unlink "agent-policy.yaml"'`, reads: []string{pol}, noCand: true, opaque: []string{"inline perl code"}},
		{class: inline, cmd: `python3 -c "print(open('.env').read())"`, reads: []string{"/home/dev/project/.env"}},
		{class: inline, cmd: `perl -e 'unlink glob "*"'`, noRead: []string{"/home/dev/project/*"}, noCand: true},

		{class: misc, cmd: "curl --output-dir / -o home/dev/project/agent-policy.yaml https://e.com", writes: []string{pol}},
		{class: misc, cmd: "wget -x -nH https://e.com/.claude/settings.json", writes: []string{P}},
		{class: misc, cmd: "less '+!rm agent-policy.yaml' x", opaque: []string{"less runs commands"}},
		{class: misc, cmd: "file -C -m agent-policy", writes: []string{P + "/*.mgc"}},
		{class: misc, cmd: "setfacl --restore=acl.txt", opaque: []string{"--restore"}},
		{class: misc, cmd: "sh -s < <(echo 'rm agent-policy.yaml')", deletes: []string{pol}},
	})
}

func TestSocatFiles(t *testing.T) {
	const class = "socat address names a file"
	runW(t, []wc{
		{class: class, cmd: "socat - CREATE:agent-policy.yaml", writes: []string{pol}},
		{class: class, cmd: "socat TCP-LISTEN:8080 OPEN:agent-policy.yaml,creat", writes: []string{pol}},
		{class: class, cmd: "socat - /home/dev/project/agent-policy.yaml", writes: []string{pol}},
		{class: class, cmd: "socat - UNIX-LISTEN:agent-policy.yaml", writes: []string{pol}},
		{class: class, cmd: "socat PTY,link=agent-policy.yaml -", writes: []string{pol}},
		{class: class, cmd: "socat - TCP:e.com:80", noCand: true, noWrite: []string{P + "/e.com"}},
	})
}

func TestTestCommandIsNotAGlob(t *testing.T) {
	const class = "no false alarm: [ is the test command"
	runW(t, []wc{
		{class: class, cmd: "[ -f x ] && echo ok", clear: true, lines: []string{"[ -f x ]", "echo ok"}},
		{class: class, cmd: "/usr/bin/[ -d src ]", clear: true},
		{class: "program name that is a glob", cmd: "/usr/bin/[r]m x", opaque: []string{"glob pattern"}},
		{class: "program name that is a glob", cmd: "/???/?m x", opaque: []string{"glob pattern"}},
	})
}
