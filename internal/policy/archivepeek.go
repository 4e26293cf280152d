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
	"io/fs"
	"path"
	"strings"
	"sync"
)

// Archive members, read to tell whether an extraction makes a repository
// (nestedcopies.go) or writes outside its destination (archiveescape.go).
// Only the member names (and link targets) are read, of the formats the
// standard library reads: tar (plain, gzip, bzip2) and zip. Bounded: an
// archive past maxPeekBytes (read, after decompression) or maxPeekMembers
// cannot be told, and neither can another format; the caller asks. The
// answer is cached by the file's identity, size and times.

const (
	maxPeekBytes   = 32 << 20
	maxPeekMembers = 100000
)

// maxEscapes bounds the escaping members an archive's answer keeps.
const maxEscapes = 16

// archivePeek is what an archive's listing tells.
type archivePeek struct {
	// member makes a repository where the archive is extracted ("" for
	// none); why says why the archive could not be told ("" when it
	// could).
	member, why string
	// escapes are members whose names leave the directory they are
	// extracted into (../x, /abs), cleaned; linksOut are link members
	// whose targets do (what is written through them lands outside).
	escapes, linksOut []string
	// escapesMore: more members escape than escapes keeps
	escapesMore bool
	// archive: the file is an archive by its content (a tar header, a
	// zip, or the magic of a format not read here), whether or not it
	// could be listed.
	archive bool
}

// peekCache remembers archives by identity.
var peekCache struct {
	mu sync.Mutex
	m  map[hashKey]archivePeek
}

// archiveRepository returns a member of the archive file p that makes a
// repository where it is extracted (a .git, or the HEAD, objects/ and
// refs/ of a git directory), or why that cannot be told; both "" when
// the archive holds none, or p does not exist (nothing is extracted).
func (ev *evaluation) archiveRepository(p string) (member, why string) {
	pk := ev.peekArchive(p)
	return pk.member, pk.why
}

// peekArchive lists the archive file p (see archivePeek); the zero answer
// when p does not exist.
func (ev *evaluation) peekArchive(p string) archivePeek {
	info, ok := ev.stat(p)
	if !ok {
		return archivePeek{}
	}
	if !info.Mode.IsRegular() {
		return archivePeek{why: fmt.Sprintf("%s is not a regular file", ev.displayPath(p))}
	}
	key := hashKey{info.Dev, info.Ino, info.Size, info.Mtime, info.Ctime}
	if info.Ino != 0 {
		peekCache.mu.Lock()
		v, hit := peekCache.m[key]
		peekCache.mu.Unlock()
		if hit {
			return v
		}
	}
	f, err := ev.open(p)
	if err != nil {
		return archivePeek{why: fmt.Sprintf("it cannot be read (%v)", err)}
	}
	pk := archiveMembers(io.LimitReader(f, maxPeekBytes+1))
	f.Close()
	if info.Ino != 0 {
		peekCache.mu.Lock()
		if peekCache.m == nil || len(peekCache.m) >= hashCacheMax {
			peekCache.m = map[hashKey]archivePeek{}
		}
		peekCache.m[key] = pk
		peekCache.mu.Unlock()
	}
	return pk
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

// archiveMembers reads the archive r (see peekArchive).
func archiveMembers(r io.Reader) archivePeek {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	var body io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		z, err := gzip.NewReader(br)
		if err != nil {
			return archivePeek{why: "its gzip stream cannot be read"}
		}
		body = z
	case bytes.HasPrefix(head, []byte("BZh")):
		body = bzip2.NewReader(br)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return zipMembers(br)
	case len(head) >= 262 && string(head[257:262]) == "ustar":
	default:
		return archivePeek{why: "its format is not one Mandate reads (tar, tar.gz, tar.bz2, zip)", archive: archiveMagic(head)}
	}
	tr := tar.NewReader(&countingReader{r: body})
	var names []string
	var links [][2]string                             // symlink members: name, target as a member name
	pk := archivePeek{archive: body == io.Reader(br)} // a ustar header; a compressed stream is a tar once a header reads
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errPeekLimit) || n >= maxPeekMembers {
			pk.why = errPeekLimit.Error()
			return pk
		}
		if err != nil {
			pk.why = fmt.Sprintf("it cannot be listed (%v)", err)
			return pk
		}
		pk.archive = true
		names = append(names, h.Name)
		pk.escape(throughLinks(links, h.Name))
		if h.Typeflag == tar.TypeSymlink || h.Typeflag == tar.TypeLink {
			pk.linkOut(h.Name, h.Linkname, h.Typeflag == tar.TypeLink)
			if h.Typeflag == tar.TypeSymlink && len(links) < maxEscapes {
				links = append(links, [2]string{path.Clean(strings.ReplaceAll(h.Name, "\\", "/")), linkTarget(h.Name, h.Linkname)})
			}
		}
	}
	pk.member = repositoryMember(names)
	return pk
}

// zipMembers lists a zip archive (its directory is at its end: read whole,
// within the bounds).
func zipMembers(r io.Reader) archivePeek {
	data, err := io.ReadAll(r)
	if err != nil {
		return archivePeek{why: fmt.Sprintf("it cannot be read (%v)", err), archive: true}
	}
	if len(data) > maxPeekBytes {
		return archivePeek{why: errPeekLimit.Error(), archive: true}
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return archivePeek{why: fmt.Sprintf("it cannot be listed (%v)", err), archive: true}
	}
	if len(z.File) > maxPeekMembers {
		return archivePeek{why: errPeekLimit.Error(), archive: true}
	}
	pk := archivePeek{archive: true}
	names := make([]string, len(z.File))
	for i, f := range z.File {
		names[i] = f.Name
		pk.escape(f.Name)
		if f.Mode()&fs.ModeSymlink != 0 {
			target := "/" // unreadable: taken as leaving
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 4096))
				rc.Close()
				target = string(b)
			}
			pk.linkOut(f.Name, target, false)
		}
	}
	pk.member = repositoryMember(names)
	return pk
}

// escape notes name when it leaves the extraction directory: absolute
// (a drive letter too), or climbing out with "..", backslashes read as
// separators (as Windows extractors do).
func (pk *archivePeek) escape(name string) {
	e, ok := escapingName(name)
	switch {
	case !ok:
	case len(pk.escapes) < maxEscapes:
		pk.escapes = append(pk.escapes, e)
	default:
		pk.escapesMore = true
	}
}

// linkOut notes a link member whose target leaves the extraction
// directory: relative to the link's directory for a symlink, to the
// destination for a hard link.
func (pk *archivePeek) linkOut(name, target string, hard bool) {
	t := strings.ReplaceAll(target, "\\", "/")
	if !hard && !path.IsAbs(t) && !driveLetter(t) {
		t = path.Join(path.Dir(strings.ReplaceAll(name, "\\", "/")), t)
	}
	if _, ok := escapingName(t); ok && len(pk.linksOut) < maxEscapes {
		pk.linksOut = append(pk.linksOut, name+" -> "+target)
	}
}

// linkTarget is the target of the symlink member name as a member name
// (relative to the extraction directory, or absolute).
func linkTarget(name, target string) string {
	t := strings.ReplaceAll(target, "\\", "/")
	if path.IsAbs(t) || driveLetter(t) {
		return t
	}
	return path.Join(path.Dir(strings.ReplaceAll(name, "\\", "/")), t)
}

// throughLinks returns name as written through the symlink members
// before it (out -> ../.. then out/x writes ../../x), or name.
func throughLinks(links [][2]string, name string) string {
	n := path.Clean(strings.ReplaceAll(name, "\\", "/"))
	for i := len(links) - 1; i >= 0; i-- {
		if rest, ok := strings.CutPrefix(n, links[i][0]+"/"); ok {
			return path.Join(links[i][1], rest)
		}
	}
	return name
}

// escapingName returns the cleaned name and true when name leaves the
// directory it is extracted into.
func escapingName(name string) (string, bool) {
	n := strings.ReplaceAll(name, "\\", "/")
	if driveLetter(n) {
		return n, true
	}
	c := path.Clean(n)
	if path.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") {
		return c, true
	}
	return "", false
}

// driveLetter reports a Windows absolute name (C:/x, C:x).
func driveLetter(n string) bool {
	return len(n) >= 2 && n[1] == ':' && (n[0]|0x20 >= 'a' && n[0]|0x20 <= 'z')
}

// archiveMagic reports the magic numbers of the archive formats not read
// here: 7z, rar, cpio (new, old ASCII, binary), ar, xar, cab, squashfs,
// lzh, xz and zstd (a compressed tar, as often as not).
func archiveMagic(head []byte) bool {
	for _, m := range archiveMagics {
		if bytes.HasPrefix(head, m) {
			return true
		}
	}
	return len(head) > 7 && string(head[2:5]) == "-lh" // lha
}

var archiveMagics = [][]byte{
	[]byte("7z\xbc\xaf\x27\x1c"), []byte("Rar!\x1a\x07"), []byte("070701"), []byte("070702"), []byte("070707"),
	{0xc7, 0x71}, {0x71, 0xc7}, []byte("!<arch>\n"), []byte("xar!"), []byte("MSCF"), []byte("hsqs"), []byte("sqsh"),
	{0xfd, '7', 'z', 'X', 'Z', 0}, {0x28, 0xb5, 0x2f, 0xfd},
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
