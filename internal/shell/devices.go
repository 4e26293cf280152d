package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Programs that destroy or rewrite a block device or file system image:
// their device operands (and the values of their device options) are
// writes, so that a device outside the project (/dev/sda) is judged like
// any other path (default/destructive). dd's of= and redirections to a
// device are writes already.

// deviceWriters maps a program to how it names the devices it writes.
var deviceWriters = &lazy.Value[map[string]struct {
	all    bool   // every operand names a device or image written (else those under /dev/)
	valued string // options taking a value (not a device)
	devOpt string // options whose value is a device written
	reads  string // options that make it only read (list, print, dump)
	writes string // options without which it only reads
}]{New: func() map[string]struct {
	all    bool   // every operand names a device or image written (else those under /dev/)
	valued string // options taking a value (not a device)
	devOpt string // options whose value is a device written
	reads  string // options that make it only read (list, print, dump)
	writes string // options without which it only reads
} {
	return map[string]struct {
		all    bool   // every operand names a device or image written (else those under /dev/)
		valued string // options taking a value (not a device)
		devOpt string // options whose value is a device written
		reads  string // options that make it only read (list, print, dump)
		writes string // options without which it only reads
	}{
		"wipefs":     {all: true, valued: "-b --backup -O --output -o --offset -t --types", reads: "-n --no-act"},
		"blkdiscard": {all: true, valued: "-o --offset -l --length -p --step"},
		"sgdisk":     {all: true, valued: "-a -A -b -c -d -e -E -f -g -G -h -i -l -L -n -N -r -R -t -T -u", reads: "-p --print -v --verify -i --info -O --print-mbr"},
		"gdisk":      {all: true, reads: "-l"}, "cgdisk": {all: true},
		"sfdisk":    {valued: "-N --partno -L --label -X --label-nested -b --backup-file -w --wipe -W --wipe-partitions", reads: "-l --list -d --dump -s --show-size -J --json -V --verify -r --reorder-check -F --list-free"},
		"fdisk":     {all: true, valued: "-b -c -C -H -S -u -L -t -w -W", reads: "-l --list -s --getsz -x --list-details"},
		"cfdisk":    {all: true},
		"parted":    {valued: "-a --align", reads: "-l --list"},
		"mkswap":    {all: true, valued: "-L -U -p --pagesize --uuid --label -e --endianness -o --offset -s --size"},
		"mke2fs":    {all: true, valued: "-b -C -c -d -E -g -G -i -I -J -l -L -m -M -N -o -O -r -S -t -T -U -z", reads: "-n"},
		"mkfs":      {all: true, valued: "-t --type -b -L -n"},
		"tune2fs":   {all: true, valued: "-c -C -e -E -g -i -I -j -J -l -L -m -M -o -O -r -s -T -u -U -Q -z", reads: "-l"},
		"e2fsck":    {all: true, valued: "-b -B -C -E -j -l -L", reads: "-n"},
		"fsck":      {all: true, valued: "-t", reads: "-N -n"},
		"resize2fs": {all: true, valued: "-d -z"},
		"badblocks": {all: true, valued: "-b -c -d -e -i -o -p -t", writes: "-w -n"},
		"sg_format": {all: true},
		"mdadm":     {valued: "-l --level -n --raid-devices -c --chunk -e --metadata -N --name", writes: "-C --create -B --build --zero-superblock -A --assemble -a --add -r --remove -f --fail --grow -G"},
		"pvcreate":  {all: true}, "pvremove": {all: true}, "vgcreate": {all: true}, "vgremove": {all: true}, "lvremove": {all: true},
		"flashrom": {devOpt: "-w --write -E --erase"},
		"mkdosfs":  {all: true, valued: "-F -n -i -S -s -R"}, "mkntfs": {all: true, valued: "-L -c -s -p -H -S"},
		"mkfs.fat": {all: true, valued: "-F -n -i -S -s -R"},
	}
}}

// deviceSubcommands are the subcommands of multi-purpose device tools
// that destroy or rewrite the device named after them.
var deviceSubcommands = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"cryptsetup":  "luksFormat erase luksErase reencrypt convert repair luksAddKey luksRemoveKey luksKillSlot luksChangeKey luksResume open luksOpen",
		"nvme":        "format sanitize write write-zeroes dsm fw-download fw-commit",
		"zpool":       "create destroy labelclear add attach replace split",
		"btrfs":       "replace device",
		"hdparm":      "--security-erase --security-erase-enhanced --trim-sector-ranges --write-sector --make-bad-sector --fwdownload",
		"sg_sanitize": "*", "sg_write_same": "*", "sg_unmap": "*",
	}
}}

// isDeviceWriter reports whether n writes devices (mkfs.ext4 is mkfs).
func isDeviceWriter(n string) bool {
	if _, ok := deviceWriters.Get()[n]; ok {
		return true
	}
	if _, ok := deviceSubcommands.Get()[n]; ok {
		return true
	}
	return strings.HasPrefix(n, "mkfs.") || strings.HasPrefix(n, "mkfs_") || strings.HasPrefix(n, "fsck.") || strings.HasPrefix(n, "mke2fs.")
}

// deviceWrites reports the devices c writes.
func (c *cmd) deviceWrites() {
	n := c.name
	if subs, ok := deviceSubcommands.Get()[n]; ok {
		hit := subs == "*"
		for _, f := range c.args {
			k, _, _ := strings.Cut(f.s, "=")
			hit = hit || contains(strings.Fields(subs), k)
		}
		c.w.modelled = true
		if hit {
			for _, f := range c.args {
				if strings.HasPrefix(f.s, "/dev/") || f.dyn {
					c.write(f, n+" rewrites the device")
				}
			}
		}
		return
	}
	d, ok := deviceWriters.Get()[n]
	if !ok {
		d = deviceWriters.Get()["mkfs"]
		if strings.HasPrefix(n, "fsck.") {
			d = deviceWriters.Get()["fsck"]
		}
	}
	var long []string
	short := ""
	for _, v := range strings.Fields(d.valued) {
		if strings.HasPrefix(v, "--") {
			long = append(long, v)
		} else {
			short += v[1:]
		}
	}
	o := c.parse(optSpec{short: short, long: long})
	c.w.modelled = true
	if d.reads != "" && o.anyOf(strings.Fields(d.reads)...) || d.writes != "" && !o.anyOf(strings.Fields(d.writes)...) {
		return // lists, prints or checks only
	}
	why := n + " rewrites the device"
	for _, f := range o.values(strings.Fields(d.devOpt)...) {
		c.write(f, why)
	}
	for _, f := range c.posFields(o) {
		if d.all && !isNumber(f.s) || strings.HasPrefix(f.s, "/dev/") || f.dyn {
			c.write(f, why)
		}
	}
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789kKmMgGtTbB") == "" && s[0] >= '0' && s[0] <= '9'
}
