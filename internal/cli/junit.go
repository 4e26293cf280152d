package cli

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mandate-dev/mandate/internal/policy"
)

// writeJUnit writes rep as a JUnit XML report (the format Jenkins,
// GitLab, GitHub Actions reporters, Azure Pipelines and CircleCI read):
// one testsuite, the policy; one testcase per test, named by the test,
// with the file and line of its entry; a failure says what the test
// wanted and what the policy decided, and why. path "-" is standard
// output. The report is deterministic: no times, no host.
//
// It is written by hand rather than with encoding/xml, whose package
// initialisation every hook process would pay.
func writeJUnit(env *Env, path string, rep *policyTestReport) error {
	// Paths relative to the working directory, as CI systems match them
	// against the repository.
	rel := func(p string) string {
		if r, err := filepath.Rel(env.Cwd, p); err == nil && filepath.IsAbs(p) && !strings.HasPrefix(r, "..") {
			return r
		}
		return p
	}
	name := rel(rep.Policy)
	return writeTo(env, path, func(w io.Writer) error {
		b := bufio.NewWriter(w)
		n := strconv.Itoa(len(rep.Tests))
		failed := strconv.Itoa(rep.Failed)
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		fmt.Fprintf(b, `<testsuites name="mandate policy test" tests="%s" failures="%s" errors="0">`+"\n", n, failed)
		fmt.Fprintf(b, `  <testsuite name="%s" tests="%s" failures="%s" errors="0" skipped="0">`+"\n", xmlText(name), n, failed)
		fmt.Fprintf(b, `    <properties><property name="policy_digest" value="%s"/></properties>`+"\n", xmlText(rep.Digest))
		for _, r := range rep.Tests {
			file, line := splitSource(r.Source)
			fmt.Fprintf(b, `    <testcase name="%s" classname="%s" file="%s" line="%d"`, xmlText(r.Name), xmlText(name), xmlText(rel(file)), line)
			if r.Pass {
				b.WriteString("/>\n")
				continue
			}
			b.WriteString(">\n")
			fmt.Fprintf(b, `      <failure message="%s" type="%s">%s</failure>`+"\n",
				xmlText(testFailure(r)), xmlText(string(r.Got.Decision)), xmlText(failureDetail(r, rel(file)+":"+strconv.Itoa(line))))
			b.WriteString("    </testcase>\n")
		}
		b.WriteString("  </testsuite>\n</testsuites>\n")
		return b.Flush()
	})
}

// failureDetail is the body of a failure: what a person fixing the
// policy or the test needs.
func failureDetail(r policy.TestResult, source string) string {
	want := string(r.Expect)
	if r.ExpectRule != "" {
		want += " by " + r.ExpectRule
	}
	got := string(r.Got.Decision) + decidedBy(r.Got)
	return fmt.Sprintf("test:   %s\nwant:   %s\ngot:    %s\nreason: %s\n", source, want, got, r.Got.Reason)
}

// splitSource splits "file:line:col" into file and line.
func splitSource(src string) (string, int) {
	rest, _, ok := cutLast(src, ":")
	if !ok {
		return src, 0
	}
	file, lineStr, ok := cutLast(rest, ":")
	if !ok {
		return src, 0
	}
	line, err := strconv.Atoi(lineStr)
	if err != nil {
		return src, 0
	}
	return file, line
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// xmlText escapes s for an XML attribute or text node; characters XML
// 1.0 cannot hold (most control characters, invalid UTF-8) become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\n':
			b.WriteString("&#xA;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == '\t':
			b.WriteString("&#x9;")
		case r == utf8.RuneError && size == 1, r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
