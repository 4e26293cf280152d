package redact

// cliTable says where common programs take a password, passphrase or token
// on their command line, so that the value is masked whatever the flag is
// called (-P, -p, -a, -w, /p:, -passin pass:…). A name=value assignment
// whose name says "password" or "token" (--password=x, --api-key x, PGPASSWORD=x)
// is already masked for every program by the assignment rule; the table
// is for what a name alone does not give away.
//
// Columns:
//
//   - progs: program names (the base name of the word that runs it, matched
//     case-insensitively, so /usr/bin/mysql and MYSQL.EXE count).
//   - when: words that must all appear among the program's arguments
//     (a subcommand: docker -p is a port, docker login -p a password).
//   - flags: "FLAG:FORMS[PART]" entries. FORMS: n = the value is the next
//     word (-P pw), g = glued to the flag (-ppw, /p:pw), e = after '='
//     (--password=pw). PART picks the secret out of the value: % after the
//     first '%' (user%pw), : after the first ':' (user:pw), = after the
//     first '=' (key=pw), P after a "pass:" prefix (openssl; env:, file:,
//     fd: and stdin name no secret), , after the first ',' (user,pw),
//     C what the echo or printf a command-line value runs prints
//     (--password-command 'echo pw'); none = the whole value. A
//     one-letter flag that takes the next word also takes its value
//     glued (-abob:pw, -pS3cret) unless the rest is lowercase letters
//     only (a cluster of switches or a single-dash long option), and a
//     one-letter flag ends a cluster of switches with its value glued or
//     in the next word (curl -su bob:pw, curl -fsSLubob:pw, mysql -vpPW).
//   - valued: the program's one-letter options that take a value: a
//     cluster ends at one of them (mysql -Dapp is a database, not -D -a
//     -p"p"). Unlisted letters are read as switches, which errs towards
//     masking.
//   - stdin: arguments any of which makes the program read a secret on its
//     standard input ("*": it always does; "@stdin": an argument that
//     names standard input as a file, --from-file=K=/dev/stdin; "*SUFFIX":
//     an argument ending in SUFFIX, vault kv put P k=-); a
//     password echoed, printed, given as a here-string or here-document
//     into it, or reaching it through the stages of a pipeline, a group or
//     a duplicated descriptor (clipipe.go), is masked. A trailing ":"
//     takes the secret after the first ':' of each line (user:pw, a line
//     without one whole); a trailing "=" reads KEY=VALUE lines and takes
//     the values of the keys cliPlainKeys does not list (git credential).
//   - pos: a positional rule, for secrets that are plain arguments (see
//     cliPositional).
//
// Sources: each program's manual page or --help.
var cliTable = []cliEntry{
	// Databases.
	{progs: "mysql mysqldump mysqladmin mysqlimport mysqlshow mysqlcheck mysqlslap mysqlpump mysqlbinlog mysqlsh mariadb mariadb-dump mariadb-admin mariadb-import mariadb-check mariadb-show mariadb-slap", flags: "-p:g --password:e", valued: "DehPSurwTOlWc"},
	{progs: "mysqlsh", pos: "userinfo"},
	{progs: "sqlcmd bcp osql isql mssql-cli", flags: "-P:ng --password:ne"},
	{progs: "redis-cli keydb-cli", flags: "-a:n --pass:ne"},
	{progs: "mongosh mongo mongodump mongorestore mongoexport mongoimport mongostat mongotop mongofiles", flags: "-p:n --password:ne"},
	{progs: "cqlsh", flags: "-p:n --password:ne"},
	{progs: "influx", flags: "-password:ne --password:ne -t:n --token:ne -p:n"},
	{progs: "ldapsearch ldapmodify ldapadd ldapdelete ldapmodrdn ldapcompare ldapwhoami ldapexop ldapurl", flags: "-w:ng", valued: "abDefhHlopPsSTUXyYzEORM"},
	{progs: "ldappasswd", flags: "-w:ng -s:n -a:n"},
	// Archives.
	{progs: "zip zipcloak zipnote", flags: "-P:ng --password:ne"},
	{progs: "unzip funzip", flags: "-P:ng"},
	{progs: "7z 7za 7zr 7zz", flags: "-p:g"},
	{progs: "rar unrar", flags: "-p:g -hp:g"},
	// Windows and SMB.
	{progs: "smbclient rpcclient smbcacls smbget smbtree smbcquotas smbspool", flags: "-U:ng% --user:ne% --password:ne", valued: "WpIMnslOdTDcbtiRAm"},
	{progs: "smbmap", flags: "-p:n"},
	{progs: "smbpasswd", stdin: "-s"},
	{progs: "net", pos: "net"},
	{progs: "xfreerdp xfreerdp3 wlfreerdp sdl-freerdp", flags: "/p:g /pth:g"},
	{progs: "rdesktop", flags: "-p:n"},
	{progs: "crackmapexec netexec nxc cme evil-winrm", flags: "-p:n -H:n"},
	{progs: "hydra medusa ncrack", flags: "-p:n"},
	{progs: "psexec.py smbexec.py wmiexec.py atexec.py dcomexec.py secretsdump.py getuserspns.py getnpusers.py mssqlclient.py smbclient.py lookupsid.py gettgt.py impacket-psexec impacket-smbexec impacket-wmiexec impacket-atexec impacket-dcomexec impacket-secretsdump impacket-getuserspns impacket-getnpusers impacket-mssqlclient impacket-smbclient impacket-lookupsid impacket-gettgt", flags: "-hashes:n", pos: "userinfo"},
	{progs: "convertto-securestring", flags: "-string:n", pos: "first"},
	// Users and privileges.
	{progs: "sudo", stdin: "-S --stdin"},
	{progs: "passwd", stdin: "*"},
	{progs: "chpasswd", stdin: "*:"},
	{progs: "useradd usermod", flags: "-p:n --password:ne"},
	{progs: "htpasswd", stdin: "-i", pos: "htpasswd"},
	{progs: "kinit cryptsetup", stdin: "*"},
	// Network clients.
	{progs: "sshpass", flags: "-p:ng", valued: "fd"},
	{progs: "curl", valued: "AbcCdDeFHKmoPQrtTwxXyYz", flags: "-u:ng: --user:ne: --proxy-user:ne: -U:ng: --oauth2-bearer:ne -E:ng: --cert:ne: --proxy-cert:ne: --pass:ne --proxy-pass:ne --tlspassword:ne --proxy-tlspassword:ne"},
	{progs: "wget", flags: "--password:ne --http-password:ne --ftp-password:ne --proxy-password:ne"},
	{progs: "lftp", flags: "-u:ng,", valued: "ecfp"},
	{progs: "ncftp ncftpget ncftpput ncftpls", flags: "-p:n"},
	// Keys and certificates.
	{progs: "openssl", flags: "-passin:neP -passout:neP -pass:neP -password:neP -k:n", stdin: "stdin"},
	{progs: "gpg gpg2", flags: "--passphrase:ne", stdin: "--passphrase-fd"},
	{progs: "ssh-keygen", flags: "-N:n -P:n"},
	{progs: "keytool jarsigner", flags: "-storepass:n -keypass:n -srcstorepass:n -deststorepass:n -srckeypass:n -destkeypass:n"},
	// Registries and clouds.
	{progs: "docker podman nerdctl buildah", when: "login", flags: "-p:ng --password:ne", stdin: "--password-stdin"},
	{progs: "docker podman", when: "secret create", stdin: "- @stdin"},
	{progs: "helm oras crane", when: "login", flags: "-p:n --password:ne", stdin: "--password-stdin"},
	{progs: "skopeo", flags: "--creds:ne: --src-creds:ne: --dest-creds:ne:"},
	{progs: "skopeo", when: "login", flags: "-p:n --password:ne", stdin: "--password-stdin"},
	{progs: "kubectl oc", when: "secret", flags: "--from-literal:ne=", stdin: "@stdin"},
	{progs: "az", when: "login", flags: "-p:n --password:ne"},
	{progs: "az", when: "secret set", flags: "--value:ne"},
	{progs: "aws", flags: "--secret-string:ne --secret-binary:ne"},
	{progs: "aws", when: "put-parameter SecureString", flags: "--value:ne"},
	{progs: "aws", when: "configure set", pos: "config"},
	{progs: "gcloud", when: "secrets", stdin: "--data-file=- @stdin"},
	{progs: "heroku dokku", when: "config:set", pos: "kv"},
	{progs: "fly flyctl", when: "secrets set", pos: "kv"},
	{progs: "gh", when: "secret set", flags: "-b:ne --body:ne", stdin: "*"},
	{progs: "gh", when: "auth login", stdin: "--with-token"},
	{progs: "vault", when: "login", stdin: "-", pos: "first"},
	{progs: "vault", when: "kv", pos: "kv"},
	{progs: "wrangler", when: "secret put", stdin: "*"},
	{progs: "vercel", when: "env add", stdin: "*"},
	{progs: "doctl", flags: "-t:n --access-token:ne"},
	{progs: "twine", flags: "-p:n --password:ne"},
	{progs: "rabbitmqctl", pos: "rabbitmq"},
	// Tools' own configuration: "config set NAME VALUE" where NAME names a
	// credential (npm config set //registry/:_authToken VALUE).
	{progs: "git", when: "config", pos: "config"},
	{progs: "npm yarn pnpm pip pip3", when: "config", pos: "config"},
	{progs: "poetry composer", when: "config", pos: "poetry"},
	{progs: "bundle bundler", when: "config", pos: "bundler"}, // bundle config [set] HOST USER:TOKEN
	// Round 2 (finding 33): more programs, by family. A positional rule
	// "nth:K[:OPTS]" is the K-th argument that is not an option (nor the
	// value of one of OPTS) after the when words; "after:W,…" is the argument that follows any of the words W.
	{progs: "http https xh xhs", flags: "-a:ne: --auth:ne:"},
	{progs: "http https xh xhs", when: "bearer", flags: "-a:ne --auth:ne"},
	{progs: "cargo", flags: "--token:ne"},
	{progs: "cargo", when: "login", pos: "nth:1:--registry,--config,-Z,--color", stdin: "*"},
	{progs: "oc", when: "login", flags: "-p:ng --password:ne --token:ne"},
	{progs: "ipmitool", flags: "-P:ng -k:ng -y:ng"},
	{progs: "ipmitool", when: "user set password", pos: "nth:2"},
	{progs: "snmpwalk snmpget snmpgetnext snmpbulkwalk snmpbulkget snmpset snmptable snmpdelta snmpdf snmpnetstat snmpstatus snmptest snmptrap snmpinform snmpusm snmpvacm snmpcheck", flags: "-c:ng -A:ng -X:ng -3m:n -3x:n -3k:n -3K:n"},
	{progs: "isql iusql", pos: "nth:3:-U,-S,-D,-H,-I,-i,-o,-J,-c,-s,-t,-l,-A,-z,-a,-w,-m,-K,-R"},
	{progs: "mosquitto_pub mosquitto_sub mosquitto_rr", flags: "-P:n --pw:ne"},
	{progs: "plink pscp psftp putty", flags: "-pw:n"},
	{progs: "psexec psexec64 paexec racadm rabbitmqadmin veracrypt truecrypt", flags: "-p:n"},
	{progs: "redis-benchmark memtier_benchmark", flags: "-a:n --authenticate:ne"},
	{progs: "etcdctl", flags: "--user:ne:"},
	{progs: "vmrun", flags: "-gp:n -vp:n"},
	{progs: "pdftotext pdftoppm pdftocairo pdfimages pdfinfo pdffonts pdfseparate pdfdetach", flags: "-upw:n -opw:n"},
	{progs: "pdftk", pos: "after:input_pw,user_pw,owner_pw"},
	{progs: "nmcli", pos: "after:password,wifi-sec.psk,802-11-wireless-security.psk,vpn.secrets"},
	{progs: "wpa_passphrase", pos: "nth:2"},
	// Round 23 (#10): a TOTP/HOTP seed is every future one-time code.
	{progs: "oathtool", pos: "nth:1:-d,--digits,-w,--window,-s,--time-step-size,-S,--start-time,-N,--now,-c,--counter"},
	{progs: "rclone", when: "obscure", pos: "nth:1"},
	{progs: "openssl", when: "passwd", pos: "nth:1:-salt,-in"},
	{progs: "mkpasswd", pos: "nth:1:-m,--method,-S,--salt,-R,--rounds,-P,--password-fd", stdin: "-s --stdin"},
	{progs: "x11vnc", flags: "-passwd:n -viewpasswd:n"},
	{progs: "cmdkey", flags: "/pass:g"},
	{progs: "schtasks", flags: "/rp:n /p:n"},
	{progs: "security", when: "add-generic-password", flags: "-w:n"},
	{progs: "security", when: "add-internet-password", flags: "-w:n"},
	{progs: "lynx", flags: "-auth:e: -pauth:e:"},
	// Programs that read a password on their standard input.
	{progs: "chgpasswd newusers", stdin: "*:"},
	{progs: "vncpasswd tigervncpasswd", stdin: "-f"},
	{progs: "pass gopass", when: "insert", stdin: "*"},
	{progs: "secret-tool", when: "store", stdin: "*"},
	{progs: "keyring", when: "set", stdin: "*"},
	{progs: "ssh-add", stdin: "*"},
	// Round 3 (finding 21): neighbours of the rows above, by family.
	// HTTP clients: bearer tokens under --auth-type=bearer / -A bearer,
	// xh --bearer, and request items NAME==VALUE, NAME:=VALUE, NAME=VALUE
	// and NAME:VALUE whose NAME names a credential (pos "items").
	{progs: "http https xh xhs", when: "--auth-type=bearer", flags: "-a:ne --auth:ne"},
	{progs: "xh xhs", flags: "--bearer:ne"},
	{progs: "http https xh xhs", pos: "items"},
	// Deployment and registry CLIs.
	{progs: "vercel", flags: "-t:n --token:ne"},
	{progs: "netlify", flags: "--auth:ne"},
	{progs: "regctl", when: "login", flags: "-p:n --pass:ne", stdin: "--pass-stdin"},
	{progs: "dotnet nuget", when: "push", flags: "-k:n --api-key:ne -ApiKey:n -apikey:n"},
	{progs: "dotnet nuget", when: "delete", flags: "-k:n --api-key:ne -ApiKey:n -apikey:n"},
	{progs: "dotnet nuget", when: "source", flags: "-p:n --password:ne -Password:n -password:n"},
	{progs: "dotnet nuget", when: "setapikey", pos: "nth:1:-s,--source,-Source,--configfile,-ConfigFile"},
	{progs: "nuget", when: "sources", flags: "-Password:n -password:n"},
	{progs: "hcloud", when: "context create", stdin: "*"},
	{progs: "doctl", when: "auth init", stdin: "*"},
	{progs: "glab", when: "auth login", stdin: "--stdin"},
	{progs: "npm pnpm yarn", when: "login", stdin: "*"},
	{progs: "npm pnpm", when: "adduser", stdin: "*"},
	{progs: "ansible-vault", when: "encrypt_string", stdin: "*", pos: "nth:1:--vault-id,--vault-password-file,--stdin-name,-n,--name,--output,--encrypt-vault-id,-J"},
	// Database shells.
	{progs: "cypher-shell", flags: "-p:n --password:ne"},
	{progs: "vsql", flags: "-w:ng"},
	{progs: "clickhouse-client", flags: "--password:ne"},
	{progs: "redis-cli keydb-cli", pos: "redis"},
	// Commands whose output is the password (C: the value is a command
	// line; an echo or printf in it prints the secret).
	{progs: "restic rclone", flags: "--password-command:neC --password2-command:neC --password-cmd:neC"},
	{progs: "borg", flags: "--passcommand:neC"},
	// Positionals.
	{progs: "smbclient", pos: "nth:2:-U,--user,-W,--workgroup,-p,--port,-I,--ip-address,-m,--max-protocol,-n,--netbiosname,-s,--configfile,-l,--log-basename,-d,--debuglevel,-O,--socket-options,-A,--authentication-file,-T,--tar,-D,--directory,-c,--command,-b,--send-buffer,-t,--timeout,-i,--scope,-R,--name-resolve,-M,--message,-L,--list,-g,-B,--browse,--option,--krb5-ccache"},
	{progs: "mc mcli minio-client", when: "alias set", pos: "nth:4:--api,--path"},
	{progs: "mc mcli minio-client", when: "host add", pos: "nth:4:--api,--lookup"},
	{progs: "mc mcli minio-client", when: "user add", pos: "nth:3"},
	{progs: "rclone", when: "config", pos: "config"},
	{progs: "neo4j-admin", when: "set-initial-password", pos: "nth:1"},
	// Round 5 (finding 10): rows for tools the shapes of clishape.go do
	// not reach (a letter that is a password alone: -a, -t, a property),
	// and the named tools of the finding, so that a table row, not a
	// heuristic, decides them.
	{progs: "vault bao", when: "unseal", pos: "first"},
	{progs: "mosquitto_passwd", pos: "htpasswd"},
	{progs: "couchbase-cli cbq cbimport cbexport cbbackupmgr", flags: "-p:n --password:ne"},
	{progs: "uv", when: "publish", flags: "-p:n --password:ne -t:n --token:ne"},
	{progs: "poetry", when: "publish", flags: "-p:n --password:ne"},
	{progs: "pdm", when: "publish", flags: "-P:n --password:ne"},
	{progs: "maturin", when: "upload", flags: "-p:n --password:ne"},
	{progs: "maturin", when: "publish", flags: "-p:n --password:ne"},
	{progs: "hatch", when: "publish", flags: "-a:n --auth:ne"},
	{progs: "codecov codecovcli", flags: "-t:n --token:ne"},
	{progs: "sonar-scanner sonar-scanner.bat mvn mvnw gradle gradlew", flags: "-Dsonar.login:e -Dsonar.token:e -Dsonar.password:e sonar.login:e sonar.token:e"},
	{progs: "dotnet-sonarscanner sonarscanner.msbuild dotnet", flags: "/d:sonar.login:e /d:sonar.token:e /d:sonar.password:e"},
	{progs: "drone", when: "secret", flags: "--data:ne --value:ne"},
	{progs: "woodpecker-cli", when: "secret", flags: "--value:ne"},
	{progs: "bw", when: "unlock", pos: "nth:1:--passwordenv,--passwordfile,--session"},
	{progs: "bw", when: "login", pos: "nth:2:--passwordenv,--passwordfile,--method,--code,--session,--apikey"},
	{progs: "security", when: "unlock-keychain", flags: "-p:n"},
	{progs: "security", when: "create-keychain", flags: "-p:n"},
	// Round 4 (finding 11): shell builtins that assign the variables they
	// name from their input or output (clibuiltins.go): "assigns:OPTS"
	// lists the options that take a value.
	{progs: "read", pos: "assigns:aAdinNptu"},
	{progs: "mapfile readarray", pos: "assigns:dnOsuCc"},
	{progs: "printf", pos: "assigns:v:printf"},
	{progs: "print", pos: "assigns:vufC:printf"}, // zsh's print -v NAME
	// Round 4 (finding 11): programs that run commands in a language of
	// their own, given under an option or on standard input, where a
	// credential is an argument of a command (lftp -c 'open -u bob,PW h',
	// ftp <<EOF user bob PW): "script:LANG:OPTS" (cliscript.go, cliLangs).
	{progs: "lftp", pos: "script:lftp:-c,-e"},
	{progs: "ftp pftp tnftp netkit-ftp inetutils-ftp", pos: "script:ftp:"},
	{progs: "smbclient", pos: "script:smbclient:-c,--command"},
	{progs: "ncftp", pos: "script:ncftp:"},
	// Round 8 (finding 9): a cookie given to curl under its short flag
	// (-b 'sid=…'; a value without '=' is a cookie file, -b jar); and
	// passwords that are plain arguments of a subcommand.
	{progs: "curl", flags: "-b:ng="},
	{progs: "cf cf7 cf8", when: "auth", pos: "nth:2:--origin"},
	{progs: "cf cf7 cf8", when: "create-user", pos: "nth:2:--origin"},
	{progs: "cf cf7 cf8", when: "create-service-broker", pos: "nth:3"},
	{progs: "cf cf7 cf8", when: "update-service-broker", pos: "nth:3"},
	{progs: "uaac", flags: "-s:n --secret:ne -p:n --password:ne"},
	{progs: "mysqladmin mariadb-admin", pos: "after:password"},
	{progs: "dscl", when: "-passwd", pos: "nth:2"},
	{progs: "dscl", when: "-passwd", pos: "nth:3"},
	// Round 9 (finding 13): Oracle's tools take a logon
	// user/password[@connect] (oracle.go): "logon:SPEC" says where: 1 the
	// first argument that is a logon, KEY= an argument KEY=LOGON, KEY the
	// argument after the word KEY, -OPT an option's value. Sources: Oracle
	// Database Utilities (Data Pump, SQL*Loader, legacy exp/imp, DBVERIFY),
	// SQL*Plus User's Guide, Backup and Recovery Reference (RMAN), Data
	// Guard Broker (DGMGRL), SQL Tuning Guide (TKPROF), Java Developer's
	// Guide (loadjava), SQLcl's and Workload Replay's manuals.
	{progs: "sqlplus", pos: "logon:1"},
	{progs: "sql sqlcl", pos: "logon:1@"},
	{progs: "expdp impdp exp imp sqlldr", pos: "logon:1,userid="},
	{progs: "rman", pos: "logon:target,catalog,auxiliary,target=,catalog=,auxiliary="},
	{progs: "dgmgrl", pos: "logon:1"},
	{progs: "tkprof", pos: "logon:explain="},
	{progs: "dbv", pos: "logon:userid="},
	{progs: "loadjava dropjava loadpsp ojvmjava", pos: "logon:-user,-u"},
	{progs: "wrc", pos: "logon:1,userid="},
	{progs: "tnsping", pos: "logon:1@"}, // takes a service name; a logon given to it is still one
	{progs: "orapki", flags: "-pwd:n"},
	{progs: "mkstore", when: "-createCredential", pos: "nth:3"},
	{progs: "mkstore", when: "-modifyCredential", pos: "nth:3"},
	// Red-team round 15 (#49): credential helpers fed the lines of git's
	// credential protocol (printf 'password=%s\n' PW | git credential
	// approve), and secret stores reading standard input as a file.
	{progs: "git", when: "credential", stdin: "*="},
	{progs: "git", when: "credential-store", stdin: "*="},
	{progs: "git", when: "credential-cache", stdin: "*="},
	{progs: "git", when: "credential-manager", stdin: "*="},
	{progs: "git", when: "credential-libsecret", stdin: "*="},
	{progs: "git", when: "credential-osxkeychain", stdin: "*="},
	{progs: "git", when: "credential-wincred", stdin: "*="},
	{progs: "git-credential-store git-credential-cache git-credential-manager git-credential-manager-core git-credential-libsecret git-credential-osxkeychain git-credential-wincred git-credential-oauth", stdin: "*="},
	{progs: "gh", when: "auth git-credential", stdin: "*="},
	{progs: "aws", when: "secretsmanager", stdin: "@stdin"},
	{progs: "vault bao", when: "kv", stdin: "@stdin *=-"},
	{progs: "vault bao", when: "write", stdin: "@stdin *=-"},
	{progs: "az", when: "secret set", stdin: "@stdin"},
	{progs: "op", when: "create", stdin: "@stdin"},
	{progs: "op", when: "edit", stdin: "@stdin"},
	{progs: "gpg gpg2", stdin: "--passphrase-file=/dev/stdin --passphrase-fd=0"},
	{progs: "openssl", stdin: "file:/dev/stdin fd:0"},
	{progs: "sops", stdin: "@stdin"},
	// Red-team round 23 (b) #5: password-file options and modes that read
	// standard input (--vault-password-file /dev/stdin, --vault-id
	// dev@/dev/stdin, restic --password-file, aws file:///dev/stdin,
	// sshfs -o password_stdin), and tools that read a secret from a
	// standard input that is not a terminal.
	{progs: "ansible-vault ansible-playbook ansible ansible-console ansible-pull", stdin: "@stdin"},
	{progs: "restic", stdin: "@stdin"},
	{progs: "aws", stdin: "@stdin"},
	{progs: "sshfs", stdin: "password_stdin -opassword_stdin *,password_stdin"},
	{progs: "keepassxc-cli", stdin: "*"},
	{progs: "pass gopass", when: "insert", stdin: "*"},
	{progs: "gh", when: "secret set", stdin: "*"},
	{progs: "docker podman", when: "secret create", stdin: "-"},
	{progs: "systemd-creds", when: "encrypt", stdin: "-"},
	{progs: "kubectl oc", when: "secret", stdin: "@stdin"},
	// Red-team round 28 #209: secret managers' and ML/cloud CLIs' tokens
	// and keys given by position, or as KEY=VALUE of a name the
	// assignment rule reads as an identifier. Sources: Vault's command
	// docs (vault token lookup|revoke|renew [TOKEN], token capabilities
	// [TOKEN] PATH, unwrap [TOKEN], AppRole's secret_id), wandb login
	// [KEY]..., snyk auth [API_TOKEN] and snyk config set api=TOKEN,
	// npm token revoke <id|token>, ngrok config add-authtoken TOKEN
	// (ngrok v2's ngrok authtoken TOKEN).
	{progs: "vault bao", flags: "secret_id:e"},
	{progs: "vault bao", when: "token lookup", pos: "first"},
	{progs: "vault bao", when: "token revoke", pos: "first"},
	{progs: "vault bao", when: "token renew", pos: "first"},
	{progs: "vault bao", when: "token capabilities", pos: "first"},
	{progs: "vault bao", when: "unwrap", pos: "first"},
	{progs: "wandb", when: "login", pos: "nth:1:--host,--cloud"},
	{progs: "snyk", when: "auth", pos: "nth:1:--auth-type,--client-secret,--client-id"},
	{progs: "snyk", when: "config set", flags: "api:e"},
	{progs: "npm pnpm", when: "token revoke", pos: "first"},
	{progs: "npm pnpm", when: "token delete", pos: "first"},
	{progs: "ngrok", when: "authtoken", pos: "nth:1:--config,--log,--log-format,--log-level,--region"},
	{progs: "ngrok", when: "add-authtoken", pos: "nth:1:--config,--log,--log-format,--log-level"},
	{progs: "ngrok", when: "add-api-key", pos: "nth:1:--config,--log,--log-format,--log-level"},
	// Red-team round 28 #210: programs that prompt for a credential and
	// read the answer from a standard input that is not a terminal
	// (terraform login's token, aws configure's secret access key as its
	// second answer, op signin's and op account add's account password,
	// gem signin's e-mail then password).
	{progs: "terraform tofu", when: "login", stdin: "*"},
	{progs: "aws", when: "configure", stdin: "*"},
	{progs: "op", when: "signin", stdin: "*"},
	{progs: "op", when: "account add", stdin: "*"},
	{progs: "gem", when: "signin", stdin: "*"},
}

// cliPlainKeys are the fields of git's credential protocol that hold no
// secret (gitcredentials(7), git-credential(1)): a "=" stdin reader masks
// the values of every other key (password, oauth_refresh_token,
// credential, and keys it does not know).
var cliPlainKeys = map[string]bool{
	"protocol": true, "host": true, "path": true, "username": true, "url": true,
	"authtype": true, "capability[]": true, "wwwauth[]": true, "state[]": true,
	"continue": true, "ephemeral": true, "password_expiry_utc": true, "quit": true,
}

// cliStdinNames are the file names of a process's standard input; an
// argument names one whole, after = : @ or a comma (--from-file=k=NAME,
// --vault-id dev@NAME), or as a file:// URL (aws file:///dev/stdin).
var cliStdinNames = []string{"/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"}

// cliFilters copy their standard input, or a transform of it, to their
// standard output: a here-string or here-document given to one of them
// in a pipeline's earlier stage reaches the stdin reader at its end
// (tr -d '\n' <<< PW | docker login --password-stdin). A stage that is
// not listed is followed too (where unsure, mask): this list only says
// whose own input is the data.
var cliFilters = map[string]bool{
	"cat": true, "tac": true, "tr": true, "head": true, "tail": true, "sed": true, "tee": true,
	"base64": true, "base32": true, "basenc": true, "xxd": true, "cut": true, "sort": true,
	"uniq": true, "rev": true, "dd": true, "fold": true, "iconv": true, "dos2unix": true,
	"unix2dos": true, "xargs": true, "awk": true, "gawk": true, "mawk": true, "perl": true,
	"grep": true, "egrep": true, "fgrep": true, "paste": true, "nl": true, "expand": true,
	"unexpand": true, "fmt": true, "col": true, "pv": true, "buffer": true, "stdbuf": true,
	"gzip": true, "gunzip": true, "zcat": true, "openssl": true, "gpg": true, "jq": true,
	"envsubst": true, "strings": true, "sponge": true, "mbuffer": true,
}

// cliSources are the programs whose arguments can feed a password to the
// next program of a pipeline (echo pw | sudo -S …).
var cliSources = []string{"echo", "printf", "yes", "cat"}

// cliEntry is one row of cliTable.
type cliEntry struct {
	progs, when, flags, stdin, pos string
	valued                         string
}
