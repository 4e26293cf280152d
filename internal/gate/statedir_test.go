//go:build unix

package gate

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// StateDirs lists what StateDir would pick from each variable alone, so
// that self-protection covers the state directory an agent's own
// MANDATE_HOME or XDG_STATE_HOME would move away from.
func TestStateDirs(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"HOME": "/home/dev"}, []string{"/home/dev/.local/state/mandate"}},
		{map[string]string{"MANDATE_HOME": "/srv/m/", "XDG_STATE_HOME": "/x", "HOME": "/h"}, []string{"/srv/m", "/x/mandate", "/h/.local/state/mandate"}},
		{map[string]string{"MANDATE_HOME": "rel", "XDG_STATE_HOME": "relative", "HOME": "/h"}, []string{filepath.Join(cwd, "rel"), "/h/.local/state/mandate"}},
		{map[string]string{}, nil},
	}
	for _, tt := range tests {
		got := StateDirs(func(k string) string { return tt.env[k] })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("StateDirs(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}
