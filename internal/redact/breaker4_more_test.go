package redact

import (
	"strings"
	"testing"
	"time"
)

// TestBreaker4Classes: the classes of red-team round 4, finding 11,
// beyond the cases of TestBreaker4SecretsSurvive: each spelling must
// lose the password, and what it keeps must stay readable.
func TestBreaker4Classes(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vLk2pWx9mRt4n"
	for _, tc := range []struct{ class, cmd, keep string }{
		// Builtins that assign a credential-named variable without NAME=.
		{"builtin: printf -vNAME glued", "printf -vDB_PASSWORD '%s' {}", "printf -vDB_PASSWORD '%s'"},
		{"builtin: printf -v NAME --", "printf -v password -- {}", "printf -v password --"},
		{"builtin: printf -v NAME literal format", "printf -v DB_PASSWORD '{}'", "printf -v DB_PASSWORD"},
		{"builtin: read here-document", "read -rp 'Pass: ' DB_PASSWORD <<EOF\n{}\nEOF\necho ok", "echo ok"},
		{"builtin: read several names", "IFS=: read -r user DB_PASSWORD <<< 'bob:{}'", "read -r user DB_PASSWORD"},
		{"builtin: read piped", "echo {} | read DB_PASSWORD", "| read DB_PASSWORD"},
		{"builtin: read -a NAME", "read -a API_KEYS <<< '{} x'", "read -a API_KEYS"},
		{"builtin: zsh read NAME?prompt", "read 'DB_PASSWORD?Password: ' <<< {}", "read"},
		{"builtin: read from a file written before", "echo {} > /tmp/p; read -r DB_PASSWORD < /tmp/p", "/tmp/p"},
		{"builtin: mapfile", "mapfile -t DB_PASSWORD <<< {}", "mapfile -t DB_PASSWORD"},
		{"builtin: readarray", "readarray API_TOKENS <<< '{}'", "readarray API_TOKENS"},
		{"builtin: declare -x", "declare -x DB_PASSWORD={}", "declare -x DB_PASSWORD="},
		{"builtin: typeset -rx", "typeset -rx API_TOKEN={}", "typeset -rx API_TOKEN="},
		{"builtin: local -r", "local -r password={}", "local -r password="},
		{"builtin: export -n", "export -n DB_PASSWORD={}", "export -n"},
		{"builtin: readonly quoted", "readonly DB_PASSWORD='{}'", "readonly DB_PASSWORD="},
		{"builtin: read from a process substitution", "read -r DB_PASSWORD < <(echo {})", "read -r DB_PASSWORD < <(echo "},
		{"builtin: read -d '' from printf", "IFS= read -r -d '' DB_PASSWORD < <(printf %s {})", "printf %s "},
		{"builtin: zsh print -v NAME", "print -v DB_PASSWORD -r -- {}", "print -v DB_PASSWORD -r --"},
		{"builtin: zsh read -A NAME", "read -A API_KEYS <<< '{}'", "read -A API_KEYS"},
		{"builtin: printf -v NAME[SUB]", "printf -v \"cfg[password]\" %s {}", "printf -v"},
		// Array assignments.
		{"array: NAME=(…)", "declare -a API_KEYS=({} other-{})", "declare -a API_KEYS=("},
		{"array: NAME=('…')", "API_KEYS=('{}')", "API_KEYS=('"},
		{"array: NAME+=(…) over lines", "API_KEYS+=(\n  {}\n)", "API_KEYS+=("},
		{"array: NAME[i]=", "DB_PASSWORD[0]={}", "DB_PASSWORD[0]="},
		{"array: NAME[SUB]=", "cfg[password]={}", "cfg[password]="},
		// A credential-named variable assigned what a substitution prints.
		{"subst: NAME=$(echo)", "DB_PASSWORD=$(echo {})", "DB_PASSWORD=$(echo "},
		{"subst: export NAME=\"$(printf)\"", "export API_TOKEN=\"$(printf %s {})\"", "$(printf %s "},
		{"subst: backquotes", "password=`echo -n '{}'`", "password=`"},
		{"subst: NAME+=$(echo)", "DB_PASSWORD+=$(echo {})", "DB_PASSWORD+="},
		// A one-letter credential flag ending a cluster of switches.
		{"cluster: curl -fsSLuUSER:PW glued", "curl -fsSLubob:{} https://h", "https://h"},
		{"cluster: curl --user=USER:PW", "curl --user=bob:{} https://h", "--user=bob:"},
		{"cluster: mysql -vpPW", "mysql -vp{} app", "app"},
		{"cluster: sshpass -vpPW", "sshpass -vp{} ssh h", "ssh h"},
		{"cluster: smbclient -NUuser%PW", "smbclient -NUbob%{} //h/s", "//h/s"},
		{"cluster: ldapsearch -xwPW", "ldapsearch -xw{} -b dc=x", "-b dc=x"},
		{"cluster: ldapsearch -xw PW", "ldapsearch -xw {} -b dc=x", "-b dc=x"},
		{"cluster: lftp -du USER,PW", "lftp -du bob,{} h", "bob,"},
		{"wget -e http_password=", "wget -ehttp_password={} https://h", "https://h"},
		// Abbreviated long options (getopt_long takes any unambiguous prefix).
		{"abbrev: wget --http-passw=PW", "wget --http-passw={} https://h", "https://h"},
		{"abbrev: wget --http-passw PW", "wget --http-passw {} https://h", "https://h"},
		{"abbrev: mysql --passw=PW", "mysql --passw={} app", "app"},
		{"abbrev: smbclient --pass PW", "smbclient //h/s --pass {}", "//h/s"},
		{"abbrev: curl --proxy-us USER:PW", "curl --proxy-us bob:{} h", "bob:"},
		{"abbrev: gpg --passphr PW", "gpg --passphr {} -d f", "-d f"},
		// Programs' own command languages.
		{"script: lftp -c open --password", "lftp -c \"open --user bob --password '{}' h\"", "--user bob"},
		{"script: lftp -c open -uUSER,PW glued", "lftp -c 'open -ubob,{} h'", "open -ubob,"},
		{"script: lftp here-document", "lftp <<EOF\nopen h\nuser bob {}\nmirror x\nEOF", "mirror x"},
		{"script: lftp piped echo", "echo 'user bob {}' | lftp h", "| lftp h"},
		{"script: lftp -cCMD glued", "lftp -c'user bob {}'", "user bob"},
		{"script: ftp here-document user", "ftp -n h <<END\nuser bob {}\nget x\nEND", "get x"},
		{"script: smbclient -c logon", "smbclient //h/s -c 'logon bob {}'", "logon bob"},
		// PowerShell: parameters in any order, aliases, splatting.
		{"pwsh: Set-Item -Path Env: -Value", "Set-Item -Path Env:API_KEY -Value '{}'", "Env:API_KEY"},
		{"pwsh: New-Item -Path Env: -Name -Value", "New-Item -Path Env: -Name DB_PASSWORD -Value '{}'", "-Name DB_PASSWORD"},
		{"pwsh: -Value:V glued, abbreviated", "Set-Item -Va:'{}' -Path:Env:API_KEY", "-Path:Env:API_KEY"},
		{"pwsh: value piped into Set-Item", "'{}' | Set-Item -Path Env:API_KEY", "Set-Item -Path Env:API_KEY"},
		{"pwsh: module-qualified cmdlet", "Microsoft.PowerShell.Management\\Set-Item -Value '{}' -Path Env:API_KEY", "Env:API_KEY"},
		{"pwsh: si alias, switch first", "si -Force -Value {} Env:\\GITHUB_TOKEN", "Env:\\GITHUB_TOKEN"},
		{"pwsh: sv alias", "sv password '{}'", "sv password"},
		{"pwsh: nv alias named", "nv -Value {} -Name api_token", "-Name api_token"},
		{"pwsh: Set-Variable -Value before -Name", "Set-Variable -Value '{}' -Name password", "-Name password"},
		{"pwsh splat: ordered, multi-line, Value first", "$a = [ordered]@{ Value = '{}'\n Name = 'DB_PASSWORD' }\nSet-Variable @a -Scope Global", "Set-Variable @a"},
		{"pwsh splat: quoted keys", "$a = @{\"Name\"=\"password\";\"Value\"=\"{}\"}", "\"Name\"=\"password\""},
		{"pwsh splat: env path, member Value", "$p = @{Path='Env:API_KEY'}; $p.Value = '{}'; Set-Item @p", "Set-Item @p"},
		{"pwsh splat: index Value", "$a = @{ }; $a.Name = 'password'; $a['Value'] = '{}'; sv @a", "sv @a"},
		{"pwsh splat: Add", "$a=@{ }; $a.Add('Name','token'); $a.Add('Value','{}'); Set-Variable @a", "Set-Variable @a"},
		{"pwsh splat: Value from a variable", "$v = '{}'; $a = @{Name='password'; Value=$v}; Set-Variable @a", "Value=$v"},
		{"pwsh: Set-Variable -Value $v tied to its literal", "$v = '{}'; Set-Variable -Name password -Value $v", "-Value $v"},
		{"pwsh: Set-Item Env: -Value $k tied to its literal", "$k = \"{}\"\nSet-Item -Path Env:API_KEY -Value $k", "-Value $k"},
		{"pwsh splat: value not tied", "$a = @{Name='password'; Scope='Global'; Description='db'; X='{}'}", "Scope='Global'"},
	} {
		in := strings.ReplaceAll(tc.cmd, "{}", pw)
		out, ids := r.Text(in)
		if strings.Contains(out, pw) {
			t.Errorf("%s: password kept: %q (fired %v)", tc.class, strings.ReplaceAll(out, pw, "<PW>"), ids)
		}
		if !strings.Contains(out, tc.keep) {
			t.Errorf("%s: %q not kept: %q", tc.class, tc.keep, out)
		}
	}
}

// TestBreaker4Keeps: everyday commands of the same builtins, programs and
// cmdlets stay as they are.
func TestBreaker4Keeps(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, cmd := range []string{
		"read -r line < file",
		"while read -r line; do echo $line; done < in.txt",
		"read -r -p 'Password: ' DB_PASSWORD",
		"read -r name <<< 'Alice Cooper'",
		"printf -v x %s abcdefghijkl",
		"printf -v DB_PASSWORD '%s' \"$pw\"",
		"printf -v now '%(%F)T' -1",
		"mapfile -t lines < <(git ls-files)",
		"I read the password docs today",
		"VERSION=$(git describe --tags)",
		"print -v out -r -- hello world",
		"print 'password: ' + mask",
		"tokens=(a b c)",
		"password=(get_pw())",
		"secrets=(\"$A\" \"$B\")",
		"API_KEYS=( $(cat keys) )",
		"obj[\"api_key\"]=getKey();",
		"x = password_list[i]=5",
		"DB_PASSWORD=$(cat /run/secrets/db)",
		"GITHUB_TOKEN=$(gh auth token)",
		"NOW=$(echo hello world)",
		"DB_PASSWORD=$(printf %s \"$X\")",
		"read -r DB_PASSWORD < <(vault kv get -field=pw secret/db)",
		"mysql -Dapp_db2 -uroot",
		"mysql -hdb.internal -P3306 -uapp",
		"curl -sSLo out.tgz https://h/x",
		"curl -fsSL https://get.example.com/install.sh",
		"curl -Hfoo:bar https://h",
		"curl -su bob https://h",
		"curl --proxy http://p:8080 https://h",
		"docker login --password-stdin",
		"lftp --user bob h",
		"wget --user bob https://h",
		"ldapsearch -x -H ldap://h -b dc=example,dc=com",
		"smbclient -L //h -N",
		"lftp -c 'open ftp://h; mirror -R src dst; user'",
		"lftp -e 'set ssl:verify-certificate no' h",
		"lftp -c 'open -e \"get user\" h'",
		"ftp -n h <<END\nbinary\nget x\nEND",
		"echo 'ls -la' | lftp sftp://h",
		"Set-Item -Value 'Release' -Path Env:BUILD_MODE",
		"New-Item -Path Env: -Name PATH_EXTRA -Value 'C:\\tools'",
		"Set-Item -Path Env:API_KEY -Value $key",
		"$a = @{Name='mode'; Value='Release'}; Set-Variable @a",
		"git checkout HEAD@{1} && git log @{u}..HEAD",
		"$k = Get-Secret; Set-Item Env:API_KEY $k",
		"$k = 'hunter22'\nSet-Item -Path Env:BUILD -Value $k",
		"$h = @{ Path = 'C:\\x'; Value = 'hello world' }",
		"import csv as sv",
		"the csv file",
	} {
		out, ids := r.Text(cmd)
		if out != cmd {
			t.Errorf("%q changed: %q (fired %v)", cmd, out, ids)
		}
	}
}

// TestBreaker4Linear: dense repetitions of the new anchors stay fast.
func TestBreaker4Linear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	for name, in := range map[string]string{
		"hashtables":   strings.Repeat("$a=@{}; ", 40000),
		"named tables": strings.Repeat("$a=@{Name='password'}; $a.x=1; ", 10000),
		"readers":      strings.Repeat("read DB_PASSWORD <<< x; ", 20000),
		"lftp scripts": strings.Repeat("lftp -c 'open -u a,b h; user a b; ", 10000),
		"printf -v":    strings.Repeat("printf -v password %s x ", 20000),
		"env items":    strings.Repeat("Set-Item -Path Env:API_KEY ", 20000),
		"clusters":     "curl " + strings.Repeat("-fsSLubob:x ", 30000),
		"member scans": "$a=@{Name='password'}" + strings.Repeat(" $a", 100000),
	} {
		start := cpuTime()
		r.Text(in)
		d := cpuTime() - start
		t.Logf("%s: %v", name, d)
		if d > 5*time.Second {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
	}
}
