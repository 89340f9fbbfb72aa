"""Short tips on safe and healthy computer use (eyes, body, sleep, privacy, kindness online),
in words that fit the child's age.

Three bands follow the profile's age preset: young children (0+, 6+, 9+), 12+, and teenagers
(16+, 18+); a profile without a preset gets the 12+ words, plain enough for anyone. A tip is
picked by the day, so a window shows the same tip all day instead of a new one at each
refresh. Strings are marked with `translate("Tips", ...)` literally for pyside6-lupdate.
"""

from __future__ import annotations

import zlib
from datetime import date

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate

YOUNG = "young"
MIDDLE = "middle"
OLDER = "older"

BANDS = {"0+": YOUNG, "6+": YOUNG, "9+": YOUNG, "12+": MIDDLE, "16+": OLDER, "18+": OLDER}
"""The band of each age preset."""


def band_of(age: str | None) -> str:
    """The tips' band for an age preset; MIDDLE for none or one this version does not know."""
    return BANDS.get((age or "").strip(), MIDDLE)


def _young() -> list[str]:
    return [
        translate(
            "Tips",
            "Every 20 minutes, look at something far away for 20 seconds. Your eyes will "
            "thank you!",
        ),
        translate("Tips", "Sit with your back against the chair and your feet on the floor."),
        translate(
            "Tips",
            "Your password is like a toothbrush: just for you. Only your parents may know it.",
        ),
        translate(
            "Tips",
            "Never tell anyone online where you live, which school you go to or your phone number.",
        ),
        translate(
            "Tips",
            "If something on the screen scares you or feels wrong, tell a grown-up. You will "
            "not be in trouble.",
        ),
        translate("Tips", "Stand up, stretch and wiggle a bit after each game or video."),
        translate("Tips", "Screens off an hour before bed helps you fall asleep faster."),
        translate("Tips", "Be kind online, just like at school or on the playground."),
        translate(
            "Tips",
            "Someone you only know from the internet is still a stranger. Ask a parent "
            "before you chat.",
        ),
        translate("Tips", "Drink some water and play outside today, too."),
    ]


def _middle() -> list[str]:
    return [
        translate(
            "Tips",
            "The 20-20-20 rule: every 20 minutes, look 20 feet (6 metres) away for 20 seconds.",
        ),
        translate(
            "Tips",
            "Keep the top of the screen at eye level and your shoulders relaxed.",
        ),
        translate(
            "Tips",
            "Do not share your passwords, not even with a best friend. Friendships change; "
            "passwords should not leak.",
        ),
        translate(
            "Tips",
            "Before you post a photo, check it for your address, school or anything else "
            "that shows where you are.",
        ),
        translate(
            "Tips",
            "Saw something upsetting or scary? Talk to an adult you trust. It is never your fault.",
        ),
        translate(
            "Tips",
            "Not everyone online is who they say they are. Never meet someone from the "
            "internet without a parent.",
        ),
        translate(
            "Tips",
            "Switching screens off an hour before sleep gives you better sleep and better days.",
        ),
        translate(
            "Tips",
            "Before you send a message, ask yourself: would I say this to their face?",
        ),
        translate("Tips", "Take a short break every hour: walk around, stretch, drink some water."),
        translate(
            "Tips",
            'A message that rushes you ("click now!", "you won!") is often a trick. Ask '
            "before you click.",
        ),
    ]


def _older() -> list[str]:
    return [
        translate(
            "Tips",
            "20-20-20: every 20 minutes, look at something 6 metres away for 20 seconds. "
            "It really helps tired eyes.",
        ),
        translate(
            "Tips",
            "Screen at eye level, an arm's length away, and a proper chair: your back will "
            "notice the difference in a few years.",
        ),
        translate(
            "Tips",
            "Use a different password for each account, and turn on two-step sign-in where "
            "you can.",
        ),
        translate(
            "Tips",
            "Think twice before sharing where you are in real time. Location, school and "
            "routine add up.",
        ),
        translate(
            "Tips",
            "If someone pressures you for photos or secrets, it is not your fault. Block, "
            "keep the proof and talk to someone you trust.",
        ),
        translate(
            "Tips",
            "Feeds are built to keep you scrolling. Decide how long you want to spend before "
            "you open them.",
        ),
        translate(
            "Tips",
            "Phones and screens away an hour before sleep: you will fall asleep faster and "
            "think more clearly tomorrow.",
        ),
        translate(
            "Tips",
            "Check where a story comes from before you share it. Anyone can make a post look "
            "like news.",
        ),
        translate(
            "Tips",
            "Kind words online cost nothing. Behind every screen name is a real person.",
        ),
        translate(
            "Tips",
            "Long session? Stand up, stretch, refill your water and give your eyes a rest.",
        ),
    ]


def tips(age: str | None) -> list[str]:
    """Every tip of the band for `age`, in the current language."""
    band = band_of(age)
    if band == YOUNG:
        return _young()
    if band == OLDER:
        return _older()
    return _middle()


def tip_for(age: str | None, day: date | str, salt: str = "") -> str:
    """The tip of the day for `age`: the same all day for the same `salt` (each window passes
    its own, so the windows of one day show different tips)."""
    chosen = tips(age)
    key = f"{day}|{salt}".encode()
    # CRC-32, not hash() (salted per process) nor hashlib (it would load OpenSSL into the tray).
    index = zlib.crc32(key) % len(chosen)
    return chosen[index]


def tip_line(age: str | None, day: date | str, salt: str = "") -> str:
    """The tip with its heading, for a label: "Tip: …"."""
    return translate("Tips", "Tip: %1").replace("%1", tip_for(age, day, salt))
