package screens

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"skranke/app"
	"skranke/i18n"
)

// siteForm edits the site settings that exist so far: name, tables (with their skills
// and languages), the languages and topics the kiosk shows, the first-name option,
// opening times, the retention of facts and the suppression threshold k. What it does
// not show (the id, the time zone, idle times, bonuses) it keeps as it was. It only
// collects: app.Site.Validate judges, and the coordinator service saves.
type siteForm struct {
	lang i18n.Lang
	base app.Site

	name      *widget.Entry
	tables    []*tableRow
	langs     *checkSet
	topics    *checkSet
	firstName *widget.Check
	openings  []*openingRow
	retention *widget.Entry
	k         *widget.Entry

	targets map[string]fyne.CanvasObject
}

type tableRow struct {
	id     int
	name   *widget.Entry
	skills *checkSet
	langs  *checkSet
}

type openingRow struct {
	day      *widget.Select
	from, to *widget.Entry
}

// checkSet is a grid of check boxes for a set of codes, labelled for people.
type checkSet struct {
	codes  []string
	checks []*widget.Check
}

func newCheckSet(codes, labels []string, on []string) *checkSet {
	cs := &checkSet{codes: codes}
	for i, code := range codes {
		ch := widget.NewCheck(labels[i], nil)
		ch.Checked = slices.Contains(on, code)
		cs.checks = append(cs.checks, ch)
	}
	return cs
}

func (cs *checkSet) selected() []string {
	var out []string
	for i, ch := range cs.checks {
		if ch.Checked {
			out = append(out, cs.codes[i])
		}
	}
	return out
}

func (cs *checkSet) grid(cols int, prefix string, targets map[string]fyne.CanvasObject) fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(cs.checks))
	for i, ch := range cs.checks {
		objs[i] = ch
		targets[prefix+cs.codes[i]] = ch
	}
	return container.NewGridWithColumns(cols, objs...)
}

// weekdays are the opening days in a Danish week's order.
var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func newSiteForm(l i18n.Lang, site app.Site) *siteForm {
	f := &siteForm{lang: l, base: site}
	f.name = widget.NewEntry()
	f.name.SetText(site.Name)
	for _, t := range site.Tables {
		f.tables = append(f.tables, f.newTable(t))
	}
	var langLabels []string
	for _, code := range app.Languages {
		langLabels = append(langLabels, i18n.Lookup(code).DanishName())
	}
	f.langs = newCheckSet(app.Languages, langLabels, site.Languages)
	var topicCodes, topicLabels, shown []string
	for _, id := range app.DefaultCatalogue().IDs() {
		if id == app.TopicOther {
			continue // always shown
		}
		topicCodes = append(topicCodes, string(id))
		topicLabels = append(topicLabels, l.T("coord.topic."+string(id)))
	}
	for _, id := range site.Topics {
		shown = append(shown, string(id))
	}
	f.topics = newCheckSet(topicCodes, topicLabels, shown)
	f.firstName = widget.NewCheck(l.T("coord.settings_first_name"), nil)
	f.firstName.Checked = site.AskFirstName
	for _, o := range site.Openings {
		f.openings = append(f.openings, f.newOpening(o))
	}
	f.retention = widget.NewEntry()
	f.retention.SetText(strconv.Itoa(site.RetentionDays))
	f.k = widget.NewEntry()
	f.k.SetText(strconv.Itoa(site.K))
	return f
}

func (f *siteForm) newTable(t app.Table) *tableRow {
	r := &tableRow{id: t.ID, name: widget.NewEntry()}
	r.name.SetText(t.Name)
	var skills, skillLabels []string
	for _, s := range app.Skills {
		skills = append(skills, string(s))
		skillLabels = append(skillLabels, f.lang.T("staff.skill."+string(s)))
	}
	var on []string
	for _, s := range t.Skills {
		on = append(on, string(s))
	}
	r.skills = newCheckSet(skills, skillLabels, on)
	var codes, labels []string
	for _, code := range app.Languages {
		if code == "da" {
			continue // every table speaks Danish
		}
		codes = append(codes, code)
		labels = append(labels, i18n.Lookup(code).DanishName())
	}
	r.langs = newCheckSet(codes, labels, t.Languages)
	return r
}

func (f *siteForm) newOpening(o app.Opening) *openingRow {
	var days []string
	for _, d := range weekdays {
		days = append(days, f.dayName(d))
	}
	r := &openingRow{day: widget.NewSelect(days, nil), from: widget.NewEntry(), to: widget.NewEntry()}
	r.day.Selected = f.dayName(o.Weekday)
	r.from.SetText(o.From)
	r.to.SetText(o.To)
	return r
}

func (f *siteForm) dayName(d time.Weekday) string {
	return f.lang.T("coord.day." + strings.ToLower(d.String()))
}

func (f *siteForm) heading(key string) fyne.CanvasObject {
	return scriptFor(f.lang).line(f.lang.T(key), sizeLarge, true, colInk)
}

func (f *siteForm) label(text string) fyne.CanvasObject {
	return container.NewVBox(layout.NewSpacer(), scriptFor(f.lang).line(text, sizeBody, false, colInk), layout.NewSpacer())
}

// build lays the form out; changed is called after a row is added or removed, to
// draw it again.
func (f *siteForm) build(changed func()) fyne.CanvasObject {
	f.targets = map[string]fyne.CanvasObject{"coord:set:name": f.name, "coord:set:first_name": f.firstName,
		"coord:set:retention": f.retention, "coord:set:k": f.k}
	box := container.NewVBox(
		f.heading("coord.settings_name"), container.NewHBox(container.NewStack(fixedWidth(480), f.name)),
		f.heading("coord.settings_tables"),
	)
	for i, t := range f.tables {
		id := strconv.Itoa(t.id)
		remove := widget.NewButton(f.lang.T("coord.settings_remove"), func() {
			f.tables = slices.Delete(f.tables, i, i+1)
			changed()
		})
		f.targets["coord:set:table:"+id+":name"] = t.name
		f.targets["coord:set:table:"+id+":remove"] = remove
		box.Add(card(container.NewVBox(
			container.NewHBox(f.label(f.lang.T("coord.settings_table")), container.NewStack(fixedWidth(200), t.name), layout.NewSpacer(), remove),
			f.label(f.lang.T("coord.settings_skills")), t.skills.grid(4, "coord:set:table:"+id+":skill:", f.targets),
			f.label(f.lang.T("coord.settings_speaks")), t.langs.grid(5, "coord:set:table:"+id+":lang:", f.targets),
		)))
	}
	addTable := widget.NewButton(f.lang.T("coord.settings_add_table"), func() {
		next := 1
		for _, t := range f.tables {
			next = max(next, t.id+1)
		}
		f.tables = append(f.tables, f.newTable(app.Table{ID: next, Name: strconv.Itoa(next)}))
		changed()
	})
	f.targets["coord:set:add_table"] = addTable
	box.Add(container.NewHBox(addTable))

	box.Add(f.heading("coord.settings_languages"))
	box.Add(f.langs.grid(5, "coord:set:lang:", f.targets))
	box.Add(f.heading("coord.settings_topics"))
	box.Add(f.topics.grid(4, "coord:set:topic:", f.targets))
	box.Add(f.firstName)

	box.Add(f.heading("coord.settings_openings"))
	for i, o := range f.openings {
		n := strconv.Itoa(i)
		remove := widget.NewButton(f.lang.T("coord.settings_remove"), func() {
			f.openings = slices.Delete(f.openings, i, i+1)
			changed()
		})
		f.targets["coord:set:opening:"+n+":day"] = o.day
		f.targets["coord:set:opening:"+n+":from"] = o.from
		f.targets["coord:set:opening:"+n+":to"] = o.to
		f.targets["coord:set:opening:"+n+":remove"] = remove
		box.Add(container.NewHBox(container.NewStack(fixedWidth(200), o.day), container.NewStack(fixedWidth(120), o.from),
			f.label("–"), container.NewStack(fixedWidth(120), o.to), remove))
	}
	addOpening := widget.NewButton(f.lang.T("coord.settings_add_opening"), func() {
		f.openings = append(f.openings, f.newOpening(app.Opening{Weekday: time.Monday, From: "12:00", To: "17:00"}))
		changed()
	})
	f.targets["coord:set:add_opening"] = addOpening
	box.Add(container.NewHBox(addOpening))

	box.Add(container.NewHBox(f.label(f.lang.T("coord.settings_retention")), container.NewStack(fixedWidth(120), f.retention)))
	box.Add(container.NewHBox(f.label(f.lang.T("coord.settings_k")), container.NewStack(fixedWidth(120), f.k)))
	return box
}

// site returns the site as the form has it. It fails only on a number that is not a
// number; everything else is for app.Site.Validate to judge.
func (f *siteForm) site() (app.Site, error) {
	s := f.base
	s.Name = strings.TrimSpace(f.name.Text)
	s.Tables = nil
	for _, t := range f.tables {
		tb := app.Table{ID: t.id, Name: strings.TrimSpace(t.name.Text), Languages: t.langs.selected()}
		for _, sk := range t.skills.selected() {
			tb.Skills = append(tb.Skills, app.Skill(sk))
		}
		s.Tables = append(s.Tables, tb)
	}
	s.Languages = f.langs.selected()
	s.Topics = nil
	for _, id := range f.topics.selected() {
		s.Topics = append(s.Topics, app.TopicID(id))
	}
	s.Topics = append(s.Topics, app.TopicOther)
	s.AskFirstName = f.firstName.Checked
	s.Openings = nil
	for _, o := range f.openings {
		day := time.Monday
		for _, d := range weekdays {
			if f.dayName(d) == o.day.Selected {
				day = d
			}
		}
		s.Openings = append(s.Openings, app.Opening{Weekday: day, From: strings.TrimSpace(o.from.Text), To: strings.TrimSpace(o.to.Text)})
	}
	var err error
	if s.RetentionDays, err = f.number(f.retention, "coord.settings_retention"); err != nil {
		return app.Site{}, err
	}
	if s.K, err = f.number(f.k, "coord.settings_k"); err != nil {
		return app.Site{}, err
	}
	return s, nil
}

func (f *siteForm) number(e *widget.Entry, key string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(e.Text))
	if err != nil {
		return 0, app.Errorf(app.EConfig, "%s", f.lang.T("coord.settings_number", f.lang.T(key)))
	}
	return n, nil
}
