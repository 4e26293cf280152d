package redact

import (
	"fmt"
	"slices"
)

// The fail-closed probe (failclosed.go) asks one thing of the detectors:
// a finding of a sink rule over the probe text. Only the rules that can
// emit a sink ID (rule.ids, the IDs a rule may emit) run over it, with
// the keywords of those rules alone: every other rule's findings were
// dropped unread. A rule's findings depend on the text, its lowercase
// copy and its own keywords' offsets only, so the sink rules find over
// the probe exactly what the full rule set's sink rules find.

// probeSpans are the findings of the sink rules in a probe text, markers
// subtracted (what detectDepth(probe, maxViewDepth, false) gives for the
// sink IDs: at that depth there are no views).
func (r *Redactor) probeSpans(probe string) []span {
	spans, _ := r.ruleSpans(r.sinkTable(), probe, false, false)
	return subtractMarkers(probe, spans)
}

// sinkTable is the keyword table of the rules that can emit a sink ID,
// built on first use (most Redactors never probe).
func (r *Redactor) sinkTable() *kwTable {
	r.sinkOnce.Do(func() {
		t := &kwTable{}
		for _, kw := range r.keywords {
			var rules []int
			for _, ri := range kw.rules {
				if canSink(r.rules[ri]) {
					rules = append(rules, ri)
				}
			}
			if len(rules) > 0 {
				t.keywords = append(t.keywords, keyword{text: kw.text, rules: rules})
			}
		}
		t.index()
		r.sinkKW = t
	})
	return r.sinkKW
}

// canSink reports a rule that may emit a sink ID.
func canSink(ru *rule) bool {
	for _, id := range ru.ids() {
		if sinkRules[id] {
			return true
		}
	}
	return false
}

// checkEmits is set by the tests: every span a custom matcher emits must
// carry an ID its rule declares (rule.emits), or the probe's rule subset
// could miss a sink. It panics otherwise.
var checkEmits bool

// emitChecked is emit, checked against the IDs ru declares when
// checkEmits is set.
func emitChecked(ru *rule, emit func(span)) func(span) {
	if !checkEmits {
		return emit
	}
	return func(sp span) {
		if !slices.Contains(ru.ids(), sp.id) {
			panic(fmt.Sprintf("redact: rule %s emitted %q, not among its IDs %q", ru.id, sp.id, ru.ids()))
		}
		emit(sp)
	}
}
