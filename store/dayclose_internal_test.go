package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/handoff"
	"skranke/app/report"
)

// personal is what must not outlive the day: the first names residents gave, the
// field names under which visits and events keep ticket numbers (a ticket number alone
// is a small integer, found in any file; the records that carry it are what must go),
// and the records of handoff codes that have expired. Case ids and short codes must
// never be readable at all: the store keeps a short code's sealed code, not its
// context, under a digest of the short code.
type personal struct {
	visits  []marker            // names and visit records: gone with the close and the scrub
	never   []marker            // never in the file
	expired []handoff.ShortCode // short codes past their expiry: purged at close
	kept    []handoff.ShortCode // kept by design: short codes still valid (see Store.CloseDay)
}

// gone returns the markers that are there before the close and gone after it.
func (p personal) gone() []marker { return append([]marker{}, p.visits...) }

type marker struct {
	name  string
	bytes []byte
}

func textMarker(s string) marker { return marker{s, []byte(s)} }

// find returns the names of the markers that occur in data.
func find(ms []marker, data []byte) []string {
	var found []string
	for _, m := range ms {
		if bytes.Contains(data, m.bytes) {
			found = append(found, m.name)
		}
	}
	return found
}

// fillDay checks in visitors with first names through the queue and moves them through
// every state, and issues two handoff codes with short codes: one that expired before
// day, one valid for four weeks more. It returns what to look for.
func fillDay(t *testing.T, s *Store, q *app.QueueService, clock *app.ManualClock, day string) personal {
	t.Helper()
	ctx := context.Background()
	p := personal{visits: []marker{textMarker(`"ticket"`), textMarker(`"first_name"`), textMarker(`"kind"`)}}
	for i := range 12 {
		name := fmt.Sprintf("Zainab%cQx", 'A'+i)
		p.visits = append(p.visits, textMarker(name))
		in := app.CheckIn{Lang: []string{"ar", "so", "fa", "da"}[i%4], Topics: []app.TopicID{[]app.TopicID{"post", "mitid", "job", "residence"}[i%4]}, FirstName: name}
		if _, err := q.CheckIn(ctx, in); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Minute)
	}
	step := func(id uint64, s app.Step) {
		t.Helper()
		if _, err := q.Do(ctx, id, s); err != nil {
			t.Fatalf("visit %d %s: %v", id, s.Action, err)
		}
		clock.Advance(3 * time.Minute)
	}
	for id := uint64(1); id <= 6; id++ { // served
		step(id, app.Step{Action: app.ActCall, Table: 1})
		step(id, app.Step{Action: app.ActStart})
		step(id, app.Step{Action: app.ActFinish, Outcome: app.Outcomes[id%4]})
	}
	step(7, app.Step{Action: app.ActCall, Table: 2}) // no-show
	step(7, app.Step{Action: app.ActRecall})
	step(7, app.Step{Action: app.ActRecall})
	step(7, app.Step{Action: app.ActNoShow})
	step(8, app.Step{Action: app.ActLeave}) // walked away
	step(9, app.Step{Action: app.ActCall, Table: 2})
	step(9, app.Step{Action: app.ActStart}) // still being served at close
	// 10–12 are still waiting at close.

	rng := rand.NewChaCha8([32]byte{4, 7}) // an io.Reader, so the codes are the same every run
	key, err := handoff.NewKey(rng)
	if err != nil {
		t.Fatal(err)
	}
	d, err := app.DefaultSite().Date(day)
	if err != nil {
		t.Fatal(err)
	}
	for _, valid := range []bool{false, true} {
		issued, expires := d.AddDate(0, 0, -30), d.AddDate(0, 0, -3)
		if valid {
			issued, expires = d, d.AddDate(0, 0, 28)
		}
		caseID, err := handoff.NewCaseID(rng)
		if err != nil {
			t.Fatal(err)
		}
		text, err := handoff.Seal(handoff.Keyring{Current: key}, handoff.Context{Site: "demo", Issued: issued, Expires: expires,
			Lang: "ar", Topics: []app.TopicID{"residence"}, Next: 1, CaseID: caseID}, rng)
		if err != nil {
			t.Fatal(err)
		}
		code, err := handoff.NewShortCode(rng)
		if err != nil {
			t.Fatal(err)
		}
		rec := handoff.ShortRecord{Text: text, Issued: issued.Format(time.DateOnly), Expires: expires.Format(time.DateOnly)}
		if err := s.AddShortCode(ctx, code, rec); err != nil {
			t.Fatal(err)
		}
		if valid {
			p.kept = append(p.kept, code)
		} else {
			p.expired = append(p.expired, code)
		}
		p.never = append(p.never, textMarker(caseID.String()), marker{"case id bytes " + caseID.String(), bytes.Clone(caseID[:])},
			textMarker(code.String()), marker{"short code bytes " + code.String(), bytes.Clone(code[:])})
	}
	return p
}

// walkAll calls fn with every key and value of every bucket, nested ones included,
// reading them with cursors.
func walkAll(tx *bolt.Tx, fn func(path string, k, v []byte)) error {
	var walk func(path string, b *bolt.Bucket)
	walk = func(path string, b *bolt.Bucket) {
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			fn(path, k, v)
			if v == nil {
				walk(path+"/"+string(k), b.Bucket(k))
			}
		}
	}
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		fn("", name, nil)
		walk(string(name), b)
		return nil
	})
}

// bucketFinds returns where in the database's buckets any of ms occurs.
func bucketFinds(t *testing.T, s *Store, ms []marker) []string {
	t.Helper()
	var found []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return walkAll(tx, func(path string, k, v []byte) {
			for _, m := range append(find(ms, k), find(ms, v)...) {
				found = append(found, fmt.Sprintf("%s %q: %s", path, k, m))
			}
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func fileFinds(t *testing.T, path string, ms []marker) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return find(ms, data)
}

// TestDayCloseLeavesNoPersonalData closes a day the way the kiosk does (CloseDue at
// the first check after midnight: close, fold, scrub, backup) and then looks for the
// day's first names, short codes, case ids and ticket-bearing records three ways: in
// every key and value of every bucket, walked with cursors; in the raw bytes of the
// database file, free pages included; and in the raw bytes of the backup.
func TestDayCloseLeavesNoPersonalData(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	site := app.DefaultSite()
	site.AskFirstName = true
	if err := s.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	clock := app.NewManualClock(time.Date(2026, 11, 23, 12, 0, 0, 0, site.Location()))
	q := app.NewQueueService(s, site, clock)
	p := fillDay(t, s, q, clock, "2026-11-23")

	// The scans must see the data while it is there, or passing them proves nothing.
	if found := bucketFinds(t, s, p.gone()); len(found) < len(p.gone()) {
		t.Fatalf("before close the bucket walk finds only %v; it must find every marker", found)
	}
	if found := fileFinds(t, s.Path(), p.gone()); len(found) < len(p.gone()) {
		t.Fatalf("before close the file scan finds only %v; it must find every marker", found)
	}
	if found := fileFinds(t, s.Path(), p.never); len(found) > 0 {
		t.Fatalf("case ids or short codes are readable in the file: %v", found)
	}
	for _, code := range append(append([]handoff.ShortCode{}, p.kept...), p.expired...) {
		if _, ok, err := s.ShortCode(ctx, code); !ok || err != nil {
			t.Fatalf("short code %s not found before close (%v)", code, err)
		}
	}

	clock.Set(time.Date(2026, 11, 24, 0, 5, 0, 0, site.Location()))
	svc := coord.New(coord.Config{Store: s, Queue: q, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	res, err := svc.CloseDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Visits() != 12 || res.Backup == "" {
		t.Fatalf("close: got %+v, want 12 visits closed and a backup", res)
	}
	all := append(append([]marker{}, p.gone()...), p.never...)
	if found := bucketFinds(t, s, all); len(found) > 0 {
		t.Errorf("after close the buckets still hold: %v", found)
	}
	if found := fileFinds(t, s.Path(), all); len(found) > 0 {
		t.Errorf("after close the database file still holds: %v", found)
	}
	if found := fileFinds(t, res.Backup, all); len(found) > 0 {
		t.Errorf("the backup holds: %v", found)
	}
	for _, code := range p.kept {
		if _, ok, err := s.ShortCode(ctx, code); !ok || err != nil {
			t.Errorf("short code %s, still valid, is gone (%v): a resident could no longer type it in", code, err)
		}
	}
	for _, code := range p.expired {
		if _, ok, _ := s.ShortCode(ctx, code); ok {
			t.Errorf("short code %s is past its expiry but still there", code)
		}
	}
	facts, err := s.Facts(ctx, "2026-11-23", "2026-11-23")
	if err != nil || len(facts) != 12 {
		t.Errorf("facts: got %d (%v), want 12", len(facts), err)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Errorf("check after scrub: %v %v", err, r.Problems)
	}
}

// TestScrubIsWhatCleansTheFile shows why Scrub exists: after the close transaction
// alone, the deleted day is gone from every bucket but still in the file's free pages.
func TestScrubIsWhatCleansTheFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	site := app.DefaultSite()
	clock := app.NewManualClock(time.Date(2026, 11, 23, 12, 0, 0, 0, site.Location()))
	p := fillDay(t, s, app.NewQueueService(s, site, clock), clock, "2026-11-23")
	now := clock.Now().Add(24 * time.Hour)
	n, err := s.CloseDay(ctx, "2026-11-23", false, func(vs []app.Visit) ([]report.Fact, error) {
		return coord.Anonymise(site, "2026-11-23", vs, now), nil
	})
	if err != nil || n != 12 {
		t.Fatalf("close: got %d, %v; want 12 visits", n, err)
	}
	if found := bucketFinds(t, s, p.visits); len(found) > 0 {
		t.Errorf("after close the buckets still hold: %v", found)
	}
	if found := fileFinds(t, s.Path(), p.visits); len(found) == 0 {
		t.Errorf("after the close transaction alone the file scan finds nothing; expected the freed pages to still hold the day (has bbolt changed?)")
	}
	var backup bytes.Buffer
	if _, err := s.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	if found := find(p.visits, backup.Bytes()); len(found) == 0 {
		t.Errorf("tx.WriteTo copies free pages too, so an unscrubbed backup should hold the day; it holds nothing")
	}
	if err := s.Scrub(ctx); err != nil {
		t.Fatal(err)
	}
	if found := fileFinds(t, s.Path(), p.visits); len(found) > 0 {
		t.Errorf("after scrub the file still holds: %v", found)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Errorf("check after scrub: %v %v", err, r.Problems)
	}
	// The file stays a working database: write, close, reopen, read.
	if _, err := s.AddVisit(ctx, app.Visit{Day: "2026-11-30", Lang: "da", Topics: []app.TopicID{"post"}, State: app.StateWaiting, Arrived: now}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r, err := s.Check(); err != nil || !r.OK() || r.Visits != 1 || filepath.Dir(s.Path()) != dir {
		t.Errorf("reopened after scrub: %+v %v", r, err)
	}
}
