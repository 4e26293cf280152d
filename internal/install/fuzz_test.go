package install

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tailscale/hujson"

	"github.com/mandate-dev/mandate/internal/hook"
)

// jsonAgents are the agents whose settings are JSON, for the fuzz target.
var jsonAgents = []string{hook.Claude, hook.Codex, hook.Gemini, hook.Copilot, hook.Cursor}

// oursByEvent lists, per event of d, the Mandate commands in it.
func oursByEvent(d *jdoc, sp spec) map[string][]string {
	out := map[string][]string{}
	for _, e := range mandateEntries(d, sp) {
		out[e[0]] = append(out[e[0]], e[1])
	}
	return out
}

// The settings editor, on any input: install and uninstall never panic;
// a file install accepts comes out as one the agent reads, with Mandate's
// hook on every event and nowhere twice; installing again changes
// nothing; and uninstall gives back the input, byte for byte, whenever it
// held nothing of Mandate's.
func FuzzSettingsEdit(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "edit", "*.json"))
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		for i := range jsonAgents {
			f.Add(uint8(i), b)
		}
	}
	for _, s := range []string{
		`{}`, `{ }`, "{\n}", `{"hooks":{}}`, `{"hooks":{"PreToolUse":[]}}`, `{"version":1}`, "{\"version\": 1}\n",
		`{"hooks":{"BeforeTool":[{"hooks":[]}]}}`, "/*a*/{/*b*/\"hooks\"/*c*/:/*d*/{/*e*/}/*f*/}/*g*/", "{\r\n}",
		`{"a":[1 ,2 ]  ,"b" : {}}`, "{\"hooks\": {\"Stop\": [1, \"x\", null, {\"hooks\": 3}]}}", "\n\n", "",
		`{"hooks": {"PreToolUse": [{"hooks": [{"command": "/old/mandate hook claude"}, {"command": "x"}]}]}}`,
		`{"hoo\u006bs": {}}`, `[]`, `{"a": 1,}`, `{"x": "\ud800"}`,
	} {
		for i := range jsonAgents {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		sp, _ := specFor(jsonAgents[int(which)%len(jsonAgents)])
		path := "/repo/settings.json"
		cmd := HookCommand(Project, "", sp.agent)
		if d, err := parseJSONC(path, data, sp); err == nil {
			mandateEntries(d, sp) // what doctor reads: never panics
			_ = sp.offSwitch(d)
		}
		before, _, err := uninstallJSONFile(path, data, sp)
		holdsOurs := err != nil || !bytes.Equal(before, data)
		out, err := installJSONFile(path, data, sp, cmd)
		if err != nil {
			return
		}
		d, err := parseJSONC(path, out, sp)
		if err != nil || len(d.notes) > 0 || sp.offSwitch(d) != nil {
			t.Fatalf("install wrote a file the agent would not read (%v %v):\n%q\nfrom\n%q", err, d, out, data)
		}
		ours := oursByEvent(d, sp)
		for _, ev := range sp.events {
			if len(ours[ev]) != 1 || ours[ev][0] != handlerCommand(&hujson.Value{Value: mustParse(t, sp.handler(cmd, ev)).Value}) {
				t.Fatalf("event %s: Mandate's entries %q in\n%s", ev, ours[ev], out)
			}
		}
		again, err := installJSONFile(path, out, sp, cmd)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second install changed the file (%v):\n%q\n%q", err, out, again)
		}
		back, remove, err := uninstallJSONFile(path, out, sp)
		if err != nil {
			t.Fatalf("uninstall: %v", err)
		}
		switch {
		case isBlank(data):
			if !remove {
				t.Fatalf("uninstall kept the file install created:\n%q", back)
			}
		case holdsOurs:
		case remove || !bytes.Equal(back, data):
			t.Fatalf("uninstall did not give back the input (remove %v):\n got %q\nwant %q\ninstalled %q", remove, back, data, out)
		}
	})
}

func mustParse(t *testing.T, v jval) hujson.Value {
	t.Helper()
	x, err := hujson.Parse(v.appendJSON(nil, false))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// Hermes' YAML, on any input: install and uninstall never panic; an
// accepted file comes out as YAML with Mandate's hook on every event,
// installing again changes nothing, uninstall leaves no Mandate entry and,
// for the block style the line edits handle, gives back the input byte for
// byte when it held nothing of Mandate's.
func FuzzHermesEdit(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "edit", "hermes-*.yaml"))
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", "a: 1\n", "hooks:\n", "hooks: {}\n", "hooks:\n  x: []\n", "- a\n", "a: 1\n...\n", "a: &x 1\nb: *x\n",
		"hooks:\n  pre_tool_call:\n  - command: /x/mandate hook hermes\n", "a: |\n  text\n\n  more\nb: 2\n", "a: 1"} {
		f.Add([]byte(s))
	}
	sp, _ := specFor(hook.Hermes)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		path := "/home/u/.hermes/config.yaml"
		cmd := HookCommand(User, "/opt/mandate/bin/mandate", sp.agent)
		before, _, err := uninstallYAML(path, data, sp)
		holdsOurs := err != nil || !bytes.Equal(before, data)
		out, exact, err := installYAMLEdit(path, data, sp, cmd)
		if err != nil {
			return
		}
		_, root, err := parseYAML(path, out)
		if err != nil {
			t.Fatalf("install wrote invalid YAML (%v):\n%q\nfrom\n%q", err, out, data)
		}
		hooks := yamlGet(root, "hooks")
		for _, ev := range sp.events {
			n := 0
			if seq := yamlGet(hooks, ev); seq != nil {
				for _, it := range seq.Content {
					if sp.oursYAML(it) {
						n++
					}
				}
			}
			if n != 1 {
				t.Fatalf("event %s: %d entries of Mandate's in\n%s", ev, n, out)
			}
		}
		again, err := installYAML(path, out, sp, cmd)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second install changed the file (%v):\n%q\n%q", err, out, again)
		}
		back, remove, err := uninstallYAML(path, out, sp)
		if err != nil {
			t.Fatalf("uninstall: %v", err)
		}
		if !remove && bytes.Contains(back, []byte(cmd)) {
			t.Fatalf("uninstall left Mandate's entries:\n%s", back)
		}
		switch {
		case isBlank(data):
			if !remove {
				t.Fatalf("uninstall kept the file install created:\n%q", back)
			}
		case holdsOurs || !exact:
		case remove || !bytes.Equal(back, data):
			t.Fatalf("uninstall did not give back the input (remove %v):\n got %q\nwant %q\ninstalled %q", remove, back, data, out)
		}
	})
}
