#!/bin/bash
# Build Guardian's macOS installer package on a Mac, from the PyInstaller freeze made there:
#
#   make freeze                         # dist/guardian (macOS programs)
#   installers/macos/build_pkg.sh [DIST] [OUT]
#
# DIST defaults to dist/guardian, OUT to dist/packages. The package installs:
#   /usr/local/guardian/                    the frozen programs, their libraries, uninstall.sh
#   /usr/local/bin/guardian, guardian-tray  links to them (the plists' program paths)
#   /Library/LaunchDaemons/org.guardian.service.plist   the service (root, at boot)
#   /Library/LaunchAgents/org.guardian.tray.plist       the tray (every graphical login)
#   /Library/Application Support/Guardian/config/policies/{managed,recommended}
# and its postinstall script starts both (scripts/postinstall).
#
# Signing (docs/install.md, "Signing and notarizing on a Mac"): set
#   GUARDIAN_SIGN_APP="Developer ID Application: NAME (TEAMID)"
#   GUARDIAN_SIGN_INSTALLER="Developer ID Installer: NAME (TEAMID)"
# to sign every program and library (hardened runtime) and the package. Unset: unsigned, for
# testing on your own Mac only.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dist="${1:-$repo/dist/guardian}"
out="${2:-$repo/dist/packages}"
identifier="org.guardian.pkg"

fail() {
    echo "build_pkg: $*" >&2
    exit 1
}

[ "$(uname -s)" = "Darwin" ] || fail "pkgbuild and productbuild exist on macOS only"
command -v pkgbuild >/dev/null || fail "pkgbuild is missing (Xcode command line tools)"
command -v productbuild >/dev/null || fail "productbuild is missing (Xcode command line tools)"
if [ ! -x "$dist/guardian" ] || [ ! -x "$dist/guardian-tray" ]; then
    fail "$dist: no guardian and guardian-tray programs (run make freeze on this Mac)"
fi

version="$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$repo/pyproject.toml")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"

mkdir -p "$root/usr/local/bin" "$root/Library/LaunchDaemons" "$root/Library/LaunchAgents"
ditto "$dist" "$root/usr/local/guardian"
install -m 0755 "$here/uninstall.sh" "$root/usr/local/guardian/uninstall.sh"
ln -s ../guardian/guardian "$root/usr/local/bin/guardian"
ln -s ../guardian/guardian-tray "$root/usr/local/bin/guardian-tray"
install -m 0644 "$here/org.guardian.service.plist" "$root/Library/LaunchDaemons/"
install -m 0644 "$here/org.guardian.tray.plist" "$root/Library/LaunchAgents/"
support="$root/Library/Application Support/Guardian"
install -d -m 0700 "$support" "$support/config"
install -d -m 0755 "$support/config/policies" \
    "$support/config/policies/managed" "$support/config/policies/recommended"

if [ -n "${GUARDIAN_SIGN_APP:-}" ]; then
    # Libraries first, then the programs that load them; hardened runtime for notarization.
    find "$root/usr/local/guardian/_internal" -type f \( -name '*.so' -o -name '*.dylib' \
        -o -perm -u+x \) -print0 |
        while IFS= read -r -d '' file; do
            if file -b "$file" | grep -q 'Mach-O'; then
                codesign --force --timestamp --options runtime \
                    --entitlements "$here/guardian.entitlements" \
                    --sign "$GUARDIAN_SIGN_APP" "$file"
            fi
        done
    for program in guardian guardian-tray; do
        codesign --force --timestamp --options runtime \
            --entitlements "$here/guardian.entitlements" \
            --sign "$GUARDIAN_SIGN_APP" "$root/usr/local/guardian/$program"
    done
fi

pkgbuild --root "$root" --identifier "$identifier" --version "$version" \
    --install-location / --ownership recommended --scripts "$here/scripts" \
    "$work/guardian-component.pkg"

mkdir -p "$out"
product="$out/Guardian-$version.pkg"
if [ -n "${GUARDIAN_SIGN_INSTALLER:-}" ]; then
    productbuild --package "$work/guardian-component.pkg" --identifier org.guardian \
        --version "$version" --sign "$GUARDIAN_SIGN_INSTALLER" "$product"
else
    productbuild --package "$work/guardian-component.pkg" --identifier org.guardian \
        --version "$version" "$product"
fi
echo "$product"
