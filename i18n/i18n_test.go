package i18n_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"skranke/app"
	"skranke/i18n"
)

// staffOnly reports whether key is a staff-console, board or coordinator message.
// Those are written in Danish and English only; every other key is read by residents
// and must be in every language.
func staffOnly(key string) bool {
	return strings.HasPrefix(key, "staff.") || strings.HasPrefix(key, "board.") || strings.HasPrefix(key, "coord.")
}

// staffLanguages are the languages that carry the staff-only messages.
var staffLanguages = []string{"da", "en"}

// MustReadFiles returns the translation files as written, before fallbacks fill gaps.
func MustReadFiles(tb testing.TB) map[string]i18n.File {
	tb.Helper()
	files, err := i18n.ReadFiles()
	if err != nil {
		tb.Fatalf("ReadFiles: %v", err)
	}
	return files
}

// MustLoad fails the test, with the loader's reason, when the catalogue does not
// build: Lookup would panic and take every other test down with it.
func MustLoad(tb testing.TB) {
	tb.Helper()
	defer func() {
		if r := recover(); r != nil {
			tb.Fatalf("the catalogue does not load: %v", r)
		}
	}()
	i18n.Lookup(i18n.Source)
}

func TestEveryLanguageHasAFile(t *testing.T) {
	files := MustReadFiles(t)
	MustLoad(t)
	for _, code := range app.Languages {
		if _, ok := files[code]; !ok {
			t.Errorf("%s: no locales/%s.toml", code, code)
		}
		if !i18n.Known(code) {
			t.Errorf("i18n.Known(%q) = false, want true", code)
		}
		if got := i18n.Lookup(code).Code(); got != code {
			t.Errorf("Lookup(%q).Code() = %q, want %q", code, got, code)
		}
	}
	for code := range files {
		if !slices.Contains(app.Languages, code) {
			t.Errorf("locales/%s.toml: %s is not in app.Languages", code, code)
		}
	}
}

func TestMeta(t *testing.T) {
	files := MustReadFiles(t)
	for code, f := range files {
		if f.Meta.DanishName == "" {
			t.Errorf("%s: meta.danish_name is empty", code)
		}
		if f.Meta.Reviewed && f.Meta.Reviewer == "" {
			t.Errorf("%s: reviewed = true but no reviewer is named", code)
		}
	}
}

// placeholder matches a fmt verb with an optional argument index and width; "%%" is
// matched too so that it can be skipped.
var placeholder = regexp.MustCompile(`%%|%(\[[0-9]+\])?[0-9]*[dsv]`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllString(s, -1) {
		if m != "%%" {
			out = append(out, m)
		}
	}
	return out
}

func TestEveryKeyInEveryLanguage(t *testing.T) {
	files := MustReadFiles(t)
	src := files[i18n.Source]
	for code, f := range files {
		if code == i18n.Source {
			continue
		}
		t.Run(code, func(t *testing.T) {
			staff := slices.Contains(staffLanguages, code)
			// Only resident messages are required; staff messages a staff language
			// lacks fall back to Danish, which the staff read anyway.
			for key, want := range src.Messages {
				if staffOnly(key) {
					if _, ok := f.Messages[key]; !ok {
						continue
					}
				}
				got, ok := f.Messages[key]
				if !ok {
					if _, isPlural := f.Plurals[key]; isPlural {
						t.Errorf("%s: a plural here, a plain message in %s.toml", key, i18n.Source)
					} else {
						t.Errorf("%s: missing", key)
					}
					continue
				}
				if strings.TrimSpace(got) == "" {
					t.Errorf("%s: empty", key)
				}
				if g, w := placeholders(got), placeholders(want); !slices.Equal(g, w) {
					t.Errorf("%s: placeholders %q, want %q (%q)", key, g, w, got)
				}
			}
			for key, wantForms := range src.Plurals {
				if staffOnly(key) {
					if _, ok := f.Plurals[key]; !ok {
						continue
					}
				}
				forms, ok := f.Plurals[key]
				if !ok {
					t.Errorf("%s: missing plural", key)
					continue
				}
				want := placeholders(wantForms["other"])
				for form, got := range forms {
					if g := placeholders(got); !slices.Equal(g, want) {
						t.Errorf("%s.%s: placeholders %q, want %q (%q)", key, form, g, want, got)
					}
				}
			}
			for key := range f.Messages {
				if _, ok := src.Messages[key]; !ok {
					t.Errorf("%s: not in %s.toml", key, i18n.Source)
				}
				if staffOnly(key) && !staff {
					t.Errorf("%s: a staff-only message, kept in %v only", key, staffLanguages)
				}
			}
			for key := range f.Plurals {
				if _, ok := src.Plurals[key]; !ok {
					t.Errorf("%s: plural not in %s.toml", key, i18n.Source)
				}
				if staffOnly(key) && !staff {
					t.Errorf("%s: a staff-only message, kept in %v only", key, staffLanguages)
				}
			}
		})
	}
}

var formNames = map[plural.Form]string{
	plural.Zero:  "zero",
	plural.One:   "one",
	plural.Two:   "two",
	plural.Few:   "few",
	plural.Many:  "many",
	plural.Other: "other",
}

// category returns CLDR's cardinal plural category of the integer n in tag.
func category(tag language.Tag, n int) string {
	return formNames[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
}

// neededForms returns the plural categories a language needs, from x/text's CLDR
// tables: every category an integer 0…1000 falls into, and always "other" (the
// category of fractions in Polish and Ukrainian, and x/text's last resort).
func neededForms(tag language.Tag) []string {
	seen := map[string]bool{"other": true}
	for i := 0; i <= 1000; i++ {
		seen[category(tag, i)] = true
	}
	var forms []string
	for _, name := range []string{"zero", "one", "two", "few", "many", "other"} {
		if seen[name] {
			forms = append(forms, name)
		}
	}
	return forms
}

func TestPluralForms(t *testing.T) {
	files := MustReadFiles(t)
	for code, f := range files {
		tag := language.MustParse(code)
		need := neededForms(tag)
		t.Run(code, func(t *testing.T) {
			for key, forms := range f.Plurals {
				var have []string
				for form := range forms {
					have = append(have, form)
				}
				for _, form := range need {
					if _, ok := forms[form]; !ok {
						t.Errorf("%s: no %q form; %s needs %v", key, form, code, need)
					}
				}
				for _, form := range have {
					if !slices.Contains(need, form) {
						t.Errorf("%s: form %q is not a CLDR category of %s, which needs %v", key, form, code, need)
					}
				}
			}
		})
	}
}

func TestPluralRendering(t *testing.T) {
	files := MustReadFiles(t)
	MustLoad(t)
	for code, f := range files {
		lang := i18n.Lookup(code)
		for key, forms := range f.Plurals {
			for _, n := range []int{0, 1, 2, 3, 5, 11, 100, 101} {
				got := lang.T(key, n)
				if strings.Contains(got, "%!") {
					t.Errorf("%s %s(%d) = %q: a formatting error", code, key, n, got)
				}
				// Compare in Western digits: this test is about choosing the right form.
				// Which digits T writes is TestTWritesWesternDigits's concern.
				western := toWestern(got)
				if !strings.Contains(western, strconv.Itoa(n)) {
					t.Errorf("%s %s(%d) = %q: the number is missing", code, key, n, got)
				}
				form := category(lang.Tag(), n)
				if want := fmt.Sprintf(forms[form], n); western != want {
					t.Errorf("%s %s(%d) = %q, want the %q form %q", code, key, n, got, form, want)
				}
			}
		}
	}
}

// TestTWritesWesternDigits holds T to its documented contract: numbers inside a
// message are written in Western digits, and native digits are added separately with
// Digits where a screen wants them.
func TestTWritesWesternDigits(t *testing.T) {
	files := MustReadFiles(t)
	MustLoad(t)
	for code, f := range files {
		lang := i18n.Lookup(code)
		for key := range f.Plurals {
			for _, n := range []int{0, 7, 25} {
				got := lang.T(key, n)
				if !strings.Contains(got, strconv.Itoa(n)) {
					t.Errorf("%s %s(%d) = %q: want %d in Western digits", code, key, n, got, n)
				}
			}
		}
	}
}

// toWestern maps Arabic-Indic and Extended Arabic-Indic digits to Western ones.
func toWestern(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		}
		return r
	}, s)
}

func TestEndonyms(t *testing.T) {
	MustLoad(t)
	want := map[string]string{
		"da":    "Dansk",
		"en":    "English",
		"ar":    "العربية",
		"tr":    "Türkçe",
		"fa":    "فارسی",
		"fa-AF": "دری",
		"ckb":   "کوردی",
		"so":    "Soomaali",
		"ur":    "اردو",
		"uk":    "Українська",
		"ti":    "ትግርኛ",
		"pl":    "Polski",
	}
	for _, code := range app.Languages {
		got := i18n.Lookup(code).Endonym()
		if got == "" {
			t.Errorf("%s: empty endonym", code)
		}
		if got != want[code] {
			t.Errorf("%s: endonym %q, want %q", code, got, want[code])
		}
	}
}

func TestDirectionAndDigits(t *testing.T) {
	MustLoad(t)
	rtl := []string{"ar", "fa", "fa-AF", "ckb", "ur"}
	digits := map[string]string{
		"ar":    "٠١٢٣٤٥٦٧٨٩", // Arabic-Indic
		"ckb":   "٠١٢٣٤٥٦٧٨٩",
		"fa":    "۰۱۲۳۴۵۶۷۸۹", // Extended Arabic-Indic
		"fa-AF": "۰۱۲۳۴۵۶۷۸۹",
		"ur":    "۰۱۲۳۴۵۶۷۸۹",
	}
	for _, code := range app.Languages {
		lang := i18n.Lookup(code)
		if got, want := lang.RTL(), slices.Contains(rtl, code); got != want {
			t.Errorf("%s: RTL() = %v, want %v", code, got, want)
		}
		got, native := lang.Digits("0123456789")
		want, wantNative := digits[code]
		if !wantNative {
			want = "0123456789"
		}
		if native != wantNative || got != want {
			t.Errorf("%s: Digits = %q, %v, want %q, %v", code, got, native, want, wantNative)
		}
	}
}

func TestNoFlags(t *testing.T) {
	files := MustReadFiles(t)
	check := func(code, where, s string) {
		for _, r := range s {
			if r >= 0x1F1E6 && r <= 0x1F1FF {
				t.Errorf("%s %s: a flag (regional indicator %U) in %q", code, where, r, s)
				return
			}
		}
	}
	for code, f := range files {
		check(code, "meta.endonym", f.Meta.Endonym)
		check(code, "meta.danish_name", f.Meta.DanishName)
		for key, m := range f.Messages {
			check(code, key, m)
		}
		for key, forms := range f.Plurals {
			for form, m := range forms {
				check(code, key+"."+form, m)
			}
		}
	}
}
