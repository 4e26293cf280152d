package redact

import (
	"strings"
	"testing"
)

// Red-team round 8, #9 (class: secrets in clear in the evidence log).
// Fixed: url-credentials masks a token given as the user name
// (urlUserinfo), capability URLs are one table of shapes (capurl.go), and
// clitable.go gained curl -b and cf's positional passwords.
//
// A credential that is the whole of a URL's userinfo (https://TOKEN@host,
// as GitHub documents for a token in a clone URL; https://TOKEN:@host; the
// token before x-oauth-basic) is kept: url-credentials redacts only the
// part after the colon. Capability URLs whose secret is a path segment
// (Discord and Teams webhooks, a Telegram bot token) are kept while
// Slack's hooks.slack.com URL is redacted. A cookie value given to curl -b is
// kept while --cookie and a Cookie: header are redacted. cf auth USER PASS
// keeps the password (positional, like htpasswd -b, which is redacted).
func TestBreaker8Secrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const tok = "RIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc"
	for _, text := range []string{
		"git clone https://{}@github.com/o/r.git",
		"git remote set-url origin https://{}@github.com/o/r",
		"git clone https://{}:@github.com/o/r.git",
		"git clone https://{}:x-oauth-basic@github.com/o/r.git",
		"curl https://{}@api.example.com/v1",
		"curl 'https://discord.com/api/webhooks/123456789/{}'",
		"curl 'https://example.webhook.office.com/webhookb2/x/IncomingWebhook/{}/y'",
		"curl 'https://api.telegram.org/bot123456:{}/sendMessage'",
		"curl -b 'sid={}' https://example.com",
		"cf auth user {}",
	} {
		in := strings.ReplaceAll(text, "{}", tok)
		t.Run(text, func(t *testing.T) {
			if out, ids := r.Text(in); strings.Contains(out, tok) {
				t.Errorf("red-team round 8, #9: secret stored in clear: %q (fired %v)", strings.ReplaceAll(out, tok, "<TOKEN>"), ids)
			}
		})
	}
}
