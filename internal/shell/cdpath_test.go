package shell

import "testing"

// TestCdSearch: cd NAME may go where CDPATH or cdable_vars send it
// (classes parser-differential/cdpath, parser-differential/shell-options).
func TestCdSearch(t *testing.T) {
	const (
		cdpath = "parser-differential/cdpath"
		cdable = "parser-differential/shell-options"
	)
	runW(t, []wc{
		{class: cdpath, cmd: "cd src && CDPATH=/home/dev/project cd infrastructure && cat main.tf",
			reads: []string{"/home/dev/project/infrastructure", "/home/dev/project/infrastructure/main.tf"}},
		{class: cdpath, cmd: "CDPATH=/home/dev cd .ssh && cat id_rsa", reads: []string{"/home/dev/.ssh", "/home/dev/.ssh/id_rsa"}},
		{class: cdpath, cmd: "export CDPATH=/home/dev/.local/state; cd mandate && cat evidence/signer.key",
			reads: []string{"/home/dev/.local/state/mandate/evidence/signer.key"}},
		{class: cdpath, cmd: "CDPATH=:/etc:~ ; cd .aws; cat credentials", reads: []string{"/etc/.aws", "/home/dev/.aws", "/home/dev/project/.aws"}},
		{class: cdpath, cmd: "cd src && CDPATH=/home/dev/project cd .github && echo x > workflows/ci.yml",
			reads: []string{"/home/dev/project/.github"}, opaque: []string{"working directory not known statically"}},
		{class: cdpath, cmd: "CDPATH=$X cd src && echo > a", opaque: []string{"working directory not known statically"}},
		{class: cdpath, cmd: "CDPATH=/home/dev cd ./src && echo > a", writes: []string{"/home/dev/project/src/a"}, clear: true},
		{class: cdpath, cmd: "cd src && echo > a", writes: []string{"/home/dev/project/src/a"}, clear: true},
		{class: cdable, cmd: "shopt -s cdable_vars; v=/home/dev/.ssh; cd v && cat id_rsa", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{class: cdable, cmd: "shopt -s cdable_vars; d=/home/dev/project/infrastructure; cd src; cd d; cat main.tf",
			reads: []string{"/home/dev/project/infrastructure/main.tf"}},
		{class: cdable, cmd: "shopt -s cdable_vars; cd HOME; cat .ssh/id_rsa", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{class: cdable, cmd: "shopt -s cdable_vars; cd build && echo > x", opaque: []string{"working directory not known statically"}},
	})
}

// TestLoopItems: a for loop over a few known items is analysed once per
// item (class parser-differential/compound-redirect: the loop's own
// redirection stays a plain write).
func TestLoopItems(t *testing.T) {
	const cl = "parser-differential/compound-redirect"
	runW(t, []wc{
		{class: cl, cmd: "for f in src/*.go; do cat \"$f\"; done > docs/all.txt", writes: []string{"/home/dev/project/docs/all.txt"},
			reads: []string{"/home/dev/project/src/*.go"}, clear: true},
		{class: cl, cmd: "for f in src/*.go; do gofmt -l \"$f\"; done", reads: []string{"/home/dev/project/src/*.go"}, clear: true},
		{class: cl, cmd: "for d in ~/.ssh; do (cd $d && cat id_rsa); done", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{class: cl, cmd: "for f in .env x; do cp $f src/; done", reads: []string{"/home/dev/project/.env"}},
		{class: cl, cmd: "for f in $(cat list); do rm \"$f\"; done", opaque: []string{"delete target not known statically"}},
		{class: cl, cmd: "for a in 1 2; do for b in x y; do echo > \"$b\"; done; done", opaque: []string{"write target not known statically"}},
	})
}
