package evidence

// tailUnchanged never trusts the remembered state on Windows, where the
// files' identity (device and inode) is not at hand: every Append runs
// the full recovery, which is slower and always correct.
func (l *Log) tailUnchanged() (tailState, bool) {
	t := l.tail
	l.tail.valid = false
	return t, false
}

// rememberTail remembers nothing on Windows (see tailUnchanged).
func (l *Log) rememberTail() {}
