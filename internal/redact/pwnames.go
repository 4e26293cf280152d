package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Password names (red-team round 7, #11). A name holds a password when
// one of its words, or two or three adjacent words joined, is a word for
// password in a table of spellings and languages (pwWords): password,
// passwd, pass_wd and PassWord (pass+word), passw, pswd, psw, pwd, pw,
// kennwort, contraseña, senha, mot_de_passe, wachtwoord, salasana,
// hasło, lösenord, пароль, 密码, … Words are split at "_", "-", ".",
// "$", "@", "*" and camelCase humps, with trailing digits dropped
// (password2); letters of any script count. The words after the password
// word may only say which form of it the value is (pwdHash,
// password_confirm, pw.set: pwTails), never what else it is about
// (password_file, passwordPolicy, pass_through, passport, bypass and
// compass are other words); a word before it may not make the name a
// question or an action on it (has_password, getPassword,
// reset_password: pwNotBefore).

// pwWord is a table entry: ambiguous words (pass, pw, parola) are also
// ordinary words, and need an assignment shape, not mere adjacency.
type pwWord struct{ ambiguous bool }

var pwWords = &lazy.Value[map[string]pwWord]{New: func() map[string]pwWord {
	return map[string]pwWord{
		// English and its abbreviations
		"password": {}, "passwd": {}, "passphrase": {}, "passcode": {}, "passw": {}, "pswd": {},
		"pword": {}, "pwrd": {}, "passwrd": {}, "paswd": {}, "pasword": {}, "passkey": {},
		"pass": {true}, "pw": {true}, "pwd": {true}, "psw": {true}, "psk": {true},
		// other languages (ASCII spellings and native ones)
		"passwort": {}, "kennwort": {}, // German
		"contrasena": {}, "contraseña": {}, "contrasenya": {}, "contrasinal": {}, // Spanish, Catalan, Galician
		"senha": {}, "palavrapasse": {}, // Portuguese
		"motdepasse": {},                 // French
		"wachtwoord": {}, "wagwoord": {}, // Dutch, Afrikaans
		"salasana": {},                       // Finnish
		"parola":   {true}, "parolă": {true}, // Italian, Romanian, Turkish
		"parole": {true}, "parool": {true}, "parol": {true}, // Latvian, Estonian, Uzbek/Azeri
		"haslo": {}, "hasło": {}, "heslo": {}, // Polish, Czech/Slovak
		"passord": {}, "adgangskode": {}, "losenord": {}, "lösenord": {}, "lykilord": {}, "lykilorð": {}, // Nordic
		"pasahitza": {},               // Basque
		"jelszo":    {}, "jelszó": {}, // Hungarian
		"sifre": {true}, "şifre": {true}, // Turkish
		"slaptazodis": {}, "slaptažodis": {}, // Lithuanian
		"geslo": {}, "lozinka": {}, "лозинка": {}, // Slovene, Croatian/Serbian
		"katalaluan": {}, "katasandi": {}, // Malay, Indonesian
		"matkhau": {}, "mậtkhẩu": {}, // Vietnamese
		"pasvorto":   {},                 // Esperanto
		"пароль":     {},                 // Russian, Ukrainian
		"mima":       {true},             // Chinese (pinyin)
		"sisma":      {true},             // Hebrew (transliterated)
		"كلمةالمرور": {}, "كلمةالسر": {}, // Arabic
		"סיסמה": {}, "סיסמא": {}, // Hebrew
		"पासवर्ड": {}, // Hindi
	}
}}

// pwInfix are password words of scripts written without spaces between
// words: found inside a longer word (用户密码, ユーザーパスワード).
var pwInfix = []string{"密码", "密碼", "口令", "パスワード", "비밀번호", "암호"}

// pwKeywords anchor the rule: a part of every entry, in lower-case
// ASCII or UTF-8. Keywords match with ASCII case folding only, so a word
// whose first letter is not ASCII is anchored after it (ароль for
// пароль and Пароль).
var pwKeywords = []string{
	"pass", "pw", "psw", "psk", "kennwort", "contras", "senha", "motdepasse", "mot_de_passe", "mot-de-passe",
	"palavra", "wachtwoord", "wagwoord", "salasana", "parol", "haslo", "has\u0142o", "heslo",
	"losenord", "l\u00f6senord", "adgangskode", "lykilor", "pasahitza", "jelsz", "ifre",
	"slapta", "geslo", "lozinka", "\u043e\u0437\u0438\u043d\u043a\u0430",
	"katalaluan", "kata_laluan", "katasandi", "kata_sandi", "matkhau", "mat_khau", "m\u1eadt", "pasvort", "mima", "sisma",
	"\u0430\u0440\u043e\u043b\u044c",
	"\u0643\u0644\u0645\u0629", "\u05e1\u05d9\u05e1\u05de", "\u092a\u093e\u0938\u0935\u0930\u094d\u0921",
	"\u5bc6\u7801", "\u5bc6\u78bc", "\u53e3\u4ee4", "\u30d1\u30b9\u30ef\u30fc\u30c9", "\ube44\ubc00\ubc88\ud638", "\uc554\ud638",
}

// pwTails may follow the password word: they say which form of the
// password the value is, or where it applies (a setter's verb for
// pw.set("…"), pwd.sendKeys("…")).
var pwTails = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"hash": true, "hashed": true, "digest": true, "enc": true, "encrypted": true, "crypt": true,
		"crypted": true, "cipher": true, "b64": true, "base64": true, "hex": true, "plain": true,
		"plaintext": true, "clear": true, "cleartext": true, "raw": true, "str": true, "string": true,
		"value": true, "val": true, "text": true, "txt": true, "bytes": true, "confirm": true,
		"confirmation": true, "again": true, "repeat": true, "verify": true, "new": true, "old": true,
		"current": true, "orig": true, "original": true, "default": true, "dflt": true, "tmp": true,
		"temp": true, "md5": true, "sha": true, "sha1": true, "sha256": true, "sha512": true,
		"bcrypt": true, "argon2": true, "scrypt": true, "salt": true, "prod": true, "production": true,
		"dev": true, "test": true, "staging": true, "stage": true, "local": true, "admin": true,
		"root": true, "secret": true,
	}
}}

// pwVerbs may end a name that is a setter called on the password
// (pw.set("…"), password.sendKeys("…")): only a call of the name gives it
// its value.
var pwVerbs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"set": true, "fill": true, "sendkeys": true, "enter": true, "setvalue": true, "settext": true}
}}

// pwNotBefore, anywhere before the password word, make the name a
// question, a limit or an action on the password rather than the
// password (has_password, min_password_length, getPassword).
var pwNotBefore = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"is": true, "has": true, "show": true, "hide": true, "no": true, "not": true, "without": true,
		"enable": true, "enabled": true, "disable": true, "disabled": true, "allow": true, "min": true,
		"max": true, "forgot": true, "forget": true, "reset": true, "recover": true, "recovery": true,
		"get": true, "fetch": true, "read": true, "load": true, "lookup": true, "find": true,
		"generate": true, "gen": true, "random": true, "prompt": true, "ask": true, "request": true,
		"print": true, "log": true, "count": true, "num": true, "require": true, "requires": true,
		"required": true, "need": true, "needs": true, "expire": true, "expired": true, "remove": true,
		"delete": true, "toggle": true, "mask": true, "masked": true, "empty": true, "missing": true,
		// text about the password: a form's error, label or hint
		"error": true, "errors": true, "err": true, "msg": true, "message": true, "messages": true,
		"label": true, "labels": true, "placeholder": true, "hint": true, "title": true, "tooltip": true,
		"caption": true, "help": true, "i18n": true,
	}
}}

// pwName is what a name says of its value.
type pwName struct {
	ok        bool // a password
	ambiguous bool // by an ambiguous word alone (pass, pw, parola)
	pwd       bool // by "pwd", also the working directory's name
	words     int  // the name's words
	verb      bool // ends in a setter's verb (pw.set): given its value by a call
}

// classifyPwName reads a name by its words.
func classifyPwName(name string) pwName {
	ws := pwSplit(name)
	for i := len(ws) - 1; i >= 0; i-- {
		for n := 1; n <= 3 && i+n <= len(ws); n++ {
			w := strings.Join(ws[i:i+n], "")
			e, ok := pwWords.Get()[w]
			if !ok && n == 1 {
				ok = pwHasInfix(w)
			}
			if !ok {
				continue
			}
			rest := ws[i+n:]
			verb := len(rest) > 0 && pwVerbs.Get()[strings.Join(rest[len(rest)-min(2, len(rest)):], "")] // sendKeys
			if verb {
				if j := len(rest) - 1; j >= 0 && pwVerbs.Get()[rest[j]] {
					rest = rest[:j]
				} else {
					rest = rest[:len(rest)-2]
				}
			}
			tails := true
			for _, t := range rest {
				if !pwTails.Get()[t] && !allDigits(t) {
					tails = false
					break
				}
			}
			if !tails {
				continue
			}
			for _, b := range ws[:i] {
				if pwNotBefore.Get()[b] {
					return pwName{}
				}
			}
			return pwName{ok: true, ambiguous: e.ambiguous, pwd: w == "pwd", words: len(ws), verb: verb}
		}
	}
	return pwName{}
}

func pwHasInfix(w string) bool {
	if w == "" || w[0] < utf8.RuneSelf {
		return false
	}
	for _, x := range pwInfix {
		if strings.Contains(w, x) {
			return true
		}
	}
	return false
}

// pwSplit splits a name into lower-cased words: at every character other
// than a letter or a digit, and where a lower-case letter or a digit is
// followed by an upper-case one (dbPassWord) or an upper-case run ends
// (HTTPPassword); trailing digits are dropped (password2).
func pwSplit(name string) []string {
	var words []string
	start := -1
	var prev rune
	flush := func(end int) {
		if start >= 0 && end > start {
			w := strings.TrimRight(name[start:end], "0123456789")
			if w == "" {
				w = name[start:end]
			}
			words = append(words, strings.ToLower(w))
		}
		start = -1
	}
	for i, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			flush(i)
			prev = c
			continue
		}
		if start < 0 {
			start = i
		} else if unicode.IsUpper(c) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			flush(i)
			start = i
		} else if unicode.IsUpper(prev) && unicode.IsUpper(c) {
			if next, _ := utf8.DecodeRuneInString(name[i+utf8.RuneLen(c):]); unicode.IsLower(next) {
				flush(i)
				start = i
			}
		}
		prev = c
	}
	flush(len(name))
	return words
}

// isPwNameRune reports the characters a name is made of.
func isPwNameRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == '-' || c == '.' || c == '$' || c == '@' || c == '*'
}
