package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"skranke/app/coord"
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

// writeBackup writes the backup through coord.WriteFileAtomic (temporary file, fsync,
// rename, folder fsync), so a power cut or a full disk never leaves a half backup under
// the name, nor destroys an older backup of the same name.
func writeBackup(s *store.Store, path string) (n int64, err error) {
	err = coord.WriteFileAtomic(path, func(w io.Writer) error {
		n, err = s.Backup(w)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	return n, nil
}
