#!/usr/bin/env bash
# Developer entry point: the two commands in README.md run through here.
#
#   bash build/dev.sh demo     run Skranke windowed on a throwaway demo site
#   bash build/dev.sh test     run every check and test CI runs
#   bash build/dev.sh deps     install (as root) or print the system packages needed
#
# It needs Go (see go.mod for the version) and, for the rest, Debian or Ubuntu packages,
# which it installs when run as root and otherwise names in one apt-get line.
set -euo pipefail
cd "$(dirname "$0")/.."

# Packages Fyne's cgo build needs (OpenGL, X11), what the chime needs (ALSA), and what
# the end-to-end test and the screenshots need (Xvfb, xdotool, ImageMagick).
PACKAGES=(gcc pkg-config libgl1-mesa-dev xorg-dev libxxf86vm-dev libasound2-dev xvfb xdotool imagemagick xauth)
# The release builds (build/release.sh): xz for the Linux package, Debian's mingw-w64 for
# skranke.exe, and xinit so `systemd-analyze verify` can check the kiosk unit.
PACKAGES+=(xz-utils gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 xinit)
STATICCHECK=honnef.co/go/tools/cmd/staticcheck@v0.8.2

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Skranke needs these system packages. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

need_go() {
  if ! command -v go >/dev/null; then
    echo "Go is not installed: install Go $(sed -n 's/^go //p' go.mod) or newer from https://go.dev/dl/" >&2
    exit 1
  fi
}

cmd=${1:-help}
case "$cmd" in
  deps)
    deps
    ;;
  demo)
    need_go; deps
    go build -o skranke .
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display: running under Xvfb (xvfb-run). Screenshots: DISPLAY=:99 import -window root shot.png" >&2
      exec xvfb-run -a -s "-screen 0 1366x768x24" ./skranke demo "${@:2}"
    fi
    exec ./skranke demo "${@:2}"
    ;;
  test)
    need_go; deps
    echo "== gofmt"
    unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
    if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
    echo "== go vet"
    go vet ./...
    echo "== staticcheck"
    go run "$STATICCHECK" ./...
    echo "== go test -race"
    go test -race -count=1 -timeout 30m ./...
    echo "== release: Linux package, and the kiosk test against its binary"
    bash build/release.sh linux
    SKRANKE_RELEASE_BIN=dist/skranke go test -count=1 -run 'TestKioskLockdown' .
    if command -v systemd-analyze >/dev/null; then
      echo "== systemd-analyze verify build/linux/skranke.service"
      systemd-analyze verify build/linux/skranke.service
    fi
    echo "== release: Windows cross-compile"
    bash build/release.sh windows
    ;;
  *)
    sed -n '2,9p' "$0"
    ;;
esac
