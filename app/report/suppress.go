package report

import "slices"

// DefaultK is the suppression threshold of DESIGN.md §9: counts from 1 to 4 are
// shown as "<5".
const DefaultK = 5

// Suppressed returns the report as it may be published, with threshold k:
//
//   - Every count from 1 to k-1 is hidden (primary suppression), the visit total
//     included. Waiting and handling times keep only their median and 90th
//     percentile, and only from k measurements up: a median of three waits describes
//     three people.
//   - Within each dimension, if the hidden counts could be worked out from the
//     total (which is published, or nearly so for topics, where a visit may name more
//     than one), the smallest visible non-zero count is hidden too, and again until
//     none can (complementary suppression; see pinned). With one small cell this is
//     exactly "hide the next smallest"; it also catches two cells of 1 beside a
//     total that gives their sum away.
//   - Zero stays 0. A zero is nobody, so it discloses no one, and readers know many
//     zeros anyway (a closed day, a language not offered); hiding them would make
//     the report look as if someone came on Sunday, and a hidden zero used as a
//     complement would protect nothing for the same reason. The risk a zero does carry
//     — "everyone who came this week spoke Tigrinya" — is about a group, and it exists
//     whether or not the zeros are shown, since the one non-zero cell equals the
//     total.
//
// Hidden cells keep no count (Count is 0), and the minute histograms are dropped,
// so nothing a writer prints from the result can leak a small number. Dimensions are
// suppressed one at a time; the report has no cross tables that would need more.
//
// Called on a report already suppressed at k or more, it returns a copy. At a larger
// k it cannot know the hidden counts, so it hides every non-zero count: safe, if
// useless, and never done by Skranke itself.
func (r Report) Suppressed(k int) Report {
	k = max(k, 1)
	out := r.clone()
	if r.K != 0 {
		if k <= r.K {
			return out
		}
		out.K = k
		hideAll := func(c *Cell) {
			if c.Count > 0 || c.Hidden {
				*c = Cell{Key: c.Key, Hidden: true, Small: c.Small || c.Count < k}
			}
		}
		hideAll(&out.Visits)
		for i := range out.Dims {
			for j := range out.Dims[i].Cells {
				hideAll(&out.Dims[i].Cells[j])
			}
		}
		out.Waited, out.Handled = Minutes{Hidden: true}, Minutes{Hidden: true}
		return out
	}
	out.K = k
	hideSmall(&out.Visits, k)
	for i := range out.Dims {
		cells := out.Dims[i].Cells
		for j := range cells {
			hideSmall(&cells[j], k)
		}
		for pinned(cells, k) {
			j := smallestVisible(cells)
			if j < 0 {
				break // every non-zero count is hidden; nothing more to hide
			}
			cells[j].Hidden = true
		}
		for j := range cells {
			if cells[j].Hidden {
				cells[j].Count = 0
			}
		}
	}
	out.Waited, out.Handled = suppressMinutes(out.Waited, k), suppressMinutes(out.Handled, k)
	out.Visits = blank(out.Visits)
	return out
}

func hideSmall(c *Cell, k int) {
	if c.Count > 0 && c.Count < k {
		c.Hidden, c.Small = true, true
	}
}

func blank(c Cell) Cell {
	if c.Hidden {
		c.Count = 0
	}
	return c
}

// suppressMinutes keeps only the median and 90th percentile, and those only from k
// measurements up. The number of measurements goes too: the handled times are those
// of visits finished with an outcome, so their number is the sum of four outcome cells
// and would give away any of them that are hidden.
func suppressMinutes(m Minutes, k int) Minutes {
	if m.N < k {
		return Minutes{Hidden: true}
	}
	return Minutes{Median: m.Median, P90: m.P90}
}

// pinned reports whether a reader who knows the dimension's total, its visible
// cells and how Suppressed works could narrow a small hidden cell (one shown as "<k")
// down to a single value. The reader knows that the hidden cells add up to
// S = total − visible, that a "<k" cell is from 1 to k-1, and that an "x" cell is at
// least k and, being chosen smallest first, at most the smallest visible non-zero
// count v. So one "<k" cell lies between
//
//	lower = S − (n−1)(k−1) − m·v   and   upper = S − (n−1) − m·k
//
// clipped to [1, k−1], for n "<k" cells and m "x" cells. It is pinned when the two
// meet; the exception is k ≤ 2, where "<2" already says 1.
func pinned(cells []Cell, k int) bool {
	var sum, n, m int
	v := -1 // smallest visible non-zero count; -1 when there is none
	for _, c := range cells {
		switch {
		case c.Hidden:
			sum += c.Count
			if c.Small {
				n++
			} else {
				m++
			}
		case c.Count > 0 && (v < 0 || c.Count < v):
			v = c.Count
		}
	}
	if n == 0 {
		return false
	}
	upper := min(k-1, sum-(n-1)-m*k)
	lower := 1
	if m == 0 || v >= 0 {
		lower = max(1, sum-(n-1)*(k-1)-m*max(v, 0))
	}
	return lower >= upper && !(lower == 1 && upper == k-1)
}

// smallestVisible returns the index of the smallest visible non-zero cell, the first
// one on a tie, or -1.
func smallestVisible(cells []Cell) int {
	best := -1
	for i, c := range cells {
		if !c.Hidden && c.Count > 0 && (best < 0 || c.Count < cells[best].Count) {
			best = i
		}
	}
	return best
}

func (r Report) clone() Report {
	out := r
	out.Sites = slices.Clone(r.Sites)
	out.Dims = make([]Dimension, len(r.Dims))
	for i, d := range r.Dims {
		out.Dims[i] = Dimension{Name: d.Name, Cells: slices.Clone(d.Cells)}
	}
	out.Waited.Hist = slices.Clone(r.Waited.Hist)
	out.Handled.Hist = slices.Clone(r.Handled.Hist)
	return out
}
