// Package assets embeds Skranke's pictograms, fonts, sounds and app icon so the binary carries everything it shows.
package assets

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
)

// FallbackPictogram is the pictogram Pictogram returns for a name it does not know:
// "something else", a speech bubble with three dots.
const FallbackPictogram = "other"

//go:embed pictograms/*.svg
var pictogramFS embed.FS

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon, a 512x512 PNG.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)

// pictograms builds every pictogram resource once, keyed by name (the file name
// without ".svg").
var pictograms = sync.OnceValue(func() map[string]*fyne.StaticResource {
	files, err := fs.Glob(pictogramFS, "pictograms/*.svg")
	if err != nil {
		panic("assets: " + err.Error()) // the pattern is constant: cannot happen
	}
	m := make(map[string]*fyne.StaticResource, len(files))
	for _, f := range files {
		data, err := pictogramFS.ReadFile(f)
		if err != nil {
			panic("assets: " + err.Error())
		}
		name := strings.TrimSuffix(path.Base(f), ".svg")
		m[name] = &fyne.StaticResource{StaticName: "pictogram-" + name + ".svg", StaticContent: data}
	}
	if m[FallbackPictogram] == nil {
		panic("assets: fallback pictogram " + FallbackPictogram + ".svg is missing")
	}
	return m
})

// Pictogram returns the named pictogram (a topic id, a "have ready" item id, an answer
// or a UI name such as "back"), or the "other" pictogram if there is none by that name.
// It never returns nil, and returns the same resource each time for the same name.
func Pictogram(name string) fyne.Resource {
	m := pictograms()
	if r, ok := m[name]; ok {
		return r
	}
	return m[FallbackPictogram]
}

// HasPictogram reports whether there is a pictogram with this name.
func HasPictogram(name string) bool {
	_, ok := pictograms()[name]
	return ok
}

// Pictograms returns the names of all pictograms, sorted.
func Pictograms() []string {
	m := pictograms()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
