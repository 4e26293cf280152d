package policy

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Mandate fronts by another name. A program given one of Mandate's
// subcommands that change something (prune, uninstall, init, …) is taken
// for Mandate when it is not a protected binary but:
//
//   - its file names Mandate in its content: a Mandate build (Go build info
//     carries the main module, github.com/mandate-dev/mandate), or a script
//     that runs Mandate (exec mandate-engine "$@"), made by an earlier call
//     (go build -o src/mm …/cmd/mandate, then src/mm prune);
//   - or its program word is a path that does not exist when the line is
//     decided and the line does not write it: it cannot run as decided, and
//     whatever is there when it runs was made outside this decision.
//
// A bare name not found on PATH is left alone (npm install on a machine
// without npm fails by itself; the name is judged as today).

// mandateMarker is the byte string every Mandate build and every script
// that runs one contains.
const mandateMarker = "mandate"

// maxFrontScan bounds the bytes of a program file scanned for the marker.
const maxFrontScan = 256 << 20

// frontCache remembers scanned files by identity, size and times.
var frontCache struct {
	mu sync.Mutex
	m  map[hashKey]bool
}

// absentFront reports why c, whose program file is not found, is taken
// for Mandate, or "". A program the line itself writes (a build tool's
// output, judged by madeByLine) is not absent.
func (ev *evaluation) absentFront(c *shell.Command) string {
	if !strings.Contains(c.Prog, "/") || ev.lineWriter(absIn(c.Cwd, ev.cwd, c.Prog)) != "" {
		return ""
	}
	w := firstWord(c.Args)
	if !mandateOnly.Get()[w] {
		return ""
	}
	return fmt.Sprintf("%s does not exist when the line is decided and is given Mandate's subcommand %q: whatever runs there was made outside this decision (a Mandate front built by an earlier call)", c.Prog, w)
}

// namesMandate reports why the program file p is taken for Mandate by its
// content, or "".
func (ev *evaluation) namesMandate(p string, info fsview.Info) string {
	key := hashKey{info.Dev, info.Ino, info.Size, info.Mtime, info.Ctime}
	frontCache.mu.Lock()
	hit, ok := frontCache.m[key]
	frontCache.mu.Unlock()
	if !ok || info.Ino == 0 {
		f, err := ev.open(p)
		if err != nil {
			return fmt.Sprintf("a program given Mandate's subcommand that cannot be read to tell whether it is Mandate (%v)", err)
		}
		hit, err = containsMarker(io.LimitReader(f, maxFrontScan))
		f.Close()
		if err != nil {
			return fmt.Sprintf("a program given Mandate's subcommand that cannot be read to tell whether it is Mandate (%v)", err)
		}
		if info.Ino != 0 {
			frontCache.mu.Lock()
			if frontCache.m == nil || len(frontCache.m) >= hashCacheMax {
				frontCache.m = map[hashKey]bool{}
			}
			frontCache.m[key] = hit
			frontCache.mu.Unlock()
		}
	}
	if hit {
		return "a program whose content names Mandate (a Mandate build, or a script that runs it), given Mandate's subcommand"
	}
	return ""
}

// containsMarker scans r for mandateMarker, in chunks that overlap by the
// marker's length.
func containsMarker(r io.Reader) (bool, error) {
	buf := make([]byte, 64<<10)
	keep := 0
	for {
		n, err := r.Read(buf[keep:])
		if bytes.Contains(buf[:keep+n], []byte(mandateMarker)) {
			return true, nil
		}
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		total := keep + n
		keep = min(len(mandateMarker)-1, total)
		copy(buf, buf[total-keep:total])
	}
}
