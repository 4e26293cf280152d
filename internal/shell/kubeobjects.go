package shell

import "strings"

// Kubernetes objects on kubectl's command line: on a local cluster (kind,
// k3s, minikube --driver=none) a pod's hostPath volume is a host path,
// as under podman kube play. The files kubectl apply/create/replace -f
// reads are container definitions (containertables.go); a pod spec in
// run --overrides or patch -p is one given in the line; debug node/NAME
// hands the node's root to a pod; a kustomization (-k) or a definition
// fetched from a URL is not read, so opaque.

// kubectlObjects judges the Kubernetes objects c gives kubectl.
func (c *cmd) kubectlObjects() error {
	if c.name != "kubectl" {
		return nil
	}
	sub := ""
	for i := range c.args {
		if s := c.s(i); !strings.HasPrefix(s, "-") {
			sub = s
			break
		}
	}
	if sub == "debug" {
		for i := range c.args {
			if strings.HasPrefix(c.s(i), "node/") || strings.HasPrefix(c.s(i), "nodes/") {
				c.opaque("kubectl debug " + clip(c.s(i)) + " gives a pod the node's root file system")
			}
		}
	}
	base := c.knownCwd()
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		name, val, eq := strings.Cut(s, "=")
		if !eq {
			if i+1 >= len(c.args) {
				continue
			}
			val = c.s(i + 1)
		}
		switch {
		case inFields(kubeInline[sub], name):
			if c.args[i+boolInt(!eq)].dyn {
				c.opaque("kubectl " + sub + " " + name + " holds an object not known statically")
				continue
			}
			if err := c.judgeContainerDef("kube", val, base, base, nil, name, nil); err != nil {
				return err
			}
		case inFields(kubeInlineFiles, name) && sub == "patch":
			c.kubeFile(field{s: val, dyn: c.args[i+boolInt(!eq)].dyn}, base)
		case inFields(kubeKustomize, name) && inFields("apply create replace delete", sub):
			if sub != "delete" {
				c.opaque("kubectl " + sub + " " + name + " applies a kustomization Mandate does not read")
			}
		case (name == "-f" || name == "--filename") && strings.Contains(val, "://"):
			c.opaque("kubectl " + sub + " applies objects fetched from " + clip(val))
		}
	}
	return nil
}

// kubeFile judges a Kubernetes file: shown in the line, or read by the
// policy at decision time.
func (c *cmd) kubeFile(f field, base string) {
	d := c.defFileState(f)
	r := containerDefRunner{format: "kube"}
	if err := c.containerDefFile(&r, d, func(string) string { return base }, nil, nil); err != nil {
		c.a.defer1(err)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
