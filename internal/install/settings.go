package install

import (
	"fmt"

	"github.com/tailscale/hujson"
)

// handlerCommand is the command of a handler object, whatever the agent
// calls the field.
func handlerCommand(h *hujson.Value) string {
	for _, k := range []string{"command", "bash", "powershell"} {
		if v, _ := member(h, k); v != nil {
			if s := text(v); s != "" {
				return s
			}
		}
	}
	return ""
}

func (sp spec) ours(h *hujson.Value) bool {
	_, ok := IsMandateCommand(handlerCommand(h), sp.agent)
	return ok
}

// mandateEntries lists Mandate's handlers in d, in file order: the event
// (the key of the list holding it) and the command.
func mandateEntries(d *jdoc, sp spec) [][2]string {
	var out [][2]string
	hooks, _ := member(&d.root, "hooks")
	for i := range length(hooks) {
		m := &object(hooks).Members[i]
		for j := range length(&m.Value) {
			if array(&m.Value) == nil {
				break
			}
			e := &array(&m.Value).Elements[j]
			hs := []hujson.Value{*e}
			if sp.layout == nested {
				hs = nil
				if g := handlers(e); g != nil {
					hs = array(g).Elements
				}
			}
			for k := range hs {
				if sp.ours(&hs[k]) {
					out = append(out, [2]string{m.Name.Value.(hujson.Literal).String(), handlerCommand(&hs[k])})
				}
			}
		}
	}
	return out
}

// want is the entry Install puts in an event's list.
func (sp spec) want(cmd, event string) jval {
	h := sp.handler(cmd, event)
	if sp.layout == flat {
		return h
	}
	g := jobj{}
	if sp.tool[event] {
		g = append(g, jkv{"matcher", jstr("*")})
	}
	return append(g, jkv{"hooks", jarr{h}})
}

// wholeFile is the settings file Install writes where there is none.
func (sp spec) wholeFile(cmd string) jobj {
	hooks := jobj{}
	for _, ev := range sp.events {
		hooks = append(hooks, jkv{ev, jarr{sp.want(cmd, ev)}})
	}
	f := jobj{}
	if sp.layout == flat {
		f = append(f, jkv{"version", jint(1)})
	}
	return append(f, jkv{"hooks", hooks})
}

// Kinds of an entry in an event's list.
const (
	notOurs = iota
	allOurs // the entry is Mandate's (a handler, or a group of only Mandate's handlers)
	mixed   // a group holding Mandate's handlers and others
)

// handlers are the handlers of a nested group, or nil.
func handlers(g *hujson.Value) *hujson.Value {
	hs, _ := member(g, "hooks")
	if array(hs) == nil {
		return nil
	}
	return hs
}

func (sp spec) classify(e *hujson.Value) int {
	if object(e) == nil {
		return notOurs
	}
	if sp.layout == flat {
		if sp.ours(e) {
			return allOurs
		}
		return notOurs
	}
	hs := handlers(e)
	if hs == nil {
		return notOurs
	}
	n := 0
	for i := range array(hs).Elements {
		if sp.ours(&array(hs).Elements[i]) {
			n++
		}
	}
	switch {
	case n == 0:
		return notOurs
	case n == len(array(hs).Elements):
		return allOurs
	}
	return mixed
}

// offSwitch is a setting in the file that keeps the agent from running
// the hook, or from reading the file at all: Install refuses it and
// doctor reports it.
func (sp spec) offSwitch(d *jdoc) *FileError {
	root := &d.root
	if sp.disableAllHooks {
		if v, _ := member(root, "disableAllHooks"); v != nil && isTrue(v) {
			return d.errAt(v.StartOffset, ErrParse, "disableAllHooks is true: the agent runs no hook from this file", "remove it, then install again")
		}
	}
	if sp.layout == flat {
		if v, _ := member(root, "version"); v != nil {
			if l, ok := v.Value.(hujson.Literal); !ok || string(l) != "1" {
				return d.errAt(v.StartOffset, ErrParse, fmt.Sprintf("version is %s: the agent reads hooks files of version 1 only (Copilot CLI 1.0.102 ignores others)", hujson.Value{Value: v.Value}.Pack()), "use version 1, then install again")
			}
		}
	}
	if sp.hooksConfig {
		hc, _ := member(root, "hooksConfig")
		if e, _ := member(hc, "enabled"); e != nil && isFalse(e) {
			return d.errAt(e.StartOffset, ErrParse, "hooksConfig.enabled is false: Gemini CLI runs no hook", "set it to true or remove it, then install again")
		}
		dis, _ := member(hc, "disabled")
		if a := array(dis); a != nil {
			for i := range a.Elements {
				s := text(&a.Elements[i])
				if _, ours := IsMandateCommand(s, sp.agent); s == "mandate" || ours {
					return d.errAt(a.Elements[i].StartOffset, ErrParse, fmt.Sprintf("hooksConfig.disabled lists %q: Gemini CLI would skip Mandate's hook", s), "remove it, then install again")
				}
			}
		}
	}
	return nil
}

func installJSONFile(path string, old []byte, sp spec, cmd string) ([]byte, error) {
	if old == nil || isBlank(old) {
		return newFile(sp.wholeFile(cmd)), nil
	}
	d, err := parseJSONC(path, old, sp)
	if err != nil {
		return nil, err
	}
	if len(d.notes) > 0 {
		return nil, d.notes[0]
	}
	if fe := sp.offSwitch(d); fe != nil {
		return nil, fe
	}
	if err := installJSON(d, sp, cmd); err != nil {
		return nil, err
	}
	return d.root.Pack(), nil
}

// installJSON adds Mandate's entries to d, or replaces stale ones in
// place.
func installJSON(d *jdoc, sp spec, cmd string) error {
	root := &d.root
	hooks, _ := member(root, "hooks")
	if hooks == nil {
		hv := sp.wholeFile(cmd).get("hooks")
		// A flat file holding only its version would be indistinguishable
		// from one Install created: mark the addition.
		_, vi := member(root, "version")
		mark := sp.layout == flat && vi == 0 && length(root) == 1
		d.appendItems(root, []item{{"hooks", hv}}, mark)
		return nil
	}
	if object(hooks) == nil {
		return d.errAt(hooks.StartOffset, ErrParse, `"hooks" is not an object`, "fix it, then install again")
	}
	var add []item
	for _, ev := range sp.events {
		want := sp.want(cmd, ev)
		list, _ := member(hooks, ev)
		switch {
		case list == nil:
			add = append(add, item{ev, jarr{want}})
		case array(list) == nil:
			return d.errAt(list.StartOffset, ErrParse, fmt.Sprintf("hooks.%s is not an array", ev), "fix it, then install again")
		default:
			d.placeOurs(list, sp, want)
		}
	}
	d.appendItems(hooks, add, false)
	return nil
}

// placeOurs makes want Mandate's only entry in an event's list: the first
// entry of Mandate's is replaced in place (when it differs), others go,
// and want is added at the end when there was none.
func (d *jdoc) placeOurs(list *hujson.Value, sp spec, want jval) {
	a := array(list)
	keep := -1
	for i := 0; i < len(a.Elements); i++ {
		switch sp.classify(&a.Elements[i]) {
		case allOurs:
			if keep < 0 {
				keep = i
				continue
			}
			removeAt(list, i)
			i--
		case mixed:
			hs := handlers(&a.Elements[i])
			for j := 0; j < length(hs); j++ {
				if sp.ours(&array(hs).Elements[j]) {
					removeAt(hs, j)
					j--
				}
			}
		}
	}
	if keep < 0 {
		d.appendItems(list, []item{{v: want}}, false)
		return
	}
	if !sameValue(a.Elements[keep], want) {
		d.replaceValue(&a.Elements[keep], want)
	}
}

func uninstallJSONFile(path string, old []byte, sp spec) ([]byte, bool, error) {
	if isBlank(old) {
		return old, false, nil
	}
	d, err := parseJSONC(path, old, sp)
	if err != nil {
		return nil, false, err
	}
	for _, n := range d.notes {
		// Comments or trailing commas do not stop Mandate from taking its
		// entries out; with a key twice it cannot know which is meant.
		if n.dup {
			return nil, false, n
		}
	}
	remove := uninstallJSON(d, sp)
	return d.root.Pack(), remove, nil
}

// remover takes items out of one container and remembers what preceded
// the item that was first, for the mark (see appendItems).
type remover struct {
	c           *hujson.Value
	first       hujson.Extra
	firstGone   bool
	removedSome bool
}

func (r *remover) remove(i int) {
	b := removeAt(r.c, i)
	if i == 0 && !r.firstGone {
		r.first, r.firstGone = b, true
	}
	r.removedSome = true
}

// emptied reports whether the container lost its last item to r, and
// then either gives it back what it held before Install (keep) or says it
// must go.
func (r *remover) emptied() (gone bool) {
	if !r.removedSome || length(r.c) > 0 {
		return false
	}
	if r.firstGone {
		if e, ok := marked(r.first); ok {
			setAfter(r.c, e)
			return false
		}
	}
	return true
}

// uninstallJSON removes Mandate's entries from every event of d, and the
// lists, hooks object and file that Install created for them. It reports
// whether the file itself is to be removed.
func uninstallJSON(d *jdoc, sp spec) (removeFile bool) {
	root := &d.root
	hooks, hi := member(root, "hooks")
	if object(hooks) == nil {
		return false
	}
	hr := remover{c: hooks}
	for i := 0; i < length(hooks); i++ {
		list := &object(hooks).Members[i].Value
		if array(list) == nil {
			continue
		}
		lr := remover{c: list}
		for j := 0; j < length(list); j++ {
			e := &array(list).Elements[j]
			switch sp.classify(e) {
			case allOurs:
				lr.remove(j)
				j--
			case mixed:
				hs := handlers(e)
				for k := 0; k < length(hs); k++ {
					if sp.ours(&array(hs).Elements[k]) {
						removeAt(hs, k)
						k--
					}
				}
			}
		}
		if lr.emptied() {
			hr.remove(i)
			i--
		}
	}
	if !hr.emptied() {
		return false
	}
	rr := remover{c: root}
	hooksBefore := object(root).Members[hi].Name.BeforeExtra
	rr.remove(hi)
	if rr.emptied() {
		return true
	}
	if v, vi := member(root, "version"); sp.layout == flat && v != nil && vi == 0 && length(root) == 1 {
		// Only the version Install wrote with the file is left, unless the
		// file held only its version before (then hooks carries the mark).
		_, wasThere := marked(hooksBefore)
		return !wasThere
	}
	return false
}
