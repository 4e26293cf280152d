package redact

import (
	"slices"
	"strings"
	"testing"
)

func TestClassifyPwName(t *testing.T) {
	for name, want := range map[string]bool{
		"password": true, "DB_PASSWORD": true, "dbPassWord": true, "pass_wd": true, "pwdHash": true,
		"pwd_hash": true, "passw": true, "pswd": true, "psw": true, "pass": true, "userPass": true,
		"admin_password_confirm": true, "password2": true, "PASSWD_ENC": true, "pw.set": true,
		"password.sendKeys": true, "txtPassword.Text": true, "$password": true, "*db-password*": true,
		"kennwort": true, "Kennwort": true, "contraseña": true, "senha": true, "mot_de_passe": true,
		"motDePasse": true, "wachtwoord": true, "salasana": true, "hasło": true, "lösenord": true,
		"пароль": true, "Пароль": true, "用户密码": true, "parola": true,
		// other words
		"passport": false, "compass": false, "bypass": false, "passenger": false, "Passover": false,
		"passive": false, "passthrough": false, "pass_through": false, "pass_rate": false,
		"password_file": false, "passwordPolicy": false, "min_password_length": false,
		"has_password": false, "getPassword": false, "reset_password": false, "errors.password": false,
		"PASSWORD_HASHERS": false, "pw.Write": false, "upward": false, "OLDPWD": false, "spassword": false,
		"passwords": false, "contrast": false,
	} {
		if got := classifyPwName(name).ok; got != want {
			t.Errorf("classifyPwName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPwSplit(t *testing.T) {
	for name, want := range map[string][]string{
		"dbPassWord":     {"db", "pass", "word"},
		"HTTPPassword":   {"http", "password"},
		"password2":      {"password"},
		"mot_de_passe":   {"mot", "de", "passe"},
		"Contraseña_BD":  {"contraseña", "bd"},
		"*db-password*":  {"db", "password"},
		"txtPassword.Tx": {"txt", "password", "tx"},
	} {
		if got := pwSplit(name); !slices.Equal(got, want) {
			t.Errorf("pwSplit(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestPwLiteral(t *testing.T) {
	for in, want := range map[string]string{
		`"abc" x`:          "abc",
		`'a\'`:             `a\`,
		`"a\"b"`:           `a\"b`,
		`"""a"b"""`:        `a"b`,
		`'''x'''`:          "x",
		"`t`":              "t",
		`r"raw"`:           "raw",
		`rb'x'`:            "x",
		`@"verb"`:          "verb",
		`u8"w"`:            "w",
		`r#"a"b"#`:         `a"b`,
		`#"sw"#`:           "sw",
		`R"d(x)y)d"`:       "x)y",
		`%q(pw)`:           "pw",
		`%Q{pw}`:           "pw",
		`[[lua]]`:          "lua",
		`[==[a]]b]==]`:     "a]]b",
		`\"json\"`:         "json",
		"\"unterminated\n": "unterminated",
	} {
		vs, ve, _, ok := pwLiteral(in, 0, len(in))
		if !ok || in[vs:ve] != want {
			t.Errorf("pwLiteral(%q) = %q, %v; want %q", in, in[vs:min(ve, len(in))], ok, want)
		}
	}
	for _, in := range []string{"rx'a'", "abc", "(x)", "%z", "[x]"} {
		if _, _, _, ok := pwLiteral(in, 0, len(in)); ok {
			t.Errorf("pwLiteral(%q) read a literal", in)
		}
	}
}

// pwHits are the offsets at which the rule's keywords occur, as the
// engine finds them (ASCII case folding only).
func pwHits(s string) []int {
	low := string(asciiLower(s))
	var hits []int
	for _, kw := range pwKeywords {
		for off := 0; ; {
			i := strings.Index(low[off:], kw)
			if i < 0 {
				break
			}
			hits = append(hits, off+i)
			off += i + 1
		}
	}
	slices.Sort(hits)
	return hits
}

func FuzzPasswordLiterals(f *testing.F) {
	for _, s := range []string{
		"var password string = \"x1\"", "password <- 'x'", "(def pw \"x\")", "setPassword(a, \"b\", `c`)",
		"pw.set(r#\"a\"#)", "password = os.getenv(\"A\", \"B\")", "x = ENV[\"A\"] || 'b'", "page.fill('#password', 'x')",
		"find(\"password\").send_keys(\"x\")", "contraseña: hunter2", "password = \"\"\"\nx\n\"\"\"", "пароль = R\"d(x)d\"",
		"password: str = \\\"x\\\"", "it's the password: \"x\"", "%q(", "password = [==[", "password = r#####\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		hits := pwHits(s)
		last := -1
		matchPasswordLiterals(nil, s, nil, hits, func(sp span) {
			if sp.start < 0 || sp.end > len(s) || sp.start > sp.end {
				t.Fatalf("span %d:%d out of %d bytes of %q", sp.start, sp.end, len(s), s)
			}
			if sp.id != ruleAssignPassword {
				t.Fatalf("span id %q", sp.id)
			}
			last = sp.end
		})
		_ = last
	})
}
