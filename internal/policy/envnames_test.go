package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestEnvNamesWithoutCase: a blocked variable read under another case is
// still the blocked variable (Windows' environment has no case).
func TestEnvNamesWithoutCase(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	for _, c := range []struct {
		class, line string
		shell       string
		want        Effect
	}{
		{"powershell-env", `Get-Item env:prod_api_key`, action.PowerShell, Deny},
		{"powershell-env", `Get-Content Env:Prod_Api_Key`, action.PowerShell, Deny},
		{"powershell-env", `Write-Output $env:prod_db_url`, action.PowerShell, Deny},
		{"powershell-env", `[Environment]::GetEnvironmentVariable('Prod_Db_Url')`, action.PowerShell, Deny},
		{"env-case", `echo $prod_api_key`, "", Deny},
		{"control", `Get-Item env:PATH`, action.PowerShell, Allow},
		{"control", `echo $PROD_API_KEYS`, "", Allow},
	} {
		a := &action.Action{V: 1, Kind: action.Exec, Shell: c.shell, Command: c.line, Cwd: testRoot, Actor: actor("")}
		if d := p.Evaluate(a); d.Decision != c.want {
			t.Errorf("class %s: %s: got %s (%s), want %s", c.class, c.line, d.Decision, d.Reason, c.want)
		}
	}
}
