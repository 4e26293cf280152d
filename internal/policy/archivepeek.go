package policy

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
)

// Archive members, read to tell whether an extraction makes a repository
// (nestedcopies.go). Only the member names are read, of the formats the
// standard library reads: tar (plain, gzip, bzip2) and zip. Bounded: an
// archive past maxPeekBytes (read, after decompression) or maxPeekMembers
// cannot be told, and neither can another format; the caller asks. The
// answer is cached by the file's identity, size and times.

const (
	maxPeekBytes   = 32 << 20
	maxPeekMembers = 100000
)

// peekCache remembers archives by identity: the repository member found
// ("" for none) and why it could not be told.
var peekCache struct {
	mu sync.Mutex
	m  map[hashKey][2]string
}

// archiveRepository returns a member of the archive file p that makes a
// repository where it is extracted (a .git, or the HEAD, objects/ and
// refs/ of a git directory), or why that cannot be told; both "" when
// the archive holds none, or p does not exist (nothing is extracted).
func (ev *evaluation) archiveRepository(p string) (member, why string) {
	info, ok := ev.stat(p)
	if !ok {
		return "", ""
	}
	if !info.Mode.IsRegular() {
		return "", fmt.Sprintf("%s is not a regular file", ev.displayPath(p))
	}
	key := hashKey{info.Dev, info.Ino, info.Size, info.Mtime, info.Ctime}
	if info.Ino != 0 {
		peekCache.mu.Lock()
		v, hit := peekCache.m[key]
		peekCache.mu.Unlock()
		if hit {
			return v[0], v[1]
		}
	}
	f, err := ev.open(p)
	if err != nil {
		return "", fmt.Sprintf("it cannot be read (%v)", err)
	}
	member, why = archiveMembers(io.LimitReader(f, maxPeekBytes+1))
	f.Close()
	if info.Ino != 0 {
		peekCache.mu.Lock()
		if peekCache.m == nil || len(peekCache.m) >= hashCacheMax {
			peekCache.m = map[hashKey][2]string{}
		}
		peekCache.m[key] = [2]string{member, why}
		peekCache.mu.Unlock()
	}
	return member, why
}

// errPeekLimit is an archive larger than the bounds.
var errPeekLimit = errors.New("the archive is too large to list")

// countingReader fails past maxPeekBytes.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > maxPeekBytes {
		return n, errPeekLimit
	}
	return n, err
}

// archiveMembers reads the archive r (see archiveRepository).
func archiveMembers(r io.Reader) (member, why string) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	var body io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		z, err := gzip.NewReader(br)
		if err != nil {
			return "", "its gzip stream cannot be read"
		}
		body = z
	case bytes.HasPrefix(head, []byte("BZh")):
		body = bzip2.NewReader(br)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return zipMembers(br)
	case len(head) >= 262 && string(head[257:262]) == "ustar":
	default:
		return "", "its format is not one Mandate reads (tar, tar.gz, tar.bz2, zip)"
	}
	tr := tar.NewReader(&countingReader{r: body})
	var names []string
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errPeekLimit) || n >= maxPeekMembers {
			return "", errPeekLimit.Error()
		}
		if err != nil {
			return "", fmt.Sprintf("it cannot be listed (%v)", err)
		}
		names = append(names, h.Name)
	}
	return repositoryMember(names), ""
}

// zipMembers lists a zip archive (its directory is at its end: read whole,
// within the bounds).
func zipMembers(r io.Reader) (member, why string) {
	data, err := io.ReadAll(r)
	if err != nil {
		return "", fmt.Sprintf("it cannot be read (%v)", err)
	}
	if len(data) > maxPeekBytes {
		return "", errPeekLimit.Error()
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Sprintf("it cannot be listed (%v)", err)
	}
	if len(z.File) > maxPeekMembers {
		return "", errPeekLimit.Error()
	}
	names := make([]string, len(z.File))
	for i, f := range z.File {
		names[i] = f.Name
	}
	return repositoryMember(names), ""
}

// repositoryMember returns the first member path that makes a repository
// where the archive is extracted: a segment .git (any case), or a
// directory holding HEAD, objects/ and refs/.
func repositoryMember(names []string) string {
	parts := map[string]int{} // directory -> which of HEAD, objects, refs it holds
	for _, name := range names {
		name = strings.TrimPrefix(strings.ReplaceAll(name, "\\", "/"), "./")
		segs := strings.Split(strings.Trim(name, "/"), "/")
		for i, s := range segs {
			if foldSeg(s) == ".git" { // .GIT, .git. (fold.go)
				return strings.Join(segs[:i+1], "/")
			}
		}
		for i, s := range segs {
			bit := 0
			switch s {
			case "HEAD":
				bit = 1
			case "objects":
				bit = 2
			case "refs":
				bit = 4
			}
			if bit == 0 || (bit == 1 && i != len(segs)-1) {
				continue
			}
			dir := path.Join(segs[:i]...)
			if parts[dir] |= bit; parts[dir] == 7 {
				if dir == "" {
					return "(its top level: HEAD, objects/, refs/)"
				}
				return dir
			}
		}
	}
	return ""
}
