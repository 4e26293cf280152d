package shell

import (
	"strings"
	"testing"
)

// TestExecIndirect: code a program is handed by its environment, its
// options or a launcher is analysed where it is a literal.
func TestExecIndirect(t *testing.T) {
	const (
		funcImport = "exec/function-import"
		callback   = "exec/builtin-callback"
		indirect   = "exec/indirect-shell"
		wrapper    = "exec/wrapper"
		gitProg    = "exec/git-config-program"
		progOpt    = "exec/program-option"
		envProg    = "exec/env-program"
		toolEnv    = "exec/tool-env-options"
		loader     = "exec/loader-env"
		persistent = "exec/persistent-env"
		home       = "/home/dev"
		dotenv     = "/home/dev/project/.env"
	)
	runW(t, []wc{
		{class: funcImport, cmd: "env 'BASH_FUNC_ls%%=() { rm -rf ~; }' bash -c ls", deletes: []string{home}},
		{class: funcImport, cmd: "env 'BASH_FUNC_git%%=() { cat ~/.ssh/id_rsa; }' bash -c 'git status'", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{class: funcImport, cmd: "sudo 'BASH_FUNC_x()=() { rm -rf ~; }' bash -c x", deletes: []string{home}},
		{class: funcImport, cmd: "env \"BASH_FUNC_ls%%=$F\" bash -c ls", opaque: []string{""}},

		{class: callback, cmd: "mapfile -C 'rm -rf ~ #' -c 1 lines < README.md", deletes: []string{home}},
		{class: callback, cmd: "readarray -t -C 'cat .env #' -c 1 a < README.md", reads: []string{dotenv}},
		{class: callback, cmd: "mapfile -t lines < README.md", clear: true},

		{class: indirect, cmd: "elvish -c 'rm -rf ~'", deletes: []string{home}, opaque: []string{"another shell language"}},
		{class: indirect, cmd: "xonsh -c 'import os; os.remove(\"x\")'", opaque: []string{"another shell language"}},
		{class: indirect, cmd: "nu -c 'cat .env'", reads: []string{dotenv}},
		{class: indirect, cmd: "sudo -s 'rm -rf ~'", deletes: []string{home}},
		{class: indirect, cmd: "sudo -i rm -rf ~", deletes: []string{home}},
		{class: indirect, cmd: "/lib64/ld-linux-x86-64.so.2 /bin/rm -rf ~", deletes: []string{home}},
		{class: indirect, cmd: "/lib/ld-musl-x86_64.so.1 --argv0 x /bin/cat .env", reads: []string{dotenv}},
		{class: indirect, cmd: "ld.so --preload /tmp/x.so /bin/true", opaque: []string{"loads other libraries"}},

		{class: wrapper, cmd: "ls src | entr -s 'rm -rf ~'", deletes: []string{home}},
		{class: wrapper, cmd: "ls src | entr rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "rlwrap sh -c 'rm -rf ~'", deletes: []string{home}},
		{class: wrapper, cmd: "rlwrap -f words.txt cat .env", reads: []string{dotenv}},
		{class: wrapper, cmd: "screen -dm sh -c 'rm -rf ~'", deletes: []string{home}, opaque: []string{"multiplexer"}},
		{class: wrapper, cmd: "screen -S x -dm rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "faketime '2020-01-01' rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "gosu root rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "chpst -u nobody rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "tini -- rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "dbus-run-session -- rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "ssh-agent rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "hyperfine 'cat .env' -p 'rm -rf ~'", deletes: []string{home}, reads: []string{dotenv}},
		{class: wrapper, cmd: "watchexec 'rm -rf ~'", deletes: []string{home}},
		{class: wrapper, cmd: "watchexec -e go -- rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "nodemon --exec 'rm -rf ~'", deletes: []string{home}},
		{class: wrapper, cmd: "perf stat -e cycles rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "prlimit --nofile=10 rm -rf ~", deletes: []string{home}},
		{class: wrapper, cmd: "envdir ./env rm -rf ~", deletes: []string{home}, opaque: []string{"envdir"}},
		{class: wrapper, cmd: "setarch x86_64 -R rm -rf ~", deletes: []string{home}},

		{class: gitProg, cmd: "git -ccore.pager='rm -rf ~' log", deletes: []string{home}},
		{class: gitProg, cmd: "git -c remote.origin.uploadpack='rm -rf ~' fetch origin", deletes: []string{home}},
		{class: gitProg, cmd: "git fetch --upload-pack='rm -rf ~' /tmp/r", deletes: []string{home}},
		{class: gitProg, cmd: "git ls-remote --upload-pack='cat .env' /tmp/r", reads: []string{dotenv}},
		{class: gitProg, cmd: "git push --receive-pack='rm -rf ~' /tmp/r", deletes: []string{home}},
		{class: gitProg, cmd: "git difftool --extcmd='cat .env' -y HEAD", reads: []string{dotenv}, opaque: []string{"difftool"}},
		{class: gitProg, cmd: "git difftool -x 'rm -rf ~' -y", deletes: []string{home}},
		{class: gitProg, cmd: "git filter-branch --tree-filter 'rm -f agent-policy.yaml' HEAD", deletes: []string{"/home/dev/project/agent-policy.yaml"}},
		{class: gitProg, cmd: "git filter-branch --index-filter 'cat .env' --msg-filter 'rm -rf ~' HEAD", deletes: []string{home}, reads: []string{dotenv}},

		{class: progOpt, cmd: "rsync -e 'rm -rf ~' x:y tests/", deletes: []string{home}},
		{class: progOpt, cmd: "rsync --rsh='cat .env' x:y tests/", reads: []string{dotenv}},
		{class: progOpt, cmd: "ssh -o PermitLocalCommand=yes -o LocalCommand='cat .env' x", reads: []string{dotenv}},
		{class: progOpt, cmd: "ssh -o KnownHostsCommand='rm -rf ~' x true", deletes: []string{home}},
		{class: progOpt, cmd: "scp -S 'rm -rf ~' src/a x:", deletes: []string{home}},
		{class: progOpt, cmd: "ssh -F <(echo 'ProxyCommand rm -rf ~') x true", deletes: []string{home}},
		{class: progOpt, cmd: "ssh -F /dev/stdin x true <<< 'LocalCommand cat .env'", reads: []string{dotenv}},
		{class: progOpt, cmd: "curl -K <(printf 'output = agent-policy.yaml\\nurl = https://e.com/\\n')", writes: []string{"/home/dev/project/agent-policy.yaml"}},
		{class: progOpt, cmd: "curl -K cfg.txt https://e.com", opaque: []string{"options from a file"}},

		{class: envProg, cmd: "man -P 'rm -rf ~' ls", deletes: []string{home}},
		{class: envProg, cmd: "man --pager='cat .env' ls", reads: []string{dotenv}},
		{class: envProg, cmd: "man -P cat ls", clear: true},
		{class: envProg, cmd: "MANOPT='-P rm\\ -rf\\ ~' man ls", deletes: []string{home}},
		{class: envProg, cmd: "GIT_SSH=/tmp/x git fetch origin", opaque: []string{"names a program file"}},
		{class: envProg, cmd: "GIT_SSH_COMMAND='/usr/bin/ssh -i k' git fetch origin", clear: true},

		{class: toolEnv, cmd: "TAR_OPTIONS='--checkpoint=1 --checkpoint-action=exec=rm\\ -rf\\ ~' tar -cf src/x.tar src/lib", deletes: []string{home}},
		{class: toolEnv, cmd: "export TAR_OPTIONS='--to-command=cat\\ .env'; tar -xf /tmp/a.tar -C tests", reads: []string{dotenv}},
		{class: toolEnv, cmd: "TAR_OPTIONS=$X tar -xf a.tar -C tests", opaque: []string{"TAR_OPTIONS"}},
		{class: toolEnv, cmd: "RSYNC_RSH='rm -rf ~' rsync x:y tests/", deletes: []string{home}},
		{class: toolEnv, cmd: "MAKEFLAGS='--eval=x:;rm\\ -rf\\ ~' make x", deletes: []string{home}},
		{class: toolEnv, cmd: "PARALLEL='--results /home/dev/.ssh' parallel echo ::: a", writes: []string{"/home/dev/.ssh"}},
		{class: toolEnv, cmd: "npm_config_script_shell=/tmp/evil.sh npm test", opaque: []string{"npm_config_script_shell"}},
		{class: toolEnv, cmd: "NPM_CONFIG_USERCONFIG=src/npmrc npm test", opaque: []string{"NPM_CONFIG_USERCONFIG"}},

		{class: loader, cmd: "GCONV_PATH=/tmp/g iconv -f x -t utf8 src/app.go", opaque: []string{"GCONV_PATH"}},
		{class: loader, cmd: "GLIBC_TUNABLES=glibc.x=1 ls", opaque: []string{"GLIBC_TUNABLES"}},
		{class: loader, cmd: "JAVA_TOOL_OPTIONS=-javaagent:/tmp/a.jar java -version", opaque: []string{"JAVA_TOOL_OPTIONS"}},
		{class: loader, cmd: "OPENSSL_CONF=/tmp/c openssl version", opaque: []string{"OPENSSL_CONF"}},
		{class: loader, cmd: "LD_AUDIT=/tmp/a.so ls", opaque: []string{"LD_AUDIT"}},

		{class: persistent, cmd: "git config --local include.path ../src/gitconfig", writes: []string{"/home/dev/project/.git/config"}},
		{class: persistent, cmd: "git config core.hooksPath src/hooks", writes: []string{"/home/dev/project/.git/config"}},
		{class: persistent, cmd: "git config user.name x", noWrite: []string{"/home/dev/project/.git/config"}},
	})
}

// TestCommandEnvAndAgents: Command.Env holds the assignments in effect
// for a command; a coding agent run by the agent is opaque (class
// self-protection/nested-agent).
func TestCommandEnvAndAgents(t *testing.T) {
	const cl = "self-protection/nested-agent"
	for _, c := range []struct {
		cmd, name string
		env       []string
	}{
		{"CLAUDE_CONFIG_DIR=/tmp/c claude -p x", "claude", []string{"CLAUDE_CONFIG_DIR=/tmp/c"}},
		{"export CODEX_HOME=/tmp/h; codex exec x", "codex", []string{"CODEX_HOME=/tmp/h"}},
		{"env B=2 A=1 gemini -p x", "gemini", []string{"A=1", "B=2"}},
		{"A=1 bash -c 'copilot -p x'", "copilot", []string{"A=1"}},
		{"X=1; claude -p x", "claude", nil},
	} {
		an, err := Analyze(c.cmd, testOpt)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, cm := range an.Commands {
			if cm.Name != c.name {
				continue
			}
			found = true
			if strings.Join(cm.Env, " ") != strings.Join(c.env, " ") {
				t.Errorf("%s: %q: Env = %q, want %q", cl, c.cmd, cm.Env, c.env)
			}
		}
		if !found {
			t.Errorf("%s: %q: no command %s", cl, c.cmd, c.name)
		}
	}
	runW(t, []wc{
		{class: cl, cmd: "claude -p 'summarize README.md'", opaque: []string{"coding agent"}, noCand: true},
		{class: cl, cmd: "npx @anthropic-ai/claude-code -p x", opaque: []string{"coding agent"}},
		{class: cl, cmd: "q chat", opaque: []string{"coding agent"}},
		{class: cl, cmd: "gh copilot suggest 'x'", opaque: []string{"coding agent"}},
		{class: cl, cmd: "claude --version", clear: true},
		{class: cl, cmd: "gh pr list", clear: true},
	})
}

// TestConfigWrittenInLine: code in a here-document command substitution
// and a git configuration file the line writes are judged by their text
// (classes exec/heredoc-script, exec/persistent-env).
func TestConfigWrittenInLine(t *testing.T) {
	runW(t, []wc{
		{class: "exec/heredoc-script", cmd: "bash -c \"$(cat <<'E'\ncat .env\nE\n)\"", reads: []string{"/home/dev/project/.env"}},
		{class: "exec/heredoc-script", cmd: "eval \"$(cat <<'E'\nrm -rf ~\nE\n)\"", deletes: []string{"/home/dev"}},
		{class: "exec/persistent-env", cmd: "printf '[alias]\\n x = !rm -rf ~\\n' > src/g && GIT_CONFIG_GLOBAL=src/g git x", deletes: []string{"/home/dev"}},
		{class: "exec/persistent-env", cmd: "printf '[core]\\n\\tpager = less\\n' > src/g && GIT_CONFIG_GLOBAL=src/g git log", clear: true},
		{class: "exec/persistent-env", cmd: "GIT_CONFIG_GLOBAL=src/gitconfig git log", opaque: []string{"GIT_CONFIG_GLOBAL"}},
	})
}
