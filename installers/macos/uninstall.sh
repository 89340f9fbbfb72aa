#!/bin/sh
# Remove Guardian from a Mac (as root: sudo sh uninstall.sh [--purge]); Munki's
# uninstall_script can run it. The machine's DNS and browser settings are put back first.
# --purge also deletes the settings and state in /Library/Application Support/Guardian;
# weekly summaries kept elsewhere (a share) are not touched.
set -u

if [ "$(id -u)" -ne 0 ]; then
    echo "uninstall: run as root (sudo)" >&2
    exit 1
fi

launchctl bootout system/org.guardian.service 2>/dev/null || true
for uid in $(ps -axo uid=,comm= | awk '/guardian-tray/ {print $1}' | sort -u); do
    launchctl bootout "gui/$uid/org.guardian.tray" 2>/dev/null || true
done
if [ -x /usr/local/bin/guardian ]; then
    /usr/local/bin/guardian sites restore-system ||
        echo "uninstall: could not restore the DNS and browser settings" >&2
fi
rm -f /Library/LaunchDaemons/org.guardian.service.plist \
    /Library/LaunchAgents/org.guardian.tray.plist \
    /usr/local/bin/guardian /usr/local/bin/guardian-tray
rm -rf /usr/local/guardian
if [ "${1:-}" = "--purge" ]; then
    rm -rf "/Library/Application Support/Guardian"
fi
pkgutil --forget org.guardian.pkg >/dev/null 2>&1 || true
echo "Guardian removed."
