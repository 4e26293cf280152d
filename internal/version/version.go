// Package version reports the build of this mandate binary, for
// `mandate version` and for evidence records, from the module build info.
package version

import (
	"runtime"
	"runtime/debug"
)

// Version is set at link time (-ldflags "-X ...version.Version=v1.2.3");
// otherwise it comes from the module build info, else "devel".
var Version = ""

// Get returns the version string.
func Get() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// String is the one-line description printed by `mandate version`.
func String() string {
	return "mandate " + Get() + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}
