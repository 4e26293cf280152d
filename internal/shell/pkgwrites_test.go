package shell

import "testing"

// TestPackageManagerWrites: a dependency change, by any spelling, writes
// the project's manifest and lock file or installs outside the project
// (classes block-command/dependency-alias, block-command/option-spelling).
func TestPackageManagerWrites(t *testing.T) {
	const (
		alias = "block-command/dependency-alias"
		spell = "block-command/option-spelling"
		P     = "/home/dev/project/"
	)
	rootOpt := testOpt
	rootOpt.Root = "/home/dev/project"
	runW(t, []wc{
		{class: alias, cmd: "npm i lodash", writes: []string{P + "package.json", P + "package-lock.json"}},
		{class: alias, cmd: "npm add lodash", writes: []string{P + "package.json"}},
		{class: alias, cmd: "npm isntall lodash", writes: []string{P + "package.json"}},
		{class: spell, cmd: "npm inst lodash", writes: []string{P + "package.json"}},
		{class: spell, cmd: "npm in lodash", writes: []string{P + "package.json"}},
		{class: spell, cmd: "npm --save install lodash", writes: []string{P + "package.json"}},
		{class: spell, cmd: "npm --prefix src install lodash", writes: []string{P + "src/package.json"}},
		{class: spell, cmd: "npm -g install lodash", writes: []string{"/home/dev/.npm-global"}},
		{class: alias, cmd: "npm uninstall lodash", writes: []string{P + "package.json"}},
		{class: alias, cmd: "npm pkg set dependencies.x=1", writes: []string{P + "package.json"}},
		{class: alias, cmd: "pnpm add lodash", writes: []string{P + "package.json", P + "pnpm-lock.yaml"}},
		{class: alias, cmd: "pnpm -C web add lodash", writes: []string{P + "web/package.json"}},
		{class: alias, cmd: "yarn add lodash", writes: []string{P + "package.json", P + "yarn.lock"}},
		{class: alias, cmd: "yarn --cwd web add lodash", writes: []string{P + "web/package.json"}},
		{class: alias, cmd: "bun add lodash", writes: []string{P + "package.json"}},
		{class: alias, cmd: "pip3 install requests", writes: []string{"/home/dev/.local/lib"}},
		{class: alias, cmd: "pip3.12 install requests", writes: []string{"/home/dev/.local/lib"}},
		{class: spell, cmd: "pip --no-cache-dir install requests", writes: []string{"/home/dev/.local/lib"}},
		{class: spell, cmd: "pip3 -q install requests", writes: []string{"/home/dev/.local/lib"}},
		{class: alias, cmd: "pip install -r requirements.txt", writes: []string{"/home/dev/.local/lib"}},
		{class: alias, cmd: "pip install -t src/vendor requests", writes: []string{P + "src/vendor"}, noWrite: []string{"/home/dev/.local/lib"}},
		{class: alias, cmd: "python3 -m pip install requests", writes: []string{"/home/dev/.local/lib"}},
		{class: alias, cmd: "uv pip install requests", writes: []string{P + ".venv"}},
		{class: alias, cmd: "uv add requests", writes: []string{P + "pyproject.toml", P + "uv.lock"}},
		{class: alias, cmd: "uv tool install ruff", writes: []string{"/home/dev/.local/share/uv/tools"}},
		{class: alias, cmd: "poetry add requests", writes: []string{P + "pyproject.toml"}},
		{class: alias, cmd: "cargo add serde", writes: []string{P + "Cargo.toml", P + "Cargo.lock"}},
		{class: spell, cmd: "cargo --locked add serde", writes: []string{P + "Cargo.toml"}},
		{class: spell, cmd: "cargo +nightly add serde", writes: []string{P + "Cargo.toml"}},
		{class: alias, cmd: "cargo install ripgrep", writes: []string{"/home/dev/.cargo/bin"}},
		{class: alias, cmd: "go get example.com/lib@v1.2.3", writes: []string{P + "go.mod", P + "go.sum"}},
		{class: alias, cmd: "composer require monolog/monolog", writes: []string{P + "composer.json"}},
		{class: alias, cmd: "gem install rails", writes: []string{"/home/dev/.gem"}},
		{class: alias, cmd: "bundle add rails", writes: []string{P + "Gemfile", P + "Gemfile.lock"}},
		{class: alias, cmd: "sudo apt-get install -y jq", writes: []string{"/usr"}},
		// installing what the lock file says, running, testing: no manifest write
		{class: alias, cmd: "npm ci", noWrite: []string{P + "package.json", P + "package-lock.json"}},
		{class: alias, cmd: "npm install", noWrite: []string{P + "package.json"}},
		{class: alias, cmd: "pnpm install", noWrite: []string{P + "package.json", P + "pnpm-lock.yaml"}},
		{class: alias, cmd: "npm test", noWrite: []string{P + "package.json"}},
		{class: alias, cmd: "npm run build", noWrite: []string{P + "package.json"}},
		{class: alias, cmd: "uv tool run ruff check src", noWrite: []string{"/home/dev/.local/share/uv/tools"}},
		{class: alias, cmd: "yarn global list", noWrite: []string{"/home/dev/.config/yarn/global"}},
	})
	// in a subdirectory the manifest may be the root's
	an, err := Analyze("cd src && npm i x", rootOpt)
	if err != nil {
		t.Fatal(err)
	}
	checkW(t, wc{class: alias, writes: []string{P + "src/package.json"}, cands: []string{P + "package.json"}}, an)
}
