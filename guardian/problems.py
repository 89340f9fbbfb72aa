"""Problems: what the parent must know or fix, as codes with arguments, never as raw text.

Parts of the service raise problems; the parent's windows turn each code into a translated
sentence with a fix (ui/texts.py), and a child's tray only learns that something needs a parent.
`detail` carries the technical words (a file and line, an OS error) for the parent and the log;
it never reaches a child.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ProblemCode(StrEnum):
    """Every kind of problem the service can raise (the UI has a sentence for each)."""

    POLICY_NOT_APPLIED = "policy_not_applied"
    """A policy file failed to read or validate; the last good policy stays. Args: file."""
    MANAGED_POLICY_INVALID = "managed_policy_invalid"
    """A managed or recommended policy file, or the OS-managed policy, failed to read or
    validate; its last good content stays. Args: file, layer (managed, recommended, os), line
    (when known)."""
    STATE_RECOVERED = "state_recovered"
    """The state database was damaged and rebuilt from a snapshot. Args: file."""
    STATE_LOST = "state_lost"
    """The state database was damaged and nothing could be recovered: today counts as used up
    until the parent grants time. Args: file."""
    STORAGE_FAILING = "storage_failing"
    """State cannot be written (disk full, read-only, I/O errors); counting goes on in memory.
    Args: folder, reason (full, read_only, io_error, other)."""
    ADMIN_CHILD = "admin_child"
    """A restricted account is an OS administrator. Args: account, profile."""
    ACCOUNT_ADDED = "account_added"
    """An account appeared after setup. Args: account, profile (empty: not restricted)."""
    SECRETS_EDITED = "secrets_edited"
    """The secrets file was changed outside Guardian. Args: file."""
    ENFORCEMENT_FAILED = "enforcement_failed"
    """An action on a session failed. Args: account, step."""
    APPS_UNSUPPORTED = "apps_unsupported"
    """The policy has app rules this system cannot enforce."""
    SITE_FILTER_DOWN = "site_filter_down"
    """The site filter is not running or cannot do its work; it is being started again.
    Args: step (when it reported what failed)."""
    SITE_SYSTEM_DNS = "site_system_dns"
    """The machine's DNS could not be pointed at the site filter."""
    SITE_ATTRIBUTION = "site_attribution"
    """Per-account DNS redirection failed; sites follow the active session's profile."""
    SITE_BROWSERS = "site_browsers"
    """Browser policies could not be written for some browsers."""
    SITE_LISTS_MISSING = "site_lists_missing"
    """Profiles block categories whose lists are not installed. Args: categories."""
    SITE_LISTS_FAILED = "site_lists_failed"
    """The category lists could not be built or opened; the last good ones stay."""
    REPORT_FOLDER = "report_folder"
    """Weekly summaries cannot be written into their folder; retried. Args: folder, reason
    (full, read_only, denied, not_folder, missing, other)."""
    REPORT_FAILED = "report_failed"
    """Weekly summaries could not be made or written; retried. Args: week."""
    REPORT_MAIL = "report_mail"
    """Weekly summaries wait in the outbox: the mail server could not take them; retried.
    Args: host, reason (a code of `guardian.reports.mail.REASONS`), waiting (messages)."""
    FEATURE_FAILED = "feature_failed"
    """A part of the service keeps failing; restricted sessions are held at time-up.
    Args: feature."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: a code, its arguments for the sentence, and technical detail."""

    code: ProblemCode
    args: dict[str, str] = field(default_factory=dict)
    detail: str = ""
    """Technical words for the parent and the log (file, line, OS error); never for a child."""
    dismissable: bool = True
    """Whether the parent may hide it; a problem that still holds comes back when raised anew."""

    @property
    def key(self) -> str:
        """Stable identity: the code and its arguments (detail may change between ticks)."""
        return "|".join([self.code.value, *(f"{k}={v}" for k, v in sorted(self.args.items()))])
