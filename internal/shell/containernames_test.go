package shell

import (
	"path"
	"slices"
	"strings"
	"testing"
)

// TestMountedNames: the absolute paths of a container's command below a
// mount's container path are the host files below its source; the
// deepest mount wins; what the container cleans away ("..") or a path
// not known statically names nothing.
func TestMountedNames(t *testing.T) {
	mounts := []ContainerMount{
		{Source: ".", Target: "/w"},
		{Source: "/home/dev/project/src", Target: "/w/src", ReadOnly: true},
		{Source: "/srv/data", Target: "/data/"},
		{Source: "$X", Target: "/x"},
		{Source: "/dev/sda", Target: "/d", Device: true},
		{Source: "/etc", Target: "/"},
	}
	for _, tc := range []struct {
		words []string
		want  []MountedName
	}{
		{[]string{"cat", "/w/.env"}, []MountedName{{"/home/dev/project/.env", false}}},
		{[]string{"sh", "-c", "echo x >/w/agent-policy.yaml; cat '/w/src/p'"}, []MountedName{{"/home/dev/project/agent-policy.yaml", false}, {"/home/dev/project/src/p", true}}},
		{[]string{"--file=/data/a/../b", "PATH=/w/bin:/usr/bin"}, []MountedName{{"/srv/data/b", false}, {"/home/dev/project/bin", false}}},
		{[]string{"cat", "/w/../etc/passwd", "/w", "/wx/y", "w/z", "/x/y", "/d/x", "/w/$Y", "/w/*"}, nil},
		{[]string{"/w/src/../.env"}, []MountedName{{"/home/dev/project/.env", false}}},
	} {
		got := MountedNames(mounts, "/home/dev/project", tc.words)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.words, got, tc.want)
		}
	}
	if got := MountedNames(mounts[:1], "", []string{"/w/x"}); got != nil {
		t.Errorf("a relative source without a base: got %v", got)
	}
}

// TestMountRefs: a container's mount is reported as such (PathRef.Mount)
// so that the policy judges it as a whole; a read or write of the same
// path by the line's own commands is not a mount's, whatever the order.
func TestMountRefs(t *testing.T) {
	mount := func(refs []PathRef, p string) (found, isMount bool) {
		for _, r := range refs {
			if r.Path == p {
				return true, r.Mount
			}
		}
		return false, false
	}
	for _, tc := range []struct {
		cmd                     string
		p                       string
		readMount, writeMount   bool
		readFound, writeFound   bool
		named                   []string // MountedNameWhy reads
		namedWrite, namedWrite2 string   // MountedNameWhy possible writes
		namedDelete             string   // a MountedNameWhy delete
	}{
		{cmd: "docker run -v /home/dev/project:/w alpine true", p: "/home/dev/project", readFound: true, readMount: true, writeFound: true, writeMount: true},
		{cmd: "docker run -v ./tests:/t:ro alpine true", p: "/home/dev/project/tests", readFound: true, readMount: true},
		{cmd: "docker run -v /srv:/s alpine true; tar xf a.tar -C /srv", p: "/srv", readFound: true, writeFound: true},
		{cmd: "tar xf a.tar -C /srv; docker run -v /srv:/s alpine true", p: "/srv", readFound: true, writeFound: true},
		{cmd: "docker run -v /srv:/s:ro alpine true; grep -r x /srv", p: "/srv", readFound: true},
		{cmd: "docker run --device /dev/sda alpine true", p: "/dev/sda", writeFound: true},
		{cmd: "docker run -v /home/dev/project:/w alpine sh -c 'rm /w/x'", p: "/home/dev/project", readFound: true, readMount: true, writeFound: true, writeMount: true,
			named: []string{"/home/dev/project/x"}, namedDelete: "/home/dev/project/x"},
		{cmd: "docker run -v /home/dev/project:/w alpine sh -c 'echo >/w/x'", p: "/home/dev/project", readFound: true, readMount: true, writeFound: true, writeMount: true,
			namedWrite: "/home/dev/project/x"},
		{cmd: "docker run -v /srv:/s:ro alpine cat /s/k", p: "/srv", readFound: true, readMount: true, named: []string{"/srv/k"}},
	} {
		a, err := Analyze(tc.cmd, Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
		if err != nil {
			t.Errorf("%s: %v", tc.cmd, err)
			continue
		}
		if f, m := mount(a.Reads, tc.p); f != tc.readFound || m != tc.readMount {
			t.Errorf("%s: read of %s found %v mount %v, want %v %v (%v)", tc.cmd, tc.p, f, m, tc.readFound, tc.readMount, a.Reads)
		}
		if f, m := mount(a.Writes, tc.p); f != tc.writeFound || m != tc.writeMount {
			t.Errorf("%s: write of %s found %v mount %v, want %v %v (%v)", tc.cmd, tc.p, f, m, tc.writeFound, tc.writeMount, a.Writes)
		}
		for _, n := range tc.named {
			if !slices.ContainsFunc(a.Reads, func(r PathRef) bool { return r.Path == n && r.Why == MountedNameWhy && !r.Mount }) {
				t.Errorf("%s: no read of %s named through a mount (%v)", tc.cmd, n, a.Reads)
			}
		}
		writes := slices.DeleteFunc(slices.Clone(a.Writes), func(w PathRef) bool { return w.Why != MountedNameWhy })
		switch {
		case tc.namedWrite == "" && len(writes) > 0:
			t.Errorf("%s: possible writes through a read-only or no mount: %v", tc.cmd, writes)
		case tc.namedWrite != "" && (len(writes) != 1 || writes[0].Path != tc.namedWrite || !writes[0].Candidate):
			t.Errorf("%s: want one possible write of %s, got %v", tc.cmd, tc.namedWrite, writes)
		}
		if tc.namedDelete != "" && !slices.ContainsFunc(a.Deletes, func(d PathRef) bool { return d.Path == tc.namedDelete && d.Why == MountedNameWhy }) {
			t.Errorf("%s: no delete of %s named through a mount (%v)", tc.cmd, tc.namedDelete, a.Deletes)
		}
	}
}

// FuzzMountedNames: any words and mounts; every name is a cleaned
// absolute path at or below a source given.
func FuzzMountedNames(f *testing.F) {
	f.Add("/home/dev/project", "/w", "sh -c 'cat /w/.env >/w/x'", false)
	f.Add(".", "/w/", "/w/../w/./a", true)
	f.Add("/", "/a", "/a/b:/a/c=/a/d", false)
	f.Fuzz(func(t *testing.T, src, dst, words string, ro bool) {
		if len(words) > 4096 {
			return
		}
		ms := []ContainerMount{{Source: src, Target: dst, ReadOnly: ro}}
		for _, n := range MountedNames(ms, "/base", strings.Fields(words)) {
			s := src
			if !path.IsAbs(s) {
				s = path.Join("/base", s)
			}
			s = path.Clean(s)
			if n.Path != path.Clean(n.Path) || !path.IsAbs(n.Path) || n.ReadOnly != ro {
				t.Fatalf("%q: bad name %+v", words, n)
			}
			if _, ok := underDir(n.Path, s); !ok {
				t.Fatalf("%q: %s is not below %s", words, n.Path, s)
			}
		}
	})
}
