package redact

// Every test of the package runs with the emitted-ID check on (probe.go):
// a custom matcher that emits an ID its rule does not declare panics.
func init() { checkEmits = true }
