package codexpatch_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/codexpatch"
)

func TestParse(t *testing.T) {
	type op = codexpatch.Op
	cases := []struct {
		name, text string
		ops        []op
		err        bool
	}{
		{"add", "*** Begin Patch\n*** Add File: a\n+x\n+y\n*** End Patch\n",
			[]op{{Op: "add", Path: "a", Body: "*** Add File: a\n+x\n+y\n", Content: "x\ny\n"}}, false},
		{"indented headers and CRLF", "  *** Begin Patch\r\n  *** Delete File: b\r\n  *** End Patch",
			[]op{{Op: "delete", Path: "b", Body: "  *** Delete File: b\n"}}, false},
		{"move", "*** Begin Patch\n*** Update File: a\n*** Move to: b\n@@\n-1\n+2\n*** End Patch",
			[]op{{Op: "update", Path: "a", MoveTo: "b", Body: "*** Update File: a\n*** Move to: b\n@@\n-1\n+2\n"}}, false},
		// Codex keeps what follows "*** Add File: " (a file named " a"),
		// and reads the move on the raw line (trailing spaces kept).
		{"codex's readings", "*** Begin Patch\n*** Add File:  a\n+x\n*** Update File: c\n*** Move to: d  \n@@\n-1\n+2\n*** End Patch",
			[]op{{Op: "add", Path: "a", Alt: " a", Body: "*** Add File:  a\n+x\n", Content: "x\n"},
				{Op: "update", Path: "c", MoveTo: "d", AltMoveTo: "d  ", Body: "*** Update File: c\n*** Move to: d  \n@@\n-1\n+2\n"}}, false},
		// Codex's lenient mode: a here-document passed as an argument.
		{"heredoc wrapper", "<<'EOF'\n*** Begin Patch\n*** Delete File: p\n*** End Patch\nEOF\n",
			[]op{{Op: "delete", Path: "p", Body: "*** Delete File: p\n"}}, false},
		{"heredoc wrapper unquoted", "<<EOF\n*** Begin Patch\n*** Delete File: p\n*** End Patch\nEOF",
			[]op{{Op: "delete", Path: "p", Body: "*** Delete File: p\n"}}, false},
		{"header without a space", "*** Begin Patch\n*** Delete File:p\n*** End Patch",
			[]op{{Op: "delete", Path: "p", Body: "*** Delete File:p\n"}}, false},
		{"no envelope", "--- a\n+++ b\n", nil, true},
		{"no end", "*** Begin Patch\n*** Add File: a\n+x\n", nil, true},
		{"empty", "*** Begin Patch\n*** End Patch\n", nil, true},
		{"no path", "*** Begin Patch\n*** Add File:\n+x\n*** End Patch\n", nil, true},
		{"stray line", "*** Begin Patch\n+x\n*** End Patch\n", nil, true},
		{"move outside update", "*** Begin Patch\n*** Add File: a\n*** Move to: b\n*** End Patch\n", nil, true},
		// Codex refuses an envelope whose last line is not End Patch: so
		// must a reader that would otherwise stop at the first one.
		{"text after the end", "*** Begin Patch\n*** Add File: a\n+x\n*** End Patch\n*** Delete File: b\n*** End Patch\n", nil, true},
		{"wrapper without its end", "<<'EOF'\n*** Begin Patch\n*** Delete File: p\n*** End Patch\n", nil, true},
	}
	for _, c := range cases {
		ops, err := codexpatch.Parse(c.text)
		if (err != nil) != c.err {
			t.Errorf("%s: err %v", c.name, err)
			continue
		}
		a, _ := json.Marshal(ops)
		b, _ := json.Marshal(c.ops)
		if !bytes.Equal(a, b) {
			t.Errorf("%s:\n got %s\nwant %s", c.name, a, b)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("*** Begin Patch\n*** Add File: a\n+x\n*** Update File: b\n*** Move to: c\n@@\n-1\n+2\n*** Delete File: d\n*** End Patch\n")
	f.Add("*** Begin Patch\n*** End Patch")
	f.Add("<<'EOF'\n*** Begin Patch\n*** Add File:  a\n+x\n*** End Patch\nEOF\n")
	f.Fuzz(func(t *testing.T, text string) {
		ops, err := codexpatch.Parse(text)
		if err != nil {
			return
		}
		if len(ops) == 0 {
			t.Fatal("no ops without error")
		}
		for _, op := range ops {
			if op.Path == "" || (op.Op != "add" && op.Op != "update" && op.Op != "delete") {
				t.Fatalf("bad op %+v", op)
			}
			if op.Path != strings.TrimSpace(op.Path) || op.MoveTo != strings.TrimSpace(op.MoveTo) {
				t.Fatalf("untrimmed path %+v", op)
			}
			if op.Alt != "" && strings.TrimSpace(op.Alt) != op.Path {
				t.Fatalf("alternative reading of another path %+v", op)
			}
		}
	})
}
