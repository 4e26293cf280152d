// Command proctime times whole processes: it runs each given command line
// many times, interleaved (A B C A B C …) so that machine noise falls on
// all of them alike, and prints the median, mean and p95 wall time of each
// and its ratio to the first command (the baseline).
//
//	proctime -n 300 -stdin payload.json 'bin/empty' 'bin/mandate hook claude'
//
// Each command is split on spaces, with single quotes grouping words (no
// shell is involved); leading NAME=VALUE words set variables in that
// command's environment, as a shell's prefix assignments do, without a
// process in between; -stdin feeds a file to every run, and a leading
// STDIN=FILE word feeds FILE to that command's runs instead. A command
// that exits non-zero is reported, not hidden.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 200, "runs per command")
	warm := flag.Int("warmup", 10, "untimed warm-up runs per command")
	stdinFile := flag.String("stdin", "", "file fed to every run's standard input")
	okCodes := flag.String("ok", "0", "comma-separated exit codes that count as success")
	flag.Parse()
	cmds := flag.Args()
	if len(cmds) == 0 {
		fmt.Fprintln(os.Stderr, "proctime: give at least one command")
		os.Exit(2)
	}
	var stdin []byte
	if *stdinFile != "" {
		b, err := os.ReadFile(*stdinFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "proctime:", err)
			os.Exit(2)
		}
		stdin = b
	}
	ok := map[int]bool{}
	for _, s := range strings.Split(*okCodes, ",") {
		var c int
		fmt.Sscan(s, &c)
		ok[c] = true
	}
	samples := make([][]time.Duration, len(cmds))
	failures := make([]int, len(cmds))
	for i := 0; i < *warm+*n; i++ {
		for j, c := range cmds {
			d, code, err := runOnce(c, stdin)
			if err != nil {
				fmt.Fprintf(os.Stderr, "proctime: %s: %v\n", c, err)
				os.Exit(1)
			}
			if !ok[code] {
				failures[j]++
			}
			if i >= *warm {
				samples[j] = append(samples[j], d)
			}
		}
	}
	base := median(samples[0])
	fmt.Printf("%-50s %10s %10s %10s %8s %s\n", "command", "median", "mean", "p95", "ratio", "bad-exit")
	for j, c := range cmds {
		s := samples[j]
		med := median(s)
		fmt.Printf("%-50s %10s %10s %10s %7.2fx %d\n", trim(c, 50), round(med), round(mean(s)), round(pct(s, 0.95)),
			float64(med)/float64(base), failures[j])
	}
}

func runOnce(cmdline string, stdin []byte) (time.Duration, int, error) {
	f := split(cmdline)
	var env []string
	for len(f) > 1 && strings.Contains(f[0], "=") && !strings.HasPrefix(f[0], "=") {
		if p, ok := strings.CutPrefix(f[0], "STDIN="); ok {
			b, err := os.ReadFile(p)
			if err != nil {
				return 0, 0, err
			}
			stdin, f = b, f[1:]
			continue
		}
		env, f = append(env, f[0]), f[1:]
	}
	cmd := exec.Command(f[0], f[1:]...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok {
		return d, ee.ExitCode(), nil
	}
	if err != nil {
		return 0, 0, err
	}
	return d, 0, nil
}

func median(s []time.Duration) time.Duration { return pct(s, 0.5) }

func pct(s []time.Duration, p float64) time.Duration {
	c := append([]time.Duration(nil), s...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return c[int(float64(len(c)-1)*p)]
}

func mean(s []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range s {
		t += d
	}
	return t / time.Duration(len(s))
}

func round(d time.Duration) string { return d.Round(time.Microsecond).String() }

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:] // the tail names the binary and its arguments
}

// split splits a command line on spaces; 'single quotes' group words.
func split(s string) []string {
	var out []string
	var cur strings.Builder
	in, have := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			in, have = !in, true
		case r == ' ' && !in:
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}
