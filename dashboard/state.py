"""The view state that matters lives in the URL (st.query_params): parsed, validated, written back.

Query parameters are strings from anyone's link: each is checked against what is allowed; a bad value
gives a notice and the default, never an error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from export import style

LANGS = ("nb", "en")
WEIGHTS = ("all", "women18")
THRESHOLDS = tuple(range(30, 181, 15))
PARAM_NAMES = {"lang": "lang", "fylke": "fylke", "indicator": "indikator", "threshold": "terskel",
               "weight": "vekt", "kommune": "kommune"}


@dataclass(frozen=True)
class Selection:
    lang: str = "nb"
    fylke: str = ""
    indicator: str = "gap_class"
    threshold: int = 90
    weight: str = "all"
    kommune: str = ""


def parse(params: dict[str, str], kommuner: set[str], fylker: set[str]) -> tuple[Selection, list[tuple[str, str]]]:
    """Selection from query parameters; the (name, value) of every rejected parameter."""
    values, bad = {}, []
    checks = {
        "lang": lambda v: v if v in LANGS else None,
        "fylke": lambda v: v if v in fylker else None,
        "indicator": lambda v: v if v in style.INDICATORS else None,
        "threshold": lambda v: int(v) if v.isdigit() and int(v) in THRESHOLDS else None,
        "weight": lambda v: v if v in WEIGHTS else None,
        "kommune": lambda v: v if v in kommuner else None,
    }
    for f in fields(Selection):
        raw = params.get(PARAM_NAMES[f.name])
        if raw is None or raw == "":
            continue
        ok = checks[f.name](str(raw))
        if ok is None:
            bad.append((PARAM_NAMES[f.name], str(raw)))
        else:
            values[f.name] = ok
    return Selection(**values), bad


def to_params(sel: Selection) -> dict[str, str]:
    """Only what differs from the defaults, so links stay short."""
    default = Selection()
    return {PARAM_NAMES[k]: str(v) for k, v in asdict(sel).items() if v != getattr(default, k) and v != ""}
