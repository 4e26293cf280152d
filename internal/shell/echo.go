package shell

import "strings"

// What echo prints depends on the shell that runs it. bash's echo decodes
// backslash escapes only with -e; an XSI echo decodes them always: dash's
// and busybox ash's (sh on Debian, Ubuntu and Alpine), zsh's, and bash's
// own with shopt -s xpg_echo or built with xpg_echo on (macOS's /bin/sh).
// Which one runs a line is not certain (a Codex line under the user's
// shell, sh -c, an option set earlier or in the environment), so every
// static evaluator of echo takes both readings (echoReadings):
//
//   - a command's words ($(echo …) in a simple command's arguments) are
//     expanded a second time with the XSI reading, as the defaults of
//     ${x:-WORD} are (defaults.go, calls.go): each reading is judged;
//   - anywhere else ($(echo …) in an assignment, a redirection, a here-
//     string; echo's output fed to a program, written to a file, read by
//     <(…)), output that differs between the readings is not known
//     statically (a feed keeps the words of both, marked partial).

// echoReadings returns what echo ARG… prints, without the final newline,
// as bash's echo does by default (plain) and as an XSI echo does (xsi);
// same reports that they are the same text, xsiOK that the XSI text holds
// no NUL (which a command substitution and a file name cannot carry).
// Options are read as bash reads them: leading words of -n, -e and -E
// letters, the last of -e and -E winning.
func echoReadings(args []string) (plain, xsi string, same, xsiOK bool) {
	esc := false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "neE") == "" {
		for _, ch := range args[0][1:] {
			switch ch {
			case 'e':
				esc = true
			case 'E':
				esc = false
			}
		}
		args = args[1:]
	}
	text := strings.Join(args, " ")
	if !strings.Contains(text, `\`) {
		return text, text, true, true
	}
	xsi, _ = echoDecode(text)
	plain = text
	if esc {
		plain = xsi
	}
	return plain, xsi, plain == xsi, !strings.ContainsRune(xsi, 0)
}

// echoDecode decodes the backslash escapes of echo -e (and of an XSI
// echo, printf %b): \a \b \e \f \n \r \t \v \\, \0NNN and \NNN octal,
// \xHH, \uHHHH and \UHHHHHHHH; \c ends the output (stop).
func echoDecode(s string) (out string, stop bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case 'c':
			return b.String(), true
		case 'u', 'U':
			j, max := i+2, 4
			if s[i+1] == 'U' {
				max = 8
			}
			for j < len(s) && j-i-2 < max && isHex(s[j]) {
				j++
			}
			b.WriteString(ansiC(s[i:j]))
			i = j - 1
		default:
			n, t := printfEscape(s[i:], true)
			b.WriteString(t)
			i += n - 1
		}
	}
	return b.String(), false
}

// cmdSubstEcho is the text $(echo ARG…) gives (trailing newlines
// removed): the plain reading, or the XSI one in the second reading of a
// command's words; ok is false where the readings differ and no second
// reading follows.
func (a *analyzer) cmdSubstEcho(args []string) (string, bool) {
	plain, xsi, same, xsiOK := echoReadings(args)
	switch {
	case same:
		return strings.TrimRight(plain, "\n"), true
	case !xsiOK:
		return "", false
	case a.defaultMode:
		return strings.TrimRight(xsi, "\n"), true
	case a.echoAlt:
		a.sawDefault = true // calls.go expands the words again
		return strings.TrimRight(plain, "\n"), true
	}
	return "", false
}
