package app

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxFirstName is the longest optional first name a resident may give, in runes.
const MaxFirstName = 30

// CheckIn is what a resident chose at the kiosk.
type CheckIn struct {
	Lang    string
	Topics  []TopicID
	Answers map[QuestionID]Answer
	// FirstName is optional and only offered when the site asks for it.
	FirstName string
	// Returning is set when the resident came with a handoff code.
	Returning bool
}

// Validate checks a check-in against the catalogue and the site: at least one topic,
// every topic known and shown, a language the site offers, and answers only to
// questions that the chosen topics ask.
func (c CheckIn) Validate(cat Catalogue, site Site) error {
	if !slices.Contains(site.Languages, c.Lang) {
		return Errorf(EUnknownLanguage, "language %q is not offered here", c.Lang)
	}
	if len(c.Topics) == 0 {
		return Errorf(ENoTopic, "choose at least one topic")
	}
	for i, id := range c.Topics {
		if _, ok := cat.Topic(id); !ok || !site.ShowsTopic(id) {
			return Errorf(EUnknownTopic, "topic %q is not offered here", id)
		}
		if slices.Contains(c.Topics[:i], id) {
			return Errorf(EUnknownTopic, "topic %q chosen twice", id)
		}
	}
	asked := cat.Questions(c.Topics)
	for q, a := range c.Answers {
		if !slices.ContainsFunc(asked, func(x Question) bool { return x.ID == q }) {
			return Errorf(EForeignAnswer, "question %q does not belong to the chosen topics", q)
		}
		if a != Yes && a != No && a != DontKnow {
			return Errorf(EBadAnswer, "answer %q to %q", a, q)
		}
	}
	if utf8.RuneCountInString(c.FirstName) > MaxFirstName || strings.ContainsAny(c.FirstName, "\n\r\t") {
		return Errorf(ETooLong, "first name longer than %d characters or not one line", MaxFirstName)
	}
	return nil
}

// Urgent reports whether the answers make the visit urgent: a yes to a question that
// marks urgency (a deadline within 7 days, a residence card expiring within a month).
func (c CheckIn) Urgent(cat Catalogue) bool {
	for _, q := range cat.Questions(c.Topics) {
		if q.Urgent && c.Answers[q.ID] == Yes {
			return true
		}
	}
	return false
}
