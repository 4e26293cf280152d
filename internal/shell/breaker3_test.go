package shell

import (
	"fmt"
	"strings"
	"testing"
)

// TestBreaker3QuotedTextIsNotParserRecursion: red-team round 3, class
// benign/everyday (a false denial). precheck counts operator characters
// over the whole line "regardless of quoting" once the line has a "["
// (maxArithTokens, 4000), so a quoted here-document body — a JSON fixture,
// a generated table — counts as if it were arithmetic: an agent writing a
// 35 KB JSON file into src/ with cat > src/fixtures.json <<'EOF' is denied
// as "exceeds analysis limits: 4403 operator characters in a line with
// arithmetic" (mandate-engine check, example policy). A quoted
// here-document's body is data: the parser does not recurse into it, and
// it must not count against the parser's recursion limits (the same text
// single-quoted in a printf line passes).
func TestBreaker3QuotedTextIsNotParserRecursion(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 1100; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"id": %d, "name": "user%d"}`, i, i)
	}
	b.WriteString("]")
	for _, line := range []string{
		"cat > src/fixtures.json <<'EOF'\n" + b.String() + "\nEOF\n",
	} {
		if _, err := Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev"}); err != nil {
			t.Errorf("%d-byte line writing a JSON fixture into src/: %v", len(line), err)
		}
	}
}
