package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// noAbbrev lists programs whose option parser takes long options only in
// full: Go's flag package, Cobra/pflag, clap without infer_long_args,
// and runtimes with their own parsers. Every other program is assumed to
// take a unique prefix of a long option, as GNU getopt_long, argp, git's
// parse-options and Python's argparse (allow_abbrev) do: opts.names then
// resolves "--pre" to each modelled option it may abbreviate.
var noAbbrev = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"go": true, "gofmt": true, "gopls": true, "staticcheck": true,
		"kubectl": true, "helm": true, "docker": true, "podman": true, "gh": true,
		"terraform": true, "tofu": true, "hugo": true,
		"cargo": true, "rustc": true, "rustup": true,
		"node": true, "deno": true, "bun": true,
	}
}}
