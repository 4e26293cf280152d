package shell

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTmuxFormat: what a tmux format does when expanded (format.c).
func TestTmuxFormat(t *testing.T) {
	for _, c := range []struct {
		in       string
		jobs     []string // job texts; a trailing "?" marks one not known statically
		names    []string // names that must be among those found
		reexpand bool
		envLoop  bool
	}{
		{in: "#(rm x)", jobs: []string{"rm x"}},
		{in: "a #(echo (a) b) c", jobs: []string{"echo (a) b"}},
		{in: "##(rm x)", jobs: nil},
		{in: "#(echo ##)", jobs: []string{"echo #"}},
		{in: "#(echo #,#})", jobs: []string{"echo ,}"}},
		{in: "#(rm #{pane_id})", jobs: []string{"rm #{pane_id}?"}, names: []string{"pane_id"}},
		{in: "#(date +%s)", jobs: []string{"date +%s?"}},
		{in: "#(cat #S)", jobs: []string{"cat #S?"}},
		{in: "#(rm x", jobs: []string{"rm x"}},
		{in: "#{PROD_API_KEY}", names: []string{"PROD_API_KEY"}},
		{in: "#{?PROD_API_KEY,yes,no}", names: []string{"PROD_API_KEY"}},
		{in: "#{=5:PROD_API_KEY}", names: []string{"PROD_API_KEY"}},
		{in: "#{s/a/b/:PROD_API_KEY}", names: []string{"PROD_API_KEY"}},
		{in: "#{#{PROD_API_KEY}}", names: []string{"PROD_API_KEY"}},
		{in: "#{?#(rm x),a,b}", jobs: []string{"rm x"}},
		{in: "#{E:pane_title}", reexpand: true, names: []string{"pane_title"}},
		{in: "#{T:status-left}", reexpand: true},
		{in: "#{s/a:b/c/;E:@x}", reexpand: true},
		{in: "#{l;E:x}", reexpand: true},
		{in: "#{V:#{environ_name}}", envLoop: true},
		{in: "#{session_name} #{pane_current_path}"},
		{in: "plain text, no format"},
	} {
		var ff tmuxFormatFacts
		scanTmuxFormat(c.in, &ff)
		var jobs []string
		for _, j := range ff.jobs {
			s := j.s
			if j.dyn {
				s += "?"
			}
			jobs = append(jobs, s)
		}
		if !reflect.DeepEqual(jobs, c.jobs) {
			t.Errorf("%q: jobs %q, want %q", c.in, jobs, c.jobs)
		}
		for _, n := range c.names {
			if !slices.Contains(ff.names, n) {
				t.Errorf("%q: names %q lack %s", c.in, ff.names, n)
			}
		}
		if ff.reexpand != c.reexpand || ff.envLoop != c.envLoop {
			t.Errorf("%q: reexpand %v envLoop %v, want %v %v", c.in, ff.reexpand, ff.envLoop, c.reexpand, c.envLoop)
		}
	}
}

// TestParseTmuxCommands: tmux's command grammar (cmd-parse.y).
func TestParseTmuxCommands(t *testing.T) {
	for _, c := range []struct {
		in      string
		cmds    string // commands joined by " | ", words by ","; a word not known statically ends in "?"
		assigns string
		refs    string
		bad     bool
	}{
		{in: `run "rm x"`, cmds: "run,rm x"},
		{in: `display hi ; run 'rm x'`, cmds: "display,hi | run,rm x"},
		{in: "display a\nrun b", cmds: "display,a | run,b"},
		{in: `run "a\"b" 'c\d'`, cmds: `run,a"b,c\d`},
		{in: `run rm\sx`, cmds: "run,rm x"},
		{in: `display "$PROD_API_KEY" ${HOME}x`, cmds: "display,${PROD_API_KEY}?,${HOME}x?", refs: "PROD_API_KEY,HOME"},
		{in: `display '$X'`, cmds: "display,$X"},
		{in: `run ~/x`, cmds: "run,/home/dev/x"},
		{in: `run ~root/x`, cmds: "run,~root/x?"},
		{in: `if true { run "rm x" } { display y }`, cmds: `if,true, run "rm x" , display y `},
		{in: `PROMPT_COMMAND="rm x"`, assigns: "PROMPT_COMMAND=rm x"},
		{in: `%hidden X=1`, assigns: "X=1"},
		{in: "%if #{pane_id}\nrun a\n%endif", cmds: "run,a"},
		{in: `display # run "rm x"`, cmds: "display"},
		{in: `display a;run b`, cmds: "display,a | run,b"},
		{in: `run "unclosed`, bad: true},
		{in: `run { x`, bad: true},
		{in: `run }`, cmds: "run", bad: true},
		{in: `%bogus`, bad: true},
	} {
		p := parseTmuxCommands(c.in, "/home/dev")
		var cs []string
		for _, cmd := range p.cmds {
			var ws []string
			for _, w := range cmd {
				s := w.s
				if w.dyn {
					s += "?"
				}
				ws = append(ws, s)
			}
			cs = append(cs, strings.Join(ws, ","))
		}
		var as []string
		for _, a := range p.assigns {
			as = append(as, a.s)
		}
		if got := strings.Join(cs, " | "); got != c.cmds && !c.bad {
			t.Errorf("%q: commands %q, want %q", c.in, got, c.cmds)
		}
		if got := strings.Join(as, ","); got != c.assigns {
			t.Errorf("%q: assignments %q, want %q", c.in, got, c.assigns)
		}
		if got := strings.Join(p.refs, ","); got != c.refs {
			t.Errorf("%q: refs %q, want %q", c.in, got, c.refs)
		}
		if p.bad != c.bad {
			t.Errorf("%q: bad %v, want %v", c.in, p.bad, c.bad)
		}
	}
}

// TestTmuxLookup: names, aliases and unique prefixes as cmd_find takes
// them.
func TestTmuxLookup(t *testing.T) {
	for in, want := range map[string]string{
		"run": "run-shell", "run-s": "run-shell", "displ": "", "display": "display-message", "display-p": "",
		"display-po": "display-popup", "setenv": "set-environment", "set-env": "set-environment", "set": "set-option",
		"splitp": "split-window", "choose-session": "choose-tree", "ls": "list-sessions", "list-s": "list-sessions",
		"kill-ser": "kill-server", "xyz": "", "new": "new-session", "new-w": "new-window",
	} {
		s, _ := tmuxLookup(in)
		got := ""
		if s != nil {
			got = s.name
		}
		if got != want {
			t.Errorf("tmuxLookup(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTmuxAnalysis: red-team round 7 #5 (exec/wrapper: a format's #()
// runs a shell command in the tmux server), #6 (exec/persistent-env: the
// server's environment, aliases, hooks and bindings run code later) and
// #7 (env/indirect: formats and command lists read the server's
// environment by name), as analysis facts.
func TestTmuxAnalysis(t *testing.T) {
	const (
		fmtJob  = "exec/wrapper: a tmux format's #() runs a shell command"
		persist = "exec/persistent-env: tmux state that runs code later"
		byName  = "env/indirect: a tmux format or command list reads the environment"
		benign  = "benign: everyday tmux"
		job     = "#() shell command"
	)
	runW(t, []wc{
		{class: fmtJob, cmd: "tmux display -p '#(rm -rf ~)'", deletes: []string{"/home/dev"}, opaque: []string{job}},
		{class: fmtJob, cmd: "tmux list-panes -F '#{pane_id} #(cat .env)'", reads: []string{P + "/.env"}, opaque: []string{job}},
		{class: fmtJob, cmd: "tmux rename-window '#(rm -rf ~)'", deletes: []string{"/home/dev"}},
		{class: fmtJob, cmd: "tmux list-w -F '#(rm -rf ~)'", deletes: []string{"/home/dev"}},
		{class: fmtJob, cmd: "tmux display-mes -p '#(rm -rf ~)'", deletes: []string{"/home/dev"}},
		{class: fmtJob, cmd: "tmux ls\\; display '#(rm -rf ~)'", deletes: []string{"/home/dev"}},
		{class: fmtJob, cmd: "tmux 'ls;' run 'rm -rf ~'", deletes: []string{"/home/dev"}},
		{class: fmtJob, cmd: "tmux display -p \"$F\"", opaque: []string{"format not known statically"}},
		{class: fmtJob, cmd: "tmux display -p '#{E:pane_title}'", opaque: []string{"expands a value as a format"}},
		{class: fmtJob, cmd: "tmux confirm-before 'run \"rm -rf ~\"'", deletes: []string{"/home/dev"}},
		{class: fmtJob, cmd: "tmux display-menu -T t x x 'run \"rm -rf ~\"'", deletes: []string{"/home/dev"}},
		{class: fmtJob, cmd: "tmux popup -E 'cat .env'", reads: []string{P + "/.env"}, opaque: []string{"terminal multiplexer"}},
		{class: fmtJob, cmd: "tmux run -C 'display \"#(rm -rf ~)\"'", deletes: []string{"/home/dev"}},
		{class: fmtJob, cmd: "tmux load-buffer .env", reads: []string{P + "/.env"}},
		{class: fmtJob, cmd: "tmux save-buffer src/out", writes: []string{P + "/src/out"}},
		{class: fmtJob, cmd: "tmux -f src/t.conf start-server", reads: []string{P + "/src/t.conf"}, opaque: []string{"configuration file"}},
		{class: fmtJob, cmd: "tmux frobnicate x", opaque: []string{"no tmux command Mandate knows"}},
		{class: fmtJob, cmd: "printf 'run \"rm -rf ~\"\\n' > src/t.conf; tmux source src/t.conf", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux bind x run 'rm -rf ~'", deletes: []string{"/home/dev"}, opaque: []string{"terminal multiplexer"}},
		{class: persist, cmd: "tmux bind x 'display a ; run \"rm -rf ~\"'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux set-hook -g pane-died 'display a; run \"rm -rf ~\"'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux set -g pane-di 'run \"rm -rf ~\"'", deletes: []string{"/home/dev"}, opaque: []string{"stores a command"}},
		{class: persist, cmd: "tmux set -g after-split-window 'run \"rm -rf ~\"'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux set -g default-comm 'rm -rf ~'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux set -g '#{l:default-command}' x", opaque: []string{"option not known statically"}},
		{class: persist, cmd: "tmux set -gF status-right '#{l:#}(rm -rf ~)'", opaque: []string{"stores a format's expansion"}},
		{class: persist, cmd: "tmux set -ga status-right '(rm -rf ~)'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux set -s command-alias 'x=display a,y=run \"rm -rf ~\"'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux set -s command-alias[9] 'ls=set -g'", opaque: []string{"defines an alias"}},
		{class: persist, cmd: "tmux setenv -g BASH_ENV src/x.sh", writes: []string{tmuxDefaultServer}, opaque: []string{"stores BASH_ENV"}},
		{class: persist, cmd: "tmux -S src/sock setenv -g LD_PRELOAD src/x.so", writes: []string{P + "/src/sock"}},
		{class: persist, cmd: "tmux -L work setenv -g HOME /tmp", writes: []string{"/tmp/tmux-$UID/work"}},
		{class: persist, cmd: "tmux setenv -g GIT_SSH_COMMAND 'rm -rf ~'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux if true 'PROMPT_COMMAND=\"rm -rf ~\"'", deletes: []string{"/home/dev"}, writes: []string{tmuxDefaultServer}},
		{class: persist, cmd: "tmux new -d -e 'PROMPT_COMMAND=rm -rf ~'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux set-buffer 'rm -rf ~'", deletes: []string{"/home/dev"}},
		{class: persist, cmd: "tmux has -t \"$S\" run 'rm -rf ~'", deletes: []string{"/home/dev"}},
		{class: byName, cmd: "tmux display -p '#{?PROD_API_KEY,#{PROD_API_KEY},}'"},
		{class: byName, cmd: "tmux bind x 'display \"$PROD_API_KEY\"'"},
		{class: byName, cmd: "tmux set -g update-environment 'PROD_*'"},

		{class: benign, cmd: "tmux ls", clear: true},
		{class: benign, cmd: "tmux list-panes -F '#{pane_id} #{pane_current_command}'", clear: true, noCand: true},
		{class: benign, cmd: "tmux display -p '#{session_name}:#{window_index}'", clear: true},
		{class: benign, cmd: "tmux capture-pane -p -t \"$S\" -S -100", clear: true},
		{class: benign, cmd: "tmux kill-session -t dev", clear: true},
		{class: benign, cmd: "tmux has-session -t dev", clear: true},
		{class: benign, cmd: "tmux set -g mouse on", clear: true},
		{class: benign, cmd: "tmux setenv -g TERM_THEME dark", clear: true, noCand: true},
		{class: benign, cmd: "tmux setenv -gu LD_PRELOAD", clear: true, noCand: true},
		{class: benign, cmd: "tmux set -s command-alias[9] 'xs=list-sessions'", clear: true},
		{class: benign, cmd: "tmux select-window -t dev:1 \\; select-pane -T build", clear: true},
	})
	for _, c := range []struct {
		cmd  string
		env  []string
		dump bool
	}{
		{cmd: "tmux display -p '#{?PROD_API_KEY,#{PROD_API_KEY},}'", env: []string{"PROD_API_KEY"}},
		{cmd: "tmux bind x 'display \"$PROD_API_KEY\"'", env: []string{"PROD_API_KEY"}},
		{cmd: "tmux set -ga update-environment PROD_API_KEY", env: []string{"PROD_API_KEY"}},
		{cmd: "tmux set -g update-environment 'PROD_*'", dump: true},
		{cmd: "tmux display -p '#{V:#{environ_name}}'", dump: true},
		{cmd: "tmux showenv -g PROD_API_KEY", env: []string{"PROD_API_KEY"}},
		{cmd: "tmux showenv -g", dump: true},
		{cmd: "tmux show-env \"$V\"", dump: true},
	} {
		an, err := Analyze(c.cmd, testOpt)
		if err != nil {
			t.Fatalf("%q: %v", c.cmd, err)
		}
		for _, e := range c.env {
			if !slices.Contains(an.EnvRefs, e) {
				t.Errorf("%s: %q: env refs %q lack %s", byName, c.cmd, an.EnvRefs, e)
			}
		}
		if an.EnvDump != c.dump {
			t.Errorf("%s: %q: dump %v, want %v", byName, c.cmd, an.EnvDump, c.dump)
		}
	}
}

func FuzzTmuxFormat(f *testing.F) {
	for _, s := range []string{"#(rm x)", "#{?a,#{b},#(c)}", "#{s/a:b/c/;E:@x}", "##(", "#(", "#{", "}#}#,#(a(b)c", "#{V:x}%s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		start := time.Now()
		var ff tmuxFormatFacts
		scanTmuxFormat(s, &ff)
		for _, j := range ff.jobs {
			if len(j.s) > len(s) {
				t.Fatalf("job text %q longer than the format", j.s)
			}
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("took %v", d)
		}
	})
}

func FuzzTmuxCommands(f *testing.F) {
	for _, s := range []string{`run "rm x"; display '#{a}'`, `if true { run "x" } { y }`, `X=1`, "%if #{a}\nrun b\n%endif",
		`a \u00e9 \0101 $ ${X} ~ ~u`, `"unterminated`, `{ { }`, `bind x 'set -g @a "#(b)"'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		p := parseTmuxCommands(s, "/home/dev")
		if len(p.cmds) > MaxTmuxCommands {
			t.Fatalf("%d commands", len(p.cmds))
		}
		// the analysis of any tmux line ends, with a result or an error
		_, _ = Analyze("tmux bind x "+shellQuote(s), testOpt)
		_, _ = Analyze("tmux display -p "+shellQuote(s), testOpt)
	})
}
