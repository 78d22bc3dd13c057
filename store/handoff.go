package store

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"skranke/app/handoff"
)

var _ handoff.Repository = (*Store)(nil)

// Short codes live in the handoff bucket, one key per code: a SHA-256 digest of the
// short code, so a lookup is one Get and the short code itself is nowhere in the file
// (day close's privacy scan looks for it). The value holds the sealed code, not its
// context, so the database holds no readable case id or topic of a code, only what the
// key opens. Nested buckets in the handoff bucket are not short codes and are left
// alone.

// shortKey is the key a short code is stored under.
func shortKey(code handoff.ShortCode) []byte {
	sum := sha256.Sum256(append([]byte("skranke/short-code/v1:"), code[:]...))
	return sum[:16]
}

type shortRecord struct {
	V       int    `json:"v"`
	Code    string `json:"code"`
	Issued  string `json:"issued"`
	Expires string `json:"expires"`
}

// AddShortCode stores rec under code, or returns handoff.ErrShortCodeTaken and changes
// nothing when code is already in use.
func (s *Store) AddShortCode(ctx context.Context, code handoff.ShortCode, rec handoff.ShortRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(rec.Expires) != dateLen || len(rec.Issued) != dateLen {
		return fmt.Errorf("short code %s: dates %q, %q are not 2006-01-02", code, rec.Issued, rec.Expires)
	}
	var taken bool
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHandoff)
		key := shortKey(code)
		if b.Get(key) != nil || b.Bucket(key) != nil {
			taken = true
			return nil
		}
		return putJSON(b, key, shortRecord{V: recordVersion, Code: rec.Text, Issued: rec.Issued, Expires: rec.Expires})
	})
	if err == nil && taken {
		return handoff.ErrShortCodeTaken
	}
	return err
}

// ShortCode returns the record stored under code, and false when there is none.
func (s *Store) ShortCode(ctx context.Context, code handoff.ShortCode) (handoff.ShortRecord, bool, error) {
	if err := ctx.Err(); err != nil {
		return handoff.ShortRecord{}, false, err
	}
	var out handoff.ShortRecord
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketHandoff).Get(shortKey(code))
		if data == nil {
			return nil
		}
		var rec shortRecord
		if err := json.Unmarshal(data, &rec); err != nil {
			return fmt.Errorf("short code %s does not decode: %w", code, err)
		}
		out, found = handoff.ShortRecord{Text: rec.Code, Issued: rec.Issued, Expires: rec.Expires}, true
		return nil
	})
	return out, found, err
}

// PurgeExpiredHandoffs deletes the short codes that expired before today (a
// site-local date, "2006-01-02") and returns how many it deleted. A code is valid
// through its whole expiry day, so the record stays until the day after. Day close
// calls it; a record that does not decode is deleted too, since nothing can use it.
func (s *Store) PurgeExpiredHandoffs(ctx context.Context, today string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if len(today) != dateLen {
		return 0, fmt.Errorf("purge handoff codes before %q: not a date", today)
	}
	var n int
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		n, err = purgeExpiredHandoffs(tx, today)
		return err
	})
	return n, err
}

// purgeExpiredHandoffs deletes inside tx, so day close can run it in its own
// transaction if it wants the purge to commit with the close.
func purgeExpiredHandoffs(tx *bolt.Tx, today string) (int, error) {
	b := tx.Bucket(bucketHandoff)
	var expired [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if v == nil { // a nested bucket, not a short code
			return nil
		}
		var rec shortRecord
		if err := json.Unmarshal(v, &rec); err != nil || rec.Expires < today {
			// Keys are copied: they are only valid inside the transaction, and bbolt's
			// cursor must not be moved by a Delete in the middle of ForEach.
			expired = append(expired, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range expired {
		if err := b.Delete(k); err != nil {
			return 0, fmt.Errorf("delete short code %x: %w", k, err)
		}
	}
	return len(expired), nil
}
