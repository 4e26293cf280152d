package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/version"
)

// versionInfo is `mandate version --json`.
type versionInfo struct {
	Version string `json:"version"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	// Commit and Modified come from the version control information go
	// build stamps (absent with -buildvcs=false, and under go run).
	Commit   string `json:"commit,omitempty"`
	Modified bool   `json:"modified,omitempty"`
}

func newVersionCmd(env *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version [flags]",
		Short: "Print the version",
		Long: `Print the version of this build: Mandate's version, the Go release it was built
with, and the platform. 'mandate --version' prints the same line.`,
		Example: `  mandate version
  mandate version --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !asJSON {
				fmt.Fprintln(env.Stdout, version.String())
				return nil
			}
			v := versionInfo{Version: version.Get(), Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, s := range bi.Settings {
					switch s.Key {
					case "vcs.revision":
						v.Commit = s.Value
					case "vcs.modified":
						v.Modified = s.Value == "true"
					}
				}
			}
			return exitWith(printJSON(env, v))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the version as JSON (see docs/cli.md)")
	return cmd
}
