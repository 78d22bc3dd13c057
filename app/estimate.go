package app

import "time"

// Estimate returns the expected wait for a visit that needs skill, given the visits
// waiting ahead of it: the sum of their expected handling times for the tables that
// can take this skill, divided by how many such tables there are (DESIGN.md §6). Visits
// whose skill none of those tables covers are not counted. It reports false when no
// table is configured, because then there is nothing to say.
//
// expected may override the catalogue's typical minutes per topic with what the site
// has measured.
func Estimate(ahead []Visit, skill Skill, tables []Table, cat Catalogue, expected map[TopicID]int) (time.Duration, bool) {
	var serving []Table
	for _, t := range tables {
		if t.Covers(skill) {
			serving = append(serving, t)
		}
	}
	if len(serving) == 0 {
		serving = tables // any table takes any skill when none matches
	}
	if len(serving) == 0 {
		return 0, false
	}
	total := 0
	for _, v := range ahead {
		if v.State != StateWaiting {
			continue
		}
		for _, t := range serving {
			if t.Covers(v.Skill) {
				total += cat.Minutes(v.Topics, expected)
				break
			}
		}
	}
	return time.Duration(total) * time.Minute / time.Duration(len(serving)), true
}

// RoundWait rounds a wait to what a person is told: to 5 minutes, and at least 5 when
// anyone is ahead.
func RoundWait(d time.Duration) int {
	m := int((d + 150*time.Second) / (5 * time.Minute) * 5)
	if m == 0 && d > 0 {
		m = 5
	}
	return m
}
