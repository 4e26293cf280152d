package policy

import "strings"

// Windows spellings of paths in MCP arguments. Many MCP servers read "\"
// as a path separator: a server running on Windows, and the many that
// normalise separators on every system (p.replace(/\\/g, "/")). A path
// argument written the Windows way is judged as each path it names to
// such a server, besides as written:
//
//   - with "/" for every "\": .\agent-policy.yaml is ./agent-policy.yaml,
//     src\..\.env is src/../.env;
//   - a drive path X:\rest (or X:/rest, or behind \\?\ or \\.\) is
//     /mnt/x/rest, where WSL mounts the drive and where a project opened
//     from Windows lives; \\localhost\x$\rest (an administrative share)
//     is the same drive;
//   - \\wsl$\DISTRO\rest and \\wsl.localhost\DISTRO\rest, how Windows
//     programs reach WSL's files, are /rest;
//   - any other UNC path \\host\share\… reaches host (an SMB connection),
//     judged by the host rules.
//
// A string is read so when it is under a path key or starts the way only
// a Windows path does (X:\, X:/, .\, ..\, ~\, \\), so that a regular
// expression such as \.env under a search key is left as the text it is.

// mcpWinPath judges the Windows readings of an MCP string argument.
func (ev *evaluation) mcpWinPath(key, s string, ops []opKind, pathKey, isKey bool) {
	if len(s) > 4096 || strings.ContainsAny(s, "\n\x00") || !(pathKey || winShaped(s)) {
		return
	}
	paths, host := winReadings(s)
	if host != "" {
		ev.checkHost(host, "MCP argument "+key+" (a UNC path)", false)
	}
	for _, p := range paths {
		ev.mcpString(key, p, ops, isKey) // p has no "\" and no drive: read once
	}
}

// winShaped reports whether s starts as only a Windows path does.
func winShaped(s string) bool {
	return winDrive(s) || strings.HasPrefix(s, `.\`) || strings.HasPrefix(s, `..\`) ||
		strings.HasPrefix(s, `~\`) || strings.HasPrefix(s, `\\`)
}

// winDrive reports whether s starts with a drive: X:\, X:/ or X: alone.
func winDrive(s string) bool {
	if len(s) < 2 || s[1] != ':' || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	return len(s) == 2 || s[2] == '\\' || s[2] == '/'
}

// winReadings returns the paths a Windows-spelled path names on this
// system, and the host a UNC path reaches.
func winReadings(s string) (paths []string, host string) {
	t := strings.ReplaceAll(s, `\`, "/")
	// Extended-length and device prefixes: \\?\C:\x, \\.\C:\x, \\?\UNC\host\share.
	for _, pre := range []string{"//?/", "//./"} {
		if rest, ok := strings.CutPrefix(t, pre); ok {
			if len(rest) >= 4 && strings.EqualFold(rest[:4], "UNC/") {
				t = "//" + rest[4:]
			} else {
				t = rest
			}
			break
		}
	}
	if winDrive(t) {
		return []string{driveMount(t[0], t[2:])}, ""
	}
	if rest, ok := strings.CutPrefix(t, "//"); ok {
		h, tail, _ := strings.Cut(rest, "/")
		share, tail2, _ := strings.Cut(tail, "/")
		switch lh := strings.ToLower(h); {
		case lh == "wsl$" || lh == "wsl.localhost":
			return []string{"/" + tail2}, ""
		case (lh == "localhost" || lh == "127.0.0.1") && len(share) == 2 && share[1] == '$':
			return []string{driveMount(share[0], "/"+tail2)}, ""
		case h != "" && h != "?" && h != ".":
			return nil, h
		}
		return nil, ""
	}
	if t == s {
		return nil, ""
	}
	return []string{t}, ""
}

// driveMount is where WSL mounts drive d: /mnt/<d>rest.
func driveMount(d byte, rest string) string {
	if d >= 'A' && d <= 'Z' {
		d += 'a' - 'A'
	}
	if rest == "" {
		rest = "/"
	}
	return "/mnt/" + string(d) + rest
}
