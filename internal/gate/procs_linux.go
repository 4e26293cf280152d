package gate

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/policy"
)

// maxProcs bounds the processes mandateProcs looks at.
const maxProcs = 1 << 16

// mandateProcs lists the running processes whose executable is the same
// file (device and inode) as one of bins, from /proc. A process whose
// executable cannot be read (another user's, a kernel thread) is skipped:
// it is not one this user's agent can signal anyway.
func mandateProcs(bins []string) []policy.Proc {
	type id struct{ dev, ino uint64 }
	want := map[id]string{}
	for _, b := range bins {
		var st unix.Stat_t
		if unix.Stat(b, &st) == nil {
			want[id{uint64(st.Dev), st.Ino}] = b
		}
	}
	if len(want) == 0 {
		return nil
	}
	d, err := os.Open("/proc")
	if err != nil {
		return nil
	}
	names, _ := d.Readdirnames(maxProcs)
	d.Close()
	var out []policy.Proc
	for _, n := range names {
		pid, err := strconv.Atoi(n)
		if err != nil || pid <= 0 {
			continue
		}
		dir := "/proc/" + n
		var st unix.Stat_t
		if unix.Stat(dir+"/exe", &st) != nil {
			continue
		}
		exe, ok := want[id{uint64(st.Dev), st.Ino}]
		if !ok {
			continue
		}
		p := policy.Proc{Pid: pid, Exe: exe}
		if link, err := os.Readlink(dir + "/exe"); err == nil {
			p.Exe = strings.TrimSuffix(link, " (deleted)")
		}
		var dst unix.Stat_t
		if unix.Stat(dir, &dst) == nil {
			p.Uid = int(dst.Uid)
		}
		if b, err := readRegular(dir+"/stat", 4096, false); err == nil {
			// pid (comm) state ppid pgrp session ...: comm may hold spaces
			// and parentheses, so parse after the last ')'.
			if i := bytes.LastIndexByte(b, ')'); i >= 0 {
				f := strings.Fields(string(b[i+1:]))
				if len(f) >= 4 {
					p.Pgid, _ = strconv.Atoi(f[2])
					p.Sid, _ = strconv.Atoi(f[3])
				}
			}
		}
		if b, err := readRegular(dir+"/cmdline", 64<<10, false); err == nil {
			p.Cmdline = strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
		}
		out = append(out, p)
	}
	return out
}

// userHZ is the unit of /proc's start times (USER_HZ, 100 on every Linux
// ABI).
const userHZ = 100

// procStart is the start time of process pid, from /proc/PID/stat
// (field 22, ticks since boot) and /proc/stat's btime, to the second
// btime gives; the zero time when either cannot be read.
func procStart(pid int) time.Time {
	b, err := readRegular("/proc/"+strconv.Itoa(pid)+"/stat", 4096, false)
	if err != nil {
		return time.Time{}
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return time.Time{}
	}
	f := strings.Fields(string(b[i+1:]))
	// after "pid (comm)": state is field 3, starttime field 22
	if len(f) < 20 {
		return time.Time{}
	}
	ticks, err := strconv.ParseInt(f[19], 10, 64)
	if err != nil || ticks < 0 {
		return time.Time{}
	}
	st, err := readRegular("/proc/stat", 1<<20, false)
	if err != nil {
		return time.Time{}
	}
	for _, l := range strings.Split(string(st), "\n") {
		if v, ok := strings.CutPrefix(l, "btime "); ok {
			bt, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil || bt <= 0 {
				return time.Time{}
			}
			return time.Unix(bt, 0).Add(time.Duration(ticks) * time.Second / userHZ)
		}
	}
	return time.Time{}
}
