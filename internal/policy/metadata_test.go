package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestCloudMetadataDefault: the built-in default denies the cloud
// instance metadata services (class cloud-metadata) however the address
// is written and whichever tool reaches it; other link-local and private
// addresses stay allowed (control).
func TestCloudMetadataDefault(t *testing.T) {
	p := Default()
	fetch := func(u string) *action.Action {
		return &action.Action{V: 1, Kind: action.NetFetch, Tool: "WebFetch", URL: u, Cwd: testRoot, Actor: actor("")}
	}
	mcp := func(args string) *action.Action {
		return &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__fetch__fetch", Server: "fetch", MCPTool: "fetch", Arguments: []byte(args), Cwd: testRoot, Actor: actor("")}
	}
	for _, c := range []struct {
		class string
		a     *action.Action
		want  Effect
	}{
		{"cloud-metadata", execAction("curl http://169.254.169.254/latest/meta-data/", ""), Deny},
		{"cloud-metadata", execAction("wget -qO- 169.254.169.254/latest/user-data", ""), Deny},
		{"cloud-metadata", execAction("curl http://2852039166/", ""), Deny},
		{"cloud-metadata", execAction("curl http://0251.0376.0251.0376/", ""), Deny},
		{"cloud-metadata", execAction("curl http://169.254.43518/", ""), Deny},
		{"cloud-metadata", execAction("curl 'http://[::ffff:169.254.169.254]/'", ""), Deny},
		{"cloud-metadata", execAction("curl 'http://[fd00:ec2::254]/latest/'", ""), Deny},
		{"cloud-metadata", execAction("curl $AWS_CONTAINER_CREDENTIALS_FULL_URI http://169.254.170.2/v2/credentials/x", ""), Deny},
		{"cloud-metadata", execAction("curl http://metadata.google.internal./computeMetadata/v1/", ""), Deny},
		{"cloud-metadata", execAction("curl http://METADATA/computeMetadata/v1/", ""), Deny},
		{"cloud-metadata", execAction("curl http://100.100.100.200/latest/meta-data/", ""), Deny},
		{"cloud-metadata", fetch("http://169.254.169.254/latest/meta-data/"), Deny},
		{"cloud-metadata", fetch("http://[fd00:ec2::254]/"), Deny},
		{"cloud-metadata", mcp(`{"url":"169.254.169.254/latest/meta-data/"}`), Deny},
		{"cloud-metadata", mcp(`{"host":"metadata.google.internal"}`), Deny},
		{"control", execAction("curl http://169.254.1.1/", ""), Allow},
		{"control", fetch("https://example.com/metadata"), Allow},
		{"control", execAction("curl http://10.0.0.5:8080/health", ""), Allow},
	} {
		d := p.Evaluate(c.a)
		if d.Decision != c.want {
			t.Errorf("class %s: %s %s%s: got %s (%s), want %s", c.class, c.a.Kind, c.a.Command, c.a.URL+string(c.a.Arguments), d.Decision, d.Reason, c.want)
		}
	}
}
