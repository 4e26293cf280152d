package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestOptionConventions: the option words of programs whose writes are
// not modelled are read by the program's convention (getopt clusters, or
// single-dash long options): a flag is no possible write, and a value the
// program really writes still is (benign/everyday false denials of
// red-team round 2, items 24 and 25, next to the writes they must not
// hide).
func TestOptionConventions(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	const (
		ok   = "benign/everyday option-convention"
		w    = "write/option-value"
		self = "self-protection/policy-write"
	)
	runFSCases(t, p, []fsCase{
		// Single-dash long options are one word each.
		{class: ok, cmd: "gcc -Wall -Wextra -Wformat -O2 -fno-omit-frame-pointer -lboost -o src/a src/a.c", want: Allow},
		{class: ok, cmd: "gcc -Isrc/include -c src/a.c -o src/a.o", want: Allow},
		{class: ok, cmd: "x86_64-linux-gnu-gcc-12 -std=c11 -pedantic -o src/a src/a.c", want: Allow},
		{class: ok, cmd: "clang++-17 -std=c++20 -stdlib=libc++ -o src/a src/a.cc", want: Allow},
		{class: ok, cmd: "java -version", want: Allow},
		{class: ok, cmd: "java -Xmx2g -Dspring.profiles.active=dev -jar src/x.jar", want: Allow},
		{class: ok, cmd: "javac -verbose -d src/out src/A.java", want: Allow},
		{class: ok, cmd: "terraform plan -no-color -input=false", want: Allow},
		{class: ok, cmd: "openssl rand -hex 16", want: Allow},
		{class: ok, cmd: "mvn -DskipTests -am -pl core package", want: Allow},
		{class: ok, cmd: "xcodebuild -scheme App -configuration Debug test", want: Allow},
		{class: ok, cmd: "sqlite3 -readonly -header src/db 'select 1'", want: Allow},
		{class: ok, cmd: "staticcheck -checks all ./...", want: Allow},
		{class: ok, cmd: "govulncheck ./...", want: Allow},
		// getopt clusters: a tail that is a bare word naming nothing is
		// no more a path than the same word alone.
		{class: ok, cmd: "pytest -xvs tests", want: Allow},
		{class: ok, cmd: "ss -tlnp", want: Allow},
		{class: ok, cmd: "mytool -vvv", want: Allow},
		{class: ok, cmd: "kubectl get pods -owide", want: Allow},
		// What such programs really write is still a write.
		{class: self, cmd: "gcc -oagent-policy.yaml src/a.c", want: Deny, reason: "policy file"},
		{class: self, cmd: "gcc --output=agent-policy.yaml src/a.c", want: Deny, reason: "policy file"},
		{class: self, cmd: "gcc -MFagent-policy.yaml -c src/a.c", want: Deny, reason: "policy file"},
		{class: self, cmd: "gcc -Wl,-o,agent-policy.yaml src/a.c", want: Deny, reason: "policy file"},
		{class: w, cmd: "gcc -Wl,-oMakefile src/a.c", want: Deny, reason: "allow_paths"},
		{class: w, cmd: "gcc -MFMakefile -c src/a.c", want: Deny, reason: "allow_paths"},
		{class: w, cmd: "gcc -o Makefile src/a.c", want: Deny, reason: "allow_paths"},
		{class: w, cmd: "gcc -onew src/a.c", want: Deny, reason: "allow_paths"},
		{class: self, cmd: "java -Xloggc:agent-policy.yaml -jar src/x.jar", want: Deny, reason: "policy file"},
		{class: w, cmd: "java -XX:HeapDumpPath=Makefile -jar src/x.jar", want: Deny, reason: "allow_paths"},
		{class: self, cmd: "terraform plan -out=agent-policy.yaml", want: Deny, reason: "policy file"},
		{class: self, cmd: "openssl rand -out agent-policy.yaml 16", want: Deny, reason: "policy file"},
		{class: self, cmd: "mvn -Dmaven.repo.local=.github/r package", want: Deny},
		{class: self, cmd: "staticcheck -debug.cpuprofile=agent-policy.yaml ./...", want: Deny, reason: "policy file"},
		{class: self, cmd: "mytool -xoagent-policy.yaml", want: Deny, reason: "policy file"},
		{class: w, cmd: "mytool -xoMakefile", want: Deny, reason: "allow_paths"},
		{class: w, cmd: "mytool -xonew ./new", want: Deny, reason: "allow_paths"}, // the slash spelling wins
		{class: w, cmd: "mytool ./...", want: Deny, reason: "allow_paths"},        // not a Go tool: a file named ...
		// Item 25: reads are not writes.
		{class: ok, cmd: "yq '.policies' agent-policy.yaml", want: Allow},
		{class: ok, cmd: "yq e -o json '.a' src/x.yaml", want: Allow},
		{class: self, cmd: "yq -i '.policies = []' agent-policy.yaml", want: Deny, reason: "policy file"},
		{class: self, cmd: "yq --in-place '.policies = []' agent-policy.yaml", want: Deny, reason: "policy file"},
		{class: self, cmd: "yq -Pi '.policies = []' agent-policy.yaml", want: Deny, reason: "policy file"},
		{class: self, cmd: "yq -i --from-file src/e.yq agent-policy.yaml", want: Deny, reason: "policy file"},
		{class: w, cmd: "yq -s '\"out\"' src/x.yaml", want: Ask},
		{class: ok, cmd: "git cat-file -p HEAD", want: Allow},
		{class: ok, cmd: "git cat-file -p HEAD~1^{tree}", want: Allow},
		{class: ok, cmd: "git cat-file commit main", want: Allow},
		{class: "read/git-object", cmd: "git cat-file -p main", want: Deny, reason: ".env"},    // a tag may be a blob
		{class: "read/git-object", cmd: "git cat-file -p HEAD^{}", want: Deny, reason: ".env"}, // peels a tag
		{class: "read/git-object", cmd: "git cat-file -p 1234abcd", want: Deny, reason: ".env"},
		{class: ok, cmd: "gofmt -w src", want: Allow},
		{class: ok, cmd: "goimports -w src/lib", want: Allow},
		{class: self, cmd: "gofmt -w src/p", want: Deny, reason: "hard link"},
		{class: self, cmd: "gofmt -w agent-policy.yaml", want: Deny, reason: "policy file"},
		{class: w, cmd: "gofmt -w Makefile", want: Deny, reason: "allow_paths"},
		{class: self, cmd: "gofmt -w .github", want: Deny},
		{class: self, cmd: "touch src/.claude/x.go; gofmt -w src", want: Deny},
		{class: ok, cmd: "phpunit", want: Allow},
		{class: ok, cmd: "phpstan analyse src", want: Allow},
		{class: "exec/opaque-input", cmd: "php8.3", want: Ask},
		{class: "exec/opaque-input", cmd: "php-cgi", want: Ask},
		// grpcurl: host:port, file options.
		{class: "host/option-form", cmd: "grpcurl -plaintext api.production.company.com:443 list", want: Deny, reason: "block_hosts"},
		{class: ok, cmd: "grpcurl -plaintext -d '{\"a\":1}' localhost:50051 svc.Svc/Get", want: Allow},
		{class: self, cmd: "grpcurl --protoset-out agent-policy.yaml localhost:1 list", want: Deny, reason: "policy file"},
		{class: "read/option-value", cmd: "grpcurl -cacert=.env localhost:1 list", want: Deny, reason: ".env"},
		// gdb: showing the environment is a dump.
		{class: "env/dump-by-tool", cmd: "gdb -batch -ex 'sho env' --args true", want: Deny, reason: "environment"},
	})
}
