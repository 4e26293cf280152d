package gate

import (
	"os"
	"path/filepath"
	"testing"
)

// A name remembered as absent is looked up again as soon as its directory
// changes; a directory modified within racyWindow vouches for nothing.
func TestAbsentNames(t *testing.T) {
	dir := t.TempDir()
	e := &pinEntry{Path: filepath.Join(dir, "hooks.json"), Missing: true}
	later := func() int64 { return wallNow() + 3*racyWindow } // as if the directory had settled
	var a absentNames

	if st := statDir(dir, wallNow()); st.trusted || st.gone {
		t.Fatalf("a directory just created is trusted: %+v", st)
	}
	st := statDir(dir, later())
	if !st.trusted || !a.stillAbsent(e, dir, st) {
		t.Fatalf("absent name: %+v", st)
	}
	if !a.known(dir, st.id, "hooks.json") {
		t.Fatal("not remembered")
	}
	if err := os.WriteFile(e.Path, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	st2 := statDir(dir, later())
	if st2.id == st.id {
		t.Fatal("creating a name left the directory's identity unchanged")
	}
	if a.stillAbsent(e, dir, st2) {
		t.Fatal("a created file is reported absent")
	}
	// Removed again: absent, and remembered under the new identity.
	if err := os.Remove(e.Path); err != nil {
		t.Fatal(err)
	}
	st3 := statDir(dir, later())
	if !a.stillAbsent(e, dir, st3) || a.known(dir, st.id, "hooks.json") {
		t.Fatal("identity not renewed")
	}

	// A directory replaced by another (renamed over) has another inode.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "hooks.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, dir); err != nil {
		t.Fatal(err)
	}
	if a.stillAbsent(e, dir, statDir(dir, later())) {
		t.Fatal("a file in a replacing directory is reported absent")
	}

	// A missing directory, or a file where a directory is expected: every
	// name in it is absent.
	if st := statDir(filepath.Join(dir, "nope"), later()); !st.gone {
		t.Fatalf("missing directory: %+v", st)
	}
	if st := statDir(e.Path, later()); !st.gone {
		t.Fatalf("file as directory: %+v", st)
	}
}
