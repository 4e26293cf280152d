package fsview

import (
	"errors"
	"fmt"
)

// ErrBudget is returned when a question needs more file-system calls than
// its caller allowed. The budget is a count of calls, not a duration, so
// that the same tree always gets the same answer.
var ErrBudget = errors.New("fsview: too much file-system work")

// budget counts the calls made through it and refuses the one past max.
type budget struct {
	fsys FS
	n    int
	max  int
}

func (b *budget) spend() error {
	if b.n++; b.n > b.max {
		return fmt.Errorf("%w (%d calls)", ErrBudget, b.max)
	}
	return nil
}

func (b *budget) Lstat(name string) (Info, error) {
	if err := b.spend(); err != nil {
		return Info{}, err
	}
	return b.fsys.Lstat(name)
}

func (b *budget) Readlink(name string) (string, error) {
	if err := b.spend(); err != nil {
		return "", err
	}
	return b.fsys.Readlink(name)
}

func (b *budget) ReadDir(name string, max int) ([]string, error) {
	if err := b.spend(); err != nil {
		return nil, err
	}
	return b.fsys.ReadDir(name, max)
}

// fatal reports whether err must end a glob or a walk rather than be
// taken as "nothing there": the budget and the limits are the caller's,
// and a name too long is an answer the caller must see.
func fatal(err error) bool {
	return errors.Is(err, ErrBudget) || errors.Is(err, ErrLimit) || errors.Is(err, ErrTooLong)
}
