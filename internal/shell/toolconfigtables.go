package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// The command-line configuration of tools other than git, as data (the
// logic is in toolconfig.go). Key patterns are path.Match patterns
// matched in order; the first that matches says what the value is.

// aptKeys: apt.conf(5) and apt's configure-index. The hooks are lists
// of shell commands apt runs with sh -c; Dir::* moves the binaries,
// methods, configuration parts and state apt uses; a proxy auto-detect
// item, a compressor's Binary, a CD-ROM mount point's Mount/UMount and
// DPkg::Path are programs; DPkg::Chroot-Directory and Build-Options move
// or extend what dpkg runs. Settings known to be only settings are safe;
// any other key asks (apt.conf's key space is open: what a key does is
// up to the code that reads it).
var aptKeys = []cfgKey{
	{"*invoke*", cfgCode}, // APT::Update::Pre-Invoke, DPkg::Post-Invoke, …-Success, …-Stats
	{"dpkg::pre-install-pkgs*", cfgCode},
	{"dpkg::options*", cfgDpkgOpts},
	// settings: what apt and dpkg do, not which programs or files
	{"apt::get::*", cfgSafe}, {"apt::cache::*", cfgSafe}, {"apt::install-*", cfgSafe},
	{"apt::color", cfgSafe}, {"apt::color::*", cfgSafe}, {"apt::architecture", cfgSafe},
	{"apt::architectures", cfgSafe}, {"apt::default-release", cfgSafe},
	{"apt::immediate-configure", cfgSafe}, {"apt::force-loopbreak", cfgSafe},
	{"apt::keep-downloaded-packages", cfgSafe}, {"apt::clean-installed", cfgSafe},
	{"apt::acquire::retries", cfgSafe}, {"apt::update::error-mode", cfgSafe},
	{"apt::cache-start", cfgSafe}, {"apt::cache-grow", cfgSafe}, {"apt::cache-limit", cfgSafe},
	{"apt::autoremove::*", cfgSafe}, {"apt::never-markauto-sections", cfgSafe},
	{"apt::periodic::*", cfgSafe}, {"apt::cmd::*", cfgSafe}, {"apt::moo::*", cfgSafe},
	{"acquire::retries", cfgSafe}, {"acquire::languages", cfgSafe}, {"acquire::queue-mode", cfgSafe},
	{"acquire::forceipv4", cfgSafe}, {"acquire::forceipv6", cfgSafe}, {"acquire::forcehash", cfgSafe},
	{"acquire::check-valid-until", cfgSafe}, {"acquire::check-date", cfgSafe},
	{"acquire::max-validtime", cfgSafe}, {"acquire::min-validtime", cfgSafe},
	{"acquire::allow*", cfgSafe}, {"acquire::pdiffs", cfgSafe}, {"acquire::pdiffs::*", cfgSafe},
	{"acquire::gzipindexes", cfgSafe}, {"acquire::compressiontypes::*", cfgSafe},
	{"acquire::by-hash", cfgSafe}, {"acquire::*::by-hash", cfgSafe}, {"acquire::enablesrvrecords", cfgSafe},
	{"acquire::*::proxy", cfgSafe}, {"acquire::*::proxy::*", cfgSafe}, // hosts: judged with the other arguments
	{"acquire::*::timeout", cfgSafe}, {"acquire::*::dl-limit", cfgSafe}, {"acquire::*::pipeline-depth", cfgSafe},
	{"acquire::*::no-cache", cfgSafe}, {"acquire::*::max-age", cfgSafe}, {"acquire::*::no-store", cfgSafe},
	{"acquire::*::user-agent", cfgSafe}, {"acquire::*::allowredirect", cfgSafe},
	{"acquire::*::verify-peer", cfgSafe}, {"acquire::*::verify-host", cfgSafe},
	{"debug::*", cfgSafe}, {"quiet", cfgSafe}, {"quiet::*", cfgSafe},
	{"dpkg::lock::timeout", cfgSafe}, {"dpkg::use-pty", cfgSafe}, {"dpkg::progress*", cfgSafe},
	{"dpkg::notriggers", cfgSafe}, {"dpkg::configurepending", cfgSafe}, {"dpkg::triggerspending", cfgSafe},
	{"dpkg::stoponerror", cfgSafe}, {"dpkg::useionice", cfgSafe}, {"dpkg::flushstdin", cfgSafe},
	{"dpkg::maxargbytes", cfgSafe}, {"dpkg::install::recursive*", cfgSafe},
}

// hgKeys: hgrc(5), for Mercurial and Sapling. Settings that only change
// output, identity or behaviour are listed as safe; anything else asks.
var hgKeys = []cfgKey{
	{"alias.*", cfgAliasCmd},
	{"hooks.*", cfgCode},
	{"extensions.*", cfgExt},
	{"ui.username", cfgSafe}, {"ui.verbose", cfgSafe}, {"ui.quiet", cfgSafe}, {"ui.debug", cfgSafe},
	{"ui.interactive", cfgSafe}, {"ui.paginate", cfgSafe}, {"ui.color", cfgSafe}, {"ui.formatted", cfgSafe},
	{"ui.logtemplate", cfgSafe}, {"ui.tweakdefaults", cfgSafe}, {"ui.relative-paths", cfgSafe},
	{"ui.merge", cfgOpaque}, {"ui.editor", cfgCode}, {"ui.ssh", cfgCode},
	{"pager.pager", cfgCode}, {"pager.*", cfgSafe},
	{"color.*", cfgSafe}, {"diff.*", cfgSafe}, {"phases.*", cfgSafe}, {"format.*", cfgSafe},
	{"commands.*", cfgSafe}, {"templates.*", cfgSafe}, {"templatealias.*", cfgSafe}, {"revsetalias.*", cfgSafe},
	{"paths.*", cfgSafe}, // URLs: their hosts are judged with the other arguments
	{"progress.*", cfgSafe}, {"web.*", cfgSafe}, {"devel.*", cfgSafe}, {"annotate.*", cfgSafe},
}

// svnKeys: Subversion's FILE:SECTION:OPTION (config and servers files).
var svnKeys = []cfgKey{
	{"config:tunnels:*", cfgCode},
	{"config:helpers:*", cfgCode}, // editor-cmd, diff-cmd, diff3-cmd, merge-tool-cmd
	{"config:miscellany:*", cfgSafe}, {"config:auto-props:*", cfgSafe}, {"config:auth:*", cfgSafe},
	{"config:working-copy:*", cfgSafe},
	{"servers:*:ssl-client-cert-file", cfgOpaque}, {"servers:*:ssl-authority-files", cfgOpaque},
	{"servers:*", cfgSafe}, // proxies and timeouts: hosts are judged with the other arguments
}

// jjKeys: jj's TOML keys. Its aliases are jj arguments, and jj util exec
// runs any program, so they ask.
var jjKeys = []cfgKey{
	{"user.*", cfgSafe}, {"ui.color", cfgSafe}, {"ui.paginate", cfgSafe}, {"ui.graph.*", cfgSafe},
	{"ui.log-word-wrap", cfgSafe}, {"ui.conflict-marker-style", cfgSafe}, {"ui.diff.format", cfgSafe},
	{"ui.pager", cfgCode}, {"ui.editor", cfgCode},
	{"revset-aliases.*", cfgSafe}, {"template-aliases.*", cfgSafe}, {"templates.*", cfgSafe},
	{"revsets.*", cfgSafe}, {"colors.*", cfgSafe},
}

// brzKeys: Breezy (and Bazaar) configuration options.
var brzKeys = []cfgKey{
	{"email", cfgSafe}, {"editor", cfgCode}, {"change_editor", cfgCode},
	{"log_format", cfgSafe}, {"append_revisions_only", cfgSafe},
}

var cfgTools = &lazy.Value[map[string]cfgTool]{New: func() map[string]cfgTool {
	apt := cfgTool{set: []string{"-o", "--option"}, files: []string{"-c", "--config-file"}, fold: true, keys: aptKeys, unknown: cfgOpaque}
	hg := cfgTool{set: []string{"--config"}, files: []string{"--config-file"}, abbrev: true, keys: hgKeys, unknown: cfgOpaque}
	svn := cfgTool{set: []string{"--config-option"}, files: []string{"--config-dir"}, keys: svnKeys, unknown: cfgOpaque}
	jj := cfgTool{set: []string{"--config"}, files: []string{"--config-file", "--config-toml"}, keys: jjKeys, unknown: cfgOpaque}
	brz := cfgTool{set: []string{"-O", "--O"}, keys: brzKeys, unknown: cfgOpaque}
	return map[string]cfgTool{
		"apt": apt, "apt-get": apt, "apt-cache": apt, "apt-mark": apt, "apt-config": apt, "apt-cdrom": apt,
		"aptitude": apt, "apt-extracttemplates": apt, "apt-sortpkgs": apt, "apt-ftparchive": apt,
		"hg": hg, "chg": hg, "sl": hg,
		"svn": svn, "svnlite": svn,
		"jj":  jj,
		"brz": brz, "bzr": brz,
	}
}}

// configFileVars name a configuration file (or list of them) a tool
// reads instead of its own: what it sets is not in the line. Empty or
// /dev/null (no configuration, as test suites run hg) is fine.
var configFileVars = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"HGRCPATH": true, "SL_CONFIG_PATH": true, "JJ_CONFIG": true, "APT_CONFIG": true,
		"BRZ_HOME": true, "BZR_HOME": true}
}}
