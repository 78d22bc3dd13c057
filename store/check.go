package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"skranke/app"
)

// Report is what Check found.
type Report struct {
	Schema   int
	Days     []DayCount
	Visits   int
	Events   int
	Problems []string
}

// DayCount is how many visits and events one raw day holds.
type DayCount struct {
	Day            string
	Visits, Events int
}

// OK reports whether Check found nothing wrong.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Check verifies the file: bbolt's own consistency check (pages, freelist), then
// Skranke's invariants: every value decodes, ticket numbers are unique within a day and
// match their keys, every visit is in a known state, and every event names a visit of
// its day.
func (s *Store) Check() (Report, error) {
	var r Report
	s.gate.RLock()
	defer s.gate.RUnlock()
	err := s.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			r.Problems = append(r.Problems, "bbolt: "+err.Error())
		}
		v, err := strconv.Atoi(string(tx.Bucket(bucketMeta).Get(keySchema)))
		if err != nil {
			r.Problems = append(r.Problems, fmt.Sprintf("schema version: %v", err))
		}
		r.Schema = v
		return tx.Bucket(bucketDays).ForEachBucket(func(day []byte) error {
			v, e := r.Visits, r.Events
			r.Problems = append(r.Problems, checkDay(tx.Bucket(bucketDays).Bucket(day), string(day), &r)...)
			r.Days = append(r.Days, DayCount{Day: string(day), Visits: r.Visits - v, Events: r.Events - e})
			return nil
		})
	})
	if err != nil {
		return r, fmt.Errorf("check %s: %w", s.path, err)
	}
	return r, nil
}

func checkDay(d *bolt.Bucket, day string, r *Report) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, day+": "+fmt.Sprintf(format, args...)) }
	tickets := map[int]uint64{}
	if vb := d.Bucket(bucketVisits); vb != nil {
		vb.ForEach(func(k, val []byte) error {
			r.Visits++
			var rec visitRecord
			if err := json.Unmarshal(val, &rec); err != nil {
				bad("visit key %x does not decode: %v", k, err)
				return nil
			}
			v := rec.Visit
			if v.ID != keyU64(k) || v.Ticket != int(v.ID) || v.Day != day {
				bad("visit key %d holds id %d, ticket %d, day %s", keyU64(k), v.ID, v.Ticket, v.Day)
			}
			if other, dup := tickets[v.Ticket]; dup {
				bad("ticket %d used by visits %d and %d", v.Ticket, other, v.ID)
			}
			tickets[v.Ticket] = v.ID
			if !slices.Contains(app.States, v.State) {
				bad("ticket %d is in unknown state %q", v.Ticket, v.State)
			}
			return nil
		})
		if seq := vb.Sequence(); seq < uint64(len(tickets)) {
			bad("ticket sequence %d is behind %d visits", seq, len(tickets))
		}
	}
	if eb := d.Bucket(bucketEvents); eb != nil {
		eb.ForEach(func(k, val []byte) error {
			r.Events++
			var rec eventRecord
			if err := json.Unmarshal(val, &rec); err != nil {
				bad("event key %x does not decode: %v", k, err)
				return nil
			}
			if _, ok := tickets[rec.Ticket]; !ok {
				bad("event %d names ticket %d, which has no visit", keyU64(k), rec.Ticket)
			}
			return nil
		})
	}
	return problems
}
