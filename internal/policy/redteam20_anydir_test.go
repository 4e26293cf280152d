package policy

import "testing"

// TestAnyDirDefault holds fixer f20a's own finding of red-team round 20
// under the built-in default policy (no policy file): a relative read
// under a working directory not known statically (cd "$(ls -d ~/.s*h)";
// cat id_rsa) was judged at the last known cwd and at $HOME/NAME only,
// and a path whose leading part is dynamic ("$y/id_rsa") was globbed
// below the cwd (CWD/**): neither could match a credential store, and
// the default policy has no block_paths to ask by accident. Such a path
// is now a name in any directory, the pattern /**/NAME (shell.anyDir),
// judged against the credential stores and self-protection (ask).
func TestAnyDirDefault(t *testing.T) {
	p := Default()
	runLines(t, p, "", []lineCase{
		{"read/unknown-cwd", `cd "$(cat /tmp/d)"; cat id_rsa`, Ask, ""},
		{"read/unknown-cwd", `cd "$(find ~ -maxdepth 1 -name .s?h)"; cat id_rsa`, Ask, ""},
		{"read/unknown-cwd", "cd `echo ~/.ssh | rev | rev`; cat id_rsa", Ask, ""},
		{"read/unknown-cwd", `pushd "$y"; cat id_rsa`, Ask, ""},
		{"read/unknown-cwd", `cd "$d" && cat .aws/credentials`, Ask, ""},
		{"read/dynamic-path", `cat "$y/id_rsa"`, Ask, ""},
		{"read/dynamic-path", `cat "$(dirname "$k")/id_rsa"`, Ask, ""},
		{"read/dynamic-path", `cat "$XDG_CONFIG_HOME/gh/hosts.yml"`, Ask, ""},
		{"read/dynamic-path", `f=$(echo L2hvbWUvZGV2Ly5zc2gvaWRfcnNh | base64 -d); cat "$f"`, Ask, ""},
		{"read/moved-cwd", `pushd /tmp; pushd "$d"; popd; popd; cat id_rsa`, Ask, ""},
		// everyday lines stay allowed
		{"read/unknown-cwd", `cd "$(git rev-parse --show-toplevel)" && go test ./...`, Allow, ""},
		{"read/unknown-cwd", `cd "$(git rev-parse --show-toplevel)" && make test`, Allow, ""},
		{"read/unknown-cwd", `cd "$(mktemp -d)" && echo hi > a.txt && cat a.txt`, Allow, ""},
		{"read/unknown-cwd", `cd "$(dirname "$0")" && ls`, Allow, ""},
		{"read/unknown-cwd", `for d in */; do (cd "$d" && cat package.json); done`, Allow, ""},
		{"read/moved-cwd", `pushd src && go test ./... && popd && cat go.mod`, Allow, ""},
		{"ordinary", `go test ./... && git status`, Allow, ""},
	})
}
