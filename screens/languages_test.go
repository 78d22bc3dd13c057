package screens

import (
	"image"
	"image/draw"
	"os"
	"path/filepath"
	"testing"
	"unicode"

	"skranke/app"
	"skranke/assets"
	"skranke/i18n"
)

// The whole resident flow runs in every language: Welcome, topics, a question answered,
// the ticket; the visit is stored in that language.
func TestFlowInEveryLanguage(t *testing.T) {
	for _, code := range app.Languages {
		t.Run(code, func(t *testing.T) {
			r := MustKiosk(t, kioskSD, demoSite())
			fits := func() {
				t.Helper()
				if min := r.k.Content().MinSize(); min.Width > kioskSD.Width || min.Height > kioskSD.Height {
					t.Errorf("%s needs %v, more than %v", r.k.Screen(), min, kioskSD)
				}
			}
			r.tap("lang:" + code)
			r.wantScreen(ScreenTopics)
			fits()
			r.tap("nav:more")
			fits()
			r.tap("nav:more")
			r.tap("topic:residence")
			r.tap("topic:post")
			r.tap("nav:next")
			r.wantScreen(ScreenQuestions)
			fits()
			r.tap("answer:residence_expiry:yes")
			r.tap("nav:ticket")
			r.wantScreen(ScreenTicket)
			fits()
			tk := r.k.ticket.t.Visit
			if tk.Lang != code || !tk.Urgent {
				t.Errorf("stored lang %s urgent %v, want %s and urgent", tk.Lang, tk.Urgent, code)
			}
		})
	}
}

// Every rune of every message a resident can see is in the font that language is drawn
// with, so a kiosk without system fonts shows no boxes.
func TestFontsCoverMessages(t *testing.T) {
	files, err := i18n.ReadFiles()
	if err != nil {
		t.Fatal(err)
	}
	for code, f := range files {
		regular, bold := assets.FontFor(code)
		var texts []string
		texts = append(texts, f.Meta.Endonym)
		for _, m := range f.Messages {
			texts = append(texts, m)
		}
		for _, forms := range f.Plurals {
			for _, m := range forms {
				texts = append(texts, m)
			}
		}
		missing := map[rune]bool{}
		for _, s := range texts {
			for _, r := range s {
				if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
					continue
				}
				if !assets.FontCovers(regular, r) || !assets.FontCovers(bold, r) {
					missing[r] = true
				}
			}
		}
		for r := range missing {
			t.Errorf("%s: %q (U+%04X) is not in its font", code, r, r)
		}
	}
	// The endonyms on Welcome are each drawn in their own language's font.
	for _, code := range app.Languages {
		regular, _ := assets.FontFor(code)
		for _, r := range i18n.Lookup(code).Endonym() {
			if !unicode.IsSpace(r) && !assets.FontCovers(regular, r) {
				t.Errorf("endonym of %s: %q not in its font", code, r)
			}
		}
	}
}

// contactSheet renders one resident screen in every language and tiles them into one
// picture, written to SKRANKE_SHEETS when set (make contact-sheets).
func TestContactSheets(t *testing.T) {
	dir := os.Getenv("SKRANKE_SHEETS")
	if dir == "" {
		t.Skip("set SKRANKE_SHEETS to a directory to write the contact sheets")
	}
	screens := []string{ScreenTopics, ScreenQuestions, ScreenTicket}
	shots := map[string][]image.Image{}
	for _, code := range app.Languages {
		r := MustKiosk(t, kioskSD, demoSite())
		r.tap("lang:" + code)
		r.tap("topic:residence")
		r.tap("topic:post")
		shots[ScreenTopics] = append(shots[ScreenTopics], r.w.Canvas().Capture())
		r.tap("nav:next")
		r.tap("answer:residence_expiry:yes")
		shots[ScreenQuestions] = append(shots[ScreenQuestions], r.w.Canvas().Capture())
		r.tap("nav:ticket")
		shots[ScreenTicket] = append(shots[ScreenTicket], r.w.Canvas().Capture())
	}
	r := MustKiosk(t, kioskSD, demoSite())
	writePNG(t, filepath.Join(dir, "welcome.png"), r.w.Canvas().Capture())
	for _, name := range screens {
		writePNG(t, filepath.Join(dir, name+".png"), tile(shots[name], 3, 0.5))
	}
}

// tile lays images out in a grid with cols columns, each scaled by scale.
func tile(imgs []image.Image, cols int, scale float64) image.Image {
	b := imgs[0].Bounds()
	w, h := int(float64(b.Dx())*scale), int(float64(b.Dy())*scale)
	rows := (len(imgs) + cols - 1) / cols
	out := image.NewRGBA(image.Rect(0, 0, w*cols, h*rows))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	for i, img := range imgs {
		x0, y0 := (i%cols)*w, (i/cols)*h
		sb := img.Bounds()
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out.Set(x0+x, y0+y, img.At(sb.Min.X+int(float64(x)/scale), sb.Min.Y+int(float64(y)/scale)))
			}
		}
	}
	return out
}

// The language grid follows the order it is given: the most chosen at the site first,
// from the top-left (Welcome is in no language yet, so it is not mirrored).
func TestLanguageGridOrder(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	order := app.OrderLanguages(demoSite().Languages, map[string]int{"so": 30, "ar": 50, "ti": 20})
	k := NewKiosk(KioskConfig{Queue: r.queue, Site: demoSite(), Clock: r.clock, LanguageOrder: order})
	var got []string
	for _, c := range k.welcome.langs {
		got = append(got, c.id)
	}
	want := []string{"lang:ar", "lang:so", "lang:ti", "lang:da", "lang:en"}
	if len(got) < len(want) {
		t.Fatalf("grid %v", got)
	}
	for i, id := range want {
		if got[i] != id {
			t.Errorf("cell %d is %s, want %s (grid %v)", i, got[i], id, got)
		}
	}
}
