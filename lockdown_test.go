//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The kiosk tests run the binary as it ships (the release build when
// SKRANKE_RELEASE_BIN names one, as CI does after `make linux`) in an X server without a
// window manager, as the kiosk PC runs it: it must cover the screen, shrug off a close
// request, and come back after a SIGKILL under the systemd unit's restart rule, with
// the tickets it had written still there.

func TestKioskLockdown(t *testing.T) {
	if testing.Short() {
		t.Skip("kiosk test runs the binary in Xvfb")
	}
	display := e2eDisplay(t)
	bin := kioskBinary(t)
	unit := readUnit(t, "build/linux/skranke.service")
	if unit["Restart"] != "always" {
		t.Fatalf("skranke.service: Restart=%s, want always", unit["Restart"])
	}
	restartSec, err := strconv.Atoi(unit["RestartSec"])
	if err != nil {
		t.Fatalf("skranke.service: RestartSec=%q: %v", unit["RestartSec"], err)
	}

	// The unit's command line with the kiosk PC's paths moved into the test's
	// directories: ExecStart is xinit CLIENT -- SERVER; Xvfb stands in for the server.
	root := t.TempDir()
	data := filepath.Join(root, "var/lib", unit["StateDirectory"])
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	argv := unitClient(t, unit["ExecStart"], map[string]string{"/usr/local/bin/skranke": bin, "/var/lib/skranke": data})
	layoutFile := filepath.Join(root, "layout.json")
	logs := &syncBuffer{}
	sup := &supervisor{
		argv:    argv,
		env:     append(os.Environ(), "DISPLAY="+display, "FYNE_SCALE=1", "SKRANKE_LAYOUT_FILE="+layoutFile),
		restart: time.Duration(restartSec) * time.Second,
		out:     logs,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	supervised := make(chan struct{})
	go func() { sup.run(ctx); close(supervised) }()
	defer func() {
		cancel()
		sup.signal(syscall.SIGTERM)
		<-supervised
		if t.Failed() {
			t.Logf("kiosk output:\n%s", logs.String())
		}
	}()

	ui := &xSession{t: t, display: display, layoutFile: layoutFile}
	l := ui.waitScreen("welcome")
	win := ui.window()

	t.Run("Fullscreen", func(t *testing.T) {
		screen := strings.Fields(ui.xdotool("getdisplaygeometry"))
		geo := map[string]string{}
		for _, line := range strings.Split(ui.xdotool("getwindowgeometry", "--shell", win), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				geo[k] = v
			}
		}
		got := fmt.Sprintf("%sx%s at %s,%s", geo["WIDTH"], geo["HEIGHT"], geo["X"], geo["Y"])
		if want := fmt.Sprintf("%sx%s at 0,0", screen[0], screen[1]); got != want {
			t.Errorf("kiosk window is %s, want the whole screen, %s", got, want)
		}
	})

	t.Run("IgnoresClose", func(t *testing.T) {
		id, err := strconv.ParseUint(win, 10, 32)
		if err != nil {
			t.Fatalf("window id %q: %v", win, err)
		}
		pid := sup.pid()
		if err := sendDeleteWindow(display, uint32(id)); err != nil {
			t.Fatalf("WM_DELETE_WINDOW: %v", err)
		}
		waitFor(t, 10*time.Second, "the close request in the log", func() bool {
			return strings.Contains(logs.String(), "close request ignored")
		})
		time.Sleep(500 * time.Millisecond) // a kiosk that obeyed would be gone by now
		if sup.starts() != 1 || sup.pid() != pid || syscall.Kill(pid, 0) != nil {
			t.Fatalf("the kiosk did not survive a close request (starts %d)", sup.starts())
		}
	})

	t.Run("RestartsAfterKill", func(t *testing.T) {
		// A check-in through the screens, so there is a ticket on disk to lose.
		ui.click(l, "lang:en")
		l = ui.waitScreen("topics")
		ui.click(l, "topic:call")
		ui.click(l, "nav:next")
		ui.waitScreen("ticket")

		os.Remove(layoutFile)
		if err := syscall.Kill(sup.pid(), syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 30*time.Second, "the kiosk started again", func() bool { return sup.starts() == 2 })
		ui.waitScreen("welcome")
		ui.window()
	})

	cancel()
	sup.signal(syscall.SIGTERM)
	<-supervised
	out, err := exec.Command(bin, "check", "--data", data).CombinedOutput()
	if err != nil {
		t.Fatalf("skranke check: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), ": 1 visits") || !strings.Contains(string(out), "\nok\n") {
		t.Errorf("after the kill, skranke check says:\n%s\nwant the 1 visit and ok", out)
	}
}

// kioskBinary returns the binary under test: the release build named by
// SKRANKE_RELEASE_BIN, or one built for the test.
func kioskBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("SKRANKE_RELEASE_BIN"); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(abs); err != nil {
			t.Fatalf("SKRANKE_RELEASE_BIN: %v", err)
		}
		return abs
	}
	return buildBinary(t)
}

// readUnit reads the [Service] and [Unit] keys of a systemd unit file (the last value
// of a key wins, as for these keys in systemd).
func readUnit(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '[' {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			keys[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

// unitClient returns the client part of an xinit ExecStart line, with paths replaced.
func unitClient(t *testing.T, execStart string, paths map[string]string) []string {
	t.Helper()
	f := strings.Fields(execStart)
	if len(f) < 2 || filepath.Base(f[0]) != "xinit" {
		t.Fatalf("ExecStart=%s: want xinit CLIENT -- SERVER", execStart)
	}
	var argv []string
	for _, a := range f[1:] {
		if a == "--" {
			break
		}
		if p, ok := paths[a]; ok {
			a = p
		}
		argv = append(argv, a)
	}
	return argv
}

// supervisor runs a command as systemd runs a Restart=always service: whenever it
// ends, however it ends, it is started again after the restart delay, until ctx ends.
type supervisor struct {
	argv    []string
	env     []string
	restart time.Duration
	out     io.Writer

	mu   sync.Mutex
	cmd  *exec.Cmd
	runs int
}

func (s *supervisor) run(ctx context.Context) {
	for ctx.Err() == nil {
		cmd := exec.Command(s.argv[0], s.argv[1:]...)
		cmd.Env, cmd.Stdout, cmd.Stderr = s.env, s.out, s.out
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(s.out, "supervisor: %v\n", err)
		} else {
			s.mu.Lock()
			s.cmd, s.runs = cmd, s.runs+1
			s.mu.Unlock()
			err := cmd.Wait()
			fmt.Fprintf(s.out, "supervisor: kiosk ended: %v\n", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(s.restart):
		}
	}
}

func (s *supervisor) starts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runs
}

func (s *supervisor) pid() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

func (s *supervisor) signal(sig syscall.Signal) {
	if pid := s.pid(); pid != 0 {
		syscall.Kill(pid, sig)
	}
}

// syncBuffer collects the output of the processes the supervisor starts.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// xSession drives the kiosk in an X display with xdotool and the layout dump.
type xSession struct {
	t          *testing.T
	display    string
	layoutFile string
}

func (x *xSession) xdotool(args ...string) string {
	x.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	out, err := cmd.Output()
	if err != nil {
		x.t.Fatalf("xdotool %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}

// window returns the id of the kiosk's (only) visible window.
func (x *xSession) window() string {
	x.t.Helper()
	ids := strings.Fields(x.xdotool("search", "--sync", "--onlyvisible", "--name", "^Skranke$"))
	if len(ids) != 1 {
		x.t.Fatalf("got windows %v, want one Skranke window", ids)
	}
	return ids[0]
}

func (x *xSession) waitScreen(name string) layout {
	x.t.Helper()
	var l layout
	waitFor(x.t, 30*time.Second, "screen "+name, func() bool {
		l = layout{}
		if data, err := os.ReadFile(x.layoutFile); err == nil {
			json.Unmarshal(data, &l)
		}
		return l.Screen == name
	})
	return l
}

func (x *xSession) click(l layout, id string) {
	x.t.Helper()
	b, ok := l.Targets[id]
	if !ok {
		x.t.Fatalf("no %s on %s", id, l.Screen)
	}
	x.xdotool("mousemove", "--sync", fmt.Sprint(int(b.X+b.W/2)), fmt.Sprint(int(b.Y+b.H/2)), "click", "1")
}

// sendDeleteWindow asks the client that owns win to close it, as a window manager's
// close button (or Alt+F4) does under ICCCM: a WM_PROTOCOLS ClientMessage carrying
// WM_DELETE_WINDOW. GLFW turns it into the window's close request. xdotool cannot send
// it (its windowclose destroys the window; wmctrl -c needs a window manager), so this
// speaks the few X11 requests it takes over the display's Unix socket.
func sendDeleteWindow(display string, win uint32) error {
	n := strings.TrimPrefix(display, ":")
	if i := strings.IndexByte(n, '.'); i >= 0 {
		n = n[:i]
	}
	c, err := net.DialTimeout("unix", "/tmp/.X11-unix/X"+n, 2*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	le := binary.LittleEndian

	// Connection set-up: little-endian, protocol 11.0, no authorisation (the test's
	// Xvfb asks for none).
	if _, err := c.Write([]byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}); err != nil {
		return err
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(c, head); err != nil {
		return err
	}
	rest := make([]byte, 4*int(le.Uint16(head[6:])))
	if _, err := io.ReadFull(c, rest); err != nil {
		return err
	}
	if head[0] != 1 {
		return fmt.Errorf("X server refused the connection: %q", rest[:min(int(head[1]), len(rest))])
	}

	roundTrip := func(req []byte) ([]byte, error) {
		if _, err := c.Write(req); err != nil {
			return nil, err
		}
		reply := make([]byte, 32)
		if _, err := io.ReadFull(c, reply); err != nil {
			return nil, err
		}
		if reply[0] == 0 {
			return nil, fmt.Errorf("X error %d for request %d", reply[1], req[0])
		}
		return reply, nil
	}
	internAtom := func(name string) (uint32, error) {
		req := make([]byte, 8+(len(name)+3)/4*4)
		req[0] = 16 // InternAtom
		le.PutUint16(req[2:], uint16(len(req)/4))
		le.PutUint16(req[4:], uint16(len(name)))
		copy(req[8:], name)
		reply, err := roundTrip(req)
		if err != nil {
			return 0, err
		}
		return le.Uint32(reply[8:]), nil
	}
	protocols, err := internAtom("WM_PROTOCOLS")
	if err != nil {
		return err
	}
	deleteWindow, err := internAtom("WM_DELETE_WINDOW")
	if err != nil {
		return err
	}

	req := make([]byte, 44)
	req[0] = 25 // SendEvent, not propagated
	le.PutUint16(req[2:], uint16(len(req)/4))
	le.PutUint32(req[4:], win)
	le.PutUint32(req[8:], 0) // no event mask: to the client that created win
	ev := req[12:]
	ev[0] = 33 // ClientMessage
	ev[1] = 32 // format: 32-bit data
	le.PutUint32(ev[4:], win)
	le.PutUint32(ev[8:], protocols)
	le.PutUint32(ev[12:], deleteWindow)
	le.PutUint32(ev[16:], 0) // CurrentTime
	if _, err := c.Write(req); err != nil {
		return err
	}
	// GetInputFocus: its reply comes after any error the SendEvent caused.
	_, err = roundTrip([]byte{43, 0, 1, 0})
	return err
}
