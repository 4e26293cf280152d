package gate

import (
	"fmt"
	"strings"
)

// PendingTexts returns the two texts of a pending change for a person to
// compare before accepting it (mandate policy accept): the accepted text
// and the file's text as c found it. A text that is absent (no policy
// file was accepted, the file was removed) is nil. The file's text is
// read again and must still be the one c found: a change made since is
// an error, so what a person is shown is what Accept will accept (Accept
// checks the digest again under the pins lock).
func PendingTexts(stateDir string, c PendingChange) (accepted, found []byte, err error) {
	p := &pinStore{dir: stateDir}
	if c.Accepted != digestAbsent {
		if accepted, err = p.readObject(c.Accepted, maxConfigSize); err != nil {
			return nil, nil, err
		}
	}
	switch {
	case c.Found == digestAbsent:
		return accepted, nil, nil
	case !strings.HasPrefix(c.Found, "sha256:"):
		return nil, nil, fmt.Errorf("%s is not a readable file (%s)", c.Path, c.Found)
	}
	found, err = readRegular(c.Path, maxConfigSize, true)
	if err != nil {
		return nil, nil, err
	}
	if d := digestBytes(found); d != c.Found {
		return nil, nil, fmt.Errorf("%s changed since it was listed (it is %s now)", c.Path, d)
	}
	return accepted, found, nil
}
