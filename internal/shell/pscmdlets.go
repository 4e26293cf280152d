package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// PowerShell's file cmdlets, as data (applied by psbind.go). A cmdlet is
// named lower-cased, with the aliases PowerShell gives it; its parameters
// are "Name,Alias…:role" words, with "@N" for the position a positional
// argument binds to (PowerShell binds positional arguments to the
// positional parameters not named, in order) and "@*" for a parameter
// that takes the remaining arguments. Roles:
//
//	r   paths read; PowerShell expands wildcards (* ? [..]) in them
//	R   paths read literally (-LiteralPath)
//	w   paths written, wildcards expanded     W   written, literally
//	d   paths deleted, wildcards expanded     D   deleted, literally
//	m   paths moved away (read and deleted), wildcards expanded
//	M   moved away, literally
//	t   the destination of a copy or move: written, and so is the
//	    source's name below it
//	n   Rename-Item's new name: written in the source's directory
//	x   a directory written into (anything below it)
//	l   a location (Set-Location, Push-Location): the cwd from here on
//	-   a value that is not a path
//	s   a switch (no value)
//	o   makes what the cmdlet does unknown (opaque)
//
// A cmdlet whose parameter is not in its entry, or that is given more
// positional arguments than it takes, is not judged here: the analysis
// falls back to the treatment of programs it does not model (every
// argument a read and a candidate write). A command not in the table is
// treated the same way.
type psCmdlet struct {
	aliases string // other names, lower-cased, space-separated
	params  string
	// text: the arguments are values (objects, properties, formats),
	// never paths
	text bool
	// pipe: with no path argument the cmdlet takes its paths from the
	// pipeline (ValueFromPipelineByPropertyName), which the line does
	// not show
	pipe bool
	// names: in a pipeline it prints file objects whose files a later
	// cmdlet may read (Get-ChildItem | Select-String reads them)
	names bool
}

// psCommonParams are the parameters every cmdlet takes.
const psCommonParams = "Verbose,vb:s Debug,db:s ErrorAction,ea:- WarningAction,wa:- InformationAction,infa:- " +
	"ProgressAction,proga:- ErrorVariable,ev:- WarningVariable,wv:- InformationVariable,iv:- OutVariable,ov:- " +
	"OutBuffer,ob:- PipelineVariable,pv:- WhatIf,wi:s Confirm,cf:s UseTransaction,usetx:s"

// psProviderParams are the item parameters of the provider cmdlets.
const psProviderParams = " Filter:- Include:- Exclude:- Force:s Credential:-"

var psCmdletTable = &lazy.Value[map[string]psCmdlet]{New: func() map[string]psCmdlet {
	return map[string]psCmdlet{
		// Reading.
		"get-content":           {aliases: "gc cat type", pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R ReadCount:- TotalCount,First,Head:- Tail,Last:- Delimiter:- Wait:s Raw:s Encoding:- AsByteStream:s Stream:-" + psProviderParams},
		"select-string":         {aliases: "sls", params: "Pattern@0:- Path@1:r LiteralPath,PSPath,LP:R InputObject:- SimpleMatch:s CaseSensitive:s Quiet:s List:s NoEmphasis:s Include:- Exclude:- NotMatch:s AllMatches:s Encoding:- Context:- Raw:s Culture:-"},
		"test-path":             {pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R PathType,Type:- IsValid:s OlderThan:- NewerThan:-" + psProviderParams},
		"get-childitem":         {aliases: "gci ls dir", names: true, params: "Path@0:r LiteralPath,PSPath,LP:R Filter@1:- Include:- Exclude:- Recurse,s,r:s Depth:- Force:s Name:s Attributes:- FollowSymlink:s Directory,ad,d:s File,af:s Hidden,ah,h:s ReadOnly,ar:s System,as:s Credential:-"},
		"get-filehash":          {pipe: true, params: "Path@0:r LiteralPath,PSPath:R InputStream:- Algorithm@1:-"},
		"get-item":              {aliases: "gi", pipe: true, names: true, params: "Path@0:r LiteralPath,PSPath,LP:R Stream:-" + psProviderParams},
		"get-itemproperty":      {aliases: "gp", pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R Name@1:-" + psProviderParams},
		"get-itempropertyvalue": {aliases: "gpv", pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R Name@1:-" + psProviderParams},
		"resolve-path":          {aliases: "rvpa", pipe: true, names: true, params: "Path@0:r LiteralPath,PSPath,LP:R Relative:s RelativeBasePath:- Credential:- Force:s"},
		"convert-path":          {aliases: "cvpa", pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R"},
		"get-acl":               {pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R InputObject:- Audit:s AllCentralAccessPolicies:s" + psProviderParams},
		"import-csv":            {aliases: "ipcsv", pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R Delimiter@1:- Header:- Encoding:- UseCulture:s"},
		"import-clixml":         {pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R IncludeTotalCount:s Skip:- First:-"},
		"format-hex":            {aliases: "fhx", pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R InputObject:- Encoding:- Raw:s Count:- Offset:-"},
		"split-path":            {text: true},
		"join-path":             {text: true},
		"get-location":          {aliases: "gl pwd", text: true},

		// Values only: objects, properties, formats, text.
		"measure-object":    {aliases: "measure", text: true},
		"format-table":      {aliases: "ft", text: true},
		"format-list":       {aliases: "fl", text: true},
		"format-wide":       {aliases: "fw", text: true},
		"format-custom":     {aliases: "fc", text: true},
		"out-string":        {text: true},
		"out-host":          {aliases: "oh", text: true},
		"out-null":          {text: true},
		"write-output":      {aliases: "echo write", text: true},
		"write-host":        {text: true},
		"write-error":       {text: true},
		"write-warning":     {text: true},
		"write-verbose":     {text: true},
		"write-debug":       {text: true},
		"write-information": {text: true},
		"select-object":     {aliases: "select", text: true},
		"sort-object":       {aliases: "sort", text: true},
		"group-object":      {aliases: "group", text: true},
		"compare-object":    {aliases: "compare diff", text: true},
		"convertto-json":    {text: true},
		"convertfrom-json":  {text: true},
		"convertto-csv":     {text: true},
		"convertfrom-csv":   {text: true},
		"get-member":        {aliases: "gm", text: true},
		"get-date":          {text: true},
		"get-command":       {aliases: "gcm", text: true},
		"get-help":          {text: true},
		"get-unique":        {aliases: "gu", text: true},
		"get-random":        {text: true},
		"start-sleep":       {aliases: "sleep", text: true},

		// Writing.
		"set-content":      {aliases: "sc", pipe: true, params: "Path@0:w LiteralPath,PSPath,LP:W Value@1:- PassThru:s NoNewline:s Encoding:- AsByteStream:s Stream:-" + psProviderParams},
		"add-content":      {aliases: "ac", pipe: true, params: "Path@0:w LiteralPath,PSPath,LP:W Value@1:- PassThru:s NoNewline:s Encoding:- AsByteStream:s Stream:-" + psProviderParams},
		"clear-content":    {aliases: "clc", pipe: true, params: "Path@0:w LiteralPath,PSPath,LP:W Stream:-" + psProviderParams},
		"out-file":         {params: "FilePath,Path@0:w LiteralPath,PSPath,LP:W Encoding@1:- Append:s Force:s NoClobber,NoOverwrite:s Width:- NoNewline:s InputObject:-"},
		"tee-object":       {aliases: "tee", params: "FilePath,Path@0:w LiteralPath,PSPath,LP:W Append:s Variable:- InputObject:- Encoding:-"},
		"new-item":         {aliases: "ni md mkdir", params: "Path@0:w Name:- ItemType,Type:- Value,Target:- Force:s Credential:-"},
		"remove-item":      {aliases: "rm del erase rd rmdir ri", pipe: true, params: "Path@0:d LiteralPath,PSPath,LP:D Recurse:s Stream:- DeleteKey:s" + psProviderParams},
		"move-item":        {aliases: "mv move mi", pipe: true, params: "Path@0:m LiteralPath,PSPath,LP:M Destination@1:t PassThru:s" + psProviderParams},
		"copy-item":        {aliases: "cp copy cpi", pipe: true, params: "Path@0:r LiteralPath,PSPath,LP:R Destination@1:t Container:s Recurse:s PassThru:s FromSession:o ToSession:o" + psProviderParams},
		"rename-item":      {aliases: "ren rni", pipe: true, params: "Path@0:m LiteralPath,PSPath,LP:M NewName@1:n PassThru:s Force:s Credential:-"},
		"set-item":         {aliases: "si", pipe: true, params: "Path@0:w LiteralPath,PSPath,LP:W Value@1:- PassThru:s" + psProviderParams},
		"clear-item":       {aliases: "cli", pipe: true, params: "Path@0:w LiteralPath,PSPath,LP:W" + psProviderParams},
		"set-itemproperty": {aliases: "sp", pipe: true, params: "Path@0:w LiteralPath,PSPath,LP:W Name@1:- Value@2:- InputObject:- PassThru:s Type:-" + psProviderParams},
		"set-acl":          {pipe: true, params: "Path@0:w LiteralPath,PSPath,LP:W AclObject@1:- InputObject:- Passthru:s ClearCentralAccessPolicy:s CentralAccessPolicy:-" + psProviderParams},
		"expand-archive":   {params: "Path@0:r LiteralPath,PSPath:R DestinationPath@1:x Force:s PassThru:s"},
		"compress-archive": {params: "Path@0:r LiteralPath,PSPath:R DestinationPath@1:W CompressionLevel:- Update:s Force:s PassThru:s"},
		"export-csv":       {aliases: "epcsv", params: "Path@0:w LiteralPath,PSPath,LP:W InputObject:- Delimiter@1:- Append:s Force:s NoClobber,NoOverwrite:s Encoding:- IncludeTypeInformation,ITI:s NoTypeInformation,NTI:s UseCulture:s QuoteFields,QF:- UseQuotes,UQ:- NoHeader:s"},
		"export-clixml":    {params: "Path@0:w LiteralPath,PSPath,LP:W InputObject:- Depth:- Force:s NoClobber,NoOverwrite:s Encoding:-"},
		"start-transcript": {params: "Path@0:w LiteralPath,PSPath,LP:W OutputDirectory:x Append:s Force:s NoClobber,NoOverwrite:s IncludeInvocationHeader:s UseMinimalHeader:s"},

		// The location (PowerShell's cwd).
		"set-location":  {aliases: "sl cd chdir", params: "Path@0:l LiteralPath,PSPath,LP:l PassThru:s StackName:-"},
		"push-location": {aliases: "pushd", params: "Path@0:l LiteralPath,PSPath,LP:l PassThru:s StackName:-"},
		"pop-location":  {aliases: "popd", params: "PassThru:s StackName:-"},
	}
}}
