"""What site rules need of the OS in a system install: its DNS settings, its browsers'
managed policies and, on Linux, per-account DNS redirection."""

from __future__ import annotations

import shutil
from pathlib import Path

from guardian.platform.base import SitesPlatform
from guardian.platform.browsers import ManagedBrowsers
from guardian.platform.commands import CommandRunner
from guardian.platform.system_dns import system_dns_for


def system_sites(os_name: str, state: Path) -> SitesPlatform:
    """The site rules' adapters of this OS, keeping what they must restore in `state`."""
    commands = CommandRunner()
    attribution = None
    if os_name == "linux" and shutil.which("nft") is not None:
        from guardian.platform.nft import DnsAttribution

        attribution = DnsAttribution(commands)
    return SitesPlatform(
        system_dns=system_dns_for(os_name, Path("/"), state, commands),
        browsers=ManagedBrowsers.for_this_machine(state),
        attribution=attribution,
    )
