package redact_test

import (
	"fmt"

	"github.com/mandate-dev/mandate/internal/redact"
)

func ExampleRedactor_Text() {
	r, err := redact.New(redact.Config{Key: []byte("example-hmac-key-not-secret")})
	if err != nil {
		panic(err)
	}
	out, rules := r.Text("PGPASSWORD=hunter22 psql postgres://app:hunter22@db/app")
	fmt.Println(out)
	fmt.Println(rules)
	// Output:
	// PGPASSWORD=[REDACTED:password-assignment:7a648ad2e9f6] psql postgres://app:[REDACTED:url-credentials:7a648ad2e9f6]@db/app
	// [password-assignment url-credentials]
}

func ExampleRedactor_Tree() {
	r, err := redact.New(redact.Config{Key: []byte("example-hmac-key-not-secret")})
	if err != nil {
		panic(err)
	}
	in := map[string]any{"params": map[string]any{
		"command": "deploy --token abcdefgh12345678",
		"env":     []any{"HOME=/root", "API_KEY=abcdefgh12345678"},
	}}
	out, findings := r.Tree(in)
	fmt.Println(out.(map[string]any)["params"].(map[string]any)["env"])
	fmt.Println(findings)
	// Output:
	// [HOME=/root API_KEY=[REDACTED:credential-assignment:971694189762]]
	// [{params.command credential-assignment} {params.env[1] credential-assignment}]
}
