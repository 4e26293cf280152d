package gate

import (
	"reflect"
	"strings"
	"testing"
)

func sampleManifest() *manifest {
	t := ident{Dev: 1<<63 + 5, Ino: 1<<64 - 1, Mode: 0o120777, Size: 12, Mtime: -5, Ctime: 1765040000123456789}
	return &manifest{V: manifestVersion, Scope: "repo", Root: "/home/dev/my \"project\"", Entries: []pinEntry{
		{Path: "/home/dev/my \"project\"/agent-policy.yaml", Kind: kindPolicy, Format: 0, L: ident{Dev: 2049, Ino: 42, Mode: 0o100644, Size: 90, Mtime: 1, Ctime: 2},
			Checked: 3, Seen: "sha256:ab", SeenGov: "sha256:ab", Pinned: "sha256:ab", PinnedGov: "sha256:ab", Perm: 0o644, LastPolicy: "sha256:ab"},
		{Path: "/h/.claude/settings.json", Kind: kindHook, Format: formatClaudeJSON, L: ident{Mode: 0o120777}, T: &t,
			Seen: "unreadable: permission denied", SeenGov: "empty", Pinned: "absent", PinnedGov: "empty",
			Programs: []string{"/opt/m t/mandate", "/usr/bin/mandate-engine"}},
		{Path: "/h/.copilot/hooks", Kind: kindHookDir, Format: formatJSON, Missing: true, Seen: "absent", SeenGov: "absent", Pinned: "absent", PinnedGov: "absent"},
		{Path: "/p/\u00e9\n\t", Kind: kindBinary, Seen: "fifo", SeenGov: "fifo", Pinned: "sha256:00", PinnedGov: "sha256:00"},
	}}
}

func TestManifestCodecRoundTrip(t *testing.T) {
	for _, m := range []*manifest{sampleManifest(), {V: manifestVersion, Scope: "global"}} {
		got, err := decodeManifest(encodeManifest(m))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, m)
		}
	}
}

// A manifest that is not exactly what encodeManifest writes is corrupt:
// never a shorter or different manifest.
func TestManifestCodecRejects(t *testing.T) {
	good := string(encodeManifest(sampleManifest()))
	for name, b := range map[string]string{
		"empty":          "",
		"no header line": "mandate-pins 1 repo \"/r\"",
		"other version":  strings.Replace(good, "mandate-pins 1", "mandate-pins 2", 1),
		"bad scope":      strings.Replace(good, " repo ", " nope ", 1),
		"torn last line": good[:len(good)-3],
		"unknown kind":   strings.Replace(good, " policy ", " poison ", 1),
		"double space":   strings.Replace(good, " policy ", "  policy ", 1),
		"trailing space": strings.Replace(good, "\"sha256:ab\"\n", "\"sha256:ab\" \n", 1),
		"bad ident":      strings.Replace(good, "2049,42,", "2049,x,", 1),
		"unquoted path":  strings.Replace(good, "\"/h/.copilot/hooks\"", "/h/.copilot/hooks", 1),
		"missing fields": good + "\"/x\" binary 0 0\n",
	} {
		if _, err := decodeManifest([]byte(b)); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

func FuzzDecodeManifest(f *testing.F) {
	f.Add(encodeManifest(sampleManifest()))
	f.Add([]byte("mandate-pins 1 global \"\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeManifest(b)
		if err != nil {
			return
		}
		again, err := decodeManifest(encodeManifest(m))
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("re-encoding changed the manifest: %v", err)
		}
	})
}
