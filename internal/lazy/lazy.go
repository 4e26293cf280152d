// Package lazy builds package-level tables on first use instead of in
// package initialisers: every process that links a package pays for its
// initialisers, including commands that never consult the tables
// (mandate-engine version, log, verify).
package lazy

import "sync"

// Value is a value computed once, by New, on the first Get. Declared as
// a package-level &Value[T]{New: func() T {…}} whose function captures
// nothing, it is laid out by the linker and costs no start-up work.
type Value[T any] struct {
	New  func() T
	once sync.Once
	v    T
}

// Get returns the value, computing it on the first call. Safe for
// concurrent use. The value is shared: callers must not modify it.
func (l *Value[T]) Get() T {
	l.once.Do(func() { l.v = l.New() })
	return l.v
}
