package shell

import (
	"strings"
	"testing"
)

// TestTerminal: the programs that read commands from their terminal, in
// the spellings that do, and the same programs where they do not.
func TestTerminal(t *testing.T) {
	yes := []string{
		"vim src/app.go", "vi", "nvim -R x", "nano README.md", "emacs x", "emacs -nw", "micro x", "hx .", "sudo vim /etc/hosts",
		"/usr/bin/vim x", "env TERM=xterm vim x", "view x", "visudo", "vipw", "crontab -e", "sudo -e /etc/x", "sudoedit /etc/x", "fc",
		"kubectl edit deploy/x", "systemctl edit x", "hg commit", "svn ci",
		"less README.md", "more README.md", "man ls", "w3m https://e.com", "lynx x.html", "tig", "lazygit", "mc", "htop", "top",
		"tmux", "tmux attach", "screen -r", "zellij", "script", "script out.log",
		"ghci", "R", "R --vanilla", "julia", "ipython", "irb", "python3 -i x.py", "node -i", "php -a", "perl -de1", "lein repl", "deno repl", "erl",
		"mysql", "mysql -uroot prod", "mariadb -h db", "psql", "psql -U u db", "redis-cli", "redis-cli -h db", "mongosh", "sqlcmd -S x",
		"ftp", "ftp example.com", "telnet host", "sftp host", "lftp host", "smbclient //h/s",
		"ssh host", "ssh -p 22 -i k user@host", "ssh -t host vim x", "mosh host",
		"docker exec -it c sh", "docker run -it ubuntu", "docker run --rm -i img", "docker attach c", "docker compose exec web sh",
		"docker compose -f x.yml run web", "docker-compose exec web sh", "kubectl exec -it pod -- sh", "kubectl run x --image=y -it",
		"vagrant ssh", "newgrp docker",
		"git commit", "git commit -a", "git commit --amend", "git commit -Smykey", "git commit -m x -e", "git commit --fixup=amend:HEAD",
		"git -C src commit", "git -c core.editor=vim commit", "git merge feature", "git merge --no-ff x", "git pull", "git tag -a v1",
		"git tag -s v1", "git revert HEAD", "git cherry-pick -e x", "git rebase -i HEAD~3", "git rebase --continue", "git notes add",
		"git notes edit", "git add -p", "git add -i", "git add -e", "git checkout -p", "git reset -p", "git stash -p", "git clean -i",
		"git clean -fdi", "git config --edit", "git config -e", "git branch --edit-description", "git difftool", "git mergetool -y",
		"git send-email x.patch", "git help commit", "git am -i",
		// round 23 (c) #2: other names, wrappers, modules and subcommands
		"pager README.md", "/usr/bin/pager x", "sensible-pager x", "zless x.gz", "xzless x", "bzless x", "lzless x", "zstdless x",
		"python3 -m asyncio", "python3 -m IPython", "python3 -m _pyrepl", "python3 -m ipdb x.py", "python3 -mpudb x.py",
		"python3 -I -m sqlite3", "python3 -m code", "python3 -m pdb x.py", "python3.12 -m mypkg.cli", "uv run python -m asyncio",
		"python3 -m pytest --pdb", "pytest --pdb", "pytest -x --trace", "python -m flask shell", "python3 -m django shell",
		"python3 -W ignore -m asyncio", "pdb3 x.py", "ipdb3 x.py", "pudb3 x.py", "node inspect x.js", "node debug x.js",
		"yarn node", "yarn node -i", "vimtutor", "rview x", "evim", "eview x", "ex x", "ls | vipe",
	}
	no := []string{
		"cat README.md", "vimdiff-not", "emacs --batch -l x.el", "crontab -l", "sudo ls", "sudo -u root id", "top -bn1", "w3m -dump https://e.com",
		"script -c 'ls' out", "R -e 'print(1)'", "R CMD build .", "julia x.jl", "python3 x.py", "python3 -c 'print(1)'", "node x.js",
		"php -d x=1 y.php", "perl -Mdiagnostics -e 1", "mysql -e 'select 1'", "mysql --execute='select 1'", "psql -c 'select 1'",
		"psql -f x.sql db", "psql -l", "redis-cli ping", "redis-cli -h db get k", "mongosh db x.js", "sqlcmd -Q 'select 1'",
		"sftp -b batch host", "lftp -c 'get x'", "smbclient -L host", "smbclient //h/s -c ls",
		"ssh host ls", "ssh -N -L 8080:x:80 host", "ssh -p 22 host uptime",
		"docker run --rm img cmd", "docker exec c ls", "docker build -t x .", "docker compose exec -T web ls", "docker compose up",
		"kubectl exec pod -- ls", "kubectl get pods", "vagrant ssh -c ls",
		"git commit -m x", "git commit -am x", "git commit -F msg.txt", "git commit --amend --no-edit", "git commit -C HEAD",
		"git commit --fixup=HEAD", "git commit --dry-run", "git merge --ff-only x", "git merge --no-edit x", "git merge -m m x",
		"git pull --rebase", "git pull --ff-only", "git pull --no-edit", "git tag v1", "git tag -a v1 -m x", "git revert --no-edit HEAD",
		"git revert -n HEAD", "git cherry-pick x", "git rebase main", "git notes add -m x", "git add .", "git add -A", "git checkout -b x",
		"git reset --hard", "git stash pop", "git clean -fd", "git config user.name x", "git log", "git diff", "git status", "git -p log",
		// round 23 fix: everyday python -m, node and yarn lines
		"python3 -m pytest", "python3 -m pytest -x tests", "python3 -m venv .venv", "python3 -m pip install -r requirements.txt",
		"python3 -m http.server 8000", "python3 -m json.tool x.json", "python -m flask run", "python3 -m unittest discover",
		"python3 -m compileall .", "python3 -m mypy src", "python3 -X dev -m pytest", "python3 x.py -m asyncio",
		"python3 -W ignore x.py", "node src/inspect.js", "yarn node x.js", "yarn test", "pytest -x", "zcat x.gz",
	}
	check := func(line string, want bool) {
		t.Helper()
		an, err := Analyze(line, testOpt)
		if err != nil {
			t.Errorf("%q: %v", line, err)
			return
		}
		var why []string
		for i := range an.Commands {
			if w := Terminal(&an.Commands[i]); w != "" {
				why = append(why, w)
			}
		}
		if got := len(why) > 0; got != want {
			t.Errorf("%q: reads its terminal = %v (%s), want %v", line, got, strings.Join(why, "; "), want)
		}
	}
	for _, l := range yes {
		check(l, true)
	}
	for _, l := range no {
		check(l, false)
	}
}
