package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"skranke/store"
)

// runBackup writes a consistent copy of the database to --out while nothing else
// changes it. The kiosk holds the file's lock while it runs, so this is for a stopped
// kiosk (a running one makes its own backup after each day close).
func runBackup(args []string, stdout io.Writer) error {
	fset := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := fset.String("data", defaultDataDir(), "data directory")
	out := fset.String("out", "", "the backup file to write")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if *out == "" || fset.NArg() > 0 {
		return errors.New("usage: skranke backup --out FILE [--data DIR]")
	}
	if _, err := os.Stat(filepath.Join(*data, store.FileName)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no Skranke database in %s", *data)
	}
	s, err := store.Open(*data)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := writeBackup(s, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d bytes, a copy of %s\n", *out, n, s.Path())
	return nil
}

// writeBackup writes the backup to a temporary file beside path, flushes it to disk
// and only then renames it to path, so a power cut or a full disk never leaves a half
// backup under the name, nor destroys an older backup of the same name.
func writeBackup(s *store.Store, path string) (n int64, err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if n, err = s.Backup(f); err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return 0, fmt.Errorf("backup %s: sync: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	return n, syncDir(dir)
}

// syncDir makes a rename in dir durable. Windows has no directory fsync; NTFS journals
// the rename itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
