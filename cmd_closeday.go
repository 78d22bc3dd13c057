package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"

	"skranke/app"
	"skranke/app/coord"
)

// runCloseDay is `skranke close-day`, for scripts: close the days that are due, as the
// kiosk does at start and every minute, or with --today also today, whoever is still in
// the queue, as the coordinator's button does.
func runCloseDay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("close-day", flag.ContinueOnError)
	data := fs.String("data", defaultDataDir(), "data directory")
	today := fs.Bool("today", false, "also close today, even with visitors still in the queue")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	d, err := openData(ctx, *data, app.SystemClock{}, quietLog(stderr))
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := d.coord.CloseDue(ctx)
	if err != nil {
		return err
	}
	if *today {
		t, err := d.coord.CloseToday(ctx)
		if err != nil {
			return err
		}
		res = coord.CloseResult{Days: append(res.Days, t.Days...), Folded: res.Folded + t.Folded, Backup: cmp.Or(t.Backup, res.Backup)}
	}
	if len(res.Days) == 0 {
		fmt.Fprintln(stdout, "no day to close")
		return nil
	}
	for _, day := range res.Days {
		fmt.Fprintf(stdout, "closed %s: %d visits\n", day.Day, day.Visits)
	}
	if res.Folded > 0 {
		fmt.Fprintf(stdout, "folded %d facts past the retention into weekly figures\n", res.Folded)
	}
	if res.Backup != "" {
		fmt.Fprintf(stdout, "backup: %s\n", res.Backup)
	}
	return nil
}
