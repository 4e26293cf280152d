package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Variables that name a file a program reads (red-team round 18: seen in
// passing, KUBECONFIG=.env kubectl config view; #62, MANDATE_POLICY for
// Mandate's own subcommands). A program given NAME=PATH reads PATH as it
// reads --kubeconfig PATH or --policy PATH, and usually prints what it
// read or an error quoting it: the value is a read of that path, judged
// like any read (block_paths, the credential stores). The table is one
// for every program, not per program: which programs read a variable is
// not worth knowing when the read is harmless anywhere else, and a
// variable set for a program that ignores it is rare. Programs known to
// read no configuration (readOnlySet, pure text) are not judged.
//
// A value that is a list (KUBECONFIG's a:b) is a read of each; a
// directory variable is a read of the files the programs read in it (a
// read of the directory itself would be a walk of it, which it is not).
// Empty and /dev/null (no configuration, as test suites set them) are no
// read. Other variables whose value names a configuration that can set
// hosts are in hostconfvars.go, those whose value names code in
// toolconfigtables.go and indirect.go (judged for that too), those
// naming a file written in envoutput.go.

// envReadFile is how a variable names what a program reads.
type envReadFile struct {
	list   bool   // a ':'-separated list of files
	names  string // a directory: the files read in it (space-separated)
	prefix string // a type prefix to strip (KRB5CCNAME's FILE:)
}

var envFileVars = &lazy.Value[map[string]envReadFile]{New: func() map[string]envReadFile {
	m := map[string]envReadFile{}
	for _, n := range strings.Fields(`MANDATE_POLICY
		AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE AWS_WEB_IDENTITY_TOKEN_FILE AWS_CA_BUNDLE
		GOOGLE_APPLICATION_CREDENTIALS GOOGLE_GHA_CREDS_PATH CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE
		AZURE_AUTH_LOCATION OCI_CLI_CONFIG_FILE OS_CLIENT_CONFIG_FILE TF_CLI_CONFIG_FILE TERRAFORM_CONFIG
		NPM_CONFIG_USERCONFIG npm_config_userconfig NPM_CONFIG_GLOBALCONFIG npm_config_globalconfig
		PIP_CONFIG_FILE UV_CONFIG_FILE GEMRC CONDARC BOTO_CONFIG RCLONE_CONFIG VAULT_CONFIG_PATH
		NETRC GIT_CONFIG_GLOBAL GIT_CONFIG_SYSTEM GIT_SSL_CERT GIT_SSL_KEY GIT_SSL_CAINFO
		PGPASSFILE PGSERVICEFILE PGSSLCERT PGSSLKEY PGSSLROOTCERT PGSSLCRL PGSSLCRLDIR PSQLRC MYSQL_TEST_LOGIN_FILE
		REQUESTS_CA_BUNDLE CURL_CA_BUNDLE SSL_CERT_FILE NODE_EXTRA_CA_CERTS
		HELM_REGISTRY_CONFIG REGISTRY_AUTH_FILE SOPS_AGE_KEY_FILE LDAPCONF GOENV HOSTALIASES`) {
		m[n] = envReadFile{}
	}
	m["KUBECONFIG"] = envReadFile{list: true}
	m["KRB5_CONFIG"] = envReadFile{list: true}
	// round 19 (#63): file(1)'s magic (it prints each line it cannot
	// parse), and more from manpages' ENVIRONMENT sections
	for _, n := range strings.Fields(`MAGIC BOTO_PATH HGRCPATH`) {
		m[n] = envReadFile{list: true}
	}
	for _, n := range strings.Fields(`ODBCINI CABAL_CONFIG NUGET_CONFIG_FILE R_ENVIRON_USER R_ENVIRON R_PROFILE_USER
		WGETRC SCREENRC INPUTRC LESSKEY LESSKEYIN ANSIBLE_CONFIG ANSIBLE_VAULT_PASSWORD_FILE
		NPM_CONFIG_CAFILE npm_config_cafile YARN_RC_FILENAME TWINE_CERT LYNX_CFG
		VAULT_CACERT VAULT_CLIENT_CERT VAULT_CLIENT_KEY CONSUL_CACERT CONSUL_CLIENT_CERT CONSUL_CLIENT_KEY
		NOMAD_CACERT NOMAD_CLIENT_CERT NOMAD_CLIENT_KEY ETCDCTL_CERT ETCDCTL_KEY ETCDCTL_CACERT`) {
		m[n] = envReadFile{}
	}
	m["ODBCSYSINI"] = envReadFile{names: "odbc.ini odbcinst.ini"}
	m["TNS_ADMIN"] = envReadFile{names: "tnsnames.ora sqlnet.ora cwallet.sso ewallet.p12"}
	m["COMPOSER_HOME"] = envReadFile{names: "auth.json config.json"}
	m["DOCKER_CERT_PATH"] = envReadFile{names: "key.pem cert.pem ca.pem"}
	m["GRADLE_USER_HOME"] = envReadFile{names: "gradle.properties init.gradle"}
	m["BUNDLE_APP_CONFIG"] = envReadFile{names: "config"}
	m["KRB5CCNAME"] = envReadFile{prefix: "FILE:"}
	m["KRB5_KTNAME"] = envReadFile{prefix: "FILE:"}
	m["DOCKER_CONFIG"] = envReadFile{names: "config.json"}
	m["CARGO_HOME"] = envReadFile{names: "credentials.toml credentials config.toml"}
	m["GNUPGHOME"] = envReadFile{names: "pubring.kbx pubring.gpg secring.gpg trustdb.gpg private-keys-v1.d gpg.conf"}
	m["CLOUDSDK_CONFIG"] = envReadFile{names: "credentials.db access_tokens.db application_default_credentials.json"}
	m["AZURE_CONFIG_DIR"] = envReadFile{names: "msal_token_cache.json accessTokens.json azureProfile.json"}
	m["GH_CONFIG_DIR"] = envReadFile{names: "hosts.yml config.yml"}
	m["CURL_HOME"] = envReadFile{names: ".curlrc"}
	m["POETRY_CONFIG_DIR"] = envReadFile{names: "config.toml auth.toml"}
	m["PIP_CONFIG_DIR"] = envReadFile{names: "pip.conf"}
	m["KAGGLE_CONFIG_DIR"] = envReadFile{names: "kaggle.json"}
	m["PASSWORD_STORE_DIR"] = envReadFile{names: ".gpg-id"}
	return m
}}

// envFileReads reports the reads of the files the environment the line
// sets names for c.
func (c *cmd) envFileReads() {
	if c.text || c.sc.remote || readOnlySet.Get()[c.name] {
		return
	}
	c.envBackstop() // envbackstop.go: the variables no table knows
	if len(c.sc.cmdEnv) == 0 && len(c.sc.vars) == 0 {
		return // envOrVar finds no variable set
	}
	for name, ef := range envFileVars.Get() {
		v, set := c.a.envOrVar(c.sc, name)
		if !set {
			continue
		}
		for _, p := range envFilePaths(ef, v.val) {
			c.read(field{s: p, dyn: !v.known}, "$"+name)
		}
	}
}

// envFilePaths returns the paths a variable's value val names.
func envFilePaths(ef envReadFile, val string) []string {
	val = strings.TrimSpace(val)
	if ef.prefix != "" {
		if i := strings.IndexByte(val, ':'); i > 0 && !strings.Contains(val[:i], "/") {
			if val[:i+1] != ef.prefix {
				return nil // another kind of store (KEYRING:, MEMORY:)
			}
			val = val[i+1:]
		}
	}
	var out []string
	vals := []string{val}
	if ef.list {
		vals = strings.Split(val, ":")
	}
	for _, v := range vals {
		if v == "" || v == "/dev/null" {
			continue
		}
		if ef.names == "" {
			out = append(out, v)
			continue
		}
		for _, n := range strings.Fields(ef.names) {
			out = append(out, strings.TrimSuffix(v, "/")+"/"+n)
		}
	}
	return out
}
