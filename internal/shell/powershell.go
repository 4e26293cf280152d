package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"errors"
	"strings"
)

// PowerShell lines (Options.PowerShell: an agent's PowerShell tool). The
// line is parsed with bash's grammar, which reads PowerShell's commands,
// pipes, ";" lists and quoted words closely enough for their paths and
// hosts to be judged (and fails, so the line is denied, on most of the
// syntax it does not share: method calls, script-block invocation with
// "&"). What bash has no notion of is PowerShell's evaluation of text and
// script blocks; it is judged here, from two tables:
//
//   - psEvalCommands: commands (cmdlets and their aliases, matched
//     without case as PowerShell matches them) that run a string or a
//     script block as code, start a program or job whose code the line
//     does not show, or change what a later name runs (aliases, modules,
//     types). Such a command is opaque, and its literal arguments are
//     analysed as PowerShell in turn (iex 'Get-Content .env' reads .env).
//   - psEvalText: words that evaluate code wherever they stand in the
//     text — in a method call bash cannot parse, after a module qualifier
//     bash's backslash quoting eats (Microsoft.PowerShell.Utility\iex), or
//     inside a string PowerShell expands and bash does not — matched
//     without case on the raw line. psEvalSubstrings are the same for
//     text that is not one word (the function: and alias: drives,
//     [scriptblock]::Create).
//
// Over-reporting is the intended error: "echo iex" is opaque too.
//
// Where the two grammars would draw a line's strings or comments
// differently, bash could see a string where PowerShell sees a command:
// psQuirks lists that text (PowerShell's backtick escape, its typographic
// quotes, its <# #> block comments, ${provider:path} variables), which
// makes the line opaque. A backslash is no escape in PowerShell but a
// path separator ("Get-Content .\.env" reads .env, and "x\" ends a
// double-quoted string): every backslash is read as "/" before the line
// is parsed (PowerShellLine).

// psName is the name a PowerShell command is known by here: without
// case, and without the extension Windows finds a program by
// (powershell.exe is powershell, cmd.exe is cmd).
func psName(name string) string {
	n := strings.ToLower(name)
	for _, ext := range psProgramExts {
		if m, ok := strings.CutSuffix(n, ext); ok && m != "" {
			return m
		}
	}
	return n
}

// psProgramExts are the extensions of programs Windows runs by their
// bare name (PATHEXT) that name the same program without them.
var psProgramExts = []string{".exe", ".com"}

// psEvalCommands maps a command, lower-cased, to why it is opaque.
var psEvalCommands = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"cmd":                  "cmd runs its /c or /k command line with cmd.exe's own rules",
		"powershell":           "powershell runs its -Command text, script or encoded command as PowerShell code",
		"pwsh":                 "pwsh runs its -Command text, script or encoded command as PowerShell code",
		"invoke-expression":    "Invoke-Expression runs its string as PowerShell code",
		"iex":                  "iex (Invoke-Expression) runs its string as PowerShell code",
		"invoke-command":       "Invoke-Command runs a script block",
		"icm":                  "icm (Invoke-Command) runs a script block",
		"start-job":            "Start-Job runs a script block in a background job",
		"sajb":                 "sajb (Start-Job) runs a script block in a background job",
		"start-threadjob":      "Start-ThreadJob runs a script block in a thread job",
		"start-process":        "Start-Process starts a program with arguments the line does not show as a command",
		"saps":                 "saps (Start-Process) starts a program",
		"start":                "start (Start-Process) starts a program",
		"invoke-item":          "Invoke-Item runs a file with the program associated with it",
		"ii":                   "ii (Invoke-Item) runs a file with the program associated with it",
		"add-type":             "Add-Type compiles and loads code",
		"new-module":           "New-Module runs a script block as a module",
		"nmo":                  "nmo (New-Module) runs a script block as a module",
		"import-module":        "Import-Module runs a module's code",
		"ipmo":                 "ipmo (Import-Module) runs a module's code",
		"set-alias":            "Set-Alias changes what a later command name runs",
		"sal":                  "sal (Set-Alias) changes what a later command name runs",
		"new-alias":            "New-Alias changes what a later command name runs",
		"nal":                  "nal (New-Alias) changes what a later command name runs",
		"register-objectevent": "Register-ObjectEvent runs a script block on an event",
		"register-engineevent": "Register-EngineEvent runs a script block on an event",
		"invoke-wmimethod":     "Invoke-WmiMethod can create processes",
		"invoke-cimmethod":     "Invoke-CimMethod can create processes",
		"enter-pssession":      "Enter-PSSession opens an interactive session",
		"foreach-object":       "ForEach-Object runs a script block",
		"where-object":         "Where-Object runs a script block",
		"%":                    "% (ForEach-Object) runs a script block",
		"?":                    "? (Where-Object) runs a script block",
	}
}}

// psEvalText maps a word of the raw line, lower-cased, to why it is
// opaque wherever it stands.
var psEvalText = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"invoke-expression":    psEvalCommands.Get()["invoke-expression"],
		"iex":                  psEvalCommands.Get()["iex"],
		"invoke-command":       psEvalCommands.Get()["invoke-command"],
		"icm":                  psEvalCommands.Get()["icm"],
		"start-job":            psEvalCommands.Get()["start-job"],
		"start-threadjob":      psEvalCommands.Get()["start-threadjob"],
		"start-process":        psEvalCommands.Get()["start-process"],
		"add-type":             psEvalCommands.Get()["add-type"],
		"new-module":           psEvalCommands.Get()["new-module"],
		"import-module":        psEvalCommands.Get()["import-module"],
		"set-alias":            psEvalCommands.Get()["set-alias"],
		"new-alias":            psEvalCommands.Get()["new-alias"],
		"register-objectevent": psEvalCommands.Get()["register-objectevent"],
		"register-engineevent": psEvalCommands.Get()["register-engineevent"],
		"invoke-wmimethod":     psEvalCommands.Get()["invoke-wmimethod"],
		"invoke-cimmethod":     psEvalCommands.Get()["invoke-cimmethod"],
		"scriptblock":          "a script block built from text runs as code",
		"invokescript":         "InvokeScript runs text as code",
		"newscriptblock":       "NewScriptBlock builds code from text",
		"addscript":            "AddScript runs text as code in a runspace",
		"addcommand":           "AddCommand runs a command named by a value",
		"invoke":               "Invoke runs a script block or a method named by a value",
		"invokereturnasis":     "InvokeReturnAsIs runs a script block",
		"executioncontext":     "$ExecutionContext runs commands named by values",
		"encodedcommand":       "an encoded command is code the line does not show",
		"createinstance":       "a type created by name runs code the line does not show",
		"getnewclosure":        "a closure runs a script block",
	}
}}

// psEvalSubstrings maps text of the raw line, lower-cased, to why it is
// opaque.
var psEvalSubstrings = &lazy.Value[[]struct{ text, why string }]{New: func() []struct{ text, why string } {
	return []struct{ text, why string }{
		{"function:", "the function: drive defines a command from text"},
		{"alias:", "the alias: drive changes what a later command name runs"},
		{"::create", "a script block or object created from text runs as code"},
		{"&", "the call operator & runs a command named by a value or a script block"},
	}
}}

// psQuirks maps text on which bash and PowerShell disagree about where a
// string, an escape or a comment ends to why the line is then opaque.
var psQuirks = &lazy.Value[[]struct{ text, why string }]{New: func() []struct{ text, why string } {
	return []struct{ text, why string }{
		{"`", "PowerShell's escape character, which bash reads as command substitution"},
		{"\u2018", "a typographic quote, which PowerShell reads as a quote and bash as a letter"},
		{"\u2019", "a typographic quote, which PowerShell reads as a quote and bash as a letter"},
		{"\u201a", "a typographic quote, which PowerShell reads as a quote and bash as a letter"},
		{"\u201b", "a typographic quote, which PowerShell reads as a quote and bash as a letter"},
		{"\u201c", "a typographic quote, which PowerShell reads as a quote and bash as a letter"},
		{"\u201d", "a typographic quote, which PowerShell reads as a quote and bash as a letter"},
		{"\u201e", "a typographic quote, which PowerShell reads as a quote and bash as a letter"},
		{"<#", "a PowerShell block comment, which bash reads as a redirection and a comment"},
		{"${", "a braced PowerShell variable, which may name a file (${c:/path}) and read or write it"},
	}
}}

// PowerShellLine is a PowerShell line as Analyze parses it with
// Options.PowerShell: every backslash (a path separator in PowerShell,
// never an escape) read as "/".
func PowerShellLine(src string) string {
	return strings.ReplaceAll(src, `\`, "/")
}

// powerShellText judges the raw line by psQuirks, psEvalText and
// psEvalSubstrings.
func (a *analyzer) powerShellText(src string) {
	for _, q := range psQuirks.Get() {
		if strings.Contains(src, q.text) {
			a.opaque("powershell", q.why)
		}
	}
	low := strings.ToLower(src)
	for _, s := range psEvalSubstrings.Get() {
		if s.text == "&" {
			if psCallOperator(low) {
				a.opaque("powershell", s.why)
			}
			continue
		}
		if strings.Contains(low, s.text) {
			a.opaque("powershell", s.why)
		}
	}
	start := -1
	for i := 0; i <= len(low); i++ {
		if i < len(low) && psWordByte(low[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if why, ok := psEvalText.Get()[low[start:i]]; ok {
				a.opaque(low[start:i], why)
			}
			start = -1
		}
	}
}

func psWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_'
}

// psCallOperator reports whether an "&" of the line is PowerShell's call
// operator rather than one half of "&&" or a redirection (2>&1): an "&"
// that starts the line or a statement, or stands before a value, a
// string or a parenthesis.
func psCallOperator(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '&' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '&' {
			i++
			continue
		}
		if i > 0 && (s[i-1] == '>' || s[i-1] == '<') {
			continue
		}
		if psLiteralCall(s[i+1:]) {
			continue // & ./x.ps1, & 'x': the command itself (psstmt.go)
		}
		return true
	}
	return false
}

// powerShellEval analyses a command of psEvalCommands: opaque, and its
// literal words that are not parameter names analysed as PowerShell (a
// script block without its braces). Text that bash's grammar cannot
// parse is judged by its words, each a candidate read and write: the
// command is opaque already, and what it names still counts.
func (c *cmd) powerShellEval() error {
	c.opaque(psEvalCommands.Get()[c.name])
	var parts []string
	f := field{}
	for k := range c.args {
		if s := c.s(k); strings.HasPrefix(s, "-") && !c.args[k].dyn {
			continue
		}
		parts = append(parts, c.s(k))
		f.dyn = f.dyn || c.args[k].dyn
	}
	if len(parts) == 0 {
		return nil
	}
	f.s = strings.Join(parts, " ")
	if inner, ok := strings.CutPrefix(f.s, "{"); ok {
		if inner, ok = strings.CutSuffix(inner, "}"); ok {
			f.s = inner
		}
	}
	err := c.code(f, c.name, false)
	if err == nil || errors.Is(err, ErrLimit) {
		return err
	}
	for i, w := range strings.Fields(f.s) {
		if i >= maxCodeLiterals {
			break
		}
		g := field{s: strings.Trim(w, `'"(){};,|`), dyn: dynMarked(w)}
		if g.s == "" || g.dyn {
			continue
		}
		c.a.path(c.sc, kRead, g, c.name, "word of PowerShell code")
		c.a.candidates(c, g, false)
	}
	return nil
}

// PowerShell's network commands name their destination under a parameter
// (-Uri, -ComputerName, …, which PowerShell lets a caller abbreviate to
// any unambiguous prefix) or as their first positional argument, with or
// without a scheme: psDestParams and psDestCommands. Every value so named
// is a host (bareHost), whichever cmdlet takes it.

// psDestParams are parameter names, lower-cased, whose value is a
// network destination.
var psDestParams = &lazy.Value[[]string]{New: func() []string {
	return []string{"uri", "url", "computername", "hostname", "cn", "server", "dnsname", "proxy", "remoteaddress", "smtpserver"}
}}

// psDestParamsOf are parameters, lower-cased, whose value is a network
// destination for one command only (elsewhere they name something else).
var psDestParamsOf = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"resolve-dnsname": {"name"},
		"test-connection": {"targetname"},
	}
}}

// psDestCommands take a destination as a positional argument. Every
// argument of theirs that is neither a parameter name nor the value of a
// parameter in psValueParams (nor a number) is taken as a destination:
// a switch's next word may be the positional one.
var psDestCommands = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"invoke-webrequest": true, "iwr": true, "invoke-restmethod": true, "irm": true,
		"test-connection": true, "test-netconnection": true, "tnc": true, "resolve-dnsname": true,
		"enter-pssession": true, "etsn": true, "new-pssession": true, "nsn": true,
		"start-bitstransfer": true,
	}
}}

// psValueParams are parameters of psDestCommands, lower-cased, whose value
// is not a destination.
var psValueParams = &lazy.Value[[]string]{New: func() []string {
	return []string{
		"outfile", "infile", "method", "body", "headers", "contenttype", "useragent", "sessionvariable",
		"websession", "credential", "form", "certificatethumbprint", "certificate", "transferencoding",
		"authentication", "token", "customMethod", "port", "commonTCPPort", "informationlevel", "type",
		"source", "count", "buffersize", "delay", "timeoutsec", "maximumredirection", "maximumretrycount",
		"retryintervalsec", "configurationname", "name", "destination", "displayname",
	}
}}

// psParamIn reports whether name (lower-cased, without its dash) is one of
// names or abbreviates one: PowerShell accepts any unambiguous prefix.
func psParamIn(name string, names []string) bool {
	if len(name) < 2 {
		return false
	}
	for _, p := range names {
		if strings.HasPrefix(strings.ToLower(p), name) {
			return true
		}
	}
	return false
}

// powerShellHosts reports the destinations a PowerShell command names.
func (c *cmd) powerShellHosts() {
	positional := psDestCommands.Get()[c.name]
	for k := 0; k < len(c.args); k++ {
		f := c.args[k]
		s := f.s
		if strings.HasPrefix(s, "-") && len(s) > 1 && !f.dyn {
			name, val, glued := strings.Cut(s[1:], ":")
			name = strings.ToLower(name)
			switch {
			case psParamIn(name, psDestParams.Get()) || psParamIn(name, psDestParamsOf.Get()[c.name]):
				if !glued && k+1 < len(c.args) {
					k++
					val = c.s(k)
				}
				if h, ok := bareHost(val); ok && val != "" {
					c.host(h, "-"+name)
				}
			case positional && !glued && psParamIn(name, psValueParams.Get()):
				k++ // its value
			}
			continue
		}
		if positional && s != "" && !allDigitsWord(s) {
			if h, ok := bareHost(s); ok {
				c.host(h, "destination")
			}
		}
	}
}

func allDigitsWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
