"""The crisis-centre safety rule as patterns: no street address and no coordinate finer than town level in any
field a person or a file can fill in. One home for the curated loaders and the plan-status register."""

from __future__ import annotations

import re

ADDRESS_COLUMN = re.compile(r"adresse|address|street|gate|postnummer|postnr|zip", re.I)
ADDRESS_TEXT = re.compile(r"\b[A-ZÆØÅ][a-zæøå]+(gata|gate|veien|vei|vegen|veg|plassen|allé)\s+\d+[a-zA-Z]?\b")
# Free text from the public (the register) is also checked case-insensitively and for a few more street words.
_ADDRESS_LOOSE = re.compile(r"\b[a-zæøå]+(gata|gate|gaten|veien|vei|vegen|veg|plassen|plass|allé|alle|bakken|brygga|"
                            r"torget|svingen|stien)\s+\d+\s?[a-zA-Z]?\b", re.I)
COORDINATE_TEXT = re.compile(
    r"-?\d{1,3}[.,]\d{3,}\s*[,;/ ]\s*-?\d{1,3}[.,]\d{3,}"    # 69.6496, 18.9560 (also inside map links)
    r"|\d{1,3}\s*°\s*\d{1,2}\s*['′]"                          # 69° 38′ (degrees and minutes)
    r"|\b(lat|lng|lon|latitude|longitude|breddegrad|lengdegrad)\s*[=:]", re.I)


def unsafe(value: str) -> str:
    """'' when the text is safe; otherwise what it looks like ('a street address' / 'a coordinate')."""
    if ADDRESS_TEXT.search(value) or _ADDRESS_LOOSE.search(value):
        return "a street address"
    if COORDINATE_TEXT.search(value):
        return "a coordinate"
    return ""
