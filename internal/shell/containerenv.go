package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strconv"
	"strings"
)

// Container and sandbox runners that hand the caller's whole environment
// to the command they run inside (unlike docker run, which passes only
// what -e names): the command sees PROD_* as if run directly, so it is
// analysed as the command run directly is (env inside apptainer exec is
// an environment dump, printenv NAME a reference). The same runners
// with the option that clears the environment pass nothing: what the
// command prints of its environment is then the container's.
//
//	runner                     inherits by default   cleared by
//	apptainer / singularity    yes (exec IMAGE CMD)  -e --cleanenv -C --containall
//	bwrap                      yes                   --clearenv
//	ch-run (Charliecloud)      yes                   --unset-env='*' (kept: an unset list is not read)
//	nsjail                     no; -e passes all     (-E NAME passes NAME: a reference)
//	schroot                    no; -p passes all
//	flatpak run --command=P    yes
//	distrobox enter NAME -- C  yes
//	firejail                   yes                   commands.go's wrapper
//	toolbox run, distrobox     yes                   launchers.go
//	systemd-run                no; -E NAME passes it envpass.go
//
// Other containers (docker, podman, kubectl run) are envpass.go's.

type envInheritor struct {
	// subs are the subcommands that run a command (apptainer exec); empty:
	// the command follows the options.
	subs string
	// operands before the command (the image).
	operands int
	// arity: options and how many values each takes; any other option
	// is a flag when listed in flags, else unknown (the command cannot be
	// found: opaque).
	arity map[string]int
	flags string
	// clean: options that clear the environment; all: options that pass
	// the whole of it to a runner that otherwise passes nothing.
	clean, all string
	// byName: options whose value NAME passes the caller's NAME.
	byName string
	// inherits: the environment is passed unless clean.
	inherits bool
	// after: markers after which the command follows (distrobox's --,
	// -e); with none in the line nothing runs but a login shell.
	after string
	// commandOpt: an option naming the program run with the operands
	// after the first (flatpak run --command=PROG APP ARG…).
	commandOpt string
	// cwd: options whose value is the directory the command starts in
	// (bwrap --chdir, schroot -d): its relative paths are rebased there
	// (runIn), as for a wrapper's cwd option (red-team round 14, #26).
	cwd string
	// optsFD: options whose value is a descriptor the runner reads more
	// options from, NUL-separated, parsed in place (bwrap --args FD):
	// read when the line feeds the descriptor literal text, else the
	// options (binds among them) are not known. optsFile: options naming
	// a file of options (nsjail --config: its mounts), not read: opaque.
	optsFD, optsFile string
	// shellSubs: subcommands that run a shell in the image (apptainer
	// shell IMG: the shell of shellOpts, else sh, reading standard input);
	// argsSubs: subcommands that run their operands after the image in
	// place of the image's own command when there are any (apptainer run
	// IMG ARGS of an OCI image). Both are analysed as subs (sandboxsubs.go).
	shellSubs, shellOpts, argsSubs string
}

func arities(n int, names string) map[string]int {
	m := map[string]int{}
	for _, k := range strings.Fields(names) {
		m[k] = n
	}
	return m
}

func mergeArity(ms ...map[string]int) map[string]int {
	out := map[string]int{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

var envInheritors = &lazy.Value[map[string]envInheritor]{New: func() map[string]envInheritor {
	apptainer := envInheritor{subs: "exec", operands: 1, inherits: true,
		arity: arities(1, "-B --bind --env --env-file -H --home -W --workdir -o --overlay --pwd -S --scratch "+
			"--security --network --network-args --dns --hostname --app --apply-cgroups --mount --fusemount "+
			"--drop-caps --add-caps --no-mount --cpus --memory --memory-reservation --memory-swap --cpu-shares "+
			"--cpuset-cpus --cpuset-mems --blkio-weight --pids-limit --pem-path --authfile --config --sharens"),
		flags: "-e --cleanenv -C --containall -c --contain -i --ipc -p --pid -u --userns -f --fakeroot -w --writable " +
			"--writable-tmpfs --no-home --no-init --nv --rocm --nvccli --compat --no-privs --keep-privs --allow-setuid " +
			"--disable-cache --no-https --no-eval --boot --unsquash --oci --no-oci --docker-login --passphrase " +
			"--no-umask --no-pid --no-net --net --uts --vm --debug -d --quiet -q --silent -s --verbose -v --nocolor",
		clean: "-e --cleanenv -C --containall", cwd: "--pwd",
		shellSubs: "shell", shellOpts: "-s --shell", argsSubs: "run"}
	distrobox := envInheritor{inherits: true, after: "-- -e --exec"}
	return map[string]envInheritor{
		"apptainer": apptainer, "singularity": apptainer,
		"distrobox-enter": distrobox,
		"distrobox":       {subs: "enter ephemeral", inherits: true, after: distrobox.after},
		"schroot": {
			arity: arities(1, "-c --chroot -u --user -d --directory -r --run-session --session-name -n --option -o"),
			flags: "-p --preserve-environment -a --all -b --begin-session -e --end-session --automatic-session " +
				"-q --quiet -v --verbose -f --force --exclude-aliases", all: "-p --preserve-environment", cwd: "-d --directory"},
		"flatpak": {subs: "run", operands: 1, inherits: true, commandOpt: "--command",
			arity: arities(1, "--arch --branch --command --cwd --runtime --runtime-version --env --unset-env --filesystem "+
				"--nofilesystem --share --unshare --socket --nosocket --device --nodevice --allow --disallow --talk-name "+
				"--no-talk-name --own-name --system-talk-name --system-no-talk-name --system-own-name --add-policy "+
				"--remove-policy --persist --env-fd --app-path --usr-path --instance-id-fd --parent-pid --installation "+
				"--sandbox-expose --sandbox-expose-ro --sandbox-expose-fd --sandbox-expose-fd-ro"),
			flags: "--user --system --devel --log-session-bus --log-system-bus --log-a11y-bus --no-a11y-bus --a11y-bus " +
				"--no-session-bus --session-bus --no-documents-portal --file-forwarding --die-with-parent --sandbox " +
				"--parent-expose-pids --parent-share-pids -v --verbose --ostree-verbose", cwd: "--cwd"},
		"bwrap": {inherits: true,
			arity: mergeArity(arities(1, "--args --userns --userns2 --pidns --uid --gid --hostname --chdir --unsetenv "+
				"--lock-file --sync-fd --remount-ro --exec-label --file-label --proc --dev --tmpfs --mqueue --dir "+
				"--seccomp --add-seccomp-fd --block-fd --userns-block-fd --info-fd --json-status-fd --cap-add --cap-drop "+
				"--perms --size --argv0 --overlay-src --tmp-overlay --ro-overlay"),
				arities(2, "--setenv --bind --bind-try --dev-bind --dev-bind-try --ro-bind --ro-bind-try --file "+
					"--bind-data --ro-bind-data --symlink --chmod --overlay")),
			flags: "--unshare-user --unshare-user-try --unshare-ipc --unshare-pid --unshare-net --unshare-uts " +
				"--unshare-cgroup --unshare-cgroup-try --unshare-all --share-net --die-with-parent --as-pid-1 " +
				"--new-session --clearenv --disable-userns --assert-userns-disabled --level-prefix",
			clean: "--clearenv", cwd: "--chdir", optsFD: "--args"},
		"ch-run": {operands: 1, inherits: true,
			arity: arities(1, "-b --bind -c --cd --env-no-expand --feature -g --gid -m --mount -s --storage "+
				"--set-env --unset-env -u --uid --join-ct --join-pid --join-tag --test"),
			flags: "--join --no-passwd --private-tmp -t --private-tmp -w --write --write-fake -W --unsafe -q --quiet -v --verbose " +
				"--no-home --home --seccomp --no-seccomp", cwd: "-c --cd"},
		"nsjail": {
			arity: arities(1, "-C --config -c --chroot -u --user -g --group -H --hostname -D --cwd -p --port "+
				"--bindhost --max_conns --max_conns_per_ip -l --log -L --log_fd --time_limit -t --rlimit_as "+
				"--rlimit_core --rlimit_cpu --rlimit_fsize --rlimit_nofile --rlimit_nproc --rlimit_stack "+
				"-R --bindmount_ro -B --bindmount -T --tmpfsmount -m --mount -s --symlink -E --env "+
				"-M --mode --cgroup_mem_max --cgroup_pids_max --cgroup_cpu_ms_per_sec --seccomp_policy -P "+
				"--seccomp_string --macvlan_iface --cap --uid_mapping --gid_mapping --chdir --execute_fd"),
			flags: "-e --keep_env -Q --quiet -v --verbose -d --daemon -x --really_quiet --keep_caps --disable_proc " +
				"--disable_clone_newnet -N --disable_clone_newuser --disable_clone_newns --disable_clone_newpid " +
				"--disable_clone_newipc --disable_clone_newuts --disable_clone_newcgroup --skip_setsid --silent " +
				"--rw --iface_no_lo --use_cgroupv2 --disable_no_new_privs --forward_signals",
			all: "-e --keep_env", byName: "-E --env", cwd: "-D --cwd", optsFile: "-C --config"},
		// systemd-nspawn -D / shares the host's tree; --chdir is where the
		// command starts. Unknown options make the command opaque.
		"systemd-nspawn": {
			arity: arities(1, "-D --directory -i --image --template --oci-bundle -M --machine -u --user --chdir "+
				"-E --setenv --bind --bind-ro --tmpfs --overlay --overlay-ro --inaccessible --network-interface "+
				"--network-macvlan --network-ipvlan --network-bridge --network-zone --network-namespace-path -p --port "+
				"--property --capability --drop-capability --register --resolv-conf --timezone --link-journal "+
				"--console --slice --uuid -S --kill-signal --private-users-ownership --root-hash --rlimit --hostname "+
				"--load-credential --set-credential --personality --system-call-filter --oom-score-adjust --cpu-affinity "+
				"--notify-ready --suppress-sync --pivot-root --bind-user --image-policy"),
			flags: "-b --boot -a --as-pid2 -x --ephemeral -U --private-network -n --network-veth -q --quiet " +
				"--read-only -P --pipe --keep-unit --no-new-privileges --volatile --private-users",
			cwd: "--chdir"},
	}
}}

func isEnvInheritor(n string) bool {
	_, ok := envInheritors.Get()[n]
	return ok
}

// envInherit analyses a runner of the table and the command it runs.
func (c *cmd) envInherit() error {
	return c.inheritRun(envInheritors.Get()[c.name], -1)
}

// inheritRun analyses c, run as ei says, from its argument i on (-1:
// from its first, past ei's subcommand).
func (c *cmd) inheritRun(ei envInheritor, i int) error {
	c.w.modelled = true
	if i < 0 {
		i = 0
	} else {
		ei.subs = ""
	}
	if ei.subs != "" {
		// global options, then the subcommand
		for i < len(c.args) && strings.HasPrefix(c.s(i), "-") {
			i++
		}
		if i < len(c.args) && (inFields(ei.shellSubs, c.s(i)) || inFields(ei.argsSubs, c.s(i))) {
			return c.sandboxSub(ei, i) // sandboxsubs.go
		}
		if i >= len(c.args) || !inFields(ei.subs, c.s(i)) {
			return nil // run IMAGE (its runscript), build, pull, …
		}
		i++
	}
	if ei.after != "" {
		for k := i; k < len(c.args); k++ {
			if inFields(ei.after, c.s(k)) {
				c.skip[k] = true
				if k+1 >= len(c.args) {
					return nil
				}
				return c.wrap(k+1, c.name)
			}
		}
		return nil
	}
	clean, all := false, false
	var prog *field
	var dirs []field
	var binds []sandboxBind // sandboxbinds.go
	var dests []field       // paths its options create inside the sandbox
	bindOpts := sandboxBinds.Get()[c.name]
	for ; i < len(c.args); i++ {
		f := c.args[i]
		s := f.s
		if s == "--" || !strings.HasPrefix(s, "-") || s == "-" {
			break
		}
		if f.dyn {
			c.opaque(c.name + " option not known statically: the command it runs cannot be found")
			return nil
		}
		name, val, eq := strings.Cut(s, "=")
		if _, ok := ei.arity[name]; !ok && !inFields(ei.flags, name) && !strings.HasPrefix(s, "--") && len(s) > 2 {
			if _, ok := ei.arity[s[:2]]; ok {
				name, val, eq = s[:2], s[2:], true // -Mo: -M o
			}
		}
		if name == ei.commandOpt && name != "" {
			v := field{s: val, dyn: f.dyn}
			if !eq && i+1 < len(c.args) {
				v = c.args[i+1]
			}
			prog = &v
		}
		switch {
		case inFields(ei.clean, name):
			clean = true
		case inFields(ei.all, name):
			all = true
		}
		if inFields(ei.byName, name) {
			switch {
			case eq:
				c.passName(field{s: val, dyn: f.dyn})
			case i+1 < len(c.args):
				c.passName(c.args[i+1])
			}
		}
		if inFields(ei.cwd, name) {
			switch {
			case eq:
				dirs = append(dirs, field{s: val, dyn: f.dyn})
			case i+1 < len(c.args):
				dirs = append(dirs, c.args[i+1])
			}
		}
		if k, ok := sandboxDests[c.name][name]; ok && !eq && i+k < len(c.args) {
			dests = append(dests, c.args[i+k])
		}
		if b, ok := bindOpts[name]; ok && name != "" {
			switch n := bindArity(b); {
			case eq && n == 1:
				binds = append(binds, bindsOf(b, []field{{s: val, dyn: f.dyn}}, []int{i})...)
			case !eq && i+n < len(c.args):
				binds = append(binds, bindsOf(b, c.args[i+1:i+1+n], []int{i + 1, i + n})...)
			}
		}
		if inFields(ei.optsFD, name) && !eq {
			return c.optsFromFD(ei, i)
		}
		if inFields(ei.optsFile, name) {
			c.opaque(c.name + " reads options (mounts among them) from a file: " + clip(s))
		}
		if inFields(ei.flags, name) {
			continue
		}
		n, ok := ei.arity[name]
		if !ok {
			c.opaque(c.name + " option " + clip(name) + " not known: the command it runs cannot be found")
			return nil
		}
		if !eq {
			i += n
		}
	}
	for k := 0; k < ei.operands && i < len(c.args); k++ {
		if c.s(i) == "--" {
			i++
		}
		if b, ok := bindOpts[""]; ok && k == 0 && i < len(c.args) {
			binds = append(binds, bindsOf(b, c.args[i:i+1], []int{i})...) // the image, a directory: the root
		}
		c.skip[i] = true
		i++
	}
	if i < len(c.args) && c.s(i) == "--" {
		c.skip[i] = true
		i++
	}
	binds = append(binds, c.envBinds()...)
	c.sandboxDestWrites(binds, dests)
	mounts := c.sandboxMounts(binds)
	var view *containerView // the command's paths through the binds (containerview.go)
	if len(mounts) > 0 {
		view = newContainerView(mounts, c.knownCwd(), true)
		view.identity = true
	}
	if i < len(c.args) || prog != nil {
		c.runIn(dirs) // a path inside the sandbox: the view maps it
	}
	if prog != nil {
		// the named program, given the operands after the first
		args := append([]field{*prog}, c.args[i:]...)
		for k := i; k < len(c.args); k++ {
			c.skip[k] = true
		}
		rc := &cmd{a: c.a, sc: c.sc, name: c.name, args: args, skip: make([]bool, len(args)), w: c.w}
		return rc.wrapIn(view, 0)
	}
	if i >= len(c.args) {
		return nil
	}
	dump := c.a.res.EnvDump
	if err := c.wrapIn(view, i); err != nil {
		return err
	}
	if clean || !ei.inherits && !all {
		// the command's environment is the container's: what it prints
		// of the whole of it reveals none of the caller's
		c.a.res.EnvDump = dump
	}
	return nil
}

// wrapIn analyses c's arguments from i on as the command it runs, in
// the view v of its binds (nil: the host's tree as it is).
func (c *cmd) wrapIn(v *containerView, i int) error {
	if v == nil {
		return c.wrap(i, c.name)
	}
	return c.runInContainer(v, field{s: c.sc.cwd, dyn: !c.sc.cwdKnown}, i)
}

// maxOptsFD bounds the descriptors of options read in turn (an --args
// among the options an --args reads).
const maxOptsFD = 4

// optsFromFD analyses c with the options of descriptor option i (bwrap
// --args FD) in its place, when the line feeds the descriptor literal
// text; otherwise what the runner binds, and so what its command names,
// is not known.
func (c *cmd) optsFromFD(ei envInheritor, i int) error {
	opaque := func(why string) error {
		c.opaque(c.name + " " + c.s(i) + " reads options (binds among them) " + why + ": the command may name any host file")
		return nil
	}
	if i+1 >= len(c.args) || c.args[i+1].dyn || !isFD(c.s(i+1)) || strings.HasSuffix(c.s(i+1), "-") {
		return opaque("from a descriptor not known statically")
	}
	if c.a.optsFDDepth >= maxOptsFD {
		return opaque("from descriptors in turn")
	}
	n, _ := strconv.Atoi(c.s(i + 1))
	v, ok := c.sc.fd(n)
	text, known := v.doc, ok && v.kind == fdDoc && v.known
	if !known && n == 0 {
		text, known = c.fedText()
	}
	if !known {
		return opaque("from a descriptor the line does not show")
	}
	args := append([]field(nil), c.args[:i]...)
	for _, o := range strings.Split(strings.TrimSuffix(text, "\x00"), "\x00") {
		args = append(args, field{s: o})
	}
	args = append(args, c.args[i+2:]...)
	for k := range c.args {
		c.skip[k] = true
	}
	c.handed = true
	rc := &cmd{a: c.a, sc: c.sc, name: c.name, args: args, skip: make([]bool, len(args)), w: c.w}
	c.a.optsFDDepth++
	defer func() { c.a.optsFDDepth-- }()
	return rc.inheritRun(ei, -1)
}
