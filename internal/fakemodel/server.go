package fakemodel

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a [Model] served over HTTP on a loopback port.
type Server struct {
	*Model
	// URL is the base URL, e.g. http://127.0.0.1:41234 (no trailing slash).
	URL string

	srv       *http.Server
	served    chan error
	stop      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// Start serves a new Model on 127.0.0.1 at a free port until Close is called or ctx ends.
func Start(ctx context.Context, opts Options) (*Server, error) {
	m, err := New(opts)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakemodel: listen: %w", err)
	}
	s := &Server{
		Model:  m,
		URL:    "http://" + ln.Addr().String(),
		srv:    &http.Server{Handler: m, ReadHeaderTimeout: 10 * time.Second},
		served: make(chan error, 1),
		stop:   make(chan struct{}),
	}
	go func() { s.served <- s.srv.Serve(ln) }()
	go func() {
		select {
		case <-ctx.Done():
			_ = s.srv.Close()
		case <-s.stop:
		}
	}()
	return s, nil
}

// Close stops the server and drops open connections. It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.stop)
		s.closeErr = s.srv.Close()
		if err := <-s.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.closeErr = fmt.Errorf("fakemodel: serve: %w", err)
		}
	})
	return s.closeErr
}
