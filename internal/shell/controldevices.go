package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Programs whose destructive subcommands name no file at all (a ZFS
// dataset, a device-mapper table, the user's crontab) but act through a
// control device or spool outside the project, as data. The path is
// reported as written (or deleted), so that a rule on paths (allow_paths,
// the built-in default's device rules) judges them like zpool destroy
// or lvremove.
var controlDevices = &lazy.Value[map[string]struct {
	subs string // subcommands (or options) that destroy
	path string // what they write through
	del  bool   // a deletion rather than a write
}]{New: func() map[string]struct {
	subs string // subcommands (or options) that destroy
	path string // what they write through
	del  bool   // a deletion rather than a write
} {
	return map[string]struct {
		subs string // subcommands (or options) that destroy
		path string // what they write through
		del  bool   // a deletion rather than a write
	}{
		"zfs":     {subs: "destroy rollback rename promote receive recv", path: "/dev/zfs"},
		"dmsetup": {subs: "remove remove_all wipe_table clear reload load create suspend", path: "/dev/mapper/control"},
		"crontab": {subs: "-r -ri -ir", path: "/var/spool/cron/crontabs", del: true},
		"losetup": {subs: "-d --detach -D --detach-all", path: "/dev/loop-control"},
	}
}}

// controlDeviceWrites reports c's write through its control device when
// one of its arguments is a destructive subcommand.
func (c *cmd) controlDeviceWrites() {
	cd, ok := controlDevices.Get()[c.name]
	if !ok {
		return
	}
	subs := strings.Fields(cd.subs)
	for _, f := range c.args {
		if f.dyn || contains(subs, f.s) {
			why := c.name + " " + f.s + " destroys what it names through " + cd.path
			if cd.del {
				c.del(field{s: cd.path}, why)
			} else {
				c.write(field{s: cd.path}, why)
			}
			return
		}
	}
}
