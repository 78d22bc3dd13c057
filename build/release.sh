#!/usr/bin/env bash
# Release builds with the fyne CLI (fyne.io/tools, a tool dependency in go.mod) and the
# metadata in FyneApp.toml. Everything the program shows (fonts, pictograms,
# translations) is embedded in the binary; nothing is read from beside it but the data dir.
#
#   bash build/release.sh linux     dist/skranke-linux-amd64.tar.xz (binary, desktop entry, icon,
#                                   and kiosk/: the systemd unit and install.sh), and
#                                   dist/skranke, the same binary unpacked
#   bash build/release.sh windows   dist/skranke.exe (icon, manifest, version info), checked
#                                   to import only Windows system DLLs
#
# The source is copied to dist/src-<os> first and packaged there, because `fyne package`
# writes into the source directory while it works (a metadata .go file, a .syso for
# Windows, and it bumps Build in FyneApp.toml): the work tree stays untouched.
# Version and commit come from git and are stamped in with -X (see `skranke version`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${1:?usage: build/release.sh linux|windows}

version=${SKRANKE_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=${SKRANKE_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || true)}

stage=$root/dist/src-$target
rm -rf "$stage"
mkdir -p "$stage"
# Tracked and new files, not ignored ones (no dist/, no test binaries, no old builds).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
    [ -f "$f" ] && printf '%s\0' "$f"
  done | tar --null -T - -cf - | tar -xf - -C "$stage"
else
  tar --exclude=./dist --exclude=./.git -cf - . | tar -xf - -C "$stage"
fi

# The fyne tool, built for this machine before any cross-compiling variables are set.
fyne=$(cd "$stage" && go tool -n fyne)

# fyne build passes -ldflags found in GOFLAGS on to go build (one -ldflags= per word).
# -buildvcs=false: the stage has no .git of its own; the commit is stamped with -X.
export GOFLAGS="-buildvcs=false -ldflags=-X=main.version=$version -ldflags=-X=main.commit=$commit"

case "$target" in
  linux)
    (cd "$stage" && "$fyne" package -os linux --release)
    # fyne's archive (binary, desktop entry, icon, a Makefile for a desktop install),
    # with the kiosk set-up added in skranke/kiosk/: one file to carry to the kiosk PC.
    mkdir -p "$stage/unpacked"
    tar -xJf "$stage/Skranke.tar.xz" -C "$stage/unpacked"
    install -D -m 0755 build/linux/install.sh "$stage/unpacked/skranke/kiosk/install.sh"
    install -m 0644 build/linux/skranke.service build/linux/10-skranke-kiosk.conf "$stage/unpacked/skranke/kiosk/"
    tar -C "$stage/unpacked" --owner=0 --group=0 -cJf "$root/dist/skranke-linux-amd64.tar.xz" skranke
    cp "$stage/unpacked/skranke/usr/local/bin/skranke" "$root/dist/skranke"
    echo "dist/skranke-linux-amd64.tar.xz:"
    tar -tJvf "$root/dist/skranke-linux-amd64.tar.xz" | awk '{print "  " $3 "\t" $6}'
    "$root/dist/skranke" version
    ;;
  windows)
    # Debian's mingw-w64 (gcc-mingw-w64-x86-64-win32). The fyne tool adds
    # -D_FORTIFY_SOURCE and -fstack-protector-strong; linking libssp statically keeps
    # libssp-0.dll out of the import table.
    export CC=x86_64-w64-mingw32-gcc CGO_ENABLED=1 GOOS=windows GOARCH=amd64
    export CGO_LDFLAGS="${CGO_LDFLAGS:-} -l:libssp.a"
    # fyne package builds the .exe, writes the icon, manifest and version info into a
    # .syso and builds again; the first build strips -ldflags from GOFLAGS, so the
    # second would lose the version stamp. Given an existing --exe it skips the first
    # build (and its cost), and the one build it does carries the stamp.
    : >"$stage/skranke.exe"
    (cd "$stage" && "$fyne" package -os windows --release --exe skranke.exe)
    mv "$stage/Skranke.exe" "$root/dist/skranke.exe" 2>/dev/null || mv "$stage/skranke.exe" "$root/dist/skranke.exe"
    bash "$root/build/windows/check-imports.sh" "$root/dist/skranke.exe"
    ;;
  *)
    echo "unknown target $target (linux or windows)" >&2
    exit 2
    ;;
esac
rm -rf "$stage"
