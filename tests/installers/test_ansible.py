"""The Ansible role and lab playbook: they parse, and what they write is a policy Guardian takes.
(The real run against a machine, twice, with removal and purge, is `installers/ansible/
check_lab.py`, which CI runs on its own machine after building the package.)"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import jinja2
import yaml

from rules.policy_file import parse_policy

ROOT = Path(__file__).resolve().parents[2]
ANSIBLE = ROOT / "installers" / "ansible"
ROLE = ANSIBLE / "roles" / "guardian"


def test_the_playbook_and_role_pass_ansibles_syntax_check(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("[lab]\nlocalhost ansible_connection=local\n", encoding="utf-8")
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("ansible-playbook")),
            "-i",
            str(inventory),
            str(ANSIBLE / "lab.yml"),
            "--syntax-check",
        ],
        capture_output=True,
        text=True,
        cwd=ANSIBLE,
        env={**os.environ, "ANSIBLE_LOCAL_TEMP": str(tmp_path), "HOME": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _render(name: str, **values: str) -> str:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    environment.filters["to_json"] = lambda v: __import__("json").dumps(v)
    return environment.from_string((ROLE / "templates" / name).read_text("utf-8")).render(values)


def test_the_managed_files_it_writes_are_policies_guardian_takes() -> None:
    lab = (ANSIBLE / "lab-policy.toml").read_text("utf-8")
    managed = _render("managed.toml.j2", guardian_managed_policy=lab)
    assert parse_policy(managed, "50-ansible.toml").default_profile == "student"
    share = r"\\server\share\lab-1 \"quoted\""
    reports = tomllib.loads(_render("reports.toml.j2", guardian_reports_dir=share))
    assert reports == {"reports": {"folder": share}}


def test_every_task_is_named_and_the_password_never_logged() -> None:
    tasks = yaml.safe_load((ROLE / "tasks" / "main.yml").read_text("utf-8"))
    assert all(t.get("name") for t in tasks)
    [password] = [t for t in tasks if "verifier" in t["name"] or "password" in t["name"]]
    assert password["no_log"] is True
    # Idempotent: the command says whether it changed anything.
    assert "changed" in password["changed_when"]
    service = next(t for t in tasks if "ansible.builtin.systemd_service" in t)
    assert "systemd" in service["when"]  # machines without systemd (containers) are not failed
