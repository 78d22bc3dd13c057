package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// rowGrid lays objects out in a grid with a fixed number of columns of equal width,
// like Fyne's grid, but each row is only as tall as its tallest cell needs. Fyne's grid
// makes every row as tall as the tallest cell of all, so one two-line label in Nastaliq
// would push the whole grid off a 768-pixel screen. Space left over is shared equally
// by the rows.
type rowGrid struct{ cols int }

func newRowGrid(cols int) fyne.Layout { return rowGrid{cols: cols} }

func (g rowGrid) rows(objects []fyne.CanvasObject) [][]fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	for i := 0; i < len(objects); i += g.cols {
		rows = append(rows, objects[i:min(i+g.cols, len(objects))])
	}
	return rows
}

func rowHeight(row []fyne.CanvasObject) float32 {
	h := float32(0)
	for _, o := range row {
		if o.Visible() {
			h = max(h, o.MinSize().Height)
		}
	}
	return h
}

func (g rowGrid) MinSize(objects []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	rows := g.rows(objects)
	w, h := float32(0), float32(0)
	for _, row := range rows {
		for _, o := range row {
			w = max(w, o.MinSize().Width)
		}
		h += rowHeight(row)
	}
	if len(rows) > 1 {
		h += pad * float32(len(rows)-1)
	}
	return fyne.NewSize(w*float32(g.cols)+pad*float32(g.cols-1), h)
}

func (g rowGrid) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	rows := g.rows(objects)
	if len(rows) == 0 {
		return
	}
	cellW := (size.Width - pad*float32(g.cols-1)) / float32(g.cols)
	need := float32(0)
	for _, row := range rows {
		need += rowHeight(row)
	}
	extra := (size.Height - pad*float32(len(rows)-1) - need) / float32(len(rows))
	extra = max(extra, 0)
	y := float32(0)
	for _, row := range rows {
		h := rowHeight(row) + extra
		for i, o := range row {
			o.Move(fyne.NewPos(float32(i)*(cellW+pad), y))
			o.Resize(fyne.NewSize(cellW, h))
		}
		y += h + pad
	}
}
