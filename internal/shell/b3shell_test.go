package shell

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestURLSpellings: the URL spellings curl, git (libcurl) and WHATWG
// parsers read as scheme://HOST (red-team round 3, host/normalisation).
func TestURLSpellings(t *testing.T) {
	for in, want := range map[string][]string{
		"https:/db.example.com/":                    {"db.example.com"},
		"https:///db.example.com/x":                 {"db.example.com"},
		`https:\\db.example.com\x`:                  {"db.example.com"},
		`HTTP:/\db.example.com`:                     {"db.example.com"},
		"wss:db.example.com":                        nil,
		"file:///etc/passwd":                        nil,
		"C:/Users/x":                                nil,
		"host.example.com:/srv/repo":                nil,
		"a https:/one.example https://two.example/": {"one.example", "two.example"},
	} {
		if got := urlHosts(in); !slices.Equal(got, want) {
			t.Errorf("urlHosts(%q) = %q, want %q", in, got, want)
		}
	}
	if _, ok := scpHost("https:/db.example.com/r"); ok {
		t.Errorf("scpHost reads https:/HOST as host https")
	}
}

// TestTerminalEmulatorsRunCommands: a terminal emulator runs the command
// given to it (red-team round 3, exec/wrapper).
func TestTerminalEmulatorsRunCommands(t *testing.T) {
	const class = "terminal emulator runs a command"
	runW(t, []wc{
		{class: class, cmd: "xterm -geometry 80x24 -e rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "urxvt -e sh -c 'rm agent-policy.yaml'", deletes: []string{pol}},
		{class: class, cmd: "gnome-terminal -- rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "gnome-terminal -e 'rm agent-policy.yaml'", deletes: []string{pol}},
		{class: class, cmd: "gnome-terminal --command='rm agent-policy.yaml'", deletes: []string{pol}},
		{class: class, cmd: "konsole --noclose -e rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "alacritty --command=rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "kitty --title x rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "kitty --hold rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "wezterm start --cwd . -- rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "foot -T t rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "st -e rm agent-policy.yaml", deletes: []string{pol}},
		{class: class, cmd: "alacritty -he rm agent-policy.yaml", opaque: []string{"option cluster may run a command"}},
	})
}

// TestLongOptionClusterValues: a cluster of any length still carries its
// value (red-team round 3, write/unmodelled-program): one candidate after
// the first occurrence of each letter.
func TestLongOptionClusterValues(t *testing.T) {
	got := CandidateValues("strip", "-vvvvvvvvvvvvvvvvvvvvoagent-policy.yaml")
	if !slices.Contains(got, "agent-policy.yaml") {
		t.Errorf("CandidateValues = %q, want agent-policy.yaml among them", got)
	}
	if len(got) > 64 {
		t.Errorf("%d candidates for one cluster", len(got))
	}
}

// TestTerminalNameVariants: versioned and alternative names of listed
// programs are the program (red-team round 3, codex-terminal-unlisted).
func TestTerminalNameVariants(t *testing.T) {
	for in, want := range map[string]string{
		"vim.tiny": "vim", "vim.basic": "vim", "vim.gtk3": "vim", "python3.12": "python3",
		"psql-16": "psql", "nano": "nano", "manage.py": "manage.py", "unknown": "unknown",
	} {
		if got := termName(in); got != want {
			t.Errorf("termName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestQuotedHdocBodies: only text the parser reads as a quoted
// here-document body is left out of the recursion counts.
func TestQuotedHdocBodies(t *testing.T) {
	deep := strings.Repeat("1+", 5000) + "1"
	for _, tc := range []struct {
		src  string
		want int // spans; -1: the lexer gives up
	}{
		{"cat > f <<'EOF'\n" + deep + "\nEOF\n", 1},
		{"cat > f <<-\"EOF\" # c\n\t" + deep + "\n\tEOF\necho ok", 1},
		{"cat <<\\EOF\nx\nEOF", 1},
		{"echo \"<<'EOF'\"\necho " + deep + "\nEOF\n", 0},
		{"echo '<<'EOF''\necho " + deep + "\nEOF\n", 0},
		{"# cat <<'EOF'\necho " + deep + "\nEOF\n", 0},
		{"echo \"<<'EOF'\"\necho $((" + deep + "))\nEOF\n", -1},
		{"x=$(cat <<'EOF'\n" + deep + "\nEOF\n)", -1},
		{"cat <<'EOF'\nEOF)\necho $((" + deep + "))\nEOF\n", -1},
		{"cat <<'EOF' <<'X'\na\nEOF\nb\nX\n", -1},
		{"cat <<EOF\n" + deep + "\nEOF\n", -1},
		{"let x<<'EOF'\n" + deep + "\nEOF\n", -1},
		{"cat <<'EOF'\nunterminated", -1},
	} {
		spans, ok := quotedHdocBodies(tc.src)
		got := len(spans)
		if !ok {
			got = -1
		}
		if got != tc.want {
			t.Errorf("quotedHdocBodies(%.40q) = %d spans (ok %v), want %d", tc.src, len(spans), ok, tc.want)
		}
	}
	if _, err := Analyze("cat > f <<'EOF'\n"+deep+"\nEOF\necho $(("+deep+"))", Options{Cwd: "/home/dev/project", Home: "/home/dev"}); err == nil {
		t.Errorf("arithmetic after a quoted here-document escapes the limit")
	}
}

// TestCapsKeepFacts: a bound in the analysis, once exceeded, keeps the
// conservative reading or makes the command opaque; it never drops what
// is past it (red-team round 3, class of finding 18).
func TestCapsKeepFacts(t *testing.T) {
	arg := "--x=" + strings.Repeat("1.x,", 40) + "agent-policy.yaml"
	if got := CandidateValues("mytool", arg); !slices.Contains(got, "agent-policy.yaml") {
		t.Errorf("the 41st piece of a list is no candidate: %q", got)
	}
	words := strings.Repeat("-v ", 70) + "--to-command=sh"
	a, err := Analyze("TAR_OPTIONS='"+words+"' tar xf src/a.tar", Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Opaque) == 0 {
		t.Errorf("options past the bound of TAR_OPTIONS are dropped, not opaque")
	}
}

// TestProgramVariants: a program installed under a build or version name
// is analysed as the program.
func TestProgramVariants(t *testing.T) {
	for in, want := range map[string]string{
		"vim.tiny": "vim", "vim.gtk3": "vim", "emacs-nox": "emacs", "ruby3.1": "ruby", "tclsh8.6": "tclsh",
		"go1.22.0": "go", "emacs-29.1": "emacs", "gofmt": "gofmt", "node-gyp": "node-gyp", "vim.x/y": "vim.x/y", "python3.12": "python3.12",
	} {
		if got := variantBase(in); got != want {
			t.Errorf("variantBase(%q) = %q, want %q", in, got, want)
		}
	}
	for _, line := range []string{"vim.tiny -c ':!rm agent-policy.yaml' x", "ruby3.1 -e 'system(\"rm agent-policy.yaml\")'"} {
		a, err := Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
		if err != nil || len(a.Opaque) == 0 {
			t.Errorf("%s: no opaque part (err %v)", line, err)
		}
	}
}

// TestCodeLiteralsPastBound: a blocked path named after many other
// literals in inline code is still reported.
func TestCodeLiteralsPastBound(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, "'k%d',", i)
	}
	line := `python3 -c "x = [` + b.String() + `]; open('.env').read()"`
	a, err := Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range a.Reads {
		found = found || r.Path == "/home/dev/project/.env"
	}
	if !found {
		t.Errorf("the 401st literal, .env, is not read")
	}
}

// TestArithChainPastBound: a chain of names longer than maxArithDepth
// that ends in a command substitution is opaque, not dropped.
func TestArithChainPastBound(t *testing.T) {
	line := "z='a[$(rm agent-policy.yaml)]'"
	prev := "z"
	for i := 0; i < 12; i++ {
		n := fmt.Sprintf("v%d", i)
		line += "; " + n + "=" + prev
		prev = n
	}
	line += "; echo $((" + prev + "))"
	a, err := Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Opaque) == 0 && len(a.Deletes) == 0 {
		t.Errorf("a %d-name chain to a command substitution is dropped", 13)
	}
}
