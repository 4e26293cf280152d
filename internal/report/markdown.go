package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mandate-dev/mandate/internal/termsafe"
)

// WriteMarkdown writes r as Markdown (GitHub-flavoured tables), every
// cell escaped (see the package doc).
func WriteMarkdown(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	row := func(cells ...string) {
		for i := range cells {
			cells[i] = mdCell(cells[i])
		}
		p("| %s |\n", strings.Join(cells, " | "))
	}
	head := func(cells ...string) {
		row(cells...)
		p("|%s\n", strings.Repeat(" --- |", len(cells)))
	}
	v := &r.Verification
	p("# Mandate evidence report\n\n")
	if r.Source != "" {
		p("%s · ", mdCell(r.Source))
	}
	p("generated %s · times in %s\n\n", r.when(r.Generated), r.zone())
	p("**%s**\n\n", mdCell(v.status()))

	p("## Verification\n\n")
	head("", "")
	kind := "the local evidence log"
	if v.Kind == "bundle" {
		kind = "an exported bundle"
	}
	result := "every check passed"
	if !v.OK {
		result = "failed: " + ev(v.Problem)
	}
	row("evidence", kind)
	row("result", result)
	row("key", v.TrustText+" "+code(v.Key))
	if v.Origin != "" {
		row("log", code(v.Origin))
	}
	row("signed checkpoint", fmt.Sprintf("%d checkpoints; the latest signs %d records, root %s, signed %s", v.Checkpoints, v.TreeSize, code(v.RootHash), r.when(v.CheckpointTime)))
	recs := fmt.Sprintf("%d records checked; %d payloads erased; %d identities pseudonymized", v.Records, v.Pruned, v.Pseudonymized)
	if v.Unsigned > 0 {
		recs += fmt.Sprintf("; %d records not yet signed", v.Unsigned)
	}
	row("records", recs)
	for _, w := range v.Warnings {
		row("warning", ev(w))
	}

	t := r.Totals
	p("\n## Summary\n\n%d decisions: %d allowed, %d denied, %d asked; %d sessions, %d users, %d agents, %d policy versions.\n\n",
		t.Decisions, t.Allowed, t.Denied, t.Asked, len(r.Sessions), t.Users, t.Agents, len(r.Policies))

	p("## Decisions over time\n\n")
	if len(r.Buckets) == 0 {
		p("No decisions.\n\n")
	} else {
		head(r.Width+" from", "allowed", "denied", "asked", "")
		most := 1
		for _, bk := range r.Buckets {
			most = max(most, bk.Allowed+bk.Denied+bk.Asked)
		}
		for _, bk := range r.Buckets {
			n := bk.Allowed + bk.Denied + bk.Asked
			row(r.when(bk.Start), fmt.Sprint(bk.Allowed), fmt.Sprint(bk.Denied), fmt.Sprint(bk.Asked), strings.Repeat("█", (n*30+most-1)/most))
		}
		p("\n")
	}

	p("## Sessions\n\n")
	if len(r.Sessions) == 0 {
		p("No sessions.\n\n")
	} else {
		head("session", "user", "agent", "first", "last", "records", "allowed", "denied", "asked", "ended")
		for _, s := range r.Sessions {
			row(code(s.ID), ev(s.User), ev(s.Agent), r.when(s.First), r.when(s.Last), fmt.Sprint(s.Records), fmt.Sprint(s.Allowed),
				fmt.Sprint(s.Denied), fmt.Sprint(s.Asked), yesNo(s.Ended))
		}
		p("\n")
	}

	p("## Denials and asks\n\n")
	if len(r.Flagged) == 0 {
		p("No denials or asks.\n\n")
	} else {
		head("time", "decision", "session", "user", "agent", "tool", "action", "policy / rule", "reason")
		for _, f := range r.shown() {
			pr := ev(f.Policy)
			if f.Rule != "" {
				pr += " / " + ev(f.Rule)
			}
			row(r.when(f.Time), ev(f.Decision), code(oneLine(f.Session, 24)), ev(f.User), ev(f.Agent), ev(f.Tool), code(oneLine(f.Action, 160)), pr, ev(f.Reason))
		}
		if more := len(r.Flagged) - len(r.shown()); more > 0 {
			p("\n%d more not shown here; the CSV report lists them all.\n", more)
		}
		p("\n")
	}

	p("## Policy versions\n\n")
	if len(r.Policies) == 0 {
		p("No policy named.\n")
	} else {
		head("digest", "file", "text recorded", "decisions", "allowed", "denied", "asked")
		for _, pol := range r.Policies {
			rec := "**not in this evidence**"
			if pol.Record >= 0 {
				rec = fmt.Sprintf("record %d, %s", pol.Record, r.when(pol.Loaded))
			}
			file := code(pol.Path)
			if pol.Error != "" {
				file += " (does not load: " + ev(pol.Error) + ")"
			}
			row(code(pol.Digest), file, rec, fmt.Sprint(pol.Decisions), fmt.Sprint(pol.Allowed), fmt.Sprint(pol.Denied), fmt.Sprint(pol.Asked))
		}
		for _, pol := range r.Policies {
			if pol.Text == "" {
				continue
			}
			text := termsafe.Text(pol.Text)
			fence := "```"
			for strings.Contains(text, fence) {
				fence += "`"
			}
			p("\n### Policy %s\n\n%syaml\n%s", mdCell(short(pol.Digest)), fence, text)
			if !strings.HasSuffix(text, "\n") {
				p("\n")
			}
			p("%s\n", fence)
		}
	}
	return b.Flush()
}

// ev is a value from the evidence as text for mdCell: every character a
// terminal acts on escaped (termsafe), and so no NUL, which code uses.
func ev(s string) string { return termsafe.Line(s) }

// mdCell escapes s for a Markdown table cell or line: one line, no pipe,
// backtick or HTML that a renderer would act on, nothing a terminal acts
// on. Values from the evidence are passed through ev or code first.
func mdCell(s string) string {
	parts := strings.Split(s, "\x00")
	for i, p := range parts {
		if i%2 == 1 {
			parts[i] = codeSpan(termsafe.Line(strings.Join(strings.Fields(p), " ")))
			continue
		}
		out := strings.Join(strings.Fields(p), " ")
		if len(parts) > 1 && i > 0 && strings.TrimLeft(p, " \t\n") != p {
			out = " " + out
		}
		if len(parts) > 1 && i < len(parts)-1 && strings.TrimRight(p, " \t\n") != p && out != "" {
			out += " "
		}
		parts[i] = mdEscaper.Replace(termsafe.Line(out))
	}
	return strings.TrimSpace(strings.Join(parts, ""))
}

// codeSpan is s as a code span: delimited by one more backtick than its
// longest run, its pipes escaped (GFM tables split cells at them even in
// code).
func codeSpan(s string) string {
	run, longest := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	d := strings.Repeat("`", longest+1)
	s = strings.ReplaceAll(s, "|", `\|`)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return d + s + d
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "`", "\\`", "<", "&lt;", ">", "&gt;", "&", "&amp;", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`)

// code marks s as code for mdCell (which turns the marked part into a
// code span instead of escaping it).
func code(s string) string {
	if s == "" {
		return "-"
	}
	return "\x00" + termsafe.Line(s) + "\x00"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
