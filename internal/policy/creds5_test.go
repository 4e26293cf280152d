package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestCredentialStoresRound5: the credential files of infrastructure, CI,
// registry and developer-service CLIs that red-team round 5 (#13) found
// readable, and their neighbours (the same tool's other documented
// location: macOS, an older release, $XDG_RUNTIME_DIR). Class: credential
// theft through a file a tool keeps its login in.
func TestCredentialStoresRound5(t *testing.T) {
	p := mustParse(t, "policies: []\n")
	for _, c := range []struct {
		path string
		want Effect
	}{
		{"~/.terraformrc", Deny},
		{"/run/user/1000/containers/auth.json", Deny},
		{"/var/run/user/501/containers/auth.json", Deny},
		{"~/.ngrok2/ngrok.yml", Deny},
		{"~/Library/Application Support/ngrok/ngrok.yml", Deny},
		{"~/.sentryclirc", Deny},
		{"~/.circleci/cli.yml", Deny},
		{"~/.config/tea/config.yml", Deny},
		{"~/.mc/config.json", Deny},
		{"~/.pulumi/credentials.json", Deny},
		{"~/.supabase/access-token", Deny},
		{"~/.snowsql/config", Deny},
		{"~/.bluemix/config.json", Deny},
		{"~/.sbt/credentials", Deny},
		{"~/.sbt/.credentials", Deny},
		{"~/.ivy2/.credentials", Deny},
		{"~/.config/configstore/snyk.json", Deny},
		{"~/.wakatime.cfg", Deny},
		{"~/.config/helm/repositories.yaml", Deny},
		{"~/.config/helm/registry/config.json", Deny},
		{"~/Library/Preferences/helm/registry/config.json", Deny},
		{"~/.config/argocd/config", Deny},
		{"~/.argocd/config", Deny},
		{"/home/other/.pulumi/credentials.json", Deny},
		{"/root/.terraformrc", Deny},
		// not stores: the same tools' caches, plugins and settings
		{"~/.pulumi/plugins/resource-aws/x", Allow},
		{"~/.config/helm/plugins/x", Allow},
		{"~/.cache/helm/repository/index.yaml", Allow},
		{"~/.sbt/1.0/global.sbt", Allow},
		{"/run/user/1000/bus", Allow},
		{"/run/user/1000/containers/other.json", Allow},
	} {
		d := p.Evaluate(fileAction(action.FileRead, "", c.path))
		if d.Decision != c.want {
			t.Errorf("read %s: %s (%s), want %s", c.path, d.Decision, d.Reason, c.want)
		}
	}
}
