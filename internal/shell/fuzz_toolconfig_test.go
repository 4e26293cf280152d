package shell

import "testing"

// FuzzToolConfig feeds the parsers of round 15's fixes: the command-line
// configuration of apt, hg, svn, jj and brz (toolconfig.go), the
// option values eval'ing scripts splice (evalscripts.go), the AWS
// CLI's parameter-file paths (paramfiles.go) and the optional leading
// operands of launchers (leadops.go). None may panic.
func FuzzToolConfig(f *testing.F) {
	for _, s := range []string{
		"apt-get -o APT::Update::Pre-Invoke::='rm x' update",
		"apt-get -qo APT::Update::Pre-Invoke::='rm x' update", "brz -qOeditor=vi commit", "apt-get -yqc",
		"hg --conf alias.x='!cat .env' x",
		"svn --config-option config:tunnels:ssh=sh ls",
		"jj --config ui.pager=less log",
		"memusage --prog=x -d y true",
		"xdg-user-dir '}; cat .env #'",
		"aws s3api put-object --body fileb://${HOME}/x --key '$A'",
		"setarch -R rm x", "runcon -c rm x", "chrt -5 x",
		"LESSOPEN='echo .env # %s' less x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 2000 {
			return
		}
		_ = scriptOptValues([]field{{s: line}, {s: "v"}}, "-n,--progname")
		for _, w := range []string{"apt-get -o ", "hg --config ", "memusage ", "aws x --v file://", "setarch "} {
			_, _ = Analyze(w+line, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
		}
		_, _ = Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	})
}
