package shell

import "testing"

// Red-team round 8, #6: a variable that names the directory a program
// deletes or fills (CARGO_TARGET_DIR=. cargo clean) is judged like the
// option that names it (cargo clean --target-dir .). Class:
// delete/indirect.
func TestToolDirs(t *testing.T) {
	const cls = "delete/indirect: a directory a program deletes or fills, named by a variable"
	runW(t, []wc{
		{class: cls, cmd: "CARGO_TARGET_DIR=. cargo clean", deletes: []string{P}},
		{class: cls, cmd: "cargo clean --target-dir .", deletes: []string{P}},
		{class: cls, cmd: "cargo clean --target-dir=src/t", deletes: []string{P + "/src/t"}},
		{class: cls, cmd: "CARGO_BUILD_TARGET_DIR=/x cargo clean", deletes: []string{"/x"}},
		{class: cls, cmd: "CARGO_TARGET_DIR=/a CARGO_BUILD_TARGET_DIR=/b cargo clean", deletes: []string{"/a"}},
		{class: cls, cmd: "export CARGO_TARGET_DIR=/x; cargo --color always clean -p foo", deletes: []string{"/x"}},
		{class: cls, cmd: "CARGO_TARGET_DIR=$X cargo clean", opaque: []string{"CARGO_TARGET_DIR names the directory cargo clean acts on"}},
		{class: cls, cmd: "cargo clean", clear: true, noWrite: []string{P + "/target"}},
		{class: cls, cmd: "CARGO_TARGET_DIR=/x cargo build", cands: []string{"/x/*"}},
		{class: cls, cmd: "CARGO_HOME=/h cargo build", cands: []string{"/h/registry*", "/h/.package-cache*"}, noWrite: []string{"/h/*"}},
		{class: cls, cmd: "GOCACHE=/c go clean -cache", deletes: []string{"/c"}, noWrite: []string{"/home/dev/.cache/go-build"}},
		{class: cls, cmd: "GOPATH=/g go clean -modcache", deletes: []string{"/g/pkg/mod"}},
		{class: cls, cmd: "GOPATH=/g:/h go clean -modcache", deletes: []string{"/g/pkg/mod"}},
		{class: cls, cmd: "XDG_CACHE_HOME=/x go clean -fuzzcache", deletes: []string{"/x/go-build"}},
		{class: cls, cmd: "GOTMPDIR=/t go test ./...", cands: []string{"/t/go-build*"}},
		{class: cls, cmd: "UV_CACHE_DIR=/u uv cache clean", deletes: []string{"/u"}},
		{class: cls, cmd: "uv cache clean --cache-dir /u", deletes: []string{"/u"}},
		{class: cls, cmd: "npm_config_cache=/n npm cache clean --force", deletes: []string{"/n"}},
		{class: cls, cmd: "npm_config_prefix=/p npm install -g x", writes: []string{"/p"}},
		{class: cls, cmd: "PIP_TARGET=/p pip install x", writes: []string{"/p"}},
		{class: cls, cmd: "DESTDIR=/d make install", writes: []string{"/d"}},
		{class: cls, cmd: "make -C src install DESTDIR=/d", writes: []string{"/d"}},
		{class: cls, cmd: "DESTDIR=/d make uninstall", deletes: []string{"/d"}},
		{class: cls, cmd: "MAVEN_OPTS='-Xmx1g -Dmaven.repo.local=/m' mvn package", cands: []string{"/m/*"}},
		{class: cls, cmd: "mvn -Dmaven.repo.local=/m package", cands: []string{"/m/*"}},
		{class: cls, cmd: "CARGO_HOME=/c rustup self uninstall -y", deletes: []string{"/c"}},
		{class: cls, cmd: "bazel --output_base=/o clean --expunge", deletes: []string{"/o"}},
		{class: cls, cmd: "CCACHE_DIR=/c ccache -C", deletes: []string{"/c"}},
	})
}
