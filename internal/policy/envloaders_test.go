package policy

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// Class read/blocked-path (env-file loaders, red-team round 5 #15, #23):
// a program that loads ./.env (or a file an option names) into what it
// runs or prints reads that file. The default file counts only when it
// is there, so everyday calls in a project without one stay allowed.
func TestEnvFileLoaders(t *testing.T) {
	tr := fixture.Standard(t)
	p := fixturePolicy(t, tr)
	deny := func(cmd string) fsCase {
		return fsCase{class: "read/blocked-path", cmd: cmd, want: Deny, reason: ".env"}
	}
	allow := func(cmd string) fsCase { return fsCase{class: "benign/env-loader", cmd: cmd, want: Allow} }
	runFSCases(t, p, []fsCase{
		// unlisted spellings of the class
		deny("python -m dotenv -q always list"),
		deny("dotenv --file .env list"),
		deny("dotenv set A B"),
		deny("dotenvx decrypt"),
		deny("dotenvx run -f src/a.env -f .env -- pytest"),
		deny("godotenv -f src/a.env,.env pytest"),
		deny("honcho start"),
		deny("honcho -e src/a.env,.env.local run pytest"),
		deny("foreman start web"),
		deny("forego run env"),
		deny("heroku local"),
		deny("cd src && pipenv run pytest"),
		deny("php bin/console deb:dot"),
		deny("./bin/console debug:dotenv"),
		deny("docker-compose config"),
		deny("podman compose config --environment"),
		deny("docker --context default compose -p x config"),
		deny("docker compose --env-file config/.env.production config"),
		deny("bun test"),
		deny("bun run src/x.ts"),
		deny("bun --env-file=.env.local run build"),
		deny("next build"),
		deny("nuxi dev"),
		deny("netlify dev"),
		deny("wrangler pages dev"),
		deny("npx dotenv -- env"),
		deny("uv run --env-file=.env pytest"),
		deny("UV_ENV_FILE=.env uv run pytest"),
		deny("node -r dotenv/config src/x.js"),
		deny("node --require=dotenv/config src/x.js dotenv_config_path=.env.local"),
		deny("DOTENV_CONFIG_PATH=config/.env.production node --import dotenv/config src/x.js"),
		deny("export UV_ENV_FILE=config/.env.production; uv run pytest"),
		deny("PIPENV_DOTENV_LOCATION=.env.local pipenv run pytest"),
		{class: "read/blocked-path", act: mcpShell("pipenv run pytest"), want: Deny, reason: ".env"},
		// the loader's command is analysed like any other
		{class: "exec/wrapper", cmd: "honcho run rm agent-policy.yaml", want: Deny},
		{class: "exec/wrapper", cmd: "env-cmd -f src/a.env rm agent-policy.yaml", want: Deny},
		{class: "exec/wrapper", cmd: "dotenv run -- rm agent-policy.yaml", want: Deny},
		// benign: nothing blocked is loaded
		allow("uv run pytest"),
		allow("bun install"),
		allow("docker compose up -d"),
		allow("docker compose -f src/compose.yml config"),
		allow("dotenv -f src/x.env list"),
		allow("cd docs && dotenv list"),
		allow("env-cmd -f src/a.env pytest"),
		allow("bun --no-env-file test"),
		allow("vercel deploy"),
		allow("UV_ENV_FILE=src/a.env uv run pytest"),
		allow("PIPENV_DONT_LOAD_ENV=1 pipenv run pytest"),
		allow("node -r ./src/setup.js src/x.js"),
		allow("node -r dotenv/config src/x.js dotenv_config_path=src/a.env"),
	})

	// The same project without its env files: the default loads read
	// nothing, so they are allowed.
	for _, f := range []string{"/home/dev/project/.env", "/home/dev/project/.env.local"} {
		if err := os.Remove(tr.Real(f)); err != nil {
			t.Fatal(err)
		}
	}
	p = fixturePolicy(t, tr)
	runFSCases(t, p, []fsCase{
		allow("pipenv run pytest"),
		allow("dotenv list"),
		allow("honcho start"),
		allow("docker compose config"),
		allow("bun test"),
		allow("symfony console debug:dotenv"),
		// the same through an MCP server's command argument
		{class: "benign/env-loader", act: mcpShell("pipenv run pytest"), want: Allow},
		// a file named outright is read whether or not it exists
		deny("dotenv -f .env list"),
		deny("uv run --env-file .env pytest"),
	})
}

// mcpShell is a shell MCP server's call running line.
func mcpShell(line string) *action.Action {
	raw, _ := json.Marshal(map[string]any{"command": line})
	return &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__shell__run", Server: "shell", MCPTool: "run", Arguments: raw, Cwd: testRoot, Actor: actor(action.WriteLocal)}
}
