package agent

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Configuration that runs code. An agent's Configs are every file and
// directory it loads, on its own, as configuration that can run code or
// change what runs: hooks and the settings that switch them off, MCP
// servers and plugins (programs it starts outside any tool call), the
// commands, skills and subagents whose format registers hooks or runs
// lines before the prompt (Claude Code's frontmatter hooks and !`cmd`,
// Gemini CLI's !{cmd}), the environment files it hands its hooks, and the
// files that decide whether project hooks run at all (trust lists).
// Instructions alone (CLAUDE.md, AGENTS.md, rules) are not: an agent
// edits them in everyday work, and what they ask for still goes through
// the hook.
//
// The one table is the source of both guards: self-protection (policy)
// denies an agent any write or delete of them, and the gate pins them,
// present or absent, so that a change made outside a governed call is a
// tamper event. Adding a location is a line in the agent's table.

// Where says what a Config's Path is relative to.
type Where int

// The bases of a Config.
const (
	// Anywhere is relative to any directory: the path is protected at any
	// depth below the repository, the home directory or anywhere else,
	// and not pinned. It is for what the gate cannot pin: globs, and
	// directories whose files the agent itself writes (caches, compiled
	// code) or that hold whole repositories.
	Anywhere Where = iota
	// Repo is relative to the repository root (and to the directory the
	// session started in, when that is another one); protected at any
	// depth, pinned at the root.
	Repo
	// Home is relative to the home directory; protected at any depth,
	// pinned in the home directory.
	Home
	// EnvDir is relative to the directory the environment variable Env
	// names, when it is set (CLAUDE_CONFIG_DIR, CODEX_HOME, …): pinned,
	// and protected as pinned (the variable is read when the gate pins).
	EnvDir
	// System is an absolute, machine-wide path.
	System
	// Ancestors is relative to every directory above the repository root
	// (and above the start directory) up to the file-system root: where a
	// walk-up search for a file goes on when the repository has none.
	// Pinned only (as EnvDir).
	Ancestors
)

// Format says how the gate reads a pinned file: to find the Mandate
// programs it registers, and what part of it governs.
type Format int

// The formats.
const (
	// Unpinned is protected by path only.
	Unpinned Format = iota
	JSON
	// ClaudeSettings is a Claude Code settings file, whose permission
	// lists and model Claude Code rewrites itself.
	ClaudeSettings
	TOML
	YAML
	// Text is any file whose every change counts (an .env file, Markdown
	// with frontmatter, a handler's code).
	Text
	// ClaudeState is Claude Code's state file (~/.claude.json), of which
	// only the MCP servers count.
	ClaudeState
)

// A Config is one location of an agent's configuration.
type Config struct {
	Where Where
	// Env names the directory of an EnvDir location.
	Env string
	// Path is slash-separated. Its last elements say what it is: a file;
	// "dir/" (Anywhere and System only) a directory and everything below
	// it; "dir/*.json" a directory whose JSON files are configuration;
	// "dir/**" a tree whose every file is; "dir/**/hooks.json" a tree of
	// plugins, whose manifests, hooks and MCP files are (the gate's
	// hooktrees.go). A file name may hold "*" for Anywhere and System.
	Path   string
	Format Format
	// GOOS, when set, limits the pin to one system (self-protection
	// guards the path on every system).
	GOOS string
	// InUse: pinned only while the agent is in use (the session's agent,
	// or one whose configuration exists here), and not protected by path:
	// a plain .env is an everyday file of many projects, and hook
	// configuration only for the agent that loads it into its
	// environment.
	InUse bool
	// Secrets: the file holds credentials beside its configuration (MCP
	// servers' env blocks and headers, provider API keys). Where it is
	// home-relative it is also a credential store: no tool call reads it
	// (policy's credential-store rule). The agent reads it itself, in its
	// own process, with no hook in between, so this costs it nothing;
	// a project's copy stays readable (it is the repository's).
	Secrets bool
}

// Pinned reports whether the gate pins the location.
func (c Config) Pinned() bool { return c.Format != Unpinned && c.Where != Anywhere }

// ProtectPattern is the location's self-protection pattern, in the form of
// policy.AgentFiles (a directory ends in "/"), and whether it is one of
// the machine-wide ones; "" when the location is guarded only as pinned
// (EnvDir, Ancestors, InUse).
func (c Config) ProtectPattern() (pattern string, system bool) {
	if c.InUse || c.Where == EnvDir || c.Where == Ancestors {
		return "", false
	}
	p := c.Path
	for _, tail := range []string{"/**/hooks.json", "/**", "/*.json"} {
		if d, ok := strings.CutSuffix(p, tail); ok {
			p = d + "/"
			break
		}
	}
	return p, c.Where == System
}

// PolicyFiles is what self-protection guards of the configs: every
// location's pattern, and as directories holding configuration the first
// element of each relative one that is a directory (deleting .claude
// deletes .claude/settings.json).
func PolicyFiles(configs []Config) policy.AgentFiles {
	var f policy.AgentFiles
	add := func(list *[]string, s string) {
		for _, x := range *list {
			if x == s {
				return
			}
		}
		*list = append(*list, s)
	}
	for _, c := range configs {
		p, system := c.ProtectPattern()
		switch {
		case p == "":
		case system:
			add(&f.System, p)
		default:
			add(&f.Configs, p)
			if c.Secrets && c.Where == Home {
				add(&f.Credentials, p)
			}
			if first, _, ok := strings.Cut(p, "/"); ok && !strings.Contains(first, "*") && path.Clean(first) == first {
				add(&f.Dirs, first)
			}
		}
	}
	return f
}
