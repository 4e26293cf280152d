package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red-team round 12, breaker br12b (class: secrets in clear in the
// evidence log: what an agent's own tools put there, a Write tool's
// content, a tool input object, an error text), #24-#31. Each input was
// run through Redactor.Text (or Tree, for a tool input object) and the
// secret came back in clear; source: "red-team round 12". Fixed in the
// round 12 fix (weakvalue.go, connstr.go, dsn.go, keyfiles.go, jwk.go,
// tokentable.go, netrc.go); the variants and everyday cases are in
// TestRound12FixSecrets and TestRound12FixKeeps.
//
// #24: a tool input object's weakly named key (auth, session, pass,
// cache_key, signature, access, salt): Text masks a high-entropy value
// after such a name (auth="…" → high-entropy-assignment), Tree does not
// apply that test to the key's own value ({"auth": "…"} is stored as is;
// a docker config's auths.*.auth, base64 of user:password, too).
// #25: a connection-string value in braces (ODBC, JDBC sqlserver,
// ADO.NET: Pwd={…}, password={…}): the value is not masked at all,
// braces or not a ';' inside.
// #26: a DSN without "://" (Go's go-sql-driver/mysql
// user:password@tcp(host)/db, @unix(/sock)/db).
// #27: private-key files whose markers are not "-----BEGIN … PRIVATE
// KEY-----": PuTTY .ppk (Private-Lines), RFC 4716 SSH2 keys
// ("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"), OpenVPN static keys,
// age identities (AGE-SECRET-KEY-1…).
// #28: a JSON Web Key's private members (d, p, q, dp, dq, qi; k of an
// "oct" key), as text or as a tool input object.
// #29: a PEM block in JSON text whose body has an escaped solidus (\/,
// as PHP's json_encode writes it): the
// private-key match stops there and the rest of the key body is stored
// (\u002b and the other escapes are decoded by a view; \/ is not).
// #30: vendor tokens whose prefix the rules do not know (hf_, hvs.,
// SG.x.y, ya29., GOCSPX-, dop_v1_, shpat_, pul-, glc_, PMAK-, lin_api_,
// ATATT3, sntrys_, rubygems_, tfp_, x.atlasv1.y).
// #31: a .netrc entry's account token (the third credential netrc
// holds; password is masked, account is not).
func TestBreaker12bSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in, secret string }{
		{"#24 weak key in a tree", `{"auth": "{}"}`, pw},
		{"#24 weak key in a tree", `{"session": "{}"}`, pw},
		{"#24 weak key in a tree", `{"pass": "{}"}`, pw},
		{"#24 weak key in a tree", `{"cache_key": "{}"}`, pw},
		{"#24 weak key in a tree", `{"signature": "{}"}`, pw},
		{"#24 weak key in a tree", `{"auths": {"https://index.docker.io/v1/": {"auth": "Ym9iOmh1bnRlcjIy"}}}`, "Ym9iOmh1bnRlcjIy"},
		{"#25 braced connection-string value", "Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=sa;Pwd={{}};", pw},
		{"#25 braced connection-string value", "Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=sa;Pwd={ab;{}};", pw},
		{"#25 braced connection-string value", "jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={{}};", pw},
		{"#25 braced connection-string value", "Server=db;User Id=sa;Password={{}}", pw},
		{"#26 DSN without a scheme", `db, err := sql.Open("mysql", "root:{}@tcp(127.0.0.1:3306)/app")`, pw},
		{"#26 DSN without a scheme", "DSN=app:{}@unix(/var/run/mysqld/mysqld.sock)/app?parseTime=true", pw},
		{"#27 private-key file format", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIBsKyDvQYWkTq9WPsmFr0YQjAVVbXEN5Jp0vZ6f0e6zR\nPrivate-Lines: 1\nAAAAIHq2aX8mR7Lk3pN0vB9sT4wQ1eY6cD2fG5hJ8kL0mN3p\nPrivate-MAC: 4f8a2b1c3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a\n", "AAAAIHq2aX8mR7Lk3pN0vB9sT4wQ1eY6cD2fG5hJ8kL0mN3p"},
		{"#27 private-key file format", "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"rsa-key-20260101\"\nP2/56wAAA+wAAAA3aWYtbW9kbntzaWdue3JzYS1wa2NzMS1zaGExfSxlbmNyeXB0e3JzYS1w\nQz7vN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQrStUvWxYz0123456789abcdefghijkl\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n", "Qz7vN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQrStUvWxYz"},
		{"#27 private-key file format", "#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\ne5e4d6af39289d53171ecc237a8f996a\n97743d146661405ec724d5d7f1c5e6e9\n-----END OpenVPN Static key V1-----\n", "e5e4d6af39289d53171ecc237a8f996a"},
		{"#27 private-key file format", "# created: 2026-01-01T00:00:00Z\n# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\nAGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS3QL8CX\n", "QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS3QL8CX"},
		{"#28 JSON Web Key private member", `{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"X4cTteJY8gn8kgNmZ0qrdmVx2k4mFC5rFJC9R-tDvN0"}`, "X4cTteJY8gn8kgNmZ0qrdmVx2k4mFC5rFJC9R-tDvN0"},
		{"#28 JSON Web Key private member", `{"keys": [{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"X4cTteJY8gn8kgNmZ0qrdmVx2k4mFC5rFJC9R-tDvN0"}]}`, "X4cTteJY8gn8kgNmZ0qrdmVx2k4mFC5rFJC9R-tDvN0"},
		{"#28 JSON Web Key private member", `{"kty":"oct","alg":"HS256","k":"GawgguFyGrWKav7AX4VKUg"}`, "GawgguFyGrWKav7AX4VKUg"},
		{"#29 PEM body with a JSON escape", `{"pem":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\/zNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n-----END PRIVATE KEY-----\n"}`, "zNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0"},
		{"#30 vendor token prefix", "HF_HUB=x; huggingface-cli whoami # hf_QzvN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQr", "hf_QzvN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQr"},
		{"#30 vendor token prefix", "vault read -field=x secret/app # hvs.CAESIJQz7vN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQrStUvWx", "hvs.CAESIJQz7vN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQrStUvWx"},
		{"#30 vendor token prefix", "sendgrid: SG.Qz7vN2pLx9Rk4TmW8sYb.Xc7VdEfGhJkLmNpQrStUvWxYz012345678901234abcde", "Xc7VdEfGhJkLmNpQrStUvWxYz012345678901234abcde"},
		{"#30 vendor token prefix", "echo ya29.a0AfH6SMBQz7vN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQr", "a0AfH6SMBQz7vN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQr"},
		{"#30 vendor token prefix", "oauth client: GOCSPX-Qz7vN2pLx9Rk4TmW8sYbXcVdE", "GOCSPX-Qz7vN2pLx9Rk4TmW8sYbXcVdE"},
		{"#30 vendor token prefix", "doctl: dop_v1_e5e4d6af39289d53171ecc237a8f996a97743d146661405ec724d5d7f1c5e6e9", "e5e4d6af39289d53171ecc237a8f996a97743d146661405ec724d5d7f1c5e6e9"},
		{"#30 vendor token prefix", "shopify: 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", "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"},
		{"#30 vendor token prefix", "postman: PMAK-5f1a2b3c4d5e6f7a8b9c0d1e-e5e4d6af39289d53171ecc237a8f996a97", "e5e4d6af39289d53171ecc237a8f996a97"},
		{"#30 vendor token prefix", "linear: lin_api_Qz7vN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQrStUv", "lin_api_Qz7vN2pLx9Rk4TmW8sYbXcVdEfGhJkLmNpQrStUv"},
		{"#30 vendor token prefix", "terraform: Qz7vN2pLx9Rk4T.atlasv1.mW8sYbXcVdEfGhJkLmNpQrStUvWxYz0123456789abcdefghijklmnopqrs", "mW8sYbXcVdEfGhJkLmNpQrStUvWxYz0123456789abcdefghijklmnopqrs"},
		{"#31 netrc account", "machine api.example.com login bob account {}\n", pw},
		{"#31 netrc account", "machine api.example.com\n  login bob\n  password x\n  account {}\n", pw},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			var out string
			if strings.HasPrefix(tt.class, "#24") || strings.HasPrefix(tt.class, "#28") && strings.HasPrefix(in, `{"keys"`) {
				var v map[string]any
				if err := json.Unmarshal([]byte(in), &v); err != nil {
					t.Fatal(err)
				}
				red, _ := r.Tree(v)
				b, _ := json.Marshal(red)
				out = string(b)
			} else {
				out, _ = r.Text(in)
			}
			if strings.Contains(out, tt.secret) {
				t.Errorf("red-team round 12: secret stored in clear (source: red-team round 12): %q", strings.ReplaceAll(out, tt.secret, "<SECRET>"))
			}
		})
	}
}
