"""Runs inside `unshare --net --mount` as root: applies Guardian's browser policies to the real
paths, drives real Chromium and Firefox against them, takes the policies back, drives them
again, and prints what the browsers reported as JSON.

Overlay mounts over /etc and Firefox's installation share keep every write inside a
temporary folder; the new network namespace has only loopback, so pages never load and a
blocked page is told from an unreachable one by its error.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import socket
import struct
import sys
from pathlib import Path
from typing import Any

from guardian.platform.browsers import BrowserRules, ManagedBrowsers
from guardian.platform.browsers_files import linux_locations
from tests.guardian.browsers.drivers import DevToolsPipe, Marionette

OVERLAID = ("/etc", "/usr/share/firefox-esr")
BLOCKED = "http://blocked.example/"
SUBDOMAIN = "http://www.blocked.example/page"
OTHER = "http://other.example/"
FIREFOX_STATE = """return {
  status: Services.policies.status,
  active: Services.policies.getActivePolicies(),
  trrMode: Services.prefs.getIntPref("network.trr.mode"),
  trrLocked: Services.prefs.prefIsLocked("network.trr.mode"),
  privateAllowed: Services.policies.isAllowed("privatebrowsing"),
};"""


def mount(source: str, target: Path | str, kind: str, options: str) -> None:
    """mount(2), so the namespace needs no mount(8) options the host's util-linux lacks."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(source.encode(), str(target).encode(), kind.encode(), 0, options.encode()):
        errno = ctypes.get_errno()
        raise OSError(errno, f"mounting {kind} on {target}: {os.strerror(errno)}")


def overlay(folder: str, scratch: Path) -> None:
    """Mount a writable overlay over `folder` whose changes land in a tmpfs at `scratch` (an
    overlay's upper folder cannot itself be on overlayfs, as /tmp is in some containers)."""
    scratch.mkdir()
    mount("tmpfs", scratch, "tmpfs", "mode=0755")
    upper, work = scratch / "upper", scratch / "work"
    upper.mkdir()
    work.mkdir()
    mount("overlay", folder, "overlay", f"lowerdir={folder},upperdir={upper},workdir={work}")


def loopback_up() -> None:
    """`ip link set lo up` without iproute2: SIOCSIFFLAGS with IFF_UP | IFF_RUNNING."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", 0x1 | 0x40))


def chromium(scratch: Path, name: str) -> dict[str, Any]:
    binary = shutil.which("chromium")
    assert binary
    argv = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    argv += [f"--user-data-dir={scratch / name}", "about:blank"]
    browser = DevToolsPipe(argv, scratch / f"{name}.log")
    try:
        browser.attach()
        return {
            "blocked": browser.navigate(BLOCKED),
            "subdomain": browser.navigate(SUBDOMAIN),
            "other": browser.navigate(OTHER),
            "policies": browser.policies(),
        }
    finally:
        browser.close()


def firefox(scratch: Path, name: str) -> dict[str, Any]:
    binary = shutil.which("firefox-esr") or shutil.which("firefox")
    assert binary
    profile = scratch / name
    profile.mkdir()
    argv = [binary, "--headless", "--no-remote", "--profile", str(profile)]
    browser = Marionette(argv, scratch / f"{name}.log")
    try:
        return {
            "blocked": browser.navigate(BLOCKED),
            "subdomain": browser.navigate(SUBDOMAIN),
            "other": browser.navigate(OTHER),
            "state": browser.chrome_script(FIREFOX_STATE),
        }
    finally:
        browser.close()


def main(scratch: Path, which: list[str]) -> None:
    for index, folder in enumerate(OVERLAID):
        if Path(folder).is_dir():
            overlay(folder, scratch / f"overlay{index}")
    loopback_up()
    rules = BrowserRules(
        block_urls=("blocked.example",),
        allow_urls=("ok.example",),
        safe_search=True,
        youtube_restricted=True,
        disable_doh=True,
        disable_private=True,
    )
    managed = ManagedBrowsers(linux_locations(Path("/")), scratch / "ledger.json")
    drive = {"chromium": chromium, "firefox": firefox}
    report: dict[str, Any] = {}
    applied = managed.apply(rules)
    report["apply_failed"] = [r.error for r in applied.failed]
    report["state"] = [[s.browser, s.location, s.holds_current] for s in managed.installed_state()]
    for name in which:
        report[name] = {"applied": drive[name](scratch, f"{name}-applied")}
    removed = managed.remove()
    report["remove_failed"] = [r.error for r in removed.failed]
    for name in which:
        report[name]["removed"] = drive[name](scratch, f"{name}-removed")
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
