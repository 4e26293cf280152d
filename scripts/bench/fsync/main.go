// Command fsync measures the durability floor of a hook call on this
// machine: appending one evidence-sized record (1 KiB) to a file in DIR
// and fdatasync'ing it, after an idle gap like the one between two agent
// tool calls. Every allowed or denied call pays this before its answer.
//
//	fsync [-n runs] [-gap 3ms] DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	n := flag.Int("n", 200, "appends")
	gap := flag.Duration("gap", 3*time.Millisecond, "idle time before each append")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: fsync [-n runs] [-gap D] DIR")
		os.Exit(2)
	}
	path := filepath.Join(flag.Arg(0), "fsync-probe.log")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_TRUNC, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fsync:", err)
		os.Exit(1)
	}
	defer os.Remove(path)
	rec := make([]byte, 1024)
	for i := range rec {
		rec[i] = 'x'
	}
	rec[len(rec)-1] = '\n'
	d := make([]time.Duration, 0, *n)
	for range *n {
		time.Sleep(*gap)
		t := time.Now()
		if _, err := f.Write(rec); err != nil {
			fmt.Fprintln(os.Stderr, "fsync:", err)
			os.Exit(1)
		}
		if err := datasync(f); err != nil {
			fmt.Fprintln(os.Stderr, "fsync:", err)
			os.Exit(1)
		}
		d = append(d, time.Since(t))
	}
	slices.Sort(d)
	fmt.Printf("append 1 KiB + fdatasync after %v idle: median %v, p10 %v, p90 %v (%d runs)\n",
		*gap, d[len(d)/2].Round(time.Microsecond), d[len(d)/10].Round(time.Microsecond), d[len(d)*9/10].Round(time.Microsecond), *n)
}
