package screens

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Golden images of Welcome and Ticket in Arabic, Urdu and Tigrinya, drawn with the
// bundled fonts only. The picture is the point here: right-to-left order, mirrored
// layout, Nastaliq line height, Ethiopic glyphs. When one changes on purpose, look at
// testdata/failed/, then copy it over the master.
func TestGoldenScripts(t *testing.T) {
	for _, code := range []string{"ar", "ur", "ti"} {
		t.Run(code, func(t *testing.T) {
			r := MustKiosk(t, kioskSD, demoSite())
			r.k.welcome.showPrivacy(slices.Index(r.k.welcome.shown, code))
			test.AssertImageMatches(t, "welcome-"+code+".png", r.w.Canvas().Capture())
			r.tap("lang:" + code)
			r.tap("topic:residence")
			r.tap("nav:next")
			r.tap("answer:residence_expiry:yes")
			r.tap("nav:ticket")
			r.wantScreen(ScreenTicket)
			test.AssertImageMatches(t, "ticket-"+code+".png", r.w.Canvas().Capture())
		})
	}
}
