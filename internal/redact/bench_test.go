package redact

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// realisticText generates about n bytes of agent traffic: Go/Python source,
// shell commands, JSON tool payloads and logs, with a secret every ~8 KiB.
func realisticText(n int) string {
	rng := rand.New(rand.NewPCG(99, 1))
	code := []string{
		"func (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n",
		"\tctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)\n\tdefer cancel()\n",
		"\tkey := cacheKey(r.URL.Path, r.Header.Get(\"Accept\"))\n",
		"\tif v, ok := s.cache.Get(key); ok {\n\t\treturn v, nil\n\t}\n",
		"\ttoken := r.Header.Get(\"Authorization\")\n\tif token == \"\" {\n\t\treturn errUnauthorized\n\t}\n",
		"def load_config(path: str) -> dict:\n    with open(path) as f:\n        return yaml.safe_load(f)\n",
		"    password = os.environ.get(\"DB_PASSWORD\")\n    secret_name = \"prod/db\"\n",
		"for i, item := range items {\n\tresult[item.Key] = append(result[item.Key], item.Value)\n}\n",
		"// Package auth validates session tokens and API keys against the store.\n",
		"import { useState } from \"react\";\nconst [password, setPassword] = useState(\"\");\n",
		"  \"dependencies\": {\"express\": \"^4.18.2\", \"jsonwebtoken\": \"^9.0.0\"},\n",
	}
	shell := []string{
		"git checkout -b feature/x && git commit -am 'fix: handle empty token' && git push origin HEAD\n",
		"go test ./... -run TestAuth -count=1 2>&1 | tee /tmp/out.log\n",
		"curl -sS https://api.example.com/v1/items?limit=50 | jq '.items[] | .id'\n",
		"docker build -t registry.example.com/app:$(git rev-parse --short HEAD) .\n",
		"kubectl -n prod get pods -o wide | grep -v Running\n",
		"npm install && npm run build -- --mode production\n",
		"find . -name '*.go' -newer go.mod | xargs gofmt -l\n",
		"ssh deploy@10.0.4.12 'sudo systemctl restart app.service'\n",
	}
	jsonl := []string{
		`{"tool_name":"Bash","tool_input":{"command":"ls -la /srv/app","description":"List files"},"session_id":"%s"}` + "\n",
		`{"tool_name":"Read","tool_input":{"file_path":"/srv/app/config/settings.py"},"cwd":"/srv/app","hook_event_name":"PreToolUse"}` + "\n",
		`{"model":"gpt-4o","max_tokens":1024,"messages":[{"role":"user","content":"summarize the diff"}],"temperature":0.2}` + "\n",
		`{"level":"info","ts":"2025-01-02T03:04:05Z","msg":"request done","status":200,"bytes":5123,"trace_id":"%s"}` + "\n",
	}
	secrets := []func() string{
		func() string { return "export GITHUB_TOKEN=" + "ghp_" + randFrom(rng, alNum, 36) + "\n" },
		func() string { return "DATABASE_URL=postgres://app:" + randFrom(rng, alPw, 16) + "@db:5432/app\n" },
		func() string { return `{"api_key": "` + randFrom(rng, alNum, 32) + `"}` + "\n" },
		func() string { return "Authorization: Bearer " + randFrom(rng, alB64u, 40) + "\n" },
		func() string { return "aws_access_key_id = AKIA" + randFrom(rng, alUp32, 16) + "\n" },
	}
	var b strings.Builder
	next := 8192
	for b.Len() < n {
		switch rng.IntN(3) {
		case 0:
			b.WriteString(code[rng.IntN(len(code))])
		case 1:
			b.WriteString(shell[rng.IntN(len(shell))])
		default:
			line := jsonl[rng.IntN(len(jsonl))]
			if strings.Contains(line, "%s") {
				line = fmt.Sprintf(line, randFrom(rng, alHex, 32))
			}
			b.WriteString(line)
		}
		if b.Len() > next {
			b.WriteString(secrets[rng.IntN(len(secrets))]())
			next += 8192
		}
	}
	return b.String()
}

func benchText(b *testing.B, pii bool) {
	r := mustNew(b, Config{Key: testKey, PII: pii})
	text := realisticText(4 << 20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		r.Text(text)
	}
}

func BenchmarkText(b *testing.B)    { benchText(b, false) }
func BenchmarkTextPII(b *testing.B) { benchText(b, true) }

// BenchmarkTextRecords measures the realistic call shape: many small records.
func BenchmarkTextRecords(b *testing.B) {
	r := mustNew(b, Config{Key: testKey})
	lines := strings.SplitAfter(realisticText(1<<20), "\n")
	b.SetBytes(1 << 20)
	b.ResetTimer()
	for b.Loop() {
		for _, l := range lines {
			r.Text(l)
		}
	}
}

// TestThroughput fails if scanning realistic text grows far slower than
// a baseline measured in the same process, on the same text: lower-casing
// it and splitting it into words (referenceScan), the least any scanner
// of it does. A fixed MB/s floor failed with the machine's speed and
// load (7.5 MB/s for the same code on a busy CI run that had given 12 on
// an idle one); the ratio moves far less. The benchmark gives the real
// number, BENCHMARKS.md the target (20 MB/s).
func TestThroughput(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("throughput check skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	text := realisticText(2 << 20)
	r.Text(text)
	referenceScan(text)
	const rounds = 3
	var redact, ref time.Duration
	for range rounds { // interleaved, so a change of load hits both
		start := cpuTime()
		r.Text(text)
		redact += cpuTime() - start
		start = cpuTime()
		referenceScan(text)
		ref += cpuTime() - start
	}
	mbps := float64(rounds*len(text)) / redact.Seconds() / 1e6
	ratio := redact.Seconds() / ref.Seconds()
	t.Logf("Text throughput on realistic text: %.1f MB/s (process CPU time), %.1f× the reference scan's time", mbps, ratio)
	if ratio > maxThroughputRatio {
		t.Errorf("redaction takes %.1f× the reference scan's time, over the %.0f× bound: a gross regression", ratio, maxThroughputRatio)
	}
}

// maxThroughputRatio bounds Text's CPU time over referenceScan's on the
// same text: about twice what was measured when it was set (14–24×, on
// a 2-CPU machine under load, 2026-12-07).
const maxThroughputRatio = 40.0

// referenceScan is TestThroughput's baseline.
func referenceScan(text string) int {
	return len(strings.Fields(strings.ToLower(text)))
}

// TestPathological checks adversarial inputs stay linear-ish: dense
// keywords, unterminated blocks, long digit runs.
func TestPathological(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey, PII: true})
	inputs := map[string]string{
		"dense keys":      strings.Repeat("key=token=secret=password=", 8000),
		"pem no end":      "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("QUJD", 50000),
		"many pem heads":  strings.Repeat("-----BEGIN PRIVATE KEY-----", 8000),
		"eyJ dots":        strings.Repeat("eyJabcdefgh.", 16000),
		"digits":          strings.Repeat("4111 1111 1111 1111 ", 10000),
		"ats":             strings.Repeat("a@b.co ", 30000),
		"scheme":          strings.Repeat("x://a:b@", 25000),
		"recurring":       "password=abcdefgh " + strings.Repeat("abcdefgh ", 20000),
		"many secrets":    manySecrets(10000),
		"markers":         strings.Repeat("[REDACTED:jwt:0123456789ab]", 8000),
		"long identifier": strings.Repeat("a", 1<<18) + "password=x",
		"dense programs":  strings.Repeat("mysql -p ", 40000),
		"open substs":     "X=1; echo $X " + strings.Repeat("$(echo `x ", 30000),
		"nested substs":   "X=1; echo $X " + strings.Repeat("$(echo ", 30000) + strings.Repeat(")", 30000),
		"param ops":       "X=ab; echo $X " + strings.Repeat("${X,,${X:+", 30000),
		"child shells":    "X=1; " + strings.Repeat("X=2 sh -c 'mysql -p \"$X\" db'\n", 10000),
		"driver calls":    strings.Repeat(`oracledb.connect("u", "p", dsn="a/b@c", `, 10000),
		"dense pipelines": strings.Repeat("echo x | sudo -S ", 20000),
		"quote splits":    strings.Repeat(`gh''p_`, 50000),
		"variable refs":   "A=" + strings.Repeat("x", 4000) + "\n" + strings.Repeat("echo $A$A$A$A\n", 20000),
		"percent runs":    strings.Repeat("%41", 100000),
		"escapes apart":   strings.Repeat("%41"+strings.Repeat("x", 400), 1000),
		"dense sources":   strings.Repeat("echo ", 60000),
		"base64 runs":     strings.Repeat("cGFzc3dvcmQ9aHVudGVyMg== ", 20000),
		"one base64 run":  strings.Repeat("QUJD", 100000),
		"printf":          strings.Repeat("printf '%s%s' ghp_ab cd; ", 20000),
		"labels":          strings.Repeat(`-H "Authorization: Bearer" -H "x" `, 10000),
		"unterminated":    strings.Repeat(`a"b'c\`, 50000),
		// Red-team round 28: escapes, terminal sequences, markup, empty
		// expansions and printed pieces.
		"braced escapes": strings.Repeat(`a\u{41}\x{4`+"1"+`\N{LATIN SMALL LETTER A\U0000004`, 20000),
		"named refs":     strings.Repeat("a&lowbar;&#x0041&zz", 30000),
		"byte escapes":   strings.Repeat(`\xe2\x80\342\200%E2`, 30000),
		"osc open":       strings.Repeat("a\x1b]0;title", 30000),
		"long csi":       "a\x1b[" + strings.Repeat("1;", 200000) + "mb",
		"comments open":  strings.Repeat("a<!-- b", 40000),
		"tags open":      strings.Repeat("a<b c=d ", 40000),
		"emphasis":       strings.Repeat("a**b`c~", 40000),
		"continuations":  strings.Repeat("ab\\\n  ", 60000),
		"glued substs":   "X=1; echo $X " + strings.Repeat("a$(b`c${d", 30000),
		"printed pieces": strings.Repeat("echo -n ab; ", 30000),
	}
	for name, in := range inputs {
		start := cpuTime()
		out, _ := r.Text(in)
		d := cpuTime() - start
		t.Logf("%-16s %7d KiB in %v CPU", name, len(in)>>10, d)
		if d > 2*time.Second {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
		if again, _ := r.Text(out); again != out {
			t.Errorf("%s: not idempotent", name)
		}
	}
}

func manySecrets(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "password=pw%08d ", i)
	}
	return b.String()
}

// treeRecords are decoded tool inputs of the shapes agents send: shell
// commands, file writes, MCP arguments with lists and nested objects.
func treeRecords(tb testing.TB) []any {
	rng := rand.New(rand.NewPCG(7, 3))
	lines := strings.SplitAfter(realisticText(64<<10), "\n")
	var out []any
	for i := 0; i < 200; i++ {
		l := lines[rng.IntN(len(lines))]
		var js string
		switch i % 5 {
		case 0:
			js = fmt.Sprintf(`{"command": %q, "description": "run it", "timeout": 120000}`, l)
		case 1:
			js = fmt.Sprintf(`{"file_path": "/srv/app/main.go", "content": %q}`, strings.Join(lines[i:i+20], ""))
		case 2:
			js = `{"argv": ["go", "test", "./...", "-run", "TestAuth", "-count=1"], "env": {"GOFLAGS": "-mod=mod", "CGO_ENABLED": "0"}, "cwd": "/srv/app"}`
		case 3:
			js = `{"method": "POST", "url": "https://api.example.com/v1/items", "headers": {"Content-Type": ["application/json"], "Accept": "*/*"}, "body": {"items": [{"id": 1, "tags": ["a", "b", "c"]}, {"id": 2, "tags": []}]}}`
		default:
			js = `{"container": {"image": "nginx:1.27", "command": ["nginx", "-g", "daemon off;"], "args": ["-c", "/etc/nginx/nginx.conf"], "ports": [{"containerPort": 80}], "env": [{"name": "MODE", "value": "prod"}, {"name": "LOG_LEVEL", "value": "info"}]}}`
		}
		out = append(out, decode(tb, js))
	}
	return out
}

// BenchmarkTree measures Tree on the hook's input shapes.
func BenchmarkTree(b *testing.B) {
	r := mustNew(b, Config{Key: testKey})
	recs := treeRecords(b)
	b.ResetTimer()
	for b.Loop() {
		for _, v := range recs {
			r.Tree(v)
		}
	}
}
