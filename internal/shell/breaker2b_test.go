package shell

import "testing"

// TestBreaker2Programs: the classes of red-team round 2 closed by tables
// (findings 5–11, 20, 21, 23): wrapper subcommands and extractors, files
// named by environment variables, programs named by tools' environment
// and git configuration, compressors' remove-source options, output
// options, lftp's command language, inline code of unmodelled languages,
// keystroke injection, control devices.
func TestBreaker2Programs(t *testing.T) {
	const (
		wrap   = "exec/wrapper"
		envOut = "write/env-output"
		envPrg = "exec/env-program"
		gitCfg = "exec/git-config-program"
		optVal = "write/option-value"
		inline = "exec/inline-interpreter"
		inject = "exec/input-injection"
		destr  = "default/destructive"
	)
	runW(t, []wc{
		{class: wrap, cmd: "cmake -E chdir src rm ../agent-policy.yaml", deletes: []string{pol}},
		{class: wrap, cmd: "cmake -E env A=1 touch agent-policy.yaml", writes: []string{pol}},
		{class: wrap, cmd: "cmake -E copy_directory /tmp/x .", writes: []string{P}},
		{class: wrap, cmd: "cmake -E tar xf /tmp/a.tar", writes: []string{P}},
		{class: wrap, cmd: "cmake -E make_directory src/x", writes: []string{P + "/src/x"}, noWrite: []string{pol}},
		{class: wrap, cmd: "jar xf /tmp/a.jar", writes: []string{P}},
		{class: wrap, cmd: "jar tf /tmp/a.jar", noWrite: []string{P}},
		{class: wrap, cmd: "unar -o src/out /tmp/a.zip", writes: []string{P + "/src/out"}, noWrite: []string{P}},
		{class: wrap, cmd: "unrar x /tmp/a.rar", writes: []string{P}},
		{class: wrap, cmd: "unshar /tmp/a.shar", opaque: []string{"unshar"}},
		{class: wrap, cmd: "hub push origin main", lines: []string{"git push origin main"}},

		{class: envOut, cmd: "GIT_TRACE=/home/dev/project/agent-policy.yaml git status", writes: []string{pol}},
		{class: envOut, cmd: "GIT_TRACE=1 GIT_TRACE_PACKET=2 git status", noWrite: []string{P + "/1", P + "/2"}},
		{class: envOut, cmd: "export SSLKEYLOGFILE=agent-policy.yaml; curl https://e.com", writes: []string{pol}},
		{class: envOut, cmd: "GIT_OBJECT_DIRECTORY=.github git hash-object -w src/a", writes: []string{P + "/.github"}},
		{class: envOut, cmd: "HISTFILE=/dev/null bash -i", noWrite: []string{"/dev/null"}},
		{class: envOut, cmd: "GIT_INDEX_FILE=$X git add src/a", opaque: []string{"GIT_INDEX_FILE"}},

		{class: envPrg, cmd: "RUSTC_WRAPPER='rm agent-policy.yaml' cargo build", deletes: []string{pol}},
		{class: envPrg, cmd: "CARGO_TARGET_AARCH64_APPLE_DARWIN_RUNNER=src/x cargo run", opaque: []string{"program file"}},
		{class: envPrg, cmd: "CC='sh -c \"rm agent-policy.yaml\"' make", deletes: []string{pol}},
		{class: envPrg, cmd: "KUBE_EDITOR=vim kubectl edit deploy x", clear: true},
		{class: envPrg, cmd: "TAR_OPTIONS=--to-command=src/x tar xf /tmp/a.tar", opaque: []string{"program file"}, noWrite: []string{P}},
		// make expands GNUMAKEFLAGS as makefile text before splitting it (round 10 #6)
		{class: envPrg, cmd: "GNUMAKEFLAGS='--eval=$(shell rm agent-policy.yaml)' make", opaque: []string{"expanded by make"}, deletes: []string{pol}},

		{class: gitCfg, cmd: "git -c trailer.x.command='rm agent-policy.yaml' interpret-trailers", deletes: []string{pol}},
		{class: gitCfg, cmd: "git -c gpg.ssh.defaultKeyCommand='rm agent-policy.yaml' commit -S -m x", deletes: []string{pol}},
		{class: gitCfg, cmd: "git -c submodule.x.update='!rm agent-policy.yaml' submodule update", deletes: []string{pol}},
		{class: gitCfg, cmd: "git -c core.gitProxy=src/x fetch", opaque: []string{"program file"}},
		{class: gitCfg, cmd: "XDG_CONFIG_HOME=src git log", opaque: []string{"XDG_CONFIG_HOME"}},
		{class: gitCfg, cmd: "HOME=/home/dev git log", clear: true},

		{class: optVal, cmd: "lz4 --rm agent-policy.yaml src/x.lz4", deletes: []string{pol}},
		{class: optVal, cmd: "zstd --rm agent-policy.yaml -o src/x.zst", deletes: []string{pol}},
		{class: optVal, cmd: "lz4 agent-policy.yaml src/x.lz4", noWrite: []string{pol}},
		{class: optVal, cmd: "rlwrap -l agent-policy.yaml cat", writes: []string{pol}},
		{class: optVal, cmd: "go tool pprof -output=agent-policy.yaml cpu.out", writes: []string{pol}},
		{class: optVal, cmd: "kubectl kustomize . -o agent-policy.yaml", writes: []string{pol}},
		{class: optVal, cmd: "plantuml -o out docs/a.puml", writes: []string{P + "/docs/out"}, noWrite: []string{P + "/out"}},
		{class: optVal, cmd: "eslint --cache --cache-location agent-policy.yaml src", writes: []string{pol}},
		{class: optVal, cmd: "lftp -c 'get -o agent-policy.yaml http://e.com/x'", writes: []string{pol}},
		{class: optVal, cmd: "lftp -c 'lcd src; get http://e.com/x.tgz'", writes: []string{P + "/src/x.tgz"}},
		{class: optVal, cmd: "lftp -c '!rm agent-policy.yaml'", deletes: []string{pol}},

		{class: inline, cmd: "sbcl --eval '(delete-file \"agent-policy.yaml\")' --quit", opaque: []string{"inline sbcl"}},
		{class: inline, cmd: "gnuplot", opaque: []string{"standard input"}},
		{class: inline, cmd: "pdflatex -shell-escape doc.tex", opaque: []string{"write18"}},
		{class: inline, cmd: "pdflatex doc.tex", clear: true},
		{class: inject, cmd: "xdotool type 'rm agent-policy.yaml'", opaque: []string{"keystrokes"}},
		{class: inject, cmd: "kitty @ send-text 'rm x'", opaque: []string{"kitty"}},
		{class: inject, cmd: "jupyter lab --ip=127.0.0.1", clear: true},

		{class: "exec/program-option", cmd: "check_by_ssh -o 'ProxyCommand rm agent-policy.yaml' -H x -C x", deletes: []string{pol}},
		{class: "exec/program-option", cmd: "sshfs -o reconnect,ssh_command='rm agent-policy.yaml' x:/ src/m", deletes: []string{pol}},

		{class: destr, cmd: "zfs destroy -r tank", writes: []string{"/dev/zfs"}},
		{class: destr, cmd: "zfs list", noWrite: []string{"/dev/zfs"}},
		{class: destr, cmd: "crontab -r", deletes: []string{"/var/spool/cron/crontabs"}},
	})
}
