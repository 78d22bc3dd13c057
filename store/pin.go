package store

import (
	"context"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"skranke/app"
)

var _ app.PINStore = (*Store)(nil)

// keyPINAttempts holds the wrong-PIN count in the config bucket, beside the hashes, so
// a restart does not reset the delay.
var keyPINAttempts = []byte("pin_attempts")

func keyPIN(role app.Role) []byte { return []byte("pin:" + string(role)) }

type pinRecord struct {
	V int `json:"v"`
	app.PINHash
}

type attemptsRecord struct {
	V int `json:"v"`
	app.PINAttempts
}

// PINHash returns the role's PIN hash, and false when none is set.
func (s *Store) PINHash(ctx context.Context, role app.Role) (app.PINHash, bool, error) {
	var rec pinRecord
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketConfig).Get(keyPIN(role))
		if data == nil {
			return nil
		}
		found = true
		if err := json.Unmarshal(data, &rec); err != nil {
			return app.Errorf(app.EConfig, "stored %s PIN: %v (set it again with `skranke pin`)", role, err)
		}
		return nil
	})
	return rec.PINHash, found, err
}

// SetPINHash stores the role's PIN hash, replacing any before.
func (s *Store) SetPINHash(ctx context.Context, role app.Role, h app.PINHash) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketConfig), keyPIN(role), pinRecord{recordVersion, h})
	})
}

// UpdatePINAttempts applies fn to the stored wrong-PIN count in one transaction.
func (s *Store) UpdatePINAttempts(ctx context.Context, fn func(app.PINAttempts) (app.PINAttempts, error)) (app.PINAttempts, error) {
	if err := ctx.Err(); err != nil {
		return app.PINAttempts{}, err
	}
	var out app.PINAttempts
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketConfig)
		var rec attemptsRecord
		if data := b.Get(keyPINAttempts); data != nil {
			// A count that does not decode is treated as the worst case, not as zero:
			// damage must not open the door.
			if err := json.Unmarshal(data, &rec); err != nil {
				rec.Failures = 100
			}
		}
		a, err := fn(rec.PINAttempts)
		out = a
		if err != nil {
			out = rec.PINAttempts
			return err
		}
		return putJSON(b, keyPINAttempts, attemptsRecord{recordVersion, a})
	})
	return out, err
}
