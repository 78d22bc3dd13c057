package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"skranke/app"
	"skranke/assets"
)

// questionsScreen asks the few yes / no / don't know questions that matter for the
// chosen topics. Every question can be left unanswered.
type questionsScreen struct {
	k       *Kiosk
	answers map[app.QuestionID][]*choice // yes, no, don't know
	next    *choice
	hint    *fyne.Container
}

var answerOrder = []app.Answer{app.Yes, app.No, app.DontKnow}

func (q *questionsScreen) build() fyne.CanvasObject {
	k := q.k
	k.newTargets()
	q.answers = map[app.QuestionID][]*choice{}
	q.hint = container.NewStack()
	rows := container.NewVBox()
	for _, qu := range k.toAsk() {
		rows.Add(q.row(qu))
	}
	back := k.navButton("nav:back", "back", "nav.back", false, k.backToTopics)
	q.next = k.navButton("nav:ticket", "done", "nav.ticket", true, k.checkIn)
	return k.page(k.header("questions.title", "questions.hint"), container.NewBorder(nil, q.hint, nil, nil, rows), k.navBar(back, nil, q.next))
}

// row is one question: its text, and three answer buttons that work like radio
// buttons; tapping the chosen answer again clears it.
func (q *questionsScreen) row(qu app.Question) fyne.CanvasObject {
	k := q.k
	s := scriptFor(k.lang)
	key := "question." + string(qu.ID)
	text := container.NewVBox(newPara(s, k.lang.T(key), sizeLarge, true, colInk, 560))
	if !k.lang.IsSource() {
		d := newPara(scriptFor(danishLang), danishLang.T(key), sizeSmall, false, colInkSoft, 560)
		d.align = s.align()
		text.Add(d)
	}
	var buttons []fyne.CanvasObject
	for _, a := range answerOrder {
		akey := "answer." + string(a)
		sub := ""
		if !k.lang.IsSource() {
			sub = danishLang.T(akey)
		}
		c := newChoice("answer:"+string(qu.ID)+":"+string(a), assets.Pictogram(string(a)), k.lang.T(akey), sub, s, func() {
			k.touched()
			if k.answers[qu.ID] == a {
				delete(k.answers, qu.ID)
			} else {
				k.answers[qu.ID] = a
			}
			q.refreshRow(qu.ID)
		})
		c.toggle = true
		c.iconSize = 56
		c.minSize = fyne.NewSize(200, minTarget)
		k.register(c.id, c)
		q.answers[qu.ID] = append(q.answers[qu.ID], c)
		buttons = append(buttons, c)
	}
	q.refreshRow(qu.ID)
	if k.lang.RTL() {
		buttons = mirrorRows(buttons, len(buttons))
		return container.NewPadded(container.NewBorder(nil, nil, container.NewHBox(buttons...), nil, text))
	}
	return container.NewPadded(container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), text))
}

func (q *questionsScreen) refreshRow(id app.QuestionID) {
	for i, c := range q.answers[id] {
		c.setSelected(q.k.answers[id] == answerOrder[i])
	}
}

func (q *questionsScreen) notice(key string) {
	q.hint.Objects = []fyne.CanvasObject{noticeBox(q.k, key)}
	q.hint.Refresh()
}

func (q *questionsScreen) setBusy(on bool) { q.next.Hidden = on; q.next.Refresh() }
