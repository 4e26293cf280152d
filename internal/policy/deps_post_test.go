package policy

import (
	"reflect"
	"testing"
)

// Every package manager's option set is the one parseOpts was given
// when it was built from postVal on every command, and pip's, used for
// pip run through another tool, is pip's own.
func TestPkgManagerPost(t *testing.T) {
	for name, pm := range pkgManagers.Get() {
		want := optSet{longVal: longNames(pm.postVal), shortVal: shortNames(pm.postVal)}
		if !reflect.DeepEqual(pm.post, want) {
			t.Errorf("%s: post %+v, want %+v", name, pm.post, want)
		}
	}
	want := optSet{longVal: longNames(pipPostVal), shortVal: shortNames(pipPostVal)}
	if got := pipPost.Get(); !reflect.DeepEqual(got, want) {
		t.Errorf("pip: %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(pkgManagers.Get()["pip"].postVal, pipPostVal) {
		t.Error("pip's table no longer lists pipPostVal")
	}
}
