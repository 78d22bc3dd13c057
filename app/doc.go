// Package app is Skranke's domain: the types a drop-in advice desk talks about
// (visits, tickets, topics, tables, outcomes), the rules that govern them (the
// check-in use case, urgency, the queue's states and call-next ordering, wait
// estimates) and the service and repository interfaces that the rest of the
// program implements or calls.
//
// It imports only the standard library and golang.org/x (text, crypto). It never
// imports a UI toolkit or a database, so everything here is tested without a
// display and without a file; a test in this package enforces that.
package app
