package cli

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// newSessionCmd is "mandate session show": one session's whole story,
// from the local log or a bundle (evidence.SessionTimeline).
func newSessionCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "session",
		Short: "Show one agent session's full timeline",
		Long: `Show one agent session: who ran it (and where that identity came from),
which agent and model, the policy versions that decided, and every event in
order: each action with its decision, rule, reason and outcome, approvals,
tamper and governance records, the digests of the files it wrote.`,
		Example: `  mandate session show 01a1fef9
  mandate session show 01a1fef9 --bundle evidence.bundle --key mandate.pub`,
		Args:        cobra.ArbitraryArgs,
		RunE:        subcommandsOnly,
		Annotations: map[string]string{groupOnly: "true"},
	}
	cmd.AddCommand(newSessionShowCmd(env))
	return cmd
}

type sessionShowOptions struct {
	source     sourceFlags
	json, wide bool
	clock      clock
}

func newSessionShowCmd(env *Env) *cobra.Command {
	var o sessionShowOptions
	cmd := &cobra.Command{
		Use:   "show ID [flags]",
		Short: "One session's timeline: who, agent and model, policies, every action and its outcome",
		Long: `Show the session ID (or any unique prefix of it, as 'mandate sessions' lists
them): who ran it and where that identity came from (see docs/identity.md),
the agent, its version and model, the host and repository, the trust level
and how it was set, every policy version that decided (and whether its text
is in the evidence), then every event in order: each action with its
decision, the policy and rule, the reason and the outcome, approvals, the
digests of the files written, tamper and governance records naming the
session. With --bundle, the session is read from a bundle, after verifying
it. What agents sent is shown with the characters a terminal would act on
escaped; --json prints the timeline with every value exact.`,
		Example: `  mandate session show 01a1fef9
  mandate session show d2ed --utc --wide
  mandate session show 01a1fef9 --bundle evidence.bundle --key mandate.pub
  mandate session show 01a1fef9 --json | jq '.events[] | select(.decision == "deny")'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef(cmd, "which session? (usage: %s; mandate sessions lists them)", cmd.UseLine())
			}
			return maxArgs(1)(cmd, args)
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeSessions(env)(cmd, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runSessionShow(cmd, env, &o, args[0]) },
	}
	fs := cmd.Flags()
	o.source.addFlags(fs)
	fs.BoolVar(&o.wide, "wide", false, "show every action in full (default: cut at 160 characters)")
	fs.BoolVar(&o.json, "json", false, "print the timeline as JSON, policy texts included (see docs/cli.md)")
	o.clock.addFlags(fs)
	setGroup(fs, "Output", "wide", "json")
	return cmd
}

func runSessionShow(cmd *cobra.Command, env *Env, o *sessionShowOptions, id string) error {
	ctx := cmd.Context()
	key, err := o.source.check(env, false)
	if err != nil {
		return usagef(cmd, "%v", err)
	}
	es, code, ok := o.source.open(ctx, env, "session show", key)
	if !ok {
		return exitError{code}
	}
	full, err := resolveSession(ctx, es.src, id)
	if err != nil {
		if errors.Is(err, evidence.ErrDamaged) || errors.Is(err, evidence.ErrInvalid) {
			return exitError{errorf(env, ExitFail, "session show: %v", err)}
		}
		return usagef(cmd, "%v", err)
	}
	tl, err := evidence.SessionTimeline(ctx, es.src, full)
	if err != nil {
		return exitError{errorf(env, ExitFail, "session show: %v", err)}
	}
	if o.json {
		// Lists are [] rather than null: the shape never depends on
		// whether a session has any.
		if tl.Policies == nil {
			tl.Policies = []evidence.PolicyRef{}
		}
		if tl.Events == nil {
			tl.Events = []evidence.Event{}
		}
		if code := printJSON(env, tl); code != ExitOK {
			return exitError{code}
		}
		return es.exit()
	}
	printTimeline(env.Stdout, tl, es, o.clock.in(env), o.wide, env.Now())
	return es.exit()
}

// printTimeline writes a timeline for a person: a header of who, what
// and which policies, then one entry per event, what belongs to it on
// the lines below.
func printTimeline(w io.Writer, tl *evidence.Timeline, es *evSource, c *clock, wide bool, now time.Time) {
	zone := c.zone(now)
	row := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-10s %s\n", label, value)
		}
	}
	fmt.Fprintf(w, "session %s\n", safe(tl.Session))
	row("evidence", es.title())
	agent := safe(tl.Agent)
	if tl.AgentVersion != "" {
		agent += " " + safe(tl.AgentVersion)
	}
	if tl.Model != "" {
		agent += ", model " + safe(tl.Model)
	}
	row("agent", agent)
	user := orDash(safe(tl.User))
	if s := identityString(tl.Identity, "user_source"); s != "" {
		user += " (from " + s + ")"
	}
	if tl.Pseudonymized {
		user += " (a pseudonym: this person's identity was erased, GDPR Art. 17)"
	}
	row("user", user)
	if g := identityList(tl.Identity["groups"]); g != "" {
		if s := identityString(tl.Identity, "groups_source"); s != "" {
			g += " (from " + s + ")"
		}
		row("groups", g)
	}
	row("trust", trustLine(tl))
	row("host", safe(tl.Host))
	repo := safe(tl.Repo)
	if tl.Commit != "" {
		repo += " at commit " + safe(tl.Commit)
	}
	row("repo", repo)
	state := "still open (no session end recorded)"
	if tl.Ended {
		state = "ended"
	}
	row("time", fmt.Sprintf("%s to %s, %s", c.format(tl.First, "2006-01-02 15:04:05", ""), c.format(tl.Last, "2006-01-02 15:04:05 MST", ""), state))
	row("decisions", fmt.Sprintf("%d allowed, %d denied, %d asked", tl.Allowed, tl.Denied, tl.Asked))
	for i, p := range tl.Policies {
		label := ""
		if i == 0 {
			label = "policies"
		}
		fmt.Fprintf(w, "%-10s %s\n", label, policyLine(p))
	}

	// Outcomes shown under the decision they answer are not listed again.
	paired := map[int64]bool{}
	labelW := len("EVENT")
	for _, ev := range tl.Events {
		if ev.OutcomeIndex > 0 && ev.Decision != "" {
			paired[ev.OutcomeIndex] = true
		}
	}
	idxW := len("INDEX")
	for _, ev := range tl.Events {
		labelW = max(labelW, len(eventLabel(&ev)))
		idxW = max(idxW, len(strconv.FormatInt(ev.Index, 10)))
	}
	timeW := len(c.format(tl.First, "2006-01-02 15:04:05", zone))
	head := fmt.Sprintf("TIME (%s)", zone)
	timeW = max(timeW, len(head))
	indent := strings.Repeat(" ", timeW+2+idxW+2+labelW+2)
	fmt.Fprintf(w, "\n%-*s  %*s  %-*s  %s\n", timeW, head, idxW, "INDEX", labelW, "EVENT", "DETAIL")
	width := 160
	if wide {
		width = 0
	}
	lastDigest := ""
	for _, ev := range tl.Events {
		if paired[ev.Index] && ev.Type == evidence.TypeOutcome {
			continue
		}
		first, more := eventDetail(&ev, width)
		if ev.Decision != "" && ev.PolicyDigest != "" {
			if lastDigest != "" && ev.PolicyDigest != lastDigest {
				more = append(more, "decided by another policy version: "+shortDigest(ev.PolicyDigest))
			}
			lastDigest = ev.PolicyDigest
		}
		line := fmt.Sprintf("%-*s  %*d  %-*s  %s", timeW, c.format(ev.Time, "2006-01-02 15:04:05", zone), idxW, ev.Index, labelW, eventLabel(&ev), first)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
		for _, m := range more {
			fmt.Fprintf(w, "%s%s\n", indent, m)
		}
	}
}

// eventLabel is an event's EVENT column: its decision (with its type when
// it is not a decision record), else its type.
func eventLabel(ev *evidence.Event) string {
	switch {
	case ev.Decision != "" && ev.Type != evidence.TypeDecision:
		return cell(ev.Decision, 0) + " (" + cell(ev.Type, 0) + ")"
	case ev.Decision != "":
		return cell(ev.Decision, 0)
	}
	return cell(ev.Type, 0)
}

// eventDetail is an event's DETAIL: the first line and those below it.
func eventDetail(ev *evidence.Event, width int) (string, []string) {
	var first string
	var more []string
	action := ""
	if ev.Action != "" {
		action = cell(ev.Action, width)
	}
	switch ev.Type {
	case evidence.TypePolicyLoad:
		first = strings.TrimSpace(shortDigest(ev.PolicyDigest) + " " + action)
	case evidence.TypeTamper, evidence.TypeGovernanceChange, evidence.TypeTamperAck, evidence.TypeGovernanceAccept:
		first = cell(ev.Detail, width)
	case evidence.TypeApproval:
		first = cell(ev.Detail, width)
		if c := toolAction(ev.Tool, action); c != "" {
			more = append(more, "call: "+c)
		}
	default:
		first = toolAction(ev.Tool, action)
	}
	if ev.Decision != "" {
		rule := ""
		if p := strings.Trim(ev.Policy, "- "); p != "" {
			rule = cell(ev.Policy, 0)
		}
		if r := strings.Trim(ev.Rule, "- "); r != "" {
			rule = strings.TrimPrefix(rule+" / "+cell(ev.Rule, 0), " / ")
		}
		switch {
		case rule != "" && ev.Reason != "":
			more = append(more, "rule: "+rule+": "+cell(ev.Reason, width))
		case rule != "":
			more = append(more, "rule: "+rule)
		case ev.Reason != "":
			more = append(more, "reason: "+cell(ev.Reason, width))
		}
	}
	if ev.Approval != "" && ev.Type != evidence.TypeApproval {
		more = append(more, "approval: "+cell(ev.Approval, 0))
	}
	if ev.Outcome != "" {
		o := "outcome: " + cell(ev.Outcome, width)
		if ev.OutcomeIndex > 0 && ev.Type != evidence.TypeOutcome {
			o += fmt.Sprintf(" (record %d)", ev.OutcomeIndex)
		}
		more = append(more, o)
	}
	for _, f := range ev.Files {
		more = append(more, "wrote "+cell(f.Path, 0)+"  "+cell(f.SHA256, 0))
	}
	if ev.Pruned {
		more = append(more, "(payload erased: what the call did, in detail, is no longer in the evidence)")
	}
	if ev.Pseudonymized {
		more = append(more, "(identity pseudonymized)")
	}
	if first == "" && len(more) > 0 && ev.Type != evidence.TypeDecision {
		first, more = more[0], more[1:]
	}
	return first, more
}

// toolAction is "TOOL: ACTION", or whichever of them there is.
func toolAction(tool, action string) string {
	switch {
	case tool == "":
		return action
	case action == "":
		return cell(tool, 0)
	}
	return cell(tool, 0) + ": " + action
}

// policyLine describes a policy version of the timeline.
func policyLine(p evidence.PolicyRef) string {
	s := cell(p.Digest, 0)
	if p.Path != "" {
		s += " " + cell(p.Path, 0)
	}
	if p.Pinned {
		s += " (the session's pinned policy)"
	}
	if p.Record >= 0 {
		s += fmt.Sprintf(" (text in record %d)", p.Record)
	} else {
		s += " (its text is NOT in this evidence)"
	}
	if p.Error != "" {
		s += " (does not load: " + cell(p.Error, 0) + ")"
	}
	return s
}

// trustLine is the trust level and how it was set.
func trustLine(tl *evidence.Timeline) string {
	level := safe(tl.TrustLevel)
	t, _ := tl.Identity["trust"].(map[string]any)
	if level == "" {
		level = safe(identityString(t, "level"))
	}
	if level == "" {
		return ""
	}
	var how []string
	switch src := identityString(t, "source"); src {
	case "":
	case "role":
		how = append(how, "set by role "+identityList(t["roles"]))
	default:
		how = append(how, "set by "+safe(src))
	}
	if c, _ := t["capped"].(bool); c {
		how = append(how, "capped by max_trust_level")
	}
	if len(how) > 0 {
		level += " (" + strings.Join(how, ", ") + ")"
	}
	return level
}

func identityString(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return cell(s, 0)
}

// identityList is a JSON list of strings, comma-separated.
func identityList(v any) string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, cell(s, 0))
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// shortDigest is a policy digest cut for a line ("sha256:1a2b3c4d5e6f…").
func shortDigest(d string) string {
	if len(d) > 19 {
		d = d[:19] + "…"
	}
	return cell(d, 0)
}
