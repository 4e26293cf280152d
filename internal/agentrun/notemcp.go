package agentrun

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// NoteMCPPackage is the import path of the test MCP server command (see package notemcp).
const NoteMCPPackage = "github.com/mandate-dev/mandate/internal/agentrun/notemcp/cmd/notemcp"

// BuildNoteMCP builds the notemcp test MCP server into dir with the go command and returns
// the binary's path.
func BuildNoteMCP(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "notemcp")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, NoteMCPPackage)
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("agentrun: build notemcp: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return bin, nil
}

// NoteMCP returns the MCPServer registration, under name, of the notemcp binary bin writing
// notes relative to workDir and logging requests to logPath ("" = no log).
func NoteMCP(bin, name, workDir, logPath string) *MCPServer {
	env := map[string]string{"MANDATE_NOTEMCP_ROOT": workDir}
	if logPath != "" {
		env["MANDATE_NOTEMCP_LOG"] = logPath
	}
	return &MCPServer{Name: name, Command: bin, Env: env}
}
