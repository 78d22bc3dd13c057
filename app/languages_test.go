package app_test

import (
	"slices"
	"testing"

	"skranke/app"
)

func TestOrderLanguages(t *testing.T) {
	shown := []string{"da", "en", "ar", "tr", "so"}
	tests := []struct {
		name   string
		chosen map[string]int
		want   []string
	}{
		{"NoHistoryKeepsSiteOrder", nil, []string{"da", "en", "ar", "tr", "so"}},
		{"MostChosenFirst", map[string]int{"so": 40, "ar": 55, "da": 10}, []string{"ar", "so", "da", "en", "tr"}},
		{"TiesKeepSiteOrder", map[string]int{"tr": 7, "en": 7}, []string{"en", "tr", "da", "ar", "so"}},
		{"LanguagesNotShownIgnored", map[string]int{"ur": 99, "tr": 1}, []string{"tr", "da", "en", "ar", "so"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := app.OrderLanguages(shown, tt.chosen); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
