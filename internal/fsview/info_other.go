//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package fsview

import "io/fs"

// infoOf gives no identity where the platform has no inode numbers in
// os.FileInfo (Windows): Dev and Ino stay zero and identity checks fall
// back to resolved paths.
func infoOf(fi fs.FileInfo) Info {
	return Info{Mode: fi.Mode(), Size: fi.Size(), Mtime: fi.ModTime().UnixNano(), Nlink: 1}
}
