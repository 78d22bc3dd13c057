package screens

import (
	"bytes"
	"image"
	_ "image/png" // the app icon
	"sync"

	"fyne.io/fyne/v2"
)

// decodedImages holds raster resources decoded once, by resource name.
var decodedImages sync.Map

// decoded returns a PNG resource's pixels, decoded the first time only. A
// canvas.Image made from the resource itself decodes it again for every new image
// object: Welcome's 512×512 icon cost a fresh megabyte on every return to Welcome,
// kept until Fyne drops the screen's objects a minute later (build/footprint measured
// it as the largest part of the kiosk's memory under a burst of check-ins).
func decoded(res fyne.Resource) image.Image {
	if img, ok := decodedImages.Load(res.Name()); ok {
		return img.(image.Image)
	}
	img, _, err := image.Decode(bytes.NewReader(res.Content()))
	if err != nil {
		fyne.LogError("decode "+res.Name(), err)
		img = image.NewNRGBA(image.Rect(0, 0, 1, 1))
	}
	decodedImages.Store(res.Name(), img)
	return img
}
