//go:build !unix

package cli

// normaliseInherited: no resident engine runs here (internal/resident).
func normaliseInherited() error { return nil }
