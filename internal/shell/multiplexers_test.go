package shell

import "testing"

// TestMultiplexerCode: commands handed to tmux or screen literally are
// analysed as code (the session stays opaque: what runs there later is
// not known), so a rule they break denies instead of asking.
func TestMultiplexerCode(t *testing.T) {
	const (
		session = "exec/multiplexer: a command a new session or window runs"
		typed   = "exec/input-injection: text typed into a multiplexer's pane"
	)
	const mux = "terminal multiplexer"
	runW(t, []wc{
		{class: session, cmd: "tmux run-shell -b 'rm -rf ~'", deletes: []string{"/home/dev"}, opaque: []string{mux}},
		{class: session, cmd: "tmux if-shell true 'kill-server'", lines: []string{"true"}, opaque: []string{mux}},
		{class: session, cmd: "tmux -c 'cat .env'", reads: []string{P + "/.env"}},
		{class: session, cmd: "tmux new -d vim \\; send-keys 'rm -rf ~' Enter", deletes: []string{"/home/dev"}, noRead: []string{P + "/;", P + "/new", P + "/send-keys"}},
		{class: session, cmd: "screen -dm sh -c 'rm -rf ~'", deletes: []string{"/home/dev"}, opaque: []string{mux}},
		{class: session, cmd: "screen -S s -X exec rm -rf ~", deletes: []string{"/home/dev"}, opaque: []string{mux}},
		{class: typed, cmd: "tmux send-keys -t x 'cat .env' Enter", reads: []string{P + "/.env"}, opaque: []string{mux}},
		{class: typed, cmd: "tmux send-keys -t x cat Space .env C-m", reads: []string{P + "/.env"}, opaque: []string{mux}},
		{class: typed, cmd: "tmux send -l 'rm -rf ~'", deletes: []string{"/home/dev"}, opaque: []string{mux}},
		{class: typed, cmd: "screen -S s -X stuff 'cat .env^M'", reads: []string{P + "/.env"}, opaque: []string{mux}},
		{class: typed, cmd: `screen -X stuff "rm -rf ~\n"`, deletes: []string{"/home/dev"}, opaque: []string{mux}},
		// keys for an editor are no shell code: opaque only, not an error
		{class: typed, cmd: `tmux send-keys -t x "echo 'unbalanced" Enter`, opaque: []string{"not shell code"}},
		{class: typed, cmd: "tmux send-keys -t x ':wq' Enter", opaque: []string{mux}},
	})
}
