package handoff_test

import (
	"bytes"
	"image"
	_ "image/png"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	goqr "github.com/skip2/go-qrcode"

	"skranke/app/handoff"
)

// TestQR renders codes as the kiosk does (error correction Medium), reads the PNG back
// with an independent decoder and checks the symbol stays small enough to scan from a
// phone screen or a receipt. The longest site id is the worst case.
func TestQR(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	tests := []struct {
		name string
		site string
	}{
		{name: "Demo", site: "demo"},
		{name: "Typical", site: "tingbjerg"},
		{name: "LongestSite", site: "abcdefghijklmnop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleContext()
			c.Site = tt.site
			text := MustSeal(t, kr, c)
			q, err := goqr.New(text, goqr.Medium)
			if err != nil {
				t.Fatalf("qr encode: %v", err)
			}
			png, err := q.PNG(256)
			if err != nil {
				t.Fatalf("png: %v", err)
			}
			t.Logf("site %q: %d characters, QR version %d (%d×%d modules), PNG %d bytes",
				tt.site, len(text), q.VersionNumber, 17+4*q.VersionNumber, 17+4*q.VersionNumber, len(png))
			if q.VersionNumber > 5 {
				t.Errorf("QR version: got %d, want at most 5", q.VersionNumber)
			}

			img, _, err := image.Decode(bytes.NewReader(png))
			if err != nil {
				t.Fatalf("decode png: %v", err)
			}
			bmp, err := gozxing.NewBinaryBitmapFromImage(img)
			if err != nil {
				t.Fatalf("bitmap: %v", err)
			}
			res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
			if err != nil {
				t.Fatalf("qr decode: %v", err)
			}
			if got := res.GetText(); got != text {
				t.Fatalf("qr text: got %q, want %q", got, text)
			}
			got, err := handoff.Open(kr, res.GetText(), c.Issued)
			if err != nil || got.Site != tt.site {
				t.Fatalf("open scanned code: got %+v, %v, want site %q", got, err, tt.site)
			}
		})
	}
}
