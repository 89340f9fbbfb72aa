"""The layers of docs/architecture.md: rules has no Qt and nothing above; guardian no GUI, no ui."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_after(module: str) -> set[str]:
    """Top-level modules loaded by importing `module` in a fresh interpreter."""
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(out.stdout.split())


def test_rules_loads_no_qt_and_nothing_above_it() -> None:
    loaded = imported_after("rules.evaluate, rules.policy_file, rules.presets")
    assert not {m for m in loaded if m.startswith(("PySide6", "guardian", "ui", "psutil"))}


def test_guardian_service_loads_no_gui() -> None:
    loaded = imported_after("guardian.service, guardian.standalone, guardian.cli")
    assert "PySide6.QtGui" not in loaded and "PySide6.QtWidgets" not in loaded
    assert not {m for m in loaded if m == "ui" or m.startswith("ui.")}


def test_the_service_loads_no_openssl_until_it_needs_it() -> None:
    # Memory: hashlib brings OpenSSL (3.5 MiB); a child's first request or a parent's login
    # loads it, not the start.
    loaded = imported_after("guardian.service_main, guardian.features.registry, guardian.service")
    assert not loaded & {"hashlib", "_hashlib", "secrets", "pyotp"}


def test_the_tray_as_a_client_loads_neither_the_model_nor_the_settings() -> None:
    # Memory: the model (msgspec) and the parent's windows load when the parent opens them.
    loaded = imported_after("ui.app, ui.tray, guardian.ipc.client")
    assert "msgspec" not in loaded and "rules.model" not in loaded
    assert not loaded & {"ui.settings", "ui.wizard", "ui.apps_page", "PySide6.QtCharts"}
    # The parent's answering windows and the QR code load when a parent answers.
    assert not loaded & {"ui.answer_dialog", "ui.requests_page", "segno", "pyotp"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("rules", ("guardian", "ui", "PySide6", "psutil", "keyring", "sqlite3", "time")),
        ("guardian", ("ui", "PySide6.QtGui", "PySide6.QtWidgets")),
    ],
)
def test_no_module_imports_upward(package: str, forbidden: tuple[str, ...]) -> None:
    for path in (ROOT / package).rglob("*.py"):
        bad = {
            n
            for n in _imports(path)
            if n in forbidden or n.startswith(tuple(f + "." for f in forbidden))
        }
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_importing_guardian_keeps_no_source_lines(tmp_path: Path) -> None:
    """Memory: PySide6's import hook reads every module's source; none of it may stay."""
    source = tmp_path / "some_module.py"
    source.write_text("first = 1\nsecond = 2\n", encoding="utf-8")
    code = (
        "import linecache, sys, ui.app\n"
        f"assert linecache.getline({str(source)!r}, 2) == 'second = 2\\n'\n"
        "assert not linecache.cache, list(linecache.cache)[:3]\n"
        "print('ok')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "ok"
