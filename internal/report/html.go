package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mandate-dev/mandate/internal/termsafe"
)

// WriteHTML writes r as one self-contained HTML file (see the package
// doc: inline CSS and SVG, no script, no external request). It is written
// with plain code rather than html/template: a template package linked
// into mandate-engine is initialised on every hook call, and executing
// templates keeps every exported method in the binary (BENCHMARKS.md).
// Every string is escaped by esc, the escaping html/template applies to
// text, after termsafe.
func WriteHTML(w io.Writer, r *Report) error {
	h := &htmlWriter{w: bufio.NewWriter(w)}
	h.write(r)
	return h.w.Flush()
}

// htmlEscaper is html/template's escaping of text and quoted attribute
// values (NUL, quotes, ampersand, plus, angle brackets).
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// esc is s as HTML text: one line, nothing a terminal or a browser acts on.
func esc(s string) string { return htmlEscaper.Replace(termsafe.Line(s)) }

// escText is esc keeping line breaks and tabs (a policy text in <pre>).
func escText(s string) string { return htmlEscaper.Replace(termsafe.Text(s)) }

type htmlWriter struct{ w *bufio.Writer }

func (h *htmlWriter) p(format string, a ...any) { fmt.Fprintf(h.w, format, a...) }
func (h *htmlWriter) s(parts ...string) {
	for _, s := range parts {
		h.w.WriteString(s)
	}
}

func (h *htmlWriter) write(r *Report) {
	src := ""
	if r.Source != "" {
		src = " — " + esc(r.Source)
	}
	h.s(htmlHead, "<title>Mandate evidence report", src, "</title>\n", htmlStyle, "</head>\n<body>\n<h1>Mandate evidence report</h1>\n<p class=\"meta\">")
	if r.Source != "" {
		h.s(esc(r.Source), " · ")
	}
	h.s("generated ", esc(r.when(r.Generated)), " · times in ", esc(r.zone()), "</p>\n\n")
	v := &r.Verification
	h.s(`<div class="verdict `, esc(v.level()), `">`, esc(v.status()), "</div>\n\n")
	h.verification(r)
	h.summary(r)
	h.chart(r.chart())
	h.sessions(r)
	h.flagged(r)
	h.policies(r)
	h.s("\n\n<footer>Written by Mandate from the evidence alone. This file loads nothing and runs no script; every value shown is escaped text from the records.</footer>\n</body>\n</html>\n")
}

func (h *htmlWriter) verification(r *Report) {
	v := &r.Verification
	kind := "the local evidence log"
	if v.Kind == "bundle" {
		kind = "an exported bundle"
	}
	result := "every check passed"
	if !v.OK {
		result = "failed"
		if v.Problem != "" {
			result += ": " + esc(v.Problem)
		}
	}
	h.s("<h2>Verification</h2>\n<table>\n<tr><th>evidence</th><td>", kind, "</td></tr>\n<tr><th>result</th><td>", result, "</td></tr>\n")
	h.s("<tr><th>key</th><td>", esc(v.TrustText))
	if v.Key != "" {
		h.s("<br><code>", esc(v.Key), "</code>")
	}
	h.s("</td></tr>")
	if v.Origin != "" {
		h.s("<tr><th>log</th><td><code>", esc(v.Origin), "</code></td></tr>")
	}
	h.p("\n<tr><th>signed checkpoint</th><td>%d checkpoints; the latest signs %d records", v.Checkpoints, v.TreeSize)
	if v.RootHash != "" {
		h.s(", root <code>", esc(v.RootHash), "</code>")
	}
	if !v.CheckpointTime.IsZero() {
		h.s(", signed ", esc(r.when(v.CheckpointTime)))
	}
	h.p("</td></tr>\n<tr><th>records</th><td>%d records checked; %d payloads erased (retention or erasure, each covered by its record); %d identities pseudonymized", v.Records, v.Pruned, v.Pseudonymized)
	if v.Unsigned != 0 {
		h.p("; %d records after the latest checkpoint, not yet signed", v.Unsigned)
	}
	h.s("</td></tr>")
	for _, w := range v.Warnings {
		h.s("<tr><th>warning</th><td>", esc(w), "</td></tr>")
	}
	h.s("\n</table>\n\n")
}

func (h *htmlWriter) summary(r *Report) {
	t := r.Totals
	h.p(`<h2>Summary</h2>
<div class="cards">
<div class="card"><b>%d</b>decisions</div>
<div class="card"><b class="d-allow">%d</b>allowed</div>
<div class="card"><b class="d-deny">%d</b>denied</div>
<div class="card"><b class="d-ask">%d</b>asked</div>
<div class="card"><b>%d</b>sessions</div>
<div class="card"><b>%d</b>users</div>
<div class="card"><b>%d</b>agents</div>
<div class="card"><b>%d</b>policy versions</div>
</div>

`, t.Decisions, t.Allowed, t.Denied, t.Asked, len(r.Sessions), t.Users, t.Agents, len(r.Policies))
}

func (h *htmlWriter) chart(c chart) {
	h.s("<h2>Decisions over time</h2>")
	if c.Empty {
		h.s("\n<p>No decisions.</p>\n\n")
		return
	}
	width := esc(c.Width)
	h.p(`
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="decisions per %s">
<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#8c959f"/>
<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#8c959f"/>
<text x="%d" y="%d" text-anchor="end" font-size="11">%d</text>
<text x="%d" y="%d" text-anchor="end" font-size="11">0</text>`,
		c.W, c.H, c.W, c.H, width,
		c.Left, c.Top, c.Left, c.Top+c.PlotH,
		c.Left, c.Top+c.PlotH, c.Left+c.PlotW, c.Top+c.PlotH,
		c.Left-6, c.Top+10, c.Max,
		c.Left-6, c.Top+c.PlotH)
	for _, b := range c.Bars {
		h.s("\n<g><title>", esc(b.Title), "</title>")
		for _, s := range b.Segs {
			h.s(`<rect x="`, esc(b.X), `" y="`, esc(s.Y), `" width="`, esc(b.W), `" height="`, esc(s.H), `" class="`, esc(s.Class), `"/>`)
		}
		h.s("</g>")
	}
	h.p(`
<text x="%d" y="%d" font-size="11">%s</text>
<text x="%d" y="%d" font-size="11" text-anchor="end">%s</text>
</svg>
<p class="legend">one bar per %s:<span style="background:#2e7d32"></span>allowed<span style="background:#f9a825"></span>asked<span style="background:#c62828"></span>denied</p>

`, c.Left, c.H-14, esc(c.First), c.Left+c.PlotW, c.H-14, esc(c.Last), width)
}

func (h *htmlWriter) sessions(r *Report) {
	h.s("<h2>Sessions</h2>")
	if len(r.Sessions) == 0 {
		h.s("\n<p>No sessions.</p>\n\n")
		return
	}
	h.s("\n<table>\n<tr><th>session</th><th>user</th><th>agent</th><th>first</th><th>last</th><th>records</th><th>allowed</th><th>denied</th><th>asked</th><th>ended</th></tr>")
	for _, s := range r.Sessions {
		h.s("\n<tr><td><code>", esc(s.ID), "</code></td><td>", esc(s.User), "</td><td>", esc(s.Agent), "</td><td>", esc(r.when(s.First)), "</td><td>", esc(r.when(s.Last)), "</td>")
		h.p(`<td class="n">%d</td><td class="n">%d</td><td class="n">%d</td><td class="n">%d</td><td>%s</td></tr>`, s.Records, s.Allowed, s.Denied, s.Asked, yesNo(s.Ended))
	}
	h.s("\n</table>\n\n")
}

func (h *htmlWriter) flagged(r *Report) {
	h.s("<h2>Denials and asks</h2>")
	if len(r.Flagged) == 0 {
		h.s("\n<p>No denials or asks.</p>\n\n")
		return
	}
	h.s("\n<table>\n<tr><th>time</th><th>decision</th><th>session</th><th>user</th><th>agent</th><th>tool</th><th>action</th><th>policy / rule</th><th>reason</th></tr>")
	for _, f := range r.shown() {
		h.s("\n<tr><td>", esc(r.when(f.Time)), `</td><td class="d-`, esc(f.Decision), `">`, esc(f.Decision), "</td><td><code>", esc(oneLine(f.Session, 24)), "</code></td><td>",
			esc(f.User), "</td><td>", esc(f.Agent), "</td><td>", esc(f.Tool), "</td><td><code>", esc(oneLine(f.Action, 160)), "</code></td><td>", esc(f.Policy))
		if f.Rule != "" {
			h.s(" / ", esc(f.Rule))
		}
		h.s("</td><td>", esc(f.Reason), "</td></tr>")
	}
	h.s("\n</table>")
	if more := len(r.Flagged) - len(r.shown()); more != 0 {
		h.p("<p>%d more not shown here; the CSV report lists them all.</p>", more)
	}
	h.s("\n\n")
}

func (h *htmlWriter) policies(r *Report) {
	h.s("<h2>Policy versions</h2>")
	if len(r.Policies) == 0 {
		h.s("\n<p>No policy named.</p>")
		return
	}
	h.s("\n<table>\n<tr><th>digest</th><th>file</th><th>text recorded</th><th>decisions</th><th>allowed</th><th>denied</th><th>asked</th></tr>")
	for _, p := range r.Policies {
		h.s("\n<tr><td><code>", esc(short(p.Digest)), "</code></td><td>")
		if p.Path != "" {
			h.s("<code>", esc(p.Path), "</code>")
		} else {
			h.s("-")
		}
		if p.Error != "" {
			h.s("<br>does not load: ", esc(p.Error))
		}
		h.s("</td><td>")
		if p.Record >= 0 {
			h.s("record ", strconv.FormatInt(p.Record, 10), ", ", esc(r.when(p.Loaded)))
		} else {
			h.s("<b>not in this evidence</b>")
		}
		h.p(`</td><td class="n">%d</td><td class="n">%d</td><td class="n">%d</td><td class="n">%d</td></tr>`, p.Decisions, p.Allowed, p.Denied, p.Asked)
	}
	h.s("\n</table>")
	for _, p := range r.Policies {
		if p.Text == "" {
			continue
		}
		h.s("\n<details><summary>text of <code>", esc(short(p.Digest)), "</code>")
		if p.Path != "" {
			h.s(" (", esc(p.Path), ")")
		}
		h.s("</summary>\n<pre>", escText(p.Text), "</pre></details>")
	}
}

const htmlHead = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
`

const htmlStyle = `<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:2em auto;max-width:1100px;padding:0 1em}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.8em 0 .6em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
.meta{color:#57606a}
.verdict{padding:.8em 1em;border-radius:6px;font-weight:600;margin:1em 0}
.verdict.ok{background:#dafbe1;border:1px solid #2e7d32}.verdict.warn{background:#fff8c5;border:1px solid #bf8700}.verdict.bad{background:#ffebe9;border:1px solid #c62828}
table{border-collapse:collapse;width:100%;margin:.4em 0}th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
td code{word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:.6em}.card{border:1px solid #d0d7de;border-radius:6px;padding:.5em .9em;min-width:7em}
.card b{display:block;font-size:1.5em}
.allow{fill:#2e7d32}.ask{fill:#f9a825}.deny{fill:#c62828}
.d-allow{color:#2e7d32}.d-ask{color:#9a6700}.d-deny{color:#c62828;font-weight:600}
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:-.1em}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.6em;overflow:auto;white-space:pre-wrap}
footer{margin-top:2em;color:#57606a;font-size:.9em}
</style>
`

// chart is the decisions-over-time bar chart, as SVG geometry.
type chart struct {
	W, H, Left, Top, PlotW, PlotH int
	Bars                          []bar
	Max                           int
	First, Last, Width            string
	Empty                         bool
}

type bar struct {
	X, W  string
	Segs  []seg
	Title string
}

type seg struct {
	Y, H, Class string
}

func (r *Report) chart() chart {
	c := chart{W: 760, H: 220, Left: 48, Top: 12, Width: r.Width}
	c.PlotW, c.PlotH = c.W-c.Left-12, c.H-c.Top-36
	if len(r.Buckets) == 0 {
		c.Empty = true
		return c
	}
	for _, b := range r.Buckets {
		c.Max = max(c.Max, b.Allowed+b.Denied+b.Asked)
	}
	if c.Max == 0 {
		c.Max = 1
	}
	step := float64(c.PlotW) / float64(len(r.Buckets))
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	for i, b := range r.Buckets {
		x := float64(c.Left) + float64(i)*step + step*0.1
		bottom := float64(c.Top + c.PlotH)
		br := bar{X: f(x), W: f(step * 0.8), Title: fmt.Sprintf("%s: %d allowed, %d denied, %d asked", r.when(b.Start), b.Allowed, b.Denied, b.Asked)}
		for _, s := range []struct {
			n     int
			class string
		}{{b.Allowed, "allow"}, {b.Asked, "ask"}, {b.Denied, "deny"}} {
			if s.n == 0 {
				continue
			}
			h := float64(s.n) / float64(c.Max) * float64(c.PlotH)
			bottom -= h
			br.Segs = append(br.Segs, seg{Y: f(bottom), H: f(h), Class: s.class})
		}
		c.Bars = append(c.Bars, br)
	}
	c.First, c.Last = r.when(r.Buckets[0].Start), r.when(r.Buckets[len(r.Buckets)-1].Start)
	return c
}
