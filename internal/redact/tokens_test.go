package redact

import (
	"math/rand/v2"
	"testing"
)

// tokenTemplates: one sample per vendor token format (tokentable.go), as
// corpus templates (corpus_test.go); TestRules runs them as its rows.
var tokenTemplates = []struct{ rule, tmpl string }{
	{"huggingface-token", `export HF_HUB=1; huggingface-cli whoami # «=hf_|an:34»`},
	{"vault-token", `vault: «=hvs.|b64u:90»`},
	{"sendgrid-api-key", `sendgrid key «=SG.|b64u:22|=.|b64u:43»`},
	{"google-oauth-token", `ya: «=ya29.a0|b64u:120» end`},
	{"google-oauth-client-secret", `{"installed":{"client_id":"‹dig:12›-x.apps.googleusercontent.com","cs":"«=GOCSPX-|b64u:28»"}}`},
	{"digitalocean-token", `doctl: «=dop_v1_|hex:64»`},
	{"shopify-token", `shop «=shpat_|hex:32»`},
	{"postman-api-key", `postman «=PMAK-|hex:24|=-|hex:34»`},
	{"linear-api-key", `linear: «=lin_api_|an:40»`},
	{"terraform-cloud-token", `terraform: «an:14|=.atlasv1.|b64u:67»`},
	{"pulumi-token", `pulumi login with «=pul-|hex:40»`},
	{"grafana-token", `grafana «=glsa_|an:32|=_|hex:8»`},
	{"atlassian-api-token", `jira «=ATATT3xFfGF0|b64u:180»`},
	{"sentry-token", `sentry «=sntryu_|hex:64»`},
	{"rubygems-api-key", `gem: «=rubygems_|hex:48»`},
	{"pypi-token", `pypi: «=pypi-AgEIcHlwaS5vcmc|b64u:70»`},
	{"docker-hub-token", `hub: «=dckr_pat_|b64u:27»`},
	{"databricks-token", `databricks «=dapi|hex:32»`},
	{"doppler-token", `doppler «=dp.st.prd.|an:43»`},
	{"dynatrace-token", `dt «=dt0c01.|AN:24|=.|AN:64»`},
	{"planetscale-token", `pscale «=pscale_tkn_|b64u:43»`},
	{"onepassword-token", `op «=ops_eyJ|b64:300»`},
	{"age-secret-key", `# public key: age1xyz\n«=AGE-SECRET-KEY-1|up32:58»`},
	{"heroku-api-key", `heroku «=HRKU-AA|b64u:58»`},
	{"square-token", `square «=sq0atp-|b64u:22»`},
	{"brevo-api-key", `brevo «=xkeysib-|hex:64|=-|an:16»`},
	{"ai-api-key", `groq «=gsk_|an:52»`},
	{"flyio-token", `fly «=fo1_|b64u:43»`},
	{"notion-token", `notion «=ntn_|dig:11|an:35»`},
	{"saas-api-token", `netlify «=nfp_|an:36»`},
	{"vendor-api-key", `contentful «=CFPAT-|b64u:43»`},
	{"discord-bot-token", `bot «=MTIzNDU2Nzg5MDEyMzQ1Njc4.|b64u:6|=.|b64u:38»`},
}

// tokenRuleRows renders tokenTemplates as TestRules rows.
func tokenRuleRows(t *testing.T) []struct {
	name, in, rule, secret string
	keep                   []string
	pii                    bool
} {
	var out []struct {
		name, in, rule, secret string
		keep                   []string
		pii                    bool
	}
	for i, tt := range tokenTemplates {
		rng := rand.New(rand.NewPCG(uint64(i), 12))
		text, secrets, keep := expand(t, rng, tt.tmpl)
		out = append(out, struct {
			name, in, rule, secret string
			keep                   []string
			pii                    bool
		}{tt.rule, text, tt.rule, secrets[0], keep, false})
	}
	return out
}

// TestTokenFormatsTable: every row of the vendor table has a sample, and
// its keywords are lowercase (the engine matches lowered text).
func TestTokenFormatsTable(t *testing.T) {
	have := map[string]bool{}
	for _, tt := range tokenTemplates {
		have[tt.rule] = true
	}
	for _, f := range tokenFormats {
		if !have[f.id] {
			t.Errorf("token format %s has no sample in tokenTemplates", f.id)
		}
		for _, kw := range f.keywords {
			for i := 0; i < len(kw); i++ {
				if isUpper(kw[i]) {
					t.Errorf("token format %s: keyword %q not lowercase", f.id, kw)
				}
			}
		}
	}
}
