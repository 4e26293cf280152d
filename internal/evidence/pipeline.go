package evidence

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"

	"golang.org/x/mod/sumdb/tlog"
)

// parsedLine is one record line parsed off the critical path.
type parsedLine struct {
	complete bool
	l        line
	err      error     // from parseLine
	leaf     tlog.Hash // RecordHash of the envelope, if err == nil
}

type lineBatch struct {
	lines []parsedLine
	done  chan struct{}
}

const batchLines = 512

// parseLines reads record lines from r and calls fn for each, in order,
// with the line already parsed and its leaf hash computed. Parsing and
// hashing (most of the work of verification) run on all CPUs; fn runs on
// the calling goroutine. fn returning errStop ends the scan early.
func parseLines(ctx context.Context, r io.Reader, sizeHint int64, fn func(*parsedLine) error) error {
	workers := min(runtime.GOMAXPROCS(0), 8)
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ordered := make(chan *lineBatch, 2*workers)
	todo := make(chan *lineBatch, 2*workers)
	var readErr error
	go func() { // reader: split into batches, in order
		defer close(ordered)
		defer close(todo)
		var cur *lineBatch
		send := func() bool {
			if cur == nil {
				return true
			}
			b := cur
			cur = nil
			select {
			case todo <- b:
			case <-ctx.Done():
				return false
			}
			select {
			case ordered <- b:
				return true
			case <-ctx.Done():
				return false
			}
		}
		readErr = readLines(r, maxLine, sizeHint, func(b []byte, complete bool) error {
			if cur == nil {
				cur = &lineBatch{lines: make([]parsedLine, 0, batchLines), done: make(chan struct{})}
			}
			// b is only valid until the next read: keep a copy.
			cp := make([]byte, len(b))
			copy(cp, b)
			cur.lines = append(cur.lines, parsedLine{complete: complete, l: line{envText: cp}})
			if len(cur.lines) == batchLines && !send() {
				return errStop
			}
			return nil
		})
		if readErr == nil {
			send()
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range todo {
				for i := range b.lines {
					pl := &b.lines[i]
					if !pl.complete {
						continue
					}
					pl.l, pl.err = parseLine(pl.l.envText)
					if pl.err == nil {
						pl.leaf = tlog.RecordHash(pl.l.envText)
					}
				}
				close(b.done)
			}
		}()
	}
	defer wg.Wait()
	var ferr error
	for b := range ordered {
		<-b.done
		for i := range b.lines {
			if ferr = fn(&b.lines[i]); ferr != nil {
				break
			}
		}
		if ferr != nil {
			break
		}
	}
	cancel()
	for range ordered { // let the reader finish
	}
	if ferr != nil {
		return ferr
	}
	if readErr != nil && !errors.Is(readErr, errStop) {
		return readErr
	}
	return parent.Err()
}
