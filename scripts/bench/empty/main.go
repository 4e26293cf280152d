// Command empty does nothing. Built static (CGO_ENABLED=0), it is the
// baseline the benchmark script compares whole mandate processes against:
// the cost of starting any Go binary on this machine.
package main

func main() {}
