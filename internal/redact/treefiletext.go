package redact

import (
	"sort"
	"strings"
)

// Red-team round 23 (b) #11: one line of a file read as a command line.
//
// The credential window (credwindow.go) leaves a one-line text whose
// first word is a program or a builtin to the shell view (commandText):
// a command line. A file tool's text is not one: "export const password
// = [...].join('')" written to db.js, "local password = table.concat{…}"
// to db.lua are a module's only line, whatever their first word (export,
// local, readonly, declare, import, print, return, set, go: the shell
// knows most short words). So a file tool's text (content, new_string,
// an edit of MultiEdit) beside a path is file text, and its windows open
// as in code; only a shell script's path (shellScriptPath: its lines are
// commands) keeps the command-line reading. An unknown extension is file
// text: the window then reads more, never less.

// scanFileText opens the credential windows of a file tool's one-line
// texts that the top-level pass reads as command lines; path: the file
// the parent names ("" none).
func (t *treeRun) scanFileText(m map[string]any, path string) {
	t.scanProse(m)
	for k, v := range m {
		if editKeyOf(k) == ekPath {
			if p, ok := v.(string); ok && p != "" {
				if shellScriptPath(p) {
					return
				}
				path = p
			}
		}
	}
	if path == "" {
		return
	}
	for k, v := range m {
		switch ek := editKeyOf(k); x := v.(type) {
		case string:
			if (ek == ekNew || ek == ekText) && commandText(x) {
				t.addHead(m, k, x, t.r.fileTextWindows)
			}
		case []any:
			if ek != ekEdits {
				continue
			}
			for _, e := range x {
				if em, ok := e.(map[string]any); ok {
					t.scanFileText(em, path)
				}
			}
		}
	}
}

// fileTextWindows emits the credential windows of s read as a file's
// text.
func (r *Redactor) fileTextWindows(s string, emit func(span)) {
	found, _ := r.keywordHits(s)
	var hs []int
	for _, h := range found {
		if r.rules[h.rule].window != nil {
			hs = append(hs, h.pos)
		}
	}
	sort.Ints(hs)
	credWindowsAs(s, hs, true, emit)
}

// shellScriptPath reports a path whose lines are shell commands: a
// script of a shell (by extension) or a shell's start-up file.
func shellScriptPath(p string) bool {
	base := p
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		base = p[i+1:]
	}
	if shellStartup[base] {
		return true
	}
	i := strings.LastIndexByte(base, '.')
	return i > 0 && shellScriptExt[strings.ToLower(base[i+1:])]
}

var (
	shellScriptExt = map[string]bool{
		"sh": true, "bash": true, "zsh": true, "ksh": true, "mksh": true, "dash": true,
		"ash": true, "fish": true, "command": true, "bats": true,
	}
	shellStartup = map[string]bool{
		".bashrc": true, ".bash_profile": true, ".bash_login": true, ".bash_logout": true,
		".profile": true, ".zshrc": true, ".zshenv": true, ".zprofile": true, ".zlogin": true,
		".kshrc": true, ".mkshrc": true, ".envrc": true,
	}
)

// proseKeys name the members of a tool's input that hold a person's or
// a model's words, never a command line: Gemini replace's instruction,
// a task's description, a commit or PR message, a prompt.
var proseKeys = map[string]bool{
	"instruction": true, "description": true, "message": true, "prompt": true,
	"body": true, "title": true, "comment": true, "summary": true,
	"subject": true, "explanation": true, "notes": true, "reason": true,
}

// scanProse opens the credential windows of m's prose members that the
// top-level pass reads as command lines because of their first word
// ("Set the database password to … in the config": set is a builtin;
// red-team round 23 (b) #6): they are text, as a file's.
func (t *treeRun) scanProse(m map[string]any) {
	for k, v := range m {
		if x, ok := v.(string); ok && proseKeys[k] && commandText(x) {
			t.addHead(m, k, x, t.r.fileTextWindows)
		}
	}
}
