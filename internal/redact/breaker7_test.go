package redact

import (
	"strings"
	"testing"
)

// Red-team round 7, #10 and #11 (class: secrets in clear, file contents an
// agent writes). Round 6b #1 anchored the assignment rule on short
// password names, for `NAME = "…"`, `NAME: …` and `NAME := "…"`.
//
// #10: the assignment shapes of other languages kept the literal in clear
// even for the full name password: a typed declaration (Go's var NAME T =),
// R's <-, Ruby's ||=, JS's ??=, a parenthesised or constructor-wrapped
// literal, a triple-quoted string, Lisp's (def NAME "…"), a setter call.
//
// #11: password names beyond pw/pwd/passwd/pass-as-last-word-with-prefix:
// a bare pass, passw, pswd, psw, pass_wd, pwd_hash/pwdHash (the name does
// not end in the password word), camelCase PassWord, and the common
// non-English names (kennwort, contrasena, senha, mot_de_passe).
//
// Closed by the password-literal rule (pwnames.go, pwshape.go): a name
// one of whose words is a password word of any language, then any
// assignment or call shape, then the literal in any quoting.
func TestBreaker7PasswordAssignments(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Mx7!vQ2#rL9p"
	for _, tt := range []struct{ finding, text string }{
		{"#10", "var password string = \"{}\"\n"},
		{"#10", "var pw string = \"{}\"\n"},
		{"#10", "password <- \"{}\"\n"},
		{"#10", "password ||= \"{}\"\n"},
		{"#10", "password ??= \"{}\"\n"},
		{"#10", "password = ('{}')\n"},
		{"#10", "password = String(\"{}\")\n"},
		{"#10", "password = \"\"\"{}\"\"\"\n"},
		{"#10", "(def password \"{}\")\n"},
		{"#10", "setPassword(\"{}\")\n"},
		{"#10", "pw.set(\"{}\")\n"},
		{"#11", "pass = \"{}\"\n"},
		{"#11", "passw = \"{}\"\n"},
		{"#11", "pswd = \"{}\"\n"},
		{"#11", "psw = \"{}\"\n"},
		{"#11", "pass_wd = \"{}\"\n"},
		{"#11", "pwd_hash = \"{}\"\n"},
		{"#11", "pwdHash = \"{}\"\n"},
		{"#11", "dbPassWord = \"{}\"\n"},
		{"#11", "kennwort = \"{}\"\n"},
		{"#11", "contrasena = \"{}\"\n"},
		{"#11", "senha = \"{}\"\n"},
		{"#11", "mot_de_passe = \"{}\"\n"},
		// The same classes, other members (red-team round 7 fix).
		{"#10 typed", "let password: String = \"{}\".to_string();\n"},
		{"#10 typed", "Password : constant String := \"{}\";\n"},
		{"#10 typed", "Dim password As String = \"{}\"\n"},
		{"#10 typed", "DECLARE @password NVARCHAR(50) = '{}'\n"},
		{"#10 typed", "01 WS-PASSWORD PIC X(12) VALUE '{}'.\n"},
		{"#10 typed", "char password[] = \"{}\";\n"},
		{"#10 typed", "password: str = \"{}\"\n"},
		{"#10 op", "password <<- \"{}\"\n"},
		{"#10 op", "$password .= '{}';\n"},
		{"#10 op", "if password == \"{}\":\n"},
		{"#10 op", "assert pw != '{}'\n"},
		{"#10 wrapper", "password = new String(\"{}\");\n"},
		{"#10 wrapper", "let password = String::from(\"{}\");\n"},
		{"#10 wrapper", "password := []byte(\"{}\")\n"},
		{"#10 wrapper", "password = SecretStr(\"{}\")\n"},
		{"#10 wrapper", "const [password, setPassword] = useState(\"{}\");\n"},
		{"#10 default", "password = os.getenv(\"DB_PASSWORD\", \"{}\")\n"},
		{"#10 default", "'password' => env('DB_PASSWORD', '{}'),\n"},
		{"#10 default", "const pw = process.env.PW || \"{}\";\n"},
		{"#10 default", "password = ENV.fetch(\"PW\") { \"{}\" }\n"},
		{"#10 default", "let pw = env::var(\"PW\").unwrap_or(\"{}\".into());\n"},
		{"#10 quoting", "password = '''{}'''\n"},
		{"#10 quoting", "password = r\"{}\"\n"},
		{"#10 quoting", "password = @\"{}\";\n"},
		{"#10 quoting", "password = `{}`\n"},
		{"#10 quoting", "password = %q({})\n"},
		{"#10 quoting", "password = [[{}]]\n"},
		{"#10 quoting", "std::string password = R\"x({})x\";\n"},
		{"#10 quoting", "{\"cmd\": \"x\", \"cfg\": \"{\\\"password\\\": \\\"{}\\\"}\"}"},
		{"#10 lisp", "(setq db-password \"{}\")\n"},
		{"#10 lisp", "{:password \"{}\" :user \"bob\"}\n"},
		{"#10 tcl", "set password \"{}\"\n"},
		{"#10 call", ".username(\"bob\").password(\"{}\")\n"},
		{"#10 call", "keyring.set_password(\"svc\", \"bob\", \"{}\")\n"},
		{"#10 call", "user.set_password(\"{}\")\n"},
		{"#10 call", "txtPassword.Text = \"{}\"\n"},
		{"#10 pair", "page.fill('#password', '{}')\n"},
		{"#10 pair", "define('DB_PASSWORD', '{}');\n"},
		{"#10 pair", "os.environ[\"DB_PASSWORD\"] = \"{}\"\n"},
		{"#10 element", "driver.find_element(By.ID, \"password\").send_keys(\"{}\")\n"},
		{"#10 element", "cy.get('#password').type('{}')\n"},
		{"#11 name", "passphrase2 = \"{}\"\n"},
		{"#11 name", "PASSWD_ENC = \"{}\"\n"},
		{"#11 name", "admin_password_confirm = \"{}\"\n"},
		{"#11 name", "psk = \"{}\"\n"},
		{"#11 name", "wachtwoord := \"{}\"\n"},
		{"#11 name", "salasana = \"{}\"\n"},
		{"#11 name", "parola = \"{}\"\n"},
		{"#11 name", "haslo = \"{}\"\n"},
		{"#11 name", "hasło = \"{}\"\n"},
		{"#11 name", "heslo = \"{}\"\n"},
		{"#11 name", "passord = \"{}\"\n"},
		{"#11 name", "lösenord = \"{}\"\n"},
		{"#11 name", "pasahitza = \"{}\"\n"},
		{"#11 name", "contraseña = \"{}\"\n"},
		{"#11 name", "motDePasse = \"{}\"\n"},
		{"#11 name", "jelszó = \"{}\"\n"},
		{"#11 name", "şifre = \"{}\"\n"},
		{"#11 name", "пароль = \"{}\"\n"},
		{"#11 name", "Пароль = \"{}\"\n"},
		{"#11 name", "用户密码 = \"{}\"\n"},
		{"#11 name", "パスワード = \"{}\"\n"},
	} {
		in := strings.ReplaceAll(tt.text, "{}", pw)
		t.Run(tt.finding+" "+strings.TrimSpace(tt.text), func(t *testing.T) {
			if out, ids := r.Text(in); strings.Contains(out, pw) {
				t.Errorf("red-team round 7, %s: secret stored in clear: %q (fired %v)", tt.finding, strings.ReplaceAll(out, pw, "<PW>"), ids)
			}
		})
	}
}

// What a password name is given that is no literal, words that only
// contain a password word's letters, and text about passwords stay as
// they are: they are evidence. (Prose such as "invalid password: too
// short" is still read by the older assignment rule as password: VALUE.)
func TestBreaker7PasswordAssignmentsBenign(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		// no literal: the value is computed
		"password = os.Getenv(\"X\")\n",
		"password = input()\n",
		"password = input(\"Password: \")\n",
		"password = getpass.getpass(\"Pw: \")\n",
		"pw := r.FormValue(\"password\")\n",
		"password = data[\"password\"]\n",
		"password = config_parser.get('client', 'password')\n",
		"password = models.CharField(max_length=128)\n",
		"def set_password(self, raw_password):\n",
		"pwd = os.getcwd()\n",
		"PWD=\"/home/dev/project\"\n",
		// not password words
		"passport = \"X1234567\"\n",
		"compass = \"north-west\"\n",
		"bypass = \"fast-lane\"\n",
		"passenger = \"alice-b\"\n",
		"Passover = \"april-2026\"\n",
		"passive = \"yes-please\"\n",
		"pass_rate = \"95 percent\"\n",
		"pass_through = \"gateway-a\"\n",
		"pw.Write([]byte(\"hello, pipe\"))\n",
		"t.pass(\"works fine\")\n",
		// names about a password, not holding one
		"min_password_length = \"twelve\"\n",
		"password_file = \"secrets/db.txt\"\n",
		"PASSWORD_HASHERS = [\"django.contrib.auth.hashers.PBKDF2PasswordHasher\"]\n",
		"SET_PASSWORD = 'SetPassword'\n",
		"'proxy_pass': 'CLOUDSDK_PROXY_PASSWORD',\n",
		// text about passwords
		"echo \"password reset link sent\"\n",
		"the password \"field\" is required\n",
		"grep -rn password \"config.yml\"\n",
		"parser.add_argument('--password', help=\"Cloud SQL user's password.\")\n",
		"<input type=\"password\" name=\"password\">\n",
		"fields = (\"username\", \"password\", \"email\")\n",
		"required: [\"username\", \"password\", \"email\"]\n",
		"labels = {\"password\": \"Passwort\"}\n",
		"user_pass = '%s:%s' % (user, pw)\n",
		"cy.get('#password').type('{enter}')\n",
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("%q redacted to %q (fired %v)", in, out, ids)
		}
	}
}
