package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// migrations bring a database from one schema version to the next. migrations[i] takes
// version i to i+1; each runs in its own transaction and records the version it
// reached, so a crash between two leaves a file that opens and carries on.
var migrations = []func(tx *bolt.Tx) error{
	// 0 → 1: the buckets of DESIGN.md §7.
	func(tx *bolt.Tx) error {
		for _, name := range topBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
}

// SchemaVersion is the version a database has after Open.
var SchemaVersion = len(migrations)

func (s *Store) migrate() error {
	for {
		var done bool
		err := s.update(func(tx *bolt.Tx) error {
			meta, err := tx.CreateBucketIfNotExists(bucketMeta)
			if err != nil {
				return err
			}
			v := 0
			if b := meta.Get(keySchema); b != nil {
				if v, err = strconv.Atoi(string(b)); err != nil {
					return fmt.Errorf("schema version %q: %w", b, err)
				}
			}
			if v > len(migrations) {
				return fmt.Errorf("schema version %d is newer than this Skranke (%d): update Skranke", v, len(migrations))
			}
			if v == len(migrations) {
				done = true
				return nil
			}
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migration %d→%d: %w", v, v+1, err)
			}
			return meta.Put(keySchema, []byte(strconv.Itoa(v+1)))
		})
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// Schema returns the database's schema version.
func (s *Store) Schema() (int, error) {
	var v int
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		v, err = strconv.Atoi(string(tx.Bucket(bucketMeta).Get(keySchema)))
		return err
	})
	return v, err
}
