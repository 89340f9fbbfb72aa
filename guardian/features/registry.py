"""Which features a service is built of: the one place a new capability is registered."""

from __future__ import annotations

from guardian.auth import ParentAuth
from guardian.compiled import CompiledPolicy
from guardian.features.base import Feature, ServiceContext
from guardian.features.reports import Reports
from guardian.features.requests import PolicyAccess, Requests
from guardian.features.screen_time import ScreenTime
from guardian.features.sites import SiteRules
from guardian.features.tamper import TamperWatch
from guardian.methods import Access, Method
from guardian.problems import Problem, ProblemCode
from guardian.secrets import SecretStore

PICKER_METHODS = ("apps.running", "apps.seen")


class AppsUnsupported(Feature):
    """Stands in for app rules where the platform cannot tell which apps run: tells the
    parent that a policy's app rules are not enforced here."""

    name = "apps"

    def __init__(self) -> None:
        self._has_rules = False

    def compile(self, policy: CompiledPolicy) -> None:
        """Note whether the new policy has app rules."""
        self._has_rules = policy.has_app_rules

    def problems(self) -> list[Problem]:
        """App rules this system cannot enforce."""
        return [Problem(ProblemCode.APPS_UNSUPPORTED)] if self._has_rules else []

    def methods(self) -> list[Method]:
        """The parent's program pickers, empty: no program can be seen here."""
        return [Method(name, lambda c, p: [], access=Access.PARENT) for name in PICKER_METHODS]


def build_features(
    context: ServiceContext, secrets: SecretStore, auth: ParentAuth, policy: PolicyAccess
) -> list[Feature]:
    """The service's features in tick order: screen time decides before apps judge. `auth`
    and `policy` are for requests (codes share the password's throttle; an approved app or
    site is written to the parent's policy)."""
    screen_time = ScreenTime(context)
    features: list[Feature] = [screen_time]
    apps = context.platform.apps
    if apps is not None:
        # Loaded only where apps can be seen: the monitor brings psutil and the matcher.
        from guardian.features.apps import Apps

        features.append(Apps(context, apps, screen_time))
    else:
        features.append(AppsUnsupported())
    features += [
        TamperWatch(context, secrets),
        Requests(context, secrets, auth, screen_time, policy),
        SiteRules(context),
    ]
    features.append(Reports(context, secrets))
    return features
