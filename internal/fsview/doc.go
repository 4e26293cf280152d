// Package fsview is the file system as a decision sees it: bounded,
// read-only questions about paths, asked at decision time. What does a path
// resolve to? Which file is it (device and inode, so another name for the
// same file is seen)? What type is it? Which names does a glob match? Which
// files lie below a directory?
//
// # Contract
//
//   - Nothing is ever written, and nothing but a regular file is opened:
//     the FS questions are lstat, readlink and directory listings, and
//     OpenFS.Open (OS, Rooted and Empty implement it) opens a regular
//     file read-only, non-blocking, and checks after opening that it is
//     the same regular file the name named (device and inode). A FIFO, a
//     device or a socket is reported by its mode and never blocks a
//     decision. ReadFile reads at most a bound, and a longer file is an
//     error, never a truncated answer.
//   - Every answer is bounded: Resolve follows at most MaxLinks symlinks
//     (a loop is an error, never a hang), Glob returns at most the caller's
//     limit of names, Walk stops at the caller's limits, and names longer
//     than MaxPath bytes are an error. Glob and Walk also take a work
//     budget counted in file-system calls, not in time, so that the same
//     tree always gets the same answer (ErrBudget past it).
//   - Glob expands a pattern as bash does (MatchName for one name: * ? [..]
//     [!..], no leading "." unless DotGlob, "**" only with GlobStar);
//     extended globs are ErrExtglob, for the caller to judge otherwise.
//     Walk lists a tree without following symlinks below its root and
//     without entering .git.
//   - Paths are absolute and slash-separated; an FS never interprets "~" or
//     relative paths. OS is the real file system; Rooted maps the absolute
//     namespace into a directory, so that tests can build a fixture tree
//     (files, symlinks, hard links, FIFOs) at /home/dev/project without
//     touching the real one; Empty holds nothing, for a policy's own
//     tests, whose paths are all virtual.
//   - An error is returned, never guessed around: the caller (the policy
//     engine) turns an error on a path it must check into a deny.
package fsview
