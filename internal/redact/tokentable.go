package redact

import "strings"

// tokenFormats is the table of vendor tokens recognised by their own
// shape (a fixed prefix, an alphabet, a length): such a token is a secret
// wherever it stands, with no credential name near it. One row is one
// rule (its ID is the row's); the engine anchors it on the row's
// keywords (lowercase) and runs the pattern, whose group s is the
// secret, in a window of after bytes past each keyword (before bytes
// ahead of it for a token whose keyword is not its start).
//
// Adding a format is adding a row (and a corpus positive, see
// testdata/corpus.txt); the older formats (AWS, GitHub, GitLab, Slack,
// Stripe, OpenAI, Anthropic, npm, JWT) are in rules.go.
//
// NOTICE: most formats were learned from gitleaks' rule list
// (https://github.com/gitleaks/gitleaks, config/gitleaks.toml, Copyright
// (c) 2019 Zachary Rice, MIT License), some from the vendors'
// documentation. The patterns are this package's own (RE2); no gitleaks
// pattern text is copied.
var tokenFormats = []tokenFormat{
	{id: "huggingface-token", desc: "Hugging Face access token (hf_…, api_org_…)",
		keywords: []string{"hf_", "api_org_"}, pattern: `(?P<s>(?:hf_|api_org_)[A-Za-z0-9]{30,64})` + alnumEnd, random: true},
	{id: "vault-token", size: 420, desc: "HashiCorp Vault token (hvs., hvb., hvr.)",
		keywords: []string{"hvs.", "hvb.", "hvr."}, pattern: `(?P<s>hv[sbr]\.[A-Za-z0-9_\-]{24,400})` + tokEnd, random: true},
	{id: "sendgrid-api-key", desc: "SendGrid API key (SG.<id>.<secret>)",
		keywords: []string{"sg."}, pattern: `(?P<s>SG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{30,64})` + tokEnd, random: true},
	{id: "google-oauth-token", size: 1030, desc: "Google OAuth access token (ya29.…) or refresh token (1//0…)",
		keywords: []string{"ya29.", "1//0"}, pattern: `(?P<s>ya29\.[A-Za-z0-9_\-]{20,1000}|1//0[A-Za-z0-9_\-]{30,512})` + tokEnd, random: true},
	{id: "google-oauth-client-secret", desc: "Google OAuth client secret (GOCSPX-…)",
		keywords: []string{"gocspx-"}, pattern: `(?P<s>GOCSPX-[A-Za-z0-9_\-]{20,40})` + tokEnd, random: true},
	{id: "digitalocean-token", desc: "DigitalOcean token (dop_v1_, doo_v1_, dor_v1_)",
		keywords: []string{"dop_v1_", "doo_v1_", "dor_v1_"}, pattern: `(?P<s>do[opr]_v1_[a-f0-9]{64})` + alnumEnd},
	{id: "shopify-token", desc: "Shopify access token or shared secret (shpat_, shpca_, shppa_, shpss_)",
		keywords: []string{"shpat_", "shpca_", "shppa_", "shpss_"}, pattern: `(?P<s>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})` + alnumEnd},
	{id: "postman-api-key", desc: "Postman API key (PMAK-…)",
		keywords: []string{"pmak-"}, pattern: `(?P<s>PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34})` + alnumEnd},
	{id: "linear-api-key", desc: "Linear API key or OAuth token (lin_api_, lin_oauth_)",
		keywords: []string{"lin_api_", "lin_oauth_"}, pattern: `(?P<s>lin_(?:api|oauth)_[A-Za-z0-9]{32,64})` + alnumEnd, random: true},
	{id: "terraform-cloud-token", desc: "Terraform Cloud / Enterprise API token (<id>.atlasv1.<secret>)",
		keywords: []string{".atlasv1."}, before: 16, pattern: `(?:^|[^A-Za-z0-9])(?P<s>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{40,120})` + tokEnd},
	{id: "pulumi-token", desc: "Pulumi access token (pul-…)",
		keywords: []string{"pul-"}, pattern: `(?P<s>pul-[a-f0-9]{40})` + alnumEnd},
	{id: "grafana-token", size: 420, desc: "Grafana Cloud token or service account token (glc_, glsa_)",
		keywords: []string{"glc_", "glsa_"}, pattern: `(?P<s>glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})` + tokEnd, random: true},
	{id: "atlassian-api-token", size: 320, desc: "Atlassian API token (ATATT3…, ATCTT3…)",
		keywords: []string{"atatt3", "atctt3"}, pattern: `(?P<s>AT[AC]TT3[A-Za-z0-9_=\-]{100,300})` + tokEnd, random: true},
	{id: "sentry-token", size: 620, desc: "Sentry organization or user auth token (sntrys_, sntryu_)",
		keywords: []string{"sntrys_", "sntryu_"}, pattern: `(?P<s>sntry[su]_[A-Za-z0-9+/=_]{40,600})` + tokEnd, random: true},
	{id: "rubygems-api-key", desc: "RubyGems API key (rubygems_…)",
		keywords: []string{"rubygems_"}, pattern: `(?P<s>rubygems_[a-f0-9]{48})` + alnumEnd},
	{id: "pypi-token", size: 1040, desc: "PyPI upload token (pypi-AgE…)",
		keywords: []string{"pypi-age"}, pattern: `(?P<s>pypi-AgE[A-Za-z0-9_\-]{50,1000})` + tokEnd},
	{id: "docker-hub-token", desc: "Docker Hub personal or organisation access token (dckr_pat_, dckr_oat_)",
		keywords: []string{"dckr_pat_", "dckr_oat_"}, pattern: `(?P<s>dckr_(?:pat|oat)_[A-Za-z0-9_\-]{20,64})` + tokEnd, random: true},
	{id: "databricks-token", desc: "Databricks personal access token (dapi…)",
		keywords: []string{"dapi"}, pattern: `(?P<s>dapi[a-f0-9]{32}(?:-\d)?)` + alnumEnd},
	{id: "doppler-token", desc: "Doppler token (dp.pt., dp.st., dp.ct., dp.sa., dp.scim., dp.audit.)",
		keywords: []string{"dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."}, pattern: `(?P<s>dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9_\-.]{40,64})` + tokEnd, random: true},
	{id: "dynatrace-token", desc: "Dynatrace API token (dt0c01.…)",
		keywords: []string{"dt0c01."}, pattern: `(?P<s>dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})` + alnumEnd},
	{id: "planetscale-token", desc: "PlanetScale token or password (pscale_tkn_, pscale_oauth_, pscale_pw_)",
		keywords: []string{"pscale_tkn_", "pscale_oauth_", "pscale_pw_"}, pattern: `(?P<s>pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.\-]{32,64})` + tokEnd, random: true},
	{id: "onepassword-token", size: 1100, desc: "1Password service account token (ops_eyJ…) or account secret key (A3-…)",
		keywords: []string{"ops_eyj", "a3-"}, pattern: `(?P<s>ops_eyJ[A-Za-z0-9+/]{100,}={0,3}|A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})` + alnumEnd},
	{id: "age-secret-key", size: 560, desc: "age identity (AGE-SECRET-KEY-1…, AGE-PLUGIN-…-1…)",
		keywords: []string{"age-secret-key-1", "age-plugin-"}, pattern: `(?P<s>AGE-(?:SECRET-KEY|PLUGIN-[A-Z0-9]{1,32})-1[0-9A-Z]{20,500})` + alnumEnd},
	{id: "heroku-api-key", desc: "Heroku API key (HRKU-…)",
		keywords: []string{"hrku-"}, pattern: `(?P<s>HRKU-[A-Za-z0-9_\-]{40,80})` + tokEnd, random: true},
	{id: "square-token", desc: "Square access token or OAuth secret (sq0atp-, sq0csp-, EAAA…)",
		keywords: []string{"sq0atp-", "sq0csp-"}, pattern: `(?P<s>sq0(?:atp|csp)-[A-Za-z0-9_\-]{22,60})` + tokEnd, random: true},
	{id: "brevo-api-key", desc: "Brevo (Sendinblue) API or SMTP key (xkeysib-, xsmtpsib-)",
		keywords: []string{"xkeysib-", "xsmtpsib-"}, pattern: `(?P<s>x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})` + alnumEnd},
	{id: "ai-api-key", desc: "AI provider API key (OpenRouter sk-or-v1-, Groq gsk_, xAI xai-, Perplexity pplx-, Replicate r8_, NVIDIA nvapi-, Tavily tvly-, Pinecone pcsk_, LangSmith lsv2_)",
		keywords: []string{"sk-or-", "gsk_", "xai-", "pplx-", "r8_", "nvapi-", "tvly-", "pcsk_", "lsv2_"},
		pattern:  `(?P<s>sk-or-v\d-[a-f0-9]{64}|gsk_[A-Za-z0-9]{40,64}|xai-[A-Za-z0-9]{60,100}|pplx-[A-Za-z0-9]{40,64}|r8_[A-Za-z0-9]{30,48}|nvapi-[A-Za-z0-9_\-]{60,80}|tvly-(?:dev-|prod-)?[A-Za-z0-9]{30,48}|pcsk_[A-Za-z0-9_]{40,100}|lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})` + tokEnd, random: true},
	{id: "flyio-token", size: 1100, desc: "Fly.io access token (fo1_, fm1a_, fm1r_, fm2_)",
		keywords: []string{"fo1_", "fm1a_", "fm1r_", "fm2_"}, pattern: `(?P<s>fo1_[A-Za-z0-9_\-]{40,48}|fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,}={0,3})` + tokEnd, random: true},
	{id: "notion-token", desc: "Notion integration token (ntn_…, secret_…)",
		keywords: []string{"ntn_", "secret_"}, pattern: `(?P<s>ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})` + alnumEnd, random: true},
	{id: "saas-api-token", size: 1100, desc: "SaaS API token with a vendor prefix (Prefect pnu_, ReadMe rdme_, Infracost ico-, Shippo shippo_, Clojars CLOJARS_, Frame.io fio-u-, Duffel duffel_, EasyPost EZAK/EZTK, Artifactory AKCp, Alibaba LTAI, OpenShift sha256~, Scalingo tk-us-, Sourcegraph sgp_, Adobe p8e-, ClickHouse 4b1d, SettleMint sm_*at_, Supabase sbp_/sb_secret_, Render rnd_, Netlify nfp_, Buildkite bkua_, CircleCI CCIPAT_, Figma figd_, Mapbox sk.eyJ, Bedrock ABSK, GitLab GR1348941, Cloudflare v1.0-)",
		keywords: []string{"pnu_", "rdme_", "ico-", "shippo_", "clojars_", "fio-u-", "duffel_", "ezak", "eztk", "akcp", "ltai", "sha256~",
			"tk-us-", "sgp_", "p8e-", "4b1d", "sm_aat_", "sm_pat_", "sm_sat_", "sbp_", "sb_secret_", "rnd_", "nfp_", "bkua_", "ccipat_",
			"figd_", "sk.eyj", "absk", "gr1348941", "v1.0-"},
		pattern: `(?P<s>pnu_[A-Za-z0-9]{36}|rdme_[a-z0-9]{70}|ico-[A-Za-z0-9]{32}|shippo_(?:live|test)_[a-fA-F0-9]{40}|CLOJARS_[A-Za-z0-9]{60}|fio-u-[A-Za-z0-9_=\-]{64}|duffel_(?:test|live)_[A-Za-z0-9_=\-]{43}|EZ[AT]K[A-Za-z0-9]{54}|AKCp[A-Za-z0-9]{69}|LTAI[A-Za-z0-9]{20}|sha256~[A-Za-z0-9_\-]{43}|tk-us-[A-Za-z0-9_\-]{48}|sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}|p8e-[A-Za-z0-9]{32}|4b1d[A-Za-z0-9]{38}|sm_[aps]at_[A-Za-z0-9]{16}|sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_\-]{20,64}|rnd_[A-Za-z0-9]{32}|nfp_[A-Za-z0-9]{36,40}|bkua_[a-f0-9]{40}|CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}|figd_[A-Za-z0-9_\-]{40,}|sk\.eyJ[A-Za-z0-9_\-]{40,}\.[A-Za-z0-9_\-]{20,}|ABSK[A-Za-z0-9+/]{100,269}={0,2}|GR1348941[A-Za-z0-9_\-]{20}|v1\.0-[a-f0-9]{24}-[a-f0-9]{146})` + tokEnd,
		random:  true},
	// Red-team round 26 (#c5): vendors the table lacked. Two rows of one
	// rule: the long tokens' rare prefixes take a wide window, the short
	// ones' common prefixes (pat, key-, oy2) a narrow one, so that the
	// pattern does not run over most of a text full of paths and keys.
	{id: "vendor-api-key", size: 1100, desc: vendorAPIKeyDesc,
		keywords: []string{"eyjrijoi", "sl.", "eaacedeose0cba"},
		pattern:  `(?P<s>eyJrIjoi[A-Za-z0-9+/]{40,200}={0,2}|sl\.(?:u\.)?[A-Za-z0-9_=\-]{130,1000}|EAACEdEose0cBA[A-Za-z0-9]{20,400})` + tokEnd,
		random:   true},
	{id: "vendor-api-key", size: 120, desc: vendorAPIKeyDesc,
		keywords: []string{"tskey-", "nrak-", "nraa-", "nrra-", "nriq-", "nrii-", "cfpat-", "oy2", "flwseck", "pat", "key-"},
		pattern:  `(?P<s>tskey-[a-z]{3,8}-[A-Za-z0-9]{4,40}-[A-Za-z0-9]{16,80}|NR(?:AK|AA|RA|IQ)-[A-Za-z0-9]{27}|NRII-[A-Za-z0-9_\-]{32}|CFPAT-[A-Za-z0-9_\-]{43}|oy2[a-z0-9]{43}|FLWSECK(?:_TEST)?-[A-Za-z0-9]{32}-X|pat[A-Za-z0-9]{14}\.[a-f0-9]{64}|key-[a-f0-9]{32})` + tokEnd,
		random:   true, valid: notNameTail},
}

const vendorAPIKeyDesc = "vendor API key or token by its prefix (Tailscale tskey-, New Relic NRAK-/NRAA-/NRRA-/NRIQ-/NRII-, Contentful CFPAT-, NuGet oy2, Flutterwave FLWSECK-, Grafana legacy eyJrIjoi, Dropbox sl., Airtable pat….<hex>, Mailgun key-, Facebook EAACEdEose0cBA)"

// notNameTail refuses a token whose prefix is a common word ending a
// longer name (cache-key-<md5>, build_pat…): Mailgun's key- and
// Airtable's pat start a word.
func notNameTail(s string, a, _ int) bool {
	if a == 0 || !strings.HasPrefix(s[a:], "key-") && !strings.HasPrefix(s[a:], "pat") {
		return true
	}
	return strings.IndexByte("-_.", s[a-1]) < 0
}
