package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"skranke/app"
	"skranke/store"
)

// runPIN is `skranke pin --role counsellor|coordinator`: it reads a new PIN from the
// first line of standard input and stores its argon2id hash. Reading a line (not a
// terminal prompt with echo off) keeps it scriptable: `echo 2468 | skranke pin …`.
func runPIN(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", defaultDataDir(), "data directory")
	role := fs.String("role", "", "whose PIN: counsellor or coordinator")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("pin takes no arguments (the PIN comes on standard input), got %q", fs.Arg(0))
	}
	r := app.Role(*role)
	if *role == "" {
		return fmt.Errorf("pin needs --role counsellor or --role coordinator")
	}
	if f, ok := stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintf(stderr, "New %s PIN (%d–%d digits; it shows as you type): ", r, app.MinPINDigits, app.MaxPINDigits)
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("read the PIN from standard input: %w", err)
	}
	pin := strings.TrimRight(line, "\r\n")
	if err := app.ValidatePIN(pin); err != nil {
		return err
	}
	s, err := store.Open(*data)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := app.NewPINService(s, app.SystemClock{}, app.DefaultPINParams).Set(ctx, r, pin); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s PIN set in %s\n", r, s.Path())
	return nil
}
