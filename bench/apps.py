"""App rules: kill latency (polling and exec events), monitor CPU with 400 processes, scan cost."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench.common import Result, cpu_and_rss, per_call, spawn, stop, wait_for_line

KID_UID = 1001
LAUNCHES = 40
CROWD = 400
CPU_SECONDS = 30.0


def _programs() -> Path:
    root = Path(tempfile.mkdtemp(prefix="guardian-bench-apps-", dir="/tmp"))
    root.chmod(0o755)
    shutil.copy2(shutil.which("sleep") or "/bin/sleep", root / "minigame")
    return root


def _as_kid() -> dict[str, int]:
    return {"user": KID_UID, "group": KID_UID} if os.geteuid() == 0 else {}


def _lifetimes(program: Path, launches: int) -> list[float]:
    """Seconds from start to exit of each launch of a blocked program, one at a time."""
    found = []
    for _ in range(launches):
        time.sleep(random.uniform(0.05, 0.5))  # not in step with the service's tick
        start = time.perf_counter()
        process = subprocess.Popen([str(program), "30"], **_as_kid())  # type: ignore[call-overload]
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            found.append(float("inf"))
            continue
        found.append(time.perf_counter() - start)
    return found


@contextlib.contextmanager
def _crowd(count: int) -> Iterator[None]:
    """`count` sleeping processes of the child's (or this user's) for the duration."""
    processes = [
        subprocess.Popen(["sleep", "3600"], **_as_kid())  # type: ignore[call-overload]
        for _ in range(count)
    ]
    try:
        yield
    finally:
        for process in processes:
            process.kill()
        for process in processes:
            process.wait()


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _baseline_lifetime(program: Path, launches: int) -> tuple[float, float]:
    """Start, SIGTERM at once and reap: what ending a process costs with nothing to find."""
    found = []
    for _ in range(launches):
        start = time.perf_counter()
        process = subprocess.Popen([str(program), "30"], **_as_kid())  # type: ignore[call-overload]
        process.terminate()
        process.wait()
        found.append(time.perf_counter() - start)
    return _p50_p95(found)


def bench_kill_latency() -> list[Result]:
    """Time from start to end of a blocked app with polling only and with exec events."""
    if os.geteuid() != 0:
        return [Result("app kill latency", "skipped: needs root", "", "", None)]
    root = _programs()
    rows = []
    try:
        base50, base95 = _baseline_lifetime(root / "minigame", LAUNCHES)
        baseline = f"start + terminate + reap: p50 {base50 * 1e3:.1f} ms, p95 {base95 * 1e3:.1f} ms"
        for mode, target, limit in (("poll", "p95 ≤ 1.5 s", 1.5), ("events", "p95 ≤ 0.3 s", 0.3)):
            service = spawn(["-m", "bench.apps_service", mode])
            try:
                line = wait_for_line(service, "ready")
                if mode == "events" and "events=True" not in line:
                    rows.append(
                        Result("app kill latency, exec events", "no events", "", target, False)
                    )
                    continue
                time.sleep(1.5)
                p50, p95 = _p50_p95(_lifetimes(root / "minigame", LAUNCHES))
            finally:
                stop(service)
            label = "polling only (1 s tick)" if mode == "poll" else "with exec events"
            rows.append(
                Result(
                    f"app kill latency, {label}, {LAUNCHES} launches",
                    f"p50 {p50:.3f} s, p95 {p95:.3f} s",
                    baseline,
                    target,
                    p95 <= limit,
                )
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return rows


def bench_monitor_cpu() -> list[Result]:
    """The service's CPU with 400 more processes running, with app rules and without."""
    figures = {}
    with _crowd(CROWD):
        total = len(psutil.pids())
        for mode in ("poll", "events", "off") if os.geteuid() == 0 else ("poll", "off"):
            service = spawn(["-m", "bench.apps_service", mode])
            try:
                wait_for_line(service, "ready")
                time.sleep(3.0)
                [(cpu, rss)] = cpu_and_rss([service.pid], CPU_SECONDS)
                figures[mode] = (cpu, rss)
            finally:
                stop(service)
    off = figures.pop("off")
    return [
        Result(
            f"service CPU with app rules ({'exec events' if mode == 'events' else 'polling'}), "
            f"{total} processes ({CROWD} added), {CPU_SECONDS:.0f} s",
            f"{cpu:.2f} % of a core, RSS {rss:.1f} MiB",
            f"same service without app rules: {off[0]:.2f} %, RSS {off[1]:.1f} MiB",
            "≤ 1 % of one core",
            cpu <= 1.0,
        )
        for mode, (cpu, rss) in figures.items()
    ]


def bench_scan() -> list[Result]:
    """One steady-state scan of the app guard (nothing new), with 400 more processes running."""
    from guardian.apps.guard import AppGuard, Watched
    from guardian.apps.monitor import YOUNG_SECONDS
    from guardian.ledger import UsageLedger
    from rules.appmatch import AppContext, AppMatcher
    from rules.catalogue import catalogue
    from rules.model import Profile, from_data
    from tests.helpers.fakes import FakeApps, FakeNotifier, FakeSessions

    folder = Path(tempfile.mkdtemp(prefix="guardian-bench-scan-"))
    with _crowd(CROWD):
        time.sleep(0.5)
        ledger = UsageLedger(folder / "state.db")
        guard = AppGuard(
            FakeApps(),
            FakeNotifier(),
            ledger,
            time.monotonic,
            lambda event: None,
            os_name="linux",
            notify_sessions=False,
        )
        profile = from_data(
            Profile,
            {
                "id": "kid",
                "name": "Kid",
                "apps": [{"app": "minigame", "mode": "blocked", "match": {"names": ["minigame"]}}],
                "app_list": "open",
            },
        )
        matcher = AppMatcher.for_rules(profile.apps, catalogue())
        watched = [Watched(FakeSessions().session, "kid", matcher, AppContext())]
        now = datetime.now(UTC)
        start = time.perf_counter()
        guard.scan(watched, now)
        first = time.perf_counter() - start
        time.sleep(YOUNG_SECONDS + 0.5)  # steady state: no young process to look at again
        guard.scan(watched, now)
        cost = per_call(lambda: guard.scan(watched, now), repeat=5, number=50)
        pids = per_call(psutil.pids, repeat=5, number=50)
        attrs = ["pid", "name", "exe", "cmdline", "uids"]
        full = per_call(lambda: list(psutil.process_iter(attrs)), repeat=3, number=5)
        ledger.close()
    shutil.rmtree(folder, ignore_errors=True)
    total = len(psutil.pids())
    return [
        Result(
            f"app guard steady-state scan, {total + CROWD} processes ({CROWD} the child's)",
            f"{cost * 1e3:.2f} ms (first scan {first * 1e3:.0f} ms)",
            f"psutil.pids() {pids * 1e3:.2f} ms; full process_iter of name/exe/cmdline/uids "
            f"{full * 1e3:.1f} ms",
            "—",
            None,
        )
    ]


def main() -> int:
    """Print the rows (for a quick look; `python -m bench apps` makes the table)."""
    for row in [*bench_scan(), *bench_kill_latency(), *bench_monitor_cpu()]:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
