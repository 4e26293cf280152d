//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package fsview

// dirOpenFlags: where there are no FIFOs to block on (Windows), a plain
// open; ReadDir of a file then fails as it lists.
const dirOpenFlags = 0
