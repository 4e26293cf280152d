package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Programs that print a stored credential: what they print is the content
// of a credential store, so running them is reported as a read of that
// store (home-relative), and the policy's credential-store rule decides.
// A line of the table matches a program and the words its arguments start
// with (after options); "*" matches any one word; flags lists options of
// which one must be present. A store is home-relative, or absolute for
// stores of the machine and for those without a file of their own, which
// stand as the file the system shows them as (the kernel keyring as
// /proc/keys).

type credHelper struct {
	prog  string
	sub   []string // leading operands, "*" any
	flags []string // one of these options must be present (empty: none needed)
	store []string // stores read, home-relative or absolute
}

var credHelpers = &lazy.Value[[]credHelper]{New: func() []credHelper {
	return []credHelper{
		{"gh", []string{"auth", "token"}, nil, []string{".config/gh/hosts.yml"}},
		// git credential helpers that are a program's subcommand (the
		// ones git-credential-HELPER names are credentialHelper's): run
		// with get, each prints the stored token as password=
		{"gh", []string{"auth", "git-credential"}, nil, []string{".config/gh/hosts.yml"}},
		{"glab", []string{"auth", "git-credential"}, nil, []string{".config/glab-cli/config.yml"}},
		{"aws", []string{"codecommit", "credential-helper"}, nil, []string{".aws/credentials", ".aws/config"}},
		{"gcloud", []string{"auth", "git-helper"}, nil, []string{".config/gcloud/"}},
		{"pass-git-helper", nil, nil, []string{".password-store/"}},
		{"tea", []string{"login", "helper"}, nil, []string{".config/tea/config.yml"}},
		{"gh", []string{"auth", "status"}, []string{"-t", "--show-token"}, []string{".config/gh/hosts.yml"}},
		{"glab", []string{"auth", "status"}, []string{"-t", "--show-token"}, []string{".config/glab-cli/config.yml"}},
		{"glab", []string{"config", "get", "token"}, nil, []string{".config/glab-cli/config.yml"}},
		{"aws", []string{"configure", "export-credentials"}, nil, []string{".aws/credentials", ".aws/config"}},
		{"aws", []string{"configure", "get"}, nil, []string{".aws/credentials", ".aws/config"}},
		{"aws", []string{"configure", "list"}, nil, []string{".aws/credentials"}},
		{"aws", []string{"ecr", "get-login-password"}, nil, []string{".aws/credentials"}},
		{"aws", []string{"ecr-public", "get-login-password"}, nil, []string{".aws/credentials"}},
		{"aws", []string{"codeartifact", "get-authorization-token"}, nil, []string{".aws/credentials"}},
		{"aws", []string{"sts", "get-session-token"}, nil, []string{".aws/credentials"}},
		{"aws", []string{"sts", "assume-role"}, nil, []string{".aws/credentials"}},
		{"aws", []string{"sso", "get-role-credentials"}, nil, []string{".aws/sso/cache/"}},
		{"gcloud", []string{"auth", "print-access-token"}, nil, []string{".config/gcloud/"}},
		{"gcloud", []string{"auth", "print-identity-token"}, nil, []string{".config/gcloud/"}},
		{"gcloud", []string{"auth", "application-default", "print-access-token"}, nil, []string{".config/gcloud/"}},
		{"gcloud", []string{"config", "config-helper"}, nil, []string{".config/gcloud/"}},
		{"az", []string{"account", "get-access-token"}, nil, []string{".azure/"}},
		{"az", []string{"acr", "login"}, []string{"--expose-token"}, []string{".azure/"}},
		{"security", []string{"find-generic-password"}, nil, []string{"Library/Keychains/"}},
		{"security", []string{"find-internet-password"}, nil, []string{"Library/Keychains/"}},
		{"security", []string{"dump-keychain"}, nil, []string{"Library/Keychains/"}},
		{"security", []string{"export"}, nil, []string{"Library/Keychains/"}},
		{"secret-tool", []string{"lookup"}, nil, []string{".local/share/keyrings/"}},
		{"secret-tool", []string{"search"}, nil, []string{".local/share/keyrings/"}},
		{"keyring", []string{"get"}, nil, []string{".local/share/keyrings/", ".local/share/python_keyring/"}},
		{"lssecret", nil, nil, []string{".local/share/keyrings/"}},
		{"kwallet-query", nil, []string{"-r", "--read-password"}, []string{".local/share/kwalletd/"}},
		{"kwalletcli", nil, []string{"-e"}, []string{".local/share/kwalletd/"}},
		// the kernel keyring has no file: /proc/keys stands for it
		{"keyctl", []string{"print"}, nil, []string{"/proc/keys"}},
		{"keyctl", []string{"pipe"}, nil, []string{"/proc/keys"}},
		{"keyctl", []string{"read"}, nil, []string{"/proc/keys"}},
		{"op", []string{"read"}, nil, []string{".config/op/"}},
		{"op", []string{"item", "get"}, nil, []string{".config/op/"}},
		{"op", []string{"inject"}, nil, []string{".config/op/"}},
		{"op", []string{"run"}, nil, []string{".config/op/"}},
		{"op", []string{"document", "get"}, nil, []string{".config/op/"}},
		{"pass", []string{"show"}, nil, []string{".password-store/"}},
		{"pass", []string{"*"}, nil, []string{".password-store/"}},
		{"gopass", []string{"show"}, nil, []string{".password-store/", ".local/share/gopass/"}},
		{"gopass", []string{"cat"}, nil, []string{".password-store/", ".local/share/gopass/"}},
		{"bw", []string{"get"}, nil, []string{".config/Bitwarden CLI/"}},
		{"lpass", []string{"show"}, nil, []string{".lpass/"}},
		{"vault", []string{"read"}, nil, []string{".vault-token"}},
		{"vault", []string{"kv", "get"}, nil, []string{".vault-token"}},
		{"vault", []string{"print", "token"}, nil, []string{".vault-token"}},
		{"vault", []string{"token", "lookup"}, nil, []string{".vault-token"}},
		{"kubectl", []string{"config", "view"}, []string{"--raw", "--flatten"}, []string{".kube/config"}},
		{"heroku", []string{"auth:token"}, nil, []string{".netrc"}},
		{"flyctl", []string{"auth", "token"}, nil, []string{".fly/"}},
		{"fly", []string{"auth", "token"}, nil, []string{".fly/"}},
		{"doctl", []string{"auth", "token"}, nil, []string{".config/doctl/"}},
		{"npm", []string{"token", "list"}, nil, []string{".npmrc"}},
		{"npm", []string{"config", "get"}, nil, []string{".npmrc"}},
		{"npm", []string{"config", "list"}, nil, []string{".npmrc"}},
		{"gpg", nil, []string{"--export-secret-keys", "--export-secret-subkeys"}, []string{".gnupg/"}},
		{"gpg2", nil, []string{"--export-secret-keys", "--export-secret-subkeys"}, []string{".gnupg/"}},
		// decrypting with the keyring's secret keys prints what they
		// protect (the key stays in the agent; the plaintext does not),
		// and deleting a secret key destroys it
		{"gpg", nil, gpgSecretUse, []string{".gnupg/"}},
		{"gpg2", nil, gpgSecretUse, []string{".gnupg/"}},
		{"git-crypt", []string{"unlock"}, nil, []string{".gnupg/"}},
		{"ssh-keygen", nil, []string{"-y"}, []string{".ssh/"}},
		{"databricks", []string{"auth", "token"}, nil, []string{".databrickscfg"}},
		// cloud secret stores, read with the credentials kept in the home
		{"aws", []string{"secretsmanager", "get-secret-value"}, nil, []string{".aws/credentials"}},
		{"aws", []string{"ssm", "get-parameter"}, []string{"--with-decryption"}, []string{".aws/credentials"}},
		{"aws", []string{"ssm", "get-parameters"}, []string{"--with-decryption"}, []string{".aws/credentials"}},
		{"aws", []string{"ssm", "get-parameters-by-path"}, []string{"--with-decryption"}, []string{".aws/credentials"}},
		{"gcloud", []string{"secrets", "versions", "access"}, nil, []string{".config/gcloud/"}},
		{"az", []string{"keyvault", "secret", "show"}, nil, []string{".azure/"}},
		{"az", []string{"keyvault", "secret", "download"}, nil, []string{".azure/"}},
		{"kubectl", []string{"get", "secret"}, kubectlOutput, []string{".kube/config"}},
		{"kubectl", []string{"get", "secrets"}, kubectlOutput, []string{".kube/config"}},
		{"kubectl", []string{"describe", "secret"}, nil, []string{".kube/config"}},
		{"doppler", []string{"secrets"}, nil, []string{".doppler/"}},
		{"doppler", []string{"run"}, nil, []string{".doppler/"}},
		{"infisical", []string{"secrets"}, nil, []string{".infisical/"}},
		{"infisical", []string{"export"}, nil, []string{".infisical/"}},
		{"infisical", []string{"run"}, nil, []string{".infisical/"}},
		{"heroku", []string{"config"}, nil, []string{".netrc"}},
		{"heroku", []string{"config:get"}, nil, []string{".netrc"}},
		{"sops", []string{"*"}, []string{"-d", "--decrypt", "exec-env", "exec-file"}, []string{".config/sops/age/keys.txt"}},
		{"sops", []string{"decrypt"}, nil, []string{".config/sops/age/keys.txt"}},
		// secret injectors (envrunners.go runs their command): the
		// command's environment holds the secrets they read
		{"sops", []string{"exec-env"}, nil, []string{".config/sops/age/keys.txt"}},
		{"sops", []string{"exec-file"}, nil, []string{".config/sops/age/keys.txt"}},
		{"aws-vault", []string{"exec"}, nil, []string{".aws/"}},
		{"aws-vault", []string{"export"}, nil, []string{".aws/"}},
		{"aws-okta", []string{"exec"}, nil, []string{".aws/"}},
		{"aws-okta", []string{"env"}, nil, []string{".aws/"}},
		{"saml2aws", []string{"exec"}, nil, []string{".aws/"}},
		{"saml2aws", []string{"script"}, nil, []string{".aws/"}},
		{"aws-sso", []string{"exec"}, nil, []string{".aws/"}},
		{"aws-sso", []string{"eval"}, nil, []string{".aws/"}},
		{"chamber", []string{"exec"}, nil, []string{".aws/"}},
		{"chamber", []string{"read"}, nil, []string{".aws/"}},
		{"chamber", []string{"export"}, nil, []string{".aws/"}},
		{"chamber", []string{"env"}, nil, []string{".aws/"}},
		{"envchain", []string{"*"}, nil, []string{"Library/Keychains/", ".local/share/keyrings/"}},
		{"berglas", []string{"exec"}, nil, []string{".config/gcloud/"}},
		{"berglas", []string{"access"}, nil, []string{".config/gcloud/"}},
		{"summon", nil, nil, []string{".netrc"}}, // Conjur keeps its API key in ~/.netrc
		// teller and vals read whichever providers their configuration
		// names, with those providers' stores: the common ones
		{"teller", []string{"run"}, nil, []string{".aws/", ".config/gcloud/", ".vault-token", ".config/op/"}},
		{"teller", []string{"env"}, nil, []string{".aws/", ".config/gcloud/", ".vault-token", ".config/op/"}},
		{"teller", []string{"export"}, nil, []string{".aws/", ".config/gcloud/", ".vault-token", ".config/op/"}},
		{"teller", []string{"show"}, nil, []string{".aws/", ".config/gcloud/", ".vault-token", ".config/op/"}},
		{"vals", []string{"exec"}, nil, []string{".aws/", ".config/gcloud/", ".vault-token"}},
		{"vals", []string{"eval"}, nil, []string{".aws/", ".config/gcloud/", ".vault-token"}},
		{"huggingface-cli", []string{"whoami"}, nil, nil},
		{"twine", nil, nil, nil},
	}
}}

// kubectlOutput are the options that make kubectl get print a
// secret's data (without one it prints names).
var kubectlOutput = []string{"-o", "--output", "-oyaml", "-ojson", "-ojsonpath", "-ogo-template", "-otemplate"}

// credValueOpts are the global options of the programs above that take
// a value as the next word.
var credValueOpts = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"aws":      {"--profile", "--region", "--output", "--endpoint-url", "--query", "--color", "--ca-bundle", "--cli-read-timeout", "--cli-connect-timeout"},
		"gcloud":   {"--project", "--account", "--configuration", "--format", "--verbosity", "--impersonate-service-account"},
		"az":       {"--subscription", "-o", "--output", "--query", "--resource", "--scope", "--tenant"},
		"gh":       {"-R", "--repo", "-h", "--hostname"},
		"glab":     {"-R", "--repo", "-h", "--hostname"},
		"kubectl":  {"--context", "--kubeconfig", "-n", "--namespace", "--cluster", "--user"},
		"vault":    {"-address", "-namespace", "-format", "-field", "-mount"},
		"op":       {"--account", "--vault", "--format", "--session"},
		"security": {"-s", "-a", "-l", "-c", "-D", "-j", "-r"},
	}
}}

// credentialHelper reports the credential stores a command that prints a
// stored credential reads.
func (c *cmd) credentialHelper() {
	c.implicitCredentials() // implicitcreds.go
	name := c.name
	if strings.HasPrefix(name, "docker-credential-") {
		// docker-credential-HELPER get|list prints registry credentials,
		// store|erase change them; any subcommand but version is a read
		if len(c.args) == 0 || !helperVersion(c.s(0)) {
			c.credStores([]string{".docker/config.json"}, name)
		}
		return
	}
	if h, ok := strings.CutPrefix(name, "git-credential-"); ok {
		if len(c.args) == 0 || !helperVersion(c.s(0)) {
			c.credStores(gitHelperStores(h), name)
		}
		return
	}
	if !credHelperProgs.Get()[name] {
		return // no line of the table is for this program
	}
	var ops []string
	var has []string
	valued := credValueOpts.Get()[name]
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		if strings.HasPrefix(s, "-") && len(s) > 1 {
			k, _, eq := strings.Cut(s, "=")
			has = append(has, k)
			if !strings.HasPrefix(s, "--") && !eq {
				// a cluster of one-letter options (gpg -qd): each
				// counts, a value glued to one of them too (over-
				// reporting only asks more)
				for j := 2; j < len(s); j++ {
					has = append(has, "-"+s[j:j+1])
				}
			}
			if !eq && contains(valued, k) {
				i++ // its value
			}
			continue
		}
		ops = append(ops, s)
	}
	for _, h := range credHelpers.Get() {
		if h.prog != name || len(h.store) == 0 || len(ops) < len(h.sub) {
			continue
		}
		ok := true
		for i, w := range h.sub {
			if w != "*" && ops[i] != w {
				ok = false
				break
			}
		}
		if ok && len(h.flags) > 0 {
			ok = false
			for _, fl := range h.flags {
				if contains(has, fl) {
					ok = true
				}
			}
		}
		if ok {
			c.credStores(h.store, name+" "+strings.Join(h.sub, " "))
			return
		}
	}
}

// credHelperProgs are the programs of credHelpers' lines that name a
// store: credentialHelper can report nothing for any other program, so it
// returns before reading the arguments.
var credHelperProgs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, h := range credHelpers.Get() {
		if len(h.store) > 0 {
			m[h.prog] = true
		}
	}
	return m
}}

// credStores reports reads of credential stores, home-relative or absolute.
func (c *cmd) credStores(stores []string, why string) {
	for _, s := range stores {
		if path.IsAbs(s) {
			c.read(field{s: s}, "prints a stored credential ("+why+")")
			continue
		}
		f := c.homeField(strings.TrimSuffix(s, "/"))
		f.s = path.Clean(f.s)
		c.read(f, "prints a stored credential ("+why+")")
	}
}

// gitCredential reports what git credential and git credential-HELPER
// (run by git as the program git-credential-HELPER) read: every helper is
// a credential store whatever it is called — the git protocol's get, store
// and erase, and a helper's own subcommands (git credential-manager github
// list prints accounts), all reach the stored credentials; only a version
// query does not.
func (c *cmd) gitCredential(sub string) {
	if sub == "credential" {
		c.credStores(gitHelperStores(""), "git credential")
		return
	}
	h, ok := strings.CutPrefix(sub, "credential-")
	if !ok || (len(c.args) > 0 && helperVersion(c.s(0))) {
		return
	}
	c.credStores(gitHelperStores(h), "git "+sub)
}

// gitHelperStores are the stores a git credential helper keeps its
// credentials in: the platform keychains for theirs, the credential files
// for every other (an unknown helper is judged by the files git's own
// store helper keeps, so that it reads a store the policy protects).
func gitHelperStores(helper string) []string {
	files := []string{".git-credentials", ".config/git/credentials"}
	switch {
	case strings.HasPrefix(helper, "osxkeychain"):
		return append(files, "Library/Keychains/")
	case strings.HasPrefix(helper, "libsecret"), strings.HasPrefix(helper, "gnome-keyring"):
		return append(files, ".local/share/keyrings/")
	case strings.HasPrefix(helper, "manager"):
		return append(files, ".local/share/keyrings/", ".gcm/")
	}
	return files
}

// helperVersion reports whether a credential helper's first argument only
// asks for its version or usage.
func helperVersion(s string) bool {
	switch s {
	case "version", "--version", "-v", "-V", "help", "--help", "-h":
		return true
	}
	return false
}

// gpgSecretUse are gpg's commands that use or destroy the secret keys.
var gpgSecretUse = []string{"-d", "--decrypt", "--decrypt-files", "--delete-secret-keys",
	"--delete-secret-and-public-key", "--delete-secret-and-public-keys"}
