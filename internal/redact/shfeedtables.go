package redact

// Tables of the shell view's feeds (shfeed.go): text that a command runs
// as shell (eval, source) and input that becomes a command's arguments
// (xargs).

// shEvaluators are the commands that run text as shell in the current
// shell, by how the text is given: "args" (eval: its arguments, joined)
// and "file" (source and .: a file, whose text is here when it is a
// process substitution or the command's own standard input).
var shEvaluators = map[string]string{
	"eval": "args", "source": "file", ".": "file",
}

// stdinFiles name a command's standard input as a file operand.
var stdinFiles = map[string]bool{
	"/dev/stdin": true, "/dev/fd/0": true, "/proc/self/fd/0": true, "-": true,
}

// xargsValued are xargs's options that take a value (GNU, BSD and
// busybox), with the value attached or, except where optional, in the
// next word. "replace": the value is the replacement string; "optional":
// the value is only ever attached (-i[R], -e[EOF], --replace[=R]);
// "file": the input is read from the file, not standard input.
var xargsValued = map[string]string{
	"-I": "replace", "-i": "replace optional", "--replace": "replace optional",
	"-J": "replace", // BSD: the input replaces the first R word
	"-a": "file", "--arg-file": "file",
	"-d": "", "--delimiter": "", "-E": "", "-e": "optional", "--eof": "optional",
	"-L": "", "-l": "optional", "--max-lines": "optional", "-n": "", "--max-args": "",
	"-P": "", "--max-procs": "", "-s": "", "--max-chars": "", "--process-slot-var": "",
	"-R": "", "-S": "",
}
