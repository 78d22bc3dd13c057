package app

import (
	"context"
	"time"
)

// CloseDay runs fn, which closes day in the store, while the queue holds its lock, so
// that no check-in, call or finish can land in the day half-way through its close. fn
// gets the queue clock's reading. When fn succeeds and day is the day the queue keeps
// in memory, the queue forgets it and reads it again on its next use: a closed day has
// no visits left, so the waiting list and the board come up empty instead of showing
// visitors the store no longer has. Subscribers then receive an EventDayClosed change.
//
// fn must not call the queue: it runs under the queue's lock.
func (q *QueueService) CloseDay(ctx context.Context, day string, fn func(now time.Time) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.clock.Now()
	if err := fn(now); err != nil {
		return err
	}
	if day == q.day {
		q.day, q.today = "", nil
	}
	q.publishLocked(Change{Event: Event{Kind: EventDayClosed, At: now}})
	return nil
}
