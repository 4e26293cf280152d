package shell

import (
	"strings"
)

// Generic D-Bus clients (red-team round 10 #5): busctl, gdbus, dbus-send
// and qdbus call any method of any service on the session or system bus,
// so a call is judged by the method it makes, not by the client that
// makes it. systemctl --user set-environment is the systemd manager's
// SetEnvironment method; busctl call … SetEnvironment as 1 NAME=V is the
// same call and is judged the same way: each known method of systemd's
// Manager and unit objects is analysed as the systemctl command that
// calls it (dbusmethods.go), the bus daemon's UpdateActivationEnvironment
// as dbus-update-activation-environment, reads of the manager's
// Environment property as systemctl show-environment. A method the
// tables do not know, a signal emitted, a property set or the bus
// watched are opaque: another process acts on them outside any hooked
// call. The arguments are read in each client's syntax (dbusargs.go).

// busCall is one method call read from a client's command line.
type busCall struct {
	via     string // the client and its verb ("busctl call")
	user    bool   // on the session bus (the user's manager)
	dest    field  // the service
	path    field  // the object path
	method  field  // "INTERFACE.MEMBER", or a bare member (qdbus)
	args    [][]string
	argsOK  bool
	argsDyn bool
	bare    bool // qdbus: every word is one argument's element
}

func busPrograms() []program {
	return []program{
		{"busctl", (*cmd).busctl},
		{"gdbus", (*cmd).gdbus},
		{"dbus-send", (*cmd).dbusSend},
		{"qdbus qdbus-qt5 qdbus-qt6 qdbus6", (*cmd).qdbus},
	}
}

// busctl [OPTIONS] VERB …
func (c *cmd) busctl() error {
	c.w.modelled = true
	o := c.parse(optSpec{short: "HM", long: []string{"--host", "--machine", "--address", "--match", "--size", "--timeout",
		"--json", "--limit-messages", "--destination"}})
	pos := c.posFields(o)
	if len(pos) == 0 || pos[0].dyn {
		if len(pos) > 0 {
			c.opaque("busctl verb not known statically")
		}
		return nil
	}
	bc := &busCall{via: "busctl " + pos[0].s, user: o.is("--user")}
	switch pos[0].s {
	case "call":
		if len(pos) < 5 {
			return nil
		}
		bc.dest, bc.path = pos[1], pos[2]
		bc.method = field{s: pos[3].s + "." + pos[4].s, dyn: pos[3].dyn || pos[4].dyn}
		bc.argsOK = true
		if len(pos) > 5 {
			words := make([]string, 0, len(pos)-6)
			for _, f := range pos[6:] {
				words = append(words, f.s)
				bc.argsDyn = bc.argsDyn || f.dyn
			}
			bc.argsDyn = bc.argsDyn || pos[5].dyn
			bc.args, bc.argsOK = busctlArgs(pos[5].s, words)
		}
		return c.busJudge(bc)
	case "get-property":
		if len(pos) >= 5 && c.busManagerObject(pos[1], pos[2]) {
			for _, p := range pos[4:] {
				if p.dyn || p.s == "Environment" {
					return c.busAs(bc, "show-environment")
				}
			}
		}
	case "introspect":
		// prints the values of the object's properties
		if len(pos) >= 3 && c.busManagerObject(pos[1], pos[2]) {
			return c.busAs(bc, "show-environment")
		}
	case "set-property":
		c.opaque("busctl set-property changes a property of another process over D-Bus, outside any hooked call")
	case "emit":
		c.opaque("busctl emit sends a D-Bus signal that other processes act on, outside any hooked call")
	case "monitor", "capture":
		c.opaque("busctl " + pos[0].s + " watches the messages other programs exchange on the bus")
	}
	return nil
}

// gdbus COMMAND [OPTIONS] [ARG…]
func (c *cmd) gdbus() error {
	c.w.modelled = true
	o := c.parse(optSpec{short: "adomts", long: []string{"--address", "--dest", "--object-path", "--method", "--timeout", "--signal"}})
	pos := c.posFields(o)
	if len(pos) == 0 || pos[0].dyn {
		if len(pos) > 0 {
			c.opaque("gdbus command not known statically")
		}
		return nil
	}
	last := func(keys ...string) field {
		v := o.values(keys...)
		if len(v) == 0 {
			return field{}
		}
		return v[len(v)-1]
	}
	bc := &busCall{via: "gdbus " + pos[0].s, user: o.any("-e", "--session"), dest: last("-d", "--dest"),
		path: last("-o", "--object-path"), method: last("-m", "--method")}
	switch pos[0].s {
	case "call":
		bc.argsOK = true
		for _, f := range pos[1:] {
			bc.argsDyn = bc.argsDyn || f.dyn
			vals, ok := gvariantStrings(f.s)
			bc.argsOK = bc.argsOK && ok
			bc.args = append(bc.args, vals)
		}
		return c.busJudge(bc)
	case "introspect":
		if c.busManagerObject(bc.dest, bc.path) {
			return c.busAs(bc, "show-environment")
		}
	case "emit":
		c.opaque("gdbus emit sends a D-Bus signal that other processes act on, outside any hooked call")
	case "monitor":
		c.opaque("gdbus monitor watches the messages other programs exchange on the bus")
	}
	return nil
}

// dbus-send [--system|--session|--bus=A] [--dest=N] [--print-reply]
// [--type=T] PATH INTERFACE.MEMBER [TYPE:VALUE…]
func (c *cmd) dbusSend() error {
	c.w.modelled = true
	bc := &busCall{via: "dbus-send", user: true, argsOK: true}
	signal := true
	var pos []field
	for _, f := range c.args {
		switch k, v, _ := strings.Cut(f.s, "="); {
		case f.dyn && strings.HasPrefix(f.s, "-"):
			c.opaque("dbus-send option not known statically")
			return nil
		case k == "--system":
			bc.user = false
		case k == "--dest":
			bc.dest = field{s: v, dyn: f.dyn}
		case k == "--print-reply":
			signal = false
		case k == "--type":
			signal = v != "method_call"
		case strings.HasPrefix(f.s, "--"):
		default:
			pos = append(pos, f)
		}
	}
	if len(pos) < 2 {
		return nil
	}
	if signal {
		c.opaque("dbus-send sends a D-Bus signal that other processes act on, outside any hooked call")
		return nil
	}
	bc.path, bc.method = pos[0], pos[1]
	for _, f := range pos[2:] {
		bc.argsDyn = bc.argsDyn || f.dyn
		vals, ok := dbusSendStrings(f.s)
		bc.argsOK = bc.argsOK && ok
		bc.args = append(bc.args, vals)
	}
	return c.busJudge(bc)
}

// qdbus [--system|--bus A] [SERVICE [PATH [METHOD [ARG…]]]]
func (c *cmd) qdbus() error {
	c.w.modelled = true
	o := c.parse(optSpec{long: []string{"--bus", "--address"}})
	pos := c.posFields(o)
	if len(pos) < 3 {
		return nil // lists services, objects or members
	}
	bc := &busCall{via: c.name, user: !o.is("--system"), dest: pos[0], path: pos[1], method: pos[2], argsOK: true, bare: true}
	var all []string
	for _, f := range pos[3:] {
		all = append(all, f.s)
		bc.argsDyn = bc.argsDyn || f.dyn
	}
	bc.args = [][]string{all}
	if !bc.method.dyn && !strings.Contains(bc.method.s, ".") {
		// a bare member, or a property whose value qdbus prints
		if bc.method.s == "Environment" && c.busManagerObject(bc.dest, bc.path) {
			return c.busAs(bc, "show-environment")
		}
		for _, iface := range busServices[bc.dest.s] {
			if _, ok := busMethods.Get()[iface+"."+bc.method.s]; ok {
				bc.method.s = iface + "." + bc.method.s
				break
			}
		}
	}
	return c.busJudge(bc)
}

// busManagerObject reports whether dest and path may name systemd's
// manager object, whose properties include its environment.
func (c *cmd) busManagerObject(dest, path field) bool {
	return (dest.dyn || dest.s == "" || dest.s == "org.freedesktop.systemd1") &&
		(path.dyn || path.s == "" || path.s == "/org/freedesktop/systemd1")
}

// busJudge judges one method call.
func (c *cmd) busJudge(bc *busCall) error {
	if bc.dest.dyn || bc.path.dyn || bc.method.dyn {
		c.opaque(bc.via + " calls a D-Bus method not known statically")
		return nil
	}
	key := bc.method.s
	m, ok := busMethods.Get()[key]
	if !ok {
		c.opaque(bc.via + " calls the D-Bus method " + clip(key) + ": another process acts on it outside any hooked call")
		return nil
	}
	if m.effect == "read" {
		return nil
	}
	if bc.argsDyn || !bc.argsOK {
		c.opaque(bc.via + " calls " + clip(key) + " with arguments not known statically")
		return nil
	}
	arg := func(i int) []string {
		if bc.bare && len(bc.args) > 0 {
			return bc.args[0]
		}
		if i >= 0 && i < len(bc.args) {
			return bc.args[i]
		}
		return nil
	}
	switch m.effect {
	case "envget":
		if !c.busManagerObject(bc.dest, field{s: bc.path.s}) {
			return nil
		}
		for _, s := range arg(m.arg) {
			if s == "Environment" || s == "org.freedesktop.systemd1.Manager" || s == "" {
				return c.busAs(bc, "show-environment")
			}
		}
		return nil
	case "actenv":
		a := arg(m.arg)
		words := []string{}
		for i := 0; i+1 < len(a); i += 2 {
			words = append(words, a[i]+"="+a[i+1])
		}
		return c.busRun(bc, "dbus-update-activation-environment", words)
	}
	words := []string{m.verb}
	switch {
	case m.verb == "set-environment":
		// every NAME=VALUE string of the call (UnsetAndSetEnvironment's
		// second list)
		for _, a := range bc.args {
			for _, s := range a {
				if n, _, eq := strings.Cut(s, "="); eq && n != "" {
					words = append(words, s)
				}
			}
		}
	case m.arg == -2:
		u, ok := unitFromPath(bc.path.s)
		if !ok {
			c.opaque(bc.via + " calls " + clip(key) + " on an object that names no unit")
			return nil
		}
		words = append(words, u)
	case m.arg >= 0:
		a := arg(m.arg)
		if len(a) == 0 && m.verb != "unset-environment" {
			c.opaque(bc.via + " calls " + clip(key) + " without the unit it acts on")
			return nil
		}
		if len(a) > 0 && (m.verb == "start" || strings.Contains(m.verb, "restart") || m.verb == "stop" || m.verb == "reload" ||
			m.verb == "kill" || m.verb == "clean" || m.verb == "freeze" || m.verb == "thaw" || m.verb == "reset-failed" ||
			m.verb == "set-default") {
			a = a[:1] // one unit; the rest are modes, signals, flags
		}
		words = append(words, a...)
	}
	if bc.user {
		words = append([]string{"--user"}, words...)
	}
	return c.busRun(bc, "systemctl", words)
}

// busAs analyses the call as systemctl [--user] WORDS.
func (c *cmd) busAs(bc *busCall, words ...string) error {
	if bc.user {
		words = append([]string{"--user"}, words...)
	}
	return c.busRun(bc, "systemctl", words)
}

// busRun analyses the call as the command prog WORDS, which makes the
// same call.
func (c *cmd) busRun(bc *busCall, prog string, words []string) error {
	fs := make([]field, 0, len(words)+1)
	fs = append(fs, field{s: prog})
	for _, w := range words {
		fs = append(fs, field{s: w})
	}
	sc, err := c.a.enter(c.sc.withVia(bc.via))
	if err != nil {
		return err
	}
	return c.a.simple(fs, sc)
}
