"""The crisis-centre safety rule as patterns: no street address, property number, coordinate finer than town level
or map link in any field a person or a file can fill in. One home for the curated loaders and the plan-status
register: `unsafe(value)` says in words what a value looks like, or '' when it is safe. Each rule is one named
pattern in RULES; the corpus in tests/safety_corpus.py holds the forms each rule must refuse and the titles, notes
and links it must pass (a postcode and town alone, or a coordinate with two decimals, are not finer than town level).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

ADDRESS = "a street address"
PROPERTY = "a property number (gnr/bnr)"
COORDINATE = "a coordinate"
MAP = "a link to a map"
SHORT = "a short link that hides where it leads"

ADDRESS_COLUMN = re.compile(r"adresse|address|street|gate|postnummer|postnr|zip", re.I)

_I = re.I
_L = r"[a-zæøåäöüéèáàóôç]"  # a letter of a Norwegian word (with re.I also its capital)
# " 12", "12", " nr. 12", "-12" in a slug (not NRK's -1.158), "+12" in a query; a line break ends it
# ("… vei\n1. tiltak" is a list)
_HOUSE = r"(?:[^\S\n_-]*(?:nr|nummer|no)\.?)?[^\S\n]*[_+-]*[^\S\n]*\d{1,3}(?!\d|\.\d)"
_NUMBER = r"(?:[^\S\n]*n(?:umme)?r\.?)?[^\S\n]*\d{1,3}(?!\d)"  # the same after an abbreviation: " 4", " nr. 4"
_STREET = ("gata|gaten|gate|gt|veien|vegen|vei|veg|plassen|plass|alléen|allé|bakken|brygga|bryggen|brygge|torget|"
           "torg|svingen|stien|stredet|smauet|kaia|kaien|løkka|haugen|tunet|kroken|åsen|myra|sletta|jordet|vollen|"
           "lunden|hagen|tangen|berget")
_DEGREES = r"[-+]?(?:1[0-7]\d|\d{1,2})"  # 0–179: a latitude or a longitude's whole degrees
_DEC = rf"(?<![\d.,]){_DEGREES}[.,]\d{{3,}}(?!\d)"  # 69.6492 or 69,6492: three decimals or more (≈100 m)
_DEC4 = rf"(?<![\d.,]){_DEGREES}[.,]\d{{4,}}(?!\d)"  # four decimals (≈10 m): "69.6492 og 18.9553"
# A bare comma between two halves: 69.6492,18.9553 (dot decimals) or 69,6492,18,9553 (four decimals or more; with
# three, "126,148,94,113" is a list of counts).
_D = _DEGREES
_BARE_PAIR = rf"(?<![\d.,])(?:{_D}\.\d{{3,}},{_D}\.\d{{3,}}|{_D},\d{{4,}},{_D},\d{{4,}})(?!\d)"
_HEMI = r"(?:nord|sør|syd|øst|vest|north|south|east|west|[nsøevw])(?!" + _L + ")"
_GAP = r"(?:[\s,;/~+!&:=°'′\"″_]|4d){1,16}?"  # between two halves: ", " "/" "~" "!4d" (halves with N/Ø: their own rule)
_DEG = r"[°º˚]"
_MIN = r"['′’´`]"
_LAT6 = r"(?<![\d.,])(?:5[7-9]|[67]\d|8[01])\d{4,6}(?!\d)"  # 696492: a latitude without its decimal point
_LON6 = r"(?<![\d.,])(?:0?[4-9]|[12]\d|3[0-3])\d{4,6}(?!\d)"
_PAIR_SEP = r"(?:\s*[,;]\s*|\s+)"
_EAST = r"(?<![\d.,])\d{6}(?:[.,]\d+)?(?!\d)"  # UTM easting and northing in metres (zones 32–35)
_NORTH = r"(?<![\d.,])\d{7}(?:[.,]\d+)?(?!\d)"
_UTM_GAP = rf"(?:[\s,;:=]|(?<!{_L})(?:[nsøevwxy]|m|nord|øst)(?!{_L})){{1,12}}?"
_DEGREE_SIGNS = str.maketrans({"º": "°", "˚": "°"})  # NFKC would turn them into "o" and a space
# Cyrillic and Greek letters that look Latin ("Storgаta" with a Cyrillic а) are read as the Latin letter.
_HOMOGLYPHS = str.maketrans("аеорсухкмтвнііјѕԁԛԝАВЕКМНОРСТХІЈЅοαειρτυνκΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
                            "aeopcyxkmtbhiijsdqwABEKMHOPCTXIJSoaeiptuvkABEZHIKMNOPTYX")
_LINK_START = r"(?<![\w.-])(?:[\w-]+\.)*"

_PATTERNS = (  # (name, reason, pattern, flags), in the order they are tried: the first match gives the reason
    ("map service", MAP, _LINK_START + r"(?:maps\.google\.[a-z.]+|google\.[a-z.]{2,6}/maps|maps\.app\.goo\.gl|"
     r"goo\.gl/maps|g\.page|norgeskart\.no|kart\.finn\.no|finn\.no/kart|openstreetmap\.org|osm\.org|"
     r"bing\.com/maps|maps\.apple\.com|waze\.com|wego\.here\.com|kart\.gulesider\.no|kart\.1881\.no|"
     r"seeiendom\.kartverket\.no|norgeibilder\.no|kommunekart\.com|mapcarta\.com|what3words\.com|w3w\.co|"
     r"gulesider\.no/kart|comgooglemaps://|maps://)", _I),
    ("short link", SHORT, _LINK_START + r"(?:goo\.gl|bit\.ly|tinyurl\.com|t\.co|ow\.ly|is\.gd|v\.gd|buff\.ly|"
     r"tiny\.cc|rebrand\.ly|shorturl\.at|cutt\.ly|t\.ly|rb\.gy|s\.id|lnkd\.in|x\.gd|g\.co|share\.google)/", _I),
    ("gnr/bnr", PROPERTY, r"(?<![a-zæøå])(?:g\.?\s?(?:b\.?\s?)?nr|b\.?\s?nr|"
     r"g[aå]rds?n(?:umme)?r|bruksn(?:umme)?r|festen(?:umme)?r|seksjonsn(?:umme)?r|matrikkel[a-zæøå]*)\.?\s*[:=]?\s*\d", _I),
    ("property as eiendom n/n", PROPERTY, r"\beiendom[a-zæøå]*\s+(?:nr\.?\s*)?\d{1,4}\s*/\s*\d{1,4}\b", _I),
    ("street word and number", ADDRESS, rf"\b{_L}*(?:{_STREET})\.?{_HOUSE}", _I),
    ("abbreviated vei/veg", ADDRESS, rf"\b{_L}{{2,}}(?<!na)(?:vn|vg)\.?{_NUMBER}", _I),
    ("abbreviated gate/vei with a dot", ADDRESS, rf"\b(?!(?:org|ang|avg|reg|rev|nov)\.){_L}*[gv]\.{_NUMBER}", _I),
    ("allé written alle", ADDRESS, r"(?-i:\b[A-ZÆØÅ]\w+)\s+alle" + _NUMBER + r"(?=\s?[a-h]?\s*(?:$|[,;:)/]))", _I),
    ("number before postcode and town", ADDRESS,
     rf"\b(?!(?:postboks|boks|pb)\b){_L}+\.?\s*\d{{1,3}}(?!\d)\s?[a-h]?\s*,\s*\d{{4}}\s+(?-i:[A-ZÆØÅ][a-zæøå])", _I),
    ("decimal pair", COORDINATE, _DEC + _GAP + _DEC, _I),
    ("decimal pair with a bare comma", COORDINATE, _BARE_PAIR, 0),
    ("four-decimal pair with words between", COORDINATE, rf"{_DEC4}\D{{1,24}}?{_DEC4}", 0),
    ("decimal with hemisphere or degree sign", COORDINATE,
     rf"(?<!{_L}){_HEMI}\s*{_DEC}|{_DEC}\s*{_DEG}?\s*{_HEMI}|{_DEC}\s*{_DEG}", _I),
    ("latitude/longitude keyword", COORDINATE, r"(?<![a-zæøå])(?:m?lat|m?lon|lng|latitude|longitude|breddegrad|"
     r"lengdegrad)\s*(?:[=:]\s*[-+]?\d|[-+]?\d{1,3}[.,]\d{3})", _I),
    ("degrees and minutes", COORDINATE, rf"\d{{1,3}}\s*{_DEG}\s*\d{{1,2}}(?:[.,]\d+)?\s*(?:{_MIN}|{_HEMI})"
     r"|\d{1,3}\s*grader\s*\d{1,2}", _I),
    ("degrees and minutes without signs", COORDINATE,
     rf"(?<![\d.,])\d{{1,3}}\s+\d{{1,2}}\s+\d{{1,2}}(?:[.,]\d+)?\s*{_HEMI}|(?<!{_L}){_HEMI}\s*\d{{1,3}}\s+\d{{1,2}}[.,]\d+", _I),
    ("scaled integer pair", COORDINATE, rf"{_LAT6}{_PAIR_SEP}{_LON6}|{_LON6}{_PAIR_SEP}{_LAT6}", 0),
    ("UTM pair", COORDINATE, rf"{_EAST}{_UTM_GAP}{_NORTH}|{_NORTH}{_UTM_GAP}{_EAST}", _I),
    ("UTM/EUREF89 with a number", COORDINATE, r"\b(?:utm|euref\s?89|etrs\s?89)\s*(?:sone|zone)?\s*\d{1,2}\s*[a-z]?"
     r"\s*[:,]?\s*\d{5,}", _I),
    ("MGRS", COORDINATE, r"\b\d{1,2}\s?[C-X]\s?[A-Z]{2}\s?\d{2,5}\s?\d{2,5}\b", 0),
    ("plus code", COORDINATE, r"(?<![A-Z0-9+])[2-9CFGHJMPQRVWX]{4,8}\+[2-9CFGHJMPQRVWX]{2,3}(?![A-Z0-9])", 0),
    ("what3words", COORDINATE, r"/{3}" + _L + r"+\." + _L + r"+\." + _L + "+", _I),
    ("geo URI", COORDINATE, r"\bgeo:\s*[-+]?\d", _I),
)
RULES: tuple[tuple[str, str, re.Pattern], ...] = tuple((n, why, re.compile(p, f)) for n, why, p, f in _PATTERNS)

# The address and property-number rules alone, for the curated loaders that read their tables row by row.
ADDRESS_TEXT = re.compile("|".join(f"(?:{p.pattern})" for _, why, p in RULES if why in (ADDRESS, PROPERTY)), re.I)


def plain(value: str) -> str:
    """The text as a reader sees it: percent-encoding undone (twice, for links inside links), compatibility forms
    folded (full-width digits, non-breaking spaces), look-alike Cyrillic and Greek letters read as Latin and
    invisible characters dropped."""
    text = str(value)
    for _ in range(2):
        text = unquote(text)
    text = unicodedata.normalize("NFKC", text.translate(_DEGREE_SIGNS)).translate(_HOMOGLYPHS)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def unsafe(value: str) -> str:
    """'' when the text is safe; otherwise what it looks like, in words (ADDRESS, PROPERTY, COORDINATE, MAP, SHORT)."""
    text = plain(value)
    for _, reason, pattern in RULES:
        if pattern.search(text):
            return reason
    return ""
