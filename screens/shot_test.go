package screens

import (
	"os"
	"testing"
)

// TestScreenshotLanguages writes Welcome, Topics, Questions and Ticket in Arabic, Urdu
// and Tigrinya to SKRANKE_SHOTS, for the README and for a person to look at.
func TestScreenshotLanguages(t *testing.T) {
	if os.Getenv("SKRANKE_SHOTS") == "" {
		t.Skip("set SKRANKE_SHOTS to write screenshots")
	}
	for _, code := range []string{"ar", "ur", "ti"} {
		r := MustKiosk(t, kioskSD, demoSite())
		r.tap("lang:" + code)
		r.tap("topic:residence")
		r.tap("topic:post")
		r.capture("topics-" + code)
		r.tap("nav:next")
		r.tap("answer:residence_expiry:yes")
		r.capture("questions-" + code)
		r.tap("nav:ticket")
		r.capture("ticket-" + code)
	}
}
