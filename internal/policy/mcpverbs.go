package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"
	"unicode"
)

// MCP tool names and argument keys read as words. A tool's name says
// what it does to the paths it is given only when Mandate recognises it:
// a name that is recognisably read-only (read_file, get_file_info,
// list_directory, git_status, directory_tree) has its paths judged as
// reads; any other name (apply_diff, chmod, download_file, rm, trash,
// restore_file, a verb nobody listed) may write them, so its paths are
// judged as writes and as reads. The unknown is dangerous.

// mcpWords splits a name into lower-case words at separators and at
// case changes: "git_create_branch", "readFile", "PATH", "output-path".
func mcpWords(s string) []string {
	var out []string
	start := -1
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if start >= 0 {
				out = append(out, strings.ToLower(string(rs[start:i])))
				start = -1
			}
			continue
		}
		if start >= 0 && unicode.IsUpper(r) && i > start {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				out = append(out, strings.ToLower(string(rs[start:i])))
				start = i
			}
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(string(rs[start:])))
	}
	return out
}

// mcpReadVerbs begin a read-only tool's name (after any namespace words).
var mcpReadVerbs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"read": true, "get": true, "list": true, "ls": true, "search": true, "find": true,
		"grep": true, "glob": true, "show": true, "view": true, "stat": true, "cat": true,
		"head": true, "tail": true, "describe": true, "inspect": true, "info": true,
		"status": true, "diff": true, "tree": true, "count": true,
		"exists": true, "lookup": true, "fetch": true, "browse": true, "preview": true,
		"peek": true, "check": true,
		"explore": true, "locate": true, "which": true, "hash": true, "checksum": true,
		"metadata": true, "blame": true, "outline": true, "symbols": true, "references": true,
		"definition": true, "hover": true, "compare": true,
	}
}}

// mcpNamespaceWords may stand before the verb: a server's or a subject's
// name (git_diff, file_info, directory_tree, fs_read).
var mcpNamespaceWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"git": true, "fs": true, "file": true, "files": true, "filesystem": true,
		"directory": true, "dir": true, "folder": true, "repo": true, "repository": true,
		"mcp": true, "local": true, "text": true, "multiple": true, "workspace": true,
		"project": true, "code": true, "start": true, "batch": true, "bulk": true,
		"multi": true, "recursive": true, "fuzzy": true, "semantic": true, "quick": true,
	}
}}

// mcpDeleteVerbs are delete verbs as whole words (rm would match "form"
// as a substring).
var mcpDeleteVerbs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"rm": true, "del": true, "trash": true, "erase": true, "purge": true, "shred": true,
		"wipe": true, "destroy": true, "unlink": true, "rmdir": true, "remove": true, "delete": true,
		"rmtree": true, "clean": true, "prune": true,
	}
}}

// mcpOps returns what an MCP tool may do to the paths it is given.
func mcpOps(tool string) []opKind {
	words := mcpWords(tool)
	for _, w := range words {
		if mcpDeleteVerbs.Get()[w] {
			return []opKind{opDelete, opRead}
		}
	}
	switch mcpOp(tool) {
	case opDelete:
		return []opKind{opDelete, opRead}
	case opWrite:
		return []opKind{opWrite, opRead}
	}
	if mcpReadOnlyName(words) {
		return []opKind{opRead}
	}
	return []opKind{opWrite, opRead}
}

// mcpReadOnlyName reports whether a name is recognisably read-only: its
// first word after namespace words is a read verb, it names one action
// (read_and_fix, check_then_apply name two), and every word is read-ish:
// a read verb, a namespace word or a noun of mcpReadNouns. A word
// Mandate does not know may be a write verb (view_restore, diff_apply,
// check_out: checkout split in two), so it makes the name a write.
func mcpReadOnlyName(words []string) bool {
	verb := false
	for _, w := range words {
		switch {
		case mcpReadVerbs.Get()[w]:
			verb = true
		case mcpNamespaceWords.Get()[w]:
		case verb && (mcpReadNouns.Get()[w] || mcpVersionWord(w)):
		default:
			return false
		}
	}
	return verb
}

// mcpPathWords are argument keys, folded, that name a path, and the last
// word (or last two words, joined) of a longer key that does
// (output_path, repo_path, sourceFile, file_name, PATH).
var mcpPathWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"path": true, "paths": true, "file": true, "files": true, "filename": true, "filenames": true,
		"filepath": true, "filepaths": true, "dir": true, "dirs": true, "directory": true,
		"directories": true, "folder": true, "folders": true, "cwd": true, "source": true,
		"sources": true, "destination": true, "target": true, "src": true, "dst": true,
		"dest": true, "root": true, "uri": true, "oldpath": true, "newpath": true,
		"dirname": true, "dirpath": true, "foldername": true, "folderpath": true,
		"workdir": true, "workingdir": true, "workingdirectory": true, "pathname": true,
		"pathinproject": true, // JetBrains' MCP server: a path relative to the project
	}
}}

// isMCPPathKey reports whether an argument key names a path.
func isMCPPathKey(key string) bool {
	if k := mcpKey(key); mcpPathWords.Get()[k] || k == "from" || k == "to" {
		return true
	}
	w := mcpWords(key)
	n := len(w)
	if n < 2 {
		return false
	}
	return mcpPathWords.Get()[w[n-1]] || mcpPathWords.Get()[w[n-2]+w[n-1]]
}

// mcpHostOrPathKeys name a path or a host (ssh's destination, a copy's
// target): a value that reads as user@host or host:port is a host too.
var mcpHostOrPathKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"target": true, "destination": true, "dest": true, "dst": true,
		"to": true, "source": true, "src": true,
	}
}}

// mcpOutputWords begin a key whose path a tool writes whatever its name
// (output_path, save_to, out_file, destination_dir).
var mcpOutputWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"output": true, "out": true, "save": true, "write": true, "dest": true,
		"destination": true, "to": true, "dst": true, "outfile": true,
		"outdir": true, "outpath": true,
	}
}}

func isMCPOutputKey(key string) bool {
	w := mcpWords(key)
	return len(w) > 0 && mcpOutputWords.Get()[w[0]]
}

// mcpConnKey reports whether a key holds a connection string; other keys'
// values are read as one only in the ADO.NET form (key=value;…), and text
// a tool writes or sends (content, body) never.
func mcpConnKey(k string) (conn, text bool) {
	for _, w := range []string{"conn", "dsn", "database", "datasource"} {
		if strings.Contains(k, w) {
			return true, false
		}
	}
	switch k {
	case "content", "contents", "text", "body", "newstring", "oldstring", "newtext",
		"oldtext", "message", "diff", "patch", "data", "sql", "query", "description":
		return false, true
	}
	return false, false
}

// mcpWorkdirKeys set the working directory of the command an object
// carries.
var mcpWorkdirKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"cwd": true, "workdir": true, "workingdir": true, "workingdirectory": true,
		"workdirectory": true, "wd": true, "currentdir": true, "currentdirectory": true,
		"currentworkingdirectory": true, "dir": true, "directory": true, "folder": true,
		"cd": true, "chdir": true, "rundir": true, "executiondirectory": true,
	}
}}

// mcpBaseKeyWords are words of keys whose value may be a directory a
// server joins the call's relative paths to (mcpbase.go): base_dir,
// workspaceRoot, repo_path, project, mount_point.
var mcpBaseKeyWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"base": true, "basedir": true, "basepath": true, "root": true, "roots": true,
		"rootdir": true, "cwd": true, "dir": true, "dirs": true, "directory": true,
		"folder": true, "workspace": true, "workspaces": true, "workdir": true, "wd": true,
		"repo": true, "repos": true, "repository": true, "project": true, "projects": true,
		"home": true, "prefix": true, "mount": true, "mountpoint": true, "parent": true,
		"context": true, "location": true, "chdir": true, "cd": true, "tree": true,
		"worktree": true, "sandbox": true, "volume": true, "drive": true, "share": true,
	}
}}

// mcpExecKeys hold one program a server starts without a shell (spawn's
// first argument); its arguments sit under an argv key.
var mcpExecKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"executable": true, "binary": true, "bin": true, "exe": true, "executablepath": true,
		"binarypath": true, "programpath": true,
	}
}}

// mcpInputKeys hold text a tool feeds to a process it runs.
var mcpInputKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"input": true, "stdin": true, "inputtext": true, "stdindata": true, "inputs": true,
		"keys": true,
	}
}}

// mcpRunWords in a tool's name say it runs a program or feeds one.
var mcpRunWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"run": true, "exec": true, "execute": true, "eval": true, "evaluate": true,
		"interact": true, "spawn": true, "launch": true, "invoke": true, "shell": true,
		"terminal": true, "repl": true, "console": true, "process": true, "stdin": true,
		"pty": true, "tty": true,
	}
}}

// mcpShellInputTools type their input into a shell (Desktop Commander's
// interact_with_process writes to a process start_process began, by
// default a shell): the input is also read as a command line.
var mcpShellInputTools = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"interact_with_process": true, "send_input": true, "write_to_terminal": true,
		"send_to_terminal": true, "terminal_input": true, "write_stdin": true,
		"send_keys": true, "tmux_send_keys": true, "send_command": true,
	}
}}

func mcpRunName(tool string) bool {
	for _, w := range mcpWords(tool) {
		if mcpRunWords.Get()[w] {
			return true
		}
	}
	return false
}

// mcpConnHostKeys name the host in a connection string (ADO.NET
// Server=, Data Source=, libpq host=, hostaddr=).
var mcpConnHostKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"server": true, "host": true, "hostname": true, "datasource": true, "address": true,
		"addr": true, "networkaddress": true, "hostaddr": true, "dataserver": true,
		"servername": true,
	}
}}

// connStringHosts returns the hosts a key=value connection string names,
// as ADO.NET ("Server=tcp:HOST,1433;Database=x") and libpq ("host=HOST
// port=5432") read them. nil when s is no such string.
func connStringHosts(s string) []string {
	if !strings.Contains(s, "=") {
		return nil
	}
	var out []string
	add := func(k, v string) {
		if !mcpConnHostKeys.Get()[mcpKey(strings.Join(strings.Fields(k), ""))] {
			return
		}
		v = strings.Trim(strings.TrimSpace(v), `"'{}`)
		for _, h := range strings.Split(v, ",") {
			h = strings.TrimSpace(h)
			if p, ok := strings.CutPrefix(strings.ToLower(h), "tcp:"); ok {
				h = h[len(h)-len(p):]
			}
			if i := strings.IndexByte(h, '\\'); i >= 0 {
				h = h[:i] // HOST\INSTANCE
			}
			if h != "" && !isPort(h) {
				out = append(out, h)
			}
		}
	}
	for _, piece := range strings.Split(s, ";") {
		fields := strings.Fields(piece)
		kv := len(fields) > 1
		for _, f := range fields {
			if !strings.Contains(f, "=") {
				kv = false
				break
			}
		}
		if kv {
			for _, f := range fields {
				k, v, _ := strings.Cut(f, "=")
				add(k, v)
			}
			continue
		}
		if k, v, ok := strings.Cut(piece, "="); ok {
			add(k, v)
		}
	}
	return out
}

// specialSchemeAuthority returns what follows "scheme:" and any slashes
// or backslashes for WHATWG's special schemes, which read https:/host,
// https:\\host and https:host as https://host.
func specialSchemeAuthority(s string) (string, bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", false
	}
	switch strings.ToLower(s[:i]) {
	case "http", "https", "ws", "wss", "ftp":
	default:
		return "", false
	}
	return strings.TrimLeft(s[i+1:], `/\`), true
}

// mcpVersionWord reports whether a word is a number or a version (v2,
// 3): read_file_v2 is read_file.
func mcpVersionWord(w string) bool {
	w = strings.TrimPrefix(w, "v")
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}
