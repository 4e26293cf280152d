package policy

import (
	"fmt"
	"strings"
)

// Patches printed or mailed by git's request and mail commands:
//
//   - request-pull [-p] START URL [END]: a summary of START..END (END
//     defaults to HEAD); -p appends the patch, the content of every file
//     the range changes;
//   - send-email [OPTIONS] REVS…: runs format-patch over the revision
//     arguments (every one not taken for a patch file or directory) and
//     mails the patches, or prints them with --dry-run. Words that read as
//     patch files (*.patch, *.diff, *.mbox, *.eml, a directory/) and every
//     word under --no-format-patch are files the analysis judges; the
//     rest are revisions judged as format-patch judges them.

// patchFileSuffixes mark a send-email argument as a file of patches.
var patchFileSuffixes = []string{".patch", ".diff", ".mbox", ".eml", ".msg", ".txt", "/"}

// sendEmailVal are send-email's own options that take a value.
var sendEmailVal = []string{"from", "to", "cc", "bcc", "subject", "in-reply-to", "reply-to", "compose-encoding",
	"8bit-encoding", "transfer-encoding", "xmailer", "envelope-sender", "smtp-server", "smtp-server-port",
	"smtp-server-option", "smtp-user", "smtp-pass", "smtp-domain", "smtp-encryption", "smtp-ssl-cert-path",
	"smtp-auth", "smtp-debug", "sendmail-cmd", "to-cmd", "cc-cmd", "header-cmd", "identity", "suppress-cc",
	"confirm", "batch-size", "relogin-delay", "chain-reply-to", "thread", "validate", "annotate", "signed-off-by-cc"}

// mailHistoryReads reads what request-pull and send-email print or mail
// from history; nil for other commands.
func mailHistoryReads(g *gitCall) []histRead {
	switch g.sub {
	case "request-pull":
		opts, pos, _ := gitArgs(g.args, optSet{})
		if !hasOpt(opts, "-p") || len(pos) < 2 {
			return nil // shortlog and diffstat: names, no content
		}
		end := "HEAD"
		if len(pos) > 2 {
			end = pos[2]
			if i := strings.IndexByte(end, ':'); i >= 0 {
				end = end[:i] // LOCAL:REMOTE
			}
		}
		for _, w := range []string{pos[0], end} {
			if !revOK(w) {
				return []histRead{{kind: hUnknown, why: fmt.Sprintf("%q is not known before the line runs", w)}}
			}
		}
		return []histRead{{kind: hCommits, revs: []string{pos[0] + ".." + end}}}
	case "send-email":
		var rest []string
		fp := true
		for i := 0; i < len(g.args); i++ {
			a := g.args[i]
			name, _, eq := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			switch {
			case a == "--no-format-patch":
				fp = false
			case a == "--format-patch" || a == "--dry-run" || a == "--quiet" || a == "--annotate" || a == "--compose":
			case strings.HasPrefix(a, "--") && slicesContains(sendEmailVal, name):
				if !eq {
					i++
				}
			case strings.HasPrefix(a, "--no-") && slicesContains(sendEmailVal, strings.TrimPrefix(name, "no-")):
			case !strings.HasPrefix(a, "-") && patchFile(a):
			default:
				rest = append(rest, a)
			}
		}
		if !fp {
			return nil
		}
		if len(rest) == 0 {
			return nil // patch files only
		}
		return historyReads(&gitCall{c: g.c, dir: g.dir, sub: "format-patch", args: rest, config: g.config,
			elsewhere: g.elsewhere, noReplace: g.noReplace})
	}
	return nil
}

func patchFile(w string) bool {
	for _, s := range patchFileSuffixes {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}
