package cli

import (
	"context"
	"fmt"

	"github.com/mandate-dev/mandate/internal/version"
)

func runVersion(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "version")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	fmt.Fprintln(env.Stdout, version.String())
	return ExitOK
}
