package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerate writes the pages: one per command, each with its exit
// codes, the root page with the whole table.
func TestGenerate(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1795279126")
	dir := t.TempDir()
	n, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n < 25 {
		t.Errorf("%d pages", n)
	}
	for page, want := range map[string][]string{
		"mandate.1":                {".SH EXIT CODES", "mandate policy test", "Nov 2026"},
		"mandate-check.1":          {"\\fB--command\\fP", ".SH EXIT CODES", "deny", ".SH EXAMPLE"},
		"mandate-policy-test.1":    {"\\fB--junit\\fP", "expect_rule"},
		"mandate-serve-stop.1":     {"\\fB--timeout\\fP"},
		"mandate-completion-zsh.1": {"zsh"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Errorf("%s: %v", page, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
	}
}
