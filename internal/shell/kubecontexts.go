package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Programs that select a Kubernetes context, as data. A block_commands
// rule written for kubectl (kubectl.*--context=production) means "no
// agent acts on the production cluster"; kubecolor and oc take kubectl's
// arguments, kubectx and kubie switch to a context, helm, skaffold,
// tilt, flux and the rest name it in options of their own. Each is
// reported, besides itself, in kubectl's words: an alias of kubectl is
// analysed as kubectl with its arguments, and a program that reaches
// context NAME is recorded as the command "kubectl --context=NAME" followed
// by its own line, so that a rule spelled for kubectl sees every program
// of the class and still means only the context it names.

// kubeSelector says how a program chooses its context.
type kubeSelector struct {
	alias bool   // kubectl under another name: its arguments are kubectl's
	opts  string // options whose value is the context (space-separated)
	env   string // environment variables whose value is the context
	use   bool   // kubectx: the first operand is the context made current
	ns    bool   // kubens: the first operand is the namespace made current
	// cluster: options whose value is a cluster of the kubeconfig, reached
	// with the current context's user (kubectl's --cluster, which every
	// program built on its genericclioptions takes)
	cluster string
}

var kubeSelectors = &lazy.Value[map[string]kubeSelector]{New: func() map[string]kubeSelector {
	ctx := kubeSelector{opts: "--context", cluster: "--cluster"}
	kctx := kubeSelector{opts: "--kube-context"}
	return map[string]kubeSelector{
		"kubecolor": {alias: true}, "oc": {alias: true}, "kubectl.exe": {alias: true}, "k": {alias: true},
		"kubectx": {use: true}, "kubectl-ctx": {use: true}, "kubens": {ns: true}, "kubectl-ns": {ns: true},
		"helm":     {opts: "--kube-context", env: "HELM_KUBECONTEXT"},
		"skaffold": {opts: "--kube-context", env: "SKAFFOLD_KUBE_CONTEXT"},
		"helmfile": kctx, "devspace": kctx, "argocd": kctx, "kubescape": kctx, "garden": kctx,
		"tilt": ctx, "stern": ctx, "k9s": ctx, "kubeseal": ctx, "flux": ctx, "istioctl": ctx, "linkerd": ctx,
		"telepresence": ctx, "popeye": ctx, "cilium": ctx, "kubefwd": ctx, "kubent": ctx, "kubectl-neat": ctx,
		"velero": {opts: "--kubecontext"}, "kapp": {opts: "--kubeconfig-context"}, "kubie": {},
	}
}}

// kubeContextOpts are option names that name a Kubernetes context in any
// program.
const kubeContextOpts = "--kube-context --kubecontext --kubeconfig-context --kube-ctx"

// kubeContexts reports c in kubectl's words when it selects a Kubernetes
// context.
func (c *cmd) kubeContexts() error {
	if c.name == "kubectl" {
		c.kubeClusters("--cluster")
		return nil
	}
	sel, ok := kubeSelectors.Get()[c.name]
	if !ok && strings.HasPrefix(c.name, "kubectl-") {
		// a kubectl plugin takes kubectl's options
		sel, ok = kubeSelector{opts: "--context", cluster: "--cluster"}, true
	}
	if sel.cluster != "" {
		c.kubeClusters(sel.cluster)
	}
	if sel.alias {
		sc, err := c.a.enter(c.sc.withVia(c.name + " is kubectl"))
		if err != nil {
			return err
		}
		return c.a.simple(append([]field{{s: "kubectl"}}, c.args...), sc)
	}
	var names []field
	opts := kubeContextOpts
	if ok {
		opts += " " + sel.opts
	}
	var ops []int
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		if s == "--" {
			break
		}
		k, v, eq := strings.Cut(s, "=")
		if inFields(opts, k) {
			switch {
			case eq:
				f := c.args[i]
				f.s = v
				names = append(names, f)
			case i+1 < len(c.args):
				i++
				names = append(names, c.args[i])
			}
			continue
		}
		if ok && !strings.HasPrefix(s, "-") && (sel.use || sel.ns || c.name == "kubie") {
			ops = append(ops, i) // only the switchers need their operands
		}
	}
	for _, v := range strings.Fields(sel.env) {
		if val, set := c.a.envOrVar(c.sc, v); set {
			names = append(names, field{s: val.val, dyn: !val.known})
		}
	}
	switch {
	case sel.use && len(ops) > 0 && !strings.Contains(c.s(ops[0]), "="):
		// kubectx NAME is kubectl config use-context NAME
		names = append(names, c.args[ops[0]])
		if err := c.asKubectl([]field{{s: "config"}, {s: "use-context"}, c.args[ops[0]]}, "kubectx"); err != nil {
			return err
		}
	case sel.use && len(c.args) > 0 && c.s(0) == "-":
		c.opaque("kubectx - switches to the previous context, not known statically")
	case sel.ns && len(ops) > 0:
		f := c.args[ops[0]]
		f.s = "--namespace=" + f.s
		if err := c.asKubectl([]field{{s: "config"}, {s: "set-context"}, {s: "--current"}, f}, c.name); err != nil {
			return err
		}
	case c.name == "kubie" && len(ops) > 1 && (c.s(ops[0]) == "ctx" || c.s(ops[0]) == "exec"):
		names = append(names, c.args[ops[1]])
		if c.s(ops[0]) == "ctx" && len(ops) == 2 {
			c.opaque("kubie ctx starts a shell in the context: what it runs is unseen")
		}
	}
	for _, n := range names {
		args := append([]string{"--context=" + n.s, c.name}, fieldStrings(c.args)...)
		c.a.record("kubectl", "kubectl", args, c.sc.withVia(c.name+" selects a Kubernetes context"), n.dyn)
	}
	return nil
}

// asKubectl analyses args as a kubectl command c stands for.
func (c *cmd) asKubectl(args []field, via string) error {
	sc, err := c.a.enter(c.sc.withVia(via))
	if err != nil {
		return err
	}
	return c.a.simple(append([]field{{s: "kubectl"}}, args...), sc)
}

func fieldStrings(fs []field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.s
	}
	return out
}

// kubeClusters reports kubectl --cluster=NAME (or a program's option of
// the same meaning, opts: space-separated) in the words of a context: it
// reaches cluster NAME with the current context's user, so a rule written
// for the context of that name (the common case: kind, minikube, k3d and
// hand-written kubeconfigs name the context after the cluster) sees it
// too.
func (c *cmd) kubeClusters(opts string) {
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		if s == "--" {
			return
		}
		k, v, eq := strings.Cut(s, "=")
		if !inFields(opts, k) {
			continue
		}
		n := c.args[i]
		switch {
		case eq:
			n.s = v
		case i+1 < len(c.args):
			i++
			n = c.args[i]
		default:
			continue
		}
		args := append([]string{"--context=" + n.s}, fieldStrings(c.args)...)
		if c.name != "kubectl" {
			args = append([]string{"--context=" + n.s, c.name}, fieldStrings(c.args)...)
		}
		c.a.record("kubectl", "kubectl", args, c.sc.withVia(c.name+" "+k+" selects a Kubernetes cluster"), n.dyn)
	}
}
