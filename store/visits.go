package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"skranke/app"
)

var _ app.VisitStore = (*Store)(nil)

// recordVersion is the version of the JSON values this code writes.
const recordVersion = 1

// visitRecord is a visit as stored: versioned JSON.
type visitRecord struct {
	V int `json:"v"`
	app.Visit
}

type eventRecord struct {
	V int `json:"v"`
	app.Event
}

// AddVisit gives v the next ticket number of v.Day and stores it with its check-in event.
func (s *Store) AddVisit(ctx context.Context, v app.Visit) (app.Visit, error) {
	if err := ctx.Err(); err != nil {
		return app.Visit{}, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		visits, events, err := dayBuckets(tx, v.Day, true)
		if err != nil {
			return err
		}
		seq, err := visits.NextSequence()
		if err != nil {
			return err
		}
		v.ID, v.Ticket = seq, int(seq)
		if err := putJSON(visits, u64key(seq), visitRecord{recordVersion, v}); err != nil {
			return err
		}
		return appendEvent(events, app.Event{Visit: v.ID, Ticket: v.Ticket, Kind: app.EventCheckedIn, At: v.Arrived, Skill: v.Skill})
	})
	if err != nil {
		return app.Visit{}, err
	}
	return v, nil
}

// UpdateVisit applies fn to the stored visit and stores the result with fn's event.
func (s *Store) UpdateVisit(ctx context.Context, day string, id uint64, fn func(app.Visit) (app.Visit, app.Event, error)) (app.Visit, error) {
	if err := ctx.Err(); err != nil {
		return app.Visit{}, err
	}
	var out app.Visit
	err := s.update(func(tx *bolt.Tx) error {
		visits, events, err := dayBuckets(tx, day, false)
		if err != nil {
			return err
		}
		var rec visitRecord
		if visits == nil || !getJSON(visits, u64key(id), &rec) {
			return app.Errorf(app.ENotFound, "no visit %d on %s", id, day)
		}
		v, ev, err := fn(rec.Visit)
		if err != nil {
			return err
		}
		if v.ID != id || v.Day != day {
			return fmt.Errorf("update of visit %d changed its identity", id)
		}
		if err := putJSON(visits, u64key(id), visitRecord{recordVersion, v}); err != nil {
			return err
		}
		out = v
		return appendEvent(events, ev)
	})
	return out, err
}

// Visits returns the day's visits in ticket order.
func (s *Store) Visits(ctx context.Context, day string) ([]app.Visit, error) {
	var vs []app.Visit
	err := s.view(func(tx *bolt.Tx) error {
		visits, _, err := dayBuckets(tx, day, false)
		if err != nil || visits == nil {
			return err
		}
		return visits.ForEach(func(k, val []byte) error {
			var rec visitRecord
			if err := json.Unmarshal(val, &rec); err != nil {
				return fmt.Errorf("visit %d of %s: %w", keyU64(k), day, err)
			}
			vs = append(vs, rec.Visit)
			return nil
		})
	})
	return vs, err
}

// Events returns the day's events in the order they were stored.
func (s *Store) Events(ctx context.Context, day string) ([]app.Event, error) {
	var evs []app.Event
	err := s.view(func(tx *bolt.Tx) error {
		_, events, err := dayBuckets(tx, day, false)
		if err != nil || events == nil {
			return err
		}
		return events.ForEach(func(k, val []byte) error {
			var rec eventRecord
			if err := json.Unmarshal(val, &rec); err != nil {
				return fmt.Errorf("event %d of %s: %w", keyU64(k), day, err)
			}
			evs = append(evs, rec.Event)
			return nil
		})
	})
	return evs, err
}

// Days returns the dates that have a raw day stored, oldest first.
func (s *Store) Days(ctx context.Context) ([]string, error) {
	var days []string
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDays).ForEachBucket(func(k []byte) error {
			days = append(days, string(k))
			return nil
		})
	})
	return days, err
}

// dayBuckets returns the visits and events buckets of day, creating them when create is
// set; without create they are nil for a day with no visits.
func dayBuckets(tx *bolt.Tx, day string, create bool) (visits, events *bolt.Bucket, err error) {
	if len(day) != len("2006-01-02") {
		return nil, nil, fmt.Errorf("bad day key %q", day)
	}
	days := tx.Bucket(bucketDays)
	if !create {
		d := days.Bucket([]byte(day))
		if d == nil {
			return nil, nil, nil
		}
		return d.Bucket(bucketVisits), d.Bucket(bucketEvents), nil
	}
	d, err := days.CreateBucketIfNotExists([]byte(day))
	if err != nil {
		return nil, nil, err
	}
	if visits, err = d.CreateBucketIfNotExists(bucketVisits); err != nil {
		return nil, nil, err
	}
	if events, err = d.CreateBucketIfNotExists(bucketEvents); err != nil {
		return nil, nil, err
	}
	return visits, events, nil
}

func appendEvent(events *bolt.Bucket, ev app.Event) error {
	seq, err := events.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(events, u64key(seq), eventRecord{recordVersion, ev})
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// getJSON decodes the value at key into v inside the transaction; it reports false when
// there is no such key. A value that does not decode is treated as missing by callers
// that only look up, and reported by Check.
func getJSON(b *bolt.Bucket, key []byte, v any) bool {
	data := b.Get(key)
	if data == nil {
		return false
	}
	return json.Unmarshal(data, v) == nil
}
