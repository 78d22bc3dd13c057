// Package store keeps Skranke's data in one bbolt file, skranke.db, in the data
// directory. It is the only package that imports bbolt. It implements the repository
// interfaces that package app declares; every exported method that changes something
// is one Update transaction, committed and fsynced before it returns, so a ticket is on
// disk before the resident sees its number.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"skranke/app"
)

// FileName is the database's name inside the data directory.
const FileName = "skranke.db"

// Top-level buckets (DESIGN.md §7).
var (
	bucketMeta    = []byte("meta")    // schema version, site id
	bucketConfig  = []byte("config")  // the site configuration, PIN hashes
	bucketDays    = []byte("days")    // days/<date>/visits, days/<date>/events
	bucketHandoff = []byte("handoff") // short codes of recent handoff codes
	bucketFacts   = []byte("facts")   // anonymised visit facts
	bucketWeeks   = []byte("weeks")   // weekly aggregates of folded facts

	bucketVisits = []byte("visits")
	bucketEvents = []byte("events")

	keySchema = []byte("schema")
	keySite   = []byte("site")
)

var topBuckets = [][]byte{bucketMeta, bucketConfig, bucketDays, bucketHandoff, bucketFacts, bucketWeeks}

// Store is an open Skranke database.
type Store struct {
	db   *bolt.DB
	path string
	// gate is held shared by every read transaction and exclusively by Scrub, which
	// overwrites free pages that an older read transaction could still be reading.
	gate sync.RWMutex
}

// LockTimeout is how long Open waits for another process to release the file.
const LockTimeout = time.Second

// Open opens (creating if needed) the database in dir, creates its buckets and runs
// pending migrations. If another Skranke holds the file, it fails after LockTimeout
// with an ELocked error naming the directory.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, app.Errorf(app.EStorage, "create data directory %s: %v", dir, err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, app.Errorf(app.ELocked, "data directory %s is in use by another Skranke (close it first)", dir)
	}
	if err != nil {
		return nil, app.Errorf(app.EStorage, "open %s: %v (run `skranke check`, or restore a backup)", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database file.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// update runs fn in a write transaction and turns a failure of the disk into an
// EStorage error; app errors from fn come back as they are.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	err := s.db.Update(fn)
	var ae *app.Error
	if err != nil && !errors.As(err, &ae) {
		return app.Errorf(app.EStorage, "write %s: %v", s.path, err)
	}
	return err
}

func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	s.gate.RLock()
	defer s.gate.RUnlock()
	err := s.db.View(fn)
	var ae *app.Error
	if err != nil && !errors.As(err, &ae) {
		return app.Errorf(app.EStorage, "read %s: %v", s.path, err)
	}
	return err
}

// Backup writes a consistent copy of the whole database to w while it stays in use.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	s.gate.RLock()
	defer s.gate.RUnlock()
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup %s: %w", s.path, err)
	}
	return n, nil
}

func u64key(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

func keyU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
