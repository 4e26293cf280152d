package shell

import (
	"path"
	"strings"
)

// AsciiDoc documents (importtools.go runs the converters). What a
// document reads into its output: include:: targets, image targets
// (embedded under data-uri, and always by the PDF and EPUB converters),
// and the files its attributes name (stylesheet, docinfodir, a PDF
// theme: asciidocFileAttrs), whether set by -a or by an attribute entry
// (:name: value) of the document. A target built from attributes is
// resolved through the attributes the scan knows; one it does not know
// makes the document opaque (red-team round 15, #7). Python asciidoc's
// system macros (sys::, {sys:}) run commands, eval:: runs Python.

// asciidocContext reads the converter's safe mode and -a attributes and
// gives x the scanner they make.
func (c *cmd) asciidocContext(x *dslContext, o opts) {
	// asciidoctor's CLI runs unsafe by default: include:: reads any file;
	// -S safe (or server, secure, --safe) jails it in the base directory.
	// Python asciidoc's sys:: and eval:: run unless --safe. (The documents
	// on disk are the project's, judged like a script bash runs: x.unsafe
	// stays false.)
	unsafe := !o.anyOf("--safe")
	attrs := map[string]string{}
	for _, v := range o.vals {
		switch asciidocTool.roleOf(o, v.key) {
		case "safe":
			unsafe = v.f.dyn || strings.EqualFold(v.f.s, "unsafe") || strings.Trim(v.f.s, "0") == ""
		case "attr":
			if v.f.dyn {
				c.opaque(c.name + " attribute not known statically (allow-uri-read, safe-mode, stylesheet…)")
				continue
			}
			asciidocSetAttr(attrs, v.f.s)
		}
	}
	based := len(x.dirs) > 0
	scan := func(t string) *dslScan {
		s := scanAsciidocWith(t, attrs)
		if !unsafe {
			op := s.opaque
			jailed(s)
			if based {
				s.opaque = op // jailed in a base directory the line names
			}
		}
		return s
	}
	x.scan = scan
	// the files the command line's attributes name
	s := &dslScan{}
	asciidocAttrReads(s, attrs, attrs)
	if !unsafe {
		jailed(s)
	}
	_ = c.applyDSL(x, s)
}

// asciidocSetAttr applies one attribute assignment: NAME, NAME=VALUE,
// NAME@=VALUE (soft), NAME! or !NAME (unset).
func asciidocSetAttr(attrs map[string]string, a string) {
	name, val, _ := strings.Cut(a, "=")
	name = strings.TrimSuffix(name, "@")
	if strings.HasSuffix(name, "!") || strings.HasPrefix(name, "!") {
		delete(attrs, strings.Trim(name, "!"))
		return
	}
	attrs[strings.ToLower(name)] = val
}

// asciidocAttrReads judges the file attributes among set, resolving
// their references through all.
func asciidocAttrReads(s *dslScan, set, all map[string]string) {
	for name, v := range set {
		kind := asciidocFileAttrs[name]
		if kind == "" || v == "" {
			continue
		}
		v, ok := asciidocSubst(v, all)
		switch {
		case !ok:
			s.unknown("AsciiDoc attribute " + name + " built from attributes not known statically")
		case strings.Contains(v, "://"):
			s.hosts = append(s.hosts, v)
		case name == "stylesheet" && all["stylesdir"] != "" && !path.IsAbs(v):
			if d, ok := asciidocSubst(all["stylesdir"], all); ok {
				s.read(path.Join(d, v))
			}
			s.read(v)
		case kind == "d":
			s.read(strings.TrimSuffix(v, "/") + "/")
		default:
			s.read(v)
		}
	}
}

// asciidocBuiltins are the attributes a converter sets itself that may
// appear in a target.
var asciidocBuiltins = map[string]string{"user-home": "~", "empty": "", "sp": " ", "nbsp": " "}

// asciidocSubst replaces the {name} references of v; ok is false when one
// names an attribute not known.
func asciidocSubst(v string, attrs map[string]string) (string, bool) {
	for n := 0; n < 8 && strings.Contains(v, "{"); n++ {
		i := strings.IndexByte(v, '{')
		j := strings.IndexByte(v[i:], '}')
		if j < 0 {
			return v, false
		}
		name := strings.ToLower(v[i+1 : i+j])
		val, ok := attrs[name]
		if !ok {
			val, ok = asciidocBuiltins[name]
		}
		if !ok {
			return v, false
		}
		v = v[:i] + val + v[i+j+1:]
	}
	return v, !strings.Contains(v, "{")
}

// scanAsciidoc scans a document with no attributes set.
func scanAsciidoc(t string) *dslScan { return scanAsciidocWith(t, nil) }

// scanAsciidocWith scans a document given the attributes of the command
// line.
func scanAsciidocWith(t string, cli map[string]string) *dslScan {
	s := &dslScan{}
	attrs := make(map[string]string, len(cli))
	for k, v := range cli {
		attrs[k] = v
	}
	target := func(kind, tg string) {
		tg, ok := asciidocSubst(strings.TrimSpace(tg), attrs)
		switch {
		case !ok:
			s.unknown("AsciiDoc " + kind + " of a target built from attributes")
		case strings.HasPrefix(tg, "data:") || tg == "":
		case strings.Contains(tg, "://"):
			s.hosts = append(s.hosts, tg)
		case kind == "image" && !path.IsAbs(tg) && !strings.HasPrefix(tg, "~/") && attrs["imagesdir"] != "":
			if d, ok := asciidocSubst(attrs["imagesdir"], attrs); ok && !strings.Contains(d, "://") {
				s.read(path.Join(d, tg))
			} else if !ok {
				s.unknown("AsciiDoc imagesdir built from attributes")
			}
		default:
			s.read(tg)
		}
	}
	for _, line := range strings.Split(t, "\n") {
		if s.full() {
			break
		}
		l := strings.TrimLeft(strings.TrimRight(line, "\r"), " \t")
		// an attribute entry: :name: value, :name!:, :!name:
		if len(l) > 1 && l[0] == ':' {
			if e := strings.IndexByte(l[1:], ':'); e > 0 {
				name := l[1 : 1+e]
				val := strings.TrimSpace(l[2+e:])
				if strings.Contains(name, "!") {
					delete(attrs, strings.ToLower(strings.Trim(name, "!")))
				} else {
					attrs[strings.ToLower(name)] = val
					asciidocAttrReads(s, map[string]string{strings.ToLower(name): val}, attrs)
				}
			}
		}
		for _, k := range []string{"include::", "include1::"} {
			if tg, _, ok := strings.Cut(strings.TrimPrefix(l, k), "["); ok && strings.HasPrefix(l, k) {
				target("include::", tg)
			}
		}
		// image::T[] blocks and inline image:T[] anywhere in the line
		for rest := l; ; {
			i := strings.Index(rest, "image:")
			if i < 0 || s.full() {
				break
			}
			rest = strings.TrimPrefix(rest[i+len("image:"):], ":")
			if tg, _, ok := strings.Cut(rest, "["); ok && !strings.ContainsAny(tg, " \t") || ok && strings.HasPrefix(l, "image::") {
				target("image", tg)
			}
		}
		for _, k := range []string{"sys::[", "sys2::[", "sys3::[", "{sys:", "{sys2:", "{sys3:"} {
			if j := strings.Index(l, k); j >= 0 {
				c := l[j+len(k):]
				if e := strings.LastIndexAny(c, "]}"); e >= 0 {
					c = c[:e]
				}
				s.run(c)
			}
		}
		if strings.Contains(l, "eval::[") || strings.Contains(l, "{eval:") {
			s.unknown("asciidoc eval runs Python")
		}
	}
	return s
}
