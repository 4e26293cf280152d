package policy

import (
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Red-team round 8, #4: a forge's API updates or deletes branches on the
// remote without git push (gh api -X PATCH …/git/refs/heads/main, the
// contents and merges APIs, GraphQL createCommitOnBranch, glab api, and
// the same requests by curl, wget or httpie). Class: push/write-local and
// push/refspec-spelling: such a call is a push of the ref it names.
func TestForgeCallRefs(t *testing.T) {
	cases := []struct {
		line   string
		ref    string // the ref of the first effect, "" none
		unsure bool   // may write refs, not known which
		none   bool   // no effect
		del    bool
		force  bool
		unkn   bool // the ref is not known
	}{
		{line: "gh api -X PATCH repos/o/r/git/refs/heads/main -F force=true", ref: "heads/main", force: true},
		{line: "gh api --method=delete /repos/o/r/git/refs/heads/x", ref: "heads/x", del: true},
		{line: "hub api -XPUT repos/o/r/contents/a -f branch=dev", ref: "dev"},
		{line: "gh api -X PUT repos/o/r/contents/a -f content=x", ref: "HEAD"},
		{line: "gh api repos/o/r/merges -f base=main -f head=f", ref: "main"},
		{line: "gh api repos/o/r/merges --input b.json", unkn: true},
		{line: "gh api repos/o/r/pulls -f title=x", none: true},
		{line: "gh api repos/o/r/git/refs/heads/main", none: true},
		{line: "glab api -X POST projects/1/repository/commits -f branch=main -F force=true", ref: "main", force: true},
		{line: "glab api -X DELETE projects/g%2Fp/repository/branches/rel%2F1", ref: "rel/1", del: true},
		{line: "tea api -X DELETE repos/o/r/branches/main", ref: "main", del: true},
		{line: "curl -X PATCH https://api.github.com/repos/o/r/git/refs/heads/main -d '{\"sha\":\"x\",\"force\":true}'", ref: "heads/main", force: true},
		{line: "curl --request=PATCH --url https://ghe.example.com/api/v3/repos/o/r/git/refs/heads/main --data-raw '{}'", ref: "heads/main"},
		{line: "curl -T f https://gitea.example.com/api/v1/repos/o/r/contents/a", ref: "HEAD"},
		{line: "wget --method=PUT --body-data='branch=main&content=x' https://gitlab.com/api/v4/projects/1/repository/files/a", ref: "main"},
		{line: "wget --post-file=b.json https://gitlab.com/api/v4/projects/1/repository/commits", unkn: true},
		{line: "http --auth u:p PUT api.github.com/repos/o/r/contents/a branch=main", ref: "main"},
		{line: "http api.github.com/repos/o/r/contents/a", none: true},
		{line: "gh api graphql -f query='mutation { createRef(input:{name:\"refs/heads/main\"}) { ref { id } } }'", ref: "refs/heads/main"},
		{line: "gh api graphql -f query='mutation { deleteRef(input:{refId:\"x\"}) { clientMutationId } }'", unkn: true, del: true},
		{line: "gh api graphql -F query=@q.graphql", unsure: true},
		{line: "gh api graphql -f query='{ viewer { login } }'", none: true},
		{line: "gh api -X $M repos/o/r/git/refs/heads/main", unsure: true},
		{line: "gh api -X POST repos/o/r/$WHAT -f a=b", unsure: true},
		{line: "curl -X POST https://example.com/api/v2/repos/o/r/contents/a", none: true},
	}
	for _, tc := range cases {
		an, err := shell.Analyze(tc.line, shell.Options{Cwd: "/p", Home: "/h"})
		if err != nil || len(an.Commands) == 0 {
			t.Fatalf("%s: %v", tc.line, err)
		}
		c := &an.Commands[0]
		fc, ok := readForgeCall(c, forgeClients.Get()[c.Name])
		var effs []refEffect
		unsure := ""
		if ok {
			effs, unsure = fc.refEffects()
		}
		switch {
		case tc.none:
			if len(effs) > 0 || unsure != "" {
				t.Errorf("%s: effects %+v, unsure %q; want none", tc.line, effs, unsure)
			}
		case tc.unsure:
			if unsure == "" || len(effs) > 0 {
				t.Errorf("%s: effects %+v, unsure %q; want unsure", tc.line, effs, unsure)
			}
		default:
			if len(effs) == 0 {
				t.Errorf("%s: no effect (unsure %q)", tc.line, unsure)
				continue
			}
			e := effs[0]
			if e.ref != tc.ref || e.del != tc.del || e.force != tc.force || (e.unknown != "") != tc.unkn {
				t.Errorf("%s: effect %+v, want ref %q del %v force %v unknown %v", tc.line, e, tc.ref, tc.del, tc.force, tc.unkn)
			}
		}
	}
}

// TestForgeEndpointTable checks the table's form: every method is an
// HTTP write method, every pattern segment well formed, every ref source
// a field or the path.
func TestForgeEndpointTable(t *testing.T) {
	for _, e := range forgeEndpoints.Get() {
		for _, m := range strings.Fields(e.methods) {
			if m != "POST" && m != "PUT" && m != "PATCH" && m != "DELETE" {
				t.Errorf("%s %s: method %q", e.api, e.path, m)
			}
		}
		hasCap := strings.Contains(e.path, "{ref}") || strings.Contains(e.path, "{branch}")
		if !e.all && e.unknown == "" && !hasCap && !strings.HasPrefix(e.ref, "field:") {
			t.Errorf("%s %s: names no ref (path capture, field, unknown or all)", e.api, e.path)
		}
		if strings.Contains(e.path, "{ref}") && !strings.HasSuffix(e.path, "{ref}") {
			t.Errorf("%s %s: {ref} is the rest of the path", e.api, e.path)
		}
	}
}

func FuzzForgeCall(f *testing.F) {
	for _, s := range []string{
		"gh api -X PATCH repos/o/r/git/refs/heads/main -F force=true",
		"curl -sSX DELETE https://gitlab.com/api/v4/projects/1/repository/branches/main",
		"http PATCH api.github.com/repos/o/r/git/refs/heads/main sha=x force:=true",
		"wget --method=PUT --body-data='{\"branch\":\"main\"}' https://x/api/v1/repos/o/r/contents/a",
		"gh api graphql -f query='mutation { createCommitOnBranch(input:{branch:{branchName:$b}}) { x } }' -f b=main",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		an, err := shell.Analyze(line, shell.Options{Cwd: "/p", Home: "/h"})
		if err != nil {
			return
		}
		for i := range an.Commands {
			c := &an.Commands[i]
			for _, name := range []string{"gh", "glab", "curl", "wget", "http"} {
				c.Name = name
				if fc, ok := readForgeCall(c, forgeClients.Get()[name]); ok {
					fc.refEffects()
				}
			}
		}
	})
}

func FuzzForgeBody(f *testing.F) {
	f.Add(`{"query":"mutation { createRef(input:{name:\"refs/heads/main\"}) { x } }","variables":{"a":"b"}}`)
	f.Add("branch=main&content=x%20y")
	f.Add("@file")
	f.Fuzz(func(t *testing.T, body string) {
		fields := map[string]string{}
		q, _ := bodyFields(body, fields)
		fc := &forgeCall{api: apiGitHub, method: "POST", graphql: true, query: q, fields: fields}
		fc.mutationEffects()
		for _, e := range forgeEndpoints.Get() {
			matchEndpointPath(e.path, body)
		}
	})
}
