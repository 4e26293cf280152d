package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Object names git cat-file prints no file content for. cat-file -p OBJ
// prints a blob's content, but a commit's header or a tree's listing
// (names and ids) for the others; the names that cannot denote a blob,
// whatever the repository holds, are statically known:
//
//   - HEAD and @: git refuses to point HEAD (or a branch) at anything but
//     a commit;
//   - a name ending in a commit navigation (REV~N, REV^N, REV~, REV^,
//     REV^{commit}, REV^{/text}): a commit, or an error;
//   - REV^{tree}: a tree.
//
// Any other name (a branch or tag name, which a tag may make a blob; an
// object id; REV^{} which peels a tag to whatever it points at) may be
// any file git holds.

// gitNoContentTypes are cat-file's type arguments that print no file
// content (git cat-file commit HEAD).
var gitNoContentTypes = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"commit": true, "tree": true, "tag": true}
}}

// gitCommitOrTree reports whether the object name s can only be a commit
// or a tree.
func gitCommitOrTree(s string) bool {
	if s == "HEAD" || s == "@" {
		return true
	}
	if strings.HasSuffix(s, "^{commit}") || strings.HasSuffix(s, "^{tree}") {
		return len(s) > len("^{tree}")
	}
	if i := strings.LastIndex(s, "^{/"); i > 0 && strings.HasSuffix(s, "}") {
		return true // the youngest commit whose message matches
	}
	t := strings.TrimRight(s, "0123456789")
	if t == "" || t == s && !strings.HasSuffix(s, "~") && !strings.HasSuffix(s, "^") {
		return false
	}
	if !strings.HasSuffix(t, "~") && !strings.HasSuffix(t, "^") {
		return false // digits ending a name (an object id)
	}
	return len(t) > 1
}
