package shell

import (
	"errors"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Task files the line writes, then runs. A task runner (make, just,
// go-task, mise, lefthook, treefmt, npm's scripts, a Procfile runner, …)
// runs the commands of a file it finds by its own rules: the file an
// option names, else the first of its names in the directory an option
// names or the cwd (or, for the runners that walk up, in a directory
// above). When the line wrote that file, its text is the line's own:
//
//   - makefiles are read as makefiles (makefile.go), justfiles as
//     justfiles (justfile.go): their recipes are shell code, analysed;
//   - the other formats (YAML, TOML, JSON, INI, Procfile) are read with
//     the structured scan of candstruct.go: every command line in them
//     is a candidate command, and the run is opaque (what the runner makes
//     of its file is not modelled);
//   - a task file in another programming language (Rakefile, tasks.py,
//     build.gradle, Tiltfile) is opaque, as python FILE is after the line
//     writes FILE;
//   - a task file the line writes with text not known statically (cp, a
//     download, sed -i, an archive extracted above it) is opaque, unless
//     the runner itself or a build system wrote it (npm install writes
//     package.json, cmake -B build writes build/Makefile).
//
// A task file on disk that the line does not write is the project's own,
// as a script is (the OS sandbox is its backstop). Which programs are
// task runners, their file names and options, is the table taskRunners.

// taskRunner is how one program finds and runs its task file.
type taskRunner struct {
	// subs are the subcommands that load the task file (any of them among
	// the operands); "" for any invocation
	subs string
	// files are the names it looks for in a directory (relative paths
	// allowed: .config/mise.toml)
	files string
	// fileOpts name the task file; dirOpts the directory it looks in
	// (and runs from); fileEnv are variables naming the task file
	fileOpts, dirOpts, fileEnv string
	// taskDirs are directories whose files it runs as programs (mise's
	// file tasks, lefthook's scripts)
	taskDirs string
	// includes are the names of the files a task file on disk commonly
	// includes (-include local.mk, import 'x.just'): one the line writes
	// below the directory is judged as a task file too
	includes string
	// walkUp: it looks in the directories above too
	walkUp bool
	// inCwd: the commands run in the cwd (make -f), not the file's
	// directory
	inCwd bool
	// pathOps: an operand DIR/NAME looks in DIR (just src/build)
	pathOps bool
	// lang is the file's language: "make", "just", "code" (another
	// programming language), or "" (data holding command lines)
	lang string
	// own are the programs whose writes of the file are the runner's own
	// (besides the runner itself)
	own string
}

// maxTaskTexts bounds the command lines read from one task file.
const maxTaskTexts = 1024

const (
	npmFiles       = "package.json .npmrc"
	pyprojectFiles = "pyproject.toml"
	npmOwn         = "npm pnpm yarn bun corepack"
	pyOwn          = "uv poetry pdm hatch rye pixi"
)

var taskRunners = &lazy.Value[map[string]taskRunner]{New: func() map[string]taskRunner {
	makeRunner := taskRunner{includes: "*.mk *.mak *.make", files: "GNUmakefile makefile Makefile", fileOpts: "-f --file --makefile", dirOpts: "-C --directory", inCwd: true, lang: "make",
		own: "cmake qmake autoreconf automake configure meson"}
	m := map[string]taskRunner{
		"make": makeRunner, "gmake": makeRunner, "bmake": makeRunner, "pmake": makeRunner,
		"just":       {includes: "*.just", fileEnv: "JUST_JUSTFILE", files: "justfile Justfile JUSTFILE .justfile", fileOpts: "-f --justfile", walkUp: true, pathOps: true, lang: "just"},
		"task":       {files: "Taskfile.yml taskfile.yml Taskfile.yaml taskfile.yaml Taskfile.dist.yml taskfile.dist.yml Taskfile.dist.yaml taskfile.dist.yaml", fileOpts: "-t --taskfile", dirOpts: "-d --dir", walkUp: true},
		"go-task":    {files: "Taskfile.yml taskfile.yml Taskfile.yaml taskfile.yaml Taskfile.dist.yml taskfile.dist.yml", fileOpts: "-t --taskfile", dirOpts: "-d --dir", walkUp: true},
		"mise":       {files: "mise.toml .mise.toml mise.local.toml .mise.local.toml mise/config.toml .mise/config.toml .config/mise.toml .config/mise/config.toml .rtx.toml", dirOpts: "-C --cd", taskDirs: "mise-tasks .mise-tasks mise/tasks .mise/tasks .config/mise/tasks", walkUp: true},
		"lefthook":   {fileEnv: "LEFTHOOK_CONFIG", subs: "run", files: "lefthook.yml .lefthook.yml lefthook.yaml .lefthook.yaml lefthook.toml .lefthook.toml lefthook.json .lefthook.json .config/lefthook.yml .config/lefthook.yaml lefthook-local.yml .lefthook-local.yml lefthook-local.yaml", taskDirs: ".lefthook .lefthook-local", walkUp: true},
		"treefmt":    {fileEnv: "TREEFMT_CONFIG", files: "treefmt.toml .treefmt.toml", fileOpts: "--config-file", dirOpts: "-C --working-dir --tree-root", walkUp: true},
		"ninja":      {files: "build.ninja", fileOpts: "-f", dirOpts: "-C", inCwd: true, own: "cmake meson gn"},
		"npm":        {subs: "run run-script rum urn test tst t start stop restart install i in ci add isntall rebuild rb pack publish exec x explore", files: npmFiles, dirOpts: "--prefix -C", walkUp: true, own: npmOwn},
		"pnpm":       {files: npmFiles + " pnpm-workspace.yaml .pnpmfile.cjs", dirOpts: "-C --dir --prefix", walkUp: true, own: npmOwn},
		"yarn":       {files: npmFiles + " .yarnrc.yml .yarnrc", dirOpts: "--cwd", walkUp: true, own: npmOwn},
		"bun":        {subs: "run install i add", files: npmFiles + " bunfig.toml", dirOpts: "--cwd", walkUp: true, own: npmOwn},
		"deno":       {subs: "task", files: "deno.json deno.jsonc", fileOpts: "-c --config", walkUp: true},
		"composer":   {files: "composer.json", dirOpts: "-d --working-dir", walkUp: true},
		"cargo":      {subs: "make", files: "Makefile.toml", fileOpts: "--makefile", walkUp: true},
		"pre-commit": {subs: "run try-repo hook-impl", files: ".pre-commit-config.yaml .pre-commit-config.yml", fileOpts: "-c --config", walkUp: true},
		"foreman":    {subs: "start s run check", files: "Procfile", fileOpts: "-f --procfile", dirOpts: "-d --root"},
		"honcho":     {subs: "start run check", files: "Procfile", fileOpts: "-f --procfile", dirOpts: "-d --app-root"},
		"overmind":   {subs: "start s", files: "Procfile", fileOpts: "-f --procfile", dirOpts: "-d --root"},
		"goreman":    {subs: "start check", files: "Procfile", fileOpts: "-f"},
		"forego":     {subs: "start run", files: "Procfile", fileOpts: "-f"},
		"hivemind":   {files: "Procfile", fileOpts: "--root"},
		"devbox":     {subs: "run services shell", files: "devbox.json", fileOpts: "-c --config", walkUp: true},
		"pixi":       {subs: "run r", files: "pixi.toml " + pyprojectFiles, fileOpts: "--manifest-path", walkUp: true, own: pyOwn},
		"poe":        {files: pyprojectFiles + " poe_tasks.toml poe_tasks.yaml poe_tasks.json", fileOpts: "-C --directory", walkUp: true, own: pyOwn},
		"hatch":      {subs: "run", files: pyprojectFiles + " hatch.toml", walkUp: true, own: pyOwn},
		"pdm":        {subs: "run", files: pyprojectFiles, walkUp: true, own: pyOwn},
		"rye":        {subs: "run", files: pyprojectFiles, walkUp: true, own: pyOwn},
		"tox":        {files: "tox.ini tox.toml " + pyprojectFiles + " setup.cfg", fileOpts: "-c --conf", own: pyOwn},
		"air":        {files: ".air.toml", fileOpts: "-c"},
		"rake":       {files: "Rakefile rakefile Rakefile.rb rakefile.rb", fileOpts: "-f --rakefile", dirOpts: "-C --directory", walkUp: true, lang: "code"},
		"invoke":     {files: "tasks.py", fileOpts: "-c --collection", dirOpts: "-r --search-root", walkUp: true, lang: "code"},
		"inv":        {files: "tasks.py", fileOpts: "-c --collection", dirOpts: "-r --search-root", walkUp: true, lang: "code"},
		"nox":        {files: "noxfile.py", fileOpts: "-f --noxfile", lang: "code"},
		"gradle":     {files: "build.gradle build.gradle.kts settings.gradle settings.gradle.kts", fileOpts: "-b --build-file", dirOpts: "-p --project-dir", walkUp: true, lang: "code"},
		"gradlew":    {files: "build.gradle build.gradle.kts settings.gradle settings.gradle.kts", fileOpts: "-b --build-file", dirOpts: "-p --project-dir", walkUp: true, lang: "code"},
		"tilt":       {subs: "up ci", files: "Tiltfile", fileOpts: "-f --file", lang: "code"},
		"earthly":    {files: "Earthfile", lang: "code"},
	}
	return m
}}

// taskFiles judges the task file a task runner runs when the line wrote it.
func (c *cmd) taskFiles() error {
	if len(c.a.written) == 0 && !c.a.writtenOverflow {
		return nil
	}
	tr, ok := taskRunners.Get()[c.name]
	if !ok {
		return nil
	}
	files, dirs, ops, subOK := c.taskArgs(&tr)
	if !subOK {
		return nil
	}
	for _, name := range strings.Fields(tr.fileEnv) {
		if v, ok := c.a.lookup(c.sc, name); ok && v != "" && len(files) == 0 {
			files = append(files, field{s: v})
		}
	}
	// the directory it looks in, and runs in
	dir, dirKnown := c.sc.cwd, c.sc.cwdKnown && c.sc.cwd != ""
	for _, d := range dirs {
		switch {
		case d.dyn:
			dirKnown = false
		case path.IsAbs(d.s):
			dir, dirKnown = path.Clean(d.s), true
		default:
			dir = path.Join(dir, d.s)
		}
	}
	runDir := func(file string) string {
		if tr.inCwd {
			return dir
		}
		return path.Dir(file)
	}
	if len(files) > 0 {
		for _, f := range files {
			if f.dyn {
				continue // a file not known statically: the runner's own reads
			}
			if !path.IsAbs(f.s) {
				if !dirKnown && !tr.inCwd {
					continue
				}
				f.s = path.Join(dir, f.s)
			}
			if w, ok := c.a.writtenAt(c.sc, f); ok {
				if err := c.judgeTaskFile(&tr, w, f.s, runDir(f.s)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	searchDirs := []string{dir}
	if tr.pathOps && dirKnown {
		for _, o := range ops {
			if strings.Contains(o.s, "/") && !o.dyn {
				searchDirs = append(searchDirs, path.Join(dir, path.Dir(o.s)))
			}
		}
	}
	if !dirKnown {
		return c.taskFilesAnywhere(&tr)
	}
	seen := map[string]bool{}
	for _, d := range searchDirs {
		for d != "" && !seen[d] {
			seen[d] = true
			for _, name := range strings.Fields(tr.files) {
				p := path.Join(d, name)
				if w, ok := c.a.writtenAt(c.sc, field{s: p}); ok {
					if err := c.judgeTaskFile(&tr, w, p, runDir(p)); err != nil {
						return err
					}
				}
			}
			if err := c.taskDirFiles(&tr, d); err != nil {
				return err
			}
			if err := c.taskIncludes(&tr, d, runDir); err != nil {
				return err
			}
			if !tr.walkUp || d == "/" {
				break
			}
			d = path.Dir(d)
		}
	}
	return nil
}

// taskFilesAnywhere judges, when the directory a runner looks in is not
// known, every file the line wrote under one of its names.
func (c *cmd) taskFilesAnywhere(tr *taskRunner) error {
	for _, w := range c.a.written {
		for _, name := range strings.Fields(tr.files) {
			if w.path == name || strings.HasSuffix(w.path, "/"+name) {
				if err := c.judgeTaskFile(tr, w, w.path, path.Dir(w.path)); err != nil {
					return err
				}
			}
		}
	}
	if c.a.writtenOverflow {
		c.opaque("runs a task file the line may write (more files written than are kept)")
	}
	return nil
}

// taskDirFiles judges the files the line wrote in a runner's task
// directories below d: they run as programs.
func (c *cmd) taskDirFiles(tr *taskRunner, d string) error {
	for _, td := range strings.Fields(tr.taskDirs) {
		prefix := path.Join(d, td) + "/"
		for _, w := range c.a.written {
			if strings.HasPrefix(w.path, prefix) {
				if _, err := c.runWritten(field{s: w.path}, c.name+" task", false, true, runChild); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// taskIncludes judges the files the line wrote below d under a name a
// task file commonly includes.
func (c *cmd) taskIncludes(tr *taskRunner, d string, runDir func(string) string) error {
	if tr.includes == "" {
		return nil
	}
	prefix := strings.TrimSuffix(d, "/") + "/"
	for _, w := range c.a.written {
		if !strings.HasPrefix(w.path, prefix) {
			continue
		}
		for _, pat := range strings.Fields(tr.includes) {
			if ok, _ := path.Match(pat, path.Base(w.path)); ok {
				if err := c.judgeTaskFile(tr, w, w.path, runDir(w.path)); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

// taskArgs reads a task runner's arguments: the values of its file and
// directory options, its operands, and whether one of them is a
// subcommand that loads the task file.
func (c *cmd) taskArgs(tr *taskRunner) (files, dirs, ops []field, subOK bool) {
	fileOpts, dirOpts := strings.Fields(tr.fileOpts), strings.Fields(tr.dirOpts)
	subOK = tr.subs == ""
	subs := strings.Fields(tr.subs)
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		s := f.s
		if s == "--" {
			break
		}
		if f.dyn || !strings.HasPrefix(s, "-") || s == "-" {
			ops = append(ops, f)
			subOK = subOK || !f.dyn && contains(subs, s)
			continue
		}
		take := func(list []string) (field, bool) {
			for _, o := range list {
				switch {
				case s == o && i+1 < len(c.args):
					i++
					return c.args[i], true
				case strings.HasPrefix(s, o+"="):
					v := f
					v.s = s[len(o)+1:]
					return v, true
				case len(o) == 2 && len(s) > 2 && strings.HasPrefix(s, o) && s[1] != '-':
					v := f
					v.s = s[2:] // -Csrc
					return v, true
				}
			}
			return field{}, false
		}
		if v, ok := take(fileOpts); ok {
			files = append(files, v)
		} else if v, ok := take(dirOpts); ok {
			dirs = append(dirs, v)
		}
	}
	return files, dirs, ops, subOK
}

// judgeTaskFile judges task file p the line wrote (w), run from runDir.
func (c *cmd) judgeTaskFile(tr *taskRunner, w writtenFile, p, runDir string) error {
	if !w.known {
		if w.by == c.name || contains(strings.Fields(tr.own), w.by) || builders.Get()[w.by] {
			return nil // the runner's or a build system's own file
		}
		c.opaque("runs the tasks of " + clip(p) + ", which the line writes with content not known statically")
		return nil
	}
	sc := c.a.child(c.sc)
	sc.cwd, sc.cwdKnown = runDir, true
	via := c.name + " " + p
	switch tr.lang {
	case "make":
		c.handed = true // its recipes are analysed (writtencode.go)
		return c.a.makefile(w.text, sc, via)
	case "just":
		c.handed = true
		js := scanJustfile(w.text)
		for _, r := range js.opaque {
			c.opaque(r)
		}
		cc := *c
		cc.sc = sc
		for _, r := range js.reads {
			cc.read(field{s: r}, "justfile")
		}
		for _, code := range js.code {
			if js.shell {
				// another shell or interpreter runs the recipes: opaque,
				// and their command lines are candidates
				if err := cc.candidateCommand(code); err != nil {
					return err
				}
				continue
			}
			if err := c.a.reparse(code, c.a.newProcess(sc, importMaybe), via, false); errors.Is(err, ErrLimit) { // a new process (childenv.go)
				return err
			} else if err != nil {
				c.opaque("justfile recipe is not shell code the analysis reads: " + clip(code))
			}
		}
		return nil
	case "code":
		c.opaque("runs " + clip(p) + ", code the line writes, in " + c.name)
		c.a.candidateHosts(c, w.text)
		return nil
	}
	c.opaque("runs the tasks of " + clip(p) + ", which the line writes (the commands found in it are judged as candidates)")
	cc := *c
	cc.sc = sc
	if err := cc.candidateCommand(w.text); err != nil {
		return err
	}
	budget := maxTaskTexts
	return cc.structuredCandidates(w.text, 0, &budget, maxTaskTexts)
}
