// Package i18n holds Skranke's messages in every language it speaks, and what the
// screens need to show them right: endonyms, plural rules, native digits and text
// direction. Translations live in one human-editable TOML file per language under
// locales/, embedded in the binary and loaded into a golang.org/x/text message
// catalogue.
//
// The language is a value (Lang) handed to each screen, never a global: the resident's
// screens follow the visitor while the staff console stays in the staff's language.
package i18n

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed locales/*.toml
var localeFS embed.FS

// Source is the language every message is first written in and the fallback for a
// message a translation lacks.
const Source = "da"

// File is one language's translation file as it is written on disk.
type File struct {
	Meta struct {
		Tag     string `toml:"tag"`
		Endonym string `toml:"endonym"`
		// DanishName is the language's name in Danish, for the counsellor.
		DanishName string `toml:"danish_name"`
		Reviewed   bool   `toml:"reviewed"`
		Reviewer   string `toml:"reviewer"`
		Note       string `toml:"note"`
	} `toml:"meta"`
	Messages map[string]string            `toml:"messages"`
	Plurals  map[string]map[string]string `toml:"plurals"`
}

// Lang is a language a screen speaks. The zero value is not usable; get one from
// Lookup.
type Lang struct {
	l *lang
}

type lang struct {
	code    string
	tag     language.Tag
	file    File
	printer *message.Printer
}

// catalogue is every language that loaded, and what went wrong with those that did
// not. One broken file costs its own language, never the others.
type catalogue struct {
	langs  map[string]*lang
	errors []error
}

var load = sync.OnceValue(func() catalogue {
	files, errs := readFiles()
	c := catalogue{langs: map[string]*lang{}, errors: errs}
	src, ok := files[Source]
	if !ok {
		c.errors = append(c.errors, fmt.Errorf("no usable %s.toml: the source language is missing", Source))
		return c
	}
	b := catalog.NewBuilder(catalog.Fallback(language.Danish))
	for code, f := range files {
		tag, err := language.Parse(code)
		if err != nil {
			c.errors = append(c.errors, fmt.Errorf("locale %s: %w", code, err))
			continue
		}
		// A message missing here comes from the parent language (Dari from Farsi), then
		// from the source; so a resident never sees a key.
		chain := []File{f}
		if p, ok := files[parentOf(code)]; ok && parentOf(code) != code {
			chain = append(chain, p)
		}
		chain = append(chain, src)
		var failed error
		for _, key := range keysOf(src) {
			if err := setMessage(b, tag, key, chain); err != nil {
				failed = fmt.Errorf("locale %s, message %s: %w", code, key, err)
				break
			}
		}
		if failed != nil {
			c.errors = append(c.errors, failed)
			continue
		}
		c.langs[code] = &lang{code: code, tag: tag, file: f}
	}
	for _, l := range c.langs {
		// Numbers inside messages are written in Western digits in every language;
		// native digits are shown beside ticket numbers on purpose (Digits).
		printTag, err := l.tag.SetTypeForKey("nu", "latn")
		if err != nil {
			printTag = l.tag
		}
		l.printer = message.NewPrinter(printTag, message.Catalog(b))
	}
	return c
})

// LoadErrors returns what went wrong loading the translation files; a language whose
// file has an error is left out, and the kiosk logs these at start.
func LoadErrors() []error { return load().errors }

func setMessage(b *catalog.Builder, tag language.Tag, key string, chain []File) error {
	for _, f := range chain {
		if m, ok := f.Messages[key]; ok {
			return b.SetString(tag, key, m)
		}
		if forms, ok := f.Plurals[key]; ok {
			var cases []any
			for _, form := range pluralForms {
				if m, ok := forms[form]; ok {
					cases = append(cases, form, m)
				}
			}
			return b.Set(tag, key, plural.Selectf(1, "%d", cases...))
		}
	}
	return fmt.Errorf("no message in any fallback")
}

// pluralForms are CLDR's plural categories, in the order x/text tries them; "other" must
// come last.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// ReadFiles reads every embedded translation file, keyed by language tag. Tests use it
// to check the files themselves, before fallbacks fill gaps. It fails on the first bad
// file.
func ReadFiles() (map[string]File, error) {
	files, errs := readFiles()
	if len(errs) > 0 {
		return nil, errs[0]
	}
	if _, ok := files[Source]; !ok {
		return nil, fmt.Errorf("no %s.toml: the source language is missing", Source)
	}
	return files, nil
}

// readFiles reads every file it can and reports the others.
func readFiles() (map[string]File, []error) {
	entries, err := localeFS.ReadDir("locales")
	if err != nil {
		return nil, []error{err}
	}
	files := map[string]File{}
	var errs []error
	for _, e := range entries {
		var f File
		name := path.Join("locales", e.Name())
		data, err := localeFS.ReadFile(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		md, err := toml.Decode(string(data), &f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		// A misspelt table or field would otherwise be ignored and the language would
		// quietly fall back to Danish.
		if und := md.Undecoded(); len(und) > 0 {
			errs = append(errs, fmt.Errorf("%s: unknown keys %v", name, und))
			continue
		}
		code := strings.TrimSuffix(e.Name(), ".toml")
		if f.Meta.Tag != code {
			errs = append(errs, fmt.Errorf("%s: meta.tag is %q, want %q", name, f.Meta.Tag, code))
			continue
		}
		files[code] = f
	}
	return files, errs
}

func keysOf(f File) []string {
	keys := make([]string, 0, len(f.Messages)+len(f.Plurals))
	for k := range f.Messages {
		keys = append(keys, k)
	}
	for k := range f.Plurals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func parentOf(code string) string {
	if i := strings.IndexByte(code, '-'); i > 0 {
		return code[:i]
	}
	return code
}

// Lookup returns the language with the given BCP 47 tag. An unknown tag gives Danish,
// so a stale configuration never leaves a screen without words.
func Lookup(code string) Lang {
	c := load()
	if l, ok := c.langs[code]; ok {
		return Lang{l}
	}
	if l, ok := c.langs[Source]; ok {
		return Lang{l}
	}
	// The embedded files are checked by tests; without even Danish this is a build
	// defect, and no screen could say anything.
	panic(fmt.Sprintf("i18n: no usable source language: %v", c.errors))
}

// Known reports whether there is a translation file for code.
func Known(code string) bool {
	_, ok := load().langs[code]
	return ok
}

// Codes returns the tags of every language with a translation file, sorted.
func Codes() []string {
	langs := load().langs
	codes := make([]string, 0, len(langs))
	for c := range langs {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// Keys returns every message key, from the source language.
func Keys() []string {
	files, err := ReadFiles()
	if err != nil {
		return nil
	}
	return keysOf(files[Source])
}

// Code returns the language's BCP 47 tag, as stored in visits.
func (l Lang) Code() string { return l.l.code }

// Tag returns the language's x/text tag.
func (l Lang) Tag() language.Tag { return l.l.tag }

// Endonym returns the language's name in itself ("العربية"), as the language grid shows it.
func (l Lang) Endonym() string { return l.l.file.Meta.Endonym }

// DanishName returns the language's name in Danish ("Arabisk"), shown small under
// the endonym for the staff.
func (l Lang) DanishName() string { return l.l.file.Meta.DanishName }

// Reviewed reports whether a native speaker has reviewed the translation.
func (l Lang) Reviewed() bool { return l.l.file.Meta.Reviewed }

// IsSource reports whether l is the staff's language (Danish); bilingual screens then
// show it once.
func (l Lang) IsSource() bool { return l.l.code == Source }

// T returns the message for key in l, with args filled in. Numbers in the message are
// written in Western digits (ticket numbers and times are also shown in native digits
// separately, see Digits).
func (l Lang) T(key string, args ...any) string {
	return l.l.printer.Sprintf(key, args...)
}

// Has reports whether key exists.
func (l Lang) Has(key string) bool {
	_, inMsgs := l.l.file.Messages[key]
	_, inPlurals := l.l.file.Plurals[key]
	return inMsgs || inPlurals
}

// RTL reports whether the language is written right to left.
func (l Lang) RTL() bool {
	d, _ := l.l.tag.Base()
	switch d.String() {
	case "ar", "fa", "ckb", "ur", "he", "ps":
		return true
	}
	return false
}

// native digit zeros per language; languages not listed use Western digits only.
var digitZero = map[string]rune{
	"ar":    '٠', // Arabic-Indic
	"ckb":   '٠',
	"fa":    '۰', // Extended Arabic-Indic
	"fa-AF": '۰',
	"ur":    '۰',
}

// Digits returns s with Western digits replaced by the language's native digits, and
// false when the language writes Western digits anyway.
func (l Lang) Digits(s string) (string, bool) {
	zero, ok := digitZero[l.l.code]
	if !ok {
		return s, false
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return zero + (r - '0')
		}
		return r
	}, s), true
}
