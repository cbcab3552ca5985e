"""What a map shows and how it is coloured: indicators, their labels and titles, palettes, legends with
counts. The app, the exports and the fact sheets draw from here, so a colour means the same everywhere.

Every legend colour has at least 3:1 contrast against white and stays apart from the others for normal
vision and simulated deuteranopia, protanopia and tritanopia (vocabulary.palette; tests/test_vocabulary.py).
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from coverage import gaps
from vocabulary import nynorsk
from vocabulary.numbers import error_band, fmt, pct
from vocabulary.words import t

NO_DATA = "#8C8C8C"
CENTRE_COLOUR = "#5B2A86"
NEW_CENTRE_COLOUR = "#B3007A"
# Bivariate: hue = plan group (blue current, vermillion not current, grey unknown), darkness = far.
GAP_COLOURS = {"dekket": "#0F96D2", "lang_reisevei": "#0F4B78", "mangler_plan": "#F05A2D", "dobbelt_gap": "#B42D0F",
               "ukjent_naer": "#878787", "ukjent_langt": "#4B4B4B"}
PLAN_COLOURS = {"adopted": "#1E87E1", "in_progress": "#3C2D5A", "expired": "#B46900", "none": "#4B0F0F",
                "unknown": "#787878"}
# Sequential ramp (short → long, low → high): adjacent steps at least 10 apart in CIEDE2000 for normal vision and
# simulated deuteranopia, protanopia and tritanopia, so each step tells apart on a small kommune at article width
# (the previous ramp fell to 8.3 (tritanopia, the light steps) and 8.6 (deuteranopia, the two darkest)).
RAMP = ["#6E971F", "#0A936B", "#017473", "#19528A", "#032472", "#32082B"]
BINS = {"minutes": [0, 30, 60, 90, 120, 180, math.inf], "share": [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0001],
        "ratio": [1, 1.25, 1.5, 2, 2.5, 3, math.inf]}

INDICATORS = ("gap_class", "plan_status", "median_min_nearest", "p90_min_nearest", "median_min_affiliated",
              "p90_min_affiliated", "share_over", "road_straight_ratio")
LABELS = {
    "gap_class": {"nb": "Handlingsplan og reisevei", "en": "Action plan and travel"},
    "plan_status": {"nb": "Handlingsplan", "en": "Action plan"},
    "median_min_nearest": {"nb": "Median minutter til nærmeste senter", "en": "Median minutes to nearest centre"},
    "p90_min_nearest": {"nb": "9 av 10 bor nærmere enn (minutter til nærmeste senter)",
                        "nn": "9 av 10 bur nærare enn (minutt til næraste senter)",
                        "en": "9 in 10 live closer than (minutes to nearest centre)"},
    "median_min_affiliated": {"nb": "Median minutter til eget senter", "en": "Median minutes to own centre"},
    "p90_min_affiliated": {"nb": "9 av 10 bor nærmere enn (minutter til eget senter)",
                           "nn": "9 av 10 bur nærare enn (minutt til eige senter)",
                           "en": "9 in 10 live closer than (minutes to own centre)"},
    "share_over": {"nb": "Andel over {t} min til nærmeste senter", "en": "Share beyond {t} min to nearest centre"},
    "road_straight_ratio": {"nb": "Omvei: veien delt på luftlinjen", "nn": "Omveg: vegen delt på luftlina",
                            "en": "Detour: road divided by straight line"},
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
    "dekket": {"nb": "Gyldig plan, kort vei", "en": "Current plan, near"},
    "lang_reisevei": {"nb": "Gyldig plan, lang vei", "en": "Current plan, far"},
    "mangler_plan": {"nb": "Ikke gyldig plan, kort vei", "en": "No current plan, near"},
    "dobbelt_gap": {"nb": "Dobbelt gap: ikke gyldig plan, lang vei", "en": "Double gap: no current plan, far"},
    "ukjent_naer": {"nb": "Ukjent plan, kort vei", "en": "Plan unknown, near"},
    "ukjent_langt": {"nb": "Ukjent plan, lang vei", "en": "Plan unknown, far"},
}
PLAN_LABELS = {
    "adopted": {"nb": "Vedtatt", "en": "Adopted"}, "in_progress": {"nb": "Under arbeid", "en": "In progress"},
    "expired": {"nb": "Utløpt", "en": "Expired"}, "none": {"nb": "Ingen plan", "en": "No plan"},
    "unknown": {"nb": "Ukjent", "en": "Unknown"},
}
EVIDENCE_LABELS = {"documented": {"nb": "dokumentert", "en": "documented"},
                   "estimated": {"nb": "anslått", "en": "estimated"}, "unknown": {"nb": "ukjent", "en": "unknown"},
                   "register": {"nb": "registeret", "en": "the register"}}
NO_DATA_LABEL = {"nb": "Ingen data / ikke nåbar", "en": "No data / unreachable"}
for _name, _table in (("LABELS", LABELS), ("TITLES", TITLES), ("CLASS_LABELS", CLASS_LABELS),
                     ("PLAN_LABELS", PLAN_LABELS), ("EVIDENCE_LABELS", EVIDENCE_LABELS), ("NO_DATA_LABEL", {"": NO_DATA_LABEL})):
    nynorsk.fill(_table, nynorsk.LEGEND[_name], _name)  # nynorsk from vocabulary/nynorsk.py, never also inline


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


def _bin_text(k: str, lo: float, hi: float, lang: str) -> str:
    d = 2 if k == "ratio" else 0
    if k == "share":
        return f"{pct(lo, lang)}–{pct(min(hi, 1), lang)}"
    text = f"≥ {fmt(lo, lang, d)}" if math.isinf(hi) else f"{fmt(lo, lang, d)}–{fmt(hi, lang, d)}"
    return f"{text} min" if k == "minutes" else text


def keys(table: pd.DataFrame, indicator: str, threshold: float = 90) -> pd.Series:
    """The legend key of every row: its class, plan status or bin ('bin0'…), or 'nodata'."""
    col = column(indicator, threshold)
    if indicator == "gap_class":
        return table[col].where(table[col].isin(GAP_COLOURS.keys()), "nodata")
    if indicator == "plan_status":
        return table[col].where(table[col].isin(PLAN_COLOURS.keys()), "nodata")
    edges = BINS[kind(indicator)]
    values = pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=float)
    idx = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    return pd.Series(np.where(np.isfinite(values), np.char.add("bin", idx.astype(str)), "nodata"), index=table.index)


def legend(indicator: str, lang: str, threshold: float = 90, table: pd.DataFrame | None = None,
           drop_empty: bool = False) -> list[tuple[str, str, str, int | None]]:
    """(key, label, colour, count) for every legend entry in order, 'nodata' last; counts are kommuner in
    `table` (None without a table). drop_empty leaves out entries no kommune has (exports)."""
    if indicator == "gap_class":
        entries = [(c, CLASS_LABELS[c][lang], GAP_COLOURS[c]) for c in gaps.CLASSES]
    elif indicator == "plan_status":
        entries = [(c, PLAN_LABELS[c][lang], PLAN_COLOURS[c]) for c in PLAN_COLOURS]
    else:
        k, edges = kind(indicator), BINS[kind(indicator)]
        entries = [(f"bin{i}", _bin_text(k, edges[i], edges[i + 1], lang), RAMP[i]) for i in range(len(edges) - 1)]
        entries.append(("nodata", NO_DATA_LABEL[lang], NO_DATA))
    seen = keys(table, indicator, threshold).value_counts() if table is not None else None
    out = [(key, text, colour, None if seen is None else int(seen.get(key, 0))) for key, text, colour in entries]
    if drop_empty and seen is not None:
        out = [e for e in out if e[3]]
    return out


def colours(table: pd.DataFrame, indicator: str, threshold: float = 90) -> pd.Series:
    """Fill colour per row for the indicator, matching `legend`."""
    lookup = {key: colour for key, _, colour, _ in legend(indicator, "nb", threshold)} | {"nodata": NO_DATA}
    return keys(table, indicator, threshold).map(lookup)


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
    return table[col].map(lambda v: fmt(v, lang, 2 if k == "ratio" else 0, "" if k == "ratio" else "min"))


def plan_group_label(group: str, lang: str) -> str:
    return t(f"plan_group_{group}", lang)


LEGEND_CSS = """
.dk-legend ul { list-style: none; padding: 0; margin: 0.3rem 0; }
.dk-legend li { display: flex; align-items: center; margin: 3px 0; font-size: 0.9rem; }
.dk-swatch { width: 18px; height: 14px; border: 1px solid #333; display: inline-block; margin-right: 8px; flex: none; }
.dk-dot { width: 12px; height: 12px; border-radius: 6px; border: 1px solid #fff; outline: 1px solid #333;
  display: inline-block; margin-right: 8px; flex: none; }
.dk-grid { border-collapse: collapse; font-size: 0.85rem; margin: 0.3rem 0; }
.dk-grid th, .dk-grid td { border: 1px solid #d0d0d0; padding: 4px 6px; text-align: left; vertical-align: top; }
.dk-grid th { font-weight: 600; background: #f6f6f6; }
.dk-grid .dk-swatch { display: block; margin: 0 0 3px; }
.dk-sr { position: absolute; left: -9999px; }
"""


def legend_html(table: pd.DataFrame, indicator: str, lang: str, threshold: float = 90, weight: str = "all", *,
                drop_empty: bool = False, heading: str = "<strong>{}</strong>", landmark: bool = False) -> str:
    """The legend as real HTML lists and tables (screen readers read them) with counts of the kommuner shown; the
    gap classes as the grid they are, plan group × near/far. The app and the HTML export both draw this one."""
    e = html.escape
    entries = legend(indicator, lang, threshold, table, drop_empty=drop_empty)
    subtitle = label(indicator, lang, threshold)
    if indicator != "plan_status":  # plan status does not depend on the population weight
        subtitle += f" · {t(f'people_{weight}', lang)}"
    parts = [heading.format(e(t("legend", lang))), f"<div><small>{e(subtitle)}</small></div>"]
    if indicator == "gap_class":
        found = {k: (text, colour, n) for k, text, colour, n in entries}
        groups = [g for g in gaps.PLAN_GROUPS if any(gaps.RULE[(g, tr)] in found for tr in gaps.TRAVEL)]
        travels = [tr for tr in gaps.TRAVEL if any(gaps.RULE[(g, tr)] in found for g in gaps.PLAN_GROUPS)]
        head = "".join(f'<th scope="col">{e(t(f"grid_{g}", lang))}</th>' for g in groups)
        body = ""
        for tr in travels:
            cells = ""
            for g in groups:
                if gaps.RULE[(g, tr)] in found:
                    text, colour, n = found[gaps.RULE[(g, tr)]]
                    cells += (f'<td><span class="dk-swatch" style="background:{colour}"></span>{n}'
                              f'<span class="dk-sr"> {e(text)}</span></td>')
                else:
                    cells += "<td>0</td>"
            body += f'<tr><th scope="row">{e(t(f"grid_{tr}", lang))}</th>{cells}</tr>'
        parts.append(f'<table class="dk-grid"><thead><tr><td></td>{head}</tr></thead><tbody>{body}</tbody></table>')
        notes = " · ".join(t(k, lang, t=threshold) for k in ("near", "far"))
        parts.append(f"<div><small>{e(notes)}. {e(t('grid_groups', lang))}</small></div>")
        if "close_to_threshold" in table:  # the error band (coverage.gaps.close_to_threshold), b from coverage/params.py
            close = t("legend_close", lang, n=int(table["close_to_threshold"].sum()), b=error_band(lang))
            parts.append(f"<div><small>{e(close)}</small></div>")
    else:
        items = "".join(f'<li><span class="dk-swatch" style="background:{colour}"></span>{e(text)} ({n})</li>'
                        for _, text, colour, n in entries)
        parts.append(f"<ul>{items}</ul>")
    parts.append(f'<ul><li><span class="dk-dot" style="background:{CENTRE_COLOUR}"></span>'
                 f'{e(t("centre_marker", lang))}</li></ul>')
    parts.append(f"<div><small>{e(t('legend_counts', lang))}</small></div>")
    tag, role = ("aside", "") if landmark else ("div", ' role="group"')
    return f'<{tag} class="dk-legend"{role} aria-label="{e(t("legend", lang))}">{"".join(parts)}</{tag}>'
