package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// MCP servers that drive a command-line program (a Kubernetes server runs
// kubectl, a Docker server docker, a Postgres server psql) do what the
// program would do with the options their arguments stand for: a
// kubectl_delete call with context "production" is kubectl delete …
// --context=production, which block_commands "kubectl.*--context=production"
// forbids in the agent's shell. Such a call is matched against
// block_commands and require_approval_commands as the command line it
// amounts to:
//
//   - the tools of mcp-server-kubernetes are built into their exact kubectl
//     command lines (mcpKubeLine) and judged as the agent's shell running
//     them would be (kubectl_context set is kubectl config use-context,
//     which rewrites the kubeconfig);
//   - any tool of a server of a known family (by the server's name or the
//     tool's prefix) is written as PROGRAM VERB WORDS… --key=value for
//     each scalar argument, list elements as words, and that line is
//     matched against the command rules (a match denies);
//   - every string argument of any tool is matched on its own, and as
//     PROGRAM --key=value / key=value for a family's server: a rule that
//     matches text an unknown tool was given asks.
//
// Nothing here allows: it only adds denials and questions.

// mcpFamily is a command-line program MCP servers drive.
type mcpFamily struct {
	prog string
	// names are words that mark a server (its configured name) or a
	// tool (its name's first word) as the family's.
	names []string
	// operands are argument names whose values are the command's
	// operands, in order (resourceType NAME); the others are options.
	operands []string
	// flags maps argument names to the program's option for them.
	flags map[string]string
}

var mcpFamilies = &lazy.Value[[]mcpFamily]{New: func() []mcpFamily {
	kubeFlags := map[string]string{"context": "--context", "namespace": "--namespace", "container": "--container",
		"kubeconfig": "--kubeconfig", "allNamespaces": "--all-namespaces", "labelSelector": "--selector", "output": "--output"}
	return []mcpFamily{
		{prog: "kubectl", names: []string{"kubernetes", "k8s", "kube", "kubectl", "k3s", "openshift", "eks", "gke", "aks"},
			operands: []string{"resourceType", "resource_type", "kind", "name", "resourceName", "resource_name", "podName", "pod_name", "pod"}, flags: kubeFlags},
		{prog: "helm", names: []string{"helm"}, operands: []string{"name", "chart"}, flags: map[string]string{"context": "--kube-context", "kubeContext": "--kube-context", "namespace": "--namespace"}},
		{prog: "docker", names: []string{"docker"}, operands: []string{"image", "container", "container_id", "containerId", "name"}, flags: map[string]string{"context": "--context", "host": "--host"}},
		{prog: "podman", names: []string{"podman"}, operands: []string{"image", "container", "name"}},
		{prog: "psql", names: []string{"postgres", "postgresql", "psql", "pg"}, operands: []string{"sql", "query"}, flags: map[string]string{"host": "--host", "database": "--dbname", "user": "--username"}},
		{prog: "mysql", names: []string{"mysql", "mariadb"}, operands: []string{"sql", "query"}, flags: map[string]string{"host": "--host", "database": "--database", "user": "--user"}},
		{prog: "gh", names: []string{"github", "gh"}, operands: []string{"owner", "repo"}},
		{prog: "terraform", names: []string{"terraform", "tf"}},
		{prog: "aws", names: []string{"aws"}, flags: map[string]string{"profile": "--profile", "region": "--region"}},
		{prog: "gcloud", names: []string{"gcloud", "gcp"}, flags: map[string]string{"project": "--project"}},
		{prog: "az", names: []string{"azure", "az"}},
	}
}}

// mcpFamilyOf finds the family of server or tool: a word of the server's
// name, or the tool name's first word.
func mcpFamilyOf(server, tool string) (mcpFamily, string, bool) {
	verb := tool
	first, rest, _ := strings.Cut(strings.ToLower(tool), "_")
	words := strings.FieldsFunc(strings.ToLower(server), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	for _, f := range mcpFamilies.Get() {
		if slices.Contains(f.names, first) && rest != "" {
			return f, tool[len(first)+1:], true
		}
	}
	for _, f := range mcpFamilies.Get() {
		for _, w := range words {
			if slices.Contains(f.names, w) {
				return f, verb, true
			}
		}
	}
	return mcpFamily{}, "", false
}

// mcpCommandRules judges an MCP call against the command rules (see
// above).
func (ev *evaluation) mcpCommandRules() {
	t := ev.mcpArgs()
	args, _ := t.object()
	if args == nil {
		if t != nil && t.err != nil {
			return // mcpArguments denies what is not JSON
		}
		args = map[string]any{} // a list or scalar has no keys
	}
	subj := ev.a.Server + "/" + ev.a.MCPTool
	fam, verb, known := mcpFamilyOf(ev.a.Server, ev.a.MCPTool)
	if known && fam.prog == "kubectl" {
		ev.mcpKube(subj, args)
	}
	ix := &ev.p.idx
	if len(ix.blockCmds.any)+len(ix.blockCmds.byByte)+len(ix.approveCmd.any)+len(ix.approveCmd.byByte) == 0 {
		return
	}
	if known {
		ev.mcpRuleLine(subj, mcpFamilyLine(fam, verb, args), Deny)
	}
	if t == nil {
		return
	}
	for i := range t.nodes {
		n := &t.nodes[i]
		switch n.kind {
		case mcpMapKey:
			ev.mcpRuleLine(subj, n.s, Ask) // {scripts: {"kubectl … --context=production": …}}
		case mcpStr, mcpScalar:
			ev.mcpRuleLine(subj, n.s, Ask)
			if key := n.key; key != "" {
				ev.mcpRuleLine(subj, key+"="+n.s, Ask)
				ev.mcpRuleLine(subj, "--"+key+"="+n.s, Ask)
				if known {
					ev.mcpRuleLine(subj, fam.prog+" "+mcpFlag(fam, key)+"="+n.s, Deny)
				}
			}
		}
	}
}

// mcpKube judges a tool of mcp-server-kubernetes as the kubectl
// command line it runs (mcpKubeLine), as the agent's shell running it
// would be judged (in listing mode, what that line reaches is listed).
func (ev *evaluation) mcpKube(subj string, args map[string]any) {
	line, ok := mcpKubeLine(ev.a.MCPTool, args)
	if !ok {
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

// mcpReachLines lists what the command lines an MCP call amounts to
// reach (Reaches): the kubectl line of a Kubernetes tool, the client
// call of SQL arguments.
func (ev *evaluation) mcpReachLines() {
	t := ev.mcpArgs()
	args, _ := t.object()
	if args == nil {
		if t != nil && t.err != nil {
			return
		}
		args = map[string]any{}
	}
	if fam, _, known := mcpFamilyOf(ev.a.Server, ev.a.MCPTool); known && fam.prog == "kubectl" {
		ev.mcpKube(ev.a.Server+"/"+ev.a.MCPTool, args)
	}
	ev.mcpSQL()
}

// mcpRuleLine matches one line an MCP call amounts to against the
// command rules: a block_commands match has effect eff, a
// require_approval_commands match asks.
func (ev *evaluation) mcpRuleLine(subj, line string, eff Effect) {
	if line == "" || len(line) > 8192 {
		return
	}
	ix := &ev.p.idx
	how := fmt.Sprintf("MCP tool %q (as %q)", subj, oneLine(line, 120))
	ev.buf = ix.blockCmds.lookup(ev.p, line, ev.buf[:0])
	for _, rf := range ev.buf {
		ev.user(rf, eff, subj, fmt.Sprintf("%s matches block_commands %q", how, ev.p.entry(rf).text))
	}
	ev.buf = ix.approveCmd.lookup(ev.p, line, ev.buf[:0])
	for _, rf := range ev.buf {
		ev.user(rf, Ask, subj, fmt.Sprintf("%s matches require_approval_commands %q", how, ev.p.entry(rf).text))
	}
}

// mcpFlag is the family's option for an argument: its own, else
// --kebab-case of the name.
func mcpFlag(f mcpFamily, key string) string {
	if o, ok := f.flags[key]; ok {
		return o
	}
	var b strings.Builder
	b.WriteString("--")
	for i, r := range key {
		switch {
		case r == '_':
			b.WriteByte('-')
		case r >= 'A' && r <= 'Z':
			if i > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r + ('a' - 'A'))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mcpFamilyLine writes a family tool's call as PROGRAM VERB OPERANDS…
// --key=value…: the verb is the tool's name, "_" read as " "; scalar
// arguments are options in name order, lists their words.
func mcpFamilyLine(f mcpFamily, verb string, args map[string]any) string {
	words := []string{f.prog}
	words = append(words, strings.Fields(strings.ReplaceAll(verb, "_", " "))...)
	used := map[string]bool{}
	for _, k := range f.operands {
		if s, ok := scalarString(args[k]); ok && s != "" {
			words = append(words, s)
			used[k] = true
		}
	}
	keys := make([]string, 0, len(args))
	for k := range args {
		if !used[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch x := args[k].(type) {
		case []any:
			for _, e := range x {
				if s, ok := scalarString(e); ok {
					words = append(words, s)
				}
			}
		default:
			if s, ok := scalarString(x); ok {
				words = append(words, mcpFlag(f, k)+"="+s)
			}
		}
	}
	return strings.Join(words, " ")
}
