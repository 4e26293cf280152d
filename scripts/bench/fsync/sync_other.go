//go:build !linux

package main

import "os"

// datasync is what the evidence log pays per append elsewhere: os's Sync,
// which is F_FULLFSYNC on macOS and FlushFileBuffers on Windows.
func datasync(f *os.File) error { return f.Sync() }
