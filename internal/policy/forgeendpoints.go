package policy

import "github.com/mandate-dev/mandate/internal/lazy"

// The forges' API calls that update, create or delete a branch on the
// remote (red-team round 8, #4), as data: pushes that are not git push.
// forgeapi.go reads a call (gh api, glab api, hub api, tea api, or an
// HTTP client aimed at a forge's API) into an API, a method, a path
// relative to the API's root and the body's fields, and judges it by the
// first endpoint here that matches.

// forgeAPI names an API family: the shape of its paths.
type forgeAPI string

const (
	apiGitHub      forgeAPI = "github"       // api.github.com, GHES /api/v3
	apiGitLab      forgeAPI = "gitlab"       // /api/v4
	apiGitea       forgeAPI = "gitea"        // Gitea, Forgejo, Codeberg: /api/v1
	apiBitbucket   forgeAPI = "bitbucket"    // api.bitbucket.org/2.0
	apiBitbucketDC forgeAPI = "bitbucket-dc" // Bitbucket Server / Data Center: /rest/api/1.0, /rest/branch-utils/1.0
)

// forgeEndpoint is one endpoint that writes refs.
//
// path is its segments: a literal, "*" any one segment, "{branch}" one
// segment that is a branch name, "**" the rest (any, even none), and
// "{ref}" the rest, a ref (heads/main, tags/v1). ref says which ref the
// call updates when the path does not: "field:NAME" a body field (its
// value a branch, or a full ref refs/…), "field:NAME|NAME2" the first
// given; def is the ref when no such field is given ("HEAD": the
// repository's default branch; "" none known). only, when set, is a
// field without which the call updates no ref (PATCH repos/o/r changes
// the default branch only with default_branch). A call that updates a
// ref the request does not name (a pull request's base) has unknown set.
// del: the ref is deleted; all: every branch is (the repository deleted);
// force: a field that forces the update.
type forgeEndpoint struct {
	api     forgeAPI
	methods string
	path    string
	ref     string
	def     string
	only    string
	unknown string
	del     bool
	all     bool
	force   string
	what    string
}

var forgeEndpoints = &lazy.Value[[]forgeEndpoint]{New: func() []forgeEndpoint {
	return []forgeEndpoint{
		// GitHub REST (docs.github.com/rest: git/refs, repos/contents,
		// branches, pulls).
		{api: apiGitHub, methods: "POST", path: "repos/*/*/git/refs", ref: "field:ref", what: "creates a ref"},
		{api: apiGitHub, methods: "PATCH POST", path: "repos/*/*/git/refs/{ref}", force: "force", what: "updates a ref"},
		{api: apiGitHub, methods: "DELETE", path: "repos/*/*/git/refs/{ref}", del: true, what: "deletes a ref"},
		{api: apiGitHub, methods: "PUT DELETE", path: "repos/*/*/contents/**", ref: "field:branch", def: "HEAD", what: "commits a file"},
		{api: apiGitHub, methods: "POST", path: "repos/*/*/merges", ref: "field:base", what: "merges into a branch"},
		{api: apiGitHub, methods: "POST", path: "repos/*/*/merge-upstream", ref: "field:branch", what: "updates a branch from upstream"},
		{api: apiGitHub, methods: "PUT", path: "repos/*/*/pulls/*/merge", unknown: "the pull request's base branch", what: "merges a pull request"},
		{api: apiGitHub, methods: "PUT", path: "repos/*/*/pulls/*/update-branch", unknown: "the pull request's head branch", what: "updates a pull request's branch"},
		{api: apiGitHub, methods: "POST", path: "repos/*/*/branches/{branch}/rename", del: true, what: "renames a branch"},
		{api: apiGitHub, methods: "PUT POST PATCH DELETE", path: "repos/*/*/branches/{branch}/protection/**", what: "changes a branch's protection"},
		{api: apiGitHub, methods: "POST PUT PATCH DELETE", path: "repos/*/*/rulesets/**", unknown: "the branches its rulesets protect", what: "changes the repository's rulesets"},
		{api: apiGitHub, methods: "PATCH", path: "repos/*/*", only: "default_branch", ref: "field:default_branch", what: "changes the default branch"},
		{api: apiGitHub, methods: "DELETE", path: "repos/*/*", all: true, what: "deletes the repository"},

		// GitLab REST (docs.gitlab.com/api: repository files, commits,
		// branches, merge requests, protected branches).
		{api: apiGitLab, methods: "POST PUT DELETE", path: "projects/*/repository/files/**", ref: "field:branch", what: "commits a file"},
		{api: apiGitLab, methods: "POST", path: "projects/*/repository/commits", ref: "field:branch", force: "force", what: "commits"},
		{api: apiGitLab, methods: "POST", path: "projects/*/repository/commits/*/cherry_pick", ref: "field:branch", what: "cherry-picks onto a branch"},
		{api: apiGitLab, methods: "POST", path: "projects/*/repository/commits/*/revert", ref: "field:branch", what: "reverts on a branch"},
		{api: apiGitLab, methods: "POST", path: "projects/*/repository/branches", ref: "field:branch", what: "creates a branch"},
		{api: apiGitLab, methods: "DELETE", path: "projects/*/repository/branches/{branch}", del: true, what: "deletes a branch"},
		{api: apiGitLab, methods: "DELETE", path: "projects/*/repository/merged_branches", all: true, what: "deletes every merged branch"},
		{api: apiGitLab, methods: "PUT POST", path: "projects/*/merge_requests/*/merge", unknown: "the merge request's target branch", what: "merges a merge request"},
		{api: apiGitLab, methods: "PUT", path: "projects/*/merge_requests/*/rebase", unknown: "the merge request's source branch", what: "rebases a merge request"},
		{api: apiGitLab, methods: "POST PUT PATCH DELETE", path: "projects/*/protected_branches/**", unknown: "the branches it protects", what: "changes branch protection"},
		{api: apiGitLab, methods: "PUT", path: "projects/*", only: "default_branch", ref: "field:default_branch", what: "changes the default branch"},
		{api: apiGitLab, methods: "DELETE", path: "projects/*", all: true, what: "deletes the project"},

		// Gitea and Forgejo (/api/v1: repos contents, branches, pulls).
		{api: apiGitea, methods: "POST PUT DELETE", path: "repos/*/*/contents/**", ref: "field:new_branch|branch", def: "HEAD", what: "commits a file"},
		{api: apiGitea, methods: "POST", path: "repos/*/*/contents", ref: "field:new_branch|branch", def: "HEAD", what: "commits files"},
		{api: apiGitea, methods: "POST", path: "repos/*/*/diffpatch", ref: "field:new_branch|branch", def: "HEAD", what: "applies a patch"},
		{api: apiGitea, methods: "POST", path: "repos/*/*/branches", ref: "field:new_branch_name", what: "creates a branch"},
		{api: apiGitea, methods: "DELETE PATCH", path: "repos/*/*/branches/{branch}", del: true, what: "deletes or renames a branch"},
		{api: apiGitea, methods: "POST", path: "repos/*/*/pulls/*/merge", unknown: "the pull request's base branch", what: "merges a pull request"},
		{api: apiGitea, methods: "POST", path: "repos/*/*/pulls/*/update", unknown: "the pull request's head branch", what: "updates a pull request's branch"},
		{api: apiGitea, methods: "POST", path: "repos/*/*/merge-upstream", ref: "field:branch", what: "updates a branch from upstream"},
		{api: apiGitea, methods: "POST PATCH DELETE", path: "repos/*/*/branch_protections/**", unknown: "the branches it protects", what: "changes branch protection"},
		{api: apiGitea, methods: "PATCH", path: "repos/*/*", only: "default_branch", ref: "field:default_branch", what: "changes the default branch"},
		{api: apiGitea, methods: "DELETE", path: "repos/*/*", all: true, what: "deletes the repository"},

		// Bitbucket Cloud (/2.0).
		{api: apiBitbucket, methods: "POST", path: "repositories/*/*/src", ref: "field:branch", def: "HEAD", what: "commits files"},
		{api: apiBitbucket, methods: "POST", path: "repositories/*/*/refs/branches", ref: "field:name", what: "creates a branch"},
		{api: apiBitbucket, methods: "DELETE", path: "repositories/*/*/refs/branches/{branch}", del: true, what: "deletes a branch"},
		{api: apiBitbucket, methods: "POST", path: "repositories/*/*/pullrequests/*/merge", unknown: "the pull request's destination branch", what: "merges a pull request"},
		{api: apiBitbucket, methods: "POST PUT DELETE", path: "repositories/*/*/branch-restrictions/**", unknown: "the branches it restricts", what: "changes branch restrictions"},
		{api: apiBitbucket, methods: "DELETE", path: "repositories/*/*", all: true, what: "deletes the repository"},

		// Bitbucket Server / Data Center (/rest/api/1.0, and
		// /rest/branch-utils/1.0 kept whole).
		{api: apiBitbucketDC, methods: "PUT", path: "api/*/projects/*/repos/*/browse/**", ref: "field:branch", def: "HEAD", what: "commits a file"},
		{api: apiBitbucketDC, methods: "POST", path: "api/*/projects/*/repos/*/pull-requests/*/merge", unknown: "the pull request's target branch", what: "merges a pull request"},
		{api: apiBitbucketDC, methods: "POST", path: "branch-utils/*/projects/*/repos/*/branches", ref: "field:name", what: "creates a branch"},
		{api: apiBitbucketDC, methods: "DELETE", path: "branch-utils/*/projects/*/repos/*/branches", ref: "field:name", del: true, what: "deletes a branch"},
		{api: apiBitbucketDC, methods: "PUT POST DELETE", path: "branch-permissions/**", unknown: "the branches it restricts", what: "changes branch permissions"},
		{api: apiBitbucketDC, methods: "DELETE", path: "api/*/projects/*/repos/*", all: true, what: "deletes the repository"},
	}
}}

// forgeMutation is a GraphQL mutation that writes refs: its name and the
// input argument that names the branch ("" when the input names none a
// reader can see: a ref's node id, a pull request's).
type forgeMutation struct {
	name, arg string
	del       bool
	unknown   string
}

var forgeMutations = &lazy.Value[[]forgeMutation]{New: func() []forgeMutation {
	return []forgeMutation{
		// GitHub (docs.github.com/graphql/reference/mutations).
		{name: "createCommitOnBranch", arg: "branchName"},
		{name: "createRef", arg: "name"},
		{name: "updateRef", unknown: "the ref its id names"},
		{name: "updateRefs", unknown: "the refs their ids name"},
		{name: "deleteRef", del: true, unknown: "the ref its id names"},
		{name: "mergeBranch", arg: "base"},
		{name: "mergePullRequest", unknown: "the pull request's base branch"},
		{name: "enablePullRequestAutoMerge", unknown: "the pull request's base branch"},
		{name: "enqueuePullRequest", unknown: "the pull request's base branch"},
		{name: "updatePullRequestBranch", unknown: "the pull request's head branch"},
		{name: "updateBranchProtectionRule", unknown: "the branches the rule protects"},
		{name: "deleteBranchProtectionRule", unknown: "the branches the rule protects"},
		{name: "updateRepositoryRuleset", unknown: "the branches the ruleset protects"},
		{name: "deleteRepositoryRuleset", unknown: "the branches the ruleset protects"},
		// GitLab (docs.gitlab.com/api/graphql/reference).
		{name: "commitCreate", arg: "branch"},
		{name: "createBranch", arg: "name"},
		{name: "mergeRequestAccept", unknown: "the merge request's target branch"},
		{name: "branchRuleDelete", unknown: "the branches the rule protects"},
	}
}}

// forgeClients are the programs whose calls forgeapi.go reads: the forge
// CLIs' api subcommands (an endpoint relative to their API) and HTTP
// clients (a URL).
var forgeClients = &lazy.Value[map[string]forgeAPI]{New: func() map[string]forgeAPI {
	return map[string]forgeAPI{
		"gh": apiGitHub, "hub": apiGitHub, "glab": apiGitLab, "tea": apiGitea,
		"curl": "", "wget": "", "http": "", "https": "", "xh": "", "xhs": "", "curlie": "",
	}
}}
