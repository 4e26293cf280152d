// Package redact masks secrets (and, when enabled, personal data) in strings
// and decoded-JSON values before they are hashed into Mandate's evidence log.
// The log is immutable, exported and read by auditors, so anything this
// package misses is published for good: it errs towards masking.
//
// # Contract
//
//   - [Redactor.Text] returns the redacted text and the IDs of the rules that
//     fired; [Redactor.Tree] returns a NEW redacted value (the input is never
//     mutated) and [Finding]s (path + rule). Neither ever returns, logs or
//     wraps into an error a detected value.
//   - A [Redactor] is built once by [New] (all patterns compiled there; a bad
//     config is an error wrapping [ErrConfig]) and is immutable and safe for
//     concurrent use. The package has no mutable package-level state.
//   - Redaction is idempotent: markers already present in the input are never
//     re-redacted, so Text(Text(s)) == Text(s).
//   - A secret detected once is masked at every other place it recurs in the
//     same input (Text) or anywhere in the same tree (Tree), if at least 6
//     bytes long, with the same rule ID.
//
// # Marker format (stable)
//
//	[REDACTED:<rule-id>:<hash>]
//
// where <rule-id> is [a-z0-9-]{2,64} and <hash> is the first 12 lowercase hex
// characters of HMAC-SHA256(Config.Key, secret). The same secret under the
// same key always gives the same marker, so an auditor can see that two
// records used the same credential without seeing it; markers differ across
// keys. The key must stay secret: with it, a guessed secret can be confirmed.
// For name=value matches only the value is masked and the structure kept:
// password=[REDACTED:password-assignment:…], postgres://user:[REDACTED:url-credentials:…]@host,
// Authorization: Bearer [REDACTED:…]. Overlapping matches are merged into one
// marker that carries the ID of the earliest (then longest, then most
// specific) match.
//
// # Detection
//
// Every rule is anchored by keywords (or, for PII numbers, by a one-pass
// scanner for runs of 8+ digits). One pass per keyword over an ASCII-lowered
// copy finds the hits; a rule's RE2 pattern then runs only over a window
// around its hits, snapped to word boundaries so \b keeps its meaning. The
// name=value detector is a hand-written scanner at the hits (no regexp), and
// classifies the name by its words: password-like and credential names
// (DB_PASSWORD, GITHUB_TOKEN, apiKey, client_secret) mask any real value;
// weaker names (cache_key, auth_mode) mask only high-entropy values (Shannon
// entropy >= 3.5 bits/byte, >= 3.0 for hex, at least 16 bytes); metadata
// names (secret_name, token_type, max_tokens, password_file, key_id) mask
// nothing. It understands env, shell, code, YAML (including block scalars),
// JSON (including \"-escaped JSON inside strings), XML key/value attributes,
// .netrc lines, CLI flags, HTTP headers, and name/value pairs such as
// {"name": "DB_PASSWORD", "value": "..."}. [Redactor.Rules] lists the rules
// with descriptions.
//
// Passwords a program takes under a flag or position its name does not
// give away (sqlcmd -P, 7z -p, smbclient -U user%pw, openssl -passin
// pass:, htpasswd -b, net use, kubectl --from-literal, …) and passwords
// piped into a program that reads one on stdin (echo pw | sudo -S) are
// found by a table of programs (clitable.go) and a tolerant shell lexer
// that maps every byte of a word back to the input. What a process
// substitution prints for a flag naming a credential file
// (--vault-password-file <(echo PW), --token-path <(printf %s T)) is the
// credential (credfile.go).
//
// Secrets hidden from a plain scan are found in views of the input
// (view.go), each byte of which maps back to the input bytes it came
// from, so the secret is masked there however scattered: the shell view
// (shview.go) renders commands as their programs see them: quotes and
// backslashes removed (gh”p_…), variables assigned earlier in the input
// expanded (A=ghp_…; B=…; echo $A$B masks both assignments), printf
// output (its format used again while arguments remain, as printf does), adjacent string literals joined, a label and its value in two
// arguments joined (-H "Authorization: Bearer" -H "$T"), an expansion of
// unknown value inside a word rendered empty (shempty.go), the pieces a
// line prints joined (shprinted.go); the decoded views (decode.go) undo
// the escapes of every major language and format (escapes.go: \u{…},
// \N{…}, HTML references …; twice, for double encoding), drop invisible
// characters, terminal sequences and markup, and decode base64 and hex
// runs that decode to text
// (the whole run is masked). Markers of a view's finding hash the secret
// as the view shows it, so every piece of a split secret, and the same
// secret in clear, carry one marker. In the shell view, a context rule's
// finding (password=, Authorization:) counts only where the view shows
// what the input hides (an expanded variable, a joined label, a split
// credential name), so that code such as f"Bearer {token}" stays as it is.
//
// Work is linear in the input: the keyword scan is one pass over a byte-pair
// table, regexps run only in bounded windows, the recurrence search is one
// rolling-hash pass, the views are built from bounded windows (lines with
// a trigger, escapes' surroundings, runs up to 64 KiB, expansions up to
// the input's size) and nest at most two deep, and adversarial inputs
// (dense keywords, unterminated blocks and quotes, thousands of secrets,
// programs, pipelines, splits and encoded runs) are covered by tests.
//
// Deliberately not masked (documented decisions): values that are references
// or placeholders rather than secrets ($VAR, ${VAR}, ${{ secrets.X }}, $(cmd),
// {{ .Values.x }}, %VAR%, <password>, ****, xxxx, null/None/nil, type names
// like "string" in code, unquoted code such as getpass() or
// process.env.TOKEN); the AWS documentation example keys (IDs ending in
// EXAMPLE, the secret ending in EXAMPLEKEY), which cannot be real keys; git
// SHAs, UUIDs and other high-entropy strings not next to a credential name;
// numbers failing the card issuer/Luhn or SSN range checks; openssl-style
// references to where a secret is (env:NAME, file:/path, fd:N). Known
// gaps: a secret with no keyword, prefix or credential name near it (a
// bare random string) is not detectable by pattern; a secret split across
// separate tool calls, or assembled by a program at run time other than
// brace expansion, rev and tr (awk, sed, a script), is not joined; PII
// detection is heuristic.
//
// Round 2 additions (transform.go, clifiles.go, expect.go, assignxml.go):
// the transform view undoes brace expansion (ghp_{ABC…,}abc…) and the rev
// and tr filters a line pipes its words through (ROT13, case swaps,
// tr -d padding); a password reaches a stdin reader through a file the
// input wrote just before (echo pw > f; sudo -S … < f); what an expect
// script sends at a prompt is masked unless the prompt is a shell prompt
// or a yes/no question; XML elements and plist pairs named by a
// credential, and pwd= unless its value is a directory, are assignments.
//
// Round 3 additions (sqlpw.go, pwsh.go, cliposition.go): passwords in
// SQL account statements (IDENTIFIED BY, SET PASSWORD, WITH PASSWORD,
// PASSWORD('…')) and .pgpass lines; PowerShell assignments to a
// credential-named variable or environment variable other than
// $env:NAME = (Set-Item/New-Item Env:NAME, ${env:NAME} =,
// [Environment]::SetEnvironmentVariable, Set-Variable); HTTPie request
// items named like a credential (api_key==…) and redis-cli AUTH; a
// one-letter secret flag's glued value; the output of a
// --password-command that echoes; and splits undone by a line
// continuation, ${x:-word}, ${x/pat/rep}, ${x#p}, ${x%s} and sed
// s/LIT/REP/ or y/…/…/.
//
// Round 4 additions (clibuiltins.go, cliscript.go, pwshsplat.go,
// substassign.go): builtins that assign a credential-named variable
// without NAME= (printf -v NAME, read/mapfile NAME from a here-string,
// here-document, pipe, file or process substitution); NAME=$(echo …) and
// NAME="$(printf …)"; array assignments (API_KEYS=(…), NAME[i]=…,
// cfg[password]=…); a one-letter password flag at the end of, or
// inside, a cluster of switches (curl -fsSLubob:pw, mysql -vpPW), the
// letters that take a value (cliTable's valued) ending a cluster first;
// an unambiguous prefix of a long password option (wget --http-passw);
// credentials in a program's own command language, given as an option's
// value or on standard input (lftp -c 'open -u bob,PW', ftp's user,
// smbclient -c logon); PowerShell item cmdlets' parameters in any order
// and splatted hashtables (@{Name='password'; Value=…}, entries set on
// the variable later; when the value cannot be tied to a literal, every
// literal given to the table is masked) and a cmdlet's $variable value
// tied to the quoted literal last assigned to it.
//
// Round 5 additions (clishape.go): secrets of programs the table does
// not name, read from the shape of the command line whatever the program
// is called: a password option beside a user option (-u U -p PW; not a
// number or port mapping, nor a letter the program's row or
// cliShapeNotPass gives another meaning), -pw and --pw, a *passwd
// program's batch-mode password (-b FILE USER PW), the positional after
// unseal, what a "secret(s) set|add|create|put" subcommand stores, the
// literal input of a --NAME-stdin credential option, and what a process
// substitution prints to an option naming a credential or to any option
// of a secrets command (--auth-user-pass <(printf 'u\nPW'),
// --data-file=<(echo -n PW)); "set NAME VALUE" and "put KEY VALUE" when
// NAME or KEY's last segment names a credential, and subcommands that
// name the credential they store (add-authtoken TOKEN, set-password USER
// PW). Wherever a table row or shape expects a secret, an echo or printf
// command substitution there ($(echo PW), `printf %s PW`) is masked as
// what it prints, and so is a process substitution redirected to a stdin
// reader (< <(echo PW)). Lines with an anchor are lexed from their
// start, quoted commands (sh -c '…') two levels deep. A numeric password
// beside -u is not masked (it cannot be told from a port or PID).
//
// Round 7 additions (pwnames.go, pwshape.go): a password name is any
// name one of whose words (split at _ - . and camelCase humps, in any
// script) is a password word of a table of spellings and languages
// (pass_wd, PassWord, pswd, pwdHash, kennwort, contraseña, senha,
// mot_de_passe, wachtwoord, hasło, пароль, 密码, …), the words after it
// only saying which form of it the value is (hash, confirm, enc); such
// names are password names for the assignment rule too. After one, the
// string literal it is given in any language's shape is masked: typed
// declarations (var pw string =, Dim pw As String =), every assignment
// and comparison operator (<-, ||=, ??=, ==), wrappers that keep the
// literal the value (String("…"), new String("…"), []byte("…")), the
// default of a lookup (os.getenv("X", "…"), process.env.X || "…"), a
// setter call (setPassword("…"), pw.set("…"), keyring.set_password(s, u,
// "…")), a name given as a string beside its value (fill('#password',
// "…"), define('DB_PASSWORD', "…")), a locator's setter
// (find_element(…, "password").send_keys("…")) and Lisp, Clojure and Tcl
// definitions; in every quoting ("""…""", r#"…"#, %q(…), R"d(…)d", [[…]]).
// A value that is computed (os.Getenv("X"), input()) is left, and so are
// values that name a password rather than being one (SetPassword,
// root_password, a label "Passwort", prose, a flag), and a name standing
// in a string's text ("Enter your password: ").
// Round 8 additions (capurl.go): a token given as a URL's whole user
// name (https://TOKEN@host, TOKEN:@, TOKEN:x-oauth-basic@, a Sentry DSN's
// key) when the password is empty or a documented filler, or when the
// name looks generated (tokenLike: letters and digits, no dot, random by
// the entropy test; git@, alice@, github-actions[bot]@ are kept);
// capability URLs, whose path is the credential, as one table of shapes
// by host and path (Slack, Discord, Teams, Telegram, Zapier, IFTTT; on
// any host, a random segment after /hooks/, /webhook/ or /webhooks/);
// curl's -b cookie and cf's positional passwords (cliTable).
//
// Round 9 additions (dollarquote.go, shbind.go, oracle.go): a value in
// bash's ANSI-C or locale quoting ($'…', $"…") is a quoted string, its
// marker the hash of what bash makes of it (escapes decoded), and a
// credential's value split by any shell quoting or escape
// (API_KEY=ab'cd', --token ab\cd) is masked whole; every shell binding
// form gives its name a value in the shell view (set --, shift, read,
// mapfile, for, select, arrays, a function's or sh -c's arguments, a
// while-read loop's here-string; unquoted $NAME and "$@" split into
// words), and a loop over literal words bound to a credential name masks
// them; Oracle's logon user/password[@connect] is masked for the Oracle
// tools (cliTable's logon rows), in CONNECT statements, connect("…")
// calls, USERID= and jdbc:oracle: URLs (oracle-logon).
//
// Round 10 additions (treectx.go, treeargv.go, listview.go): in a tree,
// a value's place says it is a secret where its text cannot: every
// scalar below a credential name (a list or an object under "password"),
// below a key naming a collection of secrets (secrets, creds,
// secret_env, a Kubernetes Secret's data), a credential HTTP header in
// any header shape, a login object's credential fields or bare list, a
// name/value pair (named, flagged masked/sensitive, typed SecureString)
// or a [name, value] list; a schema or API model of a credential, an
// operation on one (GetSessionToken) and metadata fields stay, and what
// an object under a credential holds is not searched for elsewhere. An
// argument vector, as a JSON list, as a program beside its arguments in
// sibling keys, or written as a list in text (exec-form CMD [...], a
// flow or block YAML sequence, a call's string arguments, JSON inside a
// JSON string), is also read as one shell command line by every
// detector, each finding masked in the elements it covers.
//
// Round 11 additions (cmdsubst.go, childsh.go, driverlogons.go): the
// secret is the literal a credential position resolves to, whatever
// route binds it. A quoted value ends at its closing quote, not at a
// newline ('…', "…" and $'…' span lines; unterminated, it runs on,
// bounded); a command substitution that prints a literal (echo, printf,
// cat of a here-document or here-string) binds it (X=$(echo PW));
// namerefs (declare -n R=X) and indirection (${!R}) resolve to X, and
// any ${X…} operator the view does not model (${X,,} ${X:0:12} ${X@Q})
// is over-approximated as X's whole value; sh -c SCRIPT, after env,
// wrappers or a container runner's -e, is lexed again with the child's
// environment (X=PW sh -c '…$X…', export X=PW; sh -c …); database
// drivers' positional logons are a table of calls and the password's
// argument (oracledb.connect("u", "PW", dsn), DBI->connect(dsn, u, PW),
// new PDO(dsn, u, PW)), and a logon under dsn= or connectString with
// its @connect part is parsed as an Oracle logon.
//
// Round 12 additions (weakvalue.go, connstr.go, dsn.go, keyfiles.go,
// jwk.go, tokentable.go, netrc.go): one value test after a weakly named
// key for text and tree ({"auth": "…"}, a docker config's base64
// user:password); braced connection-string values (Pwd={…}, '}}'
// escapes); scheme-less DSNs (user:pw@tcp(host)/db); key files by a
// table of their markers (armour labels judged by their words: OpenVPN
// static keys, RFC 4716 SSH2 keys; PuTTY's Private-Lines, minisign secret
// keys), any JSON escape in a key body; a JSON Web Key's private members
// (d, p, q, dp, dq, qi, k, oth) in text and tree; a table of vendor token
// formats (Hugging Face, Vault, SendGrid, Google OAuth, DigitalOcean,
// Shopify, Postman, Linear, Terraform Cloud, age, …); .netrc entries read
// token by token (account, macdef, a password on its own line).
//
// Round 13 additions (shfeed.go, shfeedtables.go, cmdsubst.go,
// driverlogons.go): ${X:=W} and ${X=W} bind X; sh -c SCRIPT NAME binds
// $0 to NAME; text run by eval, source or . (their arguments, a process
// substitution, a here-string or here-document, a piped echo) and a
// shell's stdin script are lexed again with the current bindings;
// xargs's command is rendered from its input (-I R replaced per line, or
// the words appended); a name bound by a substitution whose output is
// not known takes every literal of the substitution as a candidate
// value (masked where the name reaches a credential position), and a
// substitution's rendered output counts as text the input hides
// (postgresql://u:$(echo PW)@h); logons by method name for any receiver,
// where the arguments' shape says so (client.connect(h, 22, u, PW),
// Redis(h, 6379, 0, PW), Connection(s, "cn=…", PW)).
//
// Round 15 additions (shscript.go, shdefer.go, shpipe.go, shrelex.go,
// clitail.go, treeenv.go): a reserved word ({, then, do, !) keeps command
// position; a shell's options are read from one table, and its script
// is followed where the line supplies it (standard input, /dev/stdin, a
// process substitution operand, a file the line wrote) with the words
// after it as positionals; trap actions are lexed at the end of the
// input; env binds the NAME=VALUE words an expansion prints; xargs reads
// option clusters (-0a FILE); a substitution in a later pipeline
// command that reads standard input prints what the previous command
// does (echo "$X" | mysql -p"$(cat)"); the text eval and source run is
// lexed as rendered, by the same builder, its mapping composed back to
// the input; past a command's first 64 arguments the table's flags are
// still scanned (linearly, within a budget per command), and past the
// budget every option's value is masked; in a tree, a command is scanned
// with its sibling environment bound.
//
// Round 16 additions (failclosed.go, treesink.go, clitail.go): fail
// closed. A sink (a password option or positional, a stdin reader, an
// Authorization header, a URL's password) whose value is a reference
// ($X, $1, $(…), a pipe, xargs's words, %X%, $(X), ${{ env.X }}) that a
// literal of the input could reach but the view did not resolve masks
// every literal of the input that is not a program, an option, a
// number, a path, a file name or a label (unresolved-secret-source);
// sinks are found by the detectors over a probe text (quotes removed,
// references replaced by a probe word), so any nesting counts. Every
// depth and budget exit of the shell view masks the same way, instead
// of keeping what it did not judge. Past the argument bound, a row's
// positionals are read (or masked once the budget is spent), and past
// the lexing window every option value is masked. In a tree, any
// command-shaped string or list beside NAME=VALUE-shaped entries (an
// object of NAME keys, NAME=VALUE strings, {name, value} objects, a
// dotenv string), wherever they are, is judged the same way.
//
// Round 21 additions (nextline.go, concatview.go, secretname.go,
// tablecol.go): text that is not a command line (file contents, MCP
// arguments, inline code). A credential key whose line ends after its
// separator takes its value from the next line that is neither blank
// nor a comment (a literal anywhere; after a key starting its line, a
// deeper indented scalar or continuation, whole, but not a nested
// mapping; YAML's "? key" then ": value"). A chain of string literals
// (adjacent where an expression starts, or joined by + . .. ~ || &,
// over line breaks in parentheses) is read as one literal in a view,
// every piece masked. An identifier given to a credential (password=d,
// {password: p}, "root:"+k+"@tcp(…)", f"…:{k}@…") is a secret name:
// the literals the text binds to it are masked, and where it binds it
// in a way not modelled (a loop, a parameter, an expression holding a
// literal) every secret-like literal of the text is
// (unresolved-secret-source). A CSV, TSV or Markdown header naming a
// credential column masks that column in the rows below (prose cells
// and placeholders kept).
//
// Round 23 additions (credwindow.go, credlist.go, secretfiles.go,
// treeedits.go, patchtext.go, envsink.go): the credential window opens
// on a callable or block named for a credential, after a credential
// word in prose (the rest of its line), and inside a command line's
// quoted arguments (inline code, echo and sed payloads, messages); a
// list of byte numbers or short pieces in a window is one value. A file
// whose path names a secret (secrets/db_password.txt, .vault_pass,
// *.key, /run/secrets/*) has what a Write, an Edit, a patch or a
// redirection or tee puts in it masked; an edit's or a patch's line that
// is one secret-like token alone is masked (its name stays on disk).
// Password-file options and modes that name standard input are stdin
// readers (clitable.go). The fail-closed pass's word walks remember
// what they crossed, so a word of many glued assignments stays linear.
//
// PII rules (email, credit-card, us-ssn, phone) run only with Config.PII.
//
// # Notice
//
// Several token formats (prefixes, lengths and alphabets for AWS, GCP, Azure,
// GitHub, GitLab, Slack, Stripe, OpenAI, Anthropic, npm, Telegram, JWT and
// private-key blocks) were learned from the rule list of gitleaks
// (https://github.com/gitleaks/gitleaks, config/gitleaks.toml), Copyright (c)
// 2019 Zachary Rice, MIT License. The regular expressions here were written
// for this package in Go RE2 syntax; no gitleaks code is included.
package redact
