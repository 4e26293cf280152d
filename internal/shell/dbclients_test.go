package shell

import (
	"strings"
	"testing"
)

// The libpq/MySQL client family (dbclients.go): hosts, files and code
// given through options, connection strings, URIs and the environment.
func TestDBClientFamily(t *testing.T) {
	const prod = "db.production.company.com"
	opt := Options{Cwd: "/home/dev/project", Home: "/home/dev"}
	for _, tc := range []struct {
		line   string
		host   string // a host reported ("" none)
		read   string // a path read
		opaque bool
	}{
		{line: "createuser -h " + prod + " -s agent", host: prod},
		{line: "pg_receivewal --host=" + prod + " -D src/w", host: prod},
		{line: "pg_recvlogical -d 'dbname=app host=" + prod + "' --start -f -", host: prod},
		{line: "psql \"host='" + prod + "' dbname=app\"", host: prod},
		{line: "mysqlshow --host " + prod, host: prod},
		{line: "mysqlsh --uri root@" + prod, host: prod},
		{line: "mysql --ho=" + prod + " -e 'select 1'", host: prod},
		{line: "psql 'postgresql://localhost/app?sslrootcert=src/ca.pem'", host: "localhost", read: "/home/dev/project/src/ca.pem"},
		{line: "PGPASSFILE=src/pw psql -c 'select 1'", read: "/home/dev/project/src/pw"},
		{line: "PGSYSCONFDIR=src psql service=x", opaque: true},
		{line: "PSQLRC=src/rc psql -c 'select 1'", read: "/home/dev/project/src/rc", opaque: true},
		{line: "printf 'x' > /home/dev/.psqlrc; psql -c 'select 1'", opaque: true},
		{line: "printf 'x' > /home/dev/.my.cnf; mysql -e 'select 1'", opaque: true},
		{line: "printf 'host=localhost' > src/s; PGSERVICEFILE=src/s psql service=x -c 'select 1'", host: "localhost"},
		{line: "MYSQL_HOME=src mysql -e 'select 1'", opaque: true},
		{line: "psql -h localhost -c 'select 1'", host: "localhost"},
		{line: "pgbench -c 10 -j 2 -T 60 app"},
		{line: "mysql -u root app -e 'select 1'"},
	} {
		a, err := Analyze(tc.line, opt)
		if err != nil {
			t.Fatalf("%s: %v", tc.line, err)
		}
		var hosts []string
		for _, h := range a.Hosts {
			hosts = append(hosts, h.Host)
		}
		if tc.host != "" && !contains(hosts, tc.host) {
			t.Errorf("%s: hosts %v, want %s", tc.line, hosts, tc.host)
		}
		if tc.host == "" && len(hosts) > 0 {
			t.Errorf("%s: hosts %v, want none", tc.line, hosts)
		}
		if tc.read != "" {
			found := false
			for _, r := range a.Reads {
				found = found || r.Path == tc.read
			}
			if !found {
				t.Errorf("%s: reads %v, want %s", tc.line, a.Reads, tc.read)
			}
		}
		if got := len(a.Opaque) > 0; got != tc.opaque {
			t.Errorf("%s: opaque %v, want %v (%v)", tc.line, got, tc.opaque, a.Opaque)
		}
	}
}

// psql's \setenv and \getenv take names, never files: their reason must
// not call the name a written file.
func TestPsqlSetenvNotAFile(t *testing.T) {
	a, err := Analyze(`psql -c '\setenv PGTZ UTC'`, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Opaque) == 0 {
		t.Fatal(`\setenv is not opaque`)
	}
	for _, w := range a.Writes {
		t.Errorf("write reported: %+v", w)
	}
	for _, o := range a.Opaque {
		if strings.Contains(o.Reason, "PGTZ") {
			t.Errorf("reason names PGTZ: %s", o.Reason)
		}
	}
}

func TestConninfoPairs(t *testing.T) {
	got := conninfoPairs(`host = 'a b\'c' port=5 dbname=x\ y`)
	want := [][2]string{{"host", "a b'c"}, {"port", "5"}, {"dbname", "x y"}}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("pair %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func FuzzConninfoPairs(f *testing.F) {
	for _, s := range []string{"host=a port=5", "host = 'x\\'y'", "a", "=", "k='", "k=\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range conninfoPairs(s) {
			if len(p[0])+len(p[1]) > len(s) {
				t.Fatalf("pair %q longer than %q", p, s)
			}
		}
	})
}

func TestDBClientDynamic(t *testing.T) {
	opt := Options{Cwd: "/home/dev/project", Home: "/home/dev"}
	for line, opaque := range map[string]bool{
		`psql "$(cat src/url)" -c 'select 1'`:              true,
		`pg_dump -d "$(cat src/url)" -f src/d.sql`:         true,
		`createdb "$(cat src/name)"`:                       false,
		`pg_restore -d app "$(ls src/*.dump | head -1)"`:   false,
		`psql -c '\c postgresql:///d?host=db.example.org'`: false,
		`HOME=/tmp pg_dump service=x -f src/d.sql`:         true,
		`PGSERVICE=x HOME=src pg_dump -f src/d.sql`:        true,
		`printf x > ~/.psqlrc-16; psql -c 'select 1'`:      true,
	} {
		a, err := Analyze(line, opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(a.Opaque) > 0; got != opaque {
			t.Errorf("%s: opaque %v, want %v (%v)", line, got, opaque, a.Opaque)
		}
		if strings.Contains(line, "db.example.org") {
			found := false
			for _, h := range a.Hosts {
				found = found || h.Host == "db.example.org"
			}
			if !found {
				t.Errorf(`%s: \c URI's host= not reported: %v`, line, a.Hosts)
			}
		}
	}
}

func TestPsqlVariables(t *testing.T) {
	opt := Options{Cwd: "/home/dev/project", Home: "/home/dev"}
	for _, tc := range []struct {
		line  string
		write string // a write reported (Dynamic when "dyn")
		read  string
		host  string
	}{
		{line: `psql -c '\set f agent-policy.yaml' -c '\o :f' -c 'select 1'`, write: "/home/dev/project/agent-policy.yaml"},
		{line: `psql -v f=agent-policy.yaml -c '\o :f' -c 'select 1'`, write: "/home/dev/project/agent-policy.yaml"},
		{line: `psql -c "select 'agent-policy.yaml' as f \gset" -c '\o :f' -c 'select 1'`, write: "dyn"},
		{line: `psql -c '\set f .env' -c "select pg_read_file(:'f')"`, read: "/home/dev/project/.env"},
		{line: `psql -c '\set h db.example.org' -c '\c app - :h'`, host: "db.example.org"},
		{line: `psql -c "select x::int from t where id = :id"`},
	} {
		a, err := Analyze(tc.line, opt)
		if err != nil {
			t.Fatal(err)
		}
		if tc.write != "" {
			found := false
			for _, w := range a.Writes {
				found = found || w.Path == tc.write || tc.write == "dyn" && w.Dynamic
			}
			if !found {
				t.Errorf("%s: writes %+v, want %s", tc.line, a.Writes, tc.write)
			}
		}
		if tc.read != "" {
			found := false
			for _, r := range a.Reads {
				found = found || r.Path == tc.read
			}
			if !found {
				t.Errorf("%s: reads %+v, want %s", tc.line, a.Reads, tc.read)
			}
		}
		if tc.host != "" {
			found := false
			for _, h := range a.Hosts {
				found = found || h.Host == tc.host
			}
			if !found {
				t.Errorf("%s: hosts %+v, want %s", tc.line, a.Hosts, tc.host)
			}
		}
		if tc.write == "" && tc.read == "" && tc.host == "" && (len(a.Writes) > 0 || len(a.Opaque) > 0) {
			t.Errorf("%s: writes %+v opaque %+v, want none", tc.line, a.Writes, a.Opaque)
		}
	}
}

func FuzzPsqlInterpolate(f *testing.F) {
	for _, s := range []string{":f", ":'f'", `:"f"`, "x::int", "':f'", ":", ":'", "a :b :'c' :\"d\""} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, sqlText bool) {
		s := &dbSession{d: dialects.Get()["psql"]}
		s.setVar("f", "agent-policy.yaml", true)
		s.setVar("u", "", false)
		out, _ := s.interpolate(text, sqlText)
		if len(out) > 3*len(text)+len("agent-policy.yaml")*len(text) {
			t.Fatalf("%q grew to %d bytes", text, len(out))
		}
	})
}
