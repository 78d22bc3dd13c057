package app

import "slices"

// Skill is what a table must be able to do to help with a topic.
type Skill string

// The skills of DESIGN.md §5.
const (
	SkillDigital   Skill = "digital"
	SkillJob       Skill = "job"
	SkillResidency Skill = "residency"
	SkillMoney     Skill = "money"
	SkillFamily    Skill = "family"
	SkillHousing   Skill = "housing"
	SkillGeneral   Skill = "general"
)

// Skills lists every skill in a fixed order.
var Skills = []Skill{SkillDigital, SkillJob, SkillResidency, SkillMoney, SkillFamily, SkillHousing, SkillGeneral}

// TopicID names a topic. It is stable: it is stored, exported and carried in handoff codes.
type TopicID string

// ItemID names a thing to have ready ("the letter", "MitID"). Each has a pictogram and
// a translation.
type ItemID string

// QuestionID names a yes / no / don't know question.
type QuestionID string

// Question is a yes / no / don't know question asked after the topics are chosen.
type Question struct {
	ID QuestionID
	// Urgent marks the visit urgent when the answer is yes (a deadline within days,
	// a residence card about to expire).
	Urgent bool
}

// Topic is one thing a resident can ask for help with. Topics are data: screens draw
// them from the catalogue and i18n translates them by ID.
type Topic struct {
	ID    TopicID
	Skill Skill
	// Minutes is the typical handling time, the starting point for wait estimates.
	Minutes   int
	Ready     []ItemID
	Questions []Question
}

// TopicOther is the topic that is always shown: "something else".
const TopicOther TopicID = "other"

// Catalogue is the list of topics in display order.
type Catalogue []Topic

// DefaultCatalogue returns the topics of DESIGN.md §5.
func DefaultCatalogue() Catalogue {
	deadline := func(id QuestionID) []Question { return []Question{{ID: id, Urgent: true}} }
	return Catalogue{
		{ID: "post", Skill: SkillDigital, Minutes: 15, Ready: []ItemID{"letter", "phone", "mitid"}, Questions: deadline("post_deadline")},
		{ID: "mitid", Skill: SkillDigital, Minutes: 25, Ready: []ItemID{"passport", "phone_charged"}, Questions: []Question{{ID: "mitid_chip"}}},
		{ID: "job", Skill: SkillJob, Minutes: 20, Ready: []ItemID{"mitid", "job_list"}, Questions: deadline("job_deadline")},
		{ID: "cv", Skill: SkillJob, Minutes: 35, Ready: []ItemID{"job_ad", "old_cv", "diplomas"}, Questions: deadline("cv_deadline")},
		{ID: "passport", Skill: SkillResidency, Minutes: 20, Ready: []ItemID{"passport", "photo", "mitid"}, Questions: []Question{{ID: "passport_citizen"}}},
		{ID: "residence", Skill: SkillResidency, Minutes: 30, Ready: []ItemID{"residence_card", "passport", "decision_letter", "mitid", "pay_card"}, Questions: deadline("residence_expiry")},
		{ID: "money", Skill: SkillMoney, Minutes: 20, Ready: []ItemID{"mitid", "letter", "nemkonto"}, Questions: deadline("money_deadline")},
		{ID: "call", Skill: SkillGeneral, Minutes: 15, Ready: []ItemID{"phone", "case_number", "health_card"}},
		{ID: "family", Skill: SkillFamily, Minutes: 20, Ready: []ItemID{"cpr_cards", "club_name"}},
		{ID: "housing", Skill: SkillHousing, Minutes: 20, Ready: []ItemID{"mitid", "email", "pay_card"}},
		{ID: "apps", Skill: SkillDigital, Minutes: 15, Ready: []ItemID{"phone_charged"}},
		{ID: TopicOther, Skill: SkillGeneral, Minutes: 20},
	}
}

// Topic returns the topic with the given id.
func (c Catalogue) Topic(id TopicID) (Topic, bool) {
	for _, t := range c {
		if t.ID == id {
			return t, true
		}
	}
	return Topic{}, false
}

// Questions returns the questions the given topics ask, each once, in catalogue order.
func (c Catalogue) Questions(topics []TopicID) []Question {
	var qs []Question
	seen := map[QuestionID]bool{}
	for _, t := range c {
		if !containsTopic(topics, t.ID) {
			continue
		}
		for _, q := range t.Questions {
			if !seen[q.ID] {
				seen[q.ID] = true
				qs = append(qs, q)
			}
		}
	}
	return qs
}

// Ready returns the items to have ready for the given topics, each once, in catalogue order.
func (c Catalogue) Ready(topics []TopicID) []ItemID {
	var items []ItemID
	seen := map[ItemID]bool{}
	for _, t := range c {
		if !containsTopic(topics, t.ID) {
			continue
		}
		for _, it := range t.Ready {
			if !seen[it] {
				seen[it] = true
				items = append(items, it)
			}
		}
	}
	return items
}

// Items returns every item id the catalogue uses, each once.
func (c Catalogue) Items() []ItemID { return c.Ready(c.IDs()) }

// IDs returns the ids of all topics in order.
func (c Catalogue) IDs() []TopicID {
	ids := make([]TopicID, len(c))
	for i, t := range c {
		ids[i] = t.ID
	}
	return ids
}

// SkillOf returns the skill a visit with these topics needs: the skill of the first
// chosen topic that needs more than general help, else general.
func (c Catalogue) SkillOf(topics []TopicID) Skill {
	for _, t := range c {
		if containsTopic(topics, t.ID) && t.Skill != SkillGeneral {
			return t.Skill
		}
	}
	return SkillGeneral
}

// Minutes returns the expected handling time of a visit with these topics: the longest
// of its topics' typical times (one counsellor handles them together).
func (c Catalogue) Minutes(topics []TopicID, override map[TopicID]int) int {
	m := 0
	for _, id := range topics {
		t, ok := c.Topic(id)
		if !ok {
			continue
		}
		v := t.Minutes
		if o, ok := override[id]; ok && o > 0 {
			v = o
		}
		m = max(m, v)
	}
	return m
}

func containsTopic(ts []TopicID, id TopicID) bool {
	for _, t := range ts {
		if t == id {
			return true
		}
	}
	return false
}

// MaxQuestions is the most questions a resident is asked in one visit.
const MaxQuestions = 3

// Ask returns the questions to put to a resident who chose topics: those that mark
// urgency first, then the others, at most MaxQuestions, each once.
func Ask(c Catalogue, topics []TopicID) []Question {
	qs := c.Questions(topics)
	slices.SortStableFunc(qs, func(a, b Question) int {
		switch {
		case a.Urgent == b.Urgent:
			return 0
		case a.Urgent:
			return -1
		}
		return 1
	})
	if len(qs) > MaxQuestions {
		qs = qs[:MaxQuestions]
	}
	return qs
}
