package hermes_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/hook/hermes"
	"github.com/mandate-dev/mandate/internal/hook/hooktest"
)

func TestFixtures(t *testing.T) { hooktest.Fixtures(t, hermes.Adapter{}, nil) }

func TestBadInput(t *testing.T) {
	hooktest.BadInput(t, hermes.Adapter{}, hooktest.BadInputSpec{
		Valid:    "testdata/fixtures/shell.pre.json",
		Post:     "testdata/fixtures/shell.post.json",
		EventKey: "hook_event_name",
		InputKey: "tool_input",
		IsDeny: func(stdout []byte) bool {
			var v map[string]any
			return json.Unmarshal(stdout, &v) == nil && v["decision"] == "block" && v["reason"] != ""
		},
	})
}

// Hermes sends tool_input null when the arguments are not an object.
func TestNullToolInputDenied(t *testing.T) {
	_, err := hermes.Adapter{}.Decode([]byte(`{"hook_event_name":"pre_tool_call","tool_name":"terminal","tool_input":null,"session_id":"s","cwd":"/p"}`))
	if err == nil {
		t.Fatal("null tool_input decoded")
	}
}

func FuzzDecode(f *testing.F) { hooktest.FuzzDecode(f, hermes.Adapter{}) }

// DecodeObject of a parsed payload answers exactly as Decode of the payload.
func TestDecodeObjectIsDecode(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.json"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		payload, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := hermes.Adapter{}.Decode(payload)
		f, err := hook.Object(payload)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		got, gerr := hermes.Adapter{}.DecodeObject(f)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: DecodeObject = %+v, %v; Decode = %+v, %v", file, got, gerr, want, werr)
		}
	}
}
