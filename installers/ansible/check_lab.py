"""A lab deployed by Ansible, checked for real on this machine (CI runs it after `make packages`).

The role installs the .deb, drops the lab's managed policy, the summaries' share and the
teacher's password verifier; then, from the installed files, this checks `guardian --version`,
`guardian policy show --effective --json` (the managed values and where they come from) and
`guardian doctor --json`; runs the playbook again and shows it changed nothing; removes and
purges the package and shows nothing is left but what a purge keeps by design (the summaries).

    python installers/ansible/check_lab.py dist/guardian_0.1.0_amd64.deb

It changes the machine it runs on: run it only where that is wanted (a CI machine, a VM).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARE = Path("/var/tmp/guardian-lab-share")
LEFT_BY_PURGE = (SHARE,)
"""What stays after a purge by design: the lab's summaries are the school's data."""
GONE_AFTER_PURGE = (
    Path("/usr/bin/guardian"),
    Path("/usr/bin/guardian-tray"),
    Path("/opt/guardian"),
    Path("/etc/guardian"),
    Path("/var/lib/guardian"),
    Path("/usr/lib/systemd/system/guardian.service"),
    Path("/etc/xdg/autostart/guardian-tray.desktop"),
)


def run(*args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    """Run a command, print it and its output, and stop the check when it fails."""
    print("+", " ".join(args), flush=True)
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.stdout.strip():
        print(done.stdout.rstrip()[-4000:])
    if done.stderr.strip():
        print(done.stderr.rstrip()[-4000:], file=sys.stderr)
    if done.returncode not in ok:
        raise SystemExit(f"check_lab: {args[0]} exited {done.returncode}")
    return done


def playbook(package: Path, verifier: str, work: Path) -> dict[str, int]:
    """Run the lab playbook against this machine; the recap's counts for it."""
    inventory = work / "inventory.ini"
    inventory.write_text(
        # The machine's own Python, which has the apt bindings (python3-apt) the apt module uses.
        "[lab]\nlocalhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
        encoding="utf-8",
    )
    extra = {
        "guardian_package_file": str(package),
        "guardian_password_verifier": verifier,
        "guardian_reports_dir": str(SHARE / "{{ inventory_hostname }}"),
    }
    done = run(
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        str(inventory),
        str(HERE / "lab.yml"),
        "-e",
        json.dumps(extra),
    )
    recap = re.search(
        r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", done.stdout
    )
    if recap is None:
        raise SystemExit("check_lab: no play recap for localhost")
    ok, changed, unreachable, failed = map(int, recap.groups())
    return {"ok": ok, "changed": changed, "unreachable": unreachable, "failed": failed}


def main(argv: list[str]) -> int:
    """Deploy, check, deploy again, remove and purge."""
    if len(argv) != 1:
        print(__doc__)
        return 2
    package = Path(argv[0]).resolve()
    from argon2 import PasswordHasher

    verifier = PasswordHasher().hash("teacher-password")
    with tempfile.TemporaryDirectory() as tmp:
        first = playbook(package, verifier, Path(tmp))
        if first["failed"] or first["changed"] == 0:
            raise SystemExit(f"check_lab: the first run did not deploy: {first}")
        print(run("/usr/bin/guardian", "--version").stdout.strip())
        shown = json.loads(
            run("/usr/bin/guardian", "policy", "show", "--effective", "--json").stdout
        )
        sources = shown["sources"]
        if shown["policy"]["default_profile"] != "student" or "50-ansible.toml" not in str(
            sources.get("default_profile")
        ):
            raise SystemExit(f"check_lab: the managed policy is not in force: {sources}")
        if "60-ansible-reports.toml" not in str(sources.get("reports.folder")):
            raise SystemExit(f"check_lab: the summaries' share is not managed: {sources}")
        # The doctor says what is wrong on a machine without a running service; its report
        # must still be whole JSON.
        doctor = json.loads(run("/usr/bin/guardian", "doctor", "--json", ok=(0, 5)).stdout)
        print("doctor:", {c["name"]: c["status"] for c in doctor["checks"]})
        second = playbook(package, verifier, Path(tmp))
        if second["changed"] or second["failed"]:
            raise SystemExit(f"check_lab: the second run changed something: {second}")
        run("dpkg", "-r", "guardian")
        if Path("/usr/bin/guardian").exists() or not Path("/etc/guardian").exists():
            raise SystemExit("check_lab: removal left the program or took the settings")
        run("dpkg", "-P", "guardian")
    left = [p for p in GONE_AFTER_PURGE if p.exists() or p.is_symlink()]
    if left:
        raise SystemExit(f"check_lab: the purge left {', '.join(map(str, left))}")
    kept = [p for p in LEFT_BY_PURGE if p.exists()]
    print(f"check_lab: deployed twice (second run changed nothing), removed, purged; kept {kept}")
    for path in kept:
        shutil.rmtree(path, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
