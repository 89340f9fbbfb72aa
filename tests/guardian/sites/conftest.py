"""Site list fixtures: the reference UT1 copy beside the repository, when there is one."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _reference_ut1() -> Path | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        found = base / "shared" / "data" / "ut1"
        if (found / "gambling" / "domains").is_file():
            return found
    return None


def _made_ut1(root: Path) -> Path:
    """A UT1 folder of the same layout, for a checkout without the reference copy: black and
    white lists, comments, a category with only its `usage`."""
    lists = {
        "gambling": ("black", [f"casino{n}.example" for n in range(2000)]),
        "vpn": ("black", [f"vpn{n}.example" for n in range(1500)]),
        "child": ("white", [f"kids{n}.example" for n in range(300)]),
        "doh": ("black", [f"dns{n}.example" for n in range(50)] + ["8.8.8.8", "1.1.1.1"]),
    }
    for category, (usage, names) in lists.items():
        folder = root / category
        folder.mkdir(parents=True)
        (folder / "usage").write_text(f"{usage}\n")
        (folder / "domains").write_text("# comment\n" + "\n".join(names) + "\n")
    (root / "adult").mkdir()
    (root / "adult" / "usage").write_text("black\n")
    return root


@pytest.fixture(scope="session")
def real_ut1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real UT1 lists in `shared/data/ut1` (read-only) when they are beside the
    repository, else a folder of the same layout made here."""
    found = _reference_ut1()
    return found if found is not None else _made_ut1(tmp_path_factory.mktemp("ut1"))
