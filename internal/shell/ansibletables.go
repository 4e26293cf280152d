package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// ansibleModule is what one ansible module does to the files its
// arguments name, on the host it runs on.
type ansibleModule struct {
	writes, reads string // argument keys: "path,dest" (inList)
	hosts         string // keys whose value is a URL or host it reaches (uri url=)
	clones        string // keys naming a repository it clones (git dest=: a nested repository)
	expr          string // keys whose value is a Jinja expression without braces (debug var=, assert that=)
	code          bool   // its arguments are a command line or shell code (ansibleCode)
	controller    bool   // it acts on this machine even for remote hosts (fetch's dest)
	dumpsEnv      bool   // its result holds the environment of its process (setup's ansible_env)
}

// ansibleModules are the modules of ansible.builtin by name (the
// collection's documentation). A module not listed, run on this machine,
// is opaque.
var ansibleModules = &lazy.Value[map[string]ansibleModule]{New: func() map[string]ansibleModule {
	return map[string]ansibleModule{
		"command": {code: true}, "shell": {code: true}, "raw": {code: true}, "script": {code: true}, "expect": {code: true},
		"file":         {writes: "path,dest,name"},
		"copy":         {writes: "dest", reads: "src"},
		"template":     {writes: "dest", reads: "src"},
		"get_url":      {writes: "dest", hosts: "url"},
		"uri":          {writes: "dest", reads: "src", hosts: "url"},
		"lineinfile":   {writes: "path,dest,destfile,name"},
		"blockinfile":  {writes: "path,dest,destfile,name"},
		"replace":      {writes: "path,dest,destfile,name"},
		"ini_file":     {writes: "path,dest"},
		"unarchive":    {writes: "dest", reads: "src", hosts: "src"},
		"assemble":     {writes: "dest", reads: "src"},
		"tempfile":     {writes: "path"},
		"fetch":        {writes: "dest", controller: true},
		"slurp":        {reads: "src,path"},
		"stat":         {reads: "path,dest,name"},
		"find":         {reads: "paths,path,name"},
		"git":          {clones: "dest", hosts: "repo"},
		"subversion":   {writes: "dest", hosts: "repo"},
		"wait_for":     {reads: "path", hosts: "host"},
		"setup":        {dumpsEnv: true}, // facts: ansible_env unless a filter leaves it out
		"gather_facts": {dumpsEnv: true},
		"debug":        {expr: "var"},
		"assert":       {expr: "that"},
		"ping":         {}, "fail": {}, "meta": {}, "set_fact": {}, "pause": {}, "package_facts": {}, "service_facts": {},
	}
}}

// ansibleCodeKeys are the parameters of the code modules beside their
// free-form command: cmd/argv/command hold the command, chdir moves it,
// executable names the shell (ansible.builtin.command, shell, script,
// expect, raw).
const ansibleCodeKeys = "cmd argv command chdir executable creates removes stdin stdin_add_newline strip_empty_ends " +
	"expand_argument_vars warn responses timeout echo decrypt"

// ansibleHarmlessVars are the ansible_* variables that name no program
// and no code: any other (ansible_python_interpreter, *_executable,
// ansible_become_exe, ansible_ssh_common_args, …) given on the command
// line of a run on this machine is opaque: the interpreter is pasted
// into '/bin/sh -c INTERPRETER MODULE' unquoted.
const ansibleHarmlessVars = "ansible_connection ansible_host ansible_port ansible_user ansible_become ansible_become_user " +
	"ansible_check_mode ansible_diff_mode ansible_verbosity ansible_limit ansible_run_tags ansible_skip_tags ansible_os_family " +
	"ansible_distribution ansible_hostname ansible_facts ansible_play_hosts ansible_check_mode"

// ansibleHarmlessEnv are ANSIBLE_* configuration variables that name no
// program, code or configuration file; any other set by the line
// (ANSIBLE_PYTHON_INTERPRETER, ANSIBLE_CONFIG, ANSIBLE_LIBRARY, plugin
// paths, ANSIBLE_BECOME_EXE, …) makes a run on this machine opaque.
const ansibleHarmlessEnv = "ANSIBLE_FORCE_COLOR ANSIBLE_NOCOLOR ANSIBLE_NOCOWS ANSIBLE_HOST_KEY_CHECKING ANSIBLE_RETRY_FILES_ENABLED " +
	"ANSIBLE_LOCALHOST_WARNING ANSIBLE_INVENTORY_UNPARSED_WARNING ANSIBLE_DEPRECATION_WARNINGS ANSIBLE_COMMAND_WARNINGS " +
	"ANSIBLE_SYSTEM_WARNINGS ANSIBLE_DISPLAY_SKIPPED_HOSTS ANSIBLE_DISPLAY_OK_HOSTS ANSIBLE_TIMEOUT ANSIBLE_FORKS " +
	"ANSIBLE_VERBOSITY ANSIBLE_DEBUG ANSIBLE_STDOUT_CALLBACK ANSIBLE_LOAD_CALLBACK_PLUGINS ANSIBLE_GATHERING " +
	"ANSIBLE_PIPELINING ANSIBLE_SSH_PIPELINING ANSIBLE_CALLBACK_RESULT_FORMAT ANSIBLE_NO_TARGET_SYSLOG ANSIBLE_CHECK_MODE_MARKERS"

// ansibleJinjaRisky are the Jinja names that reach beyond the template:
// lookups and queries (files, commands, the environment), attr and
// the globals whose attributes lead to Python's (lipsum.__globals__).
const ansibleJinjaRisky = "lookup query q attr self lipsum cycler joiner namespace"
