#!/bin/sh
# merge.sh regenerates the fonts in assets/fonts/ from Debian's fonts-noto-core.
#
# Why merged fonts: Fyne shapes text run by run and splits a run wherever the font
# changes. A right-to-left run split that way is laid out in the wrong order, so every
# language gets one font that covers its script together with Latin, digits and
# punctuation. See assets/fonts/README.md.
#
# Needs: apt-get install -y fonts-noto-core fonttools   (fontTools 4.38 tested)
# Usage: build/fonts/merge.sh [output-dir]   (default: assets/fonts beside this repo's build/)
set -eu

SRC=${NOTO_DIR:-/usr/share/fonts/truetype/noto}
# The interpreter that has fontTools (Debian's python3-fonttools), for the one step the
# fonttools command has no option for.
PY=${PYTHON:-/usr/bin/python3}
# Fixed timestamps in the head table, so the same sources give the same bytes.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
OUT=${1:-$(cd "$(dirname "$0")/../.." && pwd)/assets/fonts}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Code points taken from each source font. The sets are disjoint, so a merged font
# never has two glyphs for one code point and no font's glyph silently wins.
#   LATIN: Basic Latin, Latin-1, Latin Extended-A (Polish, Turkish), Romanian comma
#          letters, modifier apostrophe (Ukrainian), combining marks, Cyrillic with
#          Ukrainian Ґ, general punctuation (dashes, quotes, ZWNJ/ZWJ, the bidi marks and
#          controls), euro, hryvnia, numero, trade mark, BOM.
#   ARROWS: from Noto Sans Symbols (Noto Sans has none), for "17 → 2" on the board.
#   CIRCLE: the dotted circle the shaper shows under a stray combining mark; taken from
#           the script font, whose mark anchors fit it.
LATIN='U+0020-007E,U+00A0-017F,U+0218-021B,U+02BC,U+02C6-02C7,U+02D8-02DD,U+0300-036F,U+0400-045F,U+0490-0491,U+2000-206F,U+20AC,U+20B4,U+2116,U+2122,U+FEFF'
ARROWS='U+2190-2199'
CIRCLE='U+25CC'
ARABIC='U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFE'
ETHIOPIC='U+1200-139F,U+2D80-2DDF,U+AB00-AB2F'

# subset SOURCE UNICODES OUT: keep every OpenType feature (Arabic and Nastaliq need far
# more than fontTools' default list) and drop TrueType hinting (Fyne's rasterizer does
# not use it; it is a third of the file).
subset() {
	fonttools subset "$SRC/$1" --unicodes="$2" --layout-features='*' --no-hinting \
		--name-IDs='*' --name-languages='*' --output-file="$3"
}

for w in Regular Bold; do
	subset "NotoSans-$w.ttf" "$LATIN" "$TMP/latin-$w.ttf"
	subset "NotoSans-$w.ttf" "$LATIN,$CIRCLE" "$TMP/latin-circle-$w.ttf"
	subset "NotoSansSymbols-$w.ttf" "$ARROWS" "$TMP/arrows-$w.ttf"
	# Noto Sans Symbols has much taller vertical metrics than Noto Sans; merged as they
	# are they would make every line 50% taller. Give the arrows Noto Sans's metrics.
	"$PY" - "$TMP/arrows-$w.ttf" "$SRC/NotoSans-$w.ttf" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
font, ref = TTFont(sys.argv[1]), TTFont(sys.argv[2])
for tag, names in (("hhea", ("ascent", "descent", "lineGap")),
                   ("OS/2", ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent", "usWinDescent"))):
    for name in names:
        setattr(font[tag], name, getattr(ref[tag], name))
font.save(sys.argv[1])
PYEOF
	subset "NotoSansArabic-$w.ttf" "$ARABIC,$CIRCLE" "$TMP/arabic-$w.ttf"
	subset "NotoNastaliqUrdu-$w.ttf" "$ARABIC,$CIRCLE" "$TMP/nastaliq-$w.ttf"
	subset "NotoSansEthiopic-$w.ttf" "$ETHIOPIC,$CIRCLE" "$TMP/ethiopic-$w.ttf"

	# The script font comes first: the merged font takes its names from the first font,
	# and its vertical metrics as the largest of all (fontTools merges them max/min).
	fonttools merge --output-file="$OUT/SkrankeSans-$w.ttf" "$TMP/latin-circle-$w.ttf" "$TMP/arrows-$w.ttf"
	fonttools merge --output-file="$OUT/SkrankeArabic-$w.ttf" "$TMP/arabic-$w.ttf" "$TMP/latin-$w.ttf" "$TMP/arrows-$w.ttf"
	fonttools merge --output-file="$OUT/SkrankeNastaliq-$w.ttf" "$TMP/nastaliq-$w.ttf" "$TMP/latin-$w.ttf" "$TMP/arrows-$w.ttf"
	fonttools merge --output-file="$OUT/SkrankeEthiopic-$w.ttf" "$TMP/ethiopic-$w.ttf" "$TMP/latin-$w.ttf" "$TMP/arrows-$w.ttf"
done

# The licence, with the copyright notice of every source font and the OFL text as
# Debian ships it.
{
	for f in NotoSans NotoSansArabic NotoNastaliqUrdu NotoSansEthiopic NotoSansSymbols; do
		"$PY" -c 'import sys; from fontTools.ttLib import TTFont; n = TTFont(sys.argv[1], lazy=True)["name"]; print(n.getDebugName(0), "(" + n.getDebugName(1) + ")")' "$SRC/$f-Regular.ttf"
	done
	echo
	echo 'This Font Software is licensed under the SIL Open Font License, Version 1.1.'
	echo 'This license is copied below, and is also available with a FAQ at: https://openfontlicense.org'
	echo
	echo '-----------------------------------------------------------'
	echo 'SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007'
	echo '-----------------------------------------------------------'
	awk '/^License: OFL-1.1$/ { on = 1; next } on && /^[^ ]/ { on = 0 } on' /usr/share/doc/fonts-noto-core/copyright |
		sed -e 's/^ //' -e 's/^\.$//'
} >"$OUT/OFL.txt"

ls -l "$OUT"
