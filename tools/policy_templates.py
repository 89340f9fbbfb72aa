"""Group Policy templates (ADMX with English and Russian ADML) and a sample macOS configuration
profile, generated from the policy's JSON Schema so they never drift from it.

    python tools/policy_templates.py          # write the files under installers/
    python tools/policy_templates.py --check  # exit 1 when a committed file is out of date

Windows: every setting reachable through tables only (not inside a list) is one policy whose
registry value, under `HKLM\\Software\\Policies\\Guardian`, is named by its dotted path
(`reports.folder`): REG_SZ for text and choices, REG_DWORD for numbers and switches. What
does not fit one value (profiles, lists) goes in `Policy`, a REG_MULTI_SZ holding a JSON policy
fragment. macOS: the profile's payload for the domain `org.guardian` carries the policy's own
keys. See docs/schools.md.
"""

from __future__ import annotations

import argparse
import plistlib
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rules.policy_file import policy_json_schema  # noqa: E402

KEY = r"Software\Policies\Guardian"
NAMESPACE = "Guardian.Policies"
PREFIX = "guardian"
JSON_VALUE = "Policy"
DOMAIN = "org.guardian"
ADMX = ROOT / "installers" / "windows" / "admx" / "Guardian.admx"
ADML = {
    "en": ROOT / "installers" / "windows" / "admx" / "en-US" / "Guardian.adml",
    "ru": ROOT / "installers" / "windows" / "admx" / "ru-RU" / "Guardian.adml",
}
MOBILECONFIG = ROOT / "installers" / "macos" / "org.guardian.mobileconfig"
SKIPPED = {"version"}
"""Paths that are not settings an admin pushes."""

CATEGORIES = {
    "general": ("Guardian", "Guardian"),
    "dns": ("Site filter", "Фильтр сайтов"),
    "reports": ("Weekly summaries", "Недельные сводки"),
    "reports.mail": ("Weekly summaries by e-mail", "Сводки по электронной почте"),
    "requests": ("Requests", "Запросы"),
}
"""Category of a path's table: (English, Russian)."""

LABELS: dict[str, tuple[str, str, str, str]] = {
    "timezone": (
        "Time zone",
        "The IANA time zone in which days start at midnight, e.g. Europe/Moscow.",
        "Часовой пояс",
        "Часовой пояс IANA, в котором сутки начинаются в полночь, например Europe/Moscow.",
    ),
    "default_profile": (
        "Default profile",
        "The id of the profile for every account no profile lists (e.g. students).",
        "Профиль по умолчанию",
        "Код профиля для всех учётных записей, которых нет ни в одном профиле (например, "
        "students).",
    ),
    "dns.resolver": (
        "Family resolver",
        "Where the site filter sends the names it lets through: the machine's own resolver or "
        "a family resolver.",
        "Семейный DNS",
        "Куда фильтр сайтов отправляет разрешённые имена: на DNS компьютера или на семейный DNS.",
    ),
    "reports.enabled": (
        "Write weekly summaries",
        "Enabled: a summary of each profile's week is written. Disabled: none is.",
        "Составлять недельные сводки",
        "Включено: для каждого профиля составляется сводка за неделю. Отключено: не составляется.",
    ),
    "reports.weekday": (
        "Day summaries are written",
        "The day the summary of the week that ended last is written.",
        "День составления сводки",
        "День, когда составляется сводка за последнюю закончившуюся неделю.",
    ),
    "reports.time": (
        "Time summaries are written",
        "The time of day, as HH:MM in the policy's time zone.",
        "Время составления сводки",
        "Время суток в формате ЧЧ:ММ по часовому поясу политики.",
    ),
    "reports.folder": (
        "Summaries folder",
        "A local folder or a network share (\\\\server\\share\\lab-1) for the summaries; empty: "
        "Guardian's own folder.",
        "Папка сводок",
        "Локальная папка или общая сетевая папка (\\\\server\\share\\lab-1) для сводок; пусто — "
        "собственная папка Guardian.",
    ),
    "reports.keep_weeks": (
        "Weeks of summaries kept",
        "Older weeks' files of this computer are removed from the folder.",
        "Хранить недель",
        "Файлы более старых недель этого компьютера удаляются из папки.",
    ),
    "reports.language": (
        "Language of summaries",
        "The language summaries are written in.",
        "Язык сводок",
        "Язык, на котором пишутся сводки.",
    ),
    "reports.week_starts": (
        "First day of the week",
        "The day weeks start on in summaries.",
        "Первый день недели",
        "День, с которого начинается неделя в сводках.",
    ),
    "requests.code_minutes": (
        "Minutes one code approves",
        "The most minutes one one-time code from the parent's authenticator app approves for a "
        "child's time request (5-240). A code never opens the computer outside the allowed "
        "hours.",
        "Минут по одному коду",
        "Сколько минут самое большее даёт один одноразовый код из приложения-аутентификатора "
        "родителя в ответ на запрос времени (5-240). Код никогда не открывает компьютер вне "
        "разрешённых часов.",
    ),
    "reports.mail.host": (
        "Mail server",
        "The SMTP server summaries are sent through. Set the recipients in the Policy setting's "
        "JSON (reports.mail.recipients) and the password with `guardian` on each computer.",
        "Почтовый сервер",
        "SMTP-сервер для отправки сводок. Получателей задайте в JSON параметра «Политика» "
        "(reports.mail.recipients), пароль — командой `guardian` на каждом компьютере.",
    ),
    "reports.mail.port": (
        "Mail server port",
        "587 for STARTTLS, 465 for TLS.",
        "Порт почтового сервера",
        "587 для STARTTLS, 465 для TLS.",
    ),
    "reports.mail.security": (
        "Mail connection security",
        "STARTTLS or TLS; none only for a relay on the computer itself.",
        "Защита почтового соединения",
        "STARTTLS или TLS; без защиты — только для ретранслятора на самом компьютере.",
    ),
    "reports.mail.username": (
        "Mail user name",
        "The login on the mail server; empty to send without logging in.",
        "Имя пользователя почты",
        "Логин на почтовом сервере; пусто — отправлять без входа.",
    ),
    "reports.mail.sender": (
        "Mail sender address",
        "The From address; empty: the user name.",
        "Адрес отправителя",
        "Адрес «От кого»; пусто — имя пользователя.",
    ),
}
"""Per setting: English name, English help, Russian name, Russian help."""

JSON_LABEL = (
    "Policy (JSON)",
    "A policy fragment in JSON for what one value cannot hold: profiles (matched by id), "
    "unrestricted accounts, site lists, mail recipients. Settings above win over the same "
    "values here. Example: "
    '{"profiles": [{"id": "students", "name": "Students", "preset": "12+"}]}',
    "Политика (JSON)",
    "Фрагмент политики в JSON для того, что не помещается в одно значение: профили "
    "(сопоставляются по id), учётные записи без ограничений, списки сайтов, получатели почты. "
    "Параметры выше главнее тех же значений здесь. Пример: "
    '{"profiles": [{"id": "students", "name": "Students", "preset": "12+"}]}',
)


@dataclass(frozen=True)
class Setting:
    """One scalar setting of the policy, as a Group Policy sees it."""

    path: str
    kind: str
    """"text", "number", "switch" or "choice"."""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def name(self) -> str:
        """The policy's id in the ADMX (letters, digits and "_")."""
        return self.path.replace(".", "_")

    @property
    def category(self) -> str:
        table = self.path.rpartition(".")[0]
        return table if table in CATEGORIES else "general"


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        resolved = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        return {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}
    if "anyOf" in node:
        objects = [_resolve(schema, n) for n in node["anyOf"] if n.get("type") != "null"]
        if len(objects) == 1:
            return objects[0]
    return node


def settings(schema: dict[str, Any] | None = None) -> list[Setting]:
    """Every scalar setting reachable through tables only, in schema order."""
    schema = schema or policy_json_schema()
    found: list[Setting] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, raw in node["properties"].items():
            path = f"{prefix}{key}"
            if path in SKIPPED:
                continue
            spec = _resolve(schema, raw)
            if spec.get("type") == "object":
                walk(spec, path + ".")
            elif "enum" in spec:
                found.append(Setting(path, "choice", tuple(sorted(spec["enum"]))))
            elif spec.get("type") == "boolean":
                found.append(Setting(path, "switch"))
            elif spec.get("type") == "integer":
                found.append(Setting(path, "number", (), spec.get("minimum"), spec.get("maximum")))
            elif spec.get("type") == "string":
                found.append(Setting(path, "text"))

    walk(schema, "")
    return found


CHOICE_NAMES = {
    "mon": ("Monday", "Понедельник"),
    "tue": ("Tuesday", "Вторник"),
    "wed": ("Wednesday", "Среда"),
    "thu": ("Thursday", "Четверг"),
    "fri": ("Friday", "Пятница"),
    "sat": ("Saturday", "Суббота"),
    "sun": ("Sunday", "Воскресенье"),
    "en": ("English", "Английский"),
    "ru": ("Russian", "Русский"),
    "system": ("The computer's own resolver", "DNS компьютера"),
    "yandex-family": ("Yandex.DNS family", "Яндекс.DNS семейный"),
    "cloudflare-family": ("Cloudflare for Families", "Cloudflare для семей"),
    "adguard-family": ("AdGuard DNS family", "AdGuard DNS семейный"),
    "cleanbrowsing-family": ("CleanBrowsing family", "CleanBrowsing семейный"),
    "custom": ("Servers listed in the Policy JSON", "Серверы из JSON политики"),
    "starttls": ("STARTTLS", "STARTTLS"),
    "tls": ("TLS", "TLS"),
    "none": ("None (a relay on this computer)", "Нет (ретранслятор на этом компьютере)"),
}


def _choice_id(setting: Setting, value: str) -> str:
    return f"{setting.name}_{value.replace('-', '_')}"


def admx(found: list[Setting]) -> str:
    """The ADMX: categories, and one policy per setting plus the JSON fragment."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!-- Generated by tools/policy_templates.py from the policy's JSON Schema. -->",
        '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" '
        'schemaVersion="1.0" '
        'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
        "  <policyNamespaces>",
        f'    <target prefix="{PREFIX}" namespace="{NAMESPACE}" />',
        '    <using prefix="windows" namespace="Microsoft.Policies.Windows" />',
        "  </policyNamespaces>",
        '  <resources minRequiredRevision="1.0" />',
        "  <supportedOn>",
        "    <definitions>",
        '      <definition name="SUPPORTED_Guardian" displayName="$(string.SUPPORTED_Guardian)" />',
        "    </definitions>",
        "  </supportedOn>",
        "  <categories>",
        '    <category name="cat_general" displayName="$(string.cat_general)" />',
    ]
    for table in CATEGORIES:
        if table != "general":
            name = "cat_" + table.replace(".", "_")
            lines.append(
                f'    <category name="{name}" displayName="$(string.{name})">'
                '<parentCategory ref="cat_general" /></category>'
            )
    lines += ["  </categories>", "  <policies>"]
    for setting in found:
        lines += _policy(setting)
    lines += [
        f'    <policy name="{JSON_VALUE}" class="Machine" '
        f'displayName="$(string.{JSON_VALUE})" explainText="$(string.{JSON_VALUE}_Help)" '
        f'presentation="$(presentation.{JSON_VALUE})" key="{KEY}">',
        '      <parentCategory ref="cat_general" />',
        '      <supportedOn ref="SUPPORTED_Guardian" />',
        "      <elements>",
        f'        <multiText id="{JSON_VALUE}" valueName="{JSON_VALUE}" maxStrings="1000" />',
        "      </elements>",
        "    </policy>",
        "  </policies>",
        "</policyDefinitions>",
    ]
    return "\n".join(lines) + "\n"


def _policy(setting: Setting) -> list[str]:
    category = "cat_" + setting.category.replace(".", "_")
    head = (
        f'    <policy name="{setting.name}" class="Machine" '
        f'displayName="$(string.{setting.name})" explainText="$(string.{setting.name}_Help)"'
    )
    common = [
        f'      <parentCategory ref="{category}" />',
        '      <supportedOn ref="SUPPORTED_Guardian" />',
    ]
    if setting.kind == "switch":
        return [
            f'{head} key="{KEY}" valueName="{setting.path}">',
            *common,
            '      <enabledValue><decimal value="1" /></enabledValue>',
            '      <disabledValue><decimal value="0" /></disabledValue>',
            "    </policy>",
        ]
    lines = [f'{head} presentation="$(presentation.{setting.name})" key="{KEY}">', *common]
    lines.append("      <elements>")
    if setting.kind == "text":
        lines.append(
            f'        <text id="{setting.name}" valueName="{setting.path}" required="true" />'
        )
    elif setting.kind == "number":
        bounds = f' minValue="{setting.minimum or 0}"'
        if setting.maximum is not None:
            bounds += f' maxValue="{setting.maximum}"'
        lines.append(
            f'        <decimal id="{setting.name}" valueName="{setting.path}" required="true"'
            f"{bounds} />"
        )
    else:
        lines.append(
            f'        <enum id="{setting.name}" valueName="{setting.path}" required="true">'
        )
        for value in setting.choices:
            lines += [
                f'          <item displayName="$(string.{_choice_id(setting, value)})">',
                f"            <value><string>{escape(value)}</string></value>",
                "          </item>",
            ]
        lines.append("        </enum>")
    lines += ["      </elements>", "    </policy>"]
    return lines


def adml(found: list[Setting], language: str) -> str:
    """The strings and presentations of one language."""
    russian = language == "ru"
    strings: list[tuple[str, str]] = [
        ("SUPPORTED_Guardian", "Guardian 0.1 и новее" if russian else "Guardian 0.1 or later"),
    ]
    for table, (en, ru) in CATEGORIES.items():
        strings.append(("cat_" + table.replace(".", "_"), ru if russian else en))
    presentations: list[str] = []
    for setting in found:
        en_name, en_help, ru_name, ru_help = LABELS[setting.path]
        name, help_text = (ru_name, ru_help) if russian else (en_name, en_help)
        strings += [
            (setting.name, name),
            (f"{setting.name}_Help", f"{help_text}\n\n{setting.path}"),
        ]
        for value in setting.choices:
            en_choice, ru_choice = CHOICE_NAMES.get(value, (value, value))
            strings.append((_choice_id(setting, value), ru_choice if russian else en_choice))
        if setting.kind == "text":
            presentations.append(
                f'      <presentation id="{setting.name}"><textBox refId="{setting.name}">'
                f"<label>{escape(name)}</label></textBox></presentation>"
            )
        elif setting.kind == "number":
            presentations.append(
                f'      <presentation id="{setting.name}"><decimalTextBox refId="{setting.name}">'
                f"{escape(name)}</decimalTextBox></presentation>"
            )
        elif setting.kind == "choice":
            presentations.append(
                f'      <presentation id="{setting.name}"><dropdownList refId="{setting.name}">'
                f"{escape(name)}</dropdownList></presentation>"
            )
    en_name, en_help, ru_name, ru_help = JSON_LABEL
    name, help_text = (ru_name, ru_help) if russian else (en_name, en_help)
    strings += [(JSON_VALUE, name), (f"{JSON_VALUE}_Help", help_text)]
    presentations.append(
        f'      <presentation id="{JSON_VALUE}"><multiTextBox refId="{JSON_VALUE}">'
        f"{escape(name)}</multiTextBox></presentation>"
    )
    title = "Guardian: шаблон политики" if russian else "Guardian policy template"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!-- Generated by tools/policy_templates.py from the policy's JSON Schema. -->",
        '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" '
        'schemaVersion="1.0" '
        'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
        f"  <displayName>{title}</displayName>",
        f"  <description>{title}</description>",
        "  <resources>",
        "    <stringTable>",
        *(f'      <string id="{i}">{escape(text)}</string>' for i, text in strings),
        "    </stringTable>",
        "    <presentationTable>",
        *presentations,
        "    </presentationTable>",
        "  </resources>",
        "</policyDefinitionResources>",
    ]
    return "\n".join(lines) + "\n"


SAMPLE_POLICY: dict[str, Any] = {
    "timezone": "Europe/Moscow",
    "default_profile": "students",
    "profiles": [
        {
            "id": "students",
            "name": "Students",
            "preset": "12+",
            "daily_budget": {d: 120 for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
        }
    ],
    "unrestricted_accounts": ["teacher"],
    "dns": {"resolver": "yandex-family"},
    "reports": {"folder": "/Volumes/lab-share/guardian", "keep_weeks": 26, "language": "ru"},
}
"""The sample profile's managed policy: a lab's students, 2 h a day, summaries on a share."""


def mobileconfig() -> bytes:
    """A sample configuration profile for macOS (managed preferences of `org.guardian`)."""
    seed = uuid.UUID("6b1f7c1e-0d55-4d9b-9a51-7f1d3c2a9e10")
    payload = {
        "PayloadType": DOMAIN,
        "PayloadVersion": 1,
        "PayloadIdentifier": f"{DOMAIN}.policy",
        "PayloadUUID": str(uuid.uuid5(seed, "payload")).upper(),
        "PayloadDisplayName": "Guardian policy",
        "PayloadEnabled": True,
        **SAMPLE_POLICY,
    }
    profile = {
        "PayloadContent": [payload],
        "PayloadDisplayName": "Guardian: lab policy",
        "PayloadDescription": "Guardian's managed policy for a school lab (a sample to edit).",
        "PayloadIdentifier": f"{DOMAIN}.profile",
        "PayloadOrganization": "Your school",
        "PayloadRemovalDisallowed": True,
        "PayloadScope": "System",
        "PayloadType": "Configuration",
        "PayloadUUID": str(uuid.uuid5(seed, "profile")).upper(),
        "PayloadVersion": 1,
    }
    return plistlib.dumps(profile, fmt=plistlib.FMT_XML, sort_keys=True)


def outputs() -> dict[Path, bytes]:
    """Every generated file and its content."""
    found = settings()
    missing = [s.path for s in found if s.path not in LABELS]
    if missing:
        raise SystemExit(f"tools/policy_templates.py: no labels for {', '.join(missing)}")
    return {
        ADMX: admx(found).encode("utf-8"),
        ADML["en"]: adml(found, "en").encode("utf-8"),
        ADML["ru"]: adml(found, "ru").encode("utf-8"),
        MOBILECONFIG: mobileconfig(),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the templates, or with --check say which are out of date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = []
    for path, data in outputs().items():
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(f"{path.relative_to(ROOT)} is out of date: run python tools/policy_templates.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
