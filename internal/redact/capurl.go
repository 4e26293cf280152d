package redact

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Capability URLs: URLs that are themselves the credential, their secret a
// segment of the path (a webhook's token, a bot's token) rather than a
// password in the userinfo or a named query parameter (those are
// url-credentials and the assignment rule: ?token=, X-Amz-Signature=,
// sig=). One table of shapes, by host and by the path text the secret
// follows; a shape on any host (…/webhooks/…, …/hooks/…) masks only the
// segments that look random, so that /hooks/pre-commit stays readable.

// capShape is one shape of capability URL.
type capShape struct {
	id string
	// hosts are the hosts the shape holds on ("" any host); a name
	// starting with "." is any subdomain of it.
	hosts []string
	// marker is the lowercase path text the secret follows.
	marker string
	// skip is how many path segments after the marker are not secret (an
	// id); segs how many are (0: every one to the end of the path).
	skip, segs int
	// random: a segment is secret only when it looks random
	// (tokenLike); set for shapes on any host.
	random bool
}

// Rule IDs of capability URLs.
const (
	ruleSlackWebhook  = "slack-webhook"
	ruleCapabilityURL = "capability-url"
)

// capShapes: sources are each service's documentation of its incoming
// webhooks and bot API.
var capShapes = []capShape{
	// hooks.slack.com/services/T…/B…/SECRET, /workflows/…, /triggers/…
	{id: ruleSlackWebhook, hosts: []string{"hooks.slack.com"}, marker: "/services/"},
	{id: ruleSlackWebhook, hosts: []string{"hooks.slack.com"}, marker: "/workflows/"},
	{id: ruleSlackWebhook, hosts: []string{"hooks.slack.com"}, marker: "/triggers/"},
	// discord.com/api/webhooks/ID/TOKEN (also /api/v10/webhooks/…)
	{id: ruleCapabilityURL, hosts: []string{"discord.com", ".discord.com", "discordapp.com", ".discordapp.com"}, marker: "/webhooks/", skip: 1, segs: 1},
	// Microsoft Teams (Office 365 connectors):
	// TENANT.webhook.office.com/webhookb2/GUID@GUID/IncomingWebhook/SECRET/GUID
	{id: ruleCapabilityURL, hosts: []string{".webhook.office.com", "outlook.office.com", "outlook.office365.com"}, marker: "/incomingwebhook/", segs: 1},
	// api.telegram.org/botID:TOKEN/method, /file/botID:TOKEN/path
	{id: ruleCapabilityURL, hosts: []string{"api.telegram.org"}, marker: "/bot", segs: 1},
	// hooks.zapier.com/hooks/catch/ACCOUNT/HOOK/
	{id: ruleCapabilityURL, hosts: []string{"hooks.zapier.com"}, marker: "/hooks/catch/"},
	// maker.ifttt.com/trigger/EVENT/with/key/KEY
	{id: ruleCapabilityURL, hosts: []string{"maker.ifttt.com"}, marker: "/with/key/", segs: 1},
	// Any host: Mattermost and Rocket.Chat /hooks/KEY[/TOKEN], n8n
	// /webhook/UUID, and the many /webhooks/ID/TOKEN.
	{id: ruleCapabilityURL, marker: "/hooks/", random: true},
	{id: ruleCapabilityURL, marker: "/webhook/", random: true},
	{id: ruleCapabilityURL, marker: "/webhooks/", random: true},
}

// capURLRule is the capability-URL detector.
func capURLRule() *rule {
	kws := []string{}
	seen := map[string]bool{}
	for _, c := range capShapes {
		k := c.marker
		if len(c.hosts) == 1 && !strings.HasPrefix(c.hosts[0], ".") {
			k = c.hosts[0] // rarer than the marker: fewer hits to look at
		}
		if !seen[k] {
			seen[k] = true
			kws = append(kws, k)
		}
	}
	return &rule{id: ruleCapabilityURL,
		desc:     "capability URL whose path is the credential: a webhook's or bot's token (Slack, Discord, Teams, Telegram, Zapier, IFTTT; a random segment after /hooks/, /webhook/, /webhooks/ on any host), host kept",
		keywords: kws, match: matchCapURLs, emits: []string{ruleSlackWebhook, ruleCapabilityURL}}
}

// matchCapURLs finds, around each hit, the URL holding it and masks the
// secret segments of every shape its host and path fit.
func matchCapURLs(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done {
			continue
		}
		a := h
		for a > 0 && h-a < 2048 && !isURLStop(s[a-1]) {
			a--
		}
		e := h
		for e < len(s) && e-a < 4096 && !isURLStop(s[e]) {
			e++
		}
		done = e
		capURL(s, a, e, emit)
	}
}

// capURL masks the capability secrets of the URL at s[a:e].
func capURL(s string, a, e int, emit func(span)) {
	u := s[a:e]
	hs := 0
	if i := strings.Index(u, "://"); i >= 0 && i < 32 {
		hs = i + 3
	}
	slash := strings.IndexByte(u[hs:], '/')
	if slash < 0 {
		return
	}
	ps := hs + slash
	host := u[hs:ps]
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	if c := strings.IndexByte(host, ':'); c >= 0 {
		host = host[:c]
	}
	host = strings.ToLower(host)
	pe := len(u)
	if i := strings.IndexAny(u[ps:], "?#"); i >= 0 {
		pe = ps + i
	}
	path := u[ps:pe]
	lpath := strings.ToLower(path)
	for _, c := range capShapes {
		if !hostIn(host, c.hosts) {
			continue
		}
		m := strings.Index(lpath, c.marker)
		if m < 0 {
			continue
		}
		off := m + len(c.marker)
		if c.marker == "/bot" && off < len(path) && path[off] == '/' {
			continue // "/bot/…" names no token
		}
		for k := 0; off < len(path); k++ {
			end := strings.IndexByte(path[off:], '/')
			if end < 0 {
				end = len(path)
			} else {
				end += off
			}
			seg := path[off:end]
			if k >= c.skip && (c.segs == 0 || k < c.skip+c.segs) && seg != "" && !isPlaceholder(seg) && (!c.random || tokenLike(seg, 16)) {
				emit(span{start: a + ps + off, end: a + ps + end, id: c.id})
			}
			if c.segs != 0 && k+1 >= c.skip+c.segs {
				break
			}
			off = end + 1
		}
	}
}

// hostIn reports whether host is one of hosts ("" in hosts, or none: any;
// ".x" any subdomain of x).
func hostIn(host string, hosts []string) bool {
	if len(hosts) == 0 {
		return true
	}
	for _, h := range hosts {
		if h == host || strings.HasPrefix(h, ".") && strings.HasSuffix(host, h) {
			return true
		}
	}
	return false
}

// isURLStop ends a URL in text.
func isURLStop(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '<', '>', '\\', '`', '(', ')', '[', ']', '{', '}', '|', ',', ';':
		return true
	}
	return c < 0x20 || c == 0x7f
}

// tokenLike reports whether v, a user name or a path segment, looks like a
// generated credential rather than a name a person chose: at least min
// bytes of a token's alphabet, letters and digits both, no dots (host
// names, e-mail addresses, file names), and random by the assignment
// rule's entropy test. A person's login (git, alice, deploy-bot,
// github-actions[bot], first.last) is not.
func tokenLike(v string, min int) bool {
	if len(v) < min || strings.ContainsAny(v, ".@%") {
		return false
	}
	letter, digit := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case isDigit(c):
			digit = true
		case isUpper(c) || isLower(c):
			letter = true
		case c == '-' || c == '_' || c == '~' || c == '+' || c == '=' || c == ':':
		default:
			return false
		}
	}
	return letter && digit && highEntropy(v)
}

// urlUserinfo emits the secret of a URL's userinfo s[st:st+n] (RFC 3986:
// user[:password]): the password; the user when it is the credential
// (GitHub documents https://TOKEN@github.com, https://TOKEN:@…, and
// https://TOKEN:x-oauth-basic@…; a Sentry DSN is https://KEY@host), which
// is when the password is empty or a fixed filler, or when there is none
// and the user looks generated (tokenLike). A plain login (git@, alice@,
// user:@) is kept.
func urlUserinfo(s string, st, n int, emit func(span)) {
	userinfo := s[st : st+n]
	// A user name masked by an earlier pass is a marker, whose own ':'
	// separate nothing.
	from := markerLen(userinfo)
	colon := strings.IndexByte(userinfo[from:], ':')
	if colon >= 0 {
		colon += from
	}
	user := userinfo
	if colon >= 0 {
		user = userinfo[:colon]
	}
	if from > 0 && from == len(user) {
		user = "" // already masked
	}
	emitUser := func() {
		if user != "" && !isPlaceholder(user) {
			emit(span{start: st, end: st + len(user), id: "url-credentials"})
		}
	}
	switch {
	case colon < 0:
		if tokenLike(user, 16) {
			emitUser()
		}
	case colon == len(userinfo)-1:
		if tokenLike(user, 12) {
			emitUser()
		}
	case userFillers.Get()[strings.ToLower(userinfo[colon+1:])]:
		emitUser()
	default:
		ps := st + colon + 1
		if !isPlaceholder(s[ps : st+n]) {
			emit(span{start: ps, end: st + n, id: "url-credentials"})
		}
	}
}

// userFillers are passwords services document as fixed text beside a
// token given as the user name.
var userFillers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"x-oauth-basic": true}
}}
