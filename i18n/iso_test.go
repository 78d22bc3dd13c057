package i18n_test

import (
	"testing"

	"skranke/i18n"
)

// A left-to-right isolate keeps a time range or a code in reading order inside a
// right-to-left line, and moves as one unit.
func TestBidiIsolate(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"TimeRange", "اليوم " + i18n.Isolate("12:00–17:00") + " · هنا",
			"\u202e · هنا\u202c\u202d12:00–17:00\u202c\u202eاليوم \u202c"},
		{"Code", "الرمز: " + i18n.Isolate("8WX3-27F8"),
			"\u202d8WX3-27F8\u202c\u202eالرمز: \u202c"},
		{"LTRLineUnchanged", "Today " + i18n.Isolate("12:00–17:00"), "Today 12:00–17:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rtl := tt.name != "LTRLineUnchanged"
			if got := i18n.VisualDir(tt.in, rtl); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
