package shell

import "testing"

// TestEnvFileLoads checks what the env-file loaders report: the default
// file as a read if it exists, a file an option names as a plain read.
func TestEnvFileLoads(t *testing.T) {
	cases := []struct {
		line     string
		path     string
		ifExists bool
		none     bool // no read of path at all
	}{
		{line: "dotenv list", path: "/home/dev/project/.env", ifExists: true},
		{line: "python3 -m dotenv get K", path: "/home/dev/project/.env", ifExists: true},
		{line: "dotenv -f src/e list", path: "/home/dev/project/src/e"},
		{line: "dotenv -f src/e list", path: "/home/dev/project/.env", none: true},
		{line: "dotenv list; cat .env", path: "/home/dev/project/.env"},
		{line: "cat .env; dotenv list", path: "/home/dev/project/.env"},
		{line: "godotenv -f a,b env", path: "/home/dev/project/b"},
		{line: "cd src && pipenv run pytest", path: "/home/dev/project/.env", ifExists: true},
		{line: "docker compose -f src/c.yml config", path: "/home/dev/project/src/.env", ifExists: true},
		{line: "docker compose --project-directory x -f src/c.yml config", path: "/home/dev/project/x/.env", ifExists: true},
		{line: "docker compose up", path: "/home/dev/project/.env", none: true},
		{line: "uv run --env-file e pytest", path: "/home/dev/project/e"},
		{line: "uv run pytest", path: "/home/dev/project/.env", none: true},
		{line: "UV_ENV_FILE=e uv run pytest", path: "/home/dev/project/e"},
		{line: "export PIPENV_DOTENV_LOCATION=e; pipenv run pytest", path: "/home/dev/project/e"},
		{line: "PIPENV_DONT_LOAD_ENV=1 pipenv run pytest", path: "/home/dev/project/.env", none: true},
		{line: "bun --no-env-file test", path: "/home/dev/project/.env", none: true},
		{line: "symfony console debug:dotenv", path: "/home/dev/project/.env.*", ifExists: true},
	}
	for _, c := range cases {
		an, err := Analyze(c.line, Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
		if err != nil {
			t.Fatalf("%s: %v", c.line, err)
		}
		var found *PathRef
		for i := range an.Reads {
			if an.Reads[i].Path == c.path {
				found = &an.Reads[i]
			}
		}
		switch {
		case c.none && found != nil:
			t.Errorf("%s: reads %s, want no read", c.line, c.path)
		case c.none:
		case found == nil:
			t.Errorf("%s: no read of %s in %+v", c.line, c.path, an.Reads)
		case found.IfExists != c.ifExists:
			t.Errorf("%s: read of %s IfExists = %v, want %v", c.line, c.path, found.IfExists, c.ifExists)
		}
	}
}

// FuzzEnvLoaders: env-file loader lines analyse without a panic, and a
// default env file's read is the only kind marked IfExists.
func FuzzEnvLoaders(f *testing.F) {
	for _, s := range []string{"dotenv list", "dotenvx run -f a -fk b -- env", "godotenv -f a,,b env", "honcho -e ,x run env",
		"docker compose -f '' config", "UV_ENV_FILE=$X uv run env", "node -r dotenv/config x dotenv_config_path=", "php bin/console d:d",
		"cd $D && pipenv run x", "heroku local:run -- env", "bun --env-file= test"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		an, err := Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
		if err != nil {
			return
		}
		for _, r := range an.Writes {
			if r.IfExists {
				t.Fatalf("%q: write %s marked IfExists", line, r.Path)
			}
		}
	})
}
