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
// an MCPServer named name that writes notes relative to workDir and logs to logPath
// ("" = no log).
func BuildNoteMCP(ctx context.Context, dir, name, workDir, logPath string) (*MCPServer, error) {
	bin := filepath.Join(dir, "notemcp")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, NoteMCPPackage)
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("agentrun: build notemcp: %w: %s", err, strings.TrimSpace(string(out)))
	}
	env := map[string]string{"MANDATE_NOTEMCP_ROOT": workDir}
	if logPath != "" {
		env["MANDATE_NOTEMCP_LOG"] = logPath
	}
	return &MCPServer{Name: name, Command: bin, Env: env}, nil
}
