package policy

import "testing"

func TestMatchSanitized(t *testing.T) {
	for _, tt := range []struct {
		glob, subj string
		want       bool
	}{
		{"prod-db/*", "prod_db/run_query", true},
		{"prod.db/*", "prod_db/x", true},
		{"prod_db/*", "prod-db/x", true},
		{"*/run.query", "prod/run_query", true},
		{"prod_db/*", "prod/db_run_query", false},
		{"prod/*", "prod_db/x", false},
		{"prod[-]db/*", "prod_db/x", false},       // a class: as written only
		{"github/*", "github/create_issue", true}, // as written too
	} {
		if got := matchSanitized(tt.glob, tt.subj); got != tt.want {
			t.Errorf("matchSanitized(%q, %q) = %v, want %v", tt.glob, tt.subj, got, tt.want)
		}
	}
}
