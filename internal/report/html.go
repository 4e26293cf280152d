package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"time"
)

//go:embed report.html.tmpl
var htmlText string

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"short":   short,
	"oneLine": oneLine,
	"add":     func(a, b int) int { return a + b },
	"sub":     func(a, b int) int { return a - b },
}).Parse(htmlText))

// WriteHTML writes r as one self-contained HTML file (see the package
// doc: inline CSS and SVG, no script, no external request).
func WriteHTML(w io.Writer, r *Report) error {
	return htmlTmpl.Execute(w, htmlView{Report: r, Chart: r.chart()})
}

// htmlView is what the template reads.
type htmlView struct {
	*Report
	Chart chart
}

// Time formats t in the report's time zone.
func (v htmlView) Time(t time.Time) string { return v.Report.when(t) }

// Status and Level are the verification verdict and its severity.
func (v htmlView) Status() string { return v.Verification.status() }
func (v htmlView) Level() string  { return v.Verification.level() }

// Shown are the flagged rows listed; More how many are not.
func (v htmlView) Shown() []Flag { return v.Report.shown() }
func (v htmlView) More() int     { return len(v.Flagged) - len(v.Report.shown()) }

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
