# Convenience targets; the README's two commands work without make.
.PHONY: demo test build screenshots

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
