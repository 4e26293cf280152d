package unixcompat

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Timespec is a time as seconds and nanoseconds since the Unix epoch.
type Timespec struct{ Sec, Nsec int64 }

// Nano is t in nanoseconds since the Unix epoch.
func (t Timespec) Nano() int64 { return t.Sec*1e9 + t.Nsec }

// Stat_t is what Stat says of a file (see the package doc).
type Stat_t struct {
	Dev, Ino   uint64
	Mode       uint32
	Size       int64
	Mtim, Ctim Timespec
}

const (
	O_RDONLY   = syscall.O_RDONLY
	O_WRONLY   = syscall.O_WRONLY
	O_RDWR     = syscall.O_RDWR
	O_APPEND   = syscall.O_APPEND
	O_CREAT    = syscall.O_CREAT
	O_CLOEXEC  = syscall.O_CLOEXEC
	O_NOFOLLOW = windows.FILE_FLAG_OPEN_REPARSE_POINT // a file flag syscall.Open and os.OpenFile pass on
	O_NONBLOCK = syscall.O_NONBLOCK
	O_NOCTTY   = syscall.O_NOCTTY

	S_IFMT   = syscall.S_IFMT
	S_IFREG  = syscall.S_IFREG
	S_IFDIR  = syscall.S_IFDIR
	S_IFLNK  = syscall.S_IFLNK
	S_IFIFO  = syscall.S_IFIFO
	S_IFSOCK = syscall.S_IFSOCK
	S_IFCHR  = syscall.S_IFCHR
	S_IFBLK  = syscall.S_IFBLK

	LOCK_SH = 1
	LOCK_EX = 2
	LOCK_NB = 4
	LOCK_UN = 8

	EINTR       = syscall.EINTR // never returned
	ENOENT      = syscall.ENOENT
	ENOTDIR     = syscall.ENOTDIR
	EWOULDBLOCK = syscall.EWOULDBLOCK
)

func Open(path string, mode int, perm uint32) (int, error) {
	h, err := syscall.Open(path, mode, perm)
	if err != nil {
		return -1, err
	}
	return int(h), nil
}

func Read(fd int, p []byte) (int, error)  { return syscall.Read(syscall.Handle(fd), p) }
func Write(fd int, p []byte) (int, error) { return syscall.Write(syscall.Handle(fd), p) }
func Close(fd int) error                  { return syscall.CloseHandle(syscall.Handle(fd)) }

// Stat follows links; Lstat does not.
func Stat(path string, st *Stat_t) error { return statPath(path, 0, st) }
func Lstat(path string, st *Stat_t) error {
	return statPath(path, windows.FILE_FLAG_OPEN_REPARSE_POINT, st)
}

func statPath(path string, flags uint32, st *Stat_t) error {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	// No access rights: enough to read attributes, and it opens files
	// others hold open exclusively.
	h, err := windows.CreateFile(p, 0, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS|flags, 0)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	return fstat(h, st)
}

func Fstat(fd int, st *Stat_t) error { return fstat(windows.Handle(fd), st) }

// fileBasicInfo is FILE_BASIC_INFO.
type fileBasicInfo struct {
	CreationTime, LastAccessTime, LastWriteTime, ChangeTime int64
	FileAttributes                                          uint32
	_                                                       uint32
}

func fstat(h windows.Handle, st *Stat_t) error {
	ft, err := windows.GetFileType(h)
	if err != nil {
		return err
	}
	switch ft {
	case windows.FILE_TYPE_CHAR:
		*st = Stat_t{Mode: S_IFCHR}
		return nil
	case windows.FILE_TYPE_PIPE:
		*st = Stat_t{Mode: S_IFIFO}
		return nil
	}
	var d windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &d); err != nil {
		return err
	}
	var b fileBasicInfo
	if err := windows.GetFileInformationByHandleEx(h, windows.FileBasicInfo, (*byte)(unsafe.Pointer(&b)), uint32(unsafe.Sizeof(b))); err != nil {
		return err
	}
	mode := uint32(S_IFREG)
	switch {
	case d.FileAttributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0:
		mode = S_IFLNK
	case d.FileAttributes&windows.FILE_ATTRIBUTE_DIRECTORY != 0:
		mode = S_IFDIR
	}
	if d.FileAttributes&windows.FILE_ATTRIBUTE_READONLY != 0 {
		mode |= 0o555
	} else {
		mode |= 0o777
	}
	*st = Stat_t{
		Dev:  uint64(d.VolumeSerialNumber),
		Ino:  uint64(d.FileIndexHigh)<<32 | uint64(d.FileIndexLow),
		Mode: mode,
		Size: int64(d.FileSizeHigh)<<32 | int64(d.FileSizeLow),
		Mtim: filetime(b.LastWriteTime),
		Ctim: filetime(b.ChangeTime),
	}
	return nil
}

// filetime converts a FILETIME (100 ns ticks since 1601) to a Timespec.
func filetime(ticks int64) Timespec {
	ns := (ticks - 116444736000000000) * 100
	return Timespec{Sec: ns / 1e9, Nsec: ns % 1e9}
}

// Flock locks or unlocks the whole file with LockFileEx.
func Flock(fd int, how int) error {
	h := windows.Handle(fd)
	var ol windows.Overlapped
	if how&LOCK_UN != 0 {
		return windows.UnlockFileEx(h, 0, ^uint32(0), ^uint32(0), &ol)
	}
	var flags uint32
	if how&LOCK_EX != 0 {
		flags |= windows.LOCKFILE_EXCLUSIVE_LOCK
	}
	if how&LOCK_NB != 0 {
		flags |= windows.LOCKFILE_FAIL_IMMEDIATELY
	}
	err := windows.LockFileEx(h, flags, 0, ^uint32(0), ^uint32(0), &ol)
	if err == windows.ERROR_LOCK_VIOLATION {
		return EWOULDBLOCK
	}
	return err
}

// Mkfifo fails: Windows has no FIFOs in the file system.
func Mkfifo(string, uint32) error { return syscall.EWINDOWS }
