package redact

import (
	"strings"
	"testing"
)

// TestSplitAndFileSecrets: secrets that reach a program whole although
// the line splits them (printf's format used again for each argument) or
// hands them over as a file (a process substitution given to a
// credential-file flag). Each case names its class; controls must stay.
func TestSplitAndFileSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	tok := gen(911, "ghp_", alNum, 36)
	pw := "Pl41n" + gen(912, "", alNum, 10)
	for _, tc := range []struct {
		class, line string
		secrets     []string // none may remain
		keep        []string // each must remain
	}{
		{"split-arguments", "export GH_TOKEN=$(printf %s " + tok[:20] + " " + tok[20:] + ")", []string{tok[4:20], tok[20:]}, []string{"export GH_TOKEN="}},
		{"split-arguments", "printf '%s' " + tok[:10] + " " + tok[10:25] + " " + tok[25:] + " > t", []string{tok[4:10], tok[10:25], tok[25:]}, nil},
		{"split-arguments", "printf '%s%s\\n' " + tok[:12] + " " + tok[12:], []string{tok[4:12], tok[12:]}, nil},
		{"password-process-substitution", "ansible-vault decrypt --vault-password-file <(echo " + pw + ") vars.yml", []string{pw}, []string{"vars.yml", "--vault-password-file"}},
		{"password-process-substitution", "ansible-playbook --vault-password-file=<(printf %s " + pw + ") site.yml", []string{pw}, []string{"site.yml"}},
		{"password-process-substitution", "tool --password-file <(echo -n '" + pw + "')", []string{pw}, nil},
		{"password-process-substitution", "tool --token-path <(cat <<<" + pw + ")", []string{pw}, nil},
		{"control", "ansible-vault decrypt --vault-password-file <(echo $VAULT_PASS) vars.yml", nil, []string{"$VAULT_PASS"}},
		{"control", "ansible-vault decrypt --vault-password-file ~/.vault_pass vars.yml", nil, []string{"~/.vault_pass"}},
		{"control", "diff --output-file <(echo hello) x", nil, []string{"hello"}},
		{"control", "printf '%s\\n' alpha beta", nil, []string{"alpha", "beta"}},
	} {
		out, _ := r.Text(tc.line)
		for _, p := range tc.secrets {
			if strings.Contains(out, p) {
				t.Errorf("class %s: %q kept %q in clear: %s", tc.class, tc.line, p, out)
			}
		}
		for _, k := range tc.keep {
			if !strings.Contains(out, k) {
				t.Errorf("class %s: %q lost %q: %s", tc.class, tc.line, k, out)
			}
		}
	}
}
