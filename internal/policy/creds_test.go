package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestCredentialStoreList: a read of any credential store today's tools keep
// is denied, whoever's home it is in and however the path is spelled
// (class: credential theft through a file).
func TestCredentialStoreList(t *testing.T) {
	p := mustParse(t, "policies: []\n")
	for _, c := range []struct {
		path string
		want Effect
	}{
		{"~/.ssh/id_ed25519", Deny},
		{"~/.config/git/credentials", Deny},
		{"~/.git-credentials", Deny},
		{"~/.config/gh/hosts.yml", Deny},
		{"~/.config/hub", Deny},
		{"~/.codex/auth.json", Deny},
		{"~/.claude/.credentials.json", Deny},
		{"~/.gemini/oauth_creds.json", Deny},
		{"~/.config/gcloud/application_default_credentials.json", Deny},
		{"~/.config/gcloud/legacy_credentials/a@b/adc.json", Deny},
		{"~/.azure/msal_token_cache.json", Deny},
		{"~/.aws/sso/cache/x.json", Deny},
		{"~/.oci/config", Deny},
		{"~/.config/doctl/config.yaml", Deny},
		{"~/.terraform.d/credentials.tfrc.json", Deny},
		{"~/.cargo/credentials", Deny},
		{"~/.cargo/credentials.toml", Deny},
		{"~/.gem/credentials", Deny},
		{"~/.npmrc", Deny},
		{"~/.yarnrc.yml", Deny},
		{"~/.pypirc", Deny},
		{"~/.netrc", Deny},
		{"~/.docker/config.json", Deny},
		{"~/.kube/config", Deny},
		{"~/.config/op/config", Deny},
		{"~/.vault-token", Deny},
		{"~/.pgpass", Deny},
		{"~/.my.cnf", Deny},
		{"~/.gnupg/private-keys-v1.d/x.key", Deny},
		{"~/.local/share/keyrings/login.keyring", Deny},
		{"~/.m2/settings.xml", Deny},
		{"/root/.aws/credentials", Deny},
		{"/home/other/.config/gh/hosts.yml", Deny},
		{"/Users/someone/.ssh/id_rsa", Deny},
		{"/var/root/.netrc", Deny},
		{"/HOME/dev/.SSH/id_rsa", Deny},
		// not stores
		{"~/.config/gh/config.yml", Allow},
		{"~/.claude/settings.json", Allow},
		{"~/.gemini/GEMINI.md", Allow},
		{"~/.gemini/settings.json", Deny}, // mcpServers env and headers (red-team round 26, #c7)
		{"~/.cargo/config.toml", Allow},
		{"~/.gitconfig", Allow},
		{"~/.config/git/ignore", Allow},
		{"/tmp/.aws/credentials", Allow},
		{"/home/dev/project/.npmrc", Allow},
	} {
		d := p.Evaluate(fileAction(action.FileRead, "", c.path))
		if d.Decision != c.want {
			t.Errorf("read %s: %s (%s), want %s", c.path, d.Decision, d.Reason, c.want)
		}
	}
	// globs and parts not known statically in a command line
	for _, cmd := range []string{"cat ~/.ss?/id_rsa", "cat /home/*/.aws/*", "cat ~/.config/*/hosts.yml", "cat ~/.$X/credentials"} {
		if d := p.Evaluate(execAction(cmd, "")); d.Decision == Allow {
			t.Errorf("%s: %s (%s), want deny or ask", cmd, d.Decision, d.Reason)
		}
	}
}
