package policy

import (
	"strings"
	"testing"
)

// FuzzReviewRef feeds refspecs and push options to the forge push-option
// readers (forgepush.go): they never panic, and a refspec is judged only
// when its destination is a review ref with a submit option.
func FuzzReviewRef(f *testing.F) {
	for _, s := range [][2]string{{"HEAD:refs/for/main%submit", ""}, {"HEAD:refs/for/main", "submit"},
		{"refs/for/release/1.0%topic=x,submit", ""}, {"HEAD:refs/for/%submit", ""}, {"x:refs/for//main/%", "submit"},
		{"feature", "merge_request.target=main"}, {"+HEAD:refs/drafts/main%SUBMIT", ""}} {
		f.Add(s[0], s[1])
	}
	p := mustParseFile(f, "testdata/example.yaml")
	f.Fuzz(func(t *testing.T, rs, opt string) {
		fo := forgePushOpts{submit: containsFold(forgeSubmitOpts, opt)}
		if k, v, ok := strings.Cut(opt, "="); ok && k == forgeTargetOpt {
			fo.target, fo.autoMerge = v, forgeAutoMergeOpts[0]
		}
		_ = fo.verdict(p)
		why := p.reviewRefVerdict(rs, "feature", fo)
		if why != "" && !strings.Contains(rs, "refs/") {
			t.Fatalf("reviewRefVerdict(%q) = %q for a refspec without a review ref", rs, why)
		}
		if why != "" && !fo.submit && !strings.Contains(strings.ToLower(rs), "submit") {
			t.Fatalf("reviewRefVerdict(%q) = %q without a submit option", rs, why)
		}
	})
}
