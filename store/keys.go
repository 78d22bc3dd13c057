package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"skranke/app"
	"skranke/app/handoff"
)

// keyHandoffKeys holds the site's handoff keys in the config bucket. The secrets are
// as good as the database file is: a backup (tx.WriteTo) carries them too, which is why
// backups are written 0600 like the file itself.
var keyHandoffKeys = []byte("handoff_keys")

// keyRecord is one stored key. The id is hex, as `skranke key list` and key files
// write it; the secret is base64 (encoding/json's []byte).
type keyRecord struct {
	ID     string    `json:"id"`
	Secret []byte    `json:"secret"`
	Origin string    `json:"origin"`
	Added  time.Time `json:"added"`
}

type keySetRecord struct {
	V       int         `json:"v"`
	Current *keyRecord  `json:"current,omitempty"`
	Old     []keyRecord `json:"old,omitempty"`
}

func toKeyRecord(e handoff.KeyEntry) keyRecord {
	return keyRecord{ID: fmt.Sprintf("%08x", e.Key.ID), Secret: e.Key.Secret[:], Origin: string(e.Origin), Added: e.Added}
}

func (r keyRecord) entry() (handoff.KeyEntry, error) {
	var id uint32
	if _, err := fmt.Sscanf(r.ID, "%08x", &id); err != nil || id == 0 {
		return handoff.KeyEntry{}, fmt.Errorf("key id %q is not a non-zero hex number", r.ID)
	}
	e := handoff.KeyEntry{Key: handoff.Key{ID: id}, Origin: handoff.Origin(r.Origin), Added: r.Added}
	if len(r.Secret) != len(e.Key.Secret) {
		return handoff.KeyEntry{}, fmt.Errorf("key %s: secret of %d bytes, want %d", r.ID, len(r.Secret), len(e.Key.Secret))
	}
	copy(e.Key.Secret[:], r.Secret)
	return e, nil
}

// getKeySet decodes the stored keys inside tx.
func getKeySet(tx *bolt.Tx) (handoff.KeySet, error) {
	var ks handoff.KeySet
	data := tx.Bucket(bucketConfig).Get(keyHandoffKeys)
	if data == nil {
		return ks, nil
	}
	var rec keySetRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return ks, app.Errorf(app.EConfig, "stored handoff keys do not decode: %v (import the key file again)", err)
	}
	if rec.Current != nil {
		e, err := rec.Current.entry()
		if err != nil {
			return ks, app.Errorf(app.EConfig, "stored handoff keys: %v (import the key file again)", err)
		}
		ks.Current = e
	}
	for _, r := range rec.Old {
		e, err := r.entry()
		if err != nil {
			return ks, app.Errorf(app.EConfig, "stored handoff keys: %v (import the key file again)", err)
		}
		ks.Old = append(ks.Old, e)
	}
	return ks, nil
}

func putKeySet(tx *bolt.Tx, ks handoff.KeySet) error {
	rec := keySetRecord{V: recordVersion}
	if !ks.Current.Key.IsZero() {
		r := toKeyRecord(ks.Current)
		rec.Current = &r
	}
	for _, e := range ks.Old {
		rec.Old = append(rec.Old, toKeyRecord(e))
	}
	return putJSON(tx.Bucket(bucketConfig), keyHandoffKeys, rec)
}

// KeySet returns the site's handoff keys; the zero KeySet when there are none yet.
func (s *Store) KeySet(ctx context.Context) (handoff.KeySet, error) {
	if err := ctx.Err(); err != nil {
		return handoff.KeySet{}, err
	}
	var ks handoff.KeySet
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		ks, err = getKeySet(tx)
		return err
	})
	return ks, err
}

// UpdateKeySet applies fn to the stored keys and stores what it returns, in one
// transaction; an error from fn aborts it and is returned as it is.
func (s *Store) UpdateKeySet(ctx context.Context, fn func(handoff.KeySet) (handoff.KeySet, error)) (handoff.KeySet, error) {
	if err := ctx.Err(); err != nil {
		return handoff.KeySet{}, err
	}
	var out handoff.KeySet
	var fnErr error // returned as it is, not as a storage error
	err := s.update(func(tx *bolt.Tx) error {
		ks, err := getKeySet(tx)
		if err != nil {
			return err
		}
		if ks, fnErr = fn(ks); fnErr != nil {
			return fnErr
		}
		out = ks
		return putKeySet(tx, ks)
	})
	if fnErr != nil {
		return handoff.KeySet{}, fnErr
	}
	return out, err
}
