package policy

// The credential stores the built-in credential-store rule protects
// (mandate-credential-stores), as data: protect.go compiles them.

// credentialStores are read-protected below the home directory (and below
// /root, /home/* and /Users/*, whoever's home it is): where today's tools
// keep keys, tokens and passwords in files (docs/policy.md lists them). A
// name ending in "/" is a directory and everything below it; "*" matches
// one path segment. Beyond the stores of developer tools, the list follows
// the public lists of credential files of secret scanners and password
// recovery tools (LaZagne's Linux modules, trufflehog's and gitleaks'
// file rules): mail, FTP, chat and remote-desktop clients, wallets.
var credentialStores = []string{
	// keys, keyrings and password managers
	".ssh/", ".gnupg/", ".password-store/", ".local/share/keyrings/", ".config/op/", ".op/", ".vault-token",
	"Library/Keychains/", ".doppler/", ".infisical/", ".lpass/", ".config/Bitwarden CLI/",
	".config/sops/age/keys.txt", ".local/share/kwalletd/", ".kde/share/apps/kwallet/", ".kde4/share/apps/kwallet/",
	".authinfo", ".authinfo.gpg", ".pki/nssdb/", ".config/JetBrains/*/c.kdbx", ".config/JetBrains/*/c.pwd",
	".local/share/python_keyring/", ".git-credential-cache/", ".cache/git/credential/", ".gitcookies", ".gcm/",
	// git hosts
	".git-credentials", ".config/git/credentials", ".netrc", ".config/gh/hosts.yml", ".config/hub",
	".config/glab-cli/", ".config/github-copilot/", ".subversion/auth/", ".hgrc", ".config/hg/hgrc",
	// coding agents' own logins
	".claude/.credentials.json", ".codex/auth.json", ".gemini/oauth_creds.json", ".gemini/mcp-oauth-tokens.json",
	".gemini/.env", ".qwen/oauth_creds.json", ".local/share/opencode/auth.json",
	".codex/.env", ".hermes/.env", ".hermes/auth.json", ".local/share/amp/secrets.json", ".cline/data/secrets.json",
	".factory/auth.json",
	// clouds and their token caches
	".aws/", ".config/gcloud/", ".azure/", ".oci/", ".config/doctl/", ".config/hcloud/", ".databrickscfg",
	".fly/", ".config/configstore/firebase-tools.json", ".s3cfg", ".boto", ".config/rclone/rclone.conf",
	".docker/config.json", ".config/containers/auth.json", ".terraform.d/credentials.tfrc.json",
	".terraformrc", ".pulumi/credentials.json", ".bluemix/config.json", ".mc/config.json", ".supabase/access-token",
	".config/helm/repositories.yaml", ".config/helm/registry/config.json", "Library/Preferences/helm/repositories.yaml",
	"Library/Preferences/helm/registry/config.json", ".config/argocd/config", ".argocd/config",
	".config/openstack/", ".aliyun/", ".config/scw/", ".config/linode-cli", ".ovh.conf", ".config/exoscale/",
	".cloudflared/", ".tsh/", ".chef/", ".travis/config.yml", ".railway/config.json", ".config/twilio-cli/",
	".jfrog/", ".config/borg/keys/", ".smbcredentials", ".vnc/passwd",
	// package registries
	".npmrc", ".yarnrc.yml", ".pypirc", ".gem/credentials", ".cargo/credentials", ".cargo/credentials.toml",
	".m2/settings.xml", ".m2/settings-security.xml", ".gradle/gradle.properties", ".nuget/NuGet/NuGet.Config",
	".config/composer/auth.json", ".composer/auth.json", ".sbt/credentials", ".sbt/.credentials", ".ivy2/.credentials",
	".yarnrc", ".bunfig.toml", ".bundle/config", ".config/pip/pip.conf", ".pip/pip.conf",
	"Library/Application Support/pip/pip.conf", ".pydistutils.cfg", ".config/pypoetry/auth.toml",
	"Library/Application Support/pypoetry/auth.toml", ".config/NuGet/NuGet.Config", ".cabal/config",
	".conan/credentials.json", ".conan2/credentials.json",
	// databases and data tools
	".pgpass", ".my.cnf", ".mylogin.cnf", ".dbt/profiles.yml", ".snowflake/", ".kaggle/kaggle.json",
	".cache/huggingface/token", ".huggingface/token", ".config/ngrok/ngrok.yml", ".ngrok2/ngrok.yml",
	"Library/Application Support/ngrok/ngrok.yml", ".snowsql/config", ".pg_service.conf", ".odbc.ini",
	".cassandra/", ".config/pgcli/", ".myclirc", ".influxdbv2/", ".config/influxdb2/", ".clickhouse-client/",
	".local/share/DBeaverData/", "Library/DBeaverData/", ".dbvis/", ".squirrel-sql/", ".ApacheDirectoryStudio/",
	// mail, FTP, chat and remote-desktop clients
	".msmtprc", ".config/msmtp/", ".fetchmailrc", ".netrc-fetchmail", ".muttrc", ".mutt/", ".config/mutt/",
	".neomuttrc", ".config/neomutt/", ".mbsyncrc", ".config/isync/", ".offlineimaprc", ".config/offlineimap/",
	".getmail/", ".mailrc", ".esmtprc", ".config/aerc/accounts.conf", ".config/himalaya/", ".thunderbird/",
	".icedove/", "Library/Thunderbird/", ".claws-mail/", ".config/filezilla/", ".filezilla/", ".gftp/",
	".local/share/lftp/bookmarks", ".lftp/bookmarks", ".wgetrc", ".curlrc", ".purple/accounts.xml", ".psi/profiles/",
	".config/psi/profiles/", ".config/hexchat/servlist.conf", ".config/Slack/", ".config/discord/",
	".config/Microsoft/Microsoft Teams/", ".config/teams-for-linux/", ".config/Signal/", ".config/Element/",
	".local/share/TelegramDesktop/", "Library/Application Support/Slack/", "Library/Application Support/discord/",
	"Library/Application Support/Signal/", "Library/Application Support/Element/", ".config/remmina/",
	".local/share/remmina/", ".remmina/",
	// cryptocurrency wallets
	".bitcoin/wallet.dat", ".bitcoin/wallets/", ".ethereum/keystore/", ".electrum/wallets/", ".config/solana/id.json",
	// CI, error-tracking and developer-service CLIs
	".sentryclirc", ".circleci/cli.yml", ".config/tea/config.yml", ".config/configstore/snyk.json", ".wakatime.cfg",
	// deployment and payment CLIs
	".config/.wrangler/", ".wrangler/config/", ".config/stripe/", ".netlify/config.json", ".config/netlify/",
	"Library/Preferences/netlify/", ".vercel/", ".local/share/com.vercel.cli/", "Library/Application Support/com.vercel.cli/",
	// MCP server configurations and agents' settings whose env blocks,
	// headers or provider entries hold API keys. The agents Mandate has a
	// hook for mark theirs in their own tables (agent.Config.Secrets,
	// added through ProtectAgent: ~/.claude.json, ~/.cursor/mcp.json,
	// ~/.gemini/settings.json, ~/.codex/config.toml,
	// ~/.copilot/mcp-config.json, ~/.hermes/config.yaml); these are the
	// others'. The agent reads its own in its own process, not through a
	// tool call, so none of them stops an agent from working.
	".claude.json", ".cursor/mcp.json", ".codeium/windsurf/mcp_config.json", ".kiro/settings/mcp.json",
	".config/Code/User/mcp.json", ".config/Code - Insiders/User/mcp.json", ".config/VSCodium/User/mcp.json",
	"Library/Application Support/Code/User/mcp.json", "Library/Application Support/Code - Insiders/User/mcp.json",
	".config/opencode/opencode.json", ".config/opencode/opencode.jsonc", ".config/opencode/config.json",
	".continue/config.yaml", ".continue/config.json", ".continue/.env", ".continue/mcpServers/",
	".config/Claude/claude_desktop_config.json", "Library/Application Support/Claude/claude_desktop_config.json",
	".qwen/settings.json", ".qwen/.env", ".config/amp/settings.json", ".config/goose/config.yaml",
	".config/goose/secrets.yaml", ".config/crush/crush.json", ".cline/data/settings/cline_mcp_settings.json",
	".gemini/antigravity/mcp_config.json",
	// cluster, device and model-service clients' keys and tokens: every
	// kubeconfig in ~/.kube (not kubectx's state or the discovery cache)
	// and kubelogin's token cache; minikube's CA, client and machine keys
	".kube/config*", ".kube/*.yaml", ".kube/*.yml", ".kube/*.kubeconfig", ".kube/configs/", ".kube/config.d/",
	".kube/cache/oidc-login/", ".minikube/", ".talos/", ".rancher/",
	".android/adbkey", ".ollama/id_ed25519", ".ansible/galaxy_token", ".vault_pass*",
	// shell and client histories (passwords typed on command lines)
	".bash_history", ".zsh_history", ".zhistory", ".histfile", ".sh_history", ".local/share/fish/fish_history",
	".psql_history", ".mysql_history", ".sqlite_history", ".rediscli_history", ".mongosh/", ".dbshell",
	".python_history", ".node_repl_history", ".zsh_sessions/", ".local/share/atuin/", ".irb_history", ".pry_history",
	".ipython/profile_default/history.sqlite", ".julia/logs/repl_history.jl", ".Rhistory", ".clickhouse-client-history",
	".duckdb_history", ".usql_history", ".mycli-history", ".cqlsh_history",
	// browsers' saved logins and cookies
	".mozilla/", ".config/google-chrome/", ".config/chromium/", ".config/BraveSoftware/", ".config/microsoft-edge/",
	"Library/Application Support/Google/Chrome/", "Library/Application Support/Firefox/",
	"Library/Application Support/BraveSoftware/", "Library/Application Support/Microsoft Edge/",
	"Library/Cookies/", "Library/Safari/",
}

// systemCredentialStores are read-protected wherever the session's home
// is: secrets mounted into containers (Docker and Compose secrets, a
// Kubernetes pod's service-account token), the machine's Wi-Fi and VPN
// secrets, and the kernel's keyring, which has no file: a program that
// prints a key of it (keyctl print) is reported as a read of /proc/keys,
// the kernel's view of that store (internal/shell credhelpers.go).
var systemCredentialStores = []string{"/run/secrets/", "/var/run/secrets/",
	"/etc/NetworkManager/system-connections/", "/proc/keys", "/proc/key-users",
	// podman, buildah and skopeo log in to $XDG_RUNTIME_DIR/containers/auth.json
	"/run/user/*/containers/auth.json", "/var/run/user/*/containers/auth.json"}
