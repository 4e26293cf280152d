package policy

import (
	"path"
	"strconv"
	"strings"
)

// ref names one entry: policy, rule within it, entry within the rule.
type ref struct{ pol, rule, ent int32 }

// cmdIndex finds the command patterns that can match a simple command
// without running every regular expression: a pattern whose matches all
// start with a literal prefix is tried only when the line starts with it.
type cmdIndex struct {
	byByte map[byte][]ref // patterns that can only start with that byte (among others)
	any    []ref
}

// hostIndex holds exact hosts and "*." suffixes.
type hostIndex struct {
	exact map[string][]ref
	wild  map[string][]ref
	short map[string][]ref // proper label prefixes of exact names (hostcomplete.go)
	label int              // exact names of a single label (candhosts.go)
	n     int
}

// pathIndex splits path patterns by shape so that literal ones cost a map
// lookup per path segment.
type pathIndex struct {
	names     map[string][]ref // literal name patterns
	anchored  map[string][]ref // literal repository-relative patterns
	byFirst   map[string][]ref // repository-relative globs, by their literal first segment
	nameSuf   map[byte][]ref   // name globs ending in literal text, by its last byte
	namePre   map[byte][]ref   // other name globs starting with literal text, by its first byte
	others    []ref            // other globs, home and absolute patterns
	n         int
	fold      bool // case-insensitive (block and approval sides)
	entryList []ref
}

// index is the policy's rules regrouped by kind for fast evaluation.
type index struct {
	envVars     map[string][]ref
	blockHosts  hostIndex
	allowHosts  hostIndex
	blockCmds   cmdIndex
	approveCmd  cmdIndex
	allowPaths  pathIndex
	blockPaths  pathIndex
	approve     pathIndex
	allowMCP    []ref
	blockMCP    []ref
	blockMCPSan []string // blockMCP's globs sanitized (mcpsanitize.go), "" for none
	allowTools  []ref
	blockTools  []ref

	// Policies with allow-list rules: each such policy denies what none of
	// its own entries allows.
	allowPolicies     []policyRule
	allowHostPolicies []policyRule
	allowMCPPolicies  []policyRule
	envPolicies       []policyRule

	ext extIndex // the rule kinds of rulekinds.go

	// envFold is envVars by upper-cased name (envnames.go).
	envFold map[string][]ref

	// passChecks is a decision's PolicyChecks when no finding fails or
	// asks: every user policy, then every built-in one, passing. A
	// decision shares it (read-only, its capacity its length).
	passChecks []Check
	// allowReason is the reason of an allowed action, up to its trust level.
	allowReason string
}

// policyRule is the union of one policy's rules of one kind: the first
// rule (for positions) and every entry, quoted, for messages.
type policyRule struct {
	pol, rule int
	list      string
}

func collect(pols []userPolicy, kind ruleKind) []policyRule {
	var out []policyRule
	for pi := range pols {
		first := -1
		var items []string
		for ri, r := range pols[pi].rules {
			if r.kind != kind {
				continue
			}
			if first < 0 {
				first = ri
			}
			for _, e := range r.entries {
				items = append(items, strconv.Quote(e.text))
			}
		}
		if first >= 0 {
			out = append(out, policyRule{pol: pi, rule: first, list: "[" + strings.Join(items, ", ") + "]"})
		}
	}
	return out
}

func buildIndex(pols []userPolicy) index {
	ix := index{
		envVars:    map[string][]ref{},
		blockHosts: hostIndex{exact: map[string][]ref{}, wild: map[string][]ref{}},
		allowHosts: hostIndex{exact: map[string][]ref{}, wild: map[string][]ref{}},
		blockCmds:  cmdIndex{byByte: map[byte][]ref{}},
		approveCmd: cmdIndex{byByte: map[byte][]ref{}},
		allowPaths: pathIndex{names: map[string][]ref{}, anchored: map[string][]ref{}},
		blockPaths: pathIndex{names: map[string][]ref{}, anchored: map[string][]ref{}, fold: true},
		approve:    pathIndex{names: map[string][]ref{}, anchored: map[string][]ref{}, fold: true},
	}
	ix.passChecks = make([]Check, 0, len(pols)+len(builtinPolicies))
	for i := range pols {
		ix.passChecks = append(ix.passChecks, Check{Policy: pols[i].name, Result: "pass"})
	}
	for _, b := range builtinPolicies {
		ix.passChecks = append(ix.passChecks, Check{Policy: b, Result: "pass"})
	}
	ix.allowReason = "allowed: no rule of the " + strconv.Itoa(len(ix.passChecks)) + " policies matched at trust level "
	for pi := range pols {
		for ri := range pols[pi].rules {
			r := &pols[pi].rules[ri]
			for ei := range r.entries {
				e := &r.entries[ei]
				rf := ref{int32(pi), int32(ri), int32(ei)}
				switch r.kind {
				case kBlockEnvVars:
					ix.envVars[e.text] = append(ix.envVars[e.text], rf)
					ix.addEnvFold(e.text, rf)
				case kBlockHosts:
					ix.blockHosts.add(e.host, rf)
				case kAllowHosts:
					ix.allowHosts.add(e.host, rf)
				case kBlockCommands:
					ix.blockCmds.add(e, rf)
				case kApproveCommands:
					ix.approveCmd.add(e, rf)
				case kAllowPaths:
					ix.allowPaths.add(e.path, rf)
				case kBlockPaths:
					ix.blockPaths.add(e.path, rf)
				case kRequireApproval:
					ix.approve.add(e.path, rf)
				case kAllowMCP:
					ix.allowMCP = append(ix.allowMCP, rf)
				case kBlockMCP:
					ix.blockMCP = append(ix.blockMCP, rf)
					ix.blockMCPSan = append(ix.blockMCPSan, sanitizedGlob(e.glob))
				case kAllowTools:
					ix.allowTools = append(ix.allowTools, rf)
				case kBlockTools:
					ix.blockTools = append(ix.blockTools, rf)
				default:
					ix.ext.add(r.kind, e, rf)
				}
			}
		}
	}
	ix.allowPolicies = collect(pols, kAllowPaths)
	ix.allowHostPolicies = collect(pols, kAllowHosts)
	ix.allowMCPPolicies = collect(pols, kAllowMCP)
	ix.envPolicies = collect(pols, kBlockEnvVars)
	ix.ext.outsidePolicies = collect(pols, kApproveOutside)
	return ix
}

func (c *cmdIndex) add(e *entry, rf ref) {
	if e.prefix != "" {
		c.byByte[e.prefix[0]] = append(c.byByte[e.prefix[0]], rf)
		return
	}
	set, ok := firstBytes(`^(?:` + e.text + `)`)
	if !ok {
		c.any = append(c.any, rf)
		return
	}
	for b := 0; b < 256; b++ {
		if set.has(byte(b)) {
			c.byByte[byte(b)] = append(c.byByte[byte(b)], rf)
		}
	}
}

func (h *hostIndex) add(hp hostPat, rf ref) {
	h.n++
	if hp.wild {
		h.wild[hp.host] = append(h.wild[hp.host], rf)
	} else {
		h.exact[hp.host] = append(h.exact[hp.host], rf)
		h.addShort(hp.host, rf) // hostcomplete.go
	}
}

// lookup appends to out every entry matching host h (already canonical).
func (h *hostIndex) lookup(host string, out []ref) []ref {
	if h.n == 0 {
		return out
	}
	out = append(out, h.exact[host]...)
	for i := 0; i < len(host); i++ {
		if host[i] == '.' {
			out = append(out, h.wild[host[i+1:]]...)
		}
	}
	return out
}

func (px *pathIndex) add(pp *pathPat, rf ref) {
	px.n++
	px.entryList = append(px.entryList, rf)
	segs := pp.segs
	if px.fold {
		segs = pp.lower
	}
	switch {
	case pp.literal && pp.anchor == anchorName:
		px.names[segs[0]] = append(px.names[segs[0]], rf)
	case pp.literal && pp.anchor == anchorRepo:
		k := strings.Join(segs, "/")
		px.anchored[k] = append(px.anchored[k], rf)
	case pp.anchor == anchorName && !strings.ContainsAny(segs[0][len(segs[0])-1:], `*?]\`):
		if px.nameSuf == nil {
			px.nameSuf = map[byte][]ref{}
		}
		k := segs[0][len(segs[0])-1]
		px.nameSuf[k] = append(px.nameSuf[k], rf)
	case pp.anchor == anchorName && !strings.ContainsAny(segs[0][:1], `*?[\`):
		if px.namePre == nil {
			px.namePre = map[byte][]ref{}
		}
		k := segs[0][0]
		px.namePre[k] = append(px.namePre[k], rf)
	case pp.anchor == anchorRepo && !hasMeta(segs[0]) && segs[0] != "**":
		if px.byFirst == nil {
			px.byFirst = map[string][]ref{}
		}
		px.byFirst[segs[0]] = append(px.byFirst[segs[0]], rf)
	default:
		px.others = append(px.others, rf)
	}
}

// lookup appends to out every entry of px matching t. covers also accepts
// t being an ancestor of what an anchored pattern matches (for deletes).
func (px *pathIndex) lookup(p *Policy, t *target, out []ref, covers bool) []ref {
	if px.n == 0 {
		return out
	}
	if t.glob || covers {
		for _, rf := range px.entryList {
			if p.entry(rf).path.overlaps(t, px.fold, covers) {
				out = append(out, rf)
			}
		}
		return out
	}
	comps, rel := t.absSegs, t.rel
	if t.inRepo {
		comps = t.relSegs
	}
	if px.fold {
		comps, rel = t.lAbsSegs, t.lRel
		if t.inRepo {
			comps = t.lRelSegs
		}
	}
	if len(px.names) > 0 {
		for _, c := range comps {
			out = append(out, px.names[c]...)
		}
	}
	if t.inRepo && rel != "" && len(px.anchored) > 0 {
		for i := 0; i < len(rel); i++ {
			if rel[i] == '/' {
				out = append(out, px.anchored[rel[:i]]...)
			}
		}
		out = append(out, px.anchored[rel]...)
	}
	if len(px.nameSuf)+len(px.namePre) > 0 {
		for _, c := range comps {
			if c == "" {
				continue
			}
			for _, rf := range px.nameSuf[c[len(c)-1]] {
				if segMatch(px.seg0(p, rf), c) {
					out = append(out, rf)
				}
			}
			for _, rf := range px.namePre[c[0]] {
				if segMatch(px.seg0(p, rf), c) {
					out = append(out, rf)
				}
			}
		}
	}
	if t.inRepo && len(px.byFirst) > 0 {
		segs := t.relSegs
		if px.fold {
			segs = t.lRelSegs
		}
		if len(segs) > 0 {
			for _, rf := range px.byFirst[segs[0]] {
				if p.entry(rf).path.match(t, px.fold) {
					out = append(out, rf)
				}
			}
		}
	}
	for _, rf := range px.others {
		if p.entry(rf).path.match(t, px.fold) {
			out = append(out, rf)
		}
	}
	return out
}

// seg0 is the (only) segment of a name pattern, folded when px folds.
func (px *pathIndex) seg0(p *Policy, rf ref) string {
	pp := p.entry(rf).path
	if px.fold {
		return pp.lower[0]
	}
	return pp.segs[0]
}

// matchGlob is path.Match that treats a malformed pattern as no match (all
// patterns are validated at Parse).
func matchGlob(pattern, s string) bool {
	ok, _ := path.Match(pattern, s)
	return ok
}

func (p *Policy) entry(rf ref) *entry {
	return &p.policies[rf.pol].rules[rf.rule].entries[rf.ent]
}
