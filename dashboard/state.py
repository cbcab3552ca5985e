"""The view state that matters lives in the URL, held in one `Selection`: parsed, validated, written back.

Query parameters are text from anyone's link. Each is checked against what is allowed (ASCII digits only,
known codes only); a bad value gives a notice and the default, never an error. A rejected value is only
ever echoed shortened, without control or bidi characters, and is shown as plain text by the page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, fields

from coverage import gaps
from vocabulary import INDICATORS, LANGS

WEIGHTS = ("all", "women18")
THRESHOLDS = tuple(range(30, 181, 15))
ACTIONS = ("", "open", "close")
SLIDES = range(1, 8)  # a deck has 5–7 slides (export/deck.py)
PAGES = ("kart", "kommune", "hva-om", "metode", "forslag", "vurdering", "presentasjon")
PARAM_NAMES = {"lang": "lang", "fylke": "fylke", "indicator": "indikator", "threshold": "terskel", "weight": "vekt",
               "kommune": "kommune", "filter": "filter", "action": "endring", "place": "sted", "point": "punkt",
               "centre": "senter", "slide": "slide"}
IGNORED = {"page", "embed", "embed_options"}  # read elsewhere (page) or Streamlit's own
ECHO_CHARS = 40
_DIGITS = re.compile(r"[0-9]+")
_POINT = re.compile(r"(-?[0-9]{1,2}\.[0-9]{1,2}),(-?[0-9]{1,2}\.[0-9]{1,2})")
NORWAY_BOX = (57.5, 71.5, 4.0, 31.5)


@dataclass(frozen=True)
class Selection:
    """Everything a link reopens: language, area, indicator, threshold, weight, kommune, table filter, the
    what-if scenario (open at a kommune or a point, or close a centre) and the presenter view's slide."""

    lang: str = "nb"
    fylke: str = ""
    indicator: str = "gap_class"
    threshold: int = 90
    weight: str = "all"
    kommune: str = ""
    filter: str = "all"
    action: str = ""
    place: str = ""
    point: str = ""
    centre: str = ""
    slide: int = 1

    def scenario(self) -> tuple[str, str] | None:
        """('add', knr), ('at', 'lat,lon') or ('close', id) when the link chose a scenario, else None."""
        if self.action == "open" and self.place:
            return "add", self.place
        if self.action == "open" and self.point:
            return "at", self.point
        if self.action == "close" and self.centre:
            return "close", self.centre
        return None


def echo(value: object) -> str:
    """A link value safe to repeat back: control and format (bidi) characters removed, at most 40 characters."""
    text = "".join(" " if unicodedata.category(c) in ("Zl", "Zp", "Cc") else c for c in str(value)
                   if unicodedata.category(c) not in ("Cf", "Cs", "Co", "Cn"))
    text = " ".join(text.split())
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS - 1] + "…"


def _ascii_int(v: str, allowed) -> int | None:
    return int(v) if _DIGITS.fullmatch(v) and len(v) <= 4 and int(v) in allowed else None


def _point(v: str) -> str | None:
    m = _POINT.fullmatch(v)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    south, north, west, east = NORWAY_BOX
    return f"{lat:.2f},{lon:.2f}" if south <= lat <= north and west <= lon <= east else None


def parse_point(clicked: dict) -> str | None:
    """A map click ({'lat', 'lng'}) as 'lat,lon' at town level (2 decimals), if it lies in Norway's box."""
    try:
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    return _point(f"{lat:.2f},{lon:.2f}")


def parse(params: dict[str, str], kommuner: set[str], fylker: set[str],
          centres: set[str] = frozenset()) -> tuple[Selection, list[tuple[str, str]]]:
    """Selection from query parameters; (name, echoed value) of every rejected or unknown parameter."""
    checks = {
        "lang": lambda v: v if v in LANGS else None,
        "fylke": lambda v: v if v in fylker else None,
        "indicator": lambda v: v if v in INDICATORS else None,
        "threshold": lambda v: _ascii_int(v, THRESHOLDS),
        "weight": lambda v: v if v in WEIGHTS else None,
        "kommune": lambda v: v if v in kommuner else None,
        "filter": lambda v: v if v in gaps.FILTERS else None,
        "action": lambda v: v if v in ACTIONS else None,
        "place": lambda v: v if v in kommuner else None,
        "point": _point,
        "centre": lambda v: v if v in centres else None,
        "slide": lambda v: _ascii_int(v, SLIDES),
    }
    values, bad = {}, []
    for f in fields(Selection):
        raw = params.get(PARAM_NAMES[f.name])
        if isinstance(raw, list):
            raw = raw[-1] if raw else None
        if raw is None or raw == "":
            continue
        ok = checks[f.name](str(raw))
        if ok is None:
            bad.append((PARAM_NAMES[f.name], echo(raw)))
        else:
            values[f.name] = ok
    known = set(PARAM_NAMES.values()) | IGNORED
    bad += [(echo(name), echo(value)) for name, value in params.items() if name not in known]
    return Selection(**values), bad


def page(params: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The page a `?page=` link asks for ('' for the map), and a notice when it names no page."""
    raw = params.get("page")
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    if raw in (None, "", "kart"):
        return "", []
    return (raw, []) if raw in PAGES else ("", [("page", echo(raw))])


def to_params(sel: Selection) -> dict[str, str]:
    """Only what differs from the defaults, so links stay short."""
    default = Selection()
    return {PARAM_NAMES[k]: str(v) for k, v in asdict(sel).items() if v != getattr(default, k) and v != ""}
