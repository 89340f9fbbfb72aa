"""Run every benchmark and print a Markdown table: `make bench` or `python -m bench`."""

from __future__ import annotations

import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil

from bench.apps import bench_kill_latency, bench_monitor_cpu, bench_scan
from bench.common import Result, cpu_and_rss, per_call, spawn, stop, wait_for_line
from bench.dns_filter import bench_dns_filter
from bench.report_db import bench_report_db
from bench.report_merge import bench_report_merge
from bench.report_week import bench_report_week
from bench.sites_index import bench_sites_index

IDLE_SECONDS = 60.0
IPC_CALLS = 2000
IPC_CLIENTS = 10
IPC_LOAD_SECONDS = 5.0
IPC_IDLE_SECONDS = 5.0


def bench_evaluate() -> list[Result]:
    """The rule engine per call as each tick runs it (`decide` on a profile compiled once per
    policy), next to one aware datetime conversion as the machine's yardstick."""
    from zoneinfo import ZoneInfo

    from guardian.compiled import compile_policy
    from rules.evaluate import Usage, decide
    from rules.presets import default_policy

    profile = compile_policy(default_policy("Europe/Moscow")).profile("child").effective
    usage = Usage(today_seconds=3000, week_seconds=9000)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    zone = ZoneInfo("Europe/Moscow")
    cost = per_call(lambda: decide(profile, zone, usage, now))
    base = per_call(lambda: now.astimezone(zone).date())
    return [
        Result(
            "rule engine per call (decide on a compiled profile)",
            f"{cost * 1e6:.1f} µs",
            f"{base * 1e6:.2f} µs (one astimezone)",
            "≤ 50 µs",
            cost <= 50e-6,
        )
    ]


def bench_day() -> list[Result]:
    """A whole day time-travelled through the service on the fake clock (as the tests do)."""
    from guardian.paths import DataPaths
    from guardian.service import GuardianService, ServiceOptions
    from tests.guardian.conftest import kid_policy
    from tests.helpers.fakes import FakeClock, fake_platform

    morning = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
    clock = FakeClock(morning)
    # Storage on tmpfs where there is one: this measures the logic, not the disk's fsync.
    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix="guardian-bench-", dir=shm if shm.is_dir() else None))
    service = GuardianService(
        DataPaths(root / "c", root / "s"),
        fake_platform(),
        clock,
        ServiceOptions(standalone=False),
        "Europe/Moscow",
    )
    service.replace_policy(kid_policy())
    fake = service.platform.sessions
    start = time.perf_counter()
    ticks = 0
    while clock.now() < morning + timedelta(days=1):
        locked = fake.sessions()[0].locked
        clock.advance(30 if locked else 2)
        service.tick()
        ticks += 1
    elapsed = time.perf_counter() - start
    service.close()
    return [
        Result(
            "one day time-travelled (fake clock)",
            f"{elapsed:.2f} s ({ticks} ticks)",
            f"{elapsed / ticks * 1e6:.0f} µs per tick",
            "well under 1 s",
            elapsed < 1.0,
        )
    ]


def bench_service_idle() -> list[Result]:
    """Service idle CPU and RSS over 60 s at a 1 s tick, next to a bare QtCore loop."""
    service = spawn(["-m", "bench.service_idle"])
    baseline = spawn(["-m", "bench.baseline_loop"])
    try:
        wait_for_line(service, "ready")
        wait_for_line(baseline, "ready")
        time.sleep(2)
        (cpu, rss), (base_cpu, base_rss) = cpu_and_rss([service.pid, baseline.pid], IDLE_SECONDS)
    finally:
        stop(service)
        stop(baseline)
    return [
        Result(
            f"service idle CPU over {IDLE_SECONDS:.0f} s, 1 s tick",
            f"{cpu:.2f} % of a core",
            f"{base_cpu:.2f} % (bare QtCore loop)",
            "≤ 0.5 %",
            cpu <= 0.5,
        ),
        Result(
            "service RSS",
            f"{rss:.1f} MiB",
            f"{base_rss:.1f} MiB (bare QtCore loop)",
            "≤ 45 MiB",
            rss <= 45,
        ),
    ]


def _start_and_measure(args: list[str], **env: str) -> tuple[float, float, str]:
    """Seconds from spawn to "shown", RSS in MiB 3 s later, and where it was shown."""
    start = time.perf_counter()
    proc = spawn(args, **env)
    try:
        line = wait_for_line(proc, "shown")
        shown = time.perf_counter() - start
        time.sleep(3)
        rss = psutil.Process(proc.pid).memory_info().rss / 2**20
    finally:
        stop(proc)
    return shown, rss, line.split()[1]


def bench_tray() -> list[Result]:
    """Tray RSS and start-to-icon time, next to a minimal PySide6 tray app."""
    from guardian.clock import SystemClock
    from guardian.paths import standalone_paths
    from guardian.platform import current
    from guardian.service import GuardianService, ServiceOptions
    from rules.presets import default_policy

    data = tempfile.mkdtemp(prefix="guardian-bench-")
    # Both set up as the wizard leaves them, so the tray starts straight into the icon.
    for folder in (data, data + "-service"):
        paths = standalone_paths(Path(folder))
        seed = GuardianService(paths, current(), SystemClock(), ServiceOptions(standalone=True))
        seed.set_password(None, "bench-password")
        seed.replace_policy(default_policy("UTC"))
        seed.close()
    socket_path = str(Path(data) / "service.sock")
    service = spawn(
        ["-m", "tests.helpers.service_process", data + "-service", "--socket", socket_path]
    )
    wait_for_line(service, "ready")
    standalone = ["-m", "ui.app", "--standalone", "--data-dir", data, "--language", "en"]
    client = ["-m", "ui.app", "--socket", socket_path, "--language", "en"]
    # One at a time, alternating, so they do not compete for the machine's two cores.
    try:
        runs: dict[str, list[tuple[float, float, str]]] = {
            "standalone": [],
            "client": [],
            "base": [],
        }
        for _ in range(3):
            runs["standalone"].append(_start_and_measure(standalone, GUARDIAN_REPORT_STARTUP="1"))
            runs["client"].append(_start_and_measure(client, GUARDIAN_REPORT_STARTUP="1"))
            runs["base"].append(_start_and_measure(["-m", "bench.baseline_tray"]))
    finally:
        stop(service)
    shown = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
    rss = {k: statistics.median(r[1] for r in v) for k, v in runs.items()}
    where = runs["standalone"][0][2]
    base = "(minimal tray app)"
    return [
        Result(
            f"tray start to {'icon' if where == 'tray' else 'window'} shown (standalone)",
            f"{shown['standalone']:.2f} s",
            f"{shown['base']:.2f} s {base}",
            "≤ 1 s",
            shown["standalone"] <= 1.0,
        ),
        Result(
            "tray RSS, standalone (tray and service in one process)",
            f"{rss['standalone']:.1f} MiB",
            f"{rss['base']:.1f} MiB {base}",
            "≤ 78 MiB",
            rss["standalone"] <= 78,
        ),
        Result(
            "tray RSS, a client of the system service",
            f"{rss['client']:.1f} MiB",
            f"{rss['base']:.1f} MiB {base}",
            "≤ 65 MiB",
            rss["client"] <= 65,
        ),
    ]


def bench_ipc() -> list[Result]:
    """`status` over the local socket: latency, throughput and RSS with subscribed clients.

    A real service process (`tests/helpers/service_process.py`, fake platform, real IPC
    server) next to `bench/ipc_echo.py`, an asyncio echo of the same frames; both driven by the
    raw blocking socket client of `bench/ipc_load.py`, not by `IpcClient`.
    """
    from bench import ipc_load

    root = Path(tempfile.mkdtemp(prefix="gb-ipc-"))
    service_path, echo_path = str(root / "service.sock"), str(root / "echo.sock")
    service = spawn(
        ["-m", "tests.helpers.service_process", str(root / "data"), "--socket", service_path]
    )
    echo = spawn(["-m", "bench.ipc_echo", echo_path])
    try:
        wait_for_line(service, "ready")
        wait_for_line(echo, "ready")
        # RSS first, on a service that has not served any load yet.
        time.sleep(2)
        proc = psutil.Process(service.pid)
        bare_rss = proc.memory_info().rss / 2**20
        idle = ipc_load.subscribed_clients(service_path, IPC_CLIENTS)
        time.sleep(IPC_IDLE_SECONDS)
        rss = proc.memory_info().rss / 2**20
        for conn in idle:
            conn.close()
        p50, p99 = ipc_load.p50_p99(ipc_load.latencies(service_path, IPC_CALLS))
        base_p50, base_p99 = ipc_load.p50_p99(ipc_load.latencies(echo_path, IPC_CALLS))
        rate = ipc_load.throughput(service_path, IPC_CLIENTS, IPC_LOAD_SECONDS)
        base_rate = ipc_load.throughput(echo_path, IPC_CLIENTS, IPC_LOAD_SECONDS)
    finally:
        stop(service)
        stop(echo)
        shutil.rmtree(root, ignore_errors=True)
    return [
        Result(
            f"`status` round trip p50 / p99, {IPC_CALLS:,} sequential calls",
            f"{p50 * 1e3:.2f} / {p99 * 1e3:.2f} ms",
            f"{base_p50 * 1e3:.2f} / {base_p99 * 1e3:.2f} ms (asyncio frame echo)",
            "p99 ≤ 5 ms",
            p99 <= 5e-3,
        ),
        Result(
            f"`status` calls/s, {IPC_CLIENTS} concurrent clients, {IPC_LOAD_SECONDS:.0f} s",
            f"{rate:,.0f} /s",
            f"{base_rate:,.0f} /s (asyncio frame echo)",
            "none set",
            None,
        ),
        Result(
            f"service RSS, {IPC_CLIENTS} idle subscribed clients, after {IPC_IDLE_SECONDS:.0f} s",
            f"{rss:.1f} MiB",
            f"{bare_rss:.1f} MiB (same service, no clients)",
            "≤ 60 MB",
            rss * 2**20 <= 60e6,
        ),
    ]


BENCHES = {
    "evaluate": bench_evaluate,
    "day": bench_day,
    "service": bench_service_idle,
    "tray": bench_tray,
    "ipc": bench_ipc,
    "apps": lambda: [*bench_scan(), *bench_kill_latency(), *bench_monitor_cpu()],
    "sites-index": bench_sites_index,
    "dns": bench_dns_filter,
    "report-merge": bench_report_merge,
    "report-db": bench_report_db,
    "report-week": bench_report_week,
}


def _met(ok: bool | None) -> str:
    """The table's "met" cell."""
    return "—" if ok is None else "yes" if ok else "NO"


def main(names: list[str]) -> int:
    """Run the named benchmarks (all by default) and print the table."""
    chosen = names or list(BENCHES)
    rows: list[Result] = []
    for name in chosen:
        print(f"running {name}…", file=sys.stderr, flush=True)
        rows += BENCHES[name]()
    cpu = platform.processor() or platform.machine()
    print(
        f"\nMachine: {psutil.cpu_count()} cores ({cpu}), "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; {datetime.now(UTC):%Y-%m-%d}\n"
    )
    print("| benchmark | result | baseline, same run | target | met |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r.name} | {r.value} | {r.baseline} | {r.target} | {_met(r.ok)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
