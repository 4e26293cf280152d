package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// ansibleModule is what one ansible module does to the files its
// arguments name, on the host it runs on.
type ansibleModule struct {
	writes, reads string // argument keys: "path,dest" (inList)
	code          bool   // its arguments are a command line or shell code
	controller    bool   // it acts on this machine even for remote hosts (fetch's dest)
}

// ansibleModules are the modules of ansible.builtin by name (the
// collection's documentation). A module not listed, run on this machine,
// is opaque.
var ansibleModules = &lazy.Value[map[string]ansibleModule]{New: func() map[string]ansibleModule {
	return map[string]ansibleModule{
		"command": {code: true}, "shell": {code: true}, "raw": {code: true}, "script": {code: true}, "expect": {code: true},
		"file":        {writes: "path,dest,name"},
		"copy":        {writes: "dest", reads: "src"},
		"template":    {writes: "dest", reads: "src"},
		"get_url":     {writes: "dest"},
		"uri":         {writes: "dest", reads: "src"},
		"lineinfile":  {writes: "path,dest,destfile,name"},
		"blockinfile": {writes: "path,dest,destfile,name"},
		"replace":     {writes: "path,dest,destfile,name"},
		"ini_file":    {writes: "path,dest"},
		"unarchive":   {writes: "dest", reads: "src"},
		"assemble":    {writes: "dest", reads: "src"},
		"tempfile":    {writes: "path"},
		"fetch":       {writes: "dest", controller: true},
		"slurp":       {reads: "src,path"},
		"stat":        {reads: "path,dest,name"},
		"find":        {reads: "paths,path,name"},
		"git":         {writes: "dest"},
		"subversion":  {writes: "dest"},
		"ping":        {}, "setup": {}, "gather_facts": {}, "debug": {}, "assert": {}, "fail": {}, "meta": {},
		"set_fact": {}, "wait_for": {}, "pause": {}, "package_facts": {}, "service_facts": {},
	}
}}
