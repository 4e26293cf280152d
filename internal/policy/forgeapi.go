package policy

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Pushes by a forge's API (red-team round 8, #4). gh api -X PATCH
// repos/o/r/git/refs/heads/main -F force=true force-updates main on the
// remote without git push; so do the contents, merges and branches
// endpoints, GraphQL's createCommitOnBranch, glab api on GitLab's files
// and commits, and the same requests sent by curl, wget or httpie to a
// forge's API. A call is read into its API, method, path and body
// fields (readForgeCall) and judged by forgeendpoints.go's table, as git
// push to the ref it names would be: at write_local every one is denied;
// at external it asks when the ref is a protected branch, the default
// branch, deleted, forced, every branch, or not known before it runs. A
// call that may write refs but whose endpoint, method or GraphQL
// document the line does not show asks at both levels.

// forgeCall is one API call read from a command.
type forgeCall struct {
	api     forgeAPI
	method  string // upper case; "" not known statically
	path    string // relative to the API's root, without a query string
	graphql bool
	query   string // the GraphQL document, when known
	fields  map[string]string
	// bodyUnknown: part of the body is not in the line (@file, --input,
	// standard input).
	bodyUnknown bool
}

// refEffect is what a call does to one ref.
type refEffect struct {
	ref     string // a branch, refs/…, heads/…, tags/…, or "HEAD"
	unknown string // the ref is not known: what it is
	del     bool
	all     bool
	force   bool
	what    string
}

// forgeCommand judges c when it calls a forge's API.
func (ev *evaluation) forgeCommand(c *shell.Command) {
	api, ok := forgeClients.Get()[c.Name]
	if !ok || ev.trust != action.WriteLocal && ev.trust != action.External {
		return
	}
	fc, ok := readForgeCall(c, api)
	if !ok {
		return
	}
	effects, unsure := fc.refEffects()
	if len(effects) == 0 {
		if unsure != "" {
			ev.builtin(groupTrust, Ask, "push-approval", c.Line, fmt.Sprintf("%q may update branches on the forge through its API, and %s", c.Line, unsure))
		}
		return
	}
	what := effects[0].what
	if ev.trust == action.WriteLocal {
		ev.deny(groupTrust, "no-push", c.Line, fmt.Sprintf("trust level write_local does not allow %q: it %s on the forge through its API, a push by another name, and pushing needs trust level external", c.Line, what))
		return
	}
	for _, e := range effects {
		if why := ev.refEffectVerdict(e); why != "" {
			ev.builtin(groupTrust, Ask, "push-approval", c.Line, fmt.Sprintf("%q %s on the forge through its API: %s", c.Line, e.what, why))
			return
		}
	}
}

// refEffectVerdict returns why an effect needs approval at external, as
// git push's refspecVerdict would, or "".
func (ev *evaluation) refEffectVerdict(e refEffect) string {
	switch {
	case e.all:
		return "it deletes every branch"
	case e.unknown != "":
		return e.unknown + " is not known before it runs"
	case dynamicWord(e.ref):
		return fmt.Sprintf("the ref %q is not known statically", e.ref)
	case e.ref == "HEAD":
		return "it updates the repository's default branch"
	case e.del:
		return fmt.Sprintf("it deletes the remote ref %q", refName(e.ref))
	case e.force:
		return fmt.Sprintf("it force-updates %q", refName(e.ref))
	}
	if b, ok := pushedBranch(cleanRef(e.ref)); ok && ev.p.protectedBranch(b) {
		return fmt.Sprintf("it updates protected branch %q", b)
	}
	return ""
}

// refName is a ref as a reason names it: a branch by its name.
func refName(r string) string {
	if b, ok := pushedBranch(cleanRef(r)); ok {
		return b
	}
	return r
}

// refEffects returns what fc does to refs by the endpoint table, or why
// it may write refs without the line showing which.
func (fc *forgeCall) refEffects() ([]refEffect, string) {
	write := fc.method != "GET" && fc.method != "HEAD" && fc.method != "OPTIONS"
	if !write {
		return nil, ""
	}
	if fc.graphql {
		return fc.mutationEffects()
	}
	if fc.method == "" {
		if fc.path != "" && endpointMayMatch(fc.api, fc.path) {
			return nil, "its method is not known statically"
		}
		return nil, ""
	}
	for _, e := range forgeEndpoints.Get() {
		if e.api != fc.api || !inFields(e.methods, fc.method) {
			continue
		}
		caps, ok := matchEndpointPath(e.path, fc.path)
		if !ok {
			continue
		}
		return fc.endpointEffect(e, caps), ""
	}
	if dynamicWord(fc.path) {
		return nil, "its endpoint " + fc.path + " is not known statically"
	}
	return nil, ""
}

// endpointEffect is what a call of endpoint e does; caps holds the
// {branch} or {ref} of its path.
func (fc *forgeCall) endpointEffect(e forgeEndpoint, caps string) []refEffect {
	eff := refEffect{del: e.del || fc.method == "DELETE" && e.ref == "" && e.only == "", all: e.all, what: e.what}
	if e.force != "" && strings.EqualFold(fc.fields[e.force], "true") {
		eff.force = true
	}
	switch {
	case e.all:
	case e.unknown != "":
		eff.unknown = e.unknown
	case caps != "":
		eff.ref = caps
		if strings.HasSuffix(e.path, "/protection/**") {
			eff.del = false
		}
	case strings.HasPrefix(e.ref, "field:"):
		if e.only != "" {
			if _, ok := fc.fields[e.only]; !ok {
				if !fc.bodyUnknown {
					return nil
				}
				eff.unknown = "whether it changes the default branch"
				return []refEffect{eff}
			}
		}
		for _, name := range strings.Split(strings.TrimPrefix(e.ref, "field:"), "|") {
			if v, ok := fc.fields[name]; ok {
				eff.ref = v
				break
			}
		}
		switch {
		case eff.ref != "":
		case fc.bodyUnknown:
			eff.unknown = "the branch its body names"
		case e.def != "":
			eff.ref = e.def
		default:
			eff.unknown = "the branch it updates"
		}
		if e.only == "default_branch" {
			eff.ref = "HEAD"
		}
	}
	if strings.Contains(eff.ref, "{branch}") || strings.Contains(eff.ref, ":branch") {
		eff.unknown, eff.ref = "the current branch the client substitutes", ""
	}
	return []refEffect{eff}
}

// mutationEffects reads a GraphQL document's mutations that write refs.
func (fc *forgeCall) mutationEffects() ([]refEffect, string) {
	if fc.query == "" {
		if fc.bodyUnknown {
			return nil, "its GraphQL document is not shown in the line"
		}
		return nil, ""
	}
	if dynamicWord(fc.query) && !strings.Contains(fc.query, "mutation") && !strings.Contains(fc.query, "{") {
		return nil, "its GraphQL document is not known statically"
	}
	var out []refEffect
	for _, m := range forgeMutations.Get() {
		at := wordIndex(fc.query, m.name)
		if at < 0 {
			continue
		}
		eff := refEffect{del: m.del, unknown: m.unknown, what: "runs the GraphQL mutation " + m.name}
		if m.arg != "" {
			v, variable, ok := graphqlArg(fc.query[at:], m.arg)
			switch {
			case !ok:
				eff.unknown = "the branch it names"
			case variable:
				if val, given := fc.fields[v]; given {
					eff.ref = val
				} else {
					eff.unknown = "the branch in variable $" + v
				}
			default:
				eff.ref = v
			}
		}
		out = append(out, eff)
	}
	return out, ""
}

// wordIndex is the index of name in s as a whole GraphQL name, or -1.
func wordIndex(s, name string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], name)
		if i < 0 {
			return -1
		}
		i += from
		j := i + len(name)
		if (i == 0 || !isNameByte(s[i-1])) && (j == len(s) || !isNameByte(s[j])) {
			return i
		}
		from = j
	}
}

// graphqlArg finds "arg: VALUE" in s: a string literal's text, or a
// variable's name (variable set). ok is false when none is found.
func graphqlArg(s, arg string) (val string, variable, ok bool) {
	i := wordIndex(s, arg)
	if i < 0 {
		return "", false, false
	}
	rest := strings.TrimLeft(s[i+len(arg):], " \t\r\n")
	if !strings.HasPrefix(rest, ":") {
		return "", false, false
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	switch {
	case strings.HasPrefix(rest, `"`):
		if j := strings.IndexByte(rest[1:], '"'); j >= 0 {
			return rest[1 : 1+j], false, true
		}
	case strings.HasPrefix(rest, "$"):
		j := 1
		for j < len(rest) && isNameByte(rest[j]) {
			j++
		}
		return rest[1:j], true, j > 1
	}
	return "", false, false
}

// matchEndpointPath matches path against an endpoint pattern (see forgeEndpoint)
// and returns the {branch} or {ref} it captures.
func matchEndpointPath(pattern, p string) (string, bool) {
	ps := strings.Split(pattern, "/")
	ss := strings.Split(strings.Trim(p, "/"), "/")
	capture := ""
	for i, seg := range ps {
		switch seg {
		case "**":
			return capture, true
		case "{ref}":
			if i >= len(ss) || ss[i] == "" {
				return "", false
			}
			return unescapeSegs(ss[i:]), true
		}
		if i >= len(ss) || ss[i] == "" {
			return "", false
		}
		switch seg {
		case "*":
		case "{branch}":
			capture = unescapeSegs(ss[i : i+1])
		default:
			if !strings.EqualFold(seg, ss[i]) {
				return "", false
			}
		}
	}
	return capture, len(ss) == len(ps)
}

// unescapeSegs joins path segments, each percent-decoded.
func unescapeSegs(segs []string) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		out[i] = s
	}
	return strings.Join(out, "/")
}

// endpointMayMatch reports whether some endpoint of api has path p.
func endpointMayMatch(api forgeAPI, p string) bool {
	for _, e := range forgeEndpoints.Get() {
		if e.api == api {
			if _, ok := matchEndpointPath(e.path, p); ok {
				return true
			}
		}
	}
	return false
}

// inFields reports whether s is one of the space-separated words of list.
func inFields(list, s string) bool {
	for _, w := range strings.Fields(list) {
		if w == s {
			return true
		}
	}
	return false
}

// bodyFields reads a request body given in the line into fields: a JSON
// object's members (a GraphQL request's query and variables too), or a
// form's name=value pairs. It reports false for a body from a file or
// standard input.
func bodyFields(body string, fields map[string]string) (query string, ok bool) {
	body = strings.TrimSpace(body)
	if strings.HasPrefix(body, "@") || strings.HasPrefix(body, "<") {
		return "", false
	}
	if strings.HasPrefix(body, "{") {
		var m map[string]any
		if json.Unmarshal([]byte(body), &m) != nil {
			return "", false
		}
		jsonFields(m, fields)
		if vars, isMap := m["variables"].(map[string]any); isMap {
			jsonFields(vars, fields)
		}
		q, _ := m["query"].(string)
		return q, true
	}
	for _, kv := range strings.Split(body, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if u, err := url.QueryUnescape(v); err == nil {
			v = u
		}
		if k != "" {
			fields[k] = v
		}
	}
	return "", true
}

// jsonFields copies a JSON object's scalar members into fields.
func jsonFields(m map[string]any, fields map[string]string) {
	for k, v := range m {
		switch x := v.(type) {
		case string:
			fields[k] = x
		case bool, float64:
			fields[k] = fmt.Sprint(x)
		}
	}
}
