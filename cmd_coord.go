package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"skranke/app"
	"skranke/app/coord"
	"skranke/export"
	"skranke/store"
)

// The coordinator's part of the program: day close at start and on a timer, and the
// subcommands export, merge, simulate and close-day (cmd_*.go).

// newCoord builds the coordinator service over a store and a queue.
func newCoord(s *store.Store, q *app.QueueService, clock app.Clock, log *slog.Logger) *coord.Service {
	return coord.New(coord.Config{Store: s, Queue: q, Clock: clock, Log: log, Write: export.Write, Formats: export.Formats})
}

// openCoord builds the coordinator service for the kiosk and closes the days that are
// due: at the first start on a later day, yesterday's visitors become facts before
// anyone sees the queue. A failed close is logged and does not keep the kiosk from
// starting; the timer tries again.
func (m *Main) openCoord(ctx context.Context) {
	m.coord = newCoord(m.store, m.queue, m.Clock, m.Log)
	m.closeDue(ctx)
}

func (m *Main) closeDue(ctx context.Context) {
	res, err := m.coord.CloseDue(ctx)
	if err != nil {
		m.Log.Error("day close", "err", err)
	}
	if len(res.Days) > 0 {
		m.Log.Info("days closed", "days", len(res.Days), "visits", res.Visits(), "folded", res.Folded, "backup", res.Backup)
	}
}

// startDayClose checks every interval, on a goroutine of its own, whether a day is
// due for closing (the desk's closing time has passed and the queue is empty, or
// midnight has). The function it returns stops the checks and waits for one under way
// to finish, so the store is not closed under it.
func (m *Main) startDayClose(ctx context.Context, interval time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if m.Demo {
			m.demoHistory(ctx)
		}
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				m.closeDue(ctx)
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// DemoWeeks is how much history the demo simulates for the coordinator's charts.
const DemoWeeks = 8

// demoHistory fills the demo's data directory with DemoWeeks of simulated history up to
// yesterday. It runs on the day-close goroutine after the window is up, because it
// commits some thousand transactions (a few seconds); the timer's first close waits for
// it, so the timer never closes a simulated day under the simulation.
func (m *Main) demoHistory(ctx context.Context) {
	start := time.Now()
	yesterday := m.Clock.Now().AddDate(0, 0, -1)
	last, err := m.site.Date(m.site.Day(yesterday))
	if err != nil {
		m.Log.Error("demo history", "err", err)
		return
	}
	st, err := simulate(ctx, m.store, m.site, last.AddDate(0, 0, 1-7*DemoWeeks), last, 1, m.Log)
	if err != nil {
		m.Log.Info("demo history not simulated", "reason", err)
		return
	}
	m.Log.Info("demo history simulated", "weeks", DemoWeeks, "openings", st.Openings, "visits", st.Visits, "took", time.Since(start).Round(time.Millisecond))
}

// cliData is a data directory opened for a subcommand: the store, the queue and the
// coordinator service over it.
type cliData struct {
	store *store.Store
	queue *app.QueueService
	coord *coord.Service
}

func openData(ctx context.Context, dir string, clock app.Clock, log *slog.Logger) (*cliData, error) {
	s, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	site, err := s.SiteOrDefault(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	q := app.NewQueueService(s, site, clock)
	return &cliData{store: s, queue: q, coord: newCoord(s, q, clock, log)}, nil
}

func (d *cliData) Close() error { return d.store.Close() }

// parseFlags parses a subcommand's flags. Errors come back as one line for main to
// print; -h prints the flags to stdout.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "Usage of skranke %s:\n", fs.Name())
		fs.PrintDefaults()
		return err
	}
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Name(), err)
	}
	return nil
}

// quietLog is the log of subcommands: warnings and errors only, on stderr.
func quietLog(stderr io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
