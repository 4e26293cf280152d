package shell

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPowerShellFiles analyses PowerShell lines whose cmdlets name files
// (psbind.go, psnames.go, psenv.go). Each case names its class:
// powershell-wildcard (-Path expands wildcards, quoted or not),
// powershell-location (Set-Location and its spellings move the cwd),
// powershell-env (env: drive, $env:, .NET readers), powershell-windows-name
// (trailing dots and spaces, streams, 8.3 names), powershell-unc (hosts),
// everyday (reads are reads, not candidate writes).
func TestPowerShellFiles(t *testing.T) {
	const cwd = "/home/dev/project"
	type want struct {
		reads, writes, deletes []string // each must be reported (a glob's pattern as is)
		candidates             bool     // candidate writes allowed
		env                    []string
		dump, opaque           bool
		hosts                  []string
	}
	for _, c := range []struct {
		class, line string
		want
	}{
		{"powershell-wildcard", `Remove-Item 'agent-policy.yam*'`, want{deletes: []string{cwd + "/agent-policy.yam*"}}},
		{"powershell-wildcard", `Get-Content -Path '.en?'`, want{reads: []string{cwd + "/.en?"}}},
		{"powershell-wildcard", `gc -pa:'.e*'`, want{reads: []string{cwd + "/.e*"}}},
		{"powershell-wildcard", `Set-Content -Path 'src/[p]' -Value x`, want{writes: []string{cwd + "/src/[p]"}}},
		{"powershell-wildcard", `Get-Content README.md, '.e*'`, want{reads: []string{cwd + "/README.md", cwd + "/.e*"}}},
		{"powershell-wildcard", `Copy-Item src/x -Destination agent-policy.yaml`, want{reads: []string{cwd + "/src/x"}, writes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-wildcard", `Move-Item agent-policy.yaml src/`, want{deletes: []string{cwd + "/agent-policy.yaml"}, writes: []string{cwd + "/src/agent-policy.yaml"}}},
		{"powershell-wildcard", `Rename-Item agent-policy.yaml old.yaml`, want{deletes: []string{cwd + "/agent-policy.yaml"}, writes: []string{cwd + "/old.yaml"}}},
		{"powershell-wildcard", `New-Item -ItemType HardLink -Path src/h -Target agent-policy.yaml`, want{writes: []string{cwd + "/src/h", cwd + "/agent-policy.yaml"}}},
		{"powershell-wildcard", `'agent-policy.yaml' | Remove-Item`, want{deletes: []string{cwd + "/agent-policy.yaml"}, candidates: true}},
		// Paths piped into a file cmdlet are its own (pspipe.go).
		{"powershell-pipeline", `Get-Item agent-policy.yaml | Remove-Item`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `gi agent-policy.yaml | ri`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Get-Item agent-policy.yaml | Set-Content -Value x`, want{writes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Resolve-Path agent-policy.yaml | Clear-Content`, want{writes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Get-Item agent-policy.yaml | Rename-Item -NewName old.yaml`, want{deletes: []string{cwd + "/agent-policy.yaml"}, writes: []string{cwd + "/old.yaml"}}},
		{"powershell-pipeline", `Get-Item src/a.go | Copy-Item -Destination agent-policy.yaml`, want{reads: []string{cwd + "/src/a.go"}, writes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Write-Output agent-policy.yaml | Remove-Item`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `echo a.txt,agent-policy.yaml | Remove-Item`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Get-Item agent-policy.yaml | Select-Object -First 1 | Remove-Item`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `dir agent-policy.yaml | Remove-Item`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Import-Csv list.csv | Remove-Item`, want{reads: []string{cwd + "/list.csv"}, opaque: true}},
		{"powershell-pipeline", `Get-ChildItem src | Select-Object Name`, want{reads: []string{cwd + "/src"}}},
		{"powershell-pipeline", `Get-Item agent-policy.yaml | Unblock-File`, want{writes: []string{cwd + "/agent-policy.yaml"}, candidates: true}},
		{"powershell-pipeline", `(Get-Item agent-policy.yaml) | Remove-Item`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Select-String policies agent-policy.yaml | Remove-Item`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Get-FileHash -Algorithm MD5 agent-policy.yaml | Clear-Content`, want{writes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-pipeline", `Get-Content list.txt | Select-String x | Remove-Item`, want{reads: []string{cwd + "/list.txt"}, opaque: true}},
		{"powershell-wildcard", `gci -r | Select-String password`, want{reads: []string{cwd}}},
		{"powershell-wildcard", `Get-Content FileSystem::/home/dev/.ssh/id_rsa`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-wildcard", `Get-Content '~/.ssh/id_rsa'`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-wildcard", `Remove-Item @args`, want{candidates: true}},
		{"powershell-wildcard", `Unblock-File -Path 'agent-policy.yam*'`, want{writes: []string{cwd + "/agent-policy.yam*"}, candidates: true}},
		{"powershell-wildcard", `Get-Content -Bogus 1 '.e*'`, want{reads: []string{cwd + "/.e*"}, candidates: true}},
		{"powershell-location", `Set-Location ..; Remove-Item project/agent-policy.yaml`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-location", `sl ~; gc .ssh/id_rsa`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-location", `Push-Location ..; gc .ssh/id_rsa`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-location", `chdir ..; gc .ssh/id_rsa`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-location", `cd..; gc .ssh/id_rsa`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-location", `cd src; Set-Content ..\agent-policy.yaml x`, want{writes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-location", `Set-Location -LiteralPath /home/dev; gc .aws/credentials`, want{reads: []string{"/home/dev/.aws/credentials"}}},
		{"powershell-location", `Set-Location env:; gc PROD_DB_URL`, want{dump: true}},
		{"powershell-location", `Set-Location .. | Out-Null; Remove-Item project/agent-policy.yaml`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-location", `Get-Date | sl ~; gc .ssh/id_rsa`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-location", `(sl ~); gc .ssh/id_rsa`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-location", `echo $(Push-Location ~); gc .ssh/id_rsa`, want{reads: []string{"/home/dev/.ssh/id_rsa"}}},
		{"powershell-wildcard", `gci -r -Filter *.md | Select-String TODO`, want{reads: []string{cwd + "/**/*.md"}}},
		{"powershell-location", `Pop-Location; Set-Content x.txt y`, want{opaque: true}},
		{"powershell-env", `echo $env:PROD_DB_URL`, want{env: []string{"PROD_DB_URL"}}},
		{"powershell-env", `Write-Output "${env:PROD_DB_URL}"`, want{env: []string{"PROD_DB_URL"}, opaque: true}},
		{"powershell-env", `Get-Content env:PROD_API_KEY`, want{env: []string{"PROD_API_KEY"}}},
		{"powershell-env", `Get-Item Env:\PROD_API_KEY`, want{env: []string{"PROD_API_KEY"}}},
		{"powershell-env", `Get-Content Environment::PROD_API_KEY`, want{env: []string{"PROD_API_KEY"}}},
		{"powershell-env", `gci env:`, want{dump: true}},
		{"powershell-env", `Get-ChildItem Env:`, want{dump: true}},
		{"powershell-env", `dir env:PROD*`, want{dump: true}},
		{"powershell-windows-name", `Set-Content 'agent-policy.yaml.' x`, want{writes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-windows-name", `Remove-Item -Recurse '.github. '`, want{deletes: []string{cwd + "/.github"}}},
		{"powershell-windows-name", `Get-Content 'infrastructure./main.tf'`, want{reads: []string{cwd + "/infrastructure/main.tf"}}},
		{"powershell-windows-name", `rm agent-policy.yaml.`, want{deletes: []string{cwd + "/agent-policy.yaml"}}},
		{"powershell-windows-name", `Set-Content .GITHUB~1/workflows/ci.yml x`, want{writes: []string{cwd + "/*G*I*T*H*U*B*", cwd + "/*G*I*T*H*U*B*/workflows/ci.yml"}}},
		{"powershell-windows-name", `Set-Content AGENT-~1.YAM x`, want{writes: []string{cwd + "/*A*G*E*N*T*-*.YAM*"}}},
		{"powershell-windows-name", `Set-Content 'agent-policy.yaml:x' y`, want{writes: []string{cwd + "/agent-policy.yaml"}, opaque: true}},
		{"powershell-unc", `Get-Content \\db.production.company.com\share\x`, want{hosts: []string{"db.production.company.com"}}},
		{"powershell-unc", `Resolve-DnsName -Name db.production.company.com`, want{hosts: []string{"db.production.company.com"}, candidates: true}},
		{"powershell-unc", `Send-MailMessage -SmtpServer db.production.company.com -To a@b.c -Subject x`, want{hosts: []string{"db.production.company.com"}, candidates: true}},
		{"everyday", `Get-Content README.md`, want{reads: []string{cwd + "/README.md"}}},
		{"everyday", `gc package.json`, want{reads: []string{cwd + "/package.json"}}},
		{"everyday", `Select-String -Path README.md -Pattern Fixture`, want{reads: []string{cwd + "/README.md"}}},
		{"everyday", `Select-String Fixture README.md`, want{reads: []string{cwd + "/README.md"}}},
		{"everyday", `Test-Path package.json`, want{reads: []string{cwd + "/package.json"}}},
		{"everyday", `Get-ChildItem -Path . -Filter *.md`, want{reads: []string{cwd}}},
		{"everyday", `Get-FileHash go.mod`, want{reads: []string{cwd + "/go.mod"}}},
		{"everyday", `echo '{"a": 1}' > src/x.json`, want{writes: []string{cwd + "/src/x.json"}}},
		{"everyday", `Write-Output '{"a": 1}' | Out-File src/x.json`, want{writes: []string{cwd + "/src/x.json"}}},
		{"powershell-wildcard", `gci *.txt | Rename-Item -NewName { $_.Name + '.bak' }`, want{opaque: true, candidates: true}},
		{"powershell-wildcard", `Sort-Object { Remove-Item x }`, want{opaque: true, candidates: true}},
		{"everyday", `Get-Content README.md | Select-String foo | Measure-Object -Line`, want{reads: []string{cwd + "/README.md"}}},
	} {
		an, err := Analyze(c.line, Options{Cwd: cwd, Home: "/home/dev", Root: cwd, PowerShell: true})
		if err != nil {
			t.Errorf("class %s: %q: %v", c.class, c.line, err)
			continue
		}
		paths := func(refs []PathRef) (out []string, cand bool) {
			for _, r := range refs {
				out = append(out, r.Path)
				cand = cand || r.Candidate
			}
			return out, cand
		}
		reads, _ := paths(an.Reads)
		writes, cand := paths(an.Writes)
		deletes, _ := paths(an.Deletes)
		check := func(what string, want, got []string) {
			for _, p := range want {
				if !slices.Contains(got, p) {
					t.Errorf("class %s: %q: no %s of %s in %v", c.class, c.line, what, p, got)
				}
			}
		}
		check("read", c.reads, reads)
		check("write", c.writes, writes)
		check("delete", c.deletes, deletes)
		check("environment reference", c.env, an.EnvRefs)
		var hosts []string
		for _, h := range an.Hosts {
			hosts = append(hosts, h.Host)
		}
		check("host", c.hosts, hosts)
		if c.class == "powershell-wildcard" {
			for _, r := range append(append(an.Reads, an.Writes...), an.Deletes...) {
				if strings.ContainsAny(r.Path, "*?[") && (!r.Glob || !r.DotGlob && !r.Candidate) {
					t.Errorf("class %s: %q: %s is no glob matching dotfiles (%+v)", c.class, c.line, r.Path, r)
				}
			}
		}
		if cand && !c.candidates {
			t.Errorf("class %s: %q: candidate writes %v: the cmdlet is not modelled", c.class, c.line, an.Writes)
		}
		if an.EnvDump != c.dump {
			t.Errorf("class %s: %q: environment dump %v, want %v", c.class, c.line, an.EnvDump, c.dump)
		}
		if got := len(an.Opaque) > 0; got != c.opaque {
			t.Errorf("class %s: %q: opaque %v, want %v (%+v)", c.class, c.line, got, c.opaque, an.Opaque)
		}
	}
}

// FuzzPowerShellLine checks that a PowerShell line's analysis never
// panics and stays bounded in time (the cmdlet binder, the provider and
// Windows-name readings, the environment scan).
func FuzzPowerShellLine(f *testing.F) {
	for _, s := range []string{`gc -pa:'.e*', b`, `Set-Location env:; gc X`, `Get-Content \\h\s\x`, `ni -it h -va x src/h`, `Set-Content AGENT-~1.YAM. x`, `echo ${env:X} $env:Y [Environment]::GetEnvironmentVariable('Z')`, `gci -r -fi *.md | sls x`, `Rename-Item a,b -NewName c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		_, err := Analyze(src, Options{Cwd: "/home/dev/project", Home: "/home/dev", PowerShell: true})
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Analyze took %v on %d bytes", d, len(src))
		}
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("panic: %v", err)
		}
	})
}
