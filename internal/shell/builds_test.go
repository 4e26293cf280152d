package shell

import (
	"path"
	"slices"
	"strings"
	"testing"
)

func TestParseDockerfile(t *testing.T) {
	def := ParseDockerfile("# syntax=docker/dockerfile:1\nFROM golang AS build\nCOPY --chown=1 go.mod \\\n  go.sum ./\n" +
		"COPY [\"a b\", \"/x\"]\nCOPY --from=build /out /out\nCOPY --from=k key /k\nADD https://x/y /y\n" +
		"RUN --mount=type=bind,source=.env,target=/e --mount=type=cache,target=/c cat /e\nonbuild copy late /l\n")
	var got []string
	for _, s := range def.Sources {
		got = append(got, s.From+":"+s.Path)
	}
	for _, want := range []string{":go.mod", ":go.sum", ":a b", "build:/out", "k:key", ":.env", ":late"} {
		if !slices.Contains(got, want) {
			t.Errorf("sources %q lack %q", got, want)
		}
	}
	if slices.Contains(got, ":https://x/y") || len(def.Opaque) > 0 {
		t.Errorf("sources %q, opaque %q", got, def.Opaque)
	}
	ms := DockerfileMounts(def, "/c", map[string]string{"k": "/k"})
	var srcs []string
	for _, m := range ms {
		srcs = append(srcs, m.Source)
	}
	if !slices.Contains(srcs, "/k/key") || slices.Contains(srcs, "/c/out") || !slices.Contains(srcs, "/c/.env") {
		t.Errorf("mounts %q", srcs)
	}
	if d := ParseDockerfile("# syntax=evil/x\nFROM a\n"); len(d.Opaque) == 0 {
		t.Error("a frontend not known is not opaque")
	}
}

func TestParseBakeHCL(t *testing.T) {
	m, err := ParseBakeHCL(`# c
variable "TAG" { default = "dev" }
group "default" { targets = ["a"] }
target "a" {
  context = "src"
  contexts = { k = "/k", img = "docker-image://alpine" }
  dockerfile-inline = <<-EOT
    FROM alpine
    COPY x /x
  EOT
  tags = ["app:${TAG}", upper("x")]
  output = ["type=local,dest=out"]
  /* block */ args = { A = TAG == "" ? "a" : "b" }
}
`)
	if err != nil {
		t.Fatal(err)
	}
	tg, _ := asMap(m["target"])
	a, _ := asMap(tg["a"])
	if a["context"] != "src" || !strings.Contains(a["dockerfile-inline"].(string), "COPY x /x") {
		t.Errorf("target %v", a)
	}
	def := ParseContainerDef("bake", `target "a" { context = "/h/.ssh" }`+"\nvariable \"PROD\" {}\n", nil)
	if len(def.Builds) != 1 || def.Builds[0].Context != "/h/.ssh" || !slices.Contains(def.EnvNames, "PROD") {
		t.Errorf("def %+v", def)
	}
	if _, err := ParseBakeHCL(`target "a" { context = `); err == nil {
		t.Error("a truncated file read")
	}
}

func TestBuildOutput(t *testing.T) {
	for spec, want := range map[string]string{"out": "out", "-": "", "type=local,dest=/d": "/d", "type=tar,dest=f.tar": "f.tar",
		"type=image,name=x": "", "type=registry": "", "type=new,dest=/n": "/n", "type=oci,dest=-": ""} {
		if got := buildOutput(spec); got != want {
			t.Errorf("buildOutput(%q) = %q, want %q", spec, got, want)
		}
	}
}

func FuzzParseDockerfile(f *testing.F) {
	f.Add("FROM a AS b\nCOPY --from=b x \\\n y /z\nRUN --mount=source=s cat\n# escape=`\nCOPY [\"q\"")
	f.Add("COPY <<EOF /x\nhello\nEOF\nADD git@x:y /z")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		def := ParseDockerfile(text)
		for _, m := range DockerfileMounts(def, "/ctx", map[string]string{"k": "/k"}) {
			if !dynPath(m.Source) && !strings.HasPrefix(m.Source, "/ctx") && !strings.HasPrefix(m.Source, "/k") {
				t.Fatalf("a source %q outside its context", m.Source)
			}
			if !dynPath(m.Source) && path.Clean(m.Source) != m.Source {
				t.Fatalf("a source %q not clean", m.Source)
			}
		}
	})
}

func FuzzParseBakeHCL(f *testing.F) {
	f.Add(`target "a" { context = "${X}/y" contexts = { k = "/k" } }`)
	f.Add("variable \"V\" {\n default = <<EOT\nx\nEOT\n}\n")
	f.Add(`x = f("a", [1, {b = 2}]) // c`)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		ParseBakeHCL(text)
		ParseContainerDef("bake", text, map[string]string{"HOME": "/h"})
	})
}
