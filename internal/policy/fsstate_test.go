package policy

import (
	"errors"
	"io/fs"
	"strconv"
	"testing"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// countingFS answers Lstat with the name's length as its size (a name
// ending in "x" is missing) and counts the questions.
type countingFS struct{ asked map[string]int }

func (c *countingFS) Lstat(name string) (fsview.Info, error) {
	c.asked[name]++
	if name[len(name)-1] == 'x' {
		return fsview.Info{}, fs.ErrNotExist
	}
	return fsview.Info{Size: int64(len(name)), Ino: uint64(c.asked[name])}, nil
}
func (c *countingFS) Readlink(string) (string, error)       { return "", fs.ErrInvalid }
func (c *countingFS) ReadDir(string, int) ([]string, error) { return nil, fs.ErrInvalid }

// TestEvalFSKeeps: with its answers in the short list or in the map,
// evalFS asks the file system once per name, answers every later
// question as the first time, and remember replaces an answer.
func TestEvalFSKeeps(t *testing.T) {
	for _, n := range []int{1, fewLstats - 1, fewLstats, fewLstats + 1, 5 * fewLstats} {
		c := &countingFS{asked: map[string]int{}}
		e := &evalFS{fsys: c}
		name := func(i int) string {
			s := "/p/" + strconv.Itoa(i)
			if i%3 == 0 {
				s += "x"
			}
			return s
		}
		for round := 0; round < 3; round++ {
			for i := 0; i < n; i++ {
				info, err := e.Lstat(name(i))
				if missing := i%3 == 0; missing != errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("n=%d: Lstat(%q): %v", n, name(i), err)
				}
				if err == nil && (info.Size != int64(len(name(i))) || info.Ino != 1) {
					t.Fatalf("n=%d round %d: Lstat(%q) = %+v, not the first answer", n, round, name(i), info)
				}
			}
		}
		for i := 0; i < n; i++ {
			if c.asked[name(i)] != 1 {
				t.Fatalf("n=%d: %q asked %d times", n, name(i), c.asked[name(i)])
			}
		}
		e.remember(name(0), fsview.Info{Size: 99})
		e.remember("/walked", fsview.Info{Size: 7})
		if info, err := e.Lstat(name(0)); err != nil || info.Size != 99 {
			t.Fatalf("n=%d: after remember, Lstat = %+v, %v", n, info, err)
		}
		if info, err := e.Lstat("/walked"); err != nil || info.Size != 7 || c.asked["/walked"] != 0 {
			t.Fatalf("n=%d: a remembered path: %+v, %v, asked %d", n, info, err, c.asked["/walked"])
		}
	}
}
