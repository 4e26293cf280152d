package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// What container runtimes and container definitions give a container of
// the host (containers.go): which subcommands start or create a
// container, which options bind host paths or devices into it, which
// options give it the host in ways Mandate does not judge path by path,
// and which programs read container definitions from files. Data only.

// containerRuntime is how one runtime's command line gives a container
// host paths.
type containerRuntime struct {
	// subs are the subcommands after which the options apply, found as
	// the first such word (docker container run, docker compose -f x run);
	// a two-word entry joined by "_" needs both words, in order (pod_create:
	// podman pod create).
	subs string
	// volume: SRC:DST[:OPTIONS] (a source with "/" or starting with "."
	// or "~" is a host path; another word is a named volume).
	volume string
	// mount: type=bind,source=…,target=…[,readonly] and the like.
	mount string
	// device: SRC[:DST[:PERMISSIONS]], a host device.
	device string
	// volumeOpt: the volume driver's option device=PATH (docker volume
	// create --opt device=/home/dev --opt o=bind): a named volume that
	// is a host directory.
	volumeOpt string
	// opaque: options that give the container the host in ways Mandate
	// does not judge path by path (--privileged, --volumes-from);
	// opaqueVals: option=value pairs doing the same (--pid=host).
	opaque, opaqueVals string
	// paths: options whose value is a path inside the container (-w):
	// no host path.
	paths string
	// run: the subcommands whose operands after the image are the
	// container's command: paths inside the container, no host paths.
	run string
	// rootfs: options that make the image operand (or their own value,
	// --rootfs=DIR) a host directory used as the container's root
	// (podman run --rootfs DIR[:O|:idmap] CMD): a bind of DIR at /,
	// read-only with :O (an overlay).
	rootfs string
	// flags: long options taking no value; shortFlags: short letters
	// taking no value (any other option takes one, so that an unknown
	// flag makes the scan read on, never stop early).
	flags, shortFlags string
}

// containerOpaque are the options of docker-like runtimes that hand the
// container the host: every device and capability, another container's
// mounts, the host's process table (/proc/1/root is the host's root).
const (
	containerOpaque     = "--privileged --volumes-from"
	containerOpaqueVals = "--pid=host --cap-add=ALL --cap-add=SYS_ADMIN --cap-add=all --cap-add=sys_admin --userns=host --security-opt=apparmor=unconfined"
)

var dockerLike = containerRuntime{
	subs: "run create volume_create pod_create build buildx_build", volume: "-v --volume", mount: "--mount",
	device: "--device", volumeOpt: "-o --opt", opaque: containerOpaque, opaqueVals: containerOpaqueVals,
	paths: "-w --workdir", run: "run create", flags: containerFlags, shortFlags: "ditPqT", rootfs: "--rootfs",
}

// containerRuntimes are the runtimes by program name.
var containerRuntimes = &lazy.Value[map[string]containerRuntime]{New: func() map[string]containerRuntime {
	buildah := containerRuntime{subs: "run from bud build", volume: "-v --volume", mount: "--mount", device: "--device",
		opaque: containerOpaque, opaqueVals: containerOpaqueVals, paths: "--workingdir", flags: containerFlags, shortFlags: "ditPqT"}
	return map[string]containerRuntime{
		"docker": dockerLike, "podman": dockerLike, "nerdctl": dockerLike, "finch": dockerLike,
		// compose run -v SRC:DST SERVICE
		"docker-compose": {subs: "run", volume: "-v --volume", opaque: containerOpaque, paths: "-w --workdir", run: "run", flags: containerFlags, shortFlags: "dTiPq"},
		"podman-compose": {subs: "run", volume: "-v --volume", opaque: containerOpaque, paths: "-w --workdir", run: "run", flags: containerFlags, shortFlags: "dTiPq"},
		"buildah":        buildah,
	}
}}

// containerDefRunner is how one program finds the container definitions
// it reads.
type containerDefRunner struct {
	// subs are the subcommands that start containers from the files
	// (any of them among the operands, "_" joining two words: kube_play);
	// "" for any invocation
	subs string
	// files are the names it looks for in its directory when no option
	// names one
	files string
	// fileOpts name a file; dirOpts the directory relative sources are
	// taken from (compose's --project-directory, devcontainer's
	// --workspace-folder); fileEnv are variables naming files
	fileOpts, dirOpts, fileEnv string
	// operand: the file is the first operand after the subcommand (podman
	// kube play FILE)
	operand bool
	// walkUp: it looks in the directories above too (compose)
	walkUp bool
	// optsBefore: its file and directory options come before the
	// subcommand (docker compose -f x run svc tail -f log: the second -f
	// is the container command's)
	optsBefore bool
	// format: "compose", "devcontainer", "kube" or "bake" (ParseContainerDef)
	format string
	// prints: the subcommand starts nothing but prints the resolved
	// definition (compose config): the files it reads into it (env_file,
	// secrets' and configs' file) are reads, its mounts are not judged
	prints bool
}

// composeFiles are the names compose reads without -f.
const composeFiles = "compose.yaml compose.yml docker-compose.yml docker-compose.yaml " +
	"compose.override.yaml compose.override.yml docker-compose.override.yml docker-compose.override.yaml"

// bakeFiles are the files docker buildx bake reads without -f.
const bakeFiles = "compose.yaml compose.yml docker-compose.yml docker-compose.yaml " +
	"docker-bake.json docker-bake.hcl docker-bake.override.json docker-bake.override.hcl"

// containerDefRunners are the programs that start containers from
// definition files, by name; for docker, podman and nerdctl the entry of
// "NAME SUB" (docker compose).
var containerDefRunners = &lazy.Value[map[string][]containerDefRunner]{New: func() map[string][]containerDefRunner {
	compose := containerDefRunner{subs: "up run create start restart watch exec build", files: composeFiles, fileOpts: "-f --file",
		dirOpts: "--project-directory", fileEnv: "COMPOSE_FILE", walkUp: true, optsBefore: true, format: "compose"}
	composePlugin := compose
	composePlugin.subs = "compose_up compose_run compose_create compose_start compose_restart compose_watch compose_exec compose_build"
	stack := containerDefRunner{subs: "stack_deploy stack_up", fileOpts: "-c --compose-file", format: "compose"}
	kube := containerDefRunner{subs: "kube_play play_kube", operand: true, format: "kube"}
	composeConfig := compose
	composeConfig.subs, composeConfig.prints = "config convert", true
	composePluginConfig := compose
	composePluginConfig.subs, composePluginConfig.prints = "compose_config compose_convert", true
	bake := containerDefRunner{subs: "buildx_bake bake", files: bakeFiles, fileOpts: "-f --file", format: "bake"}
	return map[string][]containerDefRunner{
		"docker-compose": {compose, composeConfig}, "podman-compose": {compose, composeConfig},
		"docker":        {composePlugin, composePluginConfig, stack, bake},
		"docker-buildx": {bake},
		"podman":        {composePlugin, composePluginConfig, kube},
		"nerdctl":       {composePlugin, composePluginConfig},
		"finch":         {composePlugin, composePluginConfig},
		// kubectl apply/create/replace -f FILE on a local cluster (kind,
		// k3s, minikube --driver=none) mounts a hostPath of the host
		"kubectl": {{subs: "apply create replace", fileOpts: "-f --filename", format: "kube"}},
		"devcontainer": {{subs: "up build run-user-commands set-up", files: ".devcontainer/devcontainer.json .devcontainer.json",
			fileOpts: "--config --override-config", dirOpts: "--workspace-folder", format: "devcontainer"}},
	}
}}

// defHostKey is a key of a container definition that gives the container
// the host beyond its mounts, when its value is as when says: "true"
// (a true boolean), "host" (the string host), "any" (any value), "file"
// (a map naming another file), "caps" (a list holding ALL or SYS_ADMIN).
type defHostKey struct{ when, why string }

// containerDefHostKeys are those keys (ParseContainerDef), for the
// three formats alike.
var containerDefHostKeys = &lazy.Value[map[string]defHostKey]{New: func() map[string]defHostKey {
	priv := defHostKey{"true", "a privileged container reaches the host's devices and file systems"}
	pid := "a container in the host's process namespace reaches the host's files through /proc"
	caps := defHostKey{"caps", "a container with ALL or SYS_ADMIN capabilities can mount the host's file systems"}
	return map[string]defHostKey{
		"privileged": priv, "pid": {"host", pid}, "hostPID": {"true", pid}, "userns_mode": {"host", "a container in the host's user namespace"},
		"volumes_from":      {"any", "a container given another container's mounts"},
		"extends":           {"file", "a service extended from another file"},
		"include":           {"any", "services included from other files"},
		"dockerComposeFile": {"any", "a dev container defined by compose files"},
		"cap_add":           caps, "capAdd": caps,
	}
}}

// devcontainerHostCode are the devcontainer.json keys whose commands run
// on the host, not in the container.
const devcontainerHostCode = "initializeCommand"

// buildRunners are the programs that build images from a context and a
// Dockerfile on the command line, with the subcommands that do
// (builds.go; "_" joins two words).
var buildRunners = map[string]string{
	"docker":        "build buildx_build buildx_b builder_build image_build",
	"podman":        "build buildx_build image_build",
	"nerdctl":       "build builder_build image_build",
	"finch":         "build image_build",
	"buildah":       "bud build build-using-dockerfile",
	"docker-buildx": "build b",
	"depot":         "build",
}

// notBuildSubs are the subcommands before which a "build" word is an
// operand of something else (docker run IMAGE build, docker compose build).
const notBuildSubs = "run create exec start compose stack kube pod container bake"

// defaultDockerfiles are the names a build looks for in its context
// without -f (docker falls back to the lower-case name; podman and buildah
// read Containerfile first).
const defaultDockerfiles = "Dockerfile dockerfile Containerfile containerfile"

// buildOptions are the build options ReadBuildOptions reads: 'f' the
// Dockerfile, 'c' a named context (NAME=PATH), 'o' an output or cache
// export (a write of its dest), 'r' a cache import (a read of a local
// src), 'i' a file read, 'v' any other option that takes a value. An
// option not listed is taken as a flag.
var buildOptions = &lazy.Value[map[string]byte]{New: func() map[string]byte {
	m := map[string]byte{"-f": 'f', "--file": 'f', "--build-context": 'c', "-o": 'o', "--output": 'o', "--cache-to": 'o',
		"--cache-from": 'r', "--ignorefile": 'i'}
	for _, o := range strings.Fields("--add-host --allow --annotation --attest --build-arg --builder --call " +
		"--cgroup-parent --iidfile --label --metadata-file --network --no-cache-filter --platform --progress " +
		"--provenance --sbom --secret --shm-size --ssh -t --tag --target --ulimit --isolation -m --memory " +
		"--memory-swap --cpu-shares -c --cpu-period --cpu-quota --cpuset-cpus --cpuset-mems --security-opt " +
		"--authfile --cert-dir --creds --decryption-key --device --dns --dns-option --dns-search --env --format " +
		"--from --hooks-dir --jobs --logfile --manifest --os --arch --variant --runtime --runtime-flag --sign-by " +
		"--signature-policy --timestamp --userns --userns-uid-map --userns-gid-map --userns-uid-map-user " +
		"--userns-gid-map-group --uts --ipc --pid --cap-add --cap-drop --layer-label --retry --retry-delay " +
		"--unsetenv --unsetlabel --group-add --cache-ttl --os-feature --os-version -v --volume --mount " +
		"--set --config --context -H --host") {
		m[o] = 'v'
	}
	return m
}}

// kubeInline are kubectl's subcommands that take a Kubernetes object in
// an option's value (run --overrides JSON, patch -p PATCH) or in a file
// (patch --patch-file FILE), read as a Kubernetes YAML; kubeOpaque the
// forms that give a pod the host beyond what it names (debug node/NAME
// mounts the node's root at /host) or a definition Mandate does not read
// (apply -k DIR: a kustomization).
var kubeInline = map[string]string{"run": "--overrides", "patch": "-p --patch"}

const (
	kubeInlineFiles = "--patch-file"
	kubeKustomize   = "-k --kustomize"
)
