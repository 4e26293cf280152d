//go:build linux || darwin || freebsd || netbsd || openbsd

package fsview

import (
	"io/fs"
	"syscall"
)

func infoOf(fi fs.FileInfo) Info {
	in := Info{Mode: fi.Mode(), Size: fi.Size(), Mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		in.Dev, in.Ino, in.Nlink = uint64(st.Dev), uint64(st.Ino), uint64(st.Nlink)
		in.Ctime = ctime(st)
	}
	return in
}
