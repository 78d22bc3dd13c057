#!/bin/sh
# Installs Skranke as a kiosk on a Debian or Ubuntu PC: the binary, a system user
# "skranke", the systemd unit that starts it at boot on tty7 in an X session without a
# window manager, and the data directory /var/lib/skranke. Run it as root from the
# unpacked release archive (skranke/kiosk/install.sh), or from a clone after `make linux`.
#
#   sudo sh install.sh [PATH/TO/skranke]     install or update, and (re)start the kiosk
#   sudo sh install.sh --no-start [...]      install, start at the next boot
#
# Environment: SKRANKE_NO_APT=1 skips installing the X server packages.
# See docs/OPERATIONS.md for first set-up, backups and updates.
set -eu

start=yes
if [ "${1:-}" = "--no-start" ]; then
	start=no
	shift
fi
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "install.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (sudo sh $0)"

bin=${1:-}
if [ -z "$bin" ]; then
	for c in "$here/../usr/local/bin/skranke" "$here/../../dist/skranke"; do
		[ -x "$c" ] && bin=$c && break
	done
fi
[ -n "$bin" ] && [ -x "$bin" ] || die "no skranke binary found; give its path"
"$bin" version >/dev/null 2>&1 || die "$bin does not run on this machine"

# What the kiosk session needs: an X server with the touch/mouse driver and xinit, and
# the libraries Fyne's GLFW driver and the chime load.
if [ "${SKRANKE_NO_APT:-}" != 1 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends \
		xserver-xorg-core xserver-xorg-input-libinput xinit \
		libgl1 libegl1 libx11-6 libxrandr2 libxcursor1 libxinerama1 libxi6 libxxf86vm1 libasound2
fi

if ! id skranke >/dev/null 2>&1; then
	useradd --system --user-group --home-dir /var/lib/skranke --no-create-home \
		--shell /usr/sbin/nologin --comment "Skranke kiosk" skranke
fi
# Screen, GPU, touch and sound, also where logind has not granted them to the session.
for g in video render input audio; do
	getent group "$g" >/dev/null && usermod -a -G "$g" skranke
done

running=no
if [ -d /run/systemd/system ] && systemctl is-active --quiet skranke.service; then
	running=yes
	echo "Stopping the running kiosk to replace it"
	systemctl stop skranke.service
fi

install -D -m 0755 "$bin" /usr/local/bin/skranke
install -D -m 0644 "$here/skranke.service" /etc/systemd/system/skranke.service
install -D -m 0644 "$here/10-skranke-kiosk.conf" /etc/X11/xorg.conf.d/10-skranke-kiosk.conf
for f in "$here"/../usr/local/share/pixmaps/*.png "$here"/../usr/local/share/applications/*.desktop; do
	[ -f "$f" ] || continue
	install -D -m 0644 "$f" "/usr/local/share/$(basename "$(dirname "$f")")/$(basename "$f")"
done

# Create the database now, at install, rather than at the kiosk's first start: bbolt
# warns that a power cut during a database's very first initialisation can corrupt it.
install -d -o skranke -g skranke -m 0700 /var/lib/skranke
runuser -u skranke -- /usr/local/bin/skranke check --data /var/lib/skranke

if [ ! -d /run/systemd/system ]; then
	echo "Installed. systemd is not running here: enable skranke.service on the kiosk PC."
	exit 0
fi
for dm in gdm3 gdm lightdm sddm xdm lxdm; do
	if systemctl is-enabled --quiet "$dm.service" 2>/dev/null; then
		echo "Note: the display manager $dm is enabled and may take the screen;" \
			"disable it for a kiosk: systemctl disable $dm" >&2
	fi
done
systemctl daemon-reload
systemctl enable skranke.service
systemctl set-default graphical.target >/dev/null
if [ "$start" = yes ] || [ "$running" = yes ]; then
	systemctl restart skranke.service
	echo "Skranke is running on tty7. Logs: journalctl -u skranke -f"
else
	echo "Skranke starts at the next boot. Start it now: systemctl start skranke"
fi
/usr/local/bin/skranke version
