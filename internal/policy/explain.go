package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// builtinSummary says what each built-in policy checks, for Explain.
var builtinSummary = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		PolicySelfProtection: "Mandate's protected set, by identity (device and inode: any name, hard link, symlink, /proc or /dev/fd path): " +
			"the policy files in force, every agent's hook configuration, Mandate's binaries and its state directory are never " +
			"written, deleted, renamed onto, truncated, chmod-ed or hard-linked; the state directory and the binaries are never read; " +
			"a Mandate binary, under any name or path, runs only its read-only subcommands (" + readOnlySubcommands() + "); " +
			"no signal or process control can reach Mandate's processes; no .git and no git init, clone, worktree or submodule " +
			"inside the governed repository; no git operation that rewrites the work tree from objects may change a protected " +
			"file (ask when Mandate cannot tell). Nothing in a policy file relaxes it",
		PolicyCredentialStores: "no read or write of the credential stores today's tools keep (~/.ssh/, ~/.aws/, ~/.config/gcloud/, " +
			"~/.config/gh/hosts.yml, ~/.git-credentials, ~/.netrc, ~/.codex/auth.json, ~/.claude/.credentials.json, ~/.kube/config, " +
			"~/.docker/config.json, ~/.npmrc, ~/.cargo/credentials, … as docs/policy.md lists them, in any user's home) " +
			"unless credential_stores relaxes one",
		PolicyTrustLevel: "what the session's trust level permits: read-only command list, writes, network, git push",
		PolicyAnalysis: "the action can be read exactly: the command line parses, nothing is opaque, the tool is known, " +
			"globs, recursive reads and what git prints from history are checked within their bounds",
	}
}}

// Explain evaluates a and describes, for a human, how the decision was
// reached: the trust level and where it came from, what the action was
// found to do, every rule checked and which hit, and the final decision.
func (p *Policy) Explain(a *action.Action) (out string) {
	var b strings.Builder
	defer func() {
		if r := recover(); r != nil {
			d := p.failure(fmt.Sprintf("internal error while explaining: %v", r))
			out = b.String() + fmt.Sprintf("\ndecision  %s\nreason    %s\n", d.Decision, d.Reason)
		}
	}()
	ev := p.evaluate(a)
	d := ev.decision()
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("policy    %s (%s)\n", p.name, p.digest)
	if a != nil {
		w("action    %s: %s\n", a.Kind, oneLine(a.Resource(), 300))
		if ev.cwd != "" || ev.root != "" {
			w("          cwd %s, repository root %s\n", orDash(ev.cwd), orDash(ev.root))
		}
	}
	if ev.trust != "" {
		w("trust     %s — %s\n", ev.trust, ev.trustWhy)
	}
	for _, an := range ev.analyses {
		w("analysis\n")
		for _, c := range an.Commands {
			via := ""
			if len(c.Via) > 0 {
				via = "  (via " + strings.Join(c.Via, ", ") + ")"
			}
			w("  command  %s%s\n", oneLine(c.Line, 200), via)
		}
		for _, r := range an.Reads {
			w("  read     %s\n", oneLine(r.Path, 200))
		}
		for _, r := range an.Writes {
			w("  write    %s  (%s)\n", oneLine(r.Path, 200), r.Why)
		}
		for _, r := range an.Deletes {
			w("  delete   %s  (%s)\n", oneLine(r.Path, 200), r.Why)
		}
		for _, h := range an.Hosts {
			w("  host     %s  (%s %s)\n", h.Host, h.Cmd, h.Why)
		}
		for _, h := range an.CandidateHosts {
			w("  host?    %s  (%s %s)\n", h.Host, h.Cmd, h.Why)
		}
		for _, e := range an.EnvRefs {
			w("  env      $%s\n", e)
		}
		if an.EnvDump {
			w("  env      (dumps the whole environment)\n")
		}
		for _, o := range an.Opaque {
			w("  opaque   %s: %s\n", o.Cmd, o.Reason)
		}
	}

	hs := ev.sorted()
	checks := map[string]Check{}
	for _, c := range d.PolicyChecks {
		checks[c.Policy] = c
	}
	w("policies\n")
	for pi, up := range p.policies {
		w("  %s — %s\n", up.name, checks[up.name].Result)
		for ri, r := range up.rules {
			items := make([]string, len(r.entries))
			for i, e := range r.entries {
				items[i] = fmt.Sprintf("%q", e.text)
			}
			w("    %s [%s]  %s:%d:%d\n", r.kind, strings.Join(items, ", "), p.name, r.line, r.col)
			n := 0
			for _, h := range hs {
				if h.group == groupUser && int(h.ref.pol) == pi && int(h.ref.rule) == ri {
					w("      %s: %s\n", h.f.Effect, h.detail)
					n++
				}
			}
			if n == 0 {
				w("      no hit\n")
			}
		}
	}
	w("built-in policies\n")
	for _, name := range builtinPolicies {
		w("  %s — %s\n", name, checks[name].Result)
		w("    checks: %s\n", builtinSummary.Get()[name])
		for _, h := range hs {
			if h.f.Policy == name && h.group != groupUser {
				w("      %s: %s\n", h.f.Effect, h.detail)
			}
		}
	}
	w("decision  %s\n", d.Decision)
	w("reason    %s\n", d.Reason)
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
