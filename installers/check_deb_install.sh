#!/bin/sh
# Install the built .deb on this machine, run the installed program, remove and purge it, and
# check that nothing is left but what a purge keeps by design (weekly summaries in
# /var/lib/guardian-summaries, if the service wrote any). CI runs it as root after
# `make packages`; it needs no systemd (the maintainer scripts skip systemctl without it).
#
#   sh installers/check_deb_install.sh dist/packages/guardian_<version>-1_<arch>.deb
set -eu

deb="${1:?usage: check_deb_install.sh PACKAGE.deb}"
[ "$(id -u)" -eq 0 ] || { echo "check_deb_install: run as root" >&2; exit 1; }
if dpkg-query -W guardian >/dev/null 2>&1; then
    echo "check_deb_install: a guardian package is installed already; not touching it" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Everything outside the volatile places, before and after.
snapshot() {
    find /etc /opt /usr /var/lib -xdev \
        -path /var/lib/dpkg -prune -o -path /var/lib/apt -prune -o \
        -path /var/lib/systemd -prune -o -path /var/lib/ucf -prune -o -print 2>/dev/null |
        grep -v '^/var/lib/guardian-summaries' | LC_ALL=C sort
}
snapshot >"$work/before"

dpkg -i "$deb"
version="$(/usr/bin/guardian --version)"
echo "installed: $version"
case "$version" in
    "guardian "[0-9]*) ;;
    *) echo "check_deb_install: unexpected --version output: $version" >&2; exit 1 ;;
esac
for path in /usr/bin/guardian-tray /usr/lib/systemd/system/guardian.service \
    /etc/xdg/autostart/guardian-tray.desktop /etc/guardian/policies/managed \
    /etc/guardian/policies/recommended; do
    [ -e "$path" ] || { echo "check_deb_install: $path missing after install" >&2; exit 1; }
done

# What a running Guardian leaves: settings, state, a managed policy. A removal keeps them.
install -m 0600 /dev/null /etc/guardian/policies/managed/lab.toml
install -d -m 0700 /var/lib/guardian
install -m 0600 /dev/null /var/lib/guardian/state.db

dpkg -r guardian
if [ -e /usr/bin/guardian ] || [ -e /opt/guardian ]; then
    echo "check_deb_install: the program is still there after dpkg -r" >&2
    exit 1
fi
if [ ! -e /etc/guardian/policies/managed/lab.toml ] || [ ! -e /var/lib/guardian/state.db ]; then
    echo "check_deb_install: dpkg -r deleted the settings or state" >&2
    exit 1
fi

dpkg -P guardian
if dpkg-query -W guardian >/dev/null 2>&1; then
    echo "check_deb_install: dpkg still knows guardian after the purge" >&2
    exit 1
fi
snapshot >"$work/after"
if ! diff -u "$work/before" "$work/after"; then
    echo "check_deb_install: the purge left the files above behind" >&2
    exit 1
fi
echo "check_deb_install: installed, ran, removed and purged; nothing left behind"
