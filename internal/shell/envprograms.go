package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Environment variables of tools (beyond indirect.go's commandVars, the
// git, pager and editor variables) whose value is a program or command
// line the tool runs: cargo's rustc wrappers and target runners, the
// version-control tunnels and editors of svn, cvs, hg and p4, kubectl's
// and gh's editors and pagers, the compilers and tools make and cmake
// run. An assignment to one is analysed as the command it names; a
// program file of the line's own making is opaque.

// toolCommandVars are the exact names.
var toolCommandVars = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		// cargo and rustc
		"RUSTC_WRAPPER": true, "RUSTC_WORKSPACE_WRAPPER": true, "RUSTC": true, "RUSTDOC": true,
		"CARGO_BUILD_RUSTC": true, "CARGO_BUILD_RUSTC_WRAPPER": true, "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER": true,
		"CARGO_BUILD_RUSTDOC": true, "CARGO_HOST_LINKER": true, "CARGO_HOST_RUNNER": true,
		"CARGO_CREDENTIAL_PROVIDER": true, "CARGO_REGISTRY_CREDENTIAL_PROVIDER": true, "CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS": true,
		// version control other than git
		"SVN_SSH": true, "SVN_EDITOR": true, "SVN_MERGE": true, "CVS_RSH": true, "CVSEDITOR": true, "CVS_SERVER": true,
		"HGEDITOR": true, "HGMERGE": true, "P4EDITOR": true, "P4DIFF": true, "P4MERGE": true, "BZR_EDITOR": true,
		"DARCS_EDITOR": true, "FOSSIL_EDITOR": true, "JJ_EDITOR": true,
		// editors and pagers of other tools
		"KUBE_EDITOR": true, "GH_EDITOR": true, "GH_PAGER": true, "GH_BROWSER": true, "GLAB_EDITOR": true, "GLAB_PAGER": true,
		"SUDO_EDITOR": true, "FCEDIT": true, "AWS_PAGER": true, "PSQL_PAGER": true, "PSQL_EDITOR": true, "BAT_PAGER": true,
		"DELTA_PAGER": true, "MYSQL_PAGER": true, "TERMINAL": true, "DIFFPROG": true, "RSYNC_CONNECT_PROG": true,
		"HELM_EDITOR": true, "ANSIBLE_EDITOR": true, "NPM_CONFIG_EDITOR": true, "npm_config_editor": true,
		// compilers and tools make, configure and cmake run
		"CC": true, "CXX": true, "CPP": true, "LD": true, "AR": true, "AS": true, "FC": true, "F77": true, "RANLIB": true,
		"STRIP": true, "NM": true, "OBJCOPY": true, "OBJDUMP": true, "HOSTCC": true, "HOSTCXX": true, "LEX": true, "YACC": true,
		"M4": true, "PKG_CONFIG": true, "CCACHE_PREFIX": true, "CMAKE_C_COMPILER_LAUNCHER": true, "CMAKE_CXX_COMPILER_LAUNCHER": true,
		"CMAKE_C_COMPILER": true, "CMAKE_CXX_COMPILER": true, "CMAKE_MAKE_PROGRAM": true,
	}
}}

// toolCommandVar reports whether an assignment to name names a program a
// tool runs: the exact names above, cargo's per-target and per-registry
// variables (CARGO_TARGET_<TRIPLE>_RUNNER and _LINKER,
// CARGO_REGISTRIES_<NAME>_CREDENTIAL_PROVIDER) and cmake's compiler
// launchers of any language.
func toolCommandVar(name string) bool {
	if toolCommandVars.Get()[name] {
		return true
	}
	switch {
	case strings.HasPrefix(name, "CARGO_TARGET_") && (strings.HasSuffix(name, "_RUNNER") || strings.HasSuffix(name, "_LINKER")):
		return true
	case strings.HasPrefix(name, "CARGO_REGISTRIES_") && strings.HasSuffix(name, "_CREDENTIAL_PROVIDER"):
		return true
	case strings.HasPrefix(name, "CMAKE_") && (strings.HasSuffix(name, "_COMPILER_LAUNCHER") || strings.HasSuffix(name, "_LINKER_LAUNCHER")):
		return true
	}
	return false
}
