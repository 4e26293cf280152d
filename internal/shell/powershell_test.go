package shell

import (
	"slices"
	"strings"
	"testing"
)

// TestPowerShell analyses PowerShell lines (Options.PowerShell). Each case
// names its class: powershell-eval (text or a script block run as code),
// powershell-quoting (text bash and PowerShell split differently), or
// control (must stay known).
func TestPowerShell(t *testing.T) {
	const cwd = "/home/dev/project"
	for _, c := range []struct {
		class, line string
		opaque      bool
		reads       []string // each must be among the reads
		writes      []string // each must be among the writes or candidates
	}{
		{"powershell-eval", `Invoke-Expression "Remove-Item agent-policy.yaml"`, true, nil, []string{cwd + "/agent-policy.yaml"}},
		{"powershell-eval", `iex 'Get-Content .env'`, true, []string{cwd + "/.env"}, nil},
		{"powershell-eval", `IEX 'ls'`, true, nil, nil},
		{"powershell-eval", `InVoKe-ExPrEsSiOn $x`, true, nil, nil},
		{"powershell-eval", `Microsoft.PowerShell.Utility\Invoke-Expression 'ls'`, true, nil, nil},
		{"powershell-eval", `Get-Content x.txt | iex`, true, nil, nil},
		{"powershell-eval", `icm -ScriptBlock { Remove-Item agent-policy.yaml }`, true, nil, []string{cwd + "/agent-policy.yaml"}},
		{"powershell-eval", `Start-Job { rm x }`, true, nil, []string{cwd + "/x"}},
		{"powershell-eval", `iex "Remove-Item agent-policy.yaml; (Get-Date)"`, true, nil, []string{cwd + "/agent-policy.yaml"}},
		{"powershell-eval", `iex 'Get-Content .env; [IO.File]::ReadAllText(1)'`, true, []string{cwd + "/.env"}, nil},
		{"powershell-eval", `Start-Process cmd.exe -ArgumentList x`, true, nil, nil},
		{"powershell-eval", `start notepad`, true, nil, nil},
		{"powershell-eval", `Set-Alias ls Remove-Item; ls agent-policy.yaml`, true, nil, nil},
		{"powershell-eval", `Add-Type -TypeDefinition $src`, true, nil, nil},
		{"powershell-eval", `Import-Module ./evil.psm1`, true, nil, nil},
		{"powershell-eval", `Get-ChildItem | % Delete`, true, nil, nil},
		{"powershell-eval", `Get-ChildItem | ForEach-Object { $_.Delete() }`, true, nil, nil},
		{"powershell-eval", `$s = [scriptblock]::Create($t)`, true, nil, nil},
		{"powershell-eval", `$ExecutionContext.InvokeCommand.InvokeScript($t)`, true, nil, nil},
		{"powershell-eval", `New-Item function:f -Value 'rm x'`, true, nil, nil},
		{"powershell-eval", `Get-Command Remove-Item | & $_`, true, nil, nil},
		{"powershell-eval", `pwsh -EncodedCommand SQBFAFgA`, true, nil, nil},
		{"powershell-eval", `powershell.exe -enc SQBFAFgA`, true, nil, nil},
		{"powershell-eval", `PowerShell.EXE -NoProfile -c "Remove-Item agent-policy.yaml"`, true, nil, []string{cwd + "/agent-policy.yaml"}},
		{"powershell-eval", `cmd.exe /c del agent-policy.yaml`, true, nil, []string{cwd + "/agent-policy.yaml"}},
		{"powershell-eval", `cmd /c "type .env"`, true, []string{cwd + "/.env"}, nil},
		{"powershell-quoting", "Remove-Item agent-po`licy.yaml", true, nil, nil},
		{"powershell-quoting", "echo \"a \u201c; Remove-Item x; \u201c b\"", true, nil, nil},
		{"powershell-quoting", `<# c #> Remove-Item x`, true, nil, nil},
		{"powershell-quoting", `Get-Content ${c:/home/dev/project/.env}`, true, nil, nil},
		{"powershell-quoting", `echo "x\" ; Remove-Item agent-policy.yaml ; \""`, false, nil, []string{cwd + "/agent-policy.yaml"}},
		{"powershell-quoting", `Get-Content .\.env`, false, []string{cwd + "/.env"}, nil},
		{"powershell-quoting", `RM agent-policy.yaml`, false, nil, []string{cwd + "/agent-policy.yaml"}},
		{"powershell-host", `iwr api.production.company.com/x`, false, nil, nil},
		{"control", `Get-ChildItem src | Select-Object Name`, false, nil, nil},
		{"control", `git status && git diff 2>&1`, false, nil, nil},
		{"control", `npm test`, false, nil, nil},
	} {
		an, err := Analyze(c.line, Options{Cwd: cwd, Home: "/home/dev", Root: cwd, PowerShell: true})
		if err != nil {
			if c.opaque {
				t.Logf("class %s: %q: %v (an error denies)", c.class, c.line, err)
				continue
			}
			t.Errorf("class %s: %q: %v", c.class, c.line, err)
			continue
		}
		if got := len(an.Opaque) > 0; got != c.opaque {
			t.Errorf("class %s: %q: opaque %v, want %v (%+v)", c.class, c.line, got, c.opaque, an.Opaque)
		}
		paths := func(refs []PathRef) []string {
			var out []string
			for _, r := range refs {
				out = append(out, r.Path)
			}
			return out
		}
		reads, writes := paths(an.Reads), append(paths(an.Writes), paths(an.Deletes)...)
		for _, p := range c.reads {
			if !slices.Contains(reads, p) {
				t.Errorf("class %s: %q: no read of %s in %v", c.class, c.line, p, reads)
			}
		}
		for _, p := range c.writes {
			if !slices.Contains(writes, p) {
				t.Errorf("class %s: %q: no write of %s in %v", c.class, c.line, p, writes)
			}
		}
	}
	// Destinations of PowerShell's network commands (class
	// powershell-host), with or without a scheme, under a parameter or
	// its abbreviation, or positional.
	for _, c := range []struct {
		line string
		want []string
	}{
		{`iwr api.production.company.com/x`, []string{"api.production.company.com"}},
		{`Invoke-RestMethod -Uri https://api.production.company.com/x -Method Post`, []string{"api.production.company.com"}},
		{`irm -ur:api.production.company.com`, []string{"api.production.company.com"}},
		{`Invoke-WebRequest -UseBasicParsing -OutFile out.html db.production.company.com`, []string{"db.production.company.com"}},
		{`Test-NetConnection -ComputerName db.production.company.com -Port 5432`, []string{"db.production.company.com"}},
		{`Invoke-Command -cn db.production.company.com -ScriptBlock { hostname }`, []string{"db.production.company.com"}},
		{`Enter-PSSession db.production.company.com`, []string{"db.production.company.com"}},
		{`IWR -TimeoutSec 5 169.254.169.254/latest/`, []string{"169.254.169.254"}},
	} {
		an, err := Analyze(c.line, Options{Cwd: cwd, Home: "/home/dev", PowerShell: true})
		if err != nil {
			t.Errorf("class powershell-host: %q: %v", c.line, err)
			continue
		}
		var hosts []string
		for _, h := range an.Hosts {
			hosts = append(hosts, h.Host)
		}
		for _, h := range c.want {
			if !slices.Contains(hosts, h) {
				t.Errorf("class powershell-host: %q: no host %s in %v", c.line, h, hosts)
			}
		}
		for _, h := range hosts {
			if h == "out.html" || h == "0.0.0.5" {
				t.Errorf("class control: %q: %s is no destination", c.line, h)
			}
		}
	}
	// The same lines as bash keep bash's reading: nothing is opaque.
	an, err := Analyze(`echo iex`, Options{Cwd: cwd})
	if err != nil || len(an.Opaque) > 0 {
		t.Errorf("bash line read as PowerShell: %v %+v", err, an)
	}
}

// FuzzAnalyzePowerShell: PowerShell mode never panics, and a line naming
// Invoke-Expression in any case is never analysed as known.
func FuzzAnalyzePowerShell(f *testing.F) {
	for _, s := range []string{`iex 'Get-Content .env'`, `icm { rm x }`, "a`b", `echo "x\" ; rm y ; \""`, `% { $_ }`, `<# #> x`, `${c:/x}`, `& $x`, `2>&1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		an, err := Analyze(src, Options{Cwd: "/p", Home: "/h", PowerShell: true})
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("panic: %v", err)
			}
			return
		}
		if an == nil {
			t.Fatal("nil analysis without error")
		}
		if strings.Contains(strings.ToLower(src), "iex") && len(an.Opaque) == 0 && psIexWord(src) {
			t.Fatalf("%q: iex not opaque", src)
		}
	})
}

// psIexWord reports whether src has "iex" as a whole word.
func psIexWord(src string) bool {
	low := strings.ToLower(src)
	for i := strings.Index(low, "iex"); i >= 0; {
		before := i == 0 || !psWordByte(low[i-1])
		after := i+3 == len(low) || !psWordByte(low[i+3])
		if before && after {
			return true
		}
		j := strings.Index(low[i+1:], "iex")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
