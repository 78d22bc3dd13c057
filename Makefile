# Convenience targets; the README's two commands work without make.
.PHONY: demo test build screenshots contact-sheets

demo:
	bash build/dev.sh demo

test:
	bash build/dev.sh test

build:
	go build -ldflags "-X main.version=$$(git describe --tags --always --dirty 2>/dev/null || echo dev) -X main.commit=$$(git rev-parse --short HEAD 2>/dev/null)" -o skranke .

# Screenshots of the real screens, rendered by Fyne's software painter at 1366×768, for
# the README. Look at them before committing.
screenshots:
	mkdir -p docs/screens
	SKRANKE_SHOTS=$(CURDIR)/docs/screens go test -count=1 -run 'TestCheckInInFourTaps|Screenshot' ./screens

# One picture per resident screen with all twelve languages on it, from the real
# screens, for docs/languages/. Look at each one.
contact-sheets:
	mkdir -p docs/languages
	SKRANKE_SHEETS=$(CURDIR)/docs/languages go test -count=1 -run 'TestContactSheets' ./screens

# The PNG chart sheet of a simulated 8-week history, for docs/charts/ and the README:
# `skranke simulate` into a throwaway data dir (fixed seed and dates, so the picture only
# changes when the code does), then `skranke export` of the last simulated week. Look
# at it before committing.
.PHONY: charts
charts:
	go build -o $(CURDIR)/skranke-charts .
	rm -rf $(CURDIR)/.charts-data && mkdir -p docs/charts
	$(CURDIR)/skranke-charts simulate --data $(CURDIR)/.charts-data --days 56 --seed 4 --until 2026-11-22
	$(CURDIR)/skranke-charts export --data $(CURDIR)/.charts-data --week 2026-W47 --out docs/charts/week.png
	$(CURDIR)/skranke-charts export --data $(CURDIR)/.charts-data --week 2026-W47 --out docs/charts/week.csv
	rm -rf $(CURDIR)/.charts-data $(CURDIR)/skranke-charts

# Release builds with the fyne CLI (build/release.sh), into dist/ (never committed):
# `make linux` → dist/skranke-linux-amd64.tar.xz (binary, desktop entry, icon, kiosk/
# with the systemd unit and install.sh) and dist/skranke; `make windows` → dist/skranke.exe,
# cross-compiled with Debian's mingw-w64 and checked to need no DLL beyond Windows' own.
.PHONY: linux windows
linux:
	bash build/release.sh linux

windows:
	bash build/release.sh windows

# Start-up, idle CPU and memory of the kiosk against a bare Fyne window under Xvfb, with
# 1,000 check-ins through the screens; rewrites the figures in docs/PERFORMANCE.md.
# Takes about half an hour; run it on a quiet machine.
.PHONY: footprint
footprint:
	go run ./build/footprint
