package gate

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// Changes nobody attends. A governance change seen while none of the
// agents' calls is in flight is not thereby a person's: an allowed command
// can leave a process behind (setsid, nohup, a fork, a daemon, a test's
// TestMain) that rewrites a hook configuration or replaces a binary after
// its call landed, or after its session ended (red-team round 23, #1).
// Timing cannot tell them apart, so what such a change does decides:
//
//   - a policy's change is pending (pending.go): the accepted text keeps
//     deciding with the file until a person accepts it;
//   - a change of what routes the agents' calls to Mandate — a binary
//     replaced; a hook configuration whose governing members changed
//     beyond those known not to route anything (routingHarmless) — is a
//     tamper lock of its scope, as if a call had been in flight
//     (attributed to "no call in flight", with the sessions of the scope
//     seen last), lifted only by a person (mandate tamper ack). A file
//     whose earlier content Mandate cannot read back (no copy is kept of
//     files that may hold secrets), a format it cannot read, a text
//     configuration (an .env, a subagent's or skill's Markdown, a hook
//     handler's code) all count as such a change: the unknown routes;
//   - a change confined to members routingHarmless lists (a theme, a
//     model, trust granted to a project: a trust answer taken from a
//     folder that holds a pinned repository routes, trustanswers.go)
//     stays a governance-change.
//
// Mandate's own changes (install, uninstall, policy init) move the pins
// themselves when a person runs them (Accept), and are no change here.

// attributionNone is the attribution of a tamper record made with no
// call in flight.
const attributionNone = "no call in flight"

// routingHarmless are the members of configuration files (dotted paths;
// "*" is one member, a final "**" any depth) whose change routes nothing:
// the agents rewrite them themselves when a person picks a theme or a
// model or answers a prompt. Anything else that governs locks, and so
// does any change of a file no row names.
var routingHarmless = []harmlessMembers{
	// Claude Code's settings: what it rewrites during a call
	// (claudeVolatile) and a person's display choices. Not
	// permissions.additionalDirectories: another directory's skills,
	// commands and agents load from there (red-team round 24 (c), #2).
	{format: formatClaudeJSON, members: []string{
		"permissions.allow.**", "permissions.ask.**", "permissions.deny.**",
		"model", "outputStyle", "alwaysThinkingEnabled", "spinnerTipsEnabled", "feedbackSurveyState.**",
	}},
	// Gemini CLI's settings.json, written by /theme, /auth, /model, /vim
	// and its IDE nudge.
	{format: formatJSON, base: "settings.json", members: []string{
		"ui.**", "theme", "general.vimMode", "vimMode", "security.auth.selectedType", "selectedAuthType",
		"model.name", "ide.hasSeenNudge", "hasSeenIdeIntegrationNudge",
	}},
	// Gemini CLI's trust answers: the project configuration a trusted
	// folder then loads is pinned in the folder's own scope.
	{format: formatJSON, base: "trustedFolders.json", members: []string{"*"}},
	// Codex's config.toml, written by /model, its notices and its trust
	// prompt (likewise).
	{format: formatTOML, base: "config.toml", members: []string{
		"model", "model_reasoning_effort", "model_verbosity", "notice.**", "projects.*.trust_level",
	}},
}

// harmlessMembers are the members of one kind of file that route nothing.
type harmlessMembers struct {
	format  configFormat
	base    string // the file's name; "" any
	members []string
}

// harmlessOf is the row of routingHarmless for e, if any.
func harmlessOf(e *pinEntry) ([]string, bool) {
	for _, h := range routingHarmless {
		if h.format == e.Format && (h.base == "" || h.base == filepath.Base(e.Path)) {
			return h.members, true
		}
	}
	return nil, false
}

// routesAround reports whether the change of old to c, seen with no call
// in flight, changes what routes the agents' calls to Mandate (see
// above), and why.
func (p *pinStore) routesAround(old *pinEntry, c content) (bool, string) {
	switch {
	case old.Kind == kindPolicy:
		return false, ""
	case old.Kind == kindBinary:
		return true, "a Mandate binary was replaced"
	case isDirKind(old.Kind):
		return true, "a directory of hook configurations changed"
	case old.Format == formatClaudeState:
		return true, "the MCP servers Claude Code starts changed" // all that governs in it
	}
	harmless, ok := harmlessOf(old)
	if !ok {
		return true, "a configuration Mandate cannot read member by member changed"
	}
	before, err := p.previous(old)
	if err != nil {
		return true, err.Error()
	}
	after := c.text
	if c.digest == digestAbsent {
		after = nil
	} else if after == nil {
		return true, "its new content cannot be read"
	}
	a, err := flattenConfig(old.Format, before)
	if err != nil {
		return true, "its earlier content does not parse: " + err.Error()
	}
	b, err := flattenConfig(old.Format, after)
	if err != nil {
		return true, "its new content does not parse: " + err.Error()
	}
	for _, k := range changedMembers(a, b) {
		if !matchesAny(k, harmless) {
			return true, "its member " + strings.Join(k, ".") + " changed"
		}
		if revoked, ok := p.trustRevoked(old, k, b); ok && revoked { // trustanswers.go
			return true, "its member " + strings.Join(k, ".") + " no longer grants trust to a folder holding a repository Mandate pins"
		}
	}
	return false, ""
}

// previous is the content old was last seen with (nil: absent).
func (p *pinStore) previous(old *pinEntry) ([]byte, error) {
	switch {
	case old.Missing || old.Seen == digestAbsent:
		return nil, nil
	case !strings.HasPrefix(old.Seen, "sha256:"):
		return nil, fmt.Errorf("its earlier state (%s) has no content to compare", old.Seen)
	case NoCopy(old.Path):
		return nil, errors.New("no copy of its earlier content is kept (it may hold secrets)")
	}
	b, err := p.readObject(old.Seen, maxConfigSize)
	if err != nil {
		return nil, fmt.Errorf("its earlier content cannot be read back: %v", err)
	}
	return b, nil
}

// member is a dotted path of a configuration's leaf, as segments.
type member = []string

// flattenConfig lists every leaf of a configuration: its path and its
// value, canonically encoded. Nothing (an absent file) has no leaves.
func flattenConfig(f configFormat, b []byte) (map[string]string, error) {
	out := map[string]string{}
	if len(strings.TrimSpace(string(b))) == 0 {
		return out, nil
	}
	var v any
	switch f {
	case formatJSON, formatClaudeJSON:
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, err
		}
	case formatYAML:
		if err := yaml.Unmarshal(b, &v); err != nil {
			return nil, err
		}
	case formatTOML:
		if err := toml.Unmarshal(b, &v); err != nil {
			return nil, err
		}
	default:
		return nil, errors.New("not a structured format")
	}
	flattenValue(nil, v, out)
	return out, nil
}

func flattenValue(path []string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			out[joinMember(path)] = "{}"
		}
		for k, e := range x {
			flattenValue(append(path[:len(path):len(path)], k), e, out)
		}
	case map[any]any:
		if len(x) == 0 {
			out[joinMember(path)] = "{}"
		}
		for k, e := range x {
			flattenValue(append(path[:len(path):len(path)], fmt.Sprint(k)), e, out)
		}
	case []any:
		if len(x) == 0 {
			out[joinMember(path)] = "[]"
		}
		for i, e := range x {
			flattenValue(append(path[:len(path):len(path)], strconv.Itoa(i)), e, out)
		}
	default:
		b, err := json.Marshal(x)
		if err != nil {
			b = []byte(fmt.Sprintf("%#v", x))
		}
		out[joinMember(path)] = string(b)
	}
}

// joinMember joins segments with a separator no key holds.
func joinMember(path []string) string { return strings.Join(path, "\x00") }

// changedMembers lists the leaves added, removed or changed from a to b.
func changedMembers(a, b map[string]string) []member {
	var out []member
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			out = append(out, strings.Split(k, "\x00"))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, strings.Split(k, "\x00"))
		}
	}
	sort.Slice(out, func(i, j int) bool { return joinMember(out[i]) < joinMember(out[j]) })
	return out
}

// matchesAny reports whether m is a member one of patterns names.
func matchesAny(m member, patterns []string) bool {
	for _, p := range patterns {
		if matchMember(m, strings.Split(p, ".")) {
			return true
		}
	}
	return false
}

func matchMember(m member, pat []string) bool {
	for i, s := range pat {
		if s == "**" && i == len(pat)-1 {
			return len(m) >= i
		}
		if i >= len(m) || (s != "*" && s != m[i]) {
			return false
		}
	}
	return len(m) == len(pat)
}

// maxScopeSessions bounds the sessions a lock with no call in flight
// names.
const maxScopeSessions = 8

// scopeSessions lists the open sessions of sc (every open session, for
// the global scope), the last started first, the current one included:
// those that may have left behind the process that made a change seen
// with no call in flight. Best effort: a session file that cannot be
// read is left out.
func (g *Gate) scopeSessions(sc scope, cur *Session) []LockAction {
	dir := filepath.Join(g.cfg.StateDir, "sessions")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return []LockAction{{SessionID: cur.ID, Agent: cur.Agent}}
	}
	type seen struct {
		s  *Session
		at int64
	}
	var ss []seen
	for i, e := range ents {
		if i >= 1024 {
			break
		}
		if !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		s, err := readSession(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if !sc.global {
			if ssc, ok := sessionScope(s); !ok || !sameScope(ssc, sc) {
				continue
			}
		}
		ss = append(ss, seen{s, s.Started.UnixNano()})
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].at > ss[j].at })
	var out []LockAction
	has := false
	for _, x := range ss {
		if len(out) == maxScopeSessions {
			break
		}
		out = append(out, LockAction{SessionID: x.s.ID, Agent: x.s.Agent})
		has = has || x.s.ID == cur.ID
	}
	if !has && cur.ID != "" {
		out = append(out, LockAction{SessionID: cur.ID, Agent: cur.Agent})
	}
	return out
}
