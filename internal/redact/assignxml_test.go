package redact

import (
	"strings"
	"testing"
)

// TestConfigTextRound2: credential names in configuration text, whatever
// the syntax, and the non-secrets that share their names.
func TestConfigTextRound2(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Zq8vN3xTk2pLm7"
	for _, in := range []string{
		`echo 'password = "` + pw + `"' >> config.toml`,
		`echo "password = '` + pw + `'" >> config.ini`,
		`<password>` + pw + `</password>`,
		`<Password type="clear">` + pw + `</Password>`,
		`<dbPassword><![CDATA[` + pw + `]]></dbPassword>`,
		`<api_token>` + pw + `</api_token>`,
		`<entry key="password">` + pw + `</entry>`,
		`<property name="db.password">` + pw + `</property>`,
		"<key>Password</key>\n\t<string>" + pw + "</string>",
		`Driver={ODBC Driver 18};Server=db;Uid=sa;Pwd=` + pw + `;`,
		`echo "pwd=` + pw + `" >> .pgpass.ini`,
		`PWD=` + pw + ` isql dsn`,
	} {
		if out, _ := r.Text(in); strings.Contains(out, pw) {
			t.Errorf("kept in clear: %s", out)
		}
	}
	for _, in := range []string{
		`PWD=/home/bob make`,
		`export PWD=~/src OLDPWD=/tmp`,
		`cd "$PWD" && pwd`,
		`pwd = os.getcwd()`,
		`<password>${DB_PASSWORD}</password>`,
		`<password/>`,
		`<passwordPolicy>strict</passwordPolicy>`,
		`input("Password: ")`,
		`log.info('token="%s"', tok)`,
		`print('password = "{}"'.format(pw))`,
		`<token>hello</token>`,
		`<entry key="password_policy">strict</entry>`,
		`<label for="password">Password</label>`,
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("over-redacted %q: %s (%v)", in, out, ids)
		}
	}
}
