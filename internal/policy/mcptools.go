package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Well-known MCP tools that are commands by another name: the git MCP
// server runs git with its arguments (git_show of HEAD:.env prints the
// blob, git_checkout rewrites the work tree), and the GitHub MCP server's
// write tools update branches on the remote, as a push does. Such a call
// is judged as the command line it amounts to, by the same analysis as
// the agent's shell, in addition to the generic inspection of its
// arguments. A tool is known by its name, whatever the server is called
// in the agent's configuration: another server's tool of the same name is
// judged the same way, which can only ask or deny more.

// mcpCommand is one tool's command line: words of a template, each a
// literal (written as is: it may hold $VARIABLES standing for what is not
// known, such as a pull request's base branch) or an argument:
// "{name}" (required), "{name?}" (left out when absent), "{name...}" (a
// list, each element a word). Argument values are quoted.
type mcpCommand struct {
	words []string
	// dir names the argument that is the command's working directory.
	dir string
}

// mcpCommands maps tool names to their command lines. Sources:
// modelcontextprotocol/servers src/git (mcp-server-git) and
// github/github-mcp-server.
var mcpCommands = &lazy.Value[map[string]mcpCommand]{New: func() map[string]mcpCommand {
	return map[string]mcpCommand{
		// mcp-server-git
		"git_status":        {words: []string{"git", "status"}, dir: "repo_path"},
		"git_diff_unstaged": {words: []string{"git", "diff"}, dir: "repo_path"},
		"git_diff_staged":   {words: []string{"git", "diff", "--cached"}, dir: "repo_path"},
		"git_diff":          {words: []string{"git", "diff", "{target}"}, dir: "repo_path"},
		"git_commit":        {words: []string{"git", "commit", "-m", "{message}"}, dir: "repo_path"},
		"git_add":           {words: []string{"git", "add", "{files...}"}, dir: "repo_path"},
		"git_reset":         {words: []string{"git", "reset"}, dir: "repo_path"},
		"git_log":           {words: []string{"git", "log"}, dir: "repo_path"},
		"git_create_branch": {words: []string{"git", "branch", "{branch_name}", "{base_branch?}"}, dir: "repo_path"},
		"git_checkout":      {words: []string{"git", "checkout", "{branch_name}"}, dir: "repo_path"},
		"git_show":          {words: []string{"git", "show", "{revision}"}, dir: "repo_path"},
		"git_init":          {words: []string{"git", "init", "{repo_path}"}},
		"git_branch":        {words: []string{"git", "branch", "--list"}, dir: "repo_path"},
		// github-mcp-server: commits and ref updates on the remote are pushes
		"push_files":                 {words: []string{"git", "push", "https://github.com/{owner}/{repo}", "HEAD:refs/heads/{branch}"}},
		"create_or_update_file":      {words: []string{"git", "push", "https://github.com/{owner}/{repo}", "HEAD:refs/heads/{branch}"}},
		"delete_file":                {words: []string{"git", "push", "https://github.com/{owner}/{repo}", "HEAD:refs/heads/{branch}"}},
		"create_branch":              {words: []string{"git", "push", "https://github.com/{owner}/{repo}", "HEAD:refs/heads/{branch}"}},
		"merge_pull_request":         {words: []string{"git", "push", "https://github.com/{owner}/{repo}", "HEAD:refs/heads/$PULL_REQUEST_BASE_BRANCH"}},
		"update_pull_request_branch": {words: []string{"git", "push", "https://github.com/{owner}/{repo}", "HEAD:refs/heads/$PULL_REQUEST_HEAD_BRANCH"}},
	}
}}

// mcpCommandLine judges a known MCP tool as the command it amounts to.
func (ev *evaluation) mcpCommandLine() {
	spec, ok := mcpCommands.Get()[ev.a.MCPTool]
	if !ok {
		return
	}
	subj := ev.a.Server + "/" + ev.a.MCPTool
	args := map[string]any{}
	if t := ev.mcpArgs(); t != nil {
		m, ok := t.object()
		if !ok {
			ev.deny(groupAnalysis, "mcp-arguments", subj, fmt.Sprintf("MCP tool %q runs a command, and its arguments are not a JSON object", subj))
			return
		}
		args = m
	}
	line, err := mcpLine(spec, args)
	if err != nil {
		ev.deny(groupAnalysis, "mcp-arguments", subj, fmt.Sprintf("MCP tool %q runs a command Mandate judges from its arguments: %v", subj, err))
		return
	}
	an, err := ev.analyze(line, shell.Options{Cwd: ev.cwd, Home: ev.home, Root: ev.root})
	if err != nil || an == nil {
		ev.deny(groupAnalysis, "unparsable-command", line, fmt.Sprintf("MCP tool %q is the command %q, which cannot be analysed", subj, line))
		return
	}
	ev.analyses = append(ev.analyses, an)
	ev.analysis(an)
}

// mcpLine builds a tool's command line from its arguments.
func mcpLine(spec mcpCommand, args map[string]any) (string, error) {
	var b strings.Builder
	if spec.dir != "" {
		if d, ok, err := mcpArg(args, spec.dir); err != nil {
			return "", err
		} else if ok {
			b.WriteString("cd " + quoteArgv([]string{d}) + " && ")
		}
	}
	for i, w := range spec.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if err := mcpWord(&b, w, args); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// mcpWord writes one template word, its {arguments} replaced.
func mcpWord(b *strings.Builder, w string, args map[string]any) error {
	for w != "" {
		open := strings.IndexByte(w, '{')
		if open < 0 {
			b.WriteString(w)
			return nil
		}
		end := strings.IndexByte(w[open:], '}')
		if end < 0 {
			b.WriteString(w)
			return nil
		}
		b.WriteString(w[:open])
		name := w[open+1 : open+end]
		w = w[open+end+1:]
		switch {
		case strings.HasSuffix(name, "..."):
			name = strings.TrimSuffix(name, "...")
			list, ok := args[name].([]any)
			if !ok || len(list) == 0 {
				return fmt.Errorf("argument %q is missing or not a list", name)
			}
			for j, it := range list {
				s, ok := scalarString(it)
				if !ok {
					return fmt.Errorf("argument %q holds a value that is not a string", name)
				}
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(quoteArgv([]string{s}))
			}
		case strings.HasSuffix(name, "?"):
			s, ok, err := mcpArg(args, strings.TrimSuffix(name, "?"))
			if err != nil {
				return err
			}
			if ok {
				b.WriteString(quoteArgv([]string{s}))
			}
		default:
			s, ok, err := mcpArg(args, name)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("argument %q is missing", name)
			}
			b.WriteString(quoteArgv([]string{s}))
		}
	}
	return nil
}

// mcpArg returns a scalar argument as a string; absent or null is not ok.
func mcpArg(args map[string]any, name string) (string, bool, error) {
	v, present := args[name]
	if !present || v == nil {
		return "", false, nil
	}
	s, ok := scalarString(v)
	if !ok {
		return "", false, fmt.Errorf("argument %q is not a string", name)
	}
	return s, true, nil
}

func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}
