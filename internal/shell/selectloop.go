package shell

import (
	"slices"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// select NAME in ITEMS; do BODY; done is no for loop, though the parser
// gives both one node (ForClause with Select set). select prints a menu
// and reads a reply line from standard input before each pass (verified
// with bash 5.2):
//
//   - at end of input the loop ends: the body may never run, NAME keeps
//     the value it had;
//   - an empty line shows the menu again;
//   - a line that is the number of an item (blanks, a sign and leading
//     zeros allowed) sets NAME to that item, any of them, in any order;
//   - any other line runs the body with NAME empty (cd $NAME goes home);
//   - REPLY holds the line;
//   - a readonly NAME fails the loop before its body runs.
//
// So the body runs 0..n times, each pass with NAME any item or empty
// (red-team round 26, #a1). selectLoop walks it as a loop that may not
// run (a branch), each pass as the alternatives of NAME, merged: with few
// items known statically, the body once per value (its reads of each
// item judged), otherwise once with NAME not known. Where the select's
// own redirection shows its input (<<< 2, a here-document) and the items
// are known words, the first pass is known and runs for sure; the later
// ones, if the input has more and the body does not surely break, as
// above (the body may read the input too).

// selectLoop walks the select clause c in s; own is the feed of the
// select statement's own input redirection, when it shows it
// (selectInput).
func (a *analyzer) selectLoop(c *syntax.ForClause, s *scope, own *string) error {
	l, ok := c.Loop.(*syntax.WordIter)
	if !ok || l.Name == nil {
		return a.branch(s, func(b *scope) error { return a.selectPasses("", nil, c.Do, b) })
	}
	name := l.Name.Value
	fs, _, err := a.itemFields(l.Items, s) // set +B, set -f (expandopts.go)
	if err != nil {
		return err
	}
	for _, f := range fs {
		a.path(s, kRead, f, "select", "menu item")
	}
	for _, f := range append(slices.Clip(fs), field{}) {
		// each item, or empty for a reply that names none
		if err := a.varWrite(s, "select", field{s: name}, svVal{f.s, !f.dyn && !f.glob}); err != nil {
			return err
		}
	}
	var cands []field // the values of name a pass is walked with (nil: not known)
	if l.Items != nil && a.unrollable(fs) {
		cands = append(slices.Clip(fs), field{})
	}
	a.assignExported(name, "", false, false)
	a.assignExported("REPLY", "", false, false)
	known := l.Items != nil && s.ro[name] == roNo && !slices.ContainsFunc(fs, func(f field) bool { return f.dyn || f.glob || f.proc })
	reply, rest, shown := selectReply(own)
	if !known || !shown {
		return a.branch(s, func(b *scope) error { return a.selectPasses(name, cands, c.Do, b) })
	}
	if reply == nil {
		// end of input before a reply: the body never runs (judged all
		// the same, its state dropped)
		err := a.isolated(s, func(b *scope) error { return a.selectPasses(name, cands, c.Do, b) })
		s.setVar("REPLY", "", true)
		return err
	}
	outer := a.jumped
	a.jumped = 0
	defer a.endJumps(outer, jumpLoop)
	s.setVar(name, selectItem(*reply, fs), true)
	s.setVar("REPLY", *reply, true)
	if err := a.stmts(c.Do, s); err != nil {
		return err
	}
	if strings.Trim(rest, "\n") == "" || bodyJump(c.Do, s.funcBody) == jumpStop {
		return nil // no reply left (empty lines only redisplay), or the body breaks out
	}
	j := a.jumped
	a.jumped = 0
	err = a.branch(s, func(b *scope) error { return a.selectPasses(name, cands, c.Do, b) })
	a.jumped |= j
	return err
}

// selectPasses walks the passes of a select body in s, a branch: each
// pass with name any of cands (not known when cands is nil) and REPLY not
// known, until the state settles (loopIter).
func (a *analyzer) selectPasses(name string, cands []field, body []*syntax.Stmt, s *scope) error {
	if name != "" {
		s.setVar(name, "", false)
	}
	s.setVar("REPLY", "", false)
	if len(cands) == 0 {
		return a.loopIter(s, func() error { return a.loopBody(func() error { return a.stmts(body, s) }) })
	}
	was := a.unrolling
	a.unrolling = true // no loop unrolled inside: bounded work
	defer func() { a.unrolling = was }()
	return a.loopIter(s, func() error {
		return a.loopBody(func() error { return a.selectPass(name, cands, body, s) })
	})
}

// selectPass walks one pass of a select body in s: once per value of
// name in cands, each from s's state, and leaves s in the merge of their
// states (and the jumps any of them may take).
func (a *analyzer) selectPass(name string, cands []field, body []*syntax.Stmt, s *scope) error {
	var acc *scope
	outer, jumps := a.jumped, uint16(0)
	for _, f := range cands {
		b, err := a.enter(a.child(s))
		if err != nil {
			return err
		}
		b.setVar(name, f.s, true)
		if v := b.vars[name]; b.ro[name] == roNo {
			v.glob = f.glob
			b.vars[name] = v
		}
		a.jumped = 0
		if err := a.stmts(body, b); err != nil {
			return err
		}
		jumps |= a.jumped
		if acc == nil {
			acc = b
		} else {
			acc.merge(b)
		}
	}
	a.jumped = outer | jumps
	s.flowFrom(acc)
	return nil
}

// selectInput returns the text the select statement s reads, when its
// own last input redirection shows it: a here-string or a here-document
// whose text is known (f, as redirFeed read it), or < /dev/null (none).
func selectInput(s *syntax.Stmt, f *feed) *string {
	if c, ok := s.Cmd.(*syntax.ForClause); !ok || !c.Select {
		return nil
	}
	var last *syntax.Redirect
	for _, r := range s.Redirs {
		switch r.Op {
		case syntax.WordHdoc, syntax.Hdoc, syntax.DashHdoc:
			last = r
		case syntax.RdrIn, syntax.RdrInOut, syntax.DplIn:
			if r.N == nil || r.N.Value == "0" {
				last = r
			}
		}
	}
	switch {
	case last == nil:
		return nil
	case last.Op == syntax.RdrIn && last.Word.Lit() == "/dev/null":
		empty := ""
		return &empty
	case last.Op == syntax.WordHdoc || last.Op == syntax.Hdoc:
		// (a <<- here-document's stripped tabs are left to the
		// unknown case)
		if f != nil && !f.file && !f.partial && f.names == nil {
			text := f.text
			return &text
		}
	}
	return nil
}

// selectReply returns the first reply line select reads from the input
// text in (nil at end of input: empty lines only redisplay the menu) and
// the input left after it; shown is false when in is not known, or holds
// a backslash (read joins a line ending in one to the next).
func selectReply(in *string) (reply *string, rest string, shown bool) {
	if in == nil || strings.ContainsAny(*in, "\\\x00") {
		return nil, "", false
	}
	text := *in
	for text != "" {
		line, after, _ := strings.Cut(text, "\n")
		text = after
		if line != "" {
			return &line, text, true
		}
	}
	return nil, "", true
}

// selectItem is the value select gives its variable for reply among
// items: the item the reply numbers (a number with blanks around it, a
// sign and leading zeros, as bash's legal_number reads it), else empty.
func selectItem(reply string, items []field) string {
	n, err := strconv.ParseInt(strings.Trim(reply, " \t\n\v\f\r"), 10, 64)
	if err != nil || n < 1 || n > int64(len(items)) {
		return ""
	}
	return items[n-1].s
}
