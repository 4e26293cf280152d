package redact

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Round 5 (finding 10): secrets of programs cliTable does not list. The
// table names programs; these rules read the shape a command line gives
// a credential whatever the program is called, so an unlisted tool of a
// known shape is covered:
//
//   - a user and a password given as a pair of options (-u USER -p PW,
//     --username U -P PW, -pPW): a -p beside a user is a password, unless
//     the value is a number or a port mapping (ps -u bob -p 42, docker run
//     -u 1000 -p 8080:80) or the program's table row or cliShapeNotPass
//     says the letter is something else (mysql -p db, journalctl -p err);
//   - an option that is a password by its name alone: -pw, --pw;
//   - the positional password of a program named for passwords in batch
//     mode (mosquitto_passwd -b FILE USER PW, like htpasswd);
//   - the positional after a verb that takes a secret (cliShapeAfter:
//     vault operator unseal KEY, bao operator unseal KEY);
//   - what a "secret(s) set|add|create|put …" subcommand stores: its
//     NAME=VALUE and NAME VALUE positionals, and its value options
//     (cliShapeSecretFlags: drone secret add --data V);
//   - a standard input a credential option says the program reads
//     (--password-stdin, --token-stdin) fed a literal;
//   - what a process substitution prints, given to an option whose name
//     names a credential (openvpn --auth-user-pass <(printf 'u\nPW')) or
//     to any option of a secrets command (gcloud secrets create
//     --data-file=<(echo -n PW)).
//
// Lines are lexed from their start (a quoted argument holding a command,
// sh -c '…', is lexed too, two levels deep), so the rule needs no
// program name to anchor it: its keywords are the options and words the
// shapes need.

// ruleCLIShape is the rule's own ID; it emits cliRule's IDs.
const ruleCLIShape = "cli-secret-shape"

func cliShapeRule() *rule {
	return &rule{
		id:       ruleCLIShape,
		keywords: []string{" -p", "\t-p", "--pw", "passwd", "unseal", "secret", "-stdin", "<(", "set ", "put ", "setenv", "set-", "add-", "update-", "change-", "store-", "save-", "authtoken", `\password`, `\passwd`},
		match:    matchCLIShape,
		emits:    []string{ruleCLIFlag, ruleCLIStdin},
	}
}

// cliShapeUserFlags name a user; cliShapePassFlags a password when a user
// is given beside them.
var (
	cliShapeUserFlags = []string{"-u", "-U", "--user", "--username", "--user-name", "--login", "-user", "-username"}
	cliShapePassFlags = []string{"-p", "-P", "-pass", "--pass", "-passwd", "--passwd", "-pwd", "--pwd"}
)

// cliShapeNotPass lists programs whose password-looking option beside a
// user option is something else (sudo -p PROMPT, journalctl -u UNIT -p
// PRIORITY, sar -P CPU, uv pip install -U pkg -p python3.12).
var cliShapeNotPass = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"sudo": "-p", "journalctl": "-p", "sar": "-P", "mpstat": "-P", "pidstat": "-p",
		"uv": "-p -P", "uvx": "-p", // --python, --upgrade-package (uv publish -p is its row)
	}
}}

// cliShapeAfter: a word after which the K-th positional is a secret.
var cliShapeAfter = &lazy.Value[map[string]int]{New: func() map[string]int {
	return map[string]int{
		"unseal": 1, // vault|bao operator unseal KEY
	}
}}

// cliShapeSecretVerbs follow "secret"/"secrets" in a subcommand that
// stores a secret; cliShapeSecretFlags are its options whose value is the
// secret (a name ending '=' takes the part after the first '=').
var (
	cliShapeSecretVerbs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"set": true, "add": true, "create": true, "put": true, "update": true, "upsert": true, "write": true, "new": true}
	}}
	cliShapeSecretFlags = []string{"--data", "--value", "--body", "--secret", "--secret-value", "--string", "--plaintext", "--literal", "--from-literal="}
)

// cliWrappers run the command after their options; the value lists the
// options that take a value. timeout's first positional is a duration.
var cliWrappers = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"sudo": "-u -g -p -C -h -U -D -r -t -T -R", "doas": "-u -C", "env": "-u -C -S", "nice": "-n",
		"nohup": "", "time": "-f -o", "timeout": "-s -k", "stdbuf": "-i -o -e", "ionice": "-c -n -p",
		"command": "", "exec": "-a", "xargs": "-I -n -P -L -d -E -s -a",
	}
}}

// maxShapeDepth bounds how deep quoted commands are lexed.
const maxShapeDepth = 2

func matchCLIShape(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := 0
	lx := &shlex{src: s, out: &view{}}
	for _, h := range hits {
		if strings.HasPrefix(s[h:], "<(") {
			cliShapeSubst(s, h, emit)
			continue
		}
		if h < done {
			continue
		}
		ls := max(0, h-maxCLIWindow)
		if i := strings.LastIndexByte(s[ls:h], '\n'); i >= 0 {
			ls += i + 1
		}
		we := min(len(s), h+maxCLIWindow)
		le := we
		if i := strings.IndexByte(s[h:le], '\n'); i >= 0 {
			le = h + i
		}
		stop := cliShapeLine(lx, ls, le, we, 0, emit)
		if stop >= we && we < len(s) {
			// Red-team round 18 (#28): the command runs past the window;
			// its rest is masked as matchCLI's is (clitail.go).
			cliMaskRest(lx, h, stop, emit)
			stop = lx.pos
		}
		done = max(le, stop)
	}
}

// cliShapeLine applies the shapes to the commands of the line s[a:b]
// (here-documents may reach to we) and returns where it stopped.
func cliShapeLine(lx *shlex, a, b, we, depth int, emit func(span)) int {
	lx.pos, lx.end = a, we
	var nested []span
	for lx.pos < b {
		start := lx.pos
		lx.out.buf, lx.out.segs = lx.out.buf[:0], lx.out.segs[:0]
		cmds := lexPipeline(lx)
		for k := range cmds {
			cliShapeCmd(lx, cmds, k, emit)
			if depth >= maxShapeDepth {
				continue
			}
			for _, w := range cmds[k].words {
				nested = quotedCommands(lx.src, w.start, w.end, nested)
			}
		}
		if lx.pos <= start {
			break
		}
	}
	stop := lx.pos
	for _, n := range nested {
		cliShapeLine(&shlex{src: lx.src, out: &view{}, ci: lx.shareCompounds()}, n.start, n.end, n.end, depth+1, emit)
	}
	return stop
}

// cliProgStart is the index of the word that names the program a command
// runs: after NAME=value prefixes and wrappers (sudo -u bob influx …).
func cliProgStart(lx *shlex, words []shtok) int {
	i := 0
	for range 4 {
		for i < len(words) {
			t := lx.text(words[i])
			if eq := strings.IndexByte(t, '='); eq > 0 && isIdent(t[:eq]) {
				i++
				continue
			}
			break
		}
		if i >= len(words) {
			return i
		}
		name := progKey(lx.out.buf[words[i].t0:words[i].t1])
		valued, ok := cliWrappers.Get()[name]
		if !ok {
			return i
		}
		i++
		for i < len(words) {
			t := lx.text(words[i])
			if len(t) < 2 || t[0] != '-' {
				break
			}
			i++
			if t != "--" && hasField(valued, t) {
				i++
			}
		}
		if name == "timeout" && i < len(words) {
			i++
		}
	}
	return i
}

// hasField reports w among the space-separated fields of list.
func hasField(list, w string) bool {
	for rest := list; rest != ""; {
		var f string
		f, rest, _ = strings.Cut(rest, " ")
		if f == w {
			return true
		}
	}
	return false
}

func cliShapeCmd(lx *shlex, cmds []cliCmd, k int, emit func(span)) {
	words := cmds[k].words
	p := cliProgStart(lx, words)
	if p >= len(words) {
		return
	}
	prog := progKey(lx.out.buf[words[p].t0:words[p].t1])
	args := words[p+1:]
	if len(args) > maxCLIArgs {
		args = args[:maxCLIArgs]
	}
	specs := cliSpecs(prog)
	if len(specs) == 0 && strings.Contains(prog, "passwd") {
		cliHtpasswd(lx, args, emit) // NAME_passwd -b FILE USER PW
	}
	cliShapePair(lx, words[p:p+1+len(args)], args, emit)
	cliShapeWords(lx, prog, args, emit)
	if cliPromptCommand(lx, args) {
		cliStdin(lx, cmds, k, 0, emit) // psql -c '\password bob' <<< PW
	}
	for _, a := range args {
		if t := lx.text(a); len(t) > 7 && t[0] == '-' && strings.HasSuffix(t, "-stdin") {
			if cliCredOption(strings.TrimLeft(t[:len(t)-len("-stdin")], "-")) {
				cliStdin(lx, cmds, k, 0, emit)
				break
			}
		}
	}
}

// cliShapePair masks the value of a password option given beside a user
// option, and of -pw/--pw anywhere.
func cliShapePair(lx *shlex, cmd, args []shtok, emit func(span)) {
	var ex []string // lazily: the options other rows give a meaning
	exDone := false
	excluded := func(name string) bool {
		if !exDone {
			ex, exDone = cliShapeExclusions(lx, cmd), true
		}
		return slicesContains(ex, name)
	}
	user := false
	for j := 0; j < len(args) && !user; j++ {
		t := lx.text(args[j])
		name, v, eq := strings.Cut(t, "=")
		switch {
		case !slicesContains(cliShapeUserFlags, name):
			continue // -ubob is not read: tar -uvf is a cluster
		case !eq && j+1 < len(args):
			v = lx.text(args[j+1])
		case !eq:
			continue
		}
		user = v != "" && v[0] != '-' && !portLike(v)
	}
	for j := 0; j < len(args); j++ {
		w := lx.text(args[j])
		if w == "--" {
			return
		}
		if len(w) < 2 || w[0] != '-' {
			continue
		}
		name, val, eq := strings.Cut(w, "=")
		one := name == "-pw" || name == "--pw"
		if !one && !(user && slicesContains(cliShapePassFlags, name) && !excluded(name)) {
			// -pPW glued beside a user
			if user && !eq && gluedShort(w, "-p") && !excluded("-p") && !portLike(w[2:]) {
				cliEmit(lx, args[j], 2, 0, ruleCLIFlag, emit)
			}
			continue
		}
		switch {
		case eq:
			if one || !portLike(val) {
				cliEmit(lx, args[j], len(name)+1, 0, ruleCLIFlag, emit)
			}
		case j+1 < len(args):
			v := lx.text(args[j+1])
			if (len(v) > 1 && v[0] == '-') || (!one && portLike(v)) {
				continue
			}
			cliEmit(lx, args[j+1], 0, 0, ruleCLIFlag, emit)
			j++
		}
	}
}

// cliShapeExclusions lists the options a command's programs give a
// meaning of their own: those of cliShapeNotPass, and those of the table
// rows that apply (mysql -p; docker's -p only under login), for every
// program word of the command (docker exec c mysql -u root -p db).
func cliShapeExclusions(lx *shlex, cmd []shtok) []string {
	var ex []string
	for i, w := range cmd {
		name := progKey(lx.out.buf[w.t0:w.t1])
		if n := cliShapeNotPass.Get()[name]; n != "" {
			ex = append(ex, strings.Fields(n)...)
		}
		for _, sp := range cliSpecs(name) {
			if !cliWhen(lx, sp.when, cmd[i+1:]) {
				continue
			}
			for _, f := range sp.flags {
				ex = append(ex, f.name)
			}
		}
	}
	return ex
}

// portLike reports a value that is a number, a list of numbers or a port
// mapping (8080, 1,2, 127.0.0.1:8080:80/tcp): a port, PID or uid rather
// than a password.
func portLike(v string) bool {
	v = strings.TrimSuffix(strings.TrimSuffix(v, "/tcp"), "/udp")
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !isDigit(c) && c != ':' && c != '.' && c != ',' && c != '-' {
			return false
		}
	}
	return true
}

func slicesContains(list []string, w string) bool {
	for _, x := range list {
		if x == w {
			return true
		}
	}
	return false
}

// cliShapeSetVerbs set a named value: "… set NAME VALUE" stores VALUE
// under NAME (glab variable set, netlify env:set, doppler secrets set).
var cliShapeSetVerbs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"set": true, "env:set": true, "config:set": true, "variables:set": true, "secrets:set": true,
		"setenv": true, "set-env": true, "set-var": true, "set-variable": true,
		"put": true, // key-value stores: etcdctl put /app/db_password PW, consul kv put app/api_key PW
	}
}}

// cliShapeVerbPrefixes start a subcommand that names the credential it
// stores (ngrok config add-authtoken TOKEN, set-password USER PW).
// Only a hyphen joins them: set_password is a function's name (grep -rn
// set_password src). Programs that search or print text take such words
// as data (cliTextTools).
var cliShapeVerbPrefixes = []string{"set-", "add-", "update-", "change-", "reset-", "store-", "save-"}

// cliTextTools search, print or edit text: their words are data.
var cliTextTools = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"grep": true, "egrep": true, "fgrep": true, "rg": true, "ag": true, "ack": true, "git": true, "sed": true,
		"awk": true, "find": true, "echo": true, "printf": true, "cat": true, "less": true, "ls": true, "man": true,
		"jq": true, "yq": true, "perl": true, "python": true, "python3": true, "node": true, "go": true,
	}
}}

// cliShapeWords applies cliShapeAfter, the set verbs, verbs naming a
// credential, and the secrets subcommands.
func cliShapeWords(lx *shlex, prog string, args []shtok, emit func(span)) {
	text := cliTextTools.Get()[prog]
	for i, a := range args {
		t := lx.text(a)
		if text {
			continue
		}
		if cliShapeSetVerbs.Get()[t] {
			cliShapeSetNamed(lx, args[i+1:], emit)
		}
		if cls := cliVerbCredential(t); cls != keyNone && i < 4 {
			if pos := positionals(lx, args, i+1, "-"); len(pos) > 0 {
				// a token is the first argument; a password the last
				// (set-password [USER] PW)
				p := pos[0]
				if cls == keyPassword {
					p = pos[len(pos)-1]
				}
				if !strings.Contains(lx.text(p), "=") {
					cliEmit(lx, p, 0, 0, ruleCLIFlag, emit)
				}
			}
		}
		if k, ok := cliShapeAfter.Get()[t]; ok {
			pos := positionals(lx, args, i+1, "-")
			if k <= len(pos) && !strings.Contains(lx.text(pos[k-1]), "=") {
				cliEmit(lx, pos[k-1], 0, 0, ruleCLIFlag, emit)
			}
			continue
		}
		if (t == "secret" || t == "secrets") && i+1 < len(args) && cliShapeSecretVerbs.Get()[lx.text(args[i+1])] {
			cliShapeSecretSet(lx, args[i+2:], emit)
		}
	}
}

// cliShapeSecretSet masks what "… secret(s) VERB ARGS" stores.
func cliShapeSecretSet(lx *shlex, args []shtok, emit func(span)) {
	var pos []shtok
	for j := 0; j < len(args); j++ {
		w := lx.text(args[j])
		if len(w) > 1 && w[0] == '-' {
			for _, f := range cliShapeSecretFlags {
				part := byte(0)
				if strings.HasSuffix(f, "=") {
					f, part = f[:len(f)-1], '='
				}
				switch {
				case strings.HasPrefix(w, f+"="):
					cliEmit(lx, args[j], len(f)+1, part, ruleCLIFlag, emit)
				case w == f && j+1 < len(args):
					cliEmit(lx, args[j+1], 0, part, ruleCLIFlag, emit)
				}
			}
			continue
		}
		if j > 0 {
			if prev := lx.text(args[j-1]); len(prev) > 1 && prev[0] == '-' && !strings.Contains(prev, "=") {
				continue // an option's value (--repository a/b), or a switch's neighbour: not counted
			}
		}
		pos = append(pos, args[j])
	}
	for i, p := range pos {
		t := lx.text(p)
		if eq := strings.IndexByte(t, '='); eq > 0 {
			cliEmit(lx, p, 0, '=', ruleCLIFlag, emit)
		} else if i == 1 {
			cliEmit(lx, p, 0, 0, ruleCLIFlag, emit) // NAME VALUE
		}
	}
}

// cliShapeSubst masks what the process substitution at s[h:] ("<(")
// prints when it is given to an option naming a credential, or to any
// option of a secrets command.
func cliShapeSubst(s string, h int, emit func(span)) {
	// Only an echo, printf or cat prints what the input holds: a cheap
	// test first, so that dense "<(" costs nothing.
	b := skipBlanks(s, h+2, 4)
	switch progName(firstWord(s[b:min(len(s), b+16)])) {
	case "echo", "printf", "cat":
	default:
		return
	}
	j := h
	if j > 0 && s[j-1] == '=' {
		j--
	} else {
		j = skipBlanksBack(s, j, 4)
	}
	ne := j
	for j > 0 && h-j < maxKeyLen && isKeyByte(s[j-1]) {
		j--
	}
	// An option (--auth-user-pass) or a bare setting word (wg set wg0
	// private-key <(echo KEY), preshared-key): its name says what the
	// substitution is.
	name := strings.ToLower(strings.TrimLeft(s[j:ne], "-"))
	if !cliCredOption(name) && !cliSecretsCommand(s, h) {
		return
	}
	if sp, ok := substPrinted(s, h); ok {
		sp.id = ruleCLIFlag
		emit(sp)
	}
}

// cliCredOption reports an option name (without dashes) naming a
// password, token, key or credential (auth-user-pass, token-file,
// client-secret, key).
func cliCredOption(name string) bool {
	if name == "" {
		return false
	}
	for _, w := range splitWords(name) {
		switch w {
		case "pass", "passwd", "password", "passphrase", "pw", "pwd", "secret", "secrets", "token", "tokens",
			"auth", "cred", "creds", "credential", "credentials", "key", "keys", "keyfile", "apikey", "login", "askpass":
			return true
		}
	}
	switch c := classifyKey(name); c {
	case keyPassword, keyStrong, keyAuthz:
		return true
	}
	return false
}

// maxSecretsBack bounds how far back a secrets command's words are
// looked for.
const maxSecretsBack = 512

// cliSecretsCommand reports a word "secret" or "secrets" earlier on h's
// line (gcloud secrets create …, drone secret add …).
func cliSecretsCommand(s string, h int) bool {
	ls := max(0, h-maxSecretsBack)
	if i := strings.LastIndexByte(s[ls:h], '\n'); i >= 0 {
		ls += i + 1
	}
	line := s[ls:h]
	for _, w := range []string{" secret ", " secrets "} {
		if strings.Contains(line, w) {
			return true
		}
	}
	return false
}

// cliConfigPrefixes are the credential settings of package managers'
// "config NAME.HOST VALUE…" (poetry, composer): the value's index after
// the name (http-basic.HOST USER PW: the password is the second); pair:
// both values are secret (bitbucket-oauth.HOST KEY SECRET).
var cliConfigPrefixes = []struct {
	prefix string
	at     int
	pair   bool
}{
	{"http-basic.", 2, false}, {"pypi-token.", 1, false}, {"github-oauth.", 1, false}, {"gitlab-oauth.", 1, false},
	{"gitlab-token.", 1, false}, {"bitbucket-oauth.", 2, true}, {"bearer.", 1, false},
}

// cliConfigPrefixed applies cliConfigPrefixes to the positionals pos.
func cliConfigPrefixed(lx *shlex, pos []shtok, emit func(span)) {
	for i, p := range pos {
		name := lx.text(p)
		for _, c := range cliConfigPrefixes {
			if strings.HasPrefix(name, c.prefix) && i+c.at < len(pos) {
				cliEmit(lx, pos[i+c.at], 0, 0, ruleCLIFlag, emit)
				if c.pair {
					cliEmit(lx, pos[i+1], 0, 0, ruleCLIFlag, emit)
				}
			}
		}
	}
}

// cliVerbCredential classifies a subcommand word that names the
// credential it stores (add-authtoken, set-password, add-api-key), or
// keyNone.
func cliVerbCredential(t string) keyClass {
	if t == "authtoken" {
		return keyStrong // ngrok authtoken TOKEN (v2)
	}
	for _, p := range cliShapeVerbPrefixes {
		if len(t) > len(p) && strings.HasPrefix(t, p) {
			switch c := classifyKey(t[len(p):]); c {
			case keyPassword, keyStrong:
				return c
			}
		}
	}
	return keyNone
}

// cliShapeSetNamed masks VALUE in "set NAME VALUE" (or NAME --body VALUE)
// when NAME names a credential in the environment-variable style
// (API_KEY, DB_PASSWORD) or is a key path whose last segment does
// (/app/db_password, app.api_key), and VALUE is not a short lowercase word (prose:
// "set API_KEY to …").
func cliShapeSetNamed(lx *shlex, args []shtok, emit func(span)) {
	for j := 0; j+1 < len(args); j++ {
		name := lx.text(args[j])
		if len(name) > 1 && name[0] == '-' {
			continue
		}
		// A key path names the credential by its last segment.
		last := name[strings.LastIndexAny(name, "/.")+1:]
		if !envStyleName(name) && (last == name || !isIdent(last)) {
			return // the first positional is the name
		}
		if c := classifyKey(last); c != keyPassword && c != keyStrong {
			return
		}
		k := j + 1
		if v := lx.text(args[k]); (v == "--body" || v == "--value" || v == "-b" || v == "-v") && k+1 < len(args) {
			k++
		}
		if v := lx.text(args[k]); v == "" || v[0] == '-' || proseWord(v) {
			return
		}
		cliEmit(lx, args[k], 0, 0, ruleCLIFlag, emit)
		return
	}
}

// envStyleName reports an identifier in upper case with an underscore or
// digit-free upper-case letters only (API_KEY, TOKEN).
func envStyleName(w string) bool {
	if w == "" || !isIdent(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if isLower(w[i]) {
			return false
		}
	}
	return true
}

// proseWord reports a short word of lower-case letters: English, not a
// secret.
func proseWord(v string) bool {
	if len(v) >= 8 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isLower(v[i]) {
			return false
		}
	}
	return true
}

// quotedCommands appends the quoted parts of the word s[a:b] that hold a
// space: a command given to sh -c, ssh or a JSON string ("command":"…").
func quotedCommands(s string, a, b int, out []span) []span {
	for i := a; i < b; i++ {
		q := s[i]
		if q != '\'' && q != '"' {
			continue
		}
		j := i + 1
		for j < b && s[j] != q {
			if q == '"' && s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= b {
			break
		}
		if strings.IndexByte(s[i+1:j], ' ') >= 0 {
			out = append(out, span{start: i + 1, end: j})
		}
		i = j
	}
	return out
}

// cliEmitSubst masks what a command substitution at offset a of word w's
// text prints, when it is an echo or printf (-p "$(echo PW)", unseal
// `printf %s KEY`): a reference to what another program prints is not in
// the input.
func cliEmitSubst(lx *shlex, w shtok, a int, id string, emit func(span)) {
	src := lx.out.source(lx.src, w.t0+a, w.t0+a+1)
	if len(src) == 0 {
		return
	}
	if sp, ok := substPrinted(lx.src, src[0].start); ok {
		sp.id = id
		emit(sp)
	}
}

// cliStdinSubst masks what a process substitution redirected to command
// c's standard input prints (--password-stdin < <(echo PW)).
func cliStdinSubst(lx *shlex, c *cliCmd, emit func(span)) {
	if len(c.words) == 0 {
		return
	}
	p := skipBlanks(lx.src, c.words[len(c.words)-1].end, 4)
	if p < len(lx.src) && lx.src[p] == '<' && !strings.HasPrefix(lx.src[p:], "<(") {
		if sp, ok := substPrinted(lx.src, skipBlanks(lx.src, p+1, 4)); ok {
			sp.id = ruleCLIStdin
			emit(sp)
		}
	}
}

// cliPrompts are commands, given to a client as an argument, that prompt
// for a new password and so read it from standard input when that is no
// terminal (psql's \password, its \passwd spelling).
var cliPrompts = []string{`\password`, `\passwd`}

// cliPromptCommand reports an argument that runs one of cliPrompts.
func cliPromptCommand(lx *shlex, args []shtok) bool {
	for _, a := range args {
		t := strings.TrimSpace(lx.text(a))
		for _, p := range cliPrompts {
			if rest, ok := strings.CutPrefix(t, p); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t' || rest[0] == ';') {
				return true
			}
		}
	}
	return false
}
