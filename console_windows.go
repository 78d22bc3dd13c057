//go:build windows

package main

import (
	"os"
	"syscall"
)

// skranke.exe is a GUI program on Windows (fyne package links it with -H=windowsgui, so
// no console window opens behind the kiosk). Such a program gets no console from the
// prompt that starts it, and `skranke check` would print nowhere. So a subcommand
// attaches to the console of the prompt that started it, when there is one and its
// output is not already redirected (a pipe or a file works as it is).
func init() {
	if len(os.Args) < 2 || os.Args[1] == "" || os.Args[1][0] == '-' || os.Args[1] == "kiosk" || os.Args[1] == "demo" {
		return
	}
	if usable(os.Stdout) && usable(os.Stderr) {
		return
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if ok, _, _ := attach.Call(attachParentProcess); ok == 0 {
		return // started from Explorer or Shell Launcher: no console to attach to
	}
	if !usable(os.Stdout) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if !usable(os.Stderr) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
	if !usable(os.Stdin) {
		if f, err := os.OpenFile("CONIN$", os.O_RDONLY, 0); err == nil {
			os.Stdin = f
		}
	}
}

// usable reports whether f is an open handle (a GUI program started from a prompt has
// none for its standard streams).
func usable(f *os.File) bool {
	if f == nil {
		return false
	}
	h := syscall.Handle(f.Fd())
	if h == 0 || h == syscall.InvalidHandle {
		return false
	}
	_, err := syscall.GetFileType(h)
	return err == nil
}
