"""A machine and an upstream resolver, each in a network namespace of its own, for the nft test.

Run as `unshare -n python -m tests.guardian.system_dns.netns_scenario machine CHILD OTHER` from
the repository root (as root). The "machine" namespace starts the "upstream" one (a nested
`unshare -n`), joins them with a veth pair (192.0.2.0/24 and 2001:db8::/64, documentation
ranges that exist only inside these namespaces), puts Guardian's real nftables rules in force
with `DnsAttribution`, and asks DNS questions as the given uids with `setpriv` and `dig`. It
prints one JSON object: what each question got, or {"skip": reason} when the kernel refuses
namespaces, veth or nftables NAT. Nothing here decides pass or fail; the test does.
"""

from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import threading
from typing import Any

import dns.message
import dns.rrset

from guardian.platform.commands import CommandRunner
from guardian.platform.nft import DnsAttribution

UPSTREAM_V4 = "192.0.2.53"
UPSTREAM_V6 = "2001:db8::53"
MACHINE_V4 = "192.0.2.2"
MACHINE_V6 = "2001:db8::2"
STUB_V4 = "127.0.0.53"
"""Where systemd-resolved's stub listens; nothing listens there in the machine namespace."""
UPSTREAM_ANSWER = "10.0.0.2"
PROFILE_ANSWERS = {5301: "10.0.0.1", 5302: "10.0.0.3"}
NAME = "probe.example."
QUESTION_TIMEOUT = 1
MODULE = "tests.guardian.system_dns.netns_scenario"

PROBE_853 = """
import socket, sys
host, kind = sys.argv[1], sys.argv[2]
if kind == "tcp":
    s = socket.socket(); s.settimeout(1)
    try:
        s.connect((host, 853)); print("connected")
    except ConnectionRefusedError:
        print("refused")
    except OSError as e:
        print(type(e).__name__)
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1)
    try:
        s.sendto(b"ping", (host, 853)); print("echo" if s.recv(16) == b"ping" else "other")
    except TimeoutError:
        print("no reply")
    except OSError as e:
        print(type(e).__name__)
"""


class TinyResolver:
    """Answers every A question with one address, over UDP and TCP, on one address and port."""

    def __init__(self, host: str, port: int, answer: str) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.answer = answer
        self.udp = socket.socket(family, socket.SOCK_DGRAM)
        self.tcp = socket.socket(family, socket.SOCK_STREAM)
        for sock in (self.udp, self.tcp):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
        self.tcp.listen(8)
        threading.Thread(target=self._serve_udp, daemon=True).start()
        threading.Thread(target=self._serve_tcp, daemon=True).start()

    def _reply(self, wire: bytes) -> bytes:
        query = dns.message.from_wire(wire)
        response = dns.message.make_response(query)
        question = query.question[0]
        response.answer.append(dns.rrset.from_text(question.name, 60, "IN", "A", self.answer))
        return response.to_wire()

    def _serve_udp(self) -> None:
        while True:
            wire, peer = self.udp.recvfrom(4096)
            self.udp.sendto(self._reply(wire), peer)

    def _serve_tcp(self) -> None:
        while True:
            connection, _ = self.tcp.accept()
            with connection:
                (length,) = struct.unpack("!H", _read(connection, 2))
                reply = self._reply(_read(connection, length))
                connection.sendall(struct.pack("!H", len(reply)) + reply)


def _read(connection: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise ConnectionError("peer closed")
        data += chunk
    return data


def _serve_encrypted_port(host: str) -> None:
    """TCP 853 that accepts and UDP 853 that echoes, so a refusal can only be the rules'."""
    tcp = socket.socket()
    tcp.bind((host, 853))
    tcp.listen(8)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((host, 853))

    def accept() -> None:
        while True:
            tcp.accept()[0].close()

    def echo() -> None:
        while True:
            data, peer = udp.recvfrom(64)
            udp.sendto(data, peer)

    threading.Thread(target=accept, daemon=True).start()
    threading.Thread(target=echo, daemon=True).start()


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True, timeout=10)


def run_upstream() -> None:
    """The far side: waits for its end of the veth pair, then answers as a public resolver."""
    print("started", flush=True)
    if sys.stdin.readline().strip() != "link":
        return
    _ip("link", "set", "lo", "up")
    _ip("addr", "add", f"{UPSTREAM_V4}/24", "dev", "v1")
    _ip("-6", "addr", "add", f"{UPSTREAM_V6}/64", "dev", "v1", "nodad")
    _ip("link", "set", "v1", "up")
    TinyResolver(UPSTREAM_V4, 53, UPSTREAM_ANSWER)
    TinyResolver(UPSTREAM_V6, 53, UPSTREAM_ANSWER)
    _serve_encrypted_port(UPSTREAM_V4)
    print("ready", flush=True)
    sys.stdin.read()  # until the machine side closes the pipe


def _as(uid: int, *argv: str) -> list[str]:
    if uid == 0:
        return list(argv)
    return ["setpriv", "--reuid", str(uid), "--regid", str(uid), "--clear-groups", *argv]


def ask(uid: int, server: str, *, tcp: bool = False) -> str:
    """The A answer `uid` gets from `server` port 53, or what went wrong."""
    argv = ["dig", "+short", f"+time={QUESTION_TIMEOUT}", "+tries=1", f"@{server}", NAME, "A"]
    if tcp:
        argv.insert(2, "+tcp")
    done = subprocess.run(_as(uid, *argv), check=False, capture_output=True, text=True, timeout=20)
    answer = done.stdout.strip()
    return answer if answer and not answer.startswith(";;") else "no answer"


def probe_853(uid: int, kind: str) -> str:
    """What `uid` gets on port 853 of the upstream: connected/refused (TCP), echo/no reply (UDP)."""
    argv = _as(uid, sys.executable, "-I", "-c", PROBE_853, UPSTREAM_V4, kind)
    return subprocess.run(
        argv, check=False, capture_output=True, text=True, timeout=20
    ).stdout.strip()


def _observe(child: int, other: int) -> dict[str, str]:
    return {
        "child udp": ask(child, UPSTREAM_V4),
        "child tcp": ask(child, UPSTREAM_V4, tcp=True),
        "child udp6": ask(child, UPSTREAM_V6),
        "child stub": ask(child, STUB_V4),
        "other udp": ask(other, UPSTREAM_V4),
        "root udp": ask(0, UPSTREAM_V4),
        "root tcp": ask(0, UPSTREAM_V4, tcp=True),
    }


def _upstream_answers() -> bool:
    """Whether root reaches the upstream over both families (IPv6 may need a moment)."""
    for _ in range(10):
        if ask(0, UPSTREAM_V4) == UPSTREAM_ANSWER and ask(0, UPSTREAM_V6) == UPSTREAM_ANSWER:
            return True
    return False


def _kernel_refusal() -> str | None:
    """Why this kernel cannot run the test (no nftables NAT in the inet family), or None."""
    probe = "table inet guardian_probe {\n chain o { type nat hook output priority -100; }\n}\n"
    done = subprocess.run(
        ["nft", "-f", "-"], check=False, input=probe, capture_output=True, text=True, timeout=10
    )
    if done.returncode != 0:
        return f"the kernel refuses an inet NAT output chain: {done.stderr.strip()}"
    subprocess.run(["nft", "delete", "table", "inet", "guardian_probe"], check=True, timeout=10)
    return None


def run_machine(child: int, other: int) -> dict[str, Any]:
    """The machine with Guardian's rules: questions asked under each ruleset, in order."""
    _ip("link", "set", "lo", "up")
    refusal = _kernel_refusal()
    if refusal:
        return {"skip": refusal}
    # unshare runs Python in place (same pid) inside the far side's own namespace.
    upstream = subprocess.Popen(
        ["unshare", "-n", sys.executable, "-m", MODULE, "upstream"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert upstream.stdin is not None and upstream.stdout is not None
    try:
        if upstream.stdout.readline().strip() != "started":
            return {"error": "the upstream namespace did not start"}
        made = subprocess.run(
            [
                "ip",
                "link",
                "add",
                "v0",
                "type",
                "veth",
                "peer",
                "name",
                "v1",
                "netns",
                str(upstream.pid),
            ],
            check=False,
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            return {"skip": f"the kernel refuses a veth pair: {made.stderr.strip()}"}
        _ip("addr", "add", f"{MACHINE_V4}/24", "dev", "v0")
        _ip("-6", "addr", "add", f"{MACHINE_V6}/64", "dev", "v0", "nodad")
        _ip("link", "set", "v0", "up")
        upstream.stdin.write("link\n")
        upstream.stdin.flush()
        if upstream.stdout.readline().strip() != "ready":
            return {"error": "the upstream resolver did not start"}
        if not _upstream_answers():
            return {"error": "the upstream resolver is not reachable over IPv4 and IPv6"}
        for port, answer in PROFILE_ANSWERS.items():
            TinyResolver("127.0.0.1", port, answer)
            TinyResolver("::1", port, answer)
        rules = DnsAttribution(CommandRunner(timeout=10))
        phases: dict[str, Any] = {"before": _observe(child, other)}
        first = rules.apply({child: 5301})
        phases["one child"] = {
            "result": [first.ok, first.error],
            "active": {str(k): v for k, v in rules.active().items()},
            **_observe(child, other),
            "child dot": probe_853(child, "tcp"),
            "root dot": probe_853(0, "tcp"),
            "child doq": probe_853(child, "udp"),
            "root doq": probe_853(0, "udp"),
        }
        both = rules.apply({child: 5301, other: 5302})
        phases["two children"] = {
            "result": [both.ok, both.error],
            "active": {str(k): v for k, v in rules.active().items()},
            **_observe(child, other),
        }
        replaced = rules.apply({other: 5302})
        phases["replaced"] = {
            "result": [replaced.ok, replaced.error],
            "active": {str(k): v for k, v in rules.active().items()},
            **_observe(child, other),
        }
        removed = rules.remove()
        phases["removed"] = {
            "result": [removed.ok, removed.error],
            "active": {str(k): v for k, v in rules.active().items()},
            **_observe(child, other),
            "child dot": probe_853(child, "tcp"),
        }
        again = rules.remove()
        phases["removed twice"] = {"result": [again.ok, again.error]}
        return phases
    finally:
        upstream.stdin.close()
        upstream.wait(timeout=10)


if __name__ == "__main__":
    if sys.argv[1] == "upstream":
        run_upstream()
    else:
        print(json.dumps(run_machine(int(sys.argv[2]), int(sys.argv[3]))), flush=True)
