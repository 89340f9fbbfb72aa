"""Service events come out of the bridge as Qt signals with plain arguments."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from guardian.api import Event, EventKind
from tests.helpers.fake_api import FakeApi
from ui.bridge import ApiBridge


def test_each_event_kind_becomes_its_signal(qtbot: QtBot) -> None:
    api = FakeApi()
    bridge = ApiBridge(api)
    with qtbot.waitSignal(bridge.stateChanged):
        api.set_status(used_today=2500.0)
    with qtbot.waitSignal(bridge.warning) as warning:
        api.push(Event(EventKind.WARNING, {"minutes": 5, "action": "lock"}))
    assert warning.args == [5, "lock"]
    with qtbot.waitSignal(bridge.countdown) as countdown:
        api.push(Event(EventKind.COUNTDOWN, {"seconds": 42.5, "action": "logout"}))
    assert countdown.args == [42.5, "logout"]
    with qtbot.waitSignal(bridge.blocked) as blocked:
        api.push(Event(EventKind.BLOCKED, {"reasons": ["outside_hours"]}))
    assert blocked.args == [["outside_hours"], "lock"]
    with qtbot.waitSignal(bridge.problem) as problem:
        api.push(Event(EventKind.PROBLEM, {"code": "policy_not_applied"}))
    assert problem.args == ["policy_not_applied"]
    with qtbot.waitSignal(bridge.policyChanged):
        api.set_policy(api.login("secret"), api.policy)


def test_close_unsubscribes(qtbot: QtBot) -> None:
    api = FakeApi()
    bridge = ApiBridge(api)
    bridge.close()
    bridge.close()
    with qtbot.assertNotEmitted(bridge.stateChanged):
        api.set_status(used_today=2500.0)
