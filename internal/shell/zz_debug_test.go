package shell

import (
	"encoding/json"
	"os"
	"testing"
)

func TestZZAnalyze(t *testing.T) {
	c := os.Getenv("ZZ_CMD")
	if c == "" {
		t.Skip()
	}
	an, err := Analyze(c, Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
	b, _ := json.MarshalIndent(an, "", " ")
	t.Logf("%v\n%s", err, b)
}
