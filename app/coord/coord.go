// Package coord is the coordinator's part of Skranke's domain (DESIGN.md §2, §7, §9):
// closing a day, which turns its visits into anonymised facts and deletes them; the
// weekly reports built from those facts; exporting them; and the site settings.
//
// It is a package of its own, beside app/report rather than inside app, because it
// works with report's types and report is built on app, so app cannot name them. Like
// app it imports only the standard library and skranke/app/...: store.Store implements
// its Store interface, the coordinator screen uses its Coordinator interface, and main
// wires the two through a Service.
//
// Day close, step by step (each step is one store transaction, and each can be
// repeated after a crash without counting a visit twice or losing one):
//
//  1. Store.CloseDay: read the day's visits, anonymise each into a report.Fact, write
//     the facts, delete the raw day — one transaction, under the queue's lock, so the
//     queue cannot change the day meanwhile.
//  2. Store.FoldFacts: facts past the site's retention become weekly aggregates.
//  3. Store.PurgeExpiredHandoffs: expired handoff short codes are deleted. (Codes
//     still valid stay: a follow-up code is made to be typed in on a later day.)
//  4. Store.Scrub: the pages the deleted data lived in are overwritten with zeros, so
//     nothing of it lingers in the database file's free pages.
//  5. Store.SaveBackup: a hot backup of the clean file, the last 14 kept.
package coord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"skranke/app"
	"skranke/app/report"
)

// Store is what the coordinator's work needs from storage. store.Store implements it;
// every method is one transaction.
type Store interface {
	// Days returns the dates that still have a raw day, oldest first.
	Days(ctx context.Context) ([]string, error)
	// CloseDay passes the day's visits to anonymise, stores the facts it returns (one
	// per visit) and deletes the raw day, all in one transaction, and returns the
	// number of visits closed. A day that has no raw day
	// is already closed: that is a no-op returning 0. When keepNumbering is set, an
	// empty day is left behind that keeps the day's ticket sequence, so that a visitor
	// checking in later the same day does not get a number already given out. An error
	// from anonymise aborts the transaction and is returned as it is.
	CloseDay(ctx context.Context, day string, keepNumbering bool, anonymise func([]app.Visit) ([]report.Fact, error)) (int, error)
	// FoldFacts folds the facts dated before the date before into weekly aggregates
	// and deletes them, in one transaction, and returns how many it folded.
	FoldFacts(ctx context.Context, before string) (int, error)
	// PurgeExpiredHandoffs deletes the handoff short codes that expired before today,
	// and returns how many.
	PurgeExpiredHandoffs(ctx context.Context, today string) (int, error)
	// WeekFacts returns the facts dated in week and the week's stored aggregates.
	WeekFacts(ctx context.Context, week report.ISOWeek) ([]report.Fact, []report.WeekAggregate, error)
	// Scrub overwrites the database file's free pages, where deleted data lingers,
	// with zeros.
	Scrub(ctx context.Context) error
	// SaveBackup writes a hot backup of the database named for day and keeps the
	// newest keep backups; it returns the backup's path.
	SaveBackup(ctx context.Context, day string, keep int) (string, error)
	// SaveSite validates and stores the site configuration.
	SaveSite(ctx context.Context, site app.Site) error
}

// Queue is what day close needs from the queue service: the site it starts with,
// today's visits, its lock and memory of today (see app.QueueService.CloseDay), and its
// changes. *app.QueueService implements it.
type Queue interface {
	Site() app.Site
	Today(ctx context.Context) ([]app.Visit, error)
	CloseDay(ctx context.Context, day string, fn func(now time.Time) error) error
	Subscribe() (<-chan app.Change, func())
}

var _ Queue = (*app.QueueService)(nil)

// WriteFunc writes a report in a file format, suppressing counts below k: what
// export.Write does. main passes it in, so this package needs no spreadsheet or
// plotting library.
type WriteFunc func(w io.Writer, format string, r report.Report, k int) error

// Coordinator is the service behind the coordinator screen. Its methods take and
// return plain values, so a network client could implement it later.
type Coordinator interface {
	// Site returns the site configuration as last saved.
	Site() app.Site
	// SaveSite validates and stores a new configuration (see Service.SaveSite for
	// when it takes effect).
	SaveSite(ctx context.Context, site app.Site) error
	// Glance returns today's figures so far.
	Glance(ctx context.Context) (Glance, error)
	// Subscribe tells of every change to today's queue, a day close included, as
	// app.Queue.Subscribe does: a change means "look again".
	Subscribe() (<-chan app.Change, func())
	// Today returns the site-local date and the ISO week of now.
	Today() (day string, week report.ISOWeek)
	// Week returns the raw report of one week. Show it only through Suppressed with
	// the site's K.
	Week(ctx context.Context, week report.ISOWeek) (report.Report, error)
	// Weeks returns the raw reports of the n weeks that end with last, oldest first.
	Weeks(ctx context.Context, last report.ISOWeek, n int) ([]report.Report, error)
	// CloseToday closes today now, whoever is still in the queue (the "close day"
	// button), and then tidies up: retention, scrub, backup.
	CloseToday(ctx context.Context) (CloseResult, error)
	// Formats lists the export formats.
	Formats() []string
	// Export writes the week's report in format into the folder dir and returns the
	// file's path.
	Export(ctx context.Context, week report.ISOWeek, format, dir string) (string, error)
}

var _ Coordinator = (*Service)(nil)

// DefaultBackups is how many daily backups are kept (DESIGN.md §7).
const DefaultBackups = 14

// ENotDue is the code of the error a close that is not due yet aborts with. It never
// reaches a user: CloseDue skips such a day.
const ENotDue = "not_due"

var errNotDue = &app.Error{Code: ENotDue, Message: "the day is not due for closing yet"}

// Config is what a Service needs.
type Config struct {
	Store Store
	Queue Queue
	Clock app.Clock
	Log   *slog.Logger
	// Write renders exports; nil leaves Export failing.
	Write WriteFunc
	// Formats lists the formats Write knows (export.Formats).
	Formats []string
	// Backups is how many daily backups to keep; 0 means DefaultBackups.
	Backups int
}

// Service implements Coordinator and the automatic day close on a Store and a Queue.
type Service struct {
	store   Store
	queue   Queue
	clock   app.Clock
	log     *slog.Logger
	write   WriteFunc
	formats []string
	backups int

	// mu serialises closes: the timer's and the coordinator's button may race.
	mu sync.Mutex

	siteMu sync.RWMutex
	site   app.Site // as last saved
}

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = app.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Backups <= 0 {
		cfg.Backups = DefaultBackups
	}
	return &Service{store: cfg.Store, queue: cfg.Queue, clock: cfg.Clock, log: cfg.Log, write: cfg.Write,
		formats: slices.Clone(cfg.Formats), backups: cfg.Backups, site: cfg.Queue.Site()}
}

// Site returns the site configuration as last saved.
func (s *Service) Site() app.Site {
	s.siteMu.RLock()
	defer s.siteMu.RUnlock()
	return s.site
}

// SaveSite validates site and stores it. The coordinator's own work uses it at once:
// k in reports and exports, the retention, the opening hours that decide when a day
// closes by itself. The queue and the screens keep the site they started with until
// Skranke starts again, because they must agree with each other: a kiosk still
// showing a language or a console still showing a table that the queue no longer
// knows would turn a resident's check-in or a counsellor's call into an error. The
// site id cannot be changed here: it names the site in every report already handed on.
func (s *Service) SaveSite(ctx context.Context, site app.Site) error {
	if cur := s.Site(); site.ID != cur.ID {
		return app.Errorf(app.EConfig, "the site id cannot be changed here (it is %q)", cur.ID)
	}
	if err := site.Validate(); err != nil {
		return err
	}
	if err := s.store.SaveSite(ctx, site); err != nil {
		return fmt.Errorf("save site: %w", err)
	}
	s.siteMu.Lock()
	s.site = site
	s.siteMu.Unlock()
	s.log.Info("site settings saved; the resident and staff screens take them at the next start", "site", site.ID)
	return nil
}

// Subscribe passes on the queue's changes; see Coordinator.
func (s *Service) Subscribe() (<-chan app.Change, func()) { return s.queue.Subscribe() }

// Today returns the site-local date and ISO week of the clock's now.
func (s *Service) Today() (string, report.ISOWeek) {
	site := s.Site()
	now := s.clock.Now().In(site.Location())
	return site.Day(now), report.WeekOf(now)
}

// Formats lists the export formats.
func (s *Service) Formats() []string { return slices.Clone(s.formats) }

// Week returns the raw report of week for the site, from its facts and aggregates only
// (DESIGN.md §9: never from the raw day, so today counts once it is closed).
func (s *Service) Week(ctx context.Context, week report.ISOWeek) (report.Report, error) {
	if !week.Valid() {
		return report.Report{}, app.Errorf(app.EConfig, "week %d-%d is not an ISO week", week.Year, week.Week)
	}
	facts, aggs, err := s.store.WeekFacts(ctx, week)
	if err != nil {
		return report.Report{}, fmt.Errorf("report of %v: %w", week, err)
	}
	return report.Build(week, []string{s.Site().ID}, append(aggs, report.Fold(week, facts))...), nil
}

// Weeks returns the raw reports of the n weeks ending with last, oldest first.
func (s *Service) Weeks(ctx context.Context, last report.ISOWeek, n int) ([]report.Report, error) {
	out := make([]report.Report, 0, n)
	for i := n - 1; i >= 0; i-- {
		r, err := s.Week(ctx, AddWeeks(last, -i))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// CloseResult says what a close did.
type CloseResult struct {
	// Days are the days closed, oldest first, with how many visits each had.
	Days []DayClosed
	// Folded is how many facts passed the retention and became weekly aggregates.
	Folded int
	// Backup is the path of the backup written after the close; "" if none was.
	Backup string
}

// Visits returns the number of visits closed.
func (r CloseResult) Visits() int {
	n := 0
	for _, d := range r.Days {
		n += d.Visits
	}
	return n
}

// DayClosed is one closed day.
type DayClosed struct {
	Day    string
	Visits int
}

// CloseDue closes every day that is due (app.Site.DueForClose): every day before
// today, and today once the desk has closed and the queue is empty. main calls it at
// start and then every minute. When it closed anything it tidies up after: retention,
// scrub and backup. A day that fails to close is logged and left for the next try;
// the others are still closed.
func (s *Service) CloseDue(ctx context.Context) (CloseResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	site := s.Site()
	now := s.clock.Now()
	today := site.Day(now)
	days, err := s.store.Days(ctx)
	if err != nil {
		return CloseResult{}, fmt.Errorf("close due days: %w", err)
	}
	var res CloseResult
	var errs []error
	for _, day := range days {
		if day > today {
			continue // the clock went back; leave it for when it is today again
		}
		if day == today {
			if closing, ok := site.Closing(day); !ok || now.Before(closing) {
				continue
			}
			if vs, err := s.queue.Today(ctx); err != nil || len(vs) == 0 {
				continue // nothing to close, or the queue cannot say: try again later
			}
		}
		n, err := s.closeDay(ctx, site, day, false)
		switch {
		case errors.Is(err, errNotDue):
			continue
		case err != nil:
			s.log.Error("day close failed; the day is left as it was and tried again later", "day", day, "err", err)
			errs = append(errs, err)
			continue
		}
		res.Days = append(res.Days, DayClosed{Day: day, Visits: n})
	}
	if res.Visits() > 0 {
		if err := s.tidy(ctx, site, &res); err != nil {
			errs = append(errs, err)
		}
	}
	return res, errors.Join(errs...)
}

// CloseToday closes today whatever its state, as the coordinator's button does. A
// visitor still waiting is counted as never called, one called but not there as a
// walk-away, one being served as served without a recorded outcome (report.FromVisit).
// Later check-ins today start a new queue but keep the day's ticket numbering.
func (s *Service) CloseToday(ctx context.Context) (CloseResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	site := s.Site()
	day := site.Day(s.clock.Now())
	n, err := s.closeDay(ctx, site, day, true)
	if err != nil {
		return CloseResult{}, err
	}
	res := CloseResult{Days: []DayClosed{{Day: day, Visits: n}}}
	if n > 0 {
		err = s.tidy(ctx, site, &res)
	}
	return res, err
}

// closeDay closes one day under the queue's lock. Unless force is set, the anonymiser
// first checks that the day is due, with the visits read in the closing transaction.
func (s *Service) closeDay(ctx context.Context, site app.Site, day string, force bool) (int, error) {
	var n int
	err := s.queue.CloseDay(ctx, day, func(now time.Time) error {
		var err error
		n, err = s.store.CloseDay(ctx, day, day >= site.Day(now), func(vs []app.Visit) ([]report.Fact, error) {
			if !force && !site.DueForClose(day, now, vs) {
				return nil, errNotDue
			}
			return Anonymise(site, day, vs, now), nil
		})
		return err
	})
	if err != nil {
		if errors.Is(err, errNotDue) {
			return 0, err
		}
		return 0, fmt.Errorf("close %s: %w", day, err)
	}
	s.log.Info("day closed", "day", day, "visits", n)
	return n, nil
}

// Anonymise turns the visits of day, closed at now, into facts: one per visit, in the
// same order, with the waits of visits still open ended at site.ClosedAt.
func Anonymise(site app.Site, day string, visits []app.Visit, now time.Time) []report.Fact {
	at := site.ClosedAt(day, visits, now)
	loc := site.Location()
	facts := make([]report.Fact, len(visits))
	for i, v := range visits {
		facts[i] = report.FromVisit(v, loc, at)
	}
	return facts
}

// tidy runs the steps after a close: fold facts past the retention, purge expired
// handoff short codes, scrub the file, write the backup. The close itself is committed whatever happens here; a failure is
// reported so staff can see that the backup is missing, and the next close tries again.
func (s *Service) tidy(ctx context.Context, site app.Site, res *CloseResult) error {
	before := site.Day(s.clock.Now().AddDate(0, 0, -site.RetentionDays))
	folded, err := s.store.FoldFacts(ctx, before)
	if err != nil {
		return fmt.Errorf("days closed, but folding facts before %s failed: %w", before, err)
	}
	res.Folded = folded
	purged, err := s.store.PurgeExpiredHandoffs(ctx, site.Day(s.clock.Now()))
	if err != nil {
		return fmt.Errorf("days closed, but purging expired handoff codes failed: %w", err)
	}
	if err := s.store.Scrub(ctx); err != nil {
		return fmt.Errorf("days closed, but scrubbing the file failed: %w", err)
	}
	last := res.Days[len(res.Days)-1].Day
	path, err := s.store.SaveBackup(ctx, last, s.backups)
	if err != nil {
		return fmt.Errorf("days closed, but the backup failed: %w", err)
	}
	res.Backup = path
	s.log.Info("after day close", "folded", folded, "expired_codes", purged, "backup", path)
	return nil
}

// ExportName returns the file name of a week's export: "skranke-demo-2026-W47.xlsx".
func ExportName(site string, week report.ISOWeek, format string) string {
	return fmt.Sprintf("skranke-%s-%s.%s", site, week, strings.ToLower(format))
}

// Export writes the week's report in format into the folder dir (a USB stick) under
// ExportName, and returns the path. The file appears whole or not at all: it is
// written to a temporary name, synced and renamed, so a stick pulled out too early
// holds no half file under the real name.
func (s *Service) Export(ctx context.Context, week report.ISOWeek, format, dir string) (string, error) {
	if s.write == nil {
		return "", errors.New("export: no writer configured")
	}
	r, err := s.Week(ctx, week)
	if err != nil {
		return "", err
	}
	site := s.Site()
	path := filepath.Join(dir, ExportName(site.ID, week, format))
	err = WriteFileAtomic(path, func(w io.Writer) error { return s.write(w, format, r, site.K) })
	if err != nil {
		return "", app.Errorf(app.EStorage, "export %s: %v", path, err)
	}
	s.log.Info("week exported", "week", week.String(), "format", format, "path", path)
	return path, nil
}

// WriteFileAtomic writes a file through write into a temporary file next to path,
// syncs it, renames it to path and syncs the folder, so path holds either the old
// content or all of the new.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. Windows cannot open a directory for syncing
// and does not need to, and some file systems refuse to sync one, so those failures
// are not errors.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}
