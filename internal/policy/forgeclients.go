package policy

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// The clients of forgeapi.go: how each names a forge API call's method,
// endpoint and body. The forge CLIs' api subcommands take an endpoint
// relative to their API (gh api repos/o/r/…, glab api projects/1/…),
// -X/--method, and fields (-f/--raw-field, -F/--field; -F NAME=@FILE and
// --input read a file); without -X a call with fields is a POST. HTTP
// clients name a URL, which is a forge's API by its host or path prefix
// (forgeURL), and a body (curl -d/--data*/--json/-F, wget --post-data,
// httpie's NAME=VALUE and NAME:=JSON items).

// cliAPIOpts are the api subcommands' options that take a value.
var cliAPIOpts = &lazy.Value[map[string]optSet]{New: func() map[string]optSet {
	return map[string]optSet{
		"gh":   {shortVal: "XfFHqtp", longVal: []string{"method", "raw-field", "field", "header", "input", "jq", "template", "hostname", "cache", "preview"}},
		"hub":  {shortVal: "XfFH", longVal: []string{"method", "raw-field", "field", "header", "input", "cache"}},
		"glab": {shortVal: "XfFH", longVal: []string{"method", "raw-field", "field", "header", "input", "hostname"}},
		"tea":  {shortVal: "XfFHl", longVal: []string{"method", "raw-field", "field", "header", "input", "login", "data"}},
	}
}}

// readForgeCall reads c's call of a forge API; ok is false when c makes
// none the table could match.
func readForgeCall(c *shell.Command, api forgeAPI) (*forgeCall, bool) {
	switch c.Name {
	case "gh", "hub", "glab", "tea":
		return readCLIAPI(c, api)
	case "curl", "curlie":
		return readCurl(c)
	case "wget":
		return readWget(c)
	case "http", "https", "xh", "xhs":
		return readHTTPie(c)
	}
	return nil, false
}

func readCLIAPI(c *shell.Command, api forgeAPI) (*forgeCall, bool) {
	args := c.Args
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		i++
	}
	if i >= len(args) || args[i] != "api" {
		return nil, false
	}
	opts, pos := parseOpts(args[i+1:], cliAPIOpts.Get()[c.Name])
	if len(pos) == 0 {
		return nil, false
	}
	fc := &forgeCall{api: api, fields: map[string]string{}}
	queryFromFile := false
	for _, o := range opts {
		switch o.name {
		case "-f", "-F", "--raw-field", "--field", "--data":
			k, v, _ := strings.Cut(o.val, "=")
			if (o.name == "-F" || o.name == "--field") && strings.HasPrefix(v, "@") {
				fc.bodyUnknown = true
				queryFromFile = queryFromFile || k == "query"
				continue
			}
			fc.fields[k] = v
		case "--input":
			fc.bodyUnknown = true
		}
	}
	method := ""
	if m := optVals(opts, "-X", "--method"); len(m) > 0 {
		method = m[len(m)-1]
	}
	endpoint := pos[0]
	if strings.Contains(endpoint, "://") {
		a, p, gql, ok := forgeURL(endpoint)
		if !ok {
			return nil, false
		}
		fc.api, endpoint, fc.graphql = a, p, gql
	}
	endpoint, _, _ = strings.Cut(strings.TrimPrefix(endpoint, "/"), "?")
	for _, prefix := range []string{"api/v3/", "api/v4/", "api/v1/"} {
		endpoint = strings.TrimPrefix(endpoint, prefix)
	}
	if endpoint == "graphql" || endpoint == "api/graphql" {
		fc.graphql = true
	}
	switch {
	case dynamicWord(method):
	case method != "":
		fc.method = strings.ToUpper(method)
	case fc.graphql || len(fc.fields) > 0 || fc.bodyUnknown:
		fc.method = "POST"
	default:
		fc.method = "GET"
	}
	if fc.graphql {
		fc.query = fc.fields["query"]
		fc.bodyUnknown = fc.bodyUnknown && (queryFromFile || fc.query == "")
	}
	fc.path = endpoint
	return fc, true
}

// forgeURL reads a URL as a call of a forge's API: the API, the path
// below its root (still percent-encoded), and whether it is GraphQL.
func forgeURL(raw string) (forgeAPI, string, bool, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", false, false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	p := u.EscapedPath()
	switch {
	case host == "api.github.com" && (p == "/graphql" || p == "/graphql/"):
		return apiGitHub, "graphql", true, true
	case host == "api.github.com":
		return apiGitHub, strings.TrimPrefix(p, "/"), false, true
	case strings.HasPrefix(p, "/api/graphql"):
		return apiGitHub, "graphql", true, true // GHES or GitLab: the mutations tell
	case strings.HasPrefix(p, "/api/v3/"):
		return apiGitHub, p[len("/api/v3/"):], false, true
	case strings.HasPrefix(p, "/api/v4/"):
		return apiGitLab, p[len("/api/v4/"):], false, true
	case strings.HasPrefix(p, "/api/v1/"):
		return apiGitea, p[len("/api/v1/"):], false, true
	case host == "api.bitbucket.org" && strings.HasPrefix(p, "/2.0/"):
		return apiBitbucket, p[len("/2.0/"):], false, true
	case strings.HasPrefix(p, "/rest/"):
		return apiBitbucketDC, p[len("/rest/"):], false, true
	}
	return "", "", false, false
}

// curlValued are curl's short options that take a value.
const curlValued = "AbcCdDeEFHKmoPQrTtuUwxXyYz"

// curlData are curl's options whose value is the request body.
var curlData = []string{"-d", "--data", "--data-ascii", "--data-binary", "--data-raw", "--data-urlencode", "--json"}

// httpCall is what an HTTP client's words say, before the URL is read.
type httpCall struct {
	urls             []string
	method           string
	methodDyn        bool
	data, upload     bool
	get, head        bool
	fields           map[string]string
	query            string
	bodyUnknown      bool
	defaultWithData  string
	defaultWithNoDat string
}

func newHTTPCall() httpCall {
	return httpCall{defaultWithData: "POST", defaultWithNoDat: "GET"}
}

// field sets a body field.
func (h *httpCall) field(k, v string) {
	if h.fields == nil {
		h.fields = map[string]string{}
	}
	h.fields[k] = v
}

// body notes one body part given in the line.
func (h *httpCall) body(v string) {
	h.data = true
	if h.fields == nil {
		h.fields = map[string]string{}
	}
	q, ok := bodyFields(v, h.fields)
	if !ok {
		h.bodyUnknown = true
	}
	if q != "" {
		h.query = q
	}
}

// call makes the forgeCall of the first URL that is a forge's API. A
// request that writes nothing (GET, HEAD) makes none: most calls read,
// and they cost no URL parsing.
func (h *httpCall) call() (*forgeCall, bool) {
	method := ""
	switch {
	case h.methodDyn:
	case h.method != "":
		method = strings.ToUpper(h.method)
	case h.head:
		method = "HEAD"
	case h.upload:
		method = "PUT"
	case h.data && !h.get:
		method = h.defaultWithData
	default:
		method = h.defaultWithNoDat
	}
	if method == "GET" || method == "HEAD" || method == "OPTIONS" {
		return nil, false
	}
	for _, raw := range h.urls {
		api, p, gql, ok := forgeURL(raw)
		if !ok {
			continue
		}
		if h.fields == nil {
			h.fields = map[string]string{}
		}
		return &forgeCall{api: api, path: p, graphql: gql, fields: h.fields, query: h.query, bodyUnknown: h.bodyUnknown, method: method}, true
	}
	return nil, false
}

func (h *httpCall) setMethod(m string) {
	h.method, h.methodDyn = m, dynamicWord(m)
}

func readCurl(c *shell.Command) (*forgeCall, bool) {
	h := newHTTPCall()
	args := c.Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		name, val, eq := strings.Cut(a, "=")
		switch {
		case strings.Contains(a, "://") && !strings.HasPrefix(a, "-"):
			h.urls = append(h.urls, a)
		case !strings.HasPrefix(a, "--") && strings.HasPrefix(a, "-") && len(a) > 1:
			for j := 1; j < len(a); j++ {
				l := a[j]
				switch l {
				case 'G':
					h.get = true
				case 'I':
					h.head = true
				}
				if strings.IndexByte(curlValued, l) < 0 {
					continue
				}
				v := a[j+1:]
				if v == "" {
					v = next()
				}
				switch l {
				case 'X':
					h.setMethod(v)
				case 'd':
					h.body(v)
				case 'F':
					h.formField(v)
				case 'T':
					h.upload = true
				}
				break
			}
		case name == "--request":
			if !eq {
				val = next()
			}
			h.setMethod(val)
		case slices.Contains(curlData, name):
			if !eq {
				val = next()
			}
			if name == "--data-raw" && strings.HasPrefix(val, "@") {
				val = " " + val // taken as text
			}
			h.body(val)
		case name == "--form" || name == "--form-string":
			if !eq {
				val = next()
			}
			h.formField(val)
		case name == "--upload-file":
			h.upload = true
		case name == "--get":
			h.get = true
		case name == "--head":
			h.head = true
		case name == "--url":
			if !eq {
				val = next()
			}
			h.urls = append(h.urls, val)
		}
	}
	return h.call()
}

// formField notes a multipart field NAME=VALUE (VALUE @FILE or <FILE
// reads a file).
func (h *httpCall) formField(v string) {
	h.data = true
	k, val, _ := strings.Cut(v, "=")
	if strings.HasPrefix(val, "@") || strings.HasPrefix(val, "<") {
		h.bodyUnknown = true
		return
	}
	h.field(k, val)
}

func readWget(c *shell.Command) (*forgeCall, bool) {
	h := newHTTPCall()
	args := c.Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, eq := strings.Cut(a, "=")
		if !eq && i+1 < len(args) && (name == "--method" || name == "--post-data" || name == "--body-data" || name == "--post-file" || name == "--body-file") {
			i++
			val = args[i]
		}
		switch {
		case strings.Contains(a, "://") && !strings.HasPrefix(a, "-"):
			h.urls = append(h.urls, a)
		case name == "--method":
			h.setMethod(val)
		case name == "--post-data" || name == "--body-data":
			h.body(val)
		case name == "--post-file" || name == "--body-file":
			h.data, h.bodyUnknown = true, true
		}
	}
	return h.call()
}

// httpieValued are httpie's and xh's options that take a value.
var httpieValued = []string{"-a", "--auth", "-A", "--auth-type", "--session", "--session-read-only", "-o", "--output", "--timeout",
	"--proxy", "--cert", "--cert-key", "--verify", "--pretty", "-s", "--style", "-p", "--print", "--format-options",
	"--max-redirects", "--default-scheme", "--ssl", "--ciphers", "--boundary", "--response-charset", "--response-mime", "--raw"}

// httpMethods are the methods httpie takes as its first operand.
var httpMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

func readHTTPie(c *shell.Command) (*forgeCall, bool) {
	h := newHTTPCall()
	var pos []string
	args := c.Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") {
			pos = append(pos, a)
			continue
		}
		name, val, eq := strings.Cut(a, "=")
		if slices.Contains(httpieValued, name) && !eq && i+1 < len(args) {
			i++
			val = args[i]
		}
		if name == "--raw" {
			h.body(val)
		}
	}
	if len(pos) > 1 && (slices.Contains(httpMethods, strings.ToUpper(pos[0])) || dynamicWord(pos[0])) {
		h.setMethod(pos[0])
		pos = pos[1:]
	}
	if len(pos) == 0 {
		return nil, false
	}
	u := pos[0]
	if !strings.Contains(u, "://") {
		u = "https://" + u
	}
	h.urls = []string{u}
	for _, item := range pos[1:] {
		h.item(item)
	}
	return h.call()
}

// item reads one httpie request item: NAME=VALUE and NAME:=JSON are body
// fields (=@FILE, :=@FILE and NAME@FILE read a file); NAME==VALUE is a
// query parameter and Header:VALUE a header.
func (h *httpCall) item(s string) {
	switch i := strings.IndexAny(s, ":=@"); {
	case i < 0:
	case strings.HasPrefix(s[i:], ":=@"), strings.HasPrefix(s[i:], "=@"), s[i] == '@':
		h.data, h.bodyUnknown = true, true
	case strings.HasPrefix(s[i:], ":="):
		h.data = true
		var v any
		if json.Unmarshal([]byte(s[i+2:]), &v) == nil {
			switch x := v.(type) {
			case string:
				h.field(s[:i], x)
			case bool, float64:
				h.field(s[:i], fmt.Sprint(x))
			}
		}
	case strings.HasPrefix(s[i:], "=="):
	case s[i] == '=':
		h.data = true
		h.field(s[:i], s[i+1:])
	}
}
