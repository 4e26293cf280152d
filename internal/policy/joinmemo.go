package policy

import (
	"path"
	"sync/atomic"
)

// joinMemo remembers its last path.Join(dir, name) for a fixed name: every
// evaluation joins the repository root with the policy file's name and the
// home directory with the state directory's, and these are the same from
// call to call. The result is a pure function of dir (name is fixed per
// memo), so whichever evaluation stored the last answer, a hit is exactly
// what path.Join would return.
type joinMemo struct {
	name string
	last atomic.Pointer[[2]string] // dir, path.Join(dir, name)
}

func (m *joinMemo) join(dir string) string {
	if l := m.last.Load(); l != nil && l[0] == dir {
		return l[1]
	}
	r := path.Join(dir, m.name)
	m.last.Store(&[2]string{dir, r})
	return r
}

var (
	rootPolicyJoin  = &joinMemo{name: FileName}
	rootRPolicyJoin = &joinMemo{name: FileName}
	homeStateJoin   = &joinMemo{name: ".local/state/mandate"}
)
