//go:build !linux && !darwin

package resident

import (
	"context"
	"errors"
)

// ErrUnsupported is Serve's answer where the resident engine is not
// implemented (anything but Linux and macOS): every call is decided in
// the process the agent started.
var ErrUnsupported = errors.New("resident: the resident engine is not supported on this platform; every call runs in-process")

// Serve returns ErrUnsupported.
func Serve(context.Context, Options) error { return ErrUnsupported }
