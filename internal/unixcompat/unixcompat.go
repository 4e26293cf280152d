// Package unixcompat is the part of golang.org/x/sys/unix the gate's file
// checks use, for every platform Mandate builds on. On Unix it is x/sys/unix
// itself (aliases and one-line wrappers the compiler inlines). On Windows it
// emulates those calls with the same fail-closed meaning, so the callers
// keep one code path:
//
//   - Open passes O_NOFOLLOW as FILE_FLAG_OPEN_REPARSE_POINT: a symbolic
//     link or junction is opened as itself, and its Fstat says S_IFLNK, so
//     a caller that wants a regular file refuses it, as ELOOP would;
//   - Stat, Lstat and Fstat fill Stat_t from the file's handle: volume
//     serial and file index for Dev and Ino, FILE_ATTRIBUTE_REPARSE_POINT
//     for S_IFLNK, the file type for S_IFCHR and S_IFIFO, and, as Windows
//     has no execute bit, every regular file counts as executable (0o777,
//     0o555 when read-only), so that checks for Mandate's binaries err
//     toward protecting a file;
//   - Flock is LockFileEx on the whole file;
//   - Mkfifo fails: there are no FIFOs in the file system.
//
// Callers import it under the name unix.
package unixcompat
