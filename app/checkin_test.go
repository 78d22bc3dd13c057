package app_test

import (
	"strings"
	"testing"
	"time"

	"skranke/app"
)

func TestCheckInValidate(t *testing.T) {
	cat := app.DefaultCatalogue()
	site := app.DefaultSite()
	site.Topics = []app.TopicID{"post", "mitid", "job"}
	tests := []struct {
		name string
		in   app.CheckIn
		want string // error code, "" for none
	}{
		{"OK", app.CheckIn{Lang: "ar", Topics: []app.TopicID{"post"}, Answers: map[app.QuestionID]app.Answer{"post_deadline": app.Yes}}, ""},
		{"OKOtherAlwaysShown", app.CheckIn{Lang: "da", Topics: []app.TopicID{"other"}}, ""},
		{"OKSkippedQuestions", app.CheckIn{Lang: "en", Topics: []app.TopicID{"post", "mitid"}}, ""},
		{"ErrNoTopic", app.CheckIn{Lang: "da"}, app.ENoTopic},
		{"ErrUnknownTopic", app.CheckIn{Lang: "da", Topics: []app.TopicID{"weather"}}, app.EUnknownTopic},
		{"ErrTopicNotShown", app.CheckIn{Lang: "da", Topics: []app.TopicID{"housing"}}, app.EUnknownTopic},
		{"ErrTopicTwice", app.CheckIn{Lang: "da", Topics: []app.TopicID{"post", "post"}}, app.EUnknownTopic},
		{"ErrUnknownLanguage", app.CheckIn{Lang: "xx", Topics: []app.TopicID{"post"}}, app.EUnknownLanguage},
		{"ErrForeignAnswer", app.CheckIn{Lang: "da", Topics: []app.TopicID{"post"}, Answers: map[app.QuestionID]app.Answer{"mitid_chip": app.Yes}}, app.EForeignAnswer},
		{"ErrBadAnswer", app.CheckIn{Lang: "da", Topics: []app.TopicID{"post"}, Answers: map[app.QuestionID]app.Answer{"post_deadline": "maybe"}}, app.EBadAnswer},
		{"ErrLongName", app.CheckIn{Lang: "da", Topics: []app.TopicID{"post"}, FirstName: strings.Repeat("a", app.MaxFirstName+1)}, app.ETooLong},
		{"ErrNameWithNewline", app.CheckIn{Lang: "da", Topics: []app.TopicID{"post"}, FirstName: "Ali\n1234567890"}, app.ETooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := app.ErrorCode(tt.in.Validate(cat, site)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUrgent(t *testing.T) {
	cat := app.DefaultCatalogue()
	tests := []struct {
		name    string
		topics  []app.TopicID
		answers map[app.QuestionID]app.Answer
		want    bool
	}{
		{"DeadlineYes", []app.TopicID{"post"}, map[app.QuestionID]app.Answer{"post_deadline": app.Yes}, true},
		{"DeadlineNo", []app.TopicID{"post"}, map[app.QuestionID]app.Answer{"post_deadline": app.No}, false},
		{"DeadlineDontKnow", []app.TopicID{"post"}, map[app.QuestionID]app.Answer{"post_deadline": app.DontKnow}, false},
		{"ResidenceCardExpires", []app.TopicID{"residence"}, map[app.QuestionID]app.Answer{"residence_expiry": app.Yes}, true},
		{"ChipYesIsNotUrgent", []app.TopicID{"mitid"}, map[app.QuestionID]app.Answer{"mitid_chip": app.Yes}, false},
		{"CitizenYesIsNotUrgent", []app.TopicID{"passport"}, map[app.QuestionID]app.Answer{"passport_citizen": app.Yes}, false},
		{"Skipped", []app.TopicID{"job"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (app.CheckIn{Topics: tt.topics, Answers: tt.answers}).Urgent(cat); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// The catalogue is DESIGN.md §5: twelve topics, each with a skill and a typical time,
// "other" last, and the questions and things to have ready of the table.
func TestCatalogue(t *testing.T) {
	cat := app.DefaultCatalogue()
	if len(cat) != 12 {
		t.Fatalf("got %d topics, want 12", len(cat))
	}
	if cat[len(cat)-1].ID != app.TopicOther {
		t.Errorf("last topic is %s, want other", cat[len(cat)-1].ID)
	}
	withQuestions := 0
	for _, tp := range cat {
		if tp.Minutes <= 0 || tp.Skill == "" {
			t.Errorf("%s: minutes %d, skill %q", tp.ID, tp.Minutes, tp.Skill)
		}
		if len(tp.Ready) == 0 && tp.ID != app.TopicOther {
			t.Errorf("%s has nothing to have ready", tp.ID)
		}
		if len(tp.Questions) > 0 {
			withQuestions++
		}
	}
	if withQuestions != 7 {
		t.Errorf("%d topics ask a question, want 7 (post, mitid, job, cv, passport, residence, money)", withQuestions)
	}
	// Ask: urgent questions first, at most three, each once.
	qs := app.Ask(cat, []app.TopicID{"mitid", "post", "money", "job", "cv"})
	if len(qs) != app.MaxQuestions {
		t.Fatalf("asked %d questions, want %d", len(qs), app.MaxQuestions)
	}
	for _, q := range qs {
		if !q.Urgent {
			t.Errorf("asked %s before an urgent question", q.ID)
		}
	}
	if got := cat.SkillOf([]app.TopicID{"call", "residence"}); got != app.SkillResidency {
		t.Errorf("skill of call+residence: got %s, want residency", got)
	}
	if got := cat.SkillOf([]app.TopicID{"other"}); got != app.SkillGeneral {
		t.Errorf("skill of other: got %s, want general", got)
	}
}

func TestSiteValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*app.Site)
		ok     bool
	}{
		{"OK", func(*app.Site) {}, true},
		{"ErrZone", func(s *app.Site) { s.TimeZone = "Europe/Nowhere" }, false},
		{"ErrLanguage", func(s *app.Site) { s.Languages = []string{"da", "klingon"} }, false},
		{"ErrNoLanguages", func(s *app.Site) { s.Languages = nil }, false},
		{"ErrTopic", func(s *app.Site) { s.Topics = []app.TopicID{"weather"} }, false},
		{"ErrTableID", func(s *app.Site) { s.Tables = append(s.Tables, app.Table{ID: 1}) }, false},
		{"ErrSkill", func(s *app.Site) { s.Tables[0].Skills = []app.Skill{"magic"} }, false},
		{"ErrOpening", func(s *app.Site) { s.Openings = []app.Opening{{From: "17:00", To: "12:00"}} }, false},
		{"ErrIdle", func(s *app.Site) { s.IdleSeconds = 2 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := app.DefaultSite()
			tt.change(&s)
			err := s.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("got %v, want ok=%v", err, tt.ok)
			}
			if err != nil && app.ErrorCode(err) != app.EConfig {
				t.Errorf("got code %s, want %s", app.ErrorCode(err), app.EConfig)
			}
		})
	}
}

// Days follow the site's midnight, not UTC's.
func TestSiteDay(t *testing.T) {
	s := app.DefaultSite()
	loc := s.Location()
	late := time.Date(2026, 11, 23, 23, 30, 0, 0, loc)
	if got := s.Day(late); got != "2026-11-23" {
		t.Errorf("got %s, want 2026-11-23", got)
	}
	if got := s.Day(late.Add(time.Hour)); got != "2026-11-24" {
		t.Errorf("got %s, want 2026-11-24", got)
	}
}
