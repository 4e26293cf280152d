package policy

import (
	"strings"
)

// mcpKubeLine builds the kubectl command line a tool of
// mcp-server-kubernetes (Flux159) runs for its arguments; ok is false for
// a tool it does not know (mcpFamilyLine still writes it generically).
// Only what decides where the command goes and what it acts on is
// written: the verb, the resource, --context, --namespace, --kubeconfig,
// the files it applies, and the argument lists the generic tool passes
// verbatim. Every word is quoted.
func mcpKubeLine(tool string, args map[string]any) (string, bool) {
	str := func(k string) string {
		s, _ := scalarString(args[k])
		return s
	}
	var words []string
	add := func(ws ...string) {
		for _, w := range ws {
			if w != "" {
				words = append(words, w)
			}
		}
	}
	list := func(k string) {
		if l, ok := args[k].([]any); ok {
			add(mcpArgv(l)...)
		}
	}
	var after []string // words after "--" (exec's command)
	switch tool {
	case "kubectl_get", "kubectl_describe", "kubectl_delete", "kubectl_logs", "kubectl_scale", "kubectl_patch", "kubectl_create", "kubectl_apply":
		add(strings.TrimPrefix(tool, "kubectl_"), str("resourceType"), str("name"))
		if f := str("filename"); f != "" {
			add("-f", f)
		}
		if r := str("replicas"); r != "" {
			add("--replicas=" + r)
		}
	case "kubectl_rollout":
		add("rollout", str("subCommand"), str("resourceType"), str("name"))
	case "kubectl_generic":
		add(str("command"), str("subCommand"), str("resourceType"), str("name"))
		list("args")
		if fl, ok := args["flags"].(map[string]any); ok {
			for k, v := range fl {
				if s, ok := scalarString(v); ok {
					add("--" + strings.TrimLeft(k, "-") + "=" + s)
				}
			}
		}
	case "kubectl_context":
		switch str("operation") {
		case "set":
			add("config", "use-context", str("name"))
		case "get":
			add("config", "current-context")
		default:
			add("config", "get-contexts")
		}
	case "exec_in_pod":
		add("exec", str("name"))
		if c := str("container"); c != "" {
			add("--container=" + c)
		}
		switch c := args["command"].(type) {
		case string:
			after = []string{"sh", "-c", c}
		case []any:
			after = mcpArgv(c)
		}
	case "port_forward":
		add("port-forward", str("resourceType")+"/"+str("resourceName"), str("localPort")+":"+str("targetPort"))
	case "node_management":
		add(str("operation"), str("nodeName"))
	case "explain_resource":
		add("explain", str("resource"))
	case "list_api_resources":
		add("api-resources")
	default:
		return "", false
	}
	if c := str("context"); c != "" {
		add("--context=" + c)
	}
	if n := str("namespace"); n != "" {
		add("--namespace=" + n)
	}
	if k := str("kubeconfig"); k != "" {
		add("--kubeconfig=" + k)
	}
	if b, ok := args["allNamespaces"].(bool); ok && b {
		add("--all-namespaces")
	}
	line := "kubectl " + quoteArgv(words)
	if len(after) > 0 {
		line += " -- " + quoteArgv(after)
	}
	return line, true
}
