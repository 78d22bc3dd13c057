package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"skranke/app"
	"skranke/store"
)

func TestBackup(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	s, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	site, err := s.SiteOrDefault(ctx)
	if err != nil {
		t.Fatal(err)
	}
	q := app.NewQueueService(s, site, app.SystemClock{})
	if _, err := q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"call"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	t.Run("OK", func(t *testing.T) {
		restored := t.TempDir()
		out := filepath.Join(restored, store.FileName)
		os.WriteFile(out, []byte("an older backup"), 0o600)
		var stdout bytes.Buffer
		if err := run(ctx, []string{"backup", "--data", data, "--out", out}, nil, &stdout, &stdout); err != nil {
			t.Fatalf("backup: %v", err)
		}
		if entries, _ := os.ReadDir(restored); len(entries) != 1 {
			t.Errorf("got %d files beside the backup, want none (no temporary file left)", len(entries)-1)
		}
		// Restoring is putting the file in a data directory: it opens and checks out.
		stdout.Reset()
		if err := run(ctx, []string{"check", "--data", restored}, nil, &stdout, &stdout); err != nil {
			t.Fatalf("check of the restored backup: %v\n%s", err, stdout.String())
		}
		if !strings.Contains(stdout.String(), "1 visits") {
			t.Errorf("check of the restored backup says %q, want the one visit", stdout.String())
		}
	})
	t.Run("ErrNoOut", func(t *testing.T) {
		err := run(ctx, []string{"backup", "--data", data}, nil, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "--out") {
			t.Errorf("got %v, want a usage error naming --out", err)
		}
	})
	t.Run("ErrNoDatabase", func(t *testing.T) {
		empty := t.TempDir()
		err := run(ctx, []string{"backup", "--data", empty, "--out", filepath.Join(empty, "b.db")}, nil, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), empty) {
			t.Errorf("got %v, want an error naming %s", err, empty)
		}
		if _, err := os.Stat(filepath.Join(empty, store.FileName)); err == nil {
			t.Error("backup created a database where there was none")
		}
	})
	t.Run("ErrLocked", func(t *testing.T) {
		s, err := store.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		out := filepath.Join(t.TempDir(), "b.db")
		err = run(ctx, []string{"backup", "--data", data, "--out", out}, nil, &bytes.Buffer{}, &bytes.Buffer{})
		if app.ErrorCode(err) != app.ELocked {
			t.Errorf("got %v, want an %s error while the kiosk holds the file", err, app.ELocked)
		}
		if _, err := os.Stat(out); err == nil {
			t.Error("a failed backup left a file")
		}
	})
}
