"""Create the project's virtual environment, even where Debian's python3-venv is missing.

`python3 -m venv` needs ensurepip, which Debian ships separately; without it the environment is
made without pip and pip's wheel is fetched from PyPI and run from the wheel itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path


def main(target: str) -> int:
    """Create `target` with a working pip inside it."""
    path = Path(target)
    python = path / "bin" / "python"
    try:
        venv.EnvBuilder(with_pip=True, clear=False).create(path)
        return 0
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"venv with pip failed ({exc}); fetching pip from PyPI", file=sys.stderr)
    venv.EnvBuilder(with_pip=False, clear=True).create(path)
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as response:
        release = json.load(response)
    wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(wheel["url"], timeout=120) as response:
            wheel_path.write_bytes(response.read())
        subprocess.run(
            [str(python), f"{wheel_path}/pip", "install", "-q", str(wheel_path)], check=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".venv"))
