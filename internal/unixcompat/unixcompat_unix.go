//go:build unix

package unixcompat

import "golang.org/x/sys/unix"

// Stat_t is unix.Stat_t.
type Stat_t = unix.Stat_t

const (
	O_RDONLY   = unix.O_RDONLY
	O_WRONLY   = unix.O_WRONLY
	O_RDWR     = unix.O_RDWR
	O_APPEND   = unix.O_APPEND
	O_CREAT    = unix.O_CREAT
	O_CLOEXEC  = unix.O_CLOEXEC
	O_NOFOLLOW = unix.O_NOFOLLOW
	O_NONBLOCK = unix.O_NONBLOCK
	O_NOCTTY   = unix.O_NOCTTY

	S_IFMT   = unix.S_IFMT
	S_IFREG  = unix.S_IFREG
	S_IFDIR  = unix.S_IFDIR
	S_IFLNK  = unix.S_IFLNK
	S_IFIFO  = unix.S_IFIFO
	S_IFSOCK = unix.S_IFSOCK
	S_IFCHR  = unix.S_IFCHR
	S_IFBLK  = unix.S_IFBLK

	LOCK_EX = unix.LOCK_EX
	LOCK_SH = unix.LOCK_SH
	LOCK_NB = unix.LOCK_NB
	LOCK_UN = unix.LOCK_UN

	EINTR       = unix.EINTR
	ENOENT      = unix.ENOENT
	ENOTDIR     = unix.ENOTDIR
	EWOULDBLOCK = unix.EWOULDBLOCK
)

func Open(path string, mode int, perm uint32) (int, error) { return unix.Open(path, mode, perm) }
func Read(fd int, p []byte) (int, error)                   { return unix.Read(fd, p) }
func Write(fd int, p []byte) (int, error)                  { return unix.Write(fd, p) }
func Close(fd int) error                                   { return unix.Close(fd) }
func Stat(path string, st *Stat_t) error                   { return unix.Stat(path, st) }
func Lstat(path string, st *Stat_t) error                  { return unix.Lstat(path, st) }
func Fstat(fd int, st *Stat_t) error                       { return unix.Fstat(fd, st) }
func Flock(fd int, how int) error                          { return unix.Flock(fd, how) }
func Mkfifo(path string, mode uint32) error                { return unix.Mkfifo(path, mode) }
