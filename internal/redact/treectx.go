package redact

import "strings"

// A value's place in a tree can say it is a secret when its text cannot:
// a random password under "password" has no anchor once it is a string
// of its own, and neither has one in a list or an object under that key
// ({"password": ["…"]}, {"password": {"v": "…"}}), under a key naming a
// collection of secrets ({"secrets": {"DB": "…"}}), as the value of a
// credential-named HTTP header ({"headers": {"X-Auth": ["…"]}}), or beside
// a name that says so ({"name": "API_KEY", "value": "…"}, [["password",
// "…"]]). tctx carries what the place says down the tree, so every scalar
// below a credential is masked whatever the nesting.
type tctx uint8

const (
	ctxNone tctx = iota
	// ctxCred: every non-empty string or number below is a secret, except
	// a scalar under a metadata name (secret_name, type, file, expires:
	// classifyKey's nonSecretTails), judged as it would be anywhere.
	ctxCred
	// ctxAuth: a login object ({"auth": …}): a value under a name with a
	// credential word (pass, key, token, …) is a secret, and so is every
	// scalar of a bare list (the user and password pair of a client).
	ctxAuth
	// ctxHeaders: HTTP headers: a credential header's value is a secret,
	// in a map, a name/value list, [name, value] pairs or "Name: value"
	// strings.
	ctxHeaders
	// ctxHostMap: a map under a host-keyed parent (hostkeyed.go): a
	// host's scalar is a secret, a host's object a login object.
	ctxHostMap
	// ctxPair: a [name, value] list whose name is a credential: the
	// elements after the name are secrets.
	ctxPair
	// ctxWeak: a scalar under a weakly named key (auth, session, pass,
	// cache_key, signature): a secret if the value passes the test the
	// assignment rule applies after such a name (weakValueSecret).
	ctxWeak
)

// keyInfo is what a key's words say, remembered per key (keyInfoOf).
type keyInfo struct {
	class      keyClass // classifyKey, a password name of any spelling raised to keyPassword
	meta       bool     // the last word names metadata about a secret (nonSecretTails)
	collection bool     // names a collection of secrets (secrets, secret_env, credentialsMap)
	auth       bool     // names a login object (auth, basicAuth)
	scheme     bool     // names an authentication scheme (basic, bearer)
	action     bool     // names an operation on a credential (GetSessionToken)
	headers    bool     // names HTTP headers
	credWord   bool     // has a credential word (credHeaderWords) or is a credential header by name
	hostKeyed  bool     // its map keyed by host holds credentials (hostkeyed.go)
}

// cred reports a name that says its value is a credential.
func (k keyInfo) cred() bool {
	return k.class == keyPassword || k.class == keyStrong || k.class == keyAuthz
}

// credNameClass is classifyKey with a password name of any spelling or
// language (pwnames.go) raised to keyPassword, as the assignment rule
// reads names: passwordValue, pwdHash, kennwort.
func credNameClass(name string) keyClass {
	c := classifyKey(name)
	if c == keyNone || c == keyWeak {
		if pn := classifyPwName(name); pn.ok && !pn.verb && (!pn.ambiguous || pn.words > 1) {
			return keyPassword
		}
	}
	return c
}

func newKeyInfo(name string) keyInfo {
	ki := keyInfo{class: credNameClass(name)}
	w := splitWords(name)
	if len(w) == 0 {
		return ki
	}
	last := w[len(w)-1]
	ki.meta = nonSecretTails.Get()[last] || credProseWords[last]
	ki.action = len(w) >= 2 && actionVerbs[w[0]]
	ki.scheme = authSchemeWords[last]
	ki.collection = credCollectionWords[last] ||
		len(w) >= 2 && collectionTails[last] && credWords[w[len(w)-2]]
	ki.auth = authContainerWords[last] || len(w) >= 2 && last == "auth"
	ki.headers = headerContainerWords[last]
	ki.hostKeyed = hostKeyedParent(name)
	ki.credWord = credHeaderNames[strings.ToLower(name)] || len(w) >= 2 && credHeaderLast[last]
	for _, x := range w {
		ki.credWord = ki.credWord || credHeaderWords[x]
	}
	if len(w) >= 2 && credCollectionWords[w[len(w)-2]+last] { // api_keys, private_keys
		ki.collection = true
	}
	return ki
}

// isContainer reports a map or list.
func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// mapInfo is what an object says of its own fields.
type mapInfo struct {
	valueKey string   // the value field of a credential name/value pair, or ""
	secretOf []string // fields holding secrets by the object's kind (lowercased)
	def      bool     // describes a value (definitionFields), does not hold one
	jwk      bool     // a JSON Web Key (kty): its private members are secrets (jwk.go)
}

// mapInfoOf reads an object's name/value pair and kind. c is the
// object's context: in headers, the pair's name is a header name.
func (t *treeRun) mapInfoOf(m map[string]any, c tctx) mapInfo {
	var mi mapInfo
	if !t.r.enabled[ruleSensitiveKey] {
		return mi
	}
	var valueKey string
	flagged, named := false, false
	var buf [32]byte
	for k, v := range m {
		switch roleOf(&buf, k) {
		case roleName:
			// Any name field naming a credential makes it one
			// ({"name": "db", "key": "password"}): the answer does not
			// depend on the order of the fields.
			if s, ok := v.(string); ok && s != "" && !named {
				named = t.credName(s, c)
			}
		case roleValue:
			// One value field, whatever the order: "value" first,
			// then the least name.
			isV, wasV := strings.EqualFold(k, "value"), strings.EqualFold(valueKey, "value")
			if valueKey == "" || isV && !wasV || isV == wasV && k < valueKey {
				valueKey = k
			}
		case roleFlag:
			flagged = flagged || v == true || v == "true"
		case roleDef:
			mi.def = true
		case roleKty:
			s, _ := v.(string)
			mi.jwk = jwkKeyTypes[strings.ToLower(s)]
		case roleType, roleKind:
			if s, ok := v.(string); ok {
				ls := strings.ToLower(s)
				typ := strings.EqualFold(k, "type")
				mi.def = mi.def || typ && schemaTypes[ls]
				flagged = flagged || secretTypeValues[ls]
				if f := secretObjectKinds[ls]; f != nil && !typ {
					mi.secretOf = f
				}
			} else if l, ok := v.([]any); ok && strings.EqualFold(k, "type") {
				// {"type": ["string", "null"]}
				for _, e := range l {
					s, _ := e.(string)
					mi.def = mi.def || schemaTypes[strings.ToLower(s)]
				}
			}
		}
	}
	if valueKey != "" && (flagged || named) {
		mi.valueKey = valueKey
	}
	return mi
}

// fieldRole is what an object's field name says in mapInfoOf.
type fieldRole uint8

const (
	roleOther fieldRole = iota
	roleName            // pairNameFields
	roleValue           // pairValueFields
	roleFlag            // secretFlagFields
	roleDef             // definitionFields
	roleType            // "type"
	roleKind            // "kind"
	roleKty             // "kty" (a JSON Web Key's type)
)

var fieldRoles = func() map[string]fieldRole {
	m := map[string]fieldRole{"type": roleType, "kind": roleKind, "kty": roleKty}
	for _, t := range []struct {
		names map[string]bool
		kind  fieldRole
	}{{definitionFields, roleDef}, {secretFlagFields, roleFlag}, {pairValueFields, roleValue}, {pairNameFields, roleName}} {
		for n := range t.names {
			m[n] = t.kind
		}
	}
	return m
}()

// fieldRoleShapes has bit n of entry b set when a name of fieldRoles of
// n bytes starts with byte b: roleOf answers most of a record's keys
// (command, description, session_id) without the map.
var fieldRoleShapes = func() (t [256]uint64) {
	for n := range fieldRoles {
		if n != "" && len(n) < 64 {
			t[n[0]] |= 1 << len(n)
		}
	}
	return t
}()

// roleOf looks k up case-insensitively, lowercasing it in buf (no
// allocation for a record's short keys).
func roleOf(buf *[32]byte, k string) fieldRole {
	if len(k) > len(buf) {
		return fieldRoles[strings.ToLower(k)]
	}
	if len(k) > 0 && fieldRoleShapes[lowerASCII(k[0])]&(1<<len(k)) == 0 {
		return roleOther // no role name of this length starts with this letter
	}
	for i := 0; i < len(k); i++ {
		buf[i] = lowerASCII(k[i])
	}
	return fieldRoles[string(buf[:len(k)])]
}

// credName reports a name (a pair's name, a [name, value] list's first
// element) that says its value is a credential; in headers, a credential
// header's name.
func (t *treeRun) credName(name string, c tctx) bool {
	nn, _ := t.r.text(name, nil)
	ki := t.r.keyInfoOf(nn)
	return ki.cred() || c == ctxHeaders && ki.credWord && !ki.meta
}

// entryCtx is the context of m[k] (nk: k redacted) in an object of
// context c.
func (t *treeRun) entryCtx(c tctx, mi mapInfo, k, nk string, e any) tctx {
	if !t.r.enabled[ruleSensitiveKey] {
		return ctxNone
	}
	if k == mi.valueKey && mi.valueKey != "" || mi.jwk && jwkPrivateMembers[k] {
		return ctxCred
	}
	cont := isContainer(e)
	if cont && len(mi.secretOf) > 0 {
		for _, f := range mi.secretOf {
			if strings.EqualFold(k, f) {
				return ctxCred
			}
		}
	}
	ki := t.r.keyInfoOf(nk)
	if cont && ki.action && c != ctxCred {
		// An operation on a credential (an API model's GetSessionToken,
		// ListSecrets): what is under it describes the operation.
		return ctxNone
	}
	if ki.cred() {
		return ctxCred
	}
	switch c {
	case ctxCred:
		if mi.def {
			// A schema or model of the credential: only an instance
			// of it is one.
			if instanceFields[strings.ToLower(k)] {
				return ctxCred
			}
			c = ctxNone
			break
		}
		if cont || !ki.meta {
			return ctxCred
		}
		return ctxNone
	case ctxAuth:
		switch {
		case ki.meta:
			return ctxNone
		case ki.credWord || ki.scheme && !cont:
			return ctxCred
		case cont && (ki.scheme || ki.auth):
			return ctxAuth
		case !cont:
			return weakCtx(ki)
		}
		return ctxNone
	case ctxHeaders:
		if ki.credWord && !ki.meta {
			return ctxCred
		}
		if cont {
			return c
		}
		return ctxNone
	case ctxHostMap:
		if hostLike(k) {
			if cont {
				return ctxAuth
			}
			return ctxCred
		}
	}
	if !cont {
		return weakCtx(ki)
	}
	switch {
	case ki.collection:
		return ctxCred
	case ki.headers:
		return ctxHeaders
	case ki.hostKeyed:
		return ctxHostMap
	case ki.auth:
		return ctxAuth
	}
	return ctxNone
}

// elemCtx is the context of x[i] in a list of context c.
func (t *treeRun) elemCtx(c tctx, x []any, i int) tctx {
	e := x[i]
	switch c {
	case ctxCred:
		return ctxCred
	case ctxPair:
		if i == 0 {
			return ctxNone
		}
		return ctxCred
	case ctxAuth:
		if isContainer(e) {
			return ctxAuth
		}
		return ctxCred
	}
	if !t.r.enabled[ruleSensitiveKey] {
		return ctxNone
	}
	// A [name, value] pair in a list: [["DB_PASSWORD", "…"]], a header
	// list [["Authorization", "Bearer …"]].
	if p, ok := e.([]any); ok && len(p) == 2 {
		if n, ok := p[0].(string); ok && n != "" && t.credName(n, c) {
			return ctxPair
		}
	}
	return c
}

// weakCtx is the context of a scalar under a key: ctxWeak under a weak
// credential name that is not metadata (cache_key, auth; not auth_mode).
func weakCtx(ki keyInfo) tctx {
	if ki.class == keyWeak && !ki.meta {
		return ctxWeak
	}
	return ctxNone
}

// credLeaf reports a scalar that its context makes a secret, masked whole,
// and the rule that masks it. A value under a weak name is judged as the
// string's own detectors leave it, piece by piece between their markers:
// the marker's hex must not make a value random that was not, so a second
// pass over the output decides as the first did.
func (t *treeRun) credLeaf(c tctx, v any) (string, string, bool) {
	switch c {
	case ctxCred:
		s := scalarString(v)
		return s, ruleSensitiveKey, s != "" && markerLen(s) != len(s)
	case ctxWeak:
		s, _ := v.(string)
		if s == "" || markerLen(s) == len(s) {
			return s, ruleAssignEntropy, false
		}
		o, _ := t.r.text(s, nil)
		return s, ruleAssignEntropy, weakPieces(o)
	}
	return "", "", false
}

// weakPieces reports whether a piece of s between markers is a weak
// value's secret (weakValueSecret).
func weakPieces(s string) bool {
	off := 0
	for _, m := range findMarkers(s) {
		if weakValueSecret(s[off:m.start]) {
			return true
		}
		off = m.end
	}
	return weakValueSecret(s[off:])
}

// headerLineSpan finds the value of a "Name: value" string in headers
// whose name is a credential header ("X-Auth: …"), as a span.
func (t *treeRun) headerLineSpan(s string) (span, bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i > 128 {
		return span{}, false
	}
	name := s[:i]
	for j := 0; j < len(name); j++ {
		if c := name[j]; !isAlnum(c) && c != '-' && c != '_' {
			return span{}, false
		}
	}
	ki := t.r.keyInfoOf(name)
	if !ki.cred() && !(ki.credWord && !ki.meta) {
		return span{}, false
	}
	a, b := i+1, len(s)
	for a < b && isSpace(s[a]) {
		a++
	}
	for b > a && isSpace(s[b-1]) {
		b--
	}
	if a == b || markerLen(s[a:b]) == b-a {
		return span{}, false
	}
	return span{start: a, end: b, id: ruleSensitiveKey}, true
}
