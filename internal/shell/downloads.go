package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Downloads into a directory (red-team round 11 #14): subcommands that
// fetch files whose names the line does not show (release assets, run
// artifacts) into a directory, -D DIR or else the working directory.
// What they write is the directory's content: a write of the directory
// (denied over a directory holding a protected file, a binary directory),
// unless name patterns say every file (-p NAME: DIR/NAME, a pattern with
// a wildcard DIR/PATTERN as a glob) or an output file is given (-O FILE).
// The files are noted as the line's writes with content not known: code
// to a later runner (writtencode.go).

// downloadDir is how a download subcommand says where it writes.
type downloadDir struct {
	dir     string // options naming the directory
	names   string // options whose values are the names (or patterns) of the files
	file    string // options naming the one file written ("-": standard output)
	all     string // options that add files of other names (gh --archive)
	cache   bool   // without a dir option it writes to its own cache, not the working directory
	posDest bool   // copy-like: every local operand after the first may be the destination (aws s3 sync SRC DST)
	values  string // options taking a value (posDest: their values are no operands)
}

// The transfer tools' rows share the copy-like shape.
var (
	s3Copy     = downloadDir{posDest: true, values: "--exclude --include --acl --storage-class --sse --sse-kms-key-id --region --profile --endpoint-url --metadata --content-type --cache-control --grants --expected-size --page-size"}
	gsCopy     = downloadDir{posDest: true, values: "-x -h -p -z -Z -j -J -a -s -I --exclude-name-pattern --include-name-pattern"}
	rcloneCopy = downloadDir{posDest: true, values: "--include --exclude --filter --config --transfers --checkers --bwlimit --max-age --min-age --max-size --min-size --include-from --exclude-from --filter-from"}
	hfDownload = downloadDir{dir: "--local-dir --local_dir", cache: true}
)

var downloadDirs = &lazy.Value[map[string]downloadDir]{New: func() map[string]downloadDir {
	return map[string]downloadDir{
		"gh release download":   {dir: "-D --dir", names: "-p --pattern", file: "-O --output", all: "-A --archive"},
		"gh run download":       {dir: "-D --dir"}, // -n/-p choose artifacts, whose files are of any name
		"glab release download": {dir: "-D --dir", names: "-n --asset-name"},
		"glab job artifact":     {dir: "-p --path"},
		// OCI artifacts and model hubs: files named by the remote
		"oras pull":                    {dir: "-o --output"},
		"huggingface-cli download":     hfDownload,
		"hf download":                  hfDownload,
		"modelscope download":          hfDownload,
		"kaggle datasets download":     {dir: "-p --path"},
		"kaggle competitions download": {dir: "-p --path"},
		"kaggle kernels output":        {dir: "-p --path"},
		"kaggle kernels pull":          {dir: "-p --path"},
		"dvc get":                      {dir: "-o --out"},
		"dvc import":                   {dir: "-o --out"},
		"ollama pull":                  {cache: true},
		// object stores and remotes copied or synchronised here
		"aws s3 cp": s3Copy, "aws s3 sync": s3Copy, "aws s3 mv": s3Copy,
		"gsutil cp": gsCopy, "gsutil rsync": gsCopy, "gsutil mv": gsCopy,
		"gcloud storage cp": gsCopy, "gcloud storage rsync": gsCopy, "gcloud storage mv": gsCopy,
		"rclone copy": rcloneCopy, "rclone sync": rcloneCopy, "rclone copyto": rcloneCopy, "rclone move": rcloneCopy,
		"rclone moveto": rcloneCopy, "rclone bisync": rcloneCopy, "rclone copyurl": rcloneCopy,
		"azcopy copy": {posDest: true, values: "--include-pattern --exclude-pattern --include-path --exclude-path --log-level"},
		"azcopy sync": {posDest: true, values: "--include-pattern --exclude-pattern --log-level"},
		"s5cmd cp":    {posDest: true}, "s5cmd sync": {posDest: true},
		"mc cp": {posDest: true}, "mc mirror": {posDest: true},
	}
}}

// downloadPrograms are the programs of downloadDirs' keys, with the
// global options that take a value before their subcommand.
var downloadPrograms = &lazy.Value[map[string]string]{New: func() map[string]string {
	m := map[string]string{}
	for k := range downloadDirs.Get() {
		p, _, _ := strings.Cut(k, " ")
		m[p] = subcommandValueOpts.Get()[p]
	}
	m["aws"] = "--profile --region --endpoint-url --output --query --color --cli-read-timeout --cli-connect-timeout --ca-bundle"
	m["gcloud"] = "--project --account --configuration --format --verbosity --impersonate-service-account"
	m["gsutil"] = "-o -h -u"
	m["rclone"] = "--config"
	return m
}}

// downloadKey returns c's downloadDirs key ("gh release download") and
// the index after it: the program's first words that are no option, nor
// the value of one before the subcommand (gh -R owner/repo release …).
func (c *cmd) downloadKey() (string, int) {
	vals, ok := downloadPrograms.Get()[c.name]
	if !ok {
		return "", 0
	}
	key := c.name
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		switch {
		case f.dyn:
			return "", 0
		case inFields(vals, f.s):
			i++
		case strings.HasPrefix(f.s, "-"):
		default:
			key += " " + f.s
			if _, ok := downloadDirs.Get()[key]; ok {
				return key, i + 1
			}
			if strings.Count(key, " ") >= 3 {
				return "", 0
			}
		}
	}
	return "", 0
}

// remoteOperand reports whether a copy operand names a remote
// (s3://b, gs://b, remote:path, alias/bucket for mc is not told apart).
func remoteOperand(s string) bool {
	if strings.Contains(s, "://") {
		return true
	}
	i := strings.IndexByte(s, ':')
	return i > 1 && !strings.Contains(s[:i], "/")
}

// downloadWrites reports what a download subcommand writes.
func (c *cmd) downloadWrites() {
	key, from := c.downloadKey()
	if key == "" {
		return
	}
	d := downloadDirs.Get()[key]
	if d.posDest {
		c.copyDestWrites(key, d, from)
		return
	}
	dir := field{s: "."}
	dirGiven := false
	var names []field
	file, all := false, false
	for i := from; i < len(c.args); i++ {
		if c.args[i].dyn && strings.HasPrefix(c.s(i), "-") {
			c.opaque(key + " option not known statically: where it writes is not known")
			return
		}
		for _, set := range []string{d.dir, d.names, d.file} {
			if set == "" {
				continue
			}
			f, ok := optionField(set, c.args, i)
			if !ok {
				continue
			}
			if inFields(set, c.s(i)) {
				c.notCandidate(i + 1)
			}
			switch set {
			case d.dir:
				dir, dirGiven = f, true
			case d.names:
				names = append(names, f)
			case d.file:
				file = true
				if f.s != "-" && !discardTarget(f.s) {
					c.write(f, key+" output")
				}
			}
		}
		if d.all != "" && (inFields(d.all, c.s(i)) || strings.HasPrefix(c.s(i), "--archive=")) {
			all = true
		}
	}
	why := key + " directory"
	switch {
	case d.cache && !dirGiven:
		// its own cache, outside the working directory
	case file && !all:
	case len(names) == 0 || all:
		c.write(dir, why+" (files of names not known)")
	default:
		for _, n := range names {
			if n.dyn || strings.Contains(n.s, "/") {
				c.write(dir, why+" (files of names not known)")
				continue
			}
			f := joinField(dir, n.s)
			f.glob = isGlobPattern(n.s)
			c.write(f, why)
		}
	}
}

// copyDestWrites judges a copy-like transfer: every local operand after
// the first may be its destination, written with files of names the
// remote chooses.
func (c *cmd) copyDestWrites(key string, d downloadDir, from int) {
	first := true
	for i := from; i < len(c.args); i++ {
		f := c.args[i]
		switch {
		case f.dyn && strings.HasPrefix(f.s, "-"):
			c.opaque(key + " option not known statically: where it writes is not known")
			return
		case inFields(d.values, f.s):
			i++
			continue
		case strings.HasPrefix(f.s, "-"):
			continue
		}
		if first {
			first = false
			continue
		}
		if f.dyn || !remoteOperand(f.s) {
			c.notCandidate(i)
			c.write(f, key+" destination (files of names not known)")
		}
	}
}
