package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/report"
)

var _ coord.Store = (*Store)(nil)

// CloseDay closes day in one transaction (DESIGN.md §7): it reads the day's visits,
// passes them to anonymise, stores the facts it returns, and deletes the raw day
// (days/<day>: visits with their names and ticket numbers, and events). A crash before
// the commit leaves the day as it was; after it, the day is gone and its facts are in.
// A day without a raw day is already closed, and closing it again does nothing, so the
// close can be repeated safely.
//
// Handoff short codes are not the day's: a follow-up code is made to be typed in on a
// later visit, so its record (the sealed code and its dates, no visit, ticket or name)
// lives until it expires, and PurgeExpiredHandoffs, run after each close, deletes it
// then.
//
// anonymise must return exactly one fact per visit, or the close is refused: that is
// what makes every visit count exactly once. An error from anonymise aborts the
// transaction and comes back as it is.
//
// With keepNumbering, the day's ticket sequence survives in an empty day (used when
// today is closed while the desk may still take a late visitor, who then gets the next
// number rather than ticket 1 again). Closing that day later removes it.
func (s *Store) CloseDay(ctx context.Context, day string, keepNumbering bool, anonymise func([]app.Visit) ([]report.Fact, error)) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if len(day) != dateLen {
		return 0, fmt.Errorf("close day %q: not a date", day)
	}
	var n int
	err := s.update(func(tx *bolt.Tx) error {
		days := tx.Bucket(bucketDays)
		d := days.Bucket([]byte(day))
		if d == nil {
			return nil
		}
		var visits []app.Visit
		var seq uint64
		if vb := d.Bucket(bucketVisits); vb != nil {
			seq = vb.Sequence()
			err := vb.ForEach(func(k, v []byte) error {
				var rec visitRecord
				if err := json.Unmarshal(v, &rec); err != nil {
					return fmt.Errorf("visit %d of %s: %w (the day stays open; run `skranke check`)", keyU64(k), day, err)
				}
				visits = append(visits, rec.Visit)
				return nil
			})
			if err != nil {
				return err
			}
		}
		facts, err := anonymise(visits)
		if err != nil {
			return err
		}
		if len(facts) != len(visits) {
			return fmt.Errorf("close %s: %d facts for %d visits", day, len(facts), len(visits))
		}
		for _, f := range facts {
			if f.Date != day {
				return fmt.Errorf("close %s: a fact is dated %q", day, f.Date)
			}
		}
		if len(facts) > 0 {
			if err := putFacts(tx.Bucket(bucketFacts), facts); err != nil {
				return err
			}
		}
		if err := days.DeleteBucket([]byte(day)); err != nil {
			return fmt.Errorf("delete day %s: %w", day, err)
		}
		if keepNumbering && seq > 0 {
			nd, err := days.CreateBucket([]byte(day))
			if err != nil {
				return err
			}
			vb, err := nd.CreateBucket(bucketVisits)
			if err != nil {
				return err
			}
			if err := vb.SetSequence(seq); err != nil {
				return err
			}
		}
		n = len(visits)
		return nil
	})
	return n, err
}

// ErrScrubBusy is returned by Scrub when a read transaction that does not go through
// the store's own methods is open, so free pages might still be in use. The scrub is
// skipped; the next one catches up.
var ErrScrubBusy = errors.New("scrub: a read transaction is open")

// Scrub overwrites with zeros every free page of the database file, and whatever lies
// past the last page, and syncs the file.
//
// bbolt never overwrites data in place: a change writes new pages and puts the old
// ones on the free list, where their bytes stay until a later write reuses them. After
// day close, the deleted raw day — first names, ticket numbers, events — would linger
// there, readable by anyone with the file or a copy of it (tx.WriteTo copies free
// pages too, so a backup would carry them on). Scrub runs after each close and before
// the backup, so neither the file nor the backup holds the closed day.
//
// It holds the store's gate exclusively, so no read transaction started by this store
// is open, and writes the zeros inside a write transaction, so no other write can
// allocate a free page meanwhile. Pages bbolt still keeps for an older reader are then
// no longer needed by anyone, and every page bbolt calls free is safe to overwrite. The
// database stays the same file and stays open: nothing is swapped or reopened.
//
// What it cannot do is reach below the file: a copy-on-write file system (btrfs, ZFS)
// or an SSD's wear levelling may keep old blocks on the device. Full-disk encryption of
// the kiosk PC is the answer to that.
func (s *Store) Scrub(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.gate.Lock()
	defer s.gate.Unlock()
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		return app.Errorf(app.EStorage, "scrub %s: %v", s.path, err)
	}
	defer f.Close()
	err = s.db.Update(func(tx *bolt.Tx) error {
		if open := s.db.Stats().OpenTxN; open > 0 {
			return ErrScrubBusy
		}
		pageSize := int64(s.db.Info().PageSize)
		zero := make([]byte, pageSize)
		buf := make([]byte, pageSize)
		wipe := func(off int64) error {
			n, err := f.ReadAt(buf, off)
			if err != nil && n < len(buf) {
				return fmt.Errorf("read page at %d: %w", off, err)
			}
			if bytes.Equal(buf, zero) {
				return nil
			}
			if _, err := f.WriteAt(zero, off); err != nil {
				return fmt.Errorf("overwrite page at %d: %w", off, err)
			}
			return nil
		}
		high := tx.Size() / pageSize // the high-water mark: pages from here on are unused
		for id := int64(2); id < high; id++ {
			info, err := tx.Page(int(id))
			if err != nil {
				return err
			}
			if info != nil && info.Type == "free" {
				if err := wipe(id * pageSize); err != nil {
					return err
				}
			}
		}
		// A write that was rolled back, or cut off by a crash, may have left pages past
		// the high-water mark; they are no one's either.
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		for off := high * pageSize; off+pageSize <= fi.Size(); off += pageSize {
			if err := wipe(off); err != nil {
				return err
			}
		}
		return f.Sync()
	})
	if err != nil {
		if errors.Is(err, ErrScrubBusy) {
			return err
		}
		return app.Errorf(app.EStorage, "scrub %s: %v", s.path, err)
	}
	return nil
}

// BackupDir is the folder, inside the data directory, that SaveBackup writes to.
const BackupDir = "backups"

// SaveBackup writes a hot backup of the database (tx.WriteTo, while the kiosk keeps
// running) to <data>/backups/skranke-<day>.db and deletes all but the newest keep
// backups there. The backup is written to a temporary file, synced and renamed, so a
// crash never leaves a half backup under a backup's name. Backups are named by date, so
// a second backup of the same day replaces the first.
func (s *Store) SaveBackup(ctx context.Context, day string, keep int) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if len(day) != dateLen || strings.ContainsAny(day, `/\`) {
		return "", fmt.Errorf("backup for %q: not a date", day)
	}
	dir := filepath.Join(filepath.Dir(s.path), BackupDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", app.Errorf(app.EStorage, "backup folder %s: %v", dir, err)
	}
	path := filepath.Join(dir, "skranke-"+day+".db")
	if err := s.writeBackup(path); err != nil {
		return "", app.Errorf(app.EStorage, "backup %s: %v", path, err)
	}
	if err := pruneBackups(dir, keep); err != nil {
		return path, app.Errorf(app.EStorage, "prune backups in %s: %v", dir, err)
	}
	return path, nil
}

// writeBackup writes the backup through coord.WriteFileAtomic: a temporary file beside
// path (mode 0600), fsynced, renamed, the folder fsynced.
func (s *Store) writeBackup(path string) error {
	return coord.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := s.Backup(w)
		return err
	})
}

// pruneBackups deletes all but the newest keep backups in dir (by the date in their
// names), and temporary files a crashed backup left.
func pruneBackups(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var backups []string
	var errs []error
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, ".skranke-") && strings.HasSuffix(name, ".tmp"):
			errs = append(errs, os.Remove(filepath.Join(dir, name)))
		case strings.HasPrefix(name, "skranke-") && strings.HasSuffix(name, ".db"):
			backups = append(backups, name)
		}
	}
	slices.Sort(backups)
	for len(backups) > max(keep, 1) {
		errs = append(errs, os.Remove(filepath.Join(dir, backups[0])))
		backups = backups[1:]
	}
	return errors.Join(errs...)
}
