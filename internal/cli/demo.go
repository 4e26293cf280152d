package cli

import (
	"context"
	"os"

	"github.com/mandate-dev/mandate/internal/demo"
)

func runDemo(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "demo")
	keep := fs.Bool("keep", false, "keep the scratch directory (project, home, evidence log) after the demo")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	dir, err := os.MkdirTemp("", "mandate-demo-")
	if err != nil {
		return errorf(env, ExitFail, "demo: %v", err)
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	if err := demo.Run(ctx, env.Stdout, demo.Options{Dir: dir, Now: env.Now}); err != nil {
		return errorf(env, ExitFail, "%v", err)
	}
	if !*keep {
		env.Stdout.Write([]byte("  (run 'mandate demo --keep' to keep the scratch directory for these)\n"))
	}
	return ExitOK
}
