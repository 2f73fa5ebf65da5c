package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The demo server is shared by all tests of one run: it is built and started
// by the first test that needs it, after that test found a browser, so a run
// without a browser skips quickly, and TestMain stops it at the end.
var demo struct {
	once sync.Once
	err  error
	dir  string // temp dir with the binary and the database
	url  string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	mu   sync.Mutex
	log  bytes.Buffer // everything the server wrote to stderr
}

func TestMain(m *testing.M) {
	if dir := os.Getenv("PERSPECTIEF_SCREENSHOTS"); dir != "" {
		// A fresh report for this run; screenshots are overwritten anyway.
		_ = os.Remove(filepath.Join(dir, "axe-report.txt"))
		_ = os.Remove(filepath.Join(dir, "html-report.txt"))
	}
	code := m.Run()
	stopDemo()
	stopVNU()
	os.Exit(code)
}

// demoURL returns the base URL of the running demo, starting it on first use.
func demoURL(t *testing.T) string {
	t.Helper()
	demo.once.Do(func() { demo.err = startDemo() })
	if demo.err != nil {
		t.Fatalf("demo server: %v", demo.err)
	}
	return demo.url
}

// serverLog returns what the demo server logged so far, for failure reports.
func serverLog() string {
	demo.mu.Lock()
	defer demo.mu.Unlock()
	return demo.log.String()
}

var listening = regexp.MustCompile(`Perspectief \(demo\) draait op (http://\S+)`)

func startDemo() error {
	dir, err := os.MkdirTemp("", "perspectief-e2e-")
	if err != nil {
		return err
	}
	demo.dir = dir
	bin := filepath.Join(dir, "perspectief")

	goTool, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("go tool not found: %w", err)
	}
	start := time.Now()
	build := exec.Command(goTool, "build", "-o", bin, "./cmd/perspectief")
	build.Dir = ".." // the module root; tests run in e2e/
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/perspectief: %v\n%s", err, out)
	}
	fmt.Fprintf(os.Stderr, "e2e: built perspectief in %v\n", time.Since(start).Round(time.Millisecond))

	cmd := exec.Command(bin, "demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "demo.db"))
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	cmd.Stdout = lockedWriter{}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start demo: %w", err)
	}
	demo.cmd = cmd
	demo.done = make(chan struct{})

	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			line := sc.Text()
			demo.mu.Lock()
			demo.log.WriteString(line + "\n")
			demo.mu.Unlock()
			if m := listening.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
	}()
	go func() {
		_ = cmd.Wait()
		close(demo.done)
	}()

	select {
	case u := <-found:
		demo.url = u
		fmt.Fprintf(os.Stderr, "e2e: demo running at %s (%v after build)\n", u, time.Since(start).Round(time.Millisecond))
		return nil
	case <-demo.done:
		return fmt.Errorf("demo exited before it listened:\n%s", serverLog())
	case <-time.After(60 * time.Second):
		return fmt.Errorf("demo did not report its address within 60s:\n%s", serverLog())
	}
}

func stopDemo() {
	if demo.cmd != nil && demo.cmd.Process != nil {
		_ = demo.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-demo.done:
		case <-time.After(10 * time.Second):
			_ = demo.cmd.Process.Kill()
			<-demo.done
		}
	}
	if demo.dir != "" {
		_ = os.RemoveAll(demo.dir)
	}
}

// lockedWriter keeps the demo's stdout in the same log as its stderr.
type lockedWriter struct{}

func (lockedWriter) Write(p []byte) (int, error) {
	demo.mu.Lock()
	defer demo.mu.Unlock()
	return demo.log.Write(p)
}
