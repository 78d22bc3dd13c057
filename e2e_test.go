package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The end-to-end test runs the real binary in a real X server (Xvfb), clicks through one
// check-in with xdotool like a finger would, stops the program and confirms the new
// visit in the database with `skranke check`.

// e2eDisplay starts an Xvfb of kiosk size for the test and returns its DISPLAY.
func e2eDisplay(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run installs it", tool)
			}
			t.Skipf("%s is not installed (apt-get install xvfb xdotool)", tool)
		}
	}
	for n := 90; n < 110; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// SIGTERM, not SIGKILL: Xvfb then removes its socket and lock file, which
		// would otherwise keep this display number taken for later runs.
		t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
		waitFor(t, 10*time.Second, "Xvfb "+display, func() bool {
			probe := exec.Command("xdotool", "getdisplaygeometry")
			probe.Env = append(os.Environ(), "DISPLAY="+display)
			return probe.Run() == nil
		})
		return display
	}
	t.Fatal("no free X display number")
	return ""
}

// buildBinary builds skranke into a temporary directory, with the race detector when the
// tests run with it, so the build reuses the test's compiled packages.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "skranke")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type layout struct {
	Screen  string
	Targets map[string]struct{ X, Y, W, H float32 }
}

func TestEndToEndCheckIn(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test builds and runs the binary")
	}
	display := e2eDisplay(t)
	bin := buildBinary(t)
	data := t.TempDir()
	layoutFile := filepath.Join(t.TempDir(), "layout.json")
	env := append(os.Environ(), "DISPLAY="+display, "FYNE_SCALE=1", "SKRANKE_LAYOUT_FILE="+layoutFile)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	kiosk := exec.CommandContext(ctx, bin, "demo", "--data", data)
	kiosk.Env = env
	var logs strings.Builder
	kiosk.Stdout, kiosk.Stderr = &logs, &logs
	if err := kiosk.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Logf("kiosk output:\n%s", logs.String())
		}
	}()

	read := func() layout {
		var l layout
		data, err := os.ReadFile(layoutFile)
		if err == nil {
			json.Unmarshal(data, &l)
		}
		return l
	}
	waitScreen := func(name string) layout {
		t.Helper()
		var l layout
		waitFor(t, 30*time.Second, "screen "+name, func() bool { l = read(); return l.Screen == name })
		return l
	}
	click := func(l layout, id string) {
		t.Helper()
		b, ok := l.Targets[id]
		if !ok {
			t.Fatalf("no %s on %s", id, l.Screen)
		}
		x, y := int(b.X+b.W/2), int(b.Y+b.H/2)
		cmd := exec.Command("xdotool", "mousemove", "--sync", fmt.Sprint(x), fmt.Sprint(y), "click", "1")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("xdotool: %v %s", err, out)
		}
	}

	l := waitScreen("welcome")

	// While the kiosk runs, a second Skranke on the same data dir fails fast and says why.
	start := time.Now()
	out, err := exec.Command(bin, "check", "--data", data).CombinedOutput()
	if err == nil || time.Since(start) > 2*time.Second || !strings.Contains(string(out), data) {
		t.Errorf("second instance: err %v after %v, output %q; want a failure within 2s naming %s", err, time.Since(start), out, data)
	}

	click(l, "lang:en")
	l = waitScreen("topics")
	click(l, "topic:call")
	click(l, "nav:next")
	waitScreen("ticket")

	kiosk.Process.Signal(syscall.SIGTERM)
	if err := kiosk.Wait(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("kiosk: %v", err)
		}
		t.Logf("kiosk exited: %v", err)
	}

	out, err = exec.Command(bin, "check", "--data", data).CombinedOutput()
	if err != nil {
		t.Fatalf("skranke check: %v\n%s", err, out)
	}
	// Three demo visitors and the one who just checked in.
	if !strings.Contains(string(out), ": 4 visits, 4 events") || !strings.Contains(string(out), "\nok\n") {
		t.Errorf("skranke check says:\n%s\nwant 4 visits and ok", out)
	}
}

// waitFor polls cond until it holds or timeout passes. It waits for another process,
// which has no way to tell this one.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
