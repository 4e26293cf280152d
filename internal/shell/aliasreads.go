package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Reads whose bytes are other files' contents. A raw block device or the
// machine's memory holds every file (the policy, .env, the signing key);
// a git object store holds every file git tracks, zlib-compressed, which
// any inflating tool (pigz -dz, zlib-flate, openssl zlib, python's zlib)
// turns back into text. A read of one of these is also reported as the
// read of what it holds: the whole file system, or the repository's
// tracked files.

// rawDeviceFamilies are the /dev names of storage and memory devices,
// as a prefix and whether a unit suffix (letters, digits) must follow.
var rawDeviceFamilies = &lazy.Value[[]struct {
	prefix string
	unit   bool
}]{New: func() []struct {
	prefix string
	unit   bool
} {
	return []struct {
		prefix string
		unit   bool
	}{
		{"sd", true}, {"hd", true}, {"vd", true}, {"xvd", true}, {"nvme", true}, {"mmcblk", true}, {"dm-", true},
		{"md", true}, {"loop", true}, {"sr", true}, {"zd", true}, {"nbd", true}, {"rbd", true}, {"drbd", true},
		{"bcache", true}, {"ubd", true}, {"mtd", true}, {"mtdblock", true}, {"pmem", true}, {"zram", true},
		{"ram", true}, {"sg", true}, {"st", true}, {"nst", true}, {"fd", true}, {"disk", true}, {"rdisk", true},
		{"root", false}, {"mem", false}, {"kmem", false}, {"port", false}, {"kcore", false},
	}
}}

// rawDeviceDirs are /dev directories whose entries are block devices.
var rawDeviceDirs = []string{"mapper/", "disk/", "zvol/", "md/", "block/", "bcache/"}

// rawDevice reports whether abs names a raw storage or memory device.
func rawDevice(abs string) bool {
	name, ok := strings.CutPrefix(abs, "/dev/")
	if !ok || name == "" {
		return false
	}
	if strings.Contains(name, "/") {
		for _, d := range rawDeviceDirs {
			if strings.HasPrefix(name, d) && len(name) > len(d) {
				return true
			}
		}
		return false
	}
	for _, f := range rawDeviceFamilies.Get() {
		rest, ok := strings.CutPrefix(name, f.prefix)
		if !ok {
			continue
		}
		if !f.unit {
			if rest == "" {
				return true
			}
			continue
		}
		if rest != "" && alnum(rest) && (f.prefix != "sd" && f.prefix != "hd" || rest[0] >= 'a' && rest[0] <= 'z') {
			if f.prefix == "disk" || f.prefix == "rdisk" || f.prefix == "fd" || f.prefix == "st" || f.prefix == "md" ||
				f.prefix == "loop" || f.prefix == "ram" || f.prefix == "sg" || f.prefix == "sr" {
				if rest[0] < '0' || rest[0] > '9' {
					continue // /dev/stdin, /dev/random, /dev/sgx, /dev/fdx are not these
				}
			}
			return true
		}
	}
	return false
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isIdentByte(s[i]) || s[i] == '_' {
			return false
		}
	}
	return true
}

// contentAliasRead reports what a read of abs also reads: every file, for
// a raw device; the tracked files of the repository, for a file in its
// object store.
func (a *analyzer) contentAliasRead(sc *scope, abs, cmd string) {
	if rawDevice(abs) {
		a.path(sc, kRead, tree(field{s: "/"}, treeOpts{}), cmd, "raw device "+abs+": holds every file on the disk")
		return
	}
	// .git/objects/…, and a submodule's .git/modules/NAME/objects/…
	if i := strings.Index(abs, "/.git/"); i >= 0 {
		if j := strings.Index(abs[i:], "/objects/"); j >= 0 && len(abs) > i+j+len("/objects/") {
			root := abs[:i]
			if root == "" {
				root = "/"
			}
			a.path(sc, kRead, tree(field{s: root}, treeOpts{tracked: true}), cmd, "git object store "+abs[:i+j+len("/objects")]+": holds every tracked file")
		}
	}
}
