"""What the app and the exports share: colour-blind-safe palettes, legends, labels and number format.

The same legend everywhere (DESIGN §6): classes from the Okabe–Ito palette; continuous indicators in
fixed bins of a cividis-like sequential ramp, so a colour means the same on every map and in every year.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

NO_DATA = "#d9d9d9"
GAP_COLOURS = {"dekket": "#009E73", "mangler_plan": "#E69F00", "lang_reisevei": "#56B4E9",
               "dobbelt_gap": "#D55E00", "ukjent": "#BBBBBB"}
PLAN_COLOURS = {"adopted": "#009E73", "in_progress": "#56B4E9", "expired": "#E69F00", "none": "#D55E00",
                "unknown": "#BBBBBB"}
RAMP = ["#fde725", "#a0da39", "#4ac16d", "#1fa187", "#277f8e", "#365c8d", "#46327e"]

LABELS = {
    "gap_class": {"nb": "Gap-klasse", "en": "Gap class"},
    "plan_status": {"nb": "Handlingsplan", "en": "Action plan"},
    "median_min_nearest": {"nb": "Median minutter til nærmeste senter", "en": "Median minutes to nearest centre"},
    "p90_min_nearest": {"nb": "P90 minutter til nærmeste senter", "en": "P90 minutes to nearest centre"},
    "median_min_affiliated": {"nb": "Median minutter til eget senter", "en": "Median minutes to own centre"},
    "p90_min_affiliated": {"nb": "P90 minutter til eget senter", "en": "P90 minutes to own centre"},
    "share_over": {"nb": "Andel over {t} min til nærmeste senter", "en": "Share beyond {t} min to nearest centre"},
    "road_straight_ratio": {"nb": "Vei / luftlinje (forhold)", "en": "Road / straight line (ratio)"},
}
TITLES = {
    "gap_class": {"nb": "Handlingsplan og reisevei til krisesenter", "en": "Action plans and travel to a crisis centre"},
    "plan_status": {"nb": "Handlingsplan mot vold i nære relasjoner", "en": "Action plans against domestic violence"},
    "median_min_nearest": {"nb": "Median kjøretid til nærmeste krisesenter",
                           "en": "Median drive time to the nearest crisis centre"},
    "p90_min_nearest": {"nb": "Kjøretid til nærmeste krisesenter for de 10 % som bor lengst unna",
                        "en": "Drive time to the nearest crisis centre for the 10% who live farthest"},
    "median_min_affiliated": {"nb": "Median kjøretid til kommunens eget krisesenter",
                              "en": "Median drive time to the kommune's own crisis centre"},
    "p90_min_affiliated": {"nb": "Kjøretid til eget krisesenter for de 10 % som bor lengst unna",
                           "en": "Drive time to the own crisis centre for the 10% who live farthest"},
    "share_over": {"nb": "Andel som bor over {t} min fra nærmeste krisesenter",
                   "en": "Share living over {t} min from the nearest crisis centre"},
    "road_straight_ratio": {"nb": "Hvor mye lenger veien er enn luftlinjen",
                            "en": "How much longer the road is than the straight line"},
}
CLASS_LABELS = {
    "dekket": {"nb": "Dekket (plan, nær)", "en": "Covered (plan, near)"},
    "mangler_plan": {"nb": "Mangler plan (nær)", "en": "No plan (near)"},
    "lang_reisevei": {"nb": "Lang reisevei (plan)", "en": "Long way (plan)"},
    "dobbelt_gap": {"nb": "Dobbelt gap (ingen plan, langt)", "en": "Double gap (no plan, far)"},
    "ukjent": {"nb": "Ukjent planstatus", "en": "Plan status unknown"},
}
PLAN_LABELS = {
    "adopted": {"nb": "Vedtatt", "en": "Adopted"}, "in_progress": {"nb": "Under arbeid", "en": "In progress"},
    "expired": {"nb": "Utløpt", "en": "Expired"}, "none": {"nb": "Ingen plan", "en": "No plan"},
    "unknown": {"nb": "Ukjent", "en": "Unknown"},
}
EVIDENCE_LABELS = {"documented": {"nb": "dokumentert", "en": "documented"},
                   "estimated": {"nb": "anslått", "en": "estimated"}, "unknown": {"nb": "ukjent", "en": "unknown"}}
BINS = {"minutes": [0, 15, 30, 60, 90, 120, 180, math.inf], "share": [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0001],
        "ratio": [1, 1.2, 1.4, 1.6, 2, 2.5, 3, math.inf]}
SOURCE_LINE = {"nb": "Kilde: Kartverket, SSB, Bufdir, kommunene — beregnet kjøretid",
               "en": "Source: Kartverket, SSB, Bufdir, the kommuner — estimated drive time"}
ATTRIBUTION = "Kartverket (CC BY 4.0), SSB, Bufdir, kommunenes nettsider"
HELPLINES = {"nb": "Trenger du hjelp nå? Vold- og overgrepslinjen 116 006 · Nødnummer politi 112",
             "en": "Need help now? Violence and abuse helpline 116 006 · Emergency (police) 112"}
WORDS = {  # phrases the app and the fact sheets must say the same way
    "plan": {"nb": "Handlingsplan mot vold i nære relasjoner", "en": "Action plan against domestic violence"},
    "plan_unknown_help": {"nb": "Ukjent betyr at vi ikke har funnet en kilde, ikke at kommunen mangler plan. Spør kommunen; "
                                "finnes det en plan, legges den inn i Dekningskart med lenke og dato.",
                          "en": "Unknown means we have found no source, not that the kommune has no plan. Ask the kommune; "
                                "if a plan exists, it is added to Dekningskart with its link and date."},
    "source": {"nb": "Kilde", "en": "Source"}, "as_of": {"nb": "per", "en": "as of"},
    "period": {"nb": "Periode", "en": "Period"}, "partners": {"nb": "Felles med", "en": "Together with"},
    "unreachable": {"nb": "Uten veiforbindelse til et senter", "en": "No road to any centre"},
    "norway": {"nb": "Norge", "en": "Norway"},
    "plan_lead": {"nb": "Et spor som ikke avgjør status", "en": "A lead that does not settle the status"},
}
INDICATORS = ("gap_class", "plan_status", "median_min_nearest", "p90_min_nearest", "median_min_affiliated",
              "p90_min_affiliated", "share_over", "road_straight_ratio")


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def plan_details(row, lang: str) -> list[str]:
    """Title, period and partners of a known plan, worded the same in the app and on the fact sheet."""
    details = [str(row["plan_title"])] if row["plan_title"] else []
    if row["plan_period"]:
        details.append(f"{word('period', lang)}: {row['plan_period']}")
    if row["plan_partners"]:
        details.append(f"{word('partners', lang)}: {row['plan_partners']}")
    return details


def column(indicator: str, threshold: float) -> str:
    """The table column an indicator is drawn from ('share_over' depends on the threshold)."""
    return f"share_over_{int(threshold)}_nearest" if indicator == "share_over" else indicator


def label(indicator: str, lang: str, threshold: float = 90) -> str:
    return LABELS[indicator][lang].format(t=int(threshold))


def title(indicator: str, lang: str, threshold: float = 90) -> str:
    return TITLES[indicator][lang].format(t=int(threshold))


def kind(indicator: str) -> str:
    if indicator in ("gap_class", "plan_status"):
        return "class"
    return "share" if indicator == "share_over" else "ratio" if indicator == "road_straight_ratio" else "minutes"


def fmt(value, lang: str = "nb", decimals: int = 0, unit: str = "") -> str:
    """Norwegian number format in bokmål (1 234,5), English otherwise; missing → 'ukjent'/'unknown'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or pd.isna(value):
        return "ukjent" if lang == "nb" else "unknown"
    text = f"{value:,.{decimals}f}"
    if lang == "nb":
        text = text.replace(",", " ").replace(".", ",")
    return f"{text} {unit}".strip()


def pct(value, lang: str = "nb", decimals: int = 0) -> str:
    if value is None or pd.isna(value):
        return fmt(None, lang)
    return fmt(value * 100, lang, decimals) + (" %" if lang == "nb" else "%")


def legend(indicator: str, lang: str, threshold: float = 90) -> list[tuple[str, str, str]]:
    """(key, label, colour) for every legend entry, in order; a final entry for missing values."""
    k = kind(indicator)
    if indicator == "gap_class":
        return [(c, CLASS_LABELS[c][lang], GAP_COLOURS[c]) for c in GAP_COLOURS]
    if indicator == "plan_status":
        return [(c, PLAN_LABELS[c][lang], PLAN_COLOURS[c]) for c in PLAN_COLOURS]
    edges = BINS[k]
    out = []
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        if k == "share":
            text = f"{pct(lo, lang)}–{pct(min(hi, 1), lang)}"
        elif math.isinf(hi):
            text = f"≥ {fmt(lo, lang, 1 if k == 'ratio' else 0)}"
        else:
            text = f"{fmt(lo, lang, 1 if k == 'ratio' else 0)}–{fmt(hi, lang, 1 if k == 'ratio' else 0)}"
        if k == "minutes":
            text += " min"
        out.append((f"bin{i}", text, RAMP[i]))
    out.append(("nodata", "Ingen data / ikke nåbar" if lang == "nb" else "No data / unreachable", NO_DATA))
    return out


def colours(table: pd.DataFrame, indicator: str, threshold: float = 90) -> pd.Series:
    """Fill colour per row for the indicator, matching `legend`."""
    col = column(indicator, threshold)
    if indicator == "gap_class":
        return table[col].map(GAP_COLOURS).fillna(NO_DATA)
    if indicator == "plan_status":
        return table[col].map(PLAN_COLOURS).fillna(NO_DATA)
    edges = BINS[kind(indicator)]
    values = pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=float)
    idx = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    out = np.where(np.isfinite(values), np.array(RAMP)[idx], NO_DATA)
    return pd.Series(out, index=table.index)


def display(table: pd.DataFrame, indicator: str, lang: str, threshold: float = 90) -> pd.Series:
    """The value of the indicator as text, per row (for tooltips and the accessible table)."""
    col = column(indicator, threshold)
    if indicator == "gap_class":
        return table[col].map(lambda c: CLASS_LABELS.get(c, {}).get(lang, c))
    if indicator == "plan_status":
        return table[col].map(lambda c: PLAN_LABELS.get(c, {}).get(lang, c))
    k = kind(indicator)
    if k == "share":
        return table[col].map(lambda v: pct(v, lang))
    return table[col].map(lambda v: fmt(v, lang, 1 if k == "ratio" else 0, "" if k == "ratio" else "min"))
