package front

import (
	"os"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// Main runs mandate with args (os.Args[1:]) and returns the exit code. On
// Windows there is no resident engine and no exec: every command runs
// mandate-engine as a child with the same arguments, environment and
// standard streams, and its exit code is relayed (a hook's 1 becomes 2,
// as on Unix).
func Main(args []string) int {
	engine := engineBinary()
	if engine == "" && goRun(args) {
		return 0
	}
	if engine == "" {
		return refuse(args, "cannot find "+hookwire.EngineName+".exe (looked beside mandate and on PATH; build both: go build -o DIR ./cmd/mandate ./cmd/mandate-engine)")
	}
	code, err := run(engine, append([]string{hookwire.EngineName}, args...), withoutFrontVars(os.Environ()))
	if err != nil {
		return refuse(args, "could not run "+engine+": "+err.Error())
	}
	return hookwire.ExitCode(args, code)
}

// run runs prog as a child on this process's standard streams and returns
// its exit code; a child that did not exit normally answers 2.
func run(prog string, argv, env []string) (int, error) {
	p, err := os.StartProcess(prog, argv, &os.ProcAttr{Env: env, Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}})
	if err != nil {
		return 0, err
	}
	st, err := p.Wait()
	if err != nil {
		return 0, err
	}
	if !st.Exited() || st.ExitCode() < 0 {
		return 2, nil
	}
	return st.ExitCode(), nil
}

// goRun is the quick start's `go run ./cmd/mandate demo` on Windows: go
// runs the engine from the same source tree, as a child. It returns false
// when this program was not started by go run, or for hook.
func goRun(args []string) bool {
	exe, err := os.Executable()
	if err != nil || !contains(exe, "go-build") || (len(args) > 0 && args[0] == "hook") {
		return false
	}
	goBin := lookPath("go.exe")
	if goBin == "" {
		return false
	}
	code, err := run(goBin, append([]string{"go", "run", "github.com/mandate-dev/mandate/cmd/" + hookwire.EngineName}, args...), os.Environ())
	if err != nil {
		return false
	}
	os.Exit(code)
	return true
}

// engineBinary finds mandate-engine.exe: beside this executable, else on
// PATH. It returns an absolute path, or "".
func engineBinary() string {
	if exe, err := os.Executable(); err == nil {
		if p := join(dir(exe), hookwire.EngineName+".exe"); isExecutable(p) {
			return p
		}
	}
	return lookPath(hookwire.EngineName + ".exe")
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// pathListSep separates PATH's directories.
const pathListSep = ';'

// isAbs reports whether p is a drive-absolute (C:\...) or UNC (\\...) path.
func isAbs(p string) bool {
	sep := func(c byte) bool { return c == '\\' || c == '/' }
	return len(p) >= 3 && p[1] == ':' && sep(p[2]) || len(p) >= 2 && sep(p[0]) && sep(p[1])
}

// dir is p up to its last separator.
func dir(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '\\' || p[i] == '/' {
			return p[:i]
		}
	}
	return "."
}

func join(d, name string) string {
	if d != "" && (d[len(d)-1] == '\\' || d[len(d)-1] == '/') {
		return d + name
	}
	return d + `\` + name
}
