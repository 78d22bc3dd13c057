package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/store"
)

// The handoff keys on the command line (docs/HANDOFF.md, Keys). A municipality makes
// one key with `key init` at one site, carries it to the others as a file (`key export`,
// `key import`), and removes an old key once the codes it sealed have expired. The
// secret is never printed: Key's String shows the id only.

const keyUsage = `usage:
  skranke key init [--data DIR]              make a new municipality key (the old one stays for reading)
  skranke key export --out FILE [--data DIR] write the current key to FILE (mode 0600)
  skranke key import FILE [--data DIR]       make the key in FILE current (the old one stays for reading)
  skranke key remove ID [--data DIR]         forget an old key; codes it sealed are refused from then on
  skranke key list [--data DIR]              show the keys' ids and where they came from`

// runKey is `skranke key`.
func runKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, keyUsage)
		return errors.New("key: which command? init, export, import, remove or list")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("key "+sub, flag.ContinueOnError)
	data := fs.String("data", defaultDataDir(), "data directory")
	out := fs.String("out", "", "the key file to write (export)")
	fs.SetOutput(stderr)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	want := map[string]int{"init": 0, "export": 0, "import": 1, "remove": 1, "list": 0}
	n, known := want[sub]
	if !known {
		fmt.Fprintln(stderr, keyUsage)
		return fmt.Errorf("key: unknown command %q; want init, export, import, remove or list", sub)
	}
	if len(pos) != n || (sub == "export") != (*out != "") {
		fmt.Fprintln(stderr, keyUsage)
		return fmt.Errorf("key %s: wrong arguments", sub)
	}
	h, closeStore, err := openHandoffs(ctx, *data)
	if err != nil {
		return err
	}
	defer closeStore()

	switch sub {
	case "init":
		before, err := h.Keys(ctx)
		if err != nil {
			return err
		}
		k, err := h.InitKey(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new municipality %v is current\n", k)
		if !before.Current.Key.IsZero() {
			fmt.Fprintf(stdout, "the previous %v still opens its codes until you remove it\n", before.Current.Key)
		}
		fmt.Fprintln(stdout, "carry it to the other sites: skranke key export --out FILE, then skranke key import FILE there")
	case "export":
		e, err := h.CurrentKey(ctx)
		if err != nil {
			return err
		}
		if err := writeKeyFile(*out, e.Key); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %v to %s\n", e.Key, *out)
		if e.Origin == handoff.OriginSite {
			fmt.Fprintln(stdout, "note: this is the key this site made for itself; `skranke key init` makes a municipality key")
		}
		fmt.Fprintln(stdout, "keep the file like a password: it opens every code made with this key; delete it once imported")
	case "import":
		k, err := readKeyFile(pos[0], stderr)
		if err != nil {
			return err
		}
		before, err := h.Keys(ctx)
		if err != nil {
			return err
		}
		if err := h.ImportKey(ctx, k); err != nil {
			return err
		}
		if before.Current.Key == k {
			fmt.Fprintf(stdout, "%v was already current; nothing changed\n", k)
			return nil
		}
		fmt.Fprintf(stdout, "%v is now current\n", k)
		if !before.Current.Key.IsZero() {
			fmt.Fprintf(stdout, "the previous %v still opens its codes until you remove it\n", before.Current.Key)
		}
	case "remove":
		id, err := strconv.ParseUint(strings.TrimSpace(pos[0]), 16, 32)
		if err != nil || id == 0 {
			return fmt.Errorf("key remove: %q is not a key id (8 hex digits, see `skranke key list`)", pos[0])
		}
		if err := h.RemoveKey(ctx, uint32(id)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed handoff key %08x; codes it sealed are refused from now on\n", id)
	case "list":
		ks, err := h.Keys(ctx)
		if err != nil {
			return err
		}
		if ks.Current.Key.IsZero() {
			fmt.Fprintln(stdout, "no handoff key yet: the first code makes this site's own, or run `skranke key init`")
			return nil
		}
		printKey := func(role string, e handoff.KeyEntry) {
			fmt.Fprintf(stdout, "%-7s %08x  %-12s added %s\n", role, e.Key.ID, e.Origin, e.Added.Format(time.DateOnly))
		}
		printKey("current", ks.Current)
		for _, e := range ks.Old {
			printKey("old", e)
		}
	}
	return nil
}

// openHandoffs opens the store in dir and builds the handoff service over it, with the
// wall clock and crypto/rand. The function it returns closes the store.
func openHandoffs(ctx context.Context, dir string) (*handoff.Service, func(), error) {
	s, err := store.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	site, err := s.SiteOrDefault(ctx)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return newHandoffs(s, site, app.SystemClock{}), func() { s.Close() }, nil
}

// writeKeyFile writes k in the key-file format to path, readable by its owner only. It
// does not overwrite: a key file replaced by mistake may be the only copy of a key.
func writeKeyFile(path string, k handoff.Key) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("key export: %w", err)
	}
	if _, err := f.Write(handoff.MarshalKeyFile(k)); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("key export: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("key export: sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("key export: close %s: %w", path, err)
	}
	return nil
}

// readKeyFile reads a key file, warning on stderr when others can read it.
func readKeyFile(path string, stderr io.Writer) (handoff.Key, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return handoff.Key{}, fmt.Errorf("key import: %w", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(stderr, "warning: %s can be read by other users (mode %v); keep key files 0600\n", path, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return handoff.Key{}, fmt.Errorf("key import: %w", err)
	}
	k, err := handoff.ParseKeyFile(data)
	if err != nil {
		return handoff.Key{}, err
	}
	return k, nil
}
