package policy

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// WithOptions returns a copy of p that evaluates with opt.
func (p *Policy) WithOptions(opt Options) *Policy {
	q := *p
	q.opt = opt
	q.opt.StateDirs = make([]string, 0, len(opt.StateDirs))
	for _, d := range opt.StateDirs {
		if path.IsAbs(d) {
			q.opt.StateDirs = append(q.opt.StateDirs, cleanAbs(d))
		}
	}
	q.opt.Protected = make([]Protected, 0, len(opt.Protected))
	for _, pr := range opt.Protected {
		if path.IsAbs(pr.Path) {
			q.opt.Protected = append(q.opt.Protected, Protected{Path: cleanAbs(pr.Path), Kind: pr.Kind, Tree: pr.Tree})
		}
	}
	return &q
}

// WithCall returns a copy of p, a policy bound by WithOptions, whose
// process list, git runner and file system are procs, git and fsys and
// whose other options are p's: a resident engine binds a policy to a
// protected set once and gives each call its own (Options.Procs lists the
// processes once per call, Options.FS answers one call's questions). The
// copy shares p's option slices, which no evaluation changes.
func (p *Policy) WithCall(procs func() []Proc, git GitQuery, fsys fsview.FS) *Policy {
	q := *p
	q.opt.Procs, q.opt.Git, q.opt.FS = procs, git, fsys
	return &q
}

// cleanAbs is path.Clean of the absolute path p, without path.Clean's
// rewriting pass when p is already clean (as the gate's are: a hook call
// gives WithOptions a hundred protected paths or so, per policy).
func cleanAbs(p string) string {
	if isCleanAbs(p) {
		return p
	}
	return path.Clean(p)
}

// isCleanAbs reports whether the absolute path p is what path.Clean
// returns for it: no empty, "." or ".." element, no trailing slash.
func isCleanAbs(p string) bool {
	if p == "/" {
		return true
	}
	if len(p) < 2 || p[0] != '/' || p[len(p)-1] == '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		// p[i+1] exists: p does not end with '/'
		switch {
		case p[i+1] == '/':
			return false
		case p[i+1] != '.':
		case i+2 == len(p) || p[i+2] == '/':
			return false // "/."
		case p[i+2] == '.' && (i+3 == len(p) || p[i+3] == '/'):
			return false // "/.."
		}
	}
	return true
}

// builtins returns the built-in patterns, compiled when an evaluation
// first needs them (a command that names no path never does).
func (p *Policy) builtins() *builtinSet { return sharedBuiltins.Get() }

// Priority groups: among findings of the same effect, the lowest group
// decides, then policy order, then discovery order.
const (
	groupAnalysis = iota
	groupSelf
	groupCreds
	groupUser
	groupTrust
)

type hit struct {
	group  int
	ref    ref
	f      Finding
	seq    int
	detail string // the reason without the policy prefix and description
	// below marks a finding about what lies below a directory written
	// into, not the directory itself (pathFlags.into; mounts.go).
	below uint8
}

type evaluation struct {
	p        *Policy
	a        *action.Action
	trust    string
	trustWhy string
	root     string
	rootR    string
	home     string
	homeR    string
	cwd      string
	analyses []*shell.Analysis
	cur      *shell.Analysis // the analysis being judged
	hits     []hit
	seen     map[hitKey]bool
	buf      []ref
	fatal    bool
	// computed once per evaluation
	states    []string
	protected []protFile
	fsc       *evalFS // &fsv once asked for (fs)
	fsv       evalFS
	ids       *protIdentities
	fx        *facts // environment facts, asked lazily (facts.go)
	// reach, when set, is listing mode: paths are listed, not judged
	// (reaches.go).
	reach *[]Reach
	// gitRewrites are the git commands of the line whose work-tree
	// rewrites gitops.go judged (rewriteCovered).
	gitRewrites []gitRewriteRef
	// mcpT is an MCP call's arguments, walked once (mcpwalk.go).
	mcpT *mcpTree
	// mcpAt is the index+1 of the MCP argument node being judged (0:
	// none), whose base directories a relative path is joined to; mcpBases
	// are the base directories each object node names (mcpbase.go).
	mcpAt    int32
	mcpBases map[int32][]mcpBase
	// markBelow is the hit.below of the findings being added.
	markBelow uint8
}

// Evaluate decides one action. It never panics: any internal error is a
// Deny whose reason names it.
func (p *Policy) Evaluate(a *action.Action) (d Decision) {
	defer func() {
		if r := recover(); r != nil {
			d = p.failure(fmt.Sprintf("internal error while evaluating: %v", r))
		}
	}()
	ev := p.evaluate(a)
	return ev.decision()
}

func (p *Policy) failure(reason string) Decision {
	d := Decision{
		Decision:     Deny,
		Policy:       PolicyAnalysis,
		Rule:         "internal-error",
		Reason:       "blocked by policy \"" + PolicyAnalysis + "\": " + oneLine(reason, 300),
		PolicyDigest: p.digest,
	}
	for _, up := range p.policies {
		d.PolicyChecks = append(d.PolicyChecks, Check{Policy: up.name, Result: "pass"})
	}
	for _, b := range builtinPolicies {
		c := Check{Policy: b, Result: "pass"}
		if b == PolicyAnalysis {
			c.Result, c.Rule, c.Reason = "fail", d.Rule, d.Reason
		}
		d.PolicyChecks = append(d.PolicyChecks, c)
	}
	return d
}

func (p *Policy) evaluate(a *action.Action) *evaluation {
	ev, ok := p.prepare(a)
	if !ok {
		return ev
	}
	switch a.Kind {
	case action.Exec:
		ev.exec()
	case action.FileRead, action.FileWrite, action.FileDelete:
		op := opRead
		if a.Kind == action.FileWrite {
			op = opWrite
		} else if a.Kind == action.FileDelete {
			op = opDelete
		}
		var buf [1]string
		for _, given := range a.Paths {
			// endcwds.go
			ev.unknownCwdPath(given)
			for _, pth := range ev.toolPaths(given, buf[:0]) { // toolpaths.go
				abs, err := ev.absPath(pth)
				if err != nil {
					ev.deny(groupAnalysis, "path", pth, err.Error())
					continue
				}
				ev.checkPath(abs, op)
				ev.fileToolTarget(abs, op)
				if a.Kind == action.FileRead && a.Recursive {
					ev.recursiveRead(abs, fileToolScope(a)) // toollinks.go
					if a.Fold {
						ev.foldedRead(abs, fileToolScope(a)) // fold.go
					}
				}
			}
		}
	case action.NetFetch:
		ev.netFetch()
	case action.MCPCall:
		ev.mcp()
	}
	return ev
}

// prepare derives the trust level, validates the action and sets the
// directories; false means the evaluation is already decided.
func (p *Policy) prepare(a *action.Action) (*evaluation, bool) {
	ev := &evaluation{p: p, a: a}
	if a == nil {
		ev.deny(groupAnalysis, "nil-action", "", "no action to evaluate")
		return ev, false
	}
	level, why, err := p.trustFor(&a.Actor)
	if err != nil {
		ev.deny(groupAnalysis, "trust-level", a.Actor.TrustLevel, err.Error())
		return ev, false
	}
	ev.trust, ev.trustWhy = level, why
	if a.V == 0 {
		// An action built in code rather than parsed: current version.
		c := *a
		c.V = action.Version
		a, ev.a = &c, &c
	}
	if err := a.Validate(); err != nil {
		ev.deny(groupAnalysis, "invalid-action", "", err.Error())
		return ev, false
	}
	for _, rf := range p.idx.blockTools {
		if a.Tool != "" && matchGlob(p.entry(rf).glob, a.Tool) {
			ev.user(rf, Deny, a.Tool, fmt.Sprintf("tool %q matches block_tools %q", a.Tool, p.entry(rf).text))
		}
	}
	if a.Kind == action.Unknown {
		ev.unknownTool()
		return ev, false
	}
	if err := ev.setDirs(); err != nil {
		ev.deny(groupAnalysis, "working-directory", "", err.Error())
		return ev, false
	}
	return ev, true
}

func (ev *evaluation) setDirs() error {
	a := ev.a
	clean := func(s string) string {
		if s == "" {
			return ""
		}
		return path.Clean(s)
	}
	ev.root, ev.cwd, ev.home = clean(a.Actor.RepoRoot), clean(a.Cwd), clean(a.Actor.Home)
	if ev.home != "" && !path.IsAbs(ev.home) {
		return fmt.Errorf("home directory %q is not absolute", ev.home)
	}
	if ev.root != "" && !path.IsAbs(ev.root) {
		return fmt.Errorf("repository root %q is not absolute", ev.root)
	}
	if ev.cwd != "" && !path.IsAbs(ev.cwd) {
		if ev.root == "" {
			return fmt.Errorf("working directory %q is not absolute", ev.cwd)
		}
		ev.cwd = path.Join(ev.root, ev.cwd)
	}
	if ev.cwd == "" {
		ev.cwd = ev.root
	}
	if ev.root == "" {
		ev.root = ev.cwd
	}
	needsDir := a.Kind == action.Exec || a.Kind == action.FileRead || a.Kind == action.FileWrite || a.Kind == action.FileDelete
	if needsDir && ev.cwd == "" {
		return errors.New("neither the working directory nor the repository root is known, so paths cannot be checked")
	}
	var err error
	if ev.root != "" {
		if ev.rootR, err = ev.resolve(ev.root); err != nil {
			return fmt.Errorf("cannot resolve repository root: %w", err)
		}
	}
	if ev.home != "" {
		if ev.homeR, err = ev.resolve(ev.home); err != nil {
			return fmt.Errorf("cannot resolve home directory: %w", err)
		}
	}
	return nil
}

// absPath makes an action path absolute. It does not clean it: "." and
// ".." are applied when the path is resolved, after the symlinks before
// them, as the kernel applies them ("/dev/fd/../environ" is not
// "/dev/environ").
func (ev *evaluation) absPath(p string) (string, error) {
	if strings.ContainsRune(p, 0) {
		return "", errors.New("path contains a NUL byte")
	}
	switch {
	case p == "~" || strings.HasPrefix(p, "~/"):
		if ev.home == "" {
			return "", fmt.Errorf("path %q uses ~ but the home directory is not known", p)
		}
		p = strings.TrimSuffix(ev.home, "/") + p[1:]
	case !path.IsAbs(p):
		p = strings.TrimSuffix(ev.cwd, "/") + "/" + p
	}
	return p, nil
}

// ---- findings ------------------------------------------------------------

// hitKey identifies a finding for deduplication.
type hitKey struct {
	group                 int
	ref                   ref
	policy, rule, subject string
	effect                Effect
}

// hitKeyOf is h's deduplication key.
func hitKeyOf(h *hit) hitKey {
	return hitKey{h.group, h.ref, h.f.Policy, h.f.Rule, h.f.Subject, h.f.Effect}
}

// seenMapAt is the number of findings from which add looks keys up in a
// map rather than comparing them with every finding so far.
const seenMapAt = 16

func (ev *evaluation) add(h hit) {
	key := hitKeyOf(&h)
	// The keys seen are those of ev.hits: compared one by one while
	// there are few, then kept in a map.
	if ev.seen != nil {
		if ev.seen[key] {
			return
		}
		ev.seen[key] = true
	} else {
		for i := range ev.hits {
			if hitKeyOf(&ev.hits[i]) == key {
				return
			}
		}
		if len(ev.hits) >= seenMapAt {
			ev.seen = make(map[hitKey]bool, 2*len(ev.hits))
			for i := range ev.hits {
				ev.seen[hitKeyOf(&ev.hits[i])] = true
			}
			ev.seen[key] = true
		}
	}
	h.seq = len(ev.hits)
	if h.below == belowNone {
		h.below = ev.markBelow
	}
	ev.hits = append(ev.hits, h)
}

func builtinName(group int) string {
	switch group {
	case groupSelf:
		return PolicySelfProtection
	case groupCreds:
		return PolicyCredentialStores
	case groupTrust:
		return PolicyTrustLevel
	}
	return PolicyAnalysis
}

func verb(e Effect) string {
	if e == Ask {
		return "approval required by policy"
	}
	return "blocked by policy"
}

// builtin records a finding of a built-in policy.
func (ev *evaluation) builtin(group int, e Effect, rule, subject, detail string) {
	name := builtinName(group)
	ev.add(hit{group: group, ref: ref{-1, -1, -1}, detail: oneLine(detail, 400), f: Finding{
		Policy:  name,
		Rule:    rule,
		Effect:  e,
		Subject: oneLine(subject, 200),
		Source:  "built-in",
		Reason:  fmt.Sprintf("%s %q: %s", verb(e), name, oneLine(detail, 400)),
	}})
}

func (ev *evaluation) deny(group int, rule, subject, detail string) {
	ev.builtin(group, Deny, rule, subject, detail)
}

// user records a finding of a user policy rule entry.
func (ev *evaluation) user(rf ref, e Effect, subject, detail string) {
	up := &ev.p.policies[rf.pol]
	r := &up.rules[rf.rule]
	en := &r.entries[rf.ent]
	ev.add(hit{group: groupUser, ref: rf, detail: oneLine(detail, 400), f: Finding{
		Policy:  up.name,
		Rule:    r.kind.String() + "[" + strconv.Itoa(int(rf.ent)) + "] " + strconv.Quote(en.text),
		Effect:  e,
		Subject: oneLine(subject, 200),
		Source:  ev.source(en.line, en.col),
		Reason:  userReason(up, e, detail),
	}})
}

// userRule records a finding for a whole rule (allow_paths and
// allow_hosts misses), identified by the rule's first entry position.
func (ev *evaluation) userRule(pol, ri int, e Effect, subject, detail string) {
	up := &ev.p.policies[pol]
	r := &up.rules[ri]
	ev.add(hit{group: groupUser, ref: ref{int32(pol), int32(ri), -1}, detail: oneLine(detail, 400), f: Finding{
		Policy:  up.name,
		Rule:    r.kind.String(),
		Effect:  e,
		Subject: oneLine(subject, 200),
		Source:  ev.source(r.line, r.col),
		Reason:  userReason(up, e, detail),
	}})
}

// ---- exec ----------------------------------------------------------------

func (ev *evaluation) exec() {
	var lines []string
	if ev.a.Command != "" {
		lines = append(lines, ev.a.Command)
	}
	if len(ev.a.Argv) > 0 {
		q := quoteArgv(ev.a.Argv)
		if q != ev.a.Command {
			lines = append(lines, q)
		}
	}
	for _, line := range lines {
		an, err := ev.analyze(line, shell.Options{Cwd: ev.cwd, CwdUnknown: ev.a.CwdUnknown, Home: ev.home, Root: ev.root, PowerShell: ev.a.Shell == action.PowerShell, PosixSh: ev.a.Shell == action.PosixSh})
		if err != nil {
			ev.deny(groupAnalysis, "unparsable-command", line, "command line cannot be analysed: "+err.Error())
			continue
		}
		if an == nil {
			ev.deny(groupAnalysis, "unparsable-command", line, "command line analysis returned nothing")
			continue
		}
		ev.analyses = append(ev.analyses, an)
		ev.analysis(an)
	}
}

func (ev *evaluation) analysis(an *shell.Analysis) {
	if f := ev.existingReads(an); f != an { // ifexists.go
		if n := len(ev.analyses); n > 0 && ev.analyses[n-1] == an {
			ev.analyses[n-1] = f
		}
		an = f
	}
	if ev.reach != nil {
		ev.listAnalysis(an) // listing mode (reaches.go)
		return
	}
	for i := range an.Commands {
		ev.command(&an.Commands[i])
	}
	if subj, why := selfCommands(an); why != "" {
		if subj == "" {
			subj = ev.a.Resource()
		}
		ev.deny(groupSelf, "no-disable", subj, fmt.Sprintf("command %q %s", subj, why))
	}
	ev.lineRules(an)
	ev.nestedAgents(an)
	findRun := map[string]bool{} // commands run by find -exec: {} is any file below
	for _, c := range an.Commands {
		for _, v := range c.Via {
			if strings.HasPrefix(v, "find") {
				findRun[c.Name] = true
			}
		}
	}
	flags := func(r shell.PathRef) pathFlags {
		fl := pathFlags{glob: r.Glob, dyn: r.Dynamic, dotGlob: r.DotGlob, globStar: r.GlobStar, candidate: r.Candidate, cmd: r.Cmd}
		if r.Glob && findRun[r.Cmd] && strings.HasSuffix(r.Path, "/*") {
			fl.recursive = true
		}
		// find hands its command only what it finds: a pattern that
		// matches nothing runs nothing (no literal word, unlike a shell
		// glob).
		fl.found = r.Glob && findRun[r.Cmd]
		// a name in a container's command: only the rules that name files
		// and a name in an environment value no table knows (envbackstop.go)
		fl.named = r.Why == shell.MountedNameWhy || r.Why == shell.EnvNamedWhy
		return fl
	}
	ev.cur = an
	defer func() { ev.cur = nil }()
	for _, r := range an.Reads {
		if r.Mount {
			continue // judged with the mount (lineMounts)
		}
		fl := flags(r)
		if r.Recursive && r.Glob && !r.Dynamic {
			// each match is walked (globOnDisk), or the pattern covers what lies below
			fl.tree = &walkScope{cmd: r.Cmd, skipHidden: r.SkipHidden, trackedOnly: r.TrackedOnly, follow: ev.followsLinks(r.Cmd), exclude: excluder(r)}
		}
		ev.checkRef(r.Path, opRead, fl)
		if r.Recursive && !r.Glob && !r.Dynamic {
			ev.recursiveRead(r.Path, walkScope{cmd: r.Cmd, skipHidden: r.SkipHidden, trackedOnly: r.TrackedOnly, follow: ev.followsLinks(r.Cmd), exclude: excluder(r)})
		}
	}
	for _, w := range an.Writes {
		if w.Mount {
			continue
		}
		op := opWrite
		if w.Why == shell.HardLinkTargetWhy {
			op = opLink // another name for the file: said as such in the reason
		}
		fl := flags(w)
		fl.gitJudged = ev.rewriteCovered(w)
		ev.checkRef(w.Path, op, fl)
	}
	ev.lineMounts(an) // mounts.go
	ev.reopened(an)
	for _, d := range an.Deletes {
		ev.checkRef(d.Path, opDelete, flags(d))
	}
	ev.hardLinks(an)
	for _, h := range an.Hosts {
		ev.checkHost(h.Host, h.Cmd, true)
	}
	for _, h := range an.CandidateHosts {
		ev.candidateHost(h) // candhosts.go
	}
	ev.candidateLabels(an) // candhosts.go
	for _, name := range an.EnvRefs {
		ev.blockedEnv(name, "") // envnames.go
	}
	ev.nameFiles(an)      // envfiles.go
	ev.containerFiles(an) // mountfiles.go
	if an.EnvDump {
		ev.envDump("environment dump", "the command dumps the whole environment")
	}
	ev.opaque(an)
	ev.terminal(an) // terminal.go
}

func (ev *evaluation) command(c *shell.Command) {
	ix := &ev.p.idx
	line := c.Line
	lines := []string{line}
	same := 1 // lines[:same] are the command itself, the rest only could be
	if len(ix.blockCmds.any)+len(ix.blockCmds.byByte)+len(ix.approveCmd.any)+len(ix.approveCmd.byByte) > 0 {
		lines = append(lines, respellings(c)...) // spellings.go
		same = len(lines)
	}
	if c.Dynamic {
		// A part not known statically is most often an unset variable,
		// which expands to nothing: "npm$u install" runs npm install.
		if s := stripDynamic(line); s != line {
			lines = append(lines, s)
		}
	}
	for i, l := range lines {
		// How the line was read, written only for a match.
		how := func() string {
			switch {
			case i >= same:
				return fmt.Sprintf("command %q (read as %q with its unknown parts empty)", line, l)
			case i > 0:
				return fmt.Sprintf("command %q (that is, %q)", line, l)
			}
			return fmt.Sprintf("command %q", line)
		}
		// With unknown parts read as empty the command only could match:
		// ask, as for any other part not known statically.
		eff := Deny
		if i >= same {
			eff = Ask
		}
		ev.buf = ix.blockCmds.lookup(ev.p, l, ev.buf[:0])
		for _, rf := range ev.buf {
			ev.user(rf, eff, line, fmt.Sprintf("%s matches block_commands %q", how(), ev.p.entry(rf).text))
		}
		ev.buf = ix.approveCmd.lookup(ev.p, l, ev.buf[:0])
		for _, rf := range ev.buf {
			ev.user(rf, Ask, line, fmt.Sprintf("%s matches require_approval_commands %q", how(), ev.p.entry(rf).text))
		}
	}
	ev.gitHistoryReads(c)
	switch ev.trust {
	case action.ReadOnly:
		if why := readOnlyVerdict(c); why != "" {
			ev.deny(groupTrust, "read-only", line, fmt.Sprintf("trust level read_only does not allow %q: %s", line, why))
		}
		return
	}
	ev.gitCommand(c)
	ev.cargoImplicitRepo(c) // scaffolders.go
	ev.otherPushCommand(c)  // otherpushes.go
	ev.forgeCommand(c)      // forgeapi.go
}

// stripDynamic removes the parts of a command line the shell analysis kept
// in source form: $NAME, $1, ${...}, $(...) and `...`.
func stripDynamic(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && (s[i+1] == '{' || s[i+1] == '('):
			open, closer := s[i+1], byte('}')
			if open == '(' {
				closer = ')'
			}
			depth, j := 0, i+1
			for ; j < len(s); j++ {
				if s[j] == open {
					depth++
				} else if s[j] == closer {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			i = j
		case s[i] == '$' && i+1 < len(s) && (isNameByte(s[i+1]) || strings.IndexByte("@*#?-$!0123456789", s[i+1]) >= 0):
			j := i + 1
			if isNameByte(s[j]) && !(s[j] >= '0' && s[j] <= '9') {
				for j < len(s) && isNameByte(s[j]) {
					j++
				}
				j--
			}
			i = j
		case s[i] == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				i = len(s)
			} else {
				i += j + 1
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (c *cmdIndex) lookup(p *Policy, line string, out []ref) []ref {
	var bucket []ref
	if line != "" {
		bucket = c.byByte[line[0]]
	}
	for _, rf := range bucket {
		e := p.entry(rf)
		if strings.HasPrefix(line, e.prefix) && e.re.MatchString(line) {
			out = append(out, rf)
		}
	}
	for _, rf := range c.any {
		if p.entry(rf).re.MatchString(line) {
			out = append(out, rf)
		}
	}
	return out
}

// ---- decision ------------------------------------------------------------

func checkResult(e Effect) string {
	switch e {
	case Allow:
		return "pass"
	case Ask:
		return "ask"
	}
	return "fail"
}

// sorted returns the hits in priority order.
func (ev *evaluation) sorted() []hit {
	hs := slices.Clone(ev.hits)
	slices.SortStableFunc(hs, func(x, y hit) int {
		if x.group != y.group {
			return x.group - y.group
		}
		// Within the user's policies, a hit of an entry the author wrote
		// (block_commands "npm install", block_paths ".env*") explains a
		// decision better than a miss of a whole allow-list (allow_paths):
		// it comes first, whatever the policies' order.
		if xe, ye := x.ref.ent >= 0, y.ref.ent >= 0; x.group == groupUser && xe != ye {
			if xe {
				return -1
			}
			return 1
		}
		if x.ref.pol != y.ref.pol {
			return int(x.ref.pol - y.ref.pol)
		}
		return x.seq - y.seq
	})
	return hs
}

func (ev *evaluation) decision() Decision {
	p := ev.p
	d := Decision{Decision: Allow, PolicyDigest: p.digest, TrustLevel: ev.trust}
	ev.endCwds(&d) // endcwds.go
	hs := ev.sorted()
	var best *hit
	if len(hs) > 0 {
		d.Findings = make([]Finding, 0, len(hs))
	}
	for i := range hs {
		if best == nil || hs[i].f.Effect.rank() > best.f.Effect.rank() {
			best = &hs[i]
		}
		d.Findings = append(d.Findings, hs[i].f)
	}
	// Every policy passes unless a finding says otherwise.
	d.PolicyChecks = p.checks(hs)
	if best == nil || best.f.Effect == Allow {
		d.Policy = ""
		d.Reason = p.idx.allowReason + ev.trust
		return d
	}
	d.Decision = best.f.Effect
	if d.Decision != Allow && d.Decision != Ask {
		d.Decision = Deny
	}
	d.Policy, d.Rule, d.Reason = best.f.Policy, best.f.Rule, best.f.Reason
	return d
}
