package shell

import "testing"

// TestKernelAliases: /dev/fd, /dev/std*, /proc/<pid>/{root,cwd,fd,task}
// and /proc/thread-self are other names for files; they are followed
// before ".." is applied, as the kernel does.
func TestKernelAliases(t *testing.T) {
	const kernelAlias = "kernel alias of a path"
	const fdWrite = "write through a file descriptor"
	runW(t, []wc{
		{class: kernelAlias, cmd: "cat /dev/fd/../environ", reads: []string{"/proc/self/environ"}, noRead: []string{"/dev/environ"}},
		{class: kernelAlias, cmd: "cat /dev/fd/../../self/environ", reads: []string{"/proc/self/environ"}},
		{class: kernelAlias, cmd: "cat /proc/self/task/1234/environ", reads: []string{"/proc/self/environ"}},
		{class: kernelAlias, cmd: "cat /proc/thread-self/environ", reads: []string{"/proc/self/environ"}},
		{class: kernelAlias, cmd: "cat /proc/thread-self/root/home/dev/.ssh/id_rsa", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{class: kernelAlias, cmd: "cat /proc/1/root/home/dev/.ssh/id_rsa", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{class: kernelAlias, cmd: "cat /proc/self/root/../../home/dev/.aws/credentials", reads: []string{"/home/dev/.aws/credentials"}},
		{class: kernelAlias, cmd: "echo x > /proc/self/cwd/agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}, clear: true},
		{class: kernelAlias, cmd: "echo x > /proc/$$/cwd/agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}, clear: true},
		{class: kernelAlias, cmd: "echo x > /proc/$BASHPID/cwd/agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}, clear: true},
		{class: kernelAlias, cmd: "echo x > /proc/thread-self/cwd/src/../agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}},
		{class: kernelAlias, cmd: "echo x > /proc/self/task/7/cwd/agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}},
		{class: kernelAlias, cmd: "echo x > /proc/self/cwd/../project/agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}},
		{class: kernelAlias, cmd: "echo x > /proc/1/cwd/agent-policy.yaml", opaque: []string{"another process's working directory"}},
		{class: kernelAlias, cmd: "rm /proc/1/cwd/agent-policy.yaml", opaque: []string{"another process's working directory"}},
		{class: kernelAlias, cmd: "cat /proc/1/cwd/.env", dyn: []string{"/${working directory of process 1}/.env"}},
		{class: kernelAlias, cmd: "cd /dev/fd && cat ../environ", reads: []string{"/proc/self/environ"}},
		{class: kernelAlias, cmd: "cd /proc/self/cwd/src && rm a", deletes: []string{P + "/src/a"}},
		{class: kernelAlias, cmd: "cd /proc/1/cwd && rm a", opaque: []string{"working directory not known statically"}},

		{class: fdWrite, cmd: "echo ok > /proc/self/fd/1", clear: true, noCand: true, writes: nil, noWrite: []string{"/proc/self/fd/1"}},
		{class: fdWrite, cmd: "echo ok > /dev/stderr; echo > /dev/fd/2 ; echo >/dev/stdout", clear: true},
		{class: fdWrite, cmd: "exec 3>>agent-policy.yaml; echo x >&3", writes: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "exec 3<agent-policy.yaml; echo x > /dev/fd/3", writes: []string{P + "/agent-policy.yaml"}, reads: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "exec 4<agent-policy.yaml; echo x > /proc/self/fd/4", writes: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "exec 4<agent-policy.yaml; echo x > /proc/$$/fd/4", writes: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "exec 5</home/dev/.ssh; cat /dev/fd/5/id_rsa", reads: []string{"/home/dev/.ssh/id_rsa"}},
		{class: fdWrite, cmd: "{ echo x >&3; } 3<agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "echo x 3<agent-policy.yaml >/dev/fd/3", writes: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "echo x >/dev/fd/3 3<agent-policy.yaml", opaque: []string{"inherited file descriptor 3"}},
		{class: fdWrite, cmd: "echo x 3<agent-policy.yaml 1>&3", writes: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "cp src/a /dev/fd/3 3<agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "tee /dev/fd/3 3<>agent-policy.yaml", writes: []string{P + "/agent-policy.yaml"}},
		{class: fdWrite, cmd: "echo x > /dev/fd/3", opaque: []string{"inherited file descriptor 3"}},
		{class: fdWrite, cmd: "echo x >&7", opaque: []string{"inherited file descriptor 7"}},
		{class: fdWrite, cmd: "exec 3>&-; echo x > /dev/fd/3", clear: true},
		{class: fdWrite, cmd: "cmd 3>&1 1>&2 2>&3", clear: true},
		{class: fdWrite, cmd: "cd src; exec 3>out.txt; cd ..; echo >&3", writes: []string{P + "/src/out.txt"}, noWrite: []string{P + "/out.txt"}},
		{class: fdWrite, cmd: "cd src > out.txt", writes: []string{P + "/out.txt"}, noWrite: []string{P + "/src/out.txt"}},
		{class: fdWrite, cmd: "(exec 3>/tmp/a); echo x >&3", opaque: []string{"inherited file descriptor 3"}},
		{class: fdWrite, cmd: "if x; then exec 3>/tmp/a; fi; echo x >&3", opaque: []string{"inherited file descriptor 3"}},
		{class: fdWrite, cmd: "echo x | tee /dev/stdout", clear: true, noWrite: []string{"/proc/self/fd/1"}},
	})
}
