"""Baseline for the IPC benches: an asyncio echo of length-prefixed frames on a Unix socket.

Usage: python -m bench.ipc_echo SOCKET_PATH. Prints "ready" once it listens; every frame it
reads (4-byte big-endian length, then the payload) is written back unchanged. Same framing as
the service, no JSON, no Qt: what the socket and one Python event loop cost on their own.
"""

from __future__ import annotations

import asyncio
import struct
import sys

HEADER = struct.Struct(">I")


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Send each frame back until the client goes away."""
    try:
        while True:
            header = await reader.readexactly(HEADER.size)
            (length,) = HEADER.unpack(header)
            writer.write(header + await reader.readexactly(length))
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _serve(path: str) -> None:
    server = await asyncio.start_unix_server(_echo, path=path)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


def main(path: str) -> int:
    """Serve until killed."""
    asyncio.run(_serve(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
