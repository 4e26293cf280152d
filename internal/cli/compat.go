package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// dashCompat rewrites long flags written with one dash (-json,
// -before=90d), which Go's flag package accepted and this CLI did before
// it moved to cobra, to the two-dash form. Only the names of the invoked
// command's flags are rewritten, never a flag's value, nothing after
// "--", and nothing for a command that parses its own arguments (hook).
func dashCompat(root *cobra.Command, args []string) []string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == nil || cmd.DisableFlagParsing {
		return args
	}
	cmd.InitDefaultHelpFlag()
	cmd.InitDefaultVersionFlag()
	fs := cmd.Flags()
	out := make([]string, len(args))
	copy(out, args)
	takesValue := false
	for i, a := range out {
		if takesValue {
			takesValue = false
			continue
		}
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "--") {
			name, _, hasValue := strings.Cut(a[2:], "=")
			if f := fs.Lookup(name); f != nil && !hasValue && f.NoOptDefVal == "" {
				takesValue = true
			}
			continue
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		if len(a) == 2 { // a shorthand: -v, -h
			if sf := fs.ShorthandLookup(a[1:]); sf != nil && sf.NoOptDefVal == "" {
				takesValue = true
			}
			continue
		}
		name, _, hasValue := strings.Cut(a[1:], "=")
		f := fs.Lookup(name)
		if f == nil {
			continue // a cluster of shorthands, or unknown: pflag says which
		}
		out[i] = "-" + a
		takesValue = !hasValue && f.NoOptDefVal == ""
	}
	return out
}
