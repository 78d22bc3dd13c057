package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"skranke/app/report"
)

// Facts and weekly aggregates (DESIGN.md §7, §9).
//
// The facts bucket holds the anonymised facts of closed days. A key is the date,
// "2006-01-02", followed by the bucket's sequence as 8 bytes big-endian; its value is
// every fact that one day close wrote for that date, as one versioned JSON array. So
// the keys sort by date, and a week is found by seeking to its Monday and reading on
// to its Sunday: a weekly report decodes that week's few values, never the years
// before it. One value per close rather than per fact keeps the keys few (one a day
// at a desk), so the seek stays short and decoding is one array per day; the sequence
// suffix lets a day closed twice (closed early, then more visitors) add a second value
// instead of rewriting the first.
//
// The weeks bucket holds a report.WeekAggregate per ISO week, keyed "2026-W47":
// facts past the site's retention, folded.

// factsRecord is one close's facts of one date, as stored.
type factsRecord struct {
	V     int           `json:"v"`
	Facts []report.Fact `json:"f"`
}

// weekRecord is a weekly aggregate as stored.
type weekRecord struct {
	V int `json:"v"`
	report.WeekAggregate
}

const dateLen = len(time.DateOnly)

func factKey(date string, seq uint64) []byte {
	return append([]byte(date), u64key(seq)...)
}

// putFacts stores facts, one value per date, under fresh keys.
func putFacts(b *bolt.Bucket, facts []report.Fact) error {
	byDate := map[string][]report.Fact{}
	for _, f := range facts {
		if len(f.Date) != dateLen {
			return fmt.Errorf("fact with bad date %q", f.Date)
		}
		byDate[f.Date] = append(byDate[f.Date], f)
	}
	for _, date := range slices.Sorted(maps.Keys(byDate)) {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		if err := putJSON(b, factKey(date, seq), factsRecord{recordVersion, byDate[date]}); err != nil {
			return fmt.Errorf("facts of %s: %w", date, err)
		}
	}
	return nil
}

// AddFacts stores facts as a day close does, in one transaction. Day close itself
// goes through CloseDay; AddFacts is for loading history (and the benchmark).
func (s *Store) AddFacts(ctx context.Context, facts []report.Fact) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return putFacts(tx.Bucket(bucketFacts), facts)
	})
}

// eachFacts calls fn with the decoded facts of every value whose date is from first
// to last, in date order.
func eachFacts(b *bolt.Bucket, first, last string, fn func(k []byte, facts []report.Fact) error) error {
	c := b.Cursor()
	for k, v := c.Seek([]byte(first)); k != nil && string(k[:min(len(k), dateLen)]) <= last; k, v = c.Next() {
		var rec factsRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("facts at %q: %w", k, err)
		}
		if err := fn(k, rec.Facts); err != nil {
			return err
		}
	}
	return nil
}

// Facts returns the facts dated from first to last ("2006-01-02", both included), in
// date order.
func (s *Store) Facts(ctx context.Context, first, last string) ([]report.Fact, error) {
	var out []report.Fact
	err := s.view(func(tx *bolt.Tx) error {
		return eachFacts(tx.Bucket(bucketFacts), first, last, func(_ []byte, facts []report.Fact) error {
			out = append(out, facts...)
			return nil
		})
	})
	return out, err
}

// WeekFacts returns the facts dated in week and the week's stored aggregate, if any,
// for report.Build.
func (s *Store) WeekFacts(ctx context.Context, week report.ISOWeek) ([]report.Fact, []report.WeekAggregate, error) {
	if !week.Valid() {
		return nil, nil, fmt.Errorf("week facts: %d-%d is not an ISO week", week.Year, week.Week)
	}
	first, last := week.Dates()
	var facts []report.Fact
	var aggs []report.WeekAggregate
	err := s.view(func(tx *bolt.Tx) error {
		err := eachFacts(tx.Bucket(bucketFacts), first, last, func(_ []byte, fs []report.Fact) error {
			facts = append(facts, fs...)
			return nil
		})
		if err != nil {
			return err
		}
		if data := tx.Bucket(bucketWeeks).Get([]byte(week.String())); data != nil {
			var rec weekRecord
			if err := json.Unmarshal(data, &rec); err != nil {
				return fmt.Errorf("aggregate of %v: %w", week, err)
			}
			aggs = append(aggs, rec.WeekAggregate)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("facts of %v: %w", week, err)
	}
	return facts, aggs, nil
}

// FoldFacts folds every fact dated before the date before into the weekly aggregate of
// its ISO week and deletes it, in one transaction, so a fact is counted either as a
// fact or in an aggregate, never in both and never in neither. A week whose facts
// straddle the cut ends up partly in its aggregate and partly as facts; a report adds
// the two. It returns how many facts it folded.
func (s *Store) FoldFacts(ctx context.Context, before string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if len(before) != dateLen {
		return 0, fmt.Errorf("fold facts before %q: not a date", before)
	}
	var n int
	err := s.update(func(tx *bolt.Tx) error {
		fb, wb := tx.Bucket(bucketFacts), tx.Bucket(bucketWeeks)
		var old []report.Fact
		var keys [][]byte
		c := fb.Cursor()
		for k, v := c.First(); k != nil && bytes.Compare(k[:min(len(k), dateLen)], []byte(before)) < 0; k, v = c.Next() {
			var rec factsRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("facts at %q: %w", k, err)
			}
			old = append(old, rec.Facts...)
			keys = append(keys, bytes.Clone(k))
		}
		aggs, err := report.FoldWeeks(old)
		if err != nil {
			return err
		}
		for _, a := range aggs {
			key := []byte(a.Week.String())
			if data := wb.Get(key); data != nil {
				var rec weekRecord
				if err := json.Unmarshal(data, &rec); err != nil {
					return fmt.Errorf("aggregate of %v: %w", a.Week, err)
				}
				if err := a.Merge(rec.WeekAggregate); err != nil {
					return err
				}
			}
			if err := putJSON(wb, key, weekRecord{recordVersion, a}); err != nil {
				return err
			}
		}
		for _, k := range keys {
			if err := fb.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	return n, err
}

// Weeks returns the ISO weeks that have a stored aggregate, oldest first.
func (s *Store) Weeks(ctx context.Context) ([]report.ISOWeek, error) {
	var out []report.ISOWeek
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketWeeks).ForEach(func(k, _ []byte) error {
			w, err := report.ParseISOWeek(string(k))
			if err != nil {
				return fmt.Errorf("weeks bucket: %w", err)
			}
			out = append(out, w)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b report.ISOWeek) int { return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Week, b.Week)) })
	return out, err
}
