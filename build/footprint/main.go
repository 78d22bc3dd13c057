// Command footprint measures Skranke's footprint against a bare Fyne window (./bare),
// both built here with the same toolchain and the same release flags, on this machine
// in one run, for the budgets of DESIGN.md §12:
//
//   - start to first frame: from the harness starting the process to the first frame
//     painted (both programs carry the same marker, see firstframe.go), median of
//     several alternating starts after one warm-up each;
//   - idle CPU over 30 s (utime+stime from /proc/PID/stat), both at once, each in its
//     own Xvfb;
//   - resident memory (VmRSS, /proc/PID/status) at idle, and Skranke's after 1,000
//     check-ins driven through the real screens with xdotool, the positions of the touch
//     targets read from the SKRANKE_LAYOUT_FILE dump.
//
// It writes the figures between the footprint markers of docs/PERFORMANCE.md.
// Run it with `make footprint` (or `go run ./build/footprint`); it needs Xvfb and xdotool.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The release build's flags, as `fyne package --release` (fyne.io/tools v1.7.2) sets them.
var (
	releaseTags    = "release,migrated_fynedo"
	releaseCFLAGS  = "-O3 -pipe -D_FORTIFY_SOURCE=3 -fstack-protector-strong"
	releaseLDFLAGS = "-Wl,-z,relro,-z,now -Wl,--as-needed"
)

var (
	checkins = flag.Int("checkins", 1000, "check-ins to drive through the screens")
	warmup   = flag.Int("warmup", 50, "of those, check-ins before the warm memory figure")
	idleFor  = flag.Duration("idle", 30*time.Second, "how long to measure idle CPU")
	starts   = flag.Int("starts", 5, "timed starts of each program")
	settle   = flag.Duration("settle", 3*time.Minute, "idle time after the check-ins before memory is measured again: Fyne frees the objects of screens gone for a minute, and Go collects at least every two")
	out      = flag.String("out", "docs/PERFORMANCE.md", "file whose footprint section is rewritten; - for standard output")
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("footprint: ")
	flag.Parse()
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("%s is not installed (apt-get install xvfb xdotool)", tool)
		}
	}
	tmp, err := os.MkdirTemp("", "skranke-footprint-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	r := &result{Date: time.Now(), Machine: machine(), LoadBefore: loadavg()}
	log.Print("building skranke and the bare window with the release flags")
	skranke, bare := filepath.Join(tmp, "skranke"), filepath.Join(tmp, "bare")
	build(skranke, ".")
	build(bare, "./build/footprint/bare")
	r.SizeSkranke, r.SizeBare = fileSize(skranke), fileSize(bare)

	// Skranke as the kiosk PC runs it: `skranke --data DIR`, one fullscreen window on the
	// 1366×768 display, on a data directory made beforehand (as install.sh does).
	data := filepath.Join(tmp, "data")
	if out, err := exec.Command(skranke, "check", "--data", data).CombinedOutput(); err != nil {
		log.Fatalf("skranke check: %v\n%s", err, out)
	}
	progs := []prog{
		{name: "bare", argv: []string{bare}},
		{name: "skranke", argv: []string{skranke, "--data", data}},
		// For reference only: the demo opens three windows (kiosk, staff console, call
		// board) and, on its fresh data directory, hashes two demo PINs.
		{name: "demo", argv: []string{skranke, "demo"}},
	}

	// Start-up, alternating, one Xvfb.
	x := startXvfb()
	r.Start = map[string][]time.Duration{}
	for i := -1; i < *starts; i++ {
		for _, p := range progs {
			d := p.timeStart(x, tmp)
			if i >= 0 { // the first of each warms the page cache
				r.Start[p.name] = append(r.Start[p.name], d)
			}
			log.Printf("start %-7s %v", p.name, d.Round(time.Millisecond))
		}
	}
	x.stop()

	// Idle CPU and memory: both at once, each in its own Xvfb.
	layoutFile := filepath.Join(tmp, "layout.json")
	xb, xs := startXvfb(), startXvfb()
	defer xb.stop()
	defer xs.stop()
	b := progs[0].run(xb, nil)
	var checkedIn counter
	s := progs[1].run(xs, &checkedIn, "SKRANKE_LAYOUT_FILE="+layoutFile)
	time.Sleep(5 * time.Second) // let both finish starting before idling is measured
	log.Printf("measuring idle CPU for %v", *idleFor)
	b0, s0 := cpuTicks(b.Process.Pid), cpuTicks(s.Process.Pid)
	time.Sleep(*idleFor)
	b1, s1 := cpuTicks(b.Process.Pid), cpuTicks(s.Process.Pid)
	r.IdleCPU = map[string]float64{"bare": cpuPercent(b1-b0, *idleFor), "skranke": cpuPercent(s1-s0, *idleFor)}
	r.RSSIdle = map[string]rss{"bare": readRSS(b.Process.Pid), "skranke": readRSS(s.Process.Pid)}
	stop(b)

	// Warm up first: the first check-ins load fonts, shape and rasterise glyphs and
	// pictograms that later ones reuse; growth past that point is what would pile up.
	r.Warmup = min(*warmup, *checkins)
	log.Printf("warming up with %d check-ins, then settling for %v", r.Warmup, *settle)
	started := time.Now()
	r.Taps = drive(xs, layoutFile, &checkedIn, r.Warmup)
	r.DriveTime = time.Since(started)
	time.Sleep(*settle)
	r.RSSWarm = readRSS(s.Process.Pid)
	log.Printf("warm: %v; driving up to %d check-ins through the screens", r.RSSWarm, *checkins)
	started = time.Now()
	r.Taps += drive(xs, layoutFile, &checkedIn, *checkins)
	r.DriveTime += time.Since(started)
	r.CheckIns = checkedIn.n()
	r.RSSAfter = readRSS(s.Process.Pid)
	log.Printf("after: %v; settling for %v", r.RSSAfter, *settle)
	time.Sleep(*settle)
	r.RSSSettled = readRSS(s.Process.Pid)
	stop(s)
	check, err := exec.Command(skranke, "check", "--data", data).CombinedOutput()
	if err != nil {
		fatalf("skranke check after the run: %v\n%s", err, check)
	}
	r.Check = lastLines(string(check), 3)

	r.LoadAfter = loadavg()
	section := r.markdown()
	fmt.Print(section)
	if *out != "-" {
		if err := writeSection(*out, section); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote %s", *out)
	}
}

func build(bin, pkg string) {
	cmd := exec.Command("go", "build", "-trimpath", "-tags", releaseTags, "-ldflags", "-s -w", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "CGO_CFLAGS="+releaseCFLAGS, "CGO_LDFLAGS="+releaseLDFLAGS)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("go build %s: %v", pkg, err)
	}
}

type prog struct {
	name string
	argv []string
}

// run starts the program in display x; count, when set, counts its check-in log lines.
func (p prog) run(x *xvfb, count *counter, env ...string) *exec.Cmd {
	cmd := exec.Command(p.argv[0], p.argv[1:]...)
	cmd.Env = append(os.Environ(), append([]string{"DISPLAY=" + x.display, "FYNE_SCALE=1"}, env...)...)
	if count != nil {
		cmd.Stderr = count
	}
	if err := cmd.Start(); err != nil {
		fatalf("%s: %v", p.name, err)
	}
	track(cmd)
	return cmd
}

// timeStart starts the program, waits for its first frame and stops it again.
func (p prog) timeStart(x *xvfb, tmp string) time.Duration {
	marker := filepath.Join(tmp, "first-frame-"+p.name)
	os.Remove(marker)
	t0 := time.Now()
	cmd := p.run(x, nil, "SKRANKE_FIRST_FRAME_FILE="+marker)
	defer stop(cmd)
	deadline := t0.Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(marker); err == nil && len(data) > 0 {
			ns, err := strconv.ParseInt(string(data), 10, 64)
			if err != nil {
				fatalf("%s: first-frame marker %q: %v", p.name, data, err)
			}
			return time.Unix(0, ns).Sub(t0)
		}
		time.Sleep(2 * time.Millisecond)
	}
	fatalf("%s: no first frame within a minute", p.name)
	return 0
}

// running are the processes started, so that a fatal error does not leave them behind.
var running sync.Map

func track(cmd *exec.Cmd) { running.Store(cmd, true) }

// fatalf stops every process still running, then exits with the message.
func fatalf(format string, args ...any) {
	running.Range(func(k, _ any) bool {
		k.(*exec.Cmd).Process.Signal(syscall.SIGTERM)
		return true
	})
	time.Sleep(time.Second)
	log.Fatalf(format, args...)
}

// stop ends a program as systemd would: SIGTERM, then SIGKILL after 10 s.
func stop(cmd *exec.Cmd) {
	defer running.Delete(cmd)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// drive checks in n visitors through the screens: Welcome (English) → Topics ("a
// call", which asks no questions) → Next → Ticket → Done, back at Welcome. The first
// round reads every position from the layout dump; later rounds click the same
// places and wait for the check-in's log line, so no round is counted that did not
// reach the disk. It returns the taps made.
func drive(x *xvfb, layoutFile string, count *counter, n int) int {
	waitScreen := func(name string) layout {
		var l layout
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			l = readLayout(layoutFile)
			if l.Screen == name {
				return l
			}
			time.Sleep(20 * time.Millisecond)
		}
		fatalf("the kiosk did not reach %s (it is on %q)", name, l.Screen)
		return l
	}
	taps := 0
	last := point{-1, -1}
	click := func(p point) {
		if p == last {
			// xdotool's mousemove --sync waits for ever for a move to where the
			// pointer already is (Next and Done sit in the same place).
			x.xdotool("click", "1")
		} else {
			x.xdotool("mousemove", "--sync", fmt.Sprint(p.x), fmt.Sprint(p.y), "click", "1")
		}
		last = p
		taps++
	}
	at := func(l layout, id string) point {
		b, ok := l.Targets[id]
		if !ok {
			fatalf("no %s on %s", id, l.Screen)
		}
		return point{int(b.X + b.W/2), int(b.Y + b.H/2)}
	}

	lang := at(waitScreen("welcome"), "lang:en")
	click(lang)
	topics := waitScreen("topics")
	call, next := at(topics, "topic:call"), at(topics, "nav:next")
	click(call)
	click(next)
	done := at(waitScreen("ticket"), "nav:done")
	click(done)
	waitScreen("welcome")

	const pause = 120 * time.Millisecond // a few frames for the new screen to be laid out
	for count.n() < n {
		before := count.n()
		click(lang)
		time.Sleep(pause)
		click(call)
		time.Sleep(pause / 2)
		click(next)
		deadline := time.Now().Add(5 * time.Second)
		for count.n() == before && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if count.n() == before {
			log.Printf("no check-in after round at %d: back to Welcome by the layout dump", before)
			time.Sleep(time.Second)
			for l := readLayout(layoutFile); l.Screen != "welcome"; l = readLayout(layoutFile) {
				for _, id := range []string{"nav:done", "nav:back"} {
					if _, ok := l.Targets[id]; ok {
						click(at(l, id))
						break
					}
				}
				time.Sleep(time.Second)
			}
			continue
		}
		time.Sleep(pause)
		click(done)
		time.Sleep(pause)
		if c := count.n(); c%100 == 0 {
			log.Printf("%d check-ins", c)
		}
	}
	return taps
}

type point struct{ x, y int }

type layout struct {
	Screen  string
	Targets map[string]struct{ X, Y, W, H float32 }
}

func readLayout(path string) layout {
	var l layout
	if data, err := os.ReadFile(path); err == nil {
		json.Unmarshal(data, &l)
	}
	return l
}

// counter counts Skranke's "checked in" log lines in what it writes to stderr.
type counter struct {
	mu      sync.Mutex
	partial []byte
	count   int
}

func (c *counter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.partial = append(c.partial, p...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		if bytes.Contains(c.partial[:i], []byte(`msg="checked in"`)) {
			c.count++
		}
		c.partial = c.partial[i+1:]
	}
}

func (c *counter) n() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count
}

// xvfb is an X server of kiosk size for one program.
type xvfb struct {
	display string
	cmd     *exec.Cmd
}

// startXvfb starts an X server on a display number it picks itself (-displayfd).
func startXvfb() *xvfb {
	r, w, err := os.Pipe()
	if err != nil {
		fatalf("%v", err)
	}
	defer r.Close()
	x := &xvfb{cmd: exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1366x768x24", "-nolisten", "tcp")}
	x.cmd.ExtraFiles = []*os.File{w}
	if err := x.cmd.Start(); err != nil {
		fatalf("Xvfb: %v", err)
	}
	w.Close()
	track(x.cmd)
	r.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		fatalf("Xvfb did not start: %v", err)
	}
	x.display = ":" + strings.TrimSpace(line)
	return x
}

// stop ends the X server with SIGTERM, so it removes its socket and lock file.
func (x *xvfb) stop() { stop(x.cmd) }

func (x *xvfb) xdotool(args ...string) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		fatalf("xdotool %v: %v %s", args, err, out)
	}
}

// cpuTicks is a process's user plus system time in clock ticks (/proc/PID/stat
// fields 14 and 15).
func cpuTicks(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		fatalf("%v", err)
	}
	// Fields after the command name, which is in parentheses: state is field 3.
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	utime, _ := strconv.ParseInt(f[14-3], 10, 64)
	stime, _ := strconv.ParseInt(f[15-3], 10, 64)
	return utime + stime
}

var clockTick = func() float64 {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err != nil {
		return 100
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil || n <= 0 {
		return 100
	}
	return n
}()

// cpuPercent is CPU time as a share of one core over d.
func cpuPercent(ticks int64, d time.Duration) float64 {
	return 100 * float64(ticks) / clockTick / d.Seconds()
}

// rss is a process's resident memory in kB: all of it, and its anonymous and
// file-backed parts (the bbolt file is memory-mapped, so its pages count as file).
type rss struct{ Total, Anon, File int64 }

func readRSS(pid int) rss {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		fatalf("%v", err)
	}
	var r rss
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			r.Total = n
		case "RssAnon":
			r.Anon = n
		case "RssFile":
			r.File = n
		}
	}
	return r
}

func (r rss) String() string {
	return fmt.Sprintf("%.1f MB (anon %.1f, file %.1f)", mb(r.Total), mb(r.Anon), mb(r.File))
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		log.Fatal(err)
	}
	return fi.Size()
}

// machine describes this machine: CPU, cores, memory, kernel, Go.
func machine() string {
	run := func(name string, args ...string) string {
		out, err := exec.Command(name, args...).Output()
		if err != nil {
			return "?"
		}
		return strings.TrimSpace(string(out))
	}
	model := "?"
	for _, line := range strings.Split(run("lscpu"), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "Model name" {
			model = strings.TrimSpace(v)
		}
	}
	mem := "?"
	for _, line := range strings.Split(run("free", "-h"), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "Mem:" {
			mem = f[1]
		}
	}
	return fmt.Sprintf("%s, nproc %s, memory %s (free -h), Linux %s, %s, Xvfb 1366×768×24 (software OpenGL)",
		model, run("nproc"), mem, run("uname", "-r"), runtime.Version())
}

// loadavg is the 1-, 5- and 15-minute load averages: other work on the machine
// slows start-up and adds to idle CPU figures.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

type result struct {
	Date                  time.Time
	Machine               string
	LoadBefore, LoadAfter string
	SizeSkranke, SizeBare int64
	Start                 map[string][]time.Duration
	IdleCPU               map[string]float64
	RSSIdle               map[string]rss
	RSSWarm               rss
	RSSAfter, RSSSettled  rss
	Warmup                int
	CheckIns, Taps        int
	DriveTime             time.Duration
	Check                 string
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(ds []time.Duration) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprint(d.Milliseconds()))
	}
	return strings.Join(parts, ", ")
}

func verdict(ok bool) string {
	if ok {
		return "within budget"
	}
	return "**over budget**"
}

func (r *result) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	sm, bm := median(r.Start["skranke"]), median(r.Start["bare"])
	startRatio := float64(sm) / float64(bm)
	cpuDiff := r.IdleCPU["skranke"] - r.IdleCPU["bare"]
	idle := r.RSSIdle["skranke"].Total
	growth := mb(r.RSSSettled.Total - r.RSSWarm.Total)

	p("Measured %s by `make footprint` on: %s. Load average %s at the start, %s at the end.\n\n", r.Date.Format("2006-01-02 15:04 MST"), r.Machine, r.LoadBefore, r.LoadAfter)
	p("Both programs built with the release flags (`-trimpath -ldflags \"-s -w\" -tags %s`, fyne's CGO flags): Skranke %.1f MB, the bare window %.1f MB.\n\n", releaseTags, float64(r.SizeSkranke)/1e6, float64(r.SizeBare)/1e6)
	p("| what | bare Fyne window | Skranke (kiosk) | ratio or difference | budget (DESIGN.md §12) | |\n|---|---|---|---|---|---|\n")
	p("| start to first frame, median of %d | %d ms | %d ms | %.2f× | ≤ 1.3× | %s |\n", len(r.Start["skranke"]), bm.Milliseconds(), sm.Milliseconds(), startRatio, verdict(startRatio <= 1.3))
	p("| idle CPU over %v (share of one core) | %.2f %% | %.2f %% | %+.2f points | ≤ +0.5 points | %s |\n", *idleFor, r.IdleCPU["bare"], r.IdleCPU["skranke"], cpuDiff, verdict(cpuDiff <= 0.5))
	p("| resident memory at idle (VmRSS) | %.1f MB | %.1f MB | %+.1f MB | (none) | |\n", mb(r.RSSIdle["bare"].Total), mb(r.RSSIdle["skranke"].Total), mb(r.RSSIdle["skranke"].Total-r.RSSIdle["bare"].Total))
	p("| resident memory right after %d check-ins (at %.1f a second) | | %.1f MB | %+.1f MB on idle | | |\n", r.CheckIns, float64(r.CheckIns)/r.DriveTime.Seconds(), mb(r.RSSAfter.Total), mb(r.RSSAfter.Total-idle))
	p("| the same, %v later | | %.1f MB | %+.1f MB on idle | | |\n", *settle, mb(r.RSSSettled.Total), mb(r.RSSSettled.Total-idle))
	p("| growth over check-ins %d to %d, both settled %v | | %+.1f MB | | < 20 MB | %s |\n\n", r.Warmup+1, r.CheckIns, *settle, growth, verdict(growth < 20))
	p("Start-up runs (ms), after one warm-up start each: bare %s; Skranke %s. For reference, `skranke demo` (three windows, a fresh data directory with demo PINs to hash): median %d ms (%s).\n\n",
		ms(r.Start["bare"]), ms(r.Start["skranke"]), median(r.Start["demo"]).Milliseconds(), ms(r.Start["demo"]))
	p("Resident memory of Skranke: idle %s; after %d check-ins and %v %s; right after %d %s; %v later %s. The bare window idle: %s.\n\n",
		r.RSSIdle["skranke"], r.Warmup, *settle, r.RSSWarm, r.CheckIns, r.RSSAfter, *settle, r.RSSSettled, r.RSSIdle["bare"])
	p("The %d check-ins took %d taps and %v (driven by xdotool with pauses of a few frames between taps; a round counts only when Skranke logged the ticket as written). `skranke check` afterwards:\n\n```\n%s\n```\n", r.CheckIns, r.Taps, r.DriveTime.Round(time.Second), r.Check)
	return b.String()
}

const beginMark, endMark = "<!-- footprint:begin -->", "<!-- footprint:end -->"

// writeSection replaces the text between the footprint markers of path.
func writeSection(path, section string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data = []byte("# Performance\n\n" + beginMark + "\n" + endMark + "\n")
	} else if err != nil {
		return err
	}
	s := string(data)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s section", path, beginMark, endMark)
	}
	s = s[:i+len(beginMark)] + "\n" + section + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}
