package screens

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"skranke/app"
	"skranke/assets"
)

// topicsPerPage is how many topics a page shows besides "something else", which is on
// every page: nine choices at most on one screen (DESIGN.md §3).
const topicsPerPage = 8

// topicsScreen lets the resident pick one or more topics by their pictures.
type topicsScreen struct {
	k       *Kiosk
	page    int
	choices []*choice
	next    *choice
	more    *choice
	hint    *fyne.Container
	body    *fyne.Container
}

// shownTopics returns the topics the site offers, in catalogue order, without "other".
func (k *Kiosk) shownTopics() []app.Topic {
	var ts []app.Topic
	for _, t := range k.cat {
		if t.ID != app.TopicOther && k.site.ShowsTopic(t.ID) {
			ts = append(ts, t)
		}
	}
	return ts
}

func (t *topicsScreen) pages() int {
	n := len(t.k.shownTopics())
	return max(1, (n+topicsPerPage-1)/topicsPerPage)
}

func (t *topicsScreen) build() fyne.CanvasObject {
	k := t.k
	k.newTargets()
	t.body = container.NewStack()
	t.hint = container.NewStack()
	back := k.navButton("nav:back", "back", "nav.back", false, k.reset)
	t.next = k.navButton("nav:next", "next", "nav.next", true, k.afterTopics)
	var more fyne.CanvasObject
	if t.pages() > 1 {
		t.more = k.navButton("nav:more", "next", "topics.more", false, t.onMore)
		more = t.more
	}
	t.fill()
	return k.page(k.header("topics.title", "topics.hint"), container.NewBorder(nil, t.hint, nil, nil, t.body), k.navBar(back, more, t.next))
}

// fill shows the current page of topics.
func (t *topicsScreen) fill() {
	k := t.k
	shown := k.shownTopics()
	from := t.page * topicsPerPage
	to := min(from+topicsPerPage, len(shown))
	page := append(slices.Clone(shown[from:to]), app.Topic{ID: app.TopicOther})
	for id := range k.targets {
		if len(id) > 6 && id[:6] == "topic:" {
			delete(k.targets, id)
		}
	}
	t.choices = t.choices[:0]
	var cells []fyne.CanvasObject
	for _, tp := range page {
		id := tp.ID
		key := "topic." + string(id)
		sub := ""
		if !k.lang.IsSource() {
			sub = danishLang.T(key)
		}
		var c *choice
		c = newChoice("topic:"+string(id), assets.Pictogram(string(id)), k.lang.T(key), sub, scriptFor(k.lang), func() {
			c.setSelected(k.toggleTopic(id))
			t.hint.Objects = nil
			t.hint.Refresh()
		})
		c.toggle = true
		c.textSize = sizeBody + 2
		c.selected = slices.Contains(k.topics, id)
		c.minSize = fyne.NewSize(300, 128)
		k.register(c.id, c)
		t.choices = append(t.choices, c)
		cells = append(cells, c)
	}
	if k.lang.RTL() {
		cells = mirrorRows(cells, 3)
	}
	t.body.Objects = []fyne.CanvasObject{container.New(newRowGrid(3), cells...)}
	t.body.Refresh()
}

// onMore shows the next page of topics (and after the last, the first again).
func (t *topicsScreen) onMore() {
	t.page = (t.page + 1) % t.pages()
	t.fill()
}

// hintNeedTopic asks, gently, for at least one picture.
func (t *topicsScreen) hintNeedTopic() { t.notice("error.no_topic") }

func (t *topicsScreen) notice(key string) {
	t.hint.Objects = []fyne.CanvasObject{noticeBox(t.k, key)}
	t.hint.Refresh()
}

func (t *topicsScreen) setBusy(on bool) { t.next.Hidden = on; t.next.Refresh() }

// noticeBox is a calm message on a pale background, in the resident's language with
// Danish under it.
func noticeBox(k *Kiosk, key string) fyne.CanvasObject {
	bg := canvas.NewRectangle(colNotice)
	bg.CornerRadius = 10
	bg.StrokeColor, bg.StrokeWidth = colBorder, 2
	box := container.NewVBox(newPara(scriptFor(k.lang), k.lang.T(key), sizeBody, true, colInk, 1000).centered())
	if !k.lang.IsSource() {
		box.Add(newPara(scriptFor(danishLang), danishLang.T(key), sizeSmall, false, colInkSoft, 1000).centered())
	}
	return container.NewStack(bg, container.NewPadded(box))
}

// mirrorRows reverses each row of a grid with cols columns, so a right-to-left reader
// finds the first item at the top right. Short last rows are padded so their items
// line up under the columns they belong to.
func mirrorRows(cells []fyne.CanvasObject, cols int) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i := 0; i < len(cells); i += cols {
		row := slices.Clone(cells[i:min(i+cols, len(cells))])
		for len(row) < cols {
			row = append(row, canvas.NewRectangle(colBackground))
		}
		slices.Reverse(row)
		out = append(out, row...)
	}
	return out
}
