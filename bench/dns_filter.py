"""Guardian's DNS filter next to dnsmasq, in one run, with the same million blocked names.

`python -m bench dns` (or `python -m bench.dns_filter`). Needs Debian's `dnsmasq-base` and
`dnsperf` (`apt-get install -y dnsmasq-base dnsperf`); says so and exits non-zero without them.

Three servers on loopback: an upstream (dnsmasq answering every name with 192.0.2.1, TTL one
hour), dnsmasq with the names as `address=/NAME/` lines (NXDOMAIN for the name and its
subdomains, as Guardian answers a blocked name) forwarding to the upstream, and Guardian's filter
process (`python -m guardian.dns`, started and configured through `FilterClient`) with the names
compiled into a one-category index that the profile blocks, forwarding to the same upstream.
Both filters are pinned to CPU 1 and dnsperf to CPU 0 (the upstream shares CPU 0), the same way
for both; each figure is the median of `REPEAT` runs that alternate between the two.
Everything is written under a temporary folder in /tmp and removed at the end.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT, Result
from bench.sites_index import SEED, million_names

REPEAT = 3
SECONDS = 5
FIXED_QPS = 2000
UNCACHED = 1000
"""Sequential queries for names nobody asked before, per run."""
CACHED_NAMES = 64
TCP_CLIENTS = 4
UPSTREAM_ADDRESS = "192.0.2.1"
SERVER_CPU = "1"
LOAD_CPU = "0"
CATEGORY = "blocked"


@dataclass
class Run:
    """What one dnsperf run reported."""

    qps: float
    lost: int
    codes: str
    latencies: list[float]


def _require_tools() -> None:
    missing = [tool for tool in ("dnsmasq", "dnsperf", "taskset") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"bench dns: {', '.join(missing)} not found; install them with "
            "`apt-get install -y dnsmasq-base dnsperf` (taskset: util-linux)"
        )


def _pinned(cpu: str, args: list[str]) -> list[str]:
    return ["taskset", "-c", cpu, *args] if (os.cpu_count() or 1) > 1 else args


def _free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port: int = udp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port


def _query(name: str, ident: int = 0x4242) -> bytes:
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split("."))
    return struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + labels + b"\x00\x00\x01\x00\x01"


def _first_answer(port: int, started: float, proc: subprocess.Popen[bytes], limit: float) -> float:
    """Seconds from `started` to the first reply on `port`, asking every 2 ms."""
    packet = _query("first.answer.test")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.002)
        while time.perf_counter() - started < limit:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode} before answering")
            sock.sendto(packet, ("127.0.0.1", port))
            try:
                sock.recv(512)
                return time.perf_counter() - started
            except (TimeoutError, ConnectionRefusedError):
                continue
    raise TimeoutError(f"no answer on port {port} within {limit} s")


def _memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MiB."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss / 1024, pss / 1024


def _dnsperf(port: int, data: Path, *, seconds: float | None = None, **options: str) -> Run:
    args = ["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", str(data), "-t", "2"]
    if seconds is not None:
        args += ["-l", str(seconds)]
    for flag, value in options.items():
        args += [f"-{flag}"] if value == "" else [f"-{flag}", value]
    out = subprocess.run(
        _pinned(LOAD_CPU, args), capture_output=True, text=True, check=True, timeout=120
    ).stdout
    qps = float(re.search(r"Queries per second:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lost = int(re.search(r"Queries lost:\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    codes = re.search(r"Response codes:\s+(.*)", out)
    latencies = [float(line.rsplit(None, 1)[1]) for line in out.splitlines() if line[:2] == "> "]
    return Run(qps, lost, codes.group(1) if codes else "none", latencies)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class _Guardian:
    """The real filter process, through the service's own handle on it."""

    def __init__(self, folder: Path, index: Path, upstream: int) -> None:
        from guardian.dns.config import FilterConfig, Listener, ProfileFilter
        from guardian.dns.process import FilterClient

        self.port = _free_port()
        self.ready = threading.Event()
        self.reports: list[object] = []

        def on_report(report: object) -> None:
            kind = type(report).__name__
            if kind == "Failed":
                self.reports.append(report)
            if kind in ("Ready", "Failed"):
                self.ready.set()

        command = tuple(_pinned(SERVER_CPU, [sys.executable, "-m", "guardian.dns"]))
        self.client = FilterClient(on_report, command=command, cwd=str(ROOT))
        self.config = FilterConfig(
            listeners=(Listener("127.0.0.1", self.port),),
            upstreams=(f"127.0.0.1:{upstream}",),
            profiles=(ProfileFilter("kid", block_categories=(CATEGORY,), safe_search=False),),
            default_profile="kid",
            index=str(index),
        )

    def start(self) -> float:
        started = time.perf_counter()
        self.client.start()
        self.client.send(self.config)
        process = self.client._process
        assert process is not None
        first = _first_answer(self.port, started, process, 30)
        if self.reports:
            raise RuntimeError(f"the filter refused its config: {self.reports}")
        return first

    @property
    def pid(self) -> int:
        pid = self.client.pid
        assert pid is not None
        return pid

    def stop(self) -> None:
        self.client.stop()


class _Dnsmasq:
    def __init__(self, folder: Path, name: str, args: list[str], cpu: str) -> None:
        self.port = _free_port()
        self.log = folder / f"{name}.log"
        self.args = _pinned(
            cpu,
            [
                "dnsmasq",
                "--keep-in-foreground",
                "--no-resolv",
                "--no-hosts",
                "--bind-interfaces",
                "--listen-address=127.0.0.1",
                f"--port={self.port}",
                "--pid-file=",
                "--user=root",
                f"--log-facility={self.log}",
                *args,
            ],
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            self.args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/tmp"
        )
        return _first_answer(self.port, started, self.process, 60)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def _write_inputs(folder: Path) -> tuple[list[str], dict[str, Path]]:
    """The blocked names (deduplicated, in a fixed order) and the dnsperf input files."""
    names = list(dict.fromkeys(n for names in million_names().values() for n in names))
    rng = random.Random(SEED + 2)
    files = {}
    blocked = [rng.choice(("", "", "", "www.")) + rng.choice(names) for _ in range(200_000)]
    files["blocked"] = folder / "blocked.txt"
    files["blocked"].write_text("".join(f"{n} A\n" for n in blocked))
    cached = [f"site{i}.allowed.test" for i in range(CACHED_NAMES)]
    files["cached"] = folder / "cached.txt"
    files["cached"].write_text("".join(f"{n} A\n" for n in cached))
    files["mixed"] = folder / "mixed.txt"
    files["mixed"].write_text("".join(f"{b} A\n{rng.choice(cached)} A\n" for b in blocked[:20_000]))
    for who in ("guardian", "dnsmasq", "upstream"):
        for rep in range(REPEAT):
            path = files[f"uncached-{who}-{rep}"] = folder / f"uncached-{who}-{rep}.txt"
            path.write_text(
                "".join(
                    f"{who}{rep}n{i}.fresh{rng.randrange(10**9)}.test A\n" for i in range(UNCACHED)
                )
            )
    return names, files


def measure() -> tuple[list[tuple[str, str, str, str, str, bool | None]], dict[str, str]]:
    """Run everything; rows of (figure, Guardian, dnsmasq, ratio, target, met) and notes."""
    _require_tools()
    from guardian.sites.index import compile_index

    folder = Path(tempfile.mkdtemp(prefix="guardian-bench-dns-"))
    servers: list[_Guardian | _Dnsmasq] = []
    try:
        names, files = _write_inputs(folder)
        index = folder / "index.bin"
        start = time.perf_counter()
        compile_index({CATEGORY: names}, index)
        compiled = time.perf_counter() - start
        conf = folder / "blocked.conf"
        conf.write_text("".join(f"address=/{n}/\n" for n in names))
        del names
        upstream = _Dnsmasq(
            folder, "upstream", [f"--address=/#/{UPSTREAM_ADDRESS}", "--local-ttl=3600"], LOAD_CPU
        )
        upstream.start()
        servers.append(upstream)
        front = [
            f"--server=127.0.0.1#{upstream.port}",
            f"--conf-file={conf}",
            "--cache-size=10000",
            "--dns-forward-max=2048",
        ]
        dnsmasq = _Dnsmasq(folder, "dnsmasq", front, SERVER_CPU)
        guardian = _Guardian(folder, index, upstream.port)
        first = {"guardian": guardian.start()}
        servers.append(guardian)
        first["dnsmasq"] = dnsmasq.start()
        servers.append(dnsmasq)
        pair = {"guardian": guardian, "dnsmasq": dnsmasq}
        time.sleep(1)
        memory = {who: _memory(s.pid) for who, s in pair.items()}
        for server in pair.values():  # warm the cache with the allowed names
            _dnsperf(server.port, files["cached"], n="2")
        runs: dict[str, dict[str, list[Run]]] = {w: {} for w in pair}
        base: list[Run] = []
        for rep in range(REPEAT):
            base.append(
                _dnsperf(upstream.port, files[f"uncached-upstream-{rep}"], q="1", n="1", v="")
            )
            order = list(pair) if rep % 2 == 0 else list(pair)[::-1]
            for test in ("blocked", "cached", "tcp", "fixed", "uncached"):
                for who in order:
                    port = pair[who].port
                    if test == "blocked":
                        run = _dnsperf(port, files["blocked"], seconds=SECONDS, c="2")
                    elif test == "cached":
                        run = _dnsperf(port, files["cached"], seconds=SECONDS, c="2")
                    elif test == "tcp":
                        run = _dnsperf(
                            port, files["blocked"], seconds=SECONDS, m="tcp", c=str(TCP_CLIENTS)
                        )
                    elif test == "fixed":
                        run = _dnsperf(
                            port, files["mixed"], seconds=SECONDS, Q=str(FIXED_QPS), v=""
                        )
                    else:
                        run = _dnsperf(port, files[f"uncached-{who}-{rep}"], q="1", n="1", v="")
                    runs[who].setdefault(test, []).append(run)
        after = {who: _memory(s.pid) for who, s in pair.items()}
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return _rows(runs, base, memory, after, first, compiled)


def _rows(
    runs: dict[str, dict[str, list[Run]]],
    base: list[Run],
    memory: dict[str, tuple[float, float]],
    after: dict[str, tuple[float, float]],
    first: dict[str, float],
    compiled: float,
) -> tuple[list[tuple[str, str, str, str, str, bool | None]], dict[str, str]]:
    def rate(who: str, test: str) -> float:
        return statistics.median(r.qps for r in runs[who][test])

    def p99(who: str) -> float:
        return statistics.median(_percentile(r.latencies, 0.99) for r in runs[who]["fixed"])

    def p50(run: Run) -> float:
        return statistics.median(run.latencies)

    added = {
        who: statistics.median(
            p50(r) - p50(b) for r, b in zip(runs[who]["uncached"], base, strict=True)
        )
        for who in runs
    }
    rows: list[tuple[str, str, str, str, str, bool | None]] = []

    def ratio_row(label: str, test: str, target: float) -> None:
        g, d = rate("guardian", test), rate("dnsmasq", test)
        rows.append(
            (
                label,
                f"{g:,.0f} q/s",
                f"{d:,.0f} q/s",
                f"{g / d:.2f}×",
                f"≥ {target}×",
                g / d >= target,
            )
        )

    ratio_row("blocked names, UDP (random from the list)", "blocked", 1.0)
    ratio_row(f"cached allowed names, UDP ({CACHED_NAMES} names, warmed)", "cached", 0.8)
    g_rss, d_rss = memory["guardian"][0], memory["dnsmasq"][0]
    rows.append(
        (
            "RSS after loading the list",
            f"{g_rss:.1f} MiB",
            f"{d_rss:.1f} MiB",
            f"{g_rss / d_rss:.2f}×",
            "≤ 0.6×",
            g_rss / d_rss <= 0.6,
        )
    )
    g_pss, d_pss = memory["guardian"][1], memory["dnsmasq"][1]
    rows.append(
        (
            "PSS after loading the list",
            f"{g_pss:.1f} MiB",
            f"{d_pss:.1f} MiB",
            f"{g_pss / d_pss:.2f}×",
            "—",
            None,
        )
    )
    rows.append(
        (
            "RSS / PSS after all the load",
            f"{after['guardian'][0]:.1f} / {after['guardian'][1]:.1f} MiB",
            f"{after['dnsmasq'][0]:.1f} / {after['dnsmasq'][1]:.1f} MiB",
            f"{after['guardian'][0] / after['dnsmasq'][0]:.2f}×",
            "—",
            None,
        )
    )
    g99, d99 = p99("guardian"), p99("dnsmasq")
    rows.append(
        (
            f"p99 latency at {FIXED_QPS:,} q/s (blocked and cached, half each)",
            f"{g99 * 1e6:.0f} µs",
            f"{d99 * 1e6:.0f} µs",
            f"{g99 / d99:.2f}×",
            "≤ 250 µs",
            g99 <= 250e-6,
        )
    )
    upstream_p50 = statistics.median(p50(b) for b in base)
    rows.append(
        (
            "added latency, uncached name (p50 via filter − p50 straight to upstream)",
            f"{added['guardian'] * 1e6:.0f} µs",
            f"{added['dnsmasq'] * 1e6:.0f} µs",
            f"{added['guardian'] / added['dnsmasq']:.2f}×" if added["dnsmasq"] > 0 else "—",
            "≤ 60 µs",
            added["guardian"] <= 60e-6,
        )
    )
    rows.append(
        (
            "start to first answer, 1M names",
            f"{first['guardian']:.3f} s",
            f"{first['dnsmasq']:.3f} s",
            f"{first['guardian'] / first['dnsmasq']:.2f}×",
            "≤ 0.3 s",
            first["guardian"] <= 0.3,
        )
    )
    g, d = rate("guardian", "tcp"), rate("dnsmasq", "tcp")
    rows.append(
        (
            f"TCP, {TCP_CLIENTS} connections, blocked names",
            f"{g:,.0f} q/s",
            f"{d:,.0f} q/s",
            f"{g / d:.2f}×",
            "≥ 50,000 q/s",
            g >= 50_000,
        )
    )
    rows.append(
        (
            "compile 1M names into the index (one category)",
            f"{compiled:.2f} s",
            "—",
            "—",
            "≤ 3 s",
            compiled <= 3,
        )
    )
    notes = {
        "upstream p50": f"{upstream_p50 * 1e6:.0f} µs",
        "lost": ", ".join(
            f"{who} {test} {sum(r.lost for r in rs)}"
            for who in runs
            for test, rs in runs[who].items()
            if sum(r.lost for r in rs)
        )
        or "none",
        "codes blocked": " | ".join(f"{who}: {runs[who]['blocked'][0].codes}" for who in runs),
        "codes cached": " | ".join(f"{who}: {runs[who]['cached'][0].codes}" for who in runs),
    }
    return rows, notes


def _met(ok: bool | None) -> str:
    return "—" if ok is None else "yes" if ok else "NO"


def bench_dns_filter() -> list[Result]:
    """The rows as `bench` results (Guardian's figure, dnsmasq's as the baseline)."""
    rows, notes = measure()
    for key, value in notes.items():
        print(f"  {key}: {value}", file=sys.stderr)
    return [
        Result(name, f"{g} ({ratio} dnsmasq)" if ratio != "—" else g, f"dnsmasq {d}", target, ok)
        for name, g, d, ratio, target, ok in rows
    ]


def main() -> int:
    rows, notes = measure()
    print("| figure | Guardian | dnsmasq | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, g, d, ratio, target, ok in rows:
        print(f"| {name} | {g} | {d} | {ratio} | {target} | {_met(ok)} |")
    print()
    for key, value in notes.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
