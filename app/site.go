package app

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Languages lists the BCP 47 tags of the languages Skranke can serve a resident in,
// in the default order of the language grid. Danish comes first: it is the staff's
// language and the fallback.
var Languages = []string{"da", "en", "ar", "tr", "fa", "fa-AF", "ckb", "so", "ur", "uk", "ti", "pl"}

// Table is a counsellor's table: where a called visitor goes.
type Table struct {
	ID   int    `json:"id" toml:"id"`
	Name string `json:"name" toml:"name"`
	// Skills the counsellor at the table covers. Empty means any.
	Skills []Skill `json:"skills" toml:"skills"`
	// Languages the counsellor speaks besides Danish.
	Languages []string `json:"languages" toml:"languages"`
}

// Covers reports whether the table is set up for skill s.
func (t Table) Covers(s Skill) bool { return len(t.Skills) == 0 || slices.Contains(t.Skills, s) }

// Speaks reports whether the counsellor at the table speaks lang.
func (t Table) Speaks(lang string) bool { return lang == "da" || slices.Contains(t.Languages, lang) }

// Opening is a weekly opening of a desk, in the site's local time.
type Opening struct {
	Weekday time.Weekday `json:"weekday" toml:"weekday"`
	From    string       `json:"from" toml:"from"` // "12:00"
	To      string       `json:"to" toml:"to"`     // "17:00"
}

// Site is a desk's configuration. It is edited by the coordinator and kept in the
// store; a TOML file can seed it.
type Site struct {
	ID   string `json:"id" toml:"id"`
	Name string `json:"name" toml:"name"`
	// TimeZone is an IANA zone name; days and ticket numbers follow its midnight.
	TimeZone  string    `json:"time_zone" toml:"time_zone"`
	Languages []string  `json:"languages" toml:"languages"`
	Topics    []TopicID `json:"topics" toml:"topics"`
	Tables    []Table   `json:"tables" toml:"tables"`
	Openings  []Opening `json:"openings" toml:"openings"`
	// OtherDesks are the municipality's other drop-in desks. A resident who must come
	// back may find another desk open sooner; the ticket and the follow-up code say
	// where and when (NextOpenings).
	OtherDesks []Desk `json:"other_desks,omitempty" toml:"other_desks"`
	// AskFirstName offers residents an optional first name, wiped at day close.
	AskFirstName bool `json:"ask_first_name" toml:"ask_first_name"`
	// IdleSeconds without a touch return the resident flow to Welcome.
	IdleSeconds int `json:"idle_seconds" toml:"idle_seconds"`
	// StaffIdleSeconds without a touch return a staff screen on the kiosk to Welcome.
	StaffIdleSeconds int `json:"staff_idle_seconds" toml:"staff_idle_seconds"`
	// UrgencyBonus and LanguageBonus are minutes added to a waiting visit's score.
	UrgencyBonus  int `json:"urgency_bonus" toml:"urgency_bonus"`
	LanguageBonus int `json:"language_bonus" toml:"language_bonus"`
	MaxRecalls    int `json:"max_recalls" toml:"max_recalls"`
	RetentionDays int `json:"retention_days" toml:"retention_days"`
	// K is the smallest count a report shows; smaller ones are suppressed.
	K int `json:"k" toml:"k"`
}

// DefaultSite is the site a data directory without configuration gets, so the very
// first start needs no set-up.
func DefaultSite() Site {
	return Site{
		ID:        "demo",
		Name:      "Beboerhuset",
		TimeZone:  "Europe/Copenhagen",
		Languages: slices.Clone(Languages),
		Topics:    DefaultCatalogue().IDs(),
		Tables: []Table{
			{ID: 1, Name: "1", Skills: []Skill{SkillDigital, SkillMoney, SkillGeneral}, Languages: []string{"en", "ar"}},
			{ID: 2, Name: "2", Skills: []Skill{SkillJob, SkillGeneral}, Languages: []string{"en", "so"}},
			{ID: 3, Name: "3", Skills: []Skill{SkillResidency, SkillFamily, SkillHousing, SkillGeneral}, Languages: []string{"en", "fa", "fa-AF", "ur"}},
		},
		Openings:         []Opening{{Weekday: time.Monday, From: "12:00", To: "17:00"}},
		IdleSeconds:      45,
		StaffIdleSeconds: 60,
		UrgencyBonus:     20,
		LanguageBonus:    10,
		MaxRecalls:       2,
		RetentionDays:    90,
		K:                5,
	}
}

// Validate reports the first thing wrong with the configuration as an EConfig error.
func (s Site) Validate() error {
	bad := func(format string, args ...any) error { return Errorf(EConfig, format, args...) }
	if strings.TrimSpace(s.ID) == "" {
		return bad("site id is empty")
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil {
		return bad("time zone %q: %v", s.TimeZone, err)
	}
	if len(s.Languages) == 0 {
		return bad("no languages shown")
	}
	for _, l := range s.Languages {
		if !slices.Contains(Languages, l) {
			return bad("unknown language %q (known: %s)", l, strings.Join(Languages, ", "))
		}
	}
	cat := DefaultCatalogue()
	for _, t := range s.Topics {
		if _, ok := cat.Topic(t); !ok {
			return bad("unknown topic %q", t)
		}
	}
	ids := map[int]bool{}
	for _, t := range s.Tables {
		if t.ID <= 0 || ids[t.ID] {
			return bad("table id %d is not a unique positive number", t.ID)
		}
		ids[t.ID] = true
		for _, sk := range t.Skills {
			if !slices.Contains(Skills, sk) {
				return bad("table %d: unknown skill %q", t.ID, sk)
			}
		}
		for _, l := range t.Languages {
			if !slices.Contains(Languages, l) {
				return bad("table %d: unknown language %q (known: %s)", t.ID, l, strings.Join(Languages, ", "))
			}
		}
	}
	for _, o := range s.Openings {
		from, err1 := time.Parse("15:04", o.From)
		to, err2 := time.Parse("15:04", o.To)
		if err1 != nil || err2 != nil || !from.Before(to) {
			return bad("opening %s %s–%s is not a valid time range", o.Weekday, o.From, o.To)
		}
	}
	if err := validateDesks(s.OtherDesks); err != nil {
		return err
	}
	if s.IdleSeconds < 10 || s.StaffIdleSeconds < 10 {
		return bad("idle timeouts must be at least 10 seconds")
	}
	if s.K < 1 || s.RetentionDays < 1 || s.MaxRecalls < 0 || s.UrgencyBonus < 0 || s.LanguageBonus < 0 {
		return bad("k, retention, recalls and bonuses must not be negative")
	}
	return nil
}

// Location returns the site's time zone, or UTC if it cannot be loaded (Validate
// reports that case).
func (s Site) Location() *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Day returns the site-local date of t as "2006-01-02": the key of a day's visits and
// the scope of its ticket numbers.
func (s Site) Day(t time.Time) string { return t.In(s.Location()).Format(time.DateOnly) }

// ShowsTopic reports whether the site offers topic id; "other" is always offered.
func (s Site) ShowsTopic(id TopicID) bool { return id == TopicOther || slices.Contains(s.Topics, id) }

// Table returns the table with the given id.
func (s Site) Table(id int) (Table, error) {
	for _, t := range s.Tables {
		if t.ID == id {
			return t, nil
		}
	}
	return Table{}, Errorf(EUnknownTable, "table %d is not configured", id)
}

// String returns a short human description for logs.
func (t Table) String() string { return fmt.Sprintf("table %d (%s)", t.ID, t.Name) }
