//go:build !unix

package fsview

const (
	openFlags    = 0
	openNoFollow = 0
)
