package policy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/lazy"
)

// Limits on policy files. A file beyond them is an error, never truncated.
const (
	MaxFileSize  = 4 << 20 // bytes
	maxNodes     = 200_000 // YAML nodes after alias expansion
	maxDepth     = 32      // YAML nesting
	maxErrors    = 20
	maxEntryLen  = 4096 // one pattern
	maxDoubleStr = 2    // "**" segments in one path pattern
)

// ruleKind is one kind of rule inside a policy's rules: list.
type ruleKind int

const (
	kBlockEnvVars ruleKind = iota
	kBlockHosts
	kAllowHosts
	kBlockCommands
	kApproveCommands
	kAllowPaths
	kBlockPaths
	kRequireApproval
	kAllowMCP
	kBlockMCP
	kAllowTools
	kBlockTools
	kBlockDeletes
	kApproveDeletes
	kApproveOutside
	kBlockDeps
	kApproveDeps
	kBlockGitHistory
	kApproveGitHistory
	numKinds
)

var kindNames = [numKinds]string{
	kBlockEnvVars:    "block_env_vars",
	kBlockHosts:      "block_hosts",
	kAllowHosts:      "allow_hosts",
	kBlockCommands:   "block_commands",
	kApproveCommands: "require_approval_commands",
	kAllowPaths:      "allow_paths",
	kBlockPaths:      "block_paths",
	kRequireApproval: "require_approval",
	kAllowMCP:        "allow_mcp",
	kBlockMCP:        "block_mcp",
	kAllowTools:      "allow_tools",
	kBlockTools:      "block_tools",

	kBlockDeletes:      "block_deletes",
	kApproveDeletes:    "require_approval_deletes",
	kApproveOutside:    "require_approval_outside_paths",
	kBlockDeps:         "block_dependency_changes",
	kApproveDeps:       "require_approval_dependency_changes",
	kBlockGitHistory:   "block_git_history",
	kApproveGitHistory: "require_approval_git_history",
}

func (k ruleKind) String() string { return kindNames[k] }

// entry is one compiled pattern of a rule.
type entry struct {
	text      string
	line, col int
	re        *regexp.Regexp // commands
	prefix    string         // literal prefix every match of re starts with
	path      *pathPat       // paths
	host      hostPat        // hosts
	glob      string         // mcp "server/tool" and tool names (path.Match syntax)
	word      string         // a word of a rule kind's vocabulary (rulekinds.go)
}

type rule struct {
	kind      ruleKind
	line, col int
	entries   []entry
}

type userPolicy struct {
	name, desc string
	line, col  int
	rules      []rule
}

type role struct {
	name   string
	groups []string
	trust  string
	line   int
}

// Policy is a compiled policy: immutable and safe for concurrent use.
type Policy struct {
	name   string
	path   string // absolute path of the file; "" for Default or Parse
	text   []byte
	digest string

	defaultTrust      string
	maxTrust          string
	roles             []role
	protectedBranches []string // path.Match globs
	failOpen          bool
	redactPII         bool
	retentionDays     int
	// evidence.checkpoint_every and checkpoint_interval (0: not set)
	checkpointEvery    int
	checkpointInterval time.Duration

	credAllowRead  []*pathPat
	credAllowWrite []*pathPat
	credExtra      []*pathPat
	protectExtra   []*pathPat

	policies []userPolicy
	tests    []testCase
	idx      index
	opt      Options
}

// Parse compiles a policy from its source text. name is used in error
// positions and as the policy's Name.
func Parse(name string, src []byte) (*Policy, error) {
	return parse(name, src)
}

func parse(name string, src []byte) (*Policy, error) {
	if len(src) > MaxFileSize {
		return nil, ErrorList{{File: name, Msg: fmt.Sprintf("file is %d bytes, larger than the %d-byte limit", len(src), MaxFileSize)}}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, ErrorList{{File: name, Msg: "file contains a NUL byte; a policy is UTF-8 text"}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrorList{{File: name, Msg: "file is empty; a policy needs a policies: list"}}
		}
		return nil, ErrorList{yamlError(name, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, ErrorList{{File: name, Line: extra.Line, Col: extra.Column, Msg: "more than one YAML document; a policy file holds exactly one"}}
	} else if !errors.Is(err, io.EOF) {
		return nil, ErrorList{yamlError(name, err)}
	}
	ps := &parser{file: name}
	if n := countNodes(&doc, 0, maxNodes); n > maxNodes {
		return nil, ErrorList{{File: name, Msg: fmt.Sprintf("document expands to more than %d YAML nodes (alias bomb?)", maxNodes)}}
	}
	p := &Policy{
		name:              name,
		text:              append([]byte(nil), src...),
		defaultTrust:      action.WriteLocal,
		protectedBranches: []string{"main", "master"},
	}
	sum := sha256.Sum256(src)
	p.digest = "sha256:" + hex.EncodeToString(sum[:])
	ps.top(p, &doc)
	if len(ps.errs) > 0 {
		return nil, ps.errs
	}
	p.idx = buildIndex(p.policies)
	return p, nil
}

// yamlLineRE is compiled on first use: package-level regexps cost every
// hook process start-up time.
var yamlLineRE = &lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) }}

func yamlError(file string, err error) *Error {
	msg := err.Error()
	if m := yamlLineRE.Get().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: file, Line: line, Msg: m[2]}
	}
	return &Error{File: file, Msg: strings.TrimPrefix(msg, "yaml: ")}
}

// countNodes counts nodes with aliases expanded, stopping once over limit.
func countNodes(n *yaml.Node, depth, limit int) int {
	if n == nil {
		return 0
	}
	if depth > maxDepth*2 {
		return limit + 1
	}
	if n.Kind == yaml.AliasNode {
		return 1 + countNodes(n.Alias, depth+1, limit)
	}
	c := 1
	for _, ch := range n.Content {
		c += countNodes(ch, depth+1, limit-c)
		if c > limit {
			return c
		}
	}
	return c
}

type parser struct {
	file string
	errs ErrorList
}

func (ps *parser) errAt(n *yaml.Node, format string, args ...any) {
	if len(ps.errs) >= maxErrors {
		return
	}
	e := &Error{File: ps.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	ps.errs = append(ps.errs, e)
}

// deref follows aliases (bounded) and unwraps the document node.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < 16; i++ {
		switch n.Kind {
		case yaml.AliasNode:
			n = n.Alias
		case yaml.DocumentNode:
			if len(n.Content) != 1 {
				return n
			}
			n = n.Content[0]
		default:
			return n
		}
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return "a string"
	}
	return "an unsupported YAML node"
}

// field is one key of a mapping the parser knows.
type field struct {
	key      string
	required bool
	fn       func(key, val *yaml.Node)
}

// mapping walks a mapping node: unknown keys (with a suggestion), duplicate
// keys and missing required keys are errors.
func (ps *parser) mapping(n *yaml.Node, what string, fields []field) bool {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		ps.errAt(n, "%s must be a mapping, not %s", what, kindName(n))
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode {
			ps.errAt(n.Content[i], "%s: keys must be strings", what)
			continue
		}
		var f *field
		for j := range fields {
			if fields[j].key == k.Value {
				f = &fields[j]
				break
			}
		}
		if f == nil {
			names := make([]string, len(fields))
			for j := range fields {
				names[j] = fields[j].key
			}
			if s := suggest(k.Value, names); s != "" {
				ps.errAt(k, "unknown key %q in %s (did you mean %s?)", k.Value, what, s)
			} else {
				ps.errAt(k, "unknown key %q in %s (valid keys: %s)", k.Value, what, strings.Join(names, ", "))
			}
			continue
		}
		if seen[k.Value] {
			ps.errAt(k, "duplicate key %q in %s", k.Value, what)
			continue
		}
		seen[k.Value] = true
		f.fn(k, v)
	}
	for _, f := range fields {
		if f.required && !seen[f.key] {
			ps.errAt(n, "%s is missing required key %q", what, f.key)
		}
	}
	return true
}

func (ps *parser) str(n *yaml.Node, what string) (string, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		ps.errAt(n, "%s must be a string, not %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

func (ps *parser) boolean(n *yaml.Node, what string) (bool, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		ps.errAt(n, "%s must be true or false, not %s", what, kindName(n))
		return false, false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", true
}

// seq calls fn for every item of a list node.
func (ps *parser) seq(n *yaml.Node, what string, fn func(item *yaml.Node)) bool {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		ps.errAt(n, "%s must be a list, not %s", what, kindName(n))
		return false
	}
	for _, it := range n.Content {
		fn(it)
	}
	return true
}

// strList reads a list of non-empty strings.
func (ps *parser) strList(n *yaml.Node, what string, nonEmpty bool) []*yaml.Node {
	var out []*yaml.Node
	ok := ps.seq(n, what, func(it *yaml.Node) {
		d := deref(it)
		s, ok := ps.str(it, what+" entries")
		if !ok {
			return
		}
		if strings.TrimSpace(s) == "" {
			ps.errAt(d, "%s: empty entry", what)
			return
		}
		if len(s) > maxEntryLen {
			ps.errAt(d, "%s: entry longer than %d bytes", what, maxEntryLen)
			return
		}
		out = append(out, d)
	})
	if ok && nonEmpty && len(deref(n).Content) == 0 {
		ps.errAt(deref(n), "%s is empty", what)
	}
	return out
}

func (ps *parser) trust(n *yaml.Node, what string) string {
	s, ok := ps.str(n, what)
	if !ok {
		return ""
	}
	if !action.ValidTrust(s) {
		msg := fmt.Sprintf("unknown trust level %q for %s (want read_only, write_local or external)", s, what)
		if sg := suggest(s, action.TrustLevels); sg != "" {
			msg = fmt.Sprintf("unknown trust level %q for %s (did you mean %s?)", s, what, sg)
		}
		ps.errAt(deref(n), "%s", msg)
		return ""
	}
	return s
}

func (ps *parser) top(p *Policy, doc *yaml.Node) {
	root := deref(doc)
	if root == nil || (root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null") {
		ps.errAt(root, "file is empty; a policy needs a policies: list")
		return
	}
	names := map[string]bool{}
	var testsNode *yaml.Node
	ps.mapping(root, "the policy file", []field{
		{key: "policies", required: true, fn: func(_, v *yaml.Node) {
			ps.seq(v, "policies", func(it *yaml.Node) {
				if up, ok := ps.policy(it, names); ok {
					p.policies = append(p.policies, up)
				}
			})
		}},
		{key: "default_trust_level", fn: func(_, v *yaml.Node) {
			if t := ps.trust(v, "default_trust_level"); t != "" {
				p.defaultTrust = t
			}
		}},
		{key: "max_trust_level", fn: func(_, v *yaml.Node) {
			p.maxTrust = ps.trust(v, "max_trust_level")
		}},
		{key: "roles", fn: func(_, v *yaml.Node) {
			roleNames := map[string]bool{}
			ps.seq(v, "roles", func(it *yaml.Node) {
				var r role
				r.line = deref(it).Line
				ps.mapping(it, "a role", []field{
					{key: "name", required: true, fn: func(_, v *yaml.Node) {
						if s, ok := ps.str(v, "role name"); ok {
							if roleNames[s] {
								ps.errAt(deref(v), "duplicate role name %q", s)
							}
							roleNames[s] = true
							r.name = s
						}
					}},
					{key: "groups", required: true, fn: func(_, v *yaml.Node) {
						for _, g := range ps.strList(v, "role groups", true) {
							r.groups = append(r.groups, g.Value)
						}
					}},
					{key: "trust_level", required: true, fn: func(_, v *yaml.Node) {
						r.trust = ps.trust(v, "role trust_level")
					}},
				})
				p.roles = append(p.roles, r)
			})
		}},
		{key: "protected_branches", fn: func(_, v *yaml.Node) {
			p.protectedBranches = nil
			for _, b := range ps.strList(v, "protected_branches", true) {
				if err := checkGlob(b.Value); err != nil {
					ps.errAt(b, "protected_branches: bad pattern %q: %v", b.Value, err)
					continue
				}
				p.protectedBranches = append(p.protectedBranches, b.Value)
			}
		}},
		{key: "fail_mode", fn: func(_, v *yaml.Node) {
			s, ok := ps.str(v, "fail_mode")
			if !ok {
				return
			}
			switch s {
			case "closed":
				p.failOpen = false
			case "open":
				p.failOpen = true
			default:
				ps.errAt(deref(v), "fail_mode must be closed or open, not %q", s)
			}
		}},
		{key: "evidence", fn: func(_, v *yaml.Node) {
			ps.mapping(v, "evidence", []field{
				{key: "redact_pii", fn: func(_, v *yaml.Node) {
					p.redactPII, _ = ps.boolean(v, "evidence.redact_pii")
				}},
				{key: "retention", fn: func(_, v *yaml.Node) {
					s, ok := ps.str(v, "evidence.retention")
					if !ok {
						return
					}
					d, err := parseRetention(s)
					if err != nil {
						ps.errAt(deref(v), "evidence.retention: %v", err)
						return
					}
					p.retentionDays = d
				}},
				{key: "checkpoint_every", fn: func(_, v *yaml.Node) {
					n := deref(v)
					i, err := strconv.Atoi(n.Value)
					if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || err != nil || i < 1 || i > 1_000_000 {
						ps.errAt(n, "evidence.checkpoint_every must be a number of records from 1 to 1000000, not %s", kindName(n))
						return
					}
					p.checkpointEvery = i
				}},
				{key: "checkpoint_interval", fn: func(_, v *yaml.Node) {
					s, ok := ps.str(v, "evidence.checkpoint_interval")
					if !ok {
						return
					}
					d, err := time.ParseDuration(s)
					if err != nil || d < time.Second || d > 24*time.Hour {
						ps.errAt(deref(v), "evidence.checkpoint_interval must be a duration from 1s to 24h such as 60s or 5m, not %q", s)
						return
					}
					p.checkpointInterval = d
				}},
			})
		}},
		{key: "self_protection", fn: func(_, v *yaml.Node) {
			ps.mapping(v, "self_protection", []field{
				{key: "extra_paths", fn: func(_, v *yaml.Node) {
					p.protectExtra = ps.pathList(v, "self_protection.extra_paths")
				}},
			})
		}},
		{key: "credential_stores", fn: func(_, v *yaml.Node) {
			ps.mapping(v, "credential_stores", []field{
				{key: "allow_reads", fn: func(_, v *yaml.Node) {
					p.credAllowRead = ps.pathList(v, "credential_stores.allow_reads")
				}},
				{key: "allow_writes", fn: func(_, v *yaml.Node) {
					p.credAllowWrite = ps.pathList(v, "credential_stores.allow_writes")
				}},
				{key: "extra", fn: func(_, v *yaml.Node) {
					p.credExtra = ps.pathList(v, "credential_stores.extra")
				}},
			})
		}},
		{key: "tests", fn: func(_, v *yaml.Node) { testsNode = v }},
	})
	if testsNode != nil {
		p.tests = ps.tests(testsNode, p)
	}
}

func (ps *parser) pathList(v *yaml.Node, what string) []*pathPat {
	var out []*pathPat
	for _, e := range ps.strList(v, what, true) {
		pp, err := compilePath(e.Value)
		if err != nil {
			ps.errAt(e, "%s: bad path pattern %q: %v", what, e.Value, err)
			continue
		}
		out = append(out, pp)
	}
	return out
}

// parseRetention reads "90d", "7y", "12w" or "0" (keep forever) as days.
func parseRetention(s string) (int, error) {
	if s == "0" || s == "forever" {
		return 0, nil
	}
	if len(s) < 2 {
		return 0, fmt.Errorf("want a number of days, weeks or years such as 90d, 12w or 7y, not %q", s)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 100_000 {
		return 0, fmt.Errorf("want a number of days, weeks or years such as 90d, 12w or 7y, not %q", s)
	}
	switch s[len(s)-1] {
	case 'd':
		return n, nil
	case 'w':
		return n * 7, nil
	case 'y':
		return n * 365, nil
	}
	return 0, fmt.Errorf("want a number of days, weeks or years such as 90d, 12w or 7y, not %q", s)
}

var ruleKeyNames = kindNames[:]

func (ps *parser) policy(n *yaml.Node, names map[string]bool) (userPolicy, bool) {
	var up userPolicy
	d := deref(n)
	if d != nil {
		up.line, up.col = d.Line, d.Column
	}
	errsBefore := len(ps.errs)
	ok := ps.mapping(n, "a policy", []field{
		{key: "name", required: true, fn: func(_, v *yaml.Node) {
			s, ok := ps.str(v, "policy name")
			if !ok {
				return
			}
			switch {
			case strings.TrimSpace(s) == "":
				ps.errAt(deref(v), "policy name is empty")
			case strings.HasPrefix(s, "mandate-"):
				ps.errAt(deref(v), "policy name %q: the mandate- prefix is reserved for built-in policies", s)
			case strings.ContainsAny(s, "\"\n\r\t"):
				ps.errAt(deref(v), "policy name %q: quotes and control characters are not allowed", s)
			case names[s]:
				ps.errAt(deref(v), "duplicate policy name %q", s)
			}
			names[s] = true
			up.name = s
		}},
		{key: "description", fn: func(_, v *yaml.Node) {
			if s, ok := ps.str(v, "policy description"); ok {
				up.desc = strings.Join(strings.Fields(s), " ")
			}
		}},
		{key: "rules", required: true, fn: func(_, v *yaml.Node) {
			ok := ps.seq(v, "rules", func(it *yaml.Node) {
				if r, ok := ps.rule(it); ok {
					up.rules = append(up.rules, r)
				}
			})
			if ok && len(deref(v).Content) == 0 {
				ps.errAt(deref(v), "policy %q has an empty rules list", up.name)
			}
		}},
	})
	return up, ok && len(ps.errs) == errsBefore
}

func (ps *parser) rule(n *yaml.Node) (rule, bool) {
	d := deref(n)
	var r rule
	if d == nil || d.Kind != yaml.MappingNode {
		ps.errAt(d, "a rule must be a mapping with one key such as block_commands, not %s", kindName(d))
		return r, false
	}
	if len(d.Content) != 2 {
		ps.errAt(d, "a rule must have exactly one key (one of %s); found %d", strings.Join(ruleKeyNames, ", "), len(d.Content)/2)
		return r, false
	}
	k := deref(d.Content[0])
	if k == nil || k.Kind != yaml.ScalarNode {
		ps.errAt(d, "a rule's key must be a string")
		return r, false
	}
	kind := ruleKind(-1)
	for i, name := range kindNames {
		if name == k.Value {
			kind = ruleKind(i)
		}
	}
	if kind < 0 {
		if s := suggest(k.Value, ruleKeyNames); s != "" {
			ps.errAt(k, "unknown key %q (did you mean %s?)", k.Value, s)
		} else {
			ps.errAt(k, "unknown rule kind %q (valid: %s)", k.Value, strings.Join(ruleKeyNames, ", "))
		}
		return r, false
	}
	r.kind, r.line, r.col = kind, k.Line, k.Column
	items := ps.strList(d.Content[1], kind.String(), true)
	before := len(ps.errs)
	for _, it := range items {
		e := entry{text: it.Value, line: it.Line, col: it.Column}
		if err := compileEntry(kind, &e); err != nil {
			ps.errAt(it, "%s: %v", kind, err)
			continue
		}
		r.entries = append(r.entries, e)
	}
	return r, len(ps.errs) == before && len(r.entries) > 0
}

var envNameRE = &lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) }}

// compileEntry validates and compiles one pattern of a rule.
func compileEntry(kind ruleKind, e *entry) error {
	switch kind {
	case kBlockEnvVars:
		if !envNameRE.Get().MatchString(e.text) {
			return fmt.Errorf("%q is not an environment variable name (letters, digits and _; exact names, no patterns)", e.text)
		}
	case kBlockHosts, kAllowHosts:
		h, err := compileHost(e.text)
		if err != nil {
			return err
		}
		e.host = h
	case kBlockCommands, kApproveCommands:
		re, err := regexp.Compile(`^(?:` + e.text + `)`)
		if err != nil {
			if _, err2 := regexp.Compile(e.text); err2 != nil {
				err = err2
			}
			return fmt.Errorf("bad regular expression %q: %w", e.text, err)
		}
		e.re = re
		e.prefix, _ = re.LiteralPrefix()
	case kAllowPaths, kBlockPaths, kRequireApproval:
		pp, err := compilePath(e.text)
		if err != nil {
			return fmt.Errorf("bad path pattern %q: %w", e.text, err)
		}
		e.path = pp
	case kAllowMCP, kBlockMCP:
		if !strings.Contains(e.text, "/") {
			return fmt.Errorf("%q: MCP patterns are server/tool globs such as \"github/*\" or \"*/delete_*\"", e.text)
		}
		if err := checkGlob(e.text); err != nil {
			return fmt.Errorf("bad pattern %q: %w", e.text, err)
		}
		e.glob = e.text
	case kAllowTools, kBlockTools:
		if err := checkGlob(e.text); err != nil {
			return fmt.Errorf("bad pattern %q: %w", e.text, err)
		}
		e.glob = e.text
	default:
		return compileExtEntry(kind, e)
	}
	return nil
}
