package shell

import (
	"strings"
	"sync"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// What programs run of the project's files, as data (the logic is
// writtencode.go's).
//
// inertPrograms run no file of the project: they read, print, compare,
// copy, move, pack, fetch or delete files, and whatever they can run
// (sort --compress-program, tar -I, find -exec, xargs, env CMD, sed's e,
// awk's system, eval, trap) is modelled where they are and analysed on
// its own. A program that compiles, imports, loads or evaluates a file
// (a compiler, an interpreter, a test runner, a build system, a task
// runner, an editor with plugins) is not here, nor is one whose
// subcommands differ (inertSubcommands). A wrapper (sudo, timeout, nice)
// need not be: the command it runs is analysed on its own. Container
// engines are: their programs run in the container, which sees the
// project's files only through the mounts judged as such (a bind mount
// of a protected path), and database clients: the scripts they are
// given are judged there (dbscripts.go).
const inertPrograms = `
cat tac head tail wc nl od hexdump hd strings cut paste join comm column fold fmt pr expand unexpand rev tr
look tsort cmp diff diff3 colordiff sdiff stat ls dir vdir du df basename dirname realpath readlink namei pwd
which whereis type md5sum sha1sum sha224sum sha256sum sha384sum sha512sum b2sum cksum sum base32 base64 basenc
grep egrep fgrep rgrep zgrep zegrep zfgrep zcat bzcat xzcat lzcat zstdcat lz4cat zless zmore bzless xzless
bzmore xzmore more less jq gojq jaq gron yq id whoami groups logname users who w uname arch hostname date seq
yes sleep expr factor numfmt nproc tty uptime free locale getconf getent lsblk lscpu lsusb lspci lsmod lsattr
getfacl findmnt lsof pgrep pidof ps vmstat iostat mpstat last lastlog dig host nslookup ping ping6 traceroute
traceroute6 tracepath whois mtr cal ncal nm objdump readelf size zipinfo tput clear true false test [ : echo
printf printenv env kill jobs wait times umask ulimit help dirs disown suspend caller getopts shift return exit
logout let local readonly export declare typeset unalias complete compopt cd pushd popd read mapfile readarray
unset set shopt hash alias trap eval builtin command exec
cp mv ln link install rm rmdir unlink shred srm touch mkdir mkfifo mknod truncate chmod chown chgrp chattr
setfacl tee sponge dd sort uniq shuf split csplit mktemp xxd tree file iconv dos2unix unix2dos
rg ag ack bat fd fdfind find xargs sed awk mawk gawk nawk
tar bsdtar unzip zip 7z 7za 7zr ar cpio pax gzip gunzip bzip2 bunzip2 xz unxz zstd unzstd lz4 lzip lzop brotli
compress uncompress
curl wget rsync scp sftp ssh pkill killall fuser
gofmt goimports rustfmt black isort shfmt clang-format tsc
docker podman nerdctl buildah docker-compose podman-compose devcontainer
`

// inertSubcommands are, for programs with subcommands, those that run no
// project file (git status is inert; git commit runs the repository's
// hooks, go test compiles and runs the tests, gh pr create pushes).
var inertSubcommands = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"git": "status diff log show add rm mv branch tag ls-files ls-tree rev-parse rev-list grep blame annotate describe " +
			"shortlog cat-file show-ref for-each-ref check-ignore check-attr diff-files diff-index diff-tree reflog remote " +
			"fetch config stash reset restore apply format-patch archive bundle whatchanged name-rev show-branch count-objects " +
			"var version help notes hash-object update-index write-tree read-tree merge-base cherry range-diff verify-commit " +
			"verify-tag fsck prune repack pack-refs lfs",
		"go":      "build install vet fmt list mod doc env version help clean work bug telemetry",
		"cargo":   "fmt metadata tree search version help locate-project pkgid verify-project new init clean",
		"rustup":  "show which toolchain component target default update override",
		"pip":     "config list show freeze check inspect index cache debug help hash search completion",
		"pip3":    "config list show freeze check inspect index cache debug help hash search completion",
		"npm":     "ls list view info show outdated audit config get set whoami ping search help version root prefix fund cache",
		"gh":      "issue api release run workflow auth browse gist label search status secret variable cache ruleset",
		"kubectl": "get describe logs version config explain api-resources api-versions top events diff apply create delete patch rollout scale label annotate",
	}
}}

// subcommandValueOpts are the options taking a value before a program's
// subcommand (git -C DIR status).
var subcommandValueOpts = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"git":     "-C -c --git-dir --work-tree --namespace --super-prefix --config-env",
		"go":      "-C",
		"cargo":   "-C -Z --config --color",
		"kubectl": "--context --kubeconfig -n --namespace -s --server --cluster --user",
		"gh":      "-R --repo",
		"npm":     "-C --prefix -w --workspace",
	}
}}

// fileRunners name, per program or "program subcommand", the files of the
// project it runs, imports, compiles into what it runs or evaluates by
// its own rules: basename patterns, * for any name (a "/" pattern is
// matched against the path's end). They give the precise fact (what
// runs a file the line wrote), and the code names: a file under one of
// them is code whatever its extension (CMakeLists.txt). A program that
// is neither inert nor here may run any file the line writes.
var fileRunners = &lazy.Value[map[string]string]{New: func() map[string]string {
	goSrc := "*.go *.s *.S *.c *.h *.cc *.cpp *.cxx *.hh *.hpp *.m *.f *.F *.f90 *.syso *.swig go.mod go.work"
	py := "*.py *.pyc *.pyw *.pth *.so sitecustomize.py usercustomize.py __main__.py conftest.py"
	pyBuild := py + " setup.py setup.cfg pyproject.toml MANIFEST.in"
	js := "*.js *.mjs *.cjs *.jsx *.ts *.mts *.cts *.tsx *.node package.json .npmrc tsconfig.json"
	jsTest := js + " jest.config.* vitest.config.* vite.config.* .mocharc.* karma.conf.* playwright.config.* cypress.config.*"
	ruby := "*.rb *.gemspec Gemfile gems.rb Rakefile .bundle/config"
	jvm := "*.java *.class *.jar *.kt *.kts *.groovy *.gradle *.gradle.kts *.scala *.sbt pom.xml build.xml gradle.properties .mvn/*"
	cargo := "*.rs build.rs Cargo.toml Cargo.lock config.toml .cargo/config .cargo/config.toml rust-toolchain rust-toolchain.toml *.md"
	m := map[string]string{
		"go test": goSrc + " *.tmpl", "go run": goSrc, "go generate": goSrc, "go tool": goSrc,
		"cargo": cargo, "cross": cargo,
		"python": py, "pytest": py + " pytest.ini pyproject.toml setup.cfg tox.ini *.txt *.md *.rst", "py.test": py,
		"pip": pyBuild, "pip3": pyBuild, "uv": pyBuild + " uv.toml", "poetry": pyBuild, "pdm": pyBuild, "hatch": pyBuild + " hatch.toml",
		"tox": pyBuild + " tox.ini", "nox": py + " noxfile.py", "doit": py + " dodo.py", "scons": py + " SConstruct SConscript sconstruct Sconstruct",
		"invoke": py + " tasks.py", "inv": py + " tasks.py", "sphinx-build": py + " conf.py *.rst *.md *.txt",
		"node": js, "nodejs": js, "bun": js + " bunfig.toml", "deno": js + " deno.json deno.jsonc", "ts-node": js, "tsx": js,
		"npm": jsTest, "pnpm": jsTest, "yarn": jsTest, "npx": jsTest, "jest": jsTest, "vitest": jsTest, "mocha": jsTest,
		"vite": jsTest, "webpack": jsTest + " webpack.config.*", "rollup": jsTest + " rollup.config.*", "esbuild": js,
		"eslint": js + " eslint.config.* .eslintrc.*", "prettier": js + " prettier.config.* .prettierrc.*",
		"ruby": ruby, "bundle": ruby, "bundler": ruby, "gem": ruby, "rake": ruby, "rspec": ruby + " .rspec",
		"java": jvm, "javac": "*.jar *.class", "mvn": jvm, "mvnw": jvm, "gradle": jvm, "gradlew": jvm, "sbt": jvm, "ant": jvm,
		"tcc": "*.c *.h", "nmap": "*.nse *.lua",
		"cc": "*.so *.dylib", "gcc": "*.so *.dylib", "clang": "*.so *.dylib", "c++": "*.so *.dylib", "g++": "*.so *.dylib", "clang++": "*.so *.dylib",
		"rustc": "*.so *.dylib *.rlib", "kotlinc": "*.jar *.class", "swiftc": "*.so *.dylib",
		"cmake": "CMakeLists.txt *.cmake CMakePresets.json CMakeUserPresets.json",
		"meson": "meson.build meson_options.txt meson.options", "ninja": "build.ninja *.ninja",
		"make": "Makefile makefile GNUmakefile *.mk *.mak", "gmake": "Makefile makefile GNUmakefile *.mk *.mak",
		"just":  "justfile Justfile .justfile *.just",
		"bazel": "BUILD BUILD.bazel WORKSPACE WORKSPACE.bazel MODULE.bazel *.bzl .bazelrc", "bazelisk": "BUILD BUILD.bazel WORKSPACE MODULE.bazel *.bzl .bazelrc",
		"zig": "*.zig build.zig build.zig.zon", "swift": "*.swift Package.swift", "dotnet": "*.cs *.fs *.vb *.csproj *.fsproj *.sln *.props *.targets",
		"php": "*.php composer.json", "composer": "*.php composer.json", "phpunit": "*.php phpunit.xml phpunit.xml.dist",
		"perl": "*.pl *.pm *.t Makefile.PL Build.PL", "prove": "*.pl *.pm *.t",
		"nix-shell": "*.nix", "nix": "*.nix flake.lock", "nix-build": "*.nix", "direnv": ".envrc .env",
		"terraform": "*.tf *.tf.json *.tfvars", "tofu": "*.tf *.tofu *.tfvars", "ansible-playbook": "*.yml *.yaml ansible.cfg",
		"docker":  "Dockerfile Containerfile *.dockerfile compose.yaml compose.yml docker-compose.yaml docker-compose.yml",
		"vagrant": "Vagrantfile", "pre-commit": ".pre-commit-config.yaml .pre-commit-config.yml", "tilt": "Tiltfile",
	}
	return m
}}

// codeFileOpts are, per program (its fileRunners key or its name), the
// options whose value is a file it runs, loads or evaluates as code
// whatever the file's name: a file the line writes named there is code
// to it, even one a name judged harmless (node -r ./x.log, cmake -P
// x.txt, make -f notes.txt). An interpreter's script operand is judged
// where it is parsed (interpreters.go).
var codeFileOpts = &lazy.Value[map[string]string]{New: func() map[string]string {
	mk := "-f --file --makefile"
	vim := "-S -u --cmd"
	return map[string]string{
		"node": "-r --require --import --loader --experimental-loader", "bun": "-r --preload",
		"ts-node": "-r --require", "tsx": "-r --require --import", "mocha": "-r --require --file",
		"cmake": "-P -C", "ctest": "-S --script", "make": mk, "gmake": mk, "bmake": mk, "just": "-f --justfile",
		"ninja": "-f", "scons": "-f --file --makefile --sconstruct", "rake": "-f --rakefile -r --require",
		"gradle": "-b --build-file -c --settings-file -I --init-script", "gradlew": "-b --build-file -c --settings-file -I --init-script",
		"ant": "-f -file -buildfile", "mvn": "-f --file", "nix": "-f --file", "R": "-f --file",
		"gdb": "-x --command -ix --init-command", "lldb": "-s --source -S --source-before-file",
		"vim": vim, "nvim": vim, "vi": vim, "view": vim, "ex": vim, "emacs": "-l --load --script",
		"bash": "--rcfile --init-file", "sqlite3": "-init", "ruby": "-r", "rspec": "-r --require", "php": "-c",
		"expect": "-f",
	}
}}

// closedRunners run the files of their fileRunners patterns and no
// other: compilers load plugins and processors (and compile, but do not
// run, their sources: what they build is judged where it runs), nmap runs
// NSE scripts, tcc -run its C files.
const closedRunners = "cc gcc clang c++ g++ clang++ rustc javac kotlinc swiftc tcc nmap"

// reportWriters write reports of a run in their own format: what they
// write is not code (perf record -o perf.data).
const reportWriters = "perf heaptrack valgrind strace ltrace"

// docExts are documentation formats: no runner executes them by name,
// but doctest runners run the examples in them (python -m doctest,
// pytest --doctest-glob, rustdoc's README.md), so literal text in one is
// harmless only without an example's markers (docExamples).
const docExts = ".txt .md .markdown .rst .adoc"

// logExts are output formats no runner executes or scans for code.
const logExts = ".log .out .csv .tsv"

// dataNames are files no program runs: lists of names and patterns
// (ignore files, git's attributes, whose filters and drivers come from
// git's configuration, judged there), metadata.
const dataNames = ".gitignore .ignore .rgignore .fdignore .agignore .dockerignore .prettierignore .eslintignore .npmignore " +
	".gitattributes .mailmap .git-blame-ignore-revs .editorconfig CODEOWNERS LICENSE COPYING AUTHORS NOTICE"

// docExamples mark an example a doctest runner runs: a Python prompt, a
// fenced or indented code block, a Sphinx doctest directive.
var docExamples = []string{">>>", "```", "~~~", "\n    ", "\n\t", ".. doctest", ".. testcode", ".. code"}

var inertSet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(inertPrograms) {
		m[n] = true
	}
	for prog, subs := range inertSubcommands.Get() {
		for _, s := range strings.Fields(subs) {
			m[prog+" "+s] = true
		}
	}
	return m
})
