package redact

import (
	"strings"
	"testing"
	"time"
)

// TestCLIStdinThroughFile: a password written to a file and fed to a
// program that reads one on its standard input.
func TestCLIStdinThroughFile(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Zq8vN3xTk2pLm7"
	for _, in := range []string{
		"echo " + pw + " > /tmp/pw && sudo -S id < /tmp/pw",
		"printf '%s\\n' " + pw + " >/tmp/p; cat /tmp/p | passwd",
		"echo '" + pw + "' | tee /tmp/p >/dev/null\nsudo -S true < /tmp/p",
		"echo bob:" + pw + " 2>&1 >> users.txt; chpasswd < users.txt",
		"cat > /tmp/p <<EOF\n" + pw + "\nEOF\nsudo -S ls < \"/tmp/p\"",
	} {
		if out, _ := r.Text(in); strings.Contains(out, pw) {
			t.Errorf("kept in clear: %q", out)
		}
	}
	for _, in := range []string{
		"echo hello > in.txt && sort < in.txt",
		"echo hello > in.txt && sudo -S id < other.txt",
		"echo 'deb http://x stable main' | sudo tee /etc/apt/sources.list",
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("over-redacted %q: %s (%v)", in, out, ids)
		}
	}
}

// TestPathologicalRound2: adversarial inputs for what round 2 added
// (file lookups, expect scripts, shell transformations) stay linear-ish.
func TestPathologicalRound2(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	inputs := map[string]string{
		"file readers":  strings.Repeat("echo x > /tmp/p; sudo -S id < /tmp/p; ", 20000),
		"file names":    strings.Repeat("> /tmp/p ", 20000) + "sudo -S id < /tmp/p",
		"cat readers":   strings.Repeat("cat /tmp/p | passwd; ", 30000),
		"xml tags":      strings.Repeat("<password>", 60000),
		"xml open":      strings.Repeat("<password ", 60000),
		"expect sends":  "expect -c '" + strings.Repeat(`expect "password:"; send "x\r"; `, 20000) + "'",
		"send words":    strings.Repeat("send ", 100000),
		"rev pipes":     strings.Repeat("echo abc | rev; ", 30000),
		"tr pipes":      strings.Repeat("echo abc | tr a-z n-za-m; ", 20000),
		"tr long line":  "echo " + strings.Repeat("abcdefgh ", 60000) + "| tr a-z n-za-m",
		"braces":        strings.Repeat("a{b,c}d ", 60000),
		"nested braces": strings.Repeat("{", 100000) + strings.Repeat(",}", 100000),
		"brace product": strings.Repeat("{a,b}", 60000),
		"here strings":  strings.Repeat(strings.Repeat("x", 200)+" <<< y ", 3000),
		"bars":          strings.Repeat("| ", 200000),
		"rev here docs": strings.Repeat("rev <<EOF ", 40000),
	}
	for name, in := range inputs {
		start := cpuTime()
		out, _ := r.Text(in)
		d := cpuTime() - start
		t.Logf("%-16s %7d KiB in %v CPU", name, len(in)>>10, d)
		if d > 2*time.Second {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
		if again, _ := r.Text(out); again != out {
			t.Errorf("%s: not idempotent", name)
		}
	}
}
