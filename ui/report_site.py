"""The child's "Tell my parent about a site" dialog: for something on a site that upset,
scared or hurt them. Warm words first, the site's address (given, or typed or pasted), an
optional message; the report reaches the parent's Requests page and the weekly summary."""

from __future__ import annotations

import urllib.parse

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guardian.api import GuardianApi
from guardian.requests_client import RequestsClient, RequestView
from ui.ask_access import (
    end_with_buttons,
    error_label,
    heading,
    message_box,
    send_with,
    sent_after,
    show_error,
)


def host_of(text: str) -> str | None:
    """The host name in what a child typed or pasted: an address ("example.com") or a whole
    link ("https://www.example.com/page?x=1"); lower-case ASCII (IDNA for names such as
    "пример.рф"). None when there is no host name with a dot in it (nor an IP address)."""
    # Loaded here: the site rules bring msgspec, which the tray itself does without.
    from rules.sites import normalize_name

    value = text.strip()
    if not value or any(c.isspace() for c in value):
        return None
    link = value if "://" in value else "//" + value
    try:
        host = urllib.parse.urlsplit(link).hostname
    except ValueError:
        return None
    name = normalize_name(host or "")
    if name is None or "." not in name:
        return None
    return name


class ReportSiteDialog(QDialog):
    """Tells a parent about a site. With `host` (a site that was just blocked) the address is
    shown as it is; without, the child types or pastes it.

    Signals:
        sent(object): the report went out; the RequestView the service keeps.
    """

    sent = Signal(object)

    def __init__(
        self, api: GuardianApi, host: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._client = RequestsClient(api)
        self._host = host
        self.request: RequestView | None = None
        self.setWindowTitle(self.tr("Tell my parent about a site"))

        intro = QLabel(
            self.tr(
                "Did you see something on a site that upset you, scared you or felt wrong? "
                "You did the right thing telling us. It is not your fault, and you are not in "
                "trouble."
            )
        )
        intro.setWordWrap(True)
        what = QLabel(
            self.tr(
                "Your parent will see which site it was and can block it, so it does not "
                "happen again."
            )
        )
        what.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("for example: example.com"))
        self.address.setAccessibleName(self.tr("Site address"))
        address_label = QLabel(self.tr("&Site address:"))
        address_label.setObjectName("report-site-address")
        if host is None:
            address_label.setBuddy(self.address)
        else:
            self.address.setText(host)
            self.address.hide()
            address_label.setTextFormat(Qt.TextFormat.PlainText)
            address_label.setText(self.tr("The site: %1").replace("%1", host))
        self.note = message_box(self.tr("What happened? (you can leave this empty)"))
        self.note.setAccessibleName(self.tr("Message to your parent"))
        note_label = QLabel(self.tr("&Message to your parent:"))
        note_label.setBuddy(self.note)
        self.error = error_label("report-site-error")
        self.address.textChanged.connect(self.error.hide)
        self.send_button = QPushButton(self.tr("Tell my parent"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)

        form_page = QWidget()
        form = QVBoxLayout(form_page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(heading(self.tr("Tell your parent about a site")))
        form.addWidget(intro)
        form.addWidget(what)
        form.addWidget(address_label)
        form.addWidget(self.address)
        form.addWidget(note_label)
        form.addWidget(self.note)
        form.addWidget(self.error)
        end_with_buttons(form, self.send_button, cancel)

        sent_page = QWidget()
        done = QVBoxLayout(sent_page)
        done.setContentsMargins(0, 0, 0, 0)
        done.addWidget(heading(self.tr("Thank you for telling us")))
        self.sent_text = QLabel()
        self.sent_text.setObjectName("report-site-sent")
        self.sent_text.setTextFormat(Qt.TextFormat.PlainText)  # names the site
        self.sent_text.setWordWrap(True)
        done.addWidget(self.sent_text)
        self.pages = sent_after(self, form_page, sent_page, done)
        self.setMinimumWidth(460)

    @property
    def sent_page_shown(self) -> bool:
        """Whether the dialog says the report was sent."""
        return self.pages.currentIndex() == 1

    def send(self) -> bool:
        """Send the report; on success say so, else say kindly what to change or why not."""
        host = self._host or host_of(self.address.text())
        if host is None:
            show_error(
                self.error,
                self.tr(
                    "That does not look like a site's address. Write it like example.com, or "
                    "paste the link from the browser's address bar."
                ),
            )
            self.address.setFocus()
            return False
        note = self.note.toPlainText().strip()
        view = send_with(self.send_button, self.error, lambda: self._client.report_site(host, note))
        if view is None:
            return False
        self.request = view
        self.sent_text.setText(
            self.tr(
                "Your parent will see that you told them about %1. You can close the site and "
                "do something else now."
            ).replace("%1", host)
        )
        self.pages.setCurrentIndex(1)
        self.sent.emit(view)
        return True
