package shell

import (
	"encoding/json"
	"flag"
	"testing"
)

var dumpCmd = flag.String("dump", "", "print the analysis of this command line")

func TestDump(t *testing.T) {
	if *dumpCmd == "" {
		t.Skip("use -dump")
	}
	an, err := Analyze(*dumpCmd, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(an, "", " ")
	t.Log(string(b))
}
