package assets_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"skranke/assets"
)

// languages is app.Languages, written out so this test does not depend on the domain.
var languages = []string{"da", "en", "ar", "tr", "fa", "fa-AF", "ckb", "so", "ur", "uk", "ti", "pl"}

// endonyms are the language names on the welcome screen, each drawn in its own
// language's font.
var endonyms = map[string]string{
	"da": "Dansk", "en": "English", "ar": "العربية", "tr": "Türkçe", "fa": "فارسی",
	"fa-AF": "دری", "ckb": "کوردی", "so": "Soomaali", "ur": "اردو", "uk": "Українська",
	"ti": "ትግርኛ", "pl": "Polski",
}

const (
	latin   = "Dansk English Türkçe Soomaali Polski Українська ÆØÅæøå ĞğİıŞşÇçÖöÜü ĄąĆćĘęŁłŃńÓóŚśŹźŻż ҐґЄєІіЇїʼ"
	digits  = "0123456789"
	punct   = "( ) : - . , ! ? % / – “ ” «» … € № → ←"
	arabic  = "العربية فارسی دری کوردی اردو ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ؟ ، ٪ ؛"
	marks   = "\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"
	sorani  = "ڕڵۆێە"
	ethiopi = "ትግርኛ ፡ ።"
)

// family names the font FontFor must return for each language.
var family = map[string]string{
	"da": "Sans", "en": "Sans", "tr": "Sans", "so": "Sans", "uk": "Sans", "pl": "Sans",
	"ar": "Arabic", "fa": "Arabic", "fa-AF": "Arabic", "ckb": "Arabic",
	"ur": "Nastaliq", "ti": "Ethiopic",
}

// needs lists what each family must draw: every font the Latin and Cyrillic text,
// digits, punctuation and bidi marks that any line may mix in; the script fonts their
// script as well.
var needs = map[string]string{
	"Sans":     latin + digits + punct + marks,
	"Arabic":   latin + digits + punct + marks + arabic + sorani,
	"Nastaliq": latin + digits + punct + marks + arabic,
	"Ethiopic": latin + digits + punct + marks + ethiopi,
}

func TestFontFor(t *testing.T) {
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			regular, bold := assets.FontFor(lang)
			want := "Skranke" + family[lang]
			if regular.Name() != want+"-Regular.ttf" || bold.Name() != want+"-Bold.ttf" {
				t.Errorf("got %s and %s, want %s", regular.Name(), bold.Name(), want)
			}
			if r2, b2 := assets.FontFor(lang); r2 != regular || b2 != bold {
				t.Error("got new resources on a second call; Fyne would parse the font again")
			}
			for _, res := range []fyne.Resource{regular, bold} {
				if missing := missingRunes(res, endonyms[lang]); missing != "" {
					t.Errorf("%s lacks %q of its endonym %q", res.Name(), missing, endonyms[lang])
				}
			}
		})
	}
	for _, lang := range []string{"ar-EG", "ps", "am", "en-GB", "not a tag", ""} {
		regular, _ := assets.FontFor(lang)
		t.Logf("%q → %s", lang, regular.Name())
	}
	if r, _ := assets.FontFor("not a tag"); r.Name() != "SkrankeSans-Regular.ttf" {
		t.Errorf("unknown tag: got %s, want the Latin font", r.Name())
	}
}

func TestFontCovers(t *testing.T) {
	for _, name := range []string{"Sans", "Arabic", "Nastaliq", "Ethiopic"} {
		for _, weight := range []string{"Regular", "Bold"} {
			res := fontNamed(t, "Skranke"+name+"-"+weight+".ttf")
			t.Run(res.Name(), func(t *testing.T) {
				if missing := missingRunes(res, needs[name]); missing != "" {
					t.Errorf("missing %q", missing)
				}
			})
		}
	}
	sans, _ := assets.FontFor("da")
	if assets.FontCovers(sans, 'ع') {
		t.Error("the Latin font covers ع: the test cannot tell covered from not")
	}
	if assets.FontCovers(fyne.NewStaticResource("x.ttf", []byte("not a font")), 'a') {
		t.Error("a resource that is not a font covers a")
	}
}

func TestLineHeightScale(t *testing.T) {
	for _, c := range []struct {
		lang     string
		min, max float32
	}{
		{"da", 1, 1}, {"uk", 1, 1}, {"ti", 1, 1.05},
		{"ar", 1.4, 1.7}, {"fa", 1.4, 1.7}, {"ckb", 1.4, 1.7},
		{"ur", 1.7, 2},
	} {
		if got := assets.LineHeightScale(c.lang); got < c.min || got > c.max {
			t.Errorf("%s: got %.2f, want %.2f–%.2f", c.lang, got, c.min, c.max)
		}
	}
}

// TestFontFiles keeps the embedded fonts small and the licence beside them.
func TestFontFiles(t *testing.T) {
	const limit = 1500 << 10
	err := filepath.WalkDir("fonts", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > limit {
			t.Errorf("%s is %d KiB, over %d KiB", path, info.Size()>>10, limit>>10)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"OFL.txt", "README.md"} {
		if _, err := os.Stat(filepath.Join("fonts", f)); err != nil {
			t.Error(err)
		}
	}
}

func fontNamed(t *testing.T, name string) fyne.Resource {
	t.Helper()
	for _, lang := range languages {
		regular, bold := assets.FontFor(lang)
		for _, res := range []fyne.Resource{regular, bold} {
			if res.Name() == name {
				return res
			}
		}
	}
	t.Fatalf("no language uses %s", name)
	return nil
}

func missingRunes(res fyne.Resource, s string) string {
	var missing strings.Builder
	for _, r := range s {
		if r != ' ' && !assets.FontCovers(res, r) {
			fmt.Fprintf(&missing, "%c", r)
		}
	}
	return missing.String()
}
