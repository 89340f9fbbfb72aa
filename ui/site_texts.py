"""Words for site rules: what a category list holds, and why a site was blocked or allowed,
for the parent (every detail) and for the child (plain words, never a rule string).

Both the settings dialog and the tray use them, so this module stays small and loads no
widgets. Strings are marked with `translate("SiteTexts", ...)` literally for pyside6-lupdate.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


SAFE_SEARCH_ENGINES = {
    "google": "Google",
    "youtube": "YouTube",
    "bing": "Bing",
    "duckduckgo": "DuckDuckGo",
    "yandex": "Yandex",
}
"""Search engines' names as their makers write them, by the engine names the filter reports."""


def _category_labels() -> dict[str, str]:
    # UT1's category names (French ones included, as UT1 spells them).
    return {
        "adult": translate("SiteTexts", "Pornography and other adult-only sites"),
        "mixed_adult": translate("SiteTexts", "Sites that mix adult content with other content"),
        "lingerie": translate("SiteTexts", "Lingerie and swimwear"),
        "dating": translate("SiteTexts", "Dating"),
        "sexual_education": translate("SiteTexts", "Sex education"),
        "gambling": translate("SiteTexts", "Gambling, betting and casinos"),
        "arjel": translate("SiteTexts", "Betting sites licensed in France"),
        "drogue": translate("SiteTexts", "Drugs"),
        "agressif": translate("SiteTexts", "Violence and hate"),
        "dangerous_material": translate("SiteTexts", "Dangerous materials (weapons, explosives)"),
        "sect": translate("SiteTexts", "Sects and cults"),
        "phishing": translate("SiteTexts", "Phishing and fraud"),
        "malware": translate("SiteTexts", "Malware"),
        "cryptojacking": translate("SiteTexts", "Hidden cryptocurrency mining"),
        "stalkerware": translate("SiteTexts", "Spying on other people (stalkerware)"),
        "hacking": translate("SiteTexts", "Hacking"),
        "warez": translate("SiteTexts", "Piracy"),
        "ddos": translate("SiteTexts", "Attacks on sites (DDoS services)"),
        "dialer": translate("SiteTexts", "Dialers (programs that make paid calls)"),
        "tricheur": translate("SiteTexts", "Cheating at school (ready-made homework)"),
        "fakenews": translate("SiteTexts", "Fake news"),
        "vpn": translate("SiteTexts", "VPN services (ways around the filter)"),
        "residential-proxies": translate("SiteTexts", "Residential proxy networks"),
        "redirector": translate("SiteTexts", "Proxies and anonymizers"),
        "strict_redirector": translate(
            "SiteTexts", "Proxies and anonymizers, with translators and page caches"
        ),
        "strong_redirector": translate(
            "SiteTexts", "Proxies and anonymizers, with search engines' image and page caches"
        ),
        "doh": translate("SiteTexts", "DNS-over-HTTPS resolvers (ways around the filter)"),
        "dynamic-dns": translate("SiteTexts", "Dynamic DNS addresses"),
        "remote-control": translate("SiteTexts", "Remote control of computers"),
        "social_networks": translate("SiteTexts", "Social networks"),
        "chat": translate("SiteTexts", "Chats and messengers"),
        "forums": translate("SiteTexts", "Forums"),
        "blog": translate("SiteTexts", "Blogs"),
        "webmail": translate("SiteTexts", "Web mail"),
        "games": translate("SiteTexts", "Online games"),
        "audio-video": translate("SiteTexts", "Music and video"),
        "radio": translate("SiteTexts", "Online radio"),
        "manga": translate("SiteTexts", "Manga and comics"),
        "celebrity": translate("SiteTexts", "Celebrities"),
        "shopping": translate("SiteTexts", "Online shops"),
        "publicite": translate("SiteTexts", "Advertising"),
        "bitcoin": translate("SiteTexts", "Cryptocurrencies"),
        "financial": translate("SiteTexts", "Finance and stock trading"),
        "bank": translate("SiteTexts", "Banks"),
        "filehosting": translate("SiteTexts", "File hosting"),
        "download": translate("SiteTexts", "Downloads"),
        "shortener": translate("SiteTexts", "Link shorteners"),
        "astrology": translate("SiteTexts", "Astrology"),
        "ai": translate("SiteTexts", "Artificial intelligence (chat bots)"),
        "press": translate("SiteTexts", "News and press"),
        "sports": translate("SiteTexts", "Sports"),
        "cooking": translate("SiteTexts", "Cooking"),
        "jobsearch": translate("SiteTexts", "Job search"),
        "translation": translate("SiteTexts", "Translation"),
        "child": translate("SiteTexts", "Sites made for children"),
        "educational_games": translate("SiteTexts", "Educational games"),
        "associations_religieuses": translate("SiteTexts", "Religious associations"),
    }


def category_label(name: str) -> str | None:
    """What a well-known category list holds, in words; None for a list Guardian does not
    know (an imported one, say), which is then shown by its own name."""
    return _category_labels().get(name)


def category_text(name: str) -> str:
    """A category list's description, or its own name when it has none."""
    return category_label(name) or name


def _child_category_text(name: str) -> str:
    """A category in words a young child may read: adult-only kinds are not spelt out."""
    grown_up = {"adult", "mixed_adult", "lingerie", "dating", "sexual_education"}
    if name in grown_up:
        return translate("SiteTexts", "sites for grown-ups")
    return category_text(name)


def _split(rule: str) -> tuple[str, str]:
    kind, _, value = rule.partition(":")
    return kind, value


def rule_text(rule: str, filtered: bool = True) -> str:
    """What a rule did to an address, for the parent: "Blocked: category gambling
    (Gambling, betting and casinos)", "Allowed: on your allowed list (example.org)"…"""
    if not filtered:
        return translate("SiteTexts", "Allowed: this profile's web traffic is not filtered")
    kind, value = _split(rule)
    texts = {
        "": translate("SiteTexts", "Allowed"),
        "category": translate("SiteTexts", "Blocked: category %1 (%2)"),
        "schedule-category": translate(
            "SiteTexts", "Blocked: category %1 (%2) is outside its scheduled hours"
        ),
        "block": translate("SiteTexts", "Blocked: on your blocked list (%1)"),
        "schedule": translate("SiteTexts", "Blocked: %1 is outside its scheduled hours"),
        "allowlist": translate("SiteTexts", "Blocked: not on the allowed list"),
        "canary": translate(
            "SiteTexts",
            "Blocked: Firefox asks this name before turning on its own encrypted DNS, which "
            "would get around the filter",
        ),
        "safe_search": translate("SiteTexts", "Allowed, in safe search mode (%1)"),
        "allow": translate("SiteTexts", "Allowed: on your allowed list (%1)"),
        "allow-category": translate("SiteTexts", "Allowed: in the allowed list %1 (%2)"),
    }
    text = texts.get(kind)
    if text is None:
        return translate("SiteTexts", "Decided by the rule “%1”").replace("%1", rule)
    if kind == "safe_search":
        value = SAFE_SEARCH_ENGINES.get(value, value)
    # The description goes in first: a list's own name may itself contain "%1".
    return text.replace("%2", category_text(value)).replace("%1", value)


def child_shows(rule: str) -> bool:
    """Whether a block is worth telling the child: Firefox's check before it turns on
    encrypted DNS is no site the child opened."""
    return _split(rule)[0] != "canary"


def child_reason_text(rule: str) -> str:
    """Why a site was blocked, in plain words for the child; never the rule itself."""
    kind, value = _split(rule)
    match kind:
        case "category":
            return translate("SiteTexts", "Sites of this kind are blocked: %1.").replace(
                "%1", _child_category_text(value)
            )
        case "block":
            return translate("SiteTexts", "Your parent has blocked this site.")
        case "schedule" | "schedule-category":
            return translate(
                "SiteTexts",
                "This site is allowed only at certain hours, and now is not one of them.",
            )
        case "allowlist":
            return translate("SiteTexts", "Only the sites your parent has allowed can be opened.")
    return translate("SiteTexts", "Your parent's settings do not allow this site.")


def site_blocked_notice(name: str, rule: str) -> tuple[str, str]:
    """Title and body telling the child that a site was blocked, and why."""
    title = translate("SiteTexts", "%1 is blocked").replace("%1", name)
    return title, child_reason_text(rule)
