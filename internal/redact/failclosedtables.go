package redact

// Tables of failclosed.go: words that are plainly no secret when the
// literals of an input with an unresolved sink are masked.

// litReserved are the shell's reserved words, builtins that run or
// bind, and trap's signal names; after one of the first kind the next
// word is a command.
var litReserved = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "fi": true, "do": true, "done": true,
	"while": true, "until": true, "for": true, "in": true, "case": true, "esac": true,
	"function": true, "time": true, "!": true, "select": true,
	"exec": true, "command": true, "builtin": true, "nohup": true, "sudo": true, "doas": true,
	"env": true, "xargs": true, "eval": true, "source": true, ".": true, "trap": true,
	"EXIT": true, "ERR": true, "DEBUG": true, "RETURN": true, "INT": true, "TERM": true,
	"HUP": true, "QUIT": true, "USR1": true, "USR2": true, "SIGINT": true, "SIGTERM": true,
}

// litPrograms are common programs and builtins (the CLI table's rows
// and the shells count too: litKeep).
var litPrograms = map[string]bool{
	"echo": true, "printf": true, "print": true, "cat": true, "tee": true, "head": true, "tail": true,
	"read": true, "mapfile": true, "readarray": true, "set": true, "shift": true, "export": true,
	"local": true, "declare": true, "typeset": true, "readonly": true, "unset": true,
	"chmod": true, "chown": true, "cp": true, "mv": true, "rm": true, "mkdir": true, "touch": true,
	"ls": true, "cd": true, "pwd": true, "grep": true, "sed": true, "awk": true, "cut": true,
	"tr": true, "sort": true, "uniq": true, "wc": true, "test": true, "true": true, "false": true,
	"exit": true, "return": true, "wait": true, "sleep": true, "kill": true, "git": true,
	"go": true, "make": true, "npm": true, "node": true, "python": true, "python3": true,
	"docker": true, "kubectl": true, "curl": true, "wget": true, "ssh": true, "scp": true,
	"base64": true, "openssl": true, "jq": true, "find": true, "id": true, "whoami": true,
}

// shellBound are the variables a builtin or the shell itself binds
// without the line spelling their name (red-team round 17, #23): getopts'
// OPTARG, [[ =~ ]]'s BASH_REMATCH, $_ (every command's last argument),
// read's REPLY, mapfile's MAPFILE, coproc's COPROC. A reference to one
// always counts as fed from the line.
var shellBound = map[string]bool{
	"OPTARG": true, "OPTIND": true, "OPTERR": true, "REPLY": true, "MAPFILE": true,
	"BASH_REMATCH": true, "_": true, "COPROC": true, "COPROC_PID": true,
	"BASH_ARGV": true, "BASH_ARGC": true, "BASH_COMMAND": true, "READLINE_LINE": true,
	"PIPESTATUS": true, "FUNCNAME": true, "BASH_SOURCE": true, "COMP_WORDS": true,
	"COMP_LINE": true, "COMPREPLY": true, "DIRSTACK": true,
	// Red-team round 18: cd PW; ${PWD##*/}.
	"PWD": true, "OLDPWD": true,
}

// litOptions are long option names (without the dashes) kept by the
// allow-list of failclosedallow.go for any program: common, lowercase,
// never a secret. A program's own table options count too (allowOption).
var litOptions = map[string]bool{
	"help": true, "version": true, "verbose": true, "quiet": true, "silent": true, "force": true,
	"recursive": true, "all": true, "user": true, "username": true, "host": true, "hostname": true,
	"port": true, "file": true, "output": true, "input": true, "name": true, "password": true,
	"password-stdin": true, "passphrase": true, "token": true, "with-token": true, "stdin": true,
	"dry-run": true, "debug": true, "json": true, "yaml": true, "format": true, "data": true,
	"header": true, "insecure": true, "location": true, "config": true, "profile": true,
	"region": true, "namespace": true, "context": true, "database": true, "server": true,
	"registry": true, "url": true, "env": true, "rm": true, "interactive": true, "tty": true,
	"detach": true, "tag": true, "message": true, "amend": true, "no-verify": true, "global": true,
	"local": true, "list": true, "delete": true, "create": true, "update": true, "set": true,
	"get": true, "timeout": true, "user-agent": true, "fail": true, "show-error": true,
	"execute": true, "batch": true, "skip-column-names": true, "raw": true, "stdout": true,
	"login": true, "logout": true, "method": true, "request": true, "cert": true, "key": true,
	"identity": true, "dbname": true, "no-password": true, "run": true, "count": true, "short": true,
}

// litProducers print only what the line gives them (their data is
// judged where it is written): a pipe from any other program feeds its
// reader what the view does not know (red-team round 18, #26).
var litProducers = map[string]bool{
	"echo": true, "printf": true, "print": true, "yes": true, "true": true, "false": true, ":": true,
}

// litPunct are the punctuation words of shell syntax kept by the
// allow-list whatever their length (red-team round 20, #30): a fixed
// set, so a secret spelled in short words finds no alphabet here.
var litPunct = map[string]bool{
	"-": true, "--": true, ":": true, ".": true, "!": true, "[": true, "]": true, "[[": true,
	"]]": true, "=": true, "==": true, "!=": true, "{": true, "}": true, "(": true, ")": true,
	"((": true, "))": true, "&&": true, "||": true, ";;": true,
}

// litDelims are customary here-document delimiters, kept (red-team
// round 20, #29: any other delimiter is masked, declare -f prints it).
var litDelims = map[string]bool{
	"EOF": true, "END": true, "EOT": true, "EOL": true, "EOS": true, "EOM": true, "EOD": true,
	"SQL": true, "SCRIPT": true, "HEREDOC": true, "DOC": true, "TEXT": true, "MSG": true,
	"PY": true, "SH": true, "JSON": true, "YAML": true, "CONFIG": true, "DATA": true, "INPUT": true,
	"_EOF_": true, "__EOF__": true, "EOF2": true, "PYTHON": true, "BASH": true, "MARKER": true,
}

// secretFetchers print a secret from a store outside the line: the
// output of $(PROG …) with no reference in it is none of the line's
// literals (red-team round 20's many-command rule spares it).
var secretFetchers = map[string]bool{
	"gh": true, "vault": true, "bao": true, "op": true, "pass": true, "gopass": true, "aws": true,
	"gcloud": true, "az": true, "security": true, "bw": true, "lpass": true, "doppler": true,
	"secret-tool": true, "infisical": true, "chamber": true, "sops": true, "kubectl": true,
	"keyring": true, "pwgen": true, "openssl": true, "uuidgen": true, "date": true, "hostname": true,
}
