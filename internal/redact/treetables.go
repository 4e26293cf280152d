package redact

import (
	"slices"
	"strings"
)

// Tables for the structure of a decoded tool input (treectx.go,
// treeargv.go): which keys name a collection of secrets, which name HTTP
// headers, which fields make a name/value pair, and which keys give a
// program and its arguments. All names are compared lowercased; a key is
// split into words as classifyKey splits it (splitWords).

// credCollectionWords, as a key's last word, name a collection of
// secrets: every value under it is one ({"secrets": {"DB": "…"}},
// {"passwords": ["…"]}, {"creds": […]}).
var credCollectionWords = map[string]bool{
	"secrets": true, "credentials": true, "creds": true, "passwords": true, "passwds": true,
	"passphrases": true, "passcodes": true, "apikeys": true, "privatekeys": true,
}

// credWords, followed by a collectionTails word, name a collection of
// secrets too (secret_env, secretData, credentialsMap, password_list,
// token_values). A scalar under such a name is left to classifyKey
// (secret_env: "DB_PASSWORD" names a variable).
var credWords = map[string]bool{
	"secret": true, "secrets": true, "credential": true, "credentials": true, "cred": true, "creds": true,
	"password": true, "passwords": true, "passwd": true, "passphrase": true, "token": true, "tokens": true,
	"apikey": true, "apikeys": true,
}

var collectionTails = map[string]bool{
	"env": true, "envs": true, "environment": true, "vars": true, "variables": true, "data": true,
	"map": true, "values": true, "dict": true, "store": true, "list": true, "entries": true,
	"items": true, "kv": true, "bag": true, "table": true, "file": true, "files": true,
}

// authContainerWords, as a key's last word, name a login: under it, a
// value whose name has any credential word is a secret ({"auth": {"pass":
// "…"}}), and a bare list is the user and password pair of a client
// library ({"auth": ["bob", "…"]}, Python requests' auth tuple).
var authContainerWords = map[string]bool{
	"auth": true, "authentication": true, "authn": true, "login": true, "basicauth": true,
}

// authSchemeWords, as a key in a login object, name a scheme whose
// value is the credential ({"auth": {"type": "bearer", "bearer": "…"}},
// {"basic": ["bob", "…"]}): a scalar is a secret, a list or object is a
// login object again.
var authSchemeWords = map[string]bool{
	"basic": true, "bearer": true, "digest": true, "ntlm": true, "negotiate": true, "hawk": true,
	"oauth": true, "oauth1": true, "oauth2": true, "jwt": true, "awsv4": true, "akamai": true,
}

// credProseWords, as the last word of a key under a credential, name text
// about it, not it: the description or title of a password field in a
// JSON schema or form ({"password": {"type": "string", "description":
// "…"}}), besides classifyKey's metadata names (type, format, pattern,
// min, length, …).
var credProseWords = map[string]bool{
	"description": true, "desc": true, "title": true, "summary": true, "comment": true,
	"comments": true, "note": true, "notes": true, "doc": true, "docs": true, "documentation": true,
	"help": true, "message": true, "msg": true, "placeholder": true, "tooltip": true, "caption": true,
	"error": true, "errors": true, "schema": true,
}

// definitionFields mark an object that describes a value instead of
// holding one (a JSON Schema, OpenAPI or AWS API model property, a form
// field): under a credential, such an object's fields are judged as
// anywhere else, except instanceFields, which hold an instance of it.
// "type" marks one only with a value of schemaTypes.
var definitionFields = map[string]bool{
	"$ref": true, "shape": true, "properties": true, "oneof": true, "anyof": true, "allof": true,
	"$schema": true, "additionalproperties": true, "minlength": true, "maxlength": true,
}

var schemaTypes = map[string]bool{
	"string": true, "object": true, "array": true, "integer": true, "number": true, "boolean": true,
	"null": true, "structure": true, "list": true, "map": true, "long": true, "blob": true,
	"timestamp": true, "double": true, "float": true, "bool": true, "int": true, "str": true,
	"text": true, "password": true, "secret": true, "securestring": true,
	// OpenAPI security scheme types: {"api_key": {"type": "apiKey", "in": "header"}}
	"apikey": true, "oauth2": true, "http": true, "openidconnect": true, "mutualtls": true,
}

var instanceFields = map[string]bool{
	"default": true, "example": true, "examples": true, "const": true, "value": true, "values": true,
	"defaultvalue": true, "x-example": true,
}

// actionVerbs, as a key's first word before a credential word, name an
// operation on the credential (GetSessionToken, ListAccessKeys,
// ChangePassword, rotate_secret): a list or object under such a key
// describes the operation (an API model, examples, a route table), it is
// not the credential. A scalar under it is still judged by the name.
var actionVerbs = map[string]bool{
	"get": true, "list": true, "create": true, "delete": true, "update": true, "change": true,
	"reset": true, "rotate": true, "describe": true, "put": true, "set": true, "generate": true,
	"revoke": true, "validate": true, "verify": true, "issue": true, "import": true, "export": true,
	"remove": true, "add": true, "modify": true, "fetch": true, "retrieve": true, "lookup": true,
	"decode": true, "encode": true, "encrypt": true, "decrypt": true, "exchange": true, "batch": true,
	"enable": true, "disable": true, "upload": true, "download": true, "test": true, "check": true,
	"forgot": true, "recover": true, "request": true, "handle": true, "on": true, "is": true, "has": true,
	"start": true, "stop": true, "connect": true, "disconnect": true, "associate": true,
	"disassociate": true, "attach": true, "detach": true, "register": true, "deregister": true,
	"assume": true, "accept": true, "reject": true, "send": true, "grant": true, "apply": true,
	"initiate": true, "invoke": true, "search": true, "query": true, "renew": true, "allow": true,
	"deny": true, "require": true, "use": true, "show": true, "print": true, "read": true, "write": true,
}

// headerContainerWords, as a key's last word, name HTTP headers (headers,
// extraHeaders, http_headers, defaultHeaders, metadata for gRPC is not:
// too generic).
var headerContainerWords = map[string]bool{"headers": true, "header": true}

// credHeaderWords: a header name with one of these words carries a
// credential (X-Auth, X-Registry-Auth, x-functions-key, X-Vault-Token,
// X-Api-Secret), beyond the names classifyKey calls credentials.
// Access-Control-*, WWW-Authenticate and X-Hub-Signature do not.
var credHeaderWords = map[string]bool{
	"auth": true, "key": true, "apikey": true, "token": true, "secret": true, "pass": true,
	"passwd": true, "pwd": true, "pw": true, "password": true, "cred": true, "creds": true, "credential": true,
	"credentials": true, "session": true, "cookie": true,
}

// credHeaderNames are credential headers by their whole (lowercased)
// name: vendors' headers whose name holds no credential word (red-team
// round 26, #c11: Artifactory's X-JFrog-Art-Api, Honeycomb's
// X-Honeycomb-Team, OVH's consumer and application keys). They are
// credentials in a tree's headers and as a text's assignment name
// (classifyAssignKey), whatever the value looks like.
var credHeaderNames = map[string]bool{
	"authentication": true, "x-jfrog-art-api": true, "x-authentication": true, "proxy-authentication": true,
	"x-honeycomb-team": true, "x-ovh-consumer": true, "x-ovh-application": true,
}

// headerNameKeywords anchor the assignment rule on credHeaderNames.
func headerNameKeywords() []string {
	out := make([]string, 0, len(credHeaderNames))
	for n := range credHeaderNames {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// credHeaderLast: a header name whose last word is one of these names a
// credential too (X-Gravitee-Api, X-Tenable-ApiKeys), beyond
// credHeaderWords. In text, where no headers object says a name is a
// header's, a name spelled as a header is (headerSpelled) holds a
// credential when its value is random (classifyAssignKey: keyWeak);
// BASE_API=https://… is a variable's.
var credHeaderLast = map[string]bool{"api": true, "apikeys": true}

// headerSpelled reports a name of words joined by '-' (X-Gravitee-Api).
func headerSpelled(name string) bool {
	return strings.IndexByte(name, '-') > 0 && !strings.ContainsAny(name, "_.")
}

// pairNameFields and pairValueFields make an object a name/value pair
// (Kubernetes and ECS env lists, HTTP header lists in HAR and Postman,
// AWS tags and SSM parameters, CloudFormation parameters, Elastic
// Beanstalk option settings, GitLab and Terraform Cloud variables).
var pairNameFields = map[string]bool{
	"name": true, "key": true, "parameterkey": true, "optionname": true, "variable": true,
	"header": true, "field": true, "label": true, "envvar": true, "env": true,
}

var pairValueFields = map[string]bool{
	"value": true, "parametervalue": true, "val": true, "secretvalue": true, "secret_value": true,
	"defaultvalue": true, "default": true,
}

// secretFlagFields, true in an object, say its value field is a secret
// whatever its name (Terraform Cloud and Vercel "sensitive", GitLab
// "masked", Azure DevOps "isSecret", Pulumi "secret").
var secretFlagFields = map[string]bool{
	"sensitive": true, "masked": true, "issecret": true, "is_secret": true, "secret": true,
	"secure": true, "hidden": true,
}

// secretTypeValues, as an object's "type" (or "kind") field, say its value
// field is a secret (SSM SecureString, Terraform Cloud/GitHub secret
// kinds, Postman's "secret" variables, Bitwarden/1Password field types).
var secretTypeValues = map[string]bool{
	"securestring": true, "secret": true, "password": true, "secure": true, "concealed": true,
	"hidden": true, "sensitive": true,
}

// secretObjectKinds: an object whose "kind" is one of these holds secrets
// in the listed fields (Kubernetes Secret's data and stringData).
var secretObjectKinds = map[string][]string{
	"secret": {"data", "stringdata"},
}

// argvHeadKeys give a program (or its first words) and argvTailKeys its
// arguments, in sibling keys of one object: {"cmd": "mysql", "args": […]}
// (MCP exec tools, Node's spawn(file, args), Kubernetes command + args,
// Docker Entrypoint + Cmd, compose entrypoint + command). The first head
// key found, in this order, is joined with the first tail key found.
var argvHeadKeys = []string{"entrypoint", "command", "cmd", "program", "executable", "exe", "bin",
	"binary", "file", "prog", "tool", "path"}

var argvTailKeys = []string{"args", "arguments", "argv", "cmd", "command", "arg", "params"}
