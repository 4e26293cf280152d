package policy

import "strings"

// Pushes by programs other than git push (push.go judges git's own):
// stacked-diff and review tools, git's extensions, forges' CLIs that
// merge on the remote (or change its default branch, or delete it: every
// branch goes), other version-control systems, as data (a forge's API
// called directly: forgeapi.go). Each is a
// program and the words that make it push (or merge into a remote
// branch); the refs it updates are its own affair, not known to Mandate.
// At write_local no push runs; at external each asks.
//
// prog and the words may be glob patterns (path.Match: git-remote-*,
// release:prepare's long forms). For git the words start at git's
// subcommand (after its global options); for other programs they may
// occur anywhere among the first operands. unless lists options or words
// that make it not push (--no-push, a dry run), with options one of which
// it needs to push (git flow finish -p). An option is matched alone, as
// --opt=VALUE, or as a letter of a cluster of one-letter flags (-Fp).
type otherPush struct {
	prog    string
	words   []string // the subcommand words, in order ("git", "push")
	unless  []string // options or words that make it not push
	with    []string // options one of which it needs to push (none: always)
	updates string   // what it updates, for the reason
}

var otherPushes = []otherPush{
	{prog: "jj", words: []string{"git", "push"}, updates: "the repository's bookmarks on the remote"},
	{prog: "sl", words: []string{"push"}, updates: "remote branches"},
	{prog: "sl", words: []string{"pr", "submit"}, updates: "remote branches"},
	{prog: "sl", words: []string{"ghstack"}, updates: "remote branches"},
	{prog: "hg", words: []string{"push"}, updates: "remote branches"},
	{prog: "git", words: []string{"town", "ship"}, updates: "the main branch on the remote"},
	{prog: "git", words: []string{"town", "sync"}, updates: "remote branches"},
	{prog: "git", words: []string{"town", "propose"}, updates: "remote branches"},
	{prog: "git-town", words: []string{"ship"}, updates: "the main branch on the remote"},
	{prog: "git-town", words: []string{"sync"}, updates: "remote branches"},
	{prog: "git", words: []string{"machete", "traverse"}, unless: []string{"--no-push"}, updates: "every branch it traverses"},
	{prog: "git-machete", words: []string{"traverse"}, unless: []string{"--no-push"}, updates: "every branch it traverses"},
	{prog: "gt", words: []string{"submit"}, updates: "the stack's branches"},
	{prog: "gt", words: []string{"ss"}, updates: "the stack's branches"},
	{prog: "gt", words: []string{"stack", "submit"}, updates: "the stack's branches"},
	{prog: "gt", words: []string{"merge"}, updates: "the trunk on the remote"},
	{prog: "git", words: []string{"review"}, unless: []string{"-d"}, updates: "refs/for/BRANCH on Gerrit"},
	{prog: "git-review", unless: []string{"-d"}, updates: "refs/for/BRANCH on Gerrit"},
	{prog: "gh", words: []string{"pr", "merge"}, updates: "the pull request's base branch on the remote"},
	{prog: "gh", words: []string{"repo", "sync"}, updates: "a branch on the remote"},
	{prog: "gh", words: []string{"repo", "edit"}, with: []string{"--default-branch"}, updates: "the remote's default branch"},
	{prog: "gh", words: []string{"repo", "delete"}, updates: "every branch: it deletes the repository on the forge"},
	{prog: "glab", words: []string{"repo", "delete"}, updates: "every branch: it deletes the project on the forge"},
	{prog: "tea", words: []string{"repos", "delete"}, updates: "every branch: it deletes the repository on the forge"},
	{prog: "glab", words: []string{"mr", "merge"}, updates: "the merge request's target branch on the remote"},
	{prog: "tea", words: []string{"pr", "merge"}, updates: "the pull request's base branch on the remote"},
	{prog: "gs", words: []string{"branch", "submit"}, updates: "remote branches"},
	{prog: "gs", words: []string{"stack", "submit"}, updates: "remote branches"},
	{prog: "gs", words: []string{"bs"}, updates: "remote branches"},
	{prog: "gs", words: []string{"ss"}, updates: "remote branches"},
	{prog: "git-spice", words: []string{"branch", "submit"}, updates: "remote branches"},
	{prog: "ghstack", updates: "remote branches"},
	{prog: "spr", words: []string{"diff"}, updates: "remote branches"},
	{prog: "git", words: []string{"spr", "diff"}, updates: "remote branches"},
	{prog: "av", words: []string{"pr"}, updates: "remote branches"},
	{prog: "git", words: []string{"lfs", "push"}, updates: "the remote's LFS objects"},
	{prog: "git", words: []string{"annex", "sync"}, updates: "remote branches"},
	{prog: "git", words: []string{"annex", "push"}, updates: "remote branches"},
	{prog: "git", words: []string{"p4", "submit"}, updates: "the Perforce depot"},
	{prog: "git", words: []string{"svn", "dcommit"}, updates: "the Subversion repository"},
	{prog: "arc", words: []string{"land"}, updates: "the remote's main branch"},
	{prog: "svn", words: []string{"commit"}, updates: "the Subversion repository"},
	{prog: "svn", words: []string{"ci"}, updates: "the Subversion repository"},
	{prog: "bzr", words: []string{"push"}, updates: "remote branches"},
	{prog: "fossil", words: []string{"push"}, updates: "the remote repository"},
	{prog: "fossil", words: []string{"sync"}, updates: "the remote repository"},
	{prog: "darcs", words: []string{"push"}, updates: "the remote repository"},
	{prog: "pijul", words: []string{"push"}, updates: "the remote repository"},
	{prog: "cvs", words: []string{"commit"}, updates: "the CVS repository"},
	{prog: "cvs", words: []string{"ci"}, updates: "the CVS repository"},
	// git's remote helpers (git remote-https, git-remote-ext, by path
	// under git-core, any git-remote-* on PATH) run send-pack for the
	// "push SRC:DST" commands they read on standard input
	{prog: "git", words: []string{"remote-*"}, updates: "the refs its push commands on standard input name"},
	{prog: "git-remote-*", updates: "the refs its push commands on standard input name"},
	// git-flow and git-extras: subcommands that push
	{prog: "git", words: []string{"flow", "*", "finish"}, with: []string{"-p", "--push"}, updates: "the finished branch's target branches (main, develop) and the tag"},
	{prog: "git", words: []string{"flow", "*", "publish"}, updates: "a branch on the remote"},
	{prog: "git-flow", words: []string{"*", "finish"}, with: []string{"-p", "--push"}, updates: "the finished branch's target branches (main, develop) and the tag"},
	{prog: "git-flow", words: []string{"*", "publish"}, updates: "a branch on the remote"},
	{prog: "git", words: []string{"publish"}, updates: "a branch on the remote"},
	{prog: "git", words: []string{"release"}, updates: "the current branch and a tag on the remote"},
	{prog: "git", words: []string{"sync"}, updates: "the current branch on the remote"},
	{prog: "git", words: []string{"delete-branch"}, updates: "a branch on the remote (deleted)"},
	{prog: "git", words: []string{"delete-tag"}, updates: "a tag on the remote (deleted)"},
	{prog: "git", words: []string{"rename-branch"}, updates: "branches on the remote"},
	{prog: "git", words: []string{"rename-tag"}, updates: "tags on the remote"},
	{prog: "git", words: []string{"create-branch"}, with: []string{"-r", "--remote"}, updates: "a branch on the remote"},
	// release tools that commit, tag and run git push themselves; each
	// with the switches that keep them from pushing
	{prog: "lerna", words: []string{"version"}, unless: []string{"--no-push", "--push=false", "--no-git-tag-version", "--git-tag-version=false", "--amend"}, updates: "the current branch and its tags on the remote"},
	{prog: "lerna", words: []string{"publish"}, unless: []string{"--no-push", "--push=false", "--no-git-tag-version", "--git-tag-version=false", "--amend", "from-git", "from-package"}, updates: "the current branch and its tags on the remote"},
	{prog: "semantic-release", unless: []string{"--dry-run", "-d"}, updates: "release tags (and commits) on the remote"},
	{prog: "np", unless: []string{"--preview"}, updates: "the current branch and its tags on the remote"},
	{prog: "release-it", unless: []string{"--no-git.push", "--git.push=false", "--no-git", "--git=false", "--dry-run", "-d", "--release-version", "--changelog"}, updates: "the current branch and its tags on the remote"},
	{prog: "bumpp", unless: []string{"--no-push", "--push=false"}, updates: "the current branch and its tags on the remote"},
	{prog: "tbump", unless: []string{"--no-push", "--dry-run", "--only-patch", "init"}, updates: "the current branch and its tag on the remote"},
	{prog: "auto", words: []string{"shipit"}, unless: []string{"--dry-run", "-d"}, updates: "the base branch and its tags on the remote"},
	{prog: "release-please", words: []string{"release-pr"}, unless: []string{"--dry-run"}, updates: "a release branch on the forge"},
	{prog: "release-please", words: []string{"github-release"}, unless: []string{"--dry-run"}, updates: "release tags on the forge"},
	{prog: "cargo", words: []string{"release"}, with: []string{"-x", "--execute"}, unless: []string{"--no-push"}, updates: "the current branch and its tags on the remote"},
	{prog: "cargo-release", with: []string{"-x", "--execute"}, unless: []string{"--no-push"}, updates: "the current branch and its tags on the remote"},
	{prog: "sbt", words: []string{"release*"}, updates: "the current branch and its tag on the remote"},
}

// mavenPushGoals are goals of Maven plugins that push (pushChanges and
// pushRemote default to true), with the property that stops it.
var mavenPushGoals = []struct{ goal, plugin, unless string }{
	{"release:prepare", "maven-release-plugin", "-DpushChanges=false"},
	{"release:prepare-with-pom", "maven-release-plugin", "-DpushChanges=false"},
	{"release:branch", "maven-release-plugin", "-DpushChanges=false"},
	{"release:rollback", "maven-release-plugin", "-DpushChanges=false"},
	{"scm:checkin", "maven-scm-plugin", "-DpushChanges=false"},
	{"scm:tag", "maven-scm-plugin", "-DpushChanges=false"},
	{"gitflow:release", "gitflow-maven-plugin", "-DpushRemote=false"},
	{"gitflow:release-finish", "gitflow-maven-plugin", "-DpushRemote=false"},
	{"gitflow:hotfix-finish", "gitflow-maven-plugin", "-DpushRemote=false"},
	{"gitflow:feature-finish", "gitflow-maven-plugin", "-DpushRemote=false"},
	{"gitflow:support-start", "gitflow-maven-plugin", "-DpushRemote=false"},
}

// gradlePushTasks are tasks of Gradle's release plugins that push
// (net.researchgate.release; nebula.release's final and candidate).
var gradlePushTasks = []string{"release", ":release", "final", "candidate"}

// buildToolPushes are the entries for Maven's and Gradle's goals and
// tasks, in every spelling of the goal (release:prepare, the plugin's
// long form GROUP:ARTIFACT[:VERSION]:prepare) and every launcher (mvn,
// mvnw, gradle, gradlew).
func buildToolPushes() []otherPush {
	var out []otherPush
	for _, prog := range []string{"mvn", "mvnw", "mvnd"} {
		for _, g := range mavenPushGoals {
			_, goal, _ := strings.Cut(g.goal, ":")
			unless := []string{g.unless, "-DdryRun=true", "-DdryRun"}
			for _, w := range []string{g.goal, "*" + g.plugin + "*:" + goal} {
				out = append(out, otherPush{prog: prog, words: []string{w}, unless: unless, updates: "the current branch and its tags on the remote (" + g.goal + ")"})
			}
		}
	}
	for _, prog := range []string{"gradle", "gradlew"} {
		for _, t := range gradlePushTasks {
			out = append(out, otherPush{prog: prog, words: []string{t}, unless: []string{"-m", "--dry-run"}, updates: "the current branch and its tag on the remote (" + t + ")"})
		}
	}
	return out
}
