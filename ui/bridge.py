"""The one place where the service's pushed events enter Qt: they leave as signals."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from guardian.api import Event, EventKind, GuardianApi

DEFAULT_ACTION = "lock"
REPORT_READY = "report_ready"
"""A week's summaries were written: data has week, profiles (ids), folder, files and, when
the service gives them, names (profile id to name)."""
REPORT_MAIL = "report_mail"
"""A test mail was tried: data has id, ok and reason (a code: connect, tls, auth, refused,
timeout, no_password)."""


class ApiBridge(QObject):
    """Subscribes to the api and re-emits its events, so widgets change only in slots.

    Event data read: warning {"minutes", "action"}, countdown {"seconds", "action"},
    blocked {"reasons", "action"}, problem {"code"}, app_blocked {"account", "app", "name",
    "reason"}, site_blocked {"account", "name", "rule"}, report_ready {"week", "profiles",
    "folder", "names"}, report_mail {"id", "ok", "reason"}; a missing action means "lock".

    Signals:
        stateChanged: the status changed; read it again with `api.status()`.
        warning(int, str): a warning minute was reached; the minutes left and the action to follow.
        countdown(float, str): the last minute runs; the seconds left and the action to follow.
        blocked(list, str): time is up; the reason codes and the action taken.
        problem(str): something the parent must fix, as its code (a ProblemCode value); the
            words and detail are read by the parent's windows, never shown to a child.
        policyChanged: the parent's policy was replaced.
        appBlocked(str, str, str, str): an app was closed; the account, the app's name, the
            reason (blocked, not_allowed, unmanaged_browser, app_time_spent,
            category_time_spent, downtime) and the app's id ("" when Guardian knows none).
        appWarning(str, str, str, int): an app's or a category's time runs out soon; the account,
            the key (app id or "category:<name>"), the name and the minutes left.
        siteBlocked(str, str, str): a site did not open; the account, the site's name and the
            rule that blocked it (see `rules.sites.SiteVerdict.rule`).
        reportReady(str, list, str, dict): a week's summaries were written; the week, the
            profile ids, the folder and the profiles' names by id (empty when not sent).
        reportMail(str, bool, str): a test mail went out or failed; its id, whether it was
            taken and the reason code ("" when it was).
        request(dict): a child asked for something or reported a site (parents' windows
            only); the request as plain data (see `guardian.requests_client.request_view`).
        requestAnswered(dict): a request of this account's was answered, taken back or
            expired; the request as plain data (see `guardian.requests_client.request_view`).
    """

    # The names follow Qt's own (camelCase), as the clients of this bridge were told.
    stateChanged = Signal()  # noqa: N815
    warning = Signal(int, str)
    countdown = Signal(float, str)
    blocked = Signal(list, str)
    problem = Signal(str)
    policyChanged = Signal()  # noqa: N815
    appBlocked = Signal(str, str, str, str)  # noqa: N815
    appWarning = Signal(str, str, str, int)  # noqa: N815
    siteBlocked = Signal(str, str, str)  # noqa: N815
    reportReady = Signal(str, list, str, dict)  # noqa: N815
    reportMail = Signal(str, bool, str)  # noqa: N815
    request = Signal(dict)
    requestAnswered = Signal(dict)  # noqa: N815

    def __init__(self, api: GuardianApi, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = api.subscribe(self._deliver)

    def close(self) -> None:
        """Stop listening; safe to call more than once."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _deliver(self, event: Event) -> None:
        data = event.data
        action = str(data.get("action") or DEFAULT_ACTION)
        match event.kind:
            case EventKind.STATE:
                self.stateChanged.emit()
            case EventKind.WARNING:
                self.warning.emit(int(data.get("minutes", 0)), action)
            case EventKind.COUNTDOWN:
                self.countdown.emit(float(data.get("seconds") or 0.0), action)
            case EventKind.BLOCKED:
                self.blocked.emit([str(r) for r in data.get("reasons", ())], action)
            case EventKind.PROBLEM:
                self.problem.emit(str(data.get("code", "")))
            case EventKind.POLICY:
                self.policyChanged.emit()
            case EventKind.APP_BLOCKED:
                name = str(data.get("name") or data.get("app") or "")
                account, reason = str(data.get("account", "")), str(data.get("reason", ""))
                self.appBlocked.emit(account, name, reason, str(data.get("app") or ""))
            case EventKind.APP_WARNING:
                self.appWarning.emit(
                    str(data.get("account", "")),
                    str(data.get("key", "")),
                    str(data.get("name", "")),
                    int(data.get("minutes") or 0),
                )
            case EventKind.REQUEST:
                self.request.emit(dict(data))
            case EventKind.REQUEST_ANSWERED:
                self.requestAnswered.emit(dict(data))
            case EventKind.SITE_BLOCKED:
                self.siteBlocked.emit(
                    str(data.get("account", "")),
                    str(data.get("name", "")),
                    str(data.get("rule", "")),
                )
            case _ if event.kind == REPORT_READY:
                names = data.get("names")
                self.reportReady.emit(
                    str(data.get("week", "")),
                    [str(p) for p in data.get("profiles") or ()],
                    str(data.get("folder") or ""),
                    {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {},
                )
            case _ if event.kind == REPORT_MAIL:
                self.reportMail.emit(
                    str(data.get("id", "")), bool(data.get("ok")), str(data.get("reason") or "")
                )
