package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// kubectl: which cluster a command reaches is chosen by its options or
// its kubeconfig.

// kubeconfigWrites: kubectl config use-context, set-context, set-*,
// delete-*, rename-context, set and unset rewrite the kubeconfig
// (--kubeconfig, $KUBECONFIG or ~/.kube/config): later kubectl calls go
// where it now says.
func (c *cmd) kubeconfigWrites() {
	if c.name != "kubectl" && c.name != "oc" {
		return
	}
	var ops []string
	var cfg *field
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		switch {
		case s == "--kubeconfig" && i+1 < len(c.args):
			f := c.args[i+1]
			cfg = &f
			i++
		case strings.HasPrefix(s, "--kubeconfig="):
			f := c.args[i]
			f.s = s[len("--kubeconfig="):]
			cfg = &f
		case strings.HasPrefix(s, "-"):
		default:
			ops = append(ops, s)
		}
	}
	if len(ops) < 2 || ops[0] != "config" {
		return
	}
	switch sub := ops[1]; {
	case sub == "use-context", sub == "use", sub == "set", sub == "unset", sub == "rename-context",
		strings.HasPrefix(sub, "set-"), strings.HasPrefix(sub, "delete-"):
		why := "kubectl config " + sub + " rewrites the kubeconfig"
		switch v, ok := c.a.lookup(c.sc, "KUBECONFIG"); {
		case cfg != nil:
			c.write(*cfg, why)
		case ok && v != "":
			for _, p := range strings.Split(v, ":") {
				c.write(field{s: p}, why)
			}
		default:
			c.write(c.homeField(".kube/config"), why)
		}
	}
}

// kubectlValued are kubectl's global options that take a value.
var kubectlValued = &lazy.Value[[]string]{New: func() []string {
	return []string{"--context", "--namespace", "-n", "--cluster", "--user", "--kubeconfig", "--server", "-s",
		"--token", "--as", "--as-group", "--request-timeout", "--certificate-authority", "--client-certificate", "--client-key"}
}}

// kubectlCanonical reports kubectl with its option values written as
// --name=value, as a second command of the line: a block_commands rule
// spelled for one form (kubectl.*--context=production) sees the other
// (kubectl --context production).
func (c *cmd) kubectlCanonical() {
	if c.name != "kubectl" && c.name != "oc" {
		return
	}
	args := make([]string, 0, len(c.args))
	changed, dyn := false, false
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		dyn = dyn || c.args[i].dyn
		if s == "--" {
			for _, f := range c.args[i:] {
				args = append(args, f.s)
			}
			break
		}
		if contains(kubectlValued.Get(), s) && i+1 < len(c.args) {
			i++
			args = append(args, s+"="+c.s(i))
			dyn = dyn || c.args[i].dyn
			changed = true
			continue
		}
		args = append(args, s)
	}
	if changed {
		c.a.record(c.name, c.prog, args, c.sc.withVia(c.name+" --option=value"), dyn)
	}
}
