package app

import (
	"errors"
	"fmt"
)

// Error codes are stable strings: screens translate them into a calm message in the
// reader's language, logs and the command line show them as they are.
const (
	ENoTopic         = "no_topic"           // a check-in without any topic
	EUnknownTopic    = "unknown_topic"      // a topic id that is not in the catalogue or not shown at the site
	EUnknownLanguage = "unknown_language"   // a language the site does not offer
	EForeignAnswer   = "foreign_answer"     // an answer to a question none of the chosen topics asks
	EBadAnswer       = "bad_answer"         // an answer value that is not yes, no or don't know
	ETooLong         = "too_long"           // a first name or other text over its limit
	ENotFound        = "not_found"          // a visit, table or code that does not exist
	EIllegal         = "illegal_transition" // a queue step that the visit's state does not allow
	ENoneWaiting     = "none_waiting"       // call next with nobody waiting
	EUnknownTable    = "unknown_table"      // a table that is not configured
	EStorage         = "storage"            // the disk refused: full, read-only, corrupt
	ELocked          = "locked"             // the data directory is in use by another Skranke
	EConfig          = "config"             // a bad site configuration
	EInternal        = "internal"           // anything else; details are in the log
)

// Error is a failure the user can act on. Code selects the translated message a screen
// shows; Message carries the detail for staff and the log.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// Errorf returns an *Error with the given code and a formatted detail message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for any
// other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}
