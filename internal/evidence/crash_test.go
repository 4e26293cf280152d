package evidence

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/redact"
)

const writerEnv = "MANDATE_EVIDENCE_TEST_WRITER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(writerEnv); dir != "" {
		os.Exit(runWriter(dir))
	}
	if dir := os.Getenv(fullDiskEnv); dir != "" {
		os.Exit(runFullDisk(dir))
	}
	os.Exit(m.Run())
}

// runWriter is the child process of TestKill9ConcurrentWriters: it appends
// forever (checkpointing now and then) and prints "ack <index> <id>" after
// each Append returns nil.
func runWriter(dir string) int {
	r, err := redact.New(redact.Config{Key: []byte("evidence-test-key-0123456789abcdef")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	l, err := Open(dir, Options{Redactor: r})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		id := fmt.Sprintf("w%d-%d", os.Getpid(), i)
		rec := Record{Type: TypeDecision, SessionID: "crash", ToolUseID: id, Decision: "allow",
			Params: map[string]any{"content": strings.Repeat("x", i%7*1000)}}
		idx, err := l.Append(context.Background(), rec)
		if err != nil {
			fmt.Fprintln(os.Stderr, "append:", err)
			return 3
		}
		fmt.Fprintf(out, "ack %d %s\n", idx, id)
		out.Flush()
		if i%10 == 9 {
			if _, err := l.Checkpoint(context.Background()); err != nil {
				fmt.Fprintln(os.Stderr, "checkpoint:", err)
				return 3
			}
		}
	}
}

// TestKill9ConcurrentWriters runs writer processes against one log, kills
// them with SIGKILL at random instants, and checks that the log verifies
// and holds every acknowledged record.
func TestKill9ConcurrentWriters(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	if err := Init(dir); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	acked := map[int64]string{}
	var mu sync.Mutex
	const rounds, writers = 8, 4
	for round := 0; round < rounds; round++ {
		var wg sync.WaitGroup
		var cmds []*exec.Cmd
		for w := 0; w < writers; w++ {
			cmd := exec.Command(exe, "-test.run=^$")
			cmd.Env = append(os.Environ(), writerEnv+"="+dir)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, cmd)
			wg.Add(1)
			go func() {
				defer wg.Done()
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					f := strings.Fields(sc.Text())
					if len(f) != 3 || f[0] != "ack" {
						continue // a line cut by the kill was never an ack
					}
					idx, err := strconv.ParseInt(f[1], 10, 64)
					if err != nil {
						continue
					}
					mu.Lock()
					if prev, dup := acked[idx]; dup {
						t.Errorf("index %d acknowledged twice: %s and %s", idx, prev, f[2])
					}
					acked[idx] = f[2]
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(150+rng.IntN(250)) * time.Millisecond)
		for _, c := range cmds {
			time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
			c.Process.Kill() // SIGKILL
		}
		wg.Wait()
		for _, c := range cmds {
			c.Wait()
		}
		if rep, err := Verify(context.Background(), dir); err != nil {
			t.Fatalf("round %d: verify after kill -9: %v (%+v)", round, err, rep)
		}
	}
	// One more append repairs any torn tail; then everything verifies.
	l := openTest(t, dir)
	if _, err := l.Append(context.Background(), decision("after", 0, "allow")); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	rep := mustVerify(t, dir)
	if rep.TornTail || rep.Pending {
		t.Errorf("not repaired: %+v", rep)
	}
	es, err := l.Records(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	byIndex := map[int64]string{}
	for _, e := range es {
		byIndex[e.Index] = e.Record.ToolUseID
	}
	for idx, id := range acked {
		if byIndex[idx] != id {
			t.Errorf("acknowledged record %d (%s) lost or replaced by %q", idx, id, byIndex[idx])
		}
	}
	if len(acked) < 20 {
		t.Errorf("only %d acknowledged appends: the test did not exercise the writers", len(acked))
	}
	t.Logf("%d writer processes killed with SIGKILL over %d rounds; %d acknowledged appends all present; log of %d records verifies",
		rounds*writers, rounds, len(acked), rep.Records)
}
