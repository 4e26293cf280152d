package shell

import (
	"encoding/csv"
	"strings"
)

// --mount values as the runtimes read them (red-team round 17, #5). The
// docker CLI (and podman, nerdctl, apptainer's --mount, which follow it)
// reads a --mount value as one CSV record (encoding/csv): a field in
// double quotes is unquoted before its key is read, so
// type=bind,"source=/home/dev/.ssh",target=/k binds the key directory.
// The value is read the same way here; a value that is not one valid
// record, or a field whose key is not one the runtimes know, is not
// known (the runtime may read it otherwise, or reject it): the mounts are
// opaque.

// mountKeys are the keys of a --mount record the runtimes know (docker,
// podman, nerdctl, apptainer), lower-cased. Data.
var mountKeys = map[string]bool{
	"type": true, "source": true, "src": true, "target": true, "dst": true, "destination": true,
	"readonly": true, "ro": true, "rw": true, "consistency": true,
	"bind-propagation": true, "bind-nonrecursive": true, "bind-recursive": true, "bind-create-src": true,
	"volume-driver": true, "volume-label": true, "volume-nocopy": true, "volume-opt": true, "volume-subpath": true,
	"tmpfs-size": true, "tmpfs-mode": true, "image-subpath": true, "image-src": true, "id": true,
	"relabel": true, "u": true, "chown": true, "idmap": true, "tmpcopyup": true, "notmpcopyup": true,
	"nocopy": true, "copy": true, "subpath": true, "mode": true, "uid": true, "gid": true, "size": true,
	"z": true, "bind-nonrecursive-ro": true, "readwrite": true, "rro": true,
}

// mountField is one KEY[=VALUE] field of a --mount record.
type mountField struct {
	key, val string
	eq       bool
}

// parseMountCSV reads s as the runtimes read a --mount value: its first
// CSV record, each field KEY[=VALUE] with the key lower-cased. ok is
// false when s is not a valid record or has a key no runtime knows.
func parseMountCSV(s string) (fields []mountField, ok bool) {
	r := csv.NewReader(strings.NewReader(s))
	rec, err := r.Read()
	if err != nil {
		return nil, false
	}
	fields = make([]mountField, 0, len(rec))
	for _, f := range rec {
		k, v, eq := strings.Cut(f, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !mountKeys[k] {
			return nil, false
		}
		fields = append(fields, mountField{k, v, eq})
	}
	return fields, true
}
